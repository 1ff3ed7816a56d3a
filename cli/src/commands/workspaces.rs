//! `altloom workspaces list|switch|create|members|invite|join`.

use altloom_shared::api::workspaces::{
    AcceptInviteRequest, CreateInviteRequest, CreateWorkspaceRequest, Role,
};

use crate::account::{find_workspace, ChosenWorkspace};
use crate::api::Timeouts;
use crate::args::{ConnectionArgs, InviteRoleArg};
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::secret::Secret;

use super::{load_account, runtime, short_time};

pub fn list(json: bool, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let list = runtime()?.block_on(client.workspaces())?;
    if json {
        printer.json(&list);
        return Ok(Exit::Success);
    }
    let current = account.known_workspace_id(client.token_origin());
    let rows: Vec<Vec<String>> = list
        .workspaces
        .iter()
        .map(|workspace| {
            let is_current = current.as_deref() == Some(workspace.id.as_str())
                || current.as_deref() == Some(workspace.name.as_str());
            vec![
                if is_current {
                    "*".into()
                } else {
                    String::new()
                },
                workspace.name.clone(),
                workspace.id.clone(),
                workspace.role.to_string(),
                workspace.member_count.to_string(),
                short_time(workspace.created_at),
            ]
        })
        .collect();
    printer.table(
        &["", "NAME", "ID", "ROLE", "MEMBERS", "CREATED"],
        &rows,
        "No workspaces yet: create one with `altloom workspaces create NAME`.",
    );
    Ok(Exit::Success)
}

pub fn switch(
    target: &str,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let mut account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let who = runtime()?.block_on(client.me())?;
    let workspace = find_workspace(&who.workspaces, target, "the command line")?;
    account.set_current_workspace(&workspace)?;
    printer.status(&format!(
        "Current workspace: {} ({}).",
        workspace.name, workspace.id
    ));
    if connection.workspace.is_some() || std::env::var_os("ALTLOOM_WORKSPACE").is_some() {
        printer.warning("--workspace or ALTLOOM_WORKSPACE is set and wins over this choice");
    }
    Ok(Exit::Success)
}

pub fn create(name: &str, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let workspace = runtime()?.block_on(client.create_workspace(&CreateWorkspaceRequest {
        name: name.to_string(),
    }))?;
    printer.out(&workspace.id);
    printer.status(&format!(
        "Created the workspace {} ({}); make it current with `altloom workspaces switch {}`.",
        workspace.name, workspace.id, workspace.id
    ));
    Ok(Exit::Success)
}

pub fn members(json: bool, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let runtime = runtime()?;
    let (workspace, list) = runtime.block_on(async {
        let workspace = account.workspace(&client).await?;
        let list = client.members(&workspace.id).await?;
        Ok::<_, crate::account::AccountError>((workspace, list))
    })?;
    if json {
        printer.json(&list);
        return Ok(Exit::Success);
    }
    printer.status(&format!(
        "Members of {} ({}):",
        workspace.name, workspace.id
    ));
    let rows: Vec<Vec<String>> = list
        .members
        .iter()
        .map(|member| {
            vec![
                member.name.clone(),
                member.email.clone(),
                member.role.to_string(),
                short_time(member.joined_at),
                member.user_id.clone(),
            ]
        })
        .collect();
    printer.table(
        &["NAME", "EMAIL", "ROLE", "JOINED", "USER ID"],
        &rows,
        "No members.",
    );
    Ok(Exit::Success)
}

pub fn invite(
    role: InviteRoleArg,
    expires_in_days: Option<u32>,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let role = match role {
        InviteRoleArg::Member => Role::Member,
        InviteRoleArg::Admin => Role::Admin,
    };
    let (workspace, created): (ChosenWorkspace, _) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let created = client
            .create_invite(
                &workspace.id,
                &CreateInviteRequest {
                    role,
                    expires_in_days,
                },
            )
            .await?;
        Ok::<_, crate::account::AccountError>((workspace, created))
    })?;
    printer.secret(&Secret::new(created.url.clone()));
    printer.status(&format!(
        "Invite to {} as {}, valid until {}, shown only this once. Send the link; the invitee runs `altloom workspaces join` and pastes it (the token is the part after `#`: {}).",
        workspace.name,
        created.invite.role,
        short_time(created.invite.expires_at),
        created.token
    ));
    Ok(Exit::Success)
}

/// The invite token inside a link (after `#`), or the text itself when it is a bare token.
pub fn invite_token(text: &str) -> Option<Secret> {
    let text = text.trim();
    let token = match text.split_once('#') {
        Some((_, fragment)) => fragment.trim(),
        None => text,
    };
    // Links may also say `#token=...`.
    let token = token.strip_prefix("token=").unwrap_or(token);
    (!token.is_empty()).then(|| Secret::new(token))
}

pub fn join(connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let mut account = load_account(connection)?;
    let text = Prompter::new().secret("Invite link", false, false, "pipe the invite link in")?;
    let token = invite_token(text.expose())
        .ok_or_else(|| CommandError::Usage("the invite link has no token after its `#`".into()))?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let workspace = runtime()?.block_on(client.accept_invite(&AcceptInviteRequest {
        token: token.expose().to_string(),
    }))?;
    printer.status(&format!(
        "Joined {} ({}) as {}.",
        workspace.name, workspace.id, workspace.role
    ));
    let has_current = account
        .session
        .server(&account.api_url)
        .and_then(|server| server.workspace_id.as_ref())
        .is_some();
    if !has_current && account.stored_location().is_some() {
        account.set_current_workspace(&ChosenWorkspace {
            id: workspace.id.clone(),
            name: workspace.name.clone(),
        })?;
        printer.status(&format!("Current workspace: {}.", workspace.name));
    } else {
        printer.status(&format!(
            "Make it current with `altloom workspaces switch {}`.",
            workspace.id
        ));
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_tokens_come_from_the_fragment_or_stand_alone() {
        let token = |text: &str| invite_token(text).map(|secret| secret.expose().to_string());
        assert_eq!(
            token("https://app.altloom.com/invite#inv_abc").as_deref(),
            Some("inv_abc")
        );
        assert_eq!(
            token("https://x/join#token=inv_1\n").as_deref(),
            Some("inv_1")
        );
        assert_eq!(token("  inv_bare ").as_deref(), Some("inv_bare"));
        assert_eq!(token("https://x/join#"), None);
    }
}
