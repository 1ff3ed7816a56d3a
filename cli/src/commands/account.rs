//! `altloom account export|delete`: the data rights. Export prints (or writes) everything the
//! server holds about the user as JSON; delete asks first, listing what goes.

use std::io::IsTerminal;
use std::path::PathBuf;

use altloom_shared::api::workspaces::Role;

use crate::api::Timeouts;
use crate::args::ConnectionArgs;
use crate::credentials::write_private_file;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::Prompter;

use super::{load_account, runtime};

pub fn export(
    output: Option<PathBuf>,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let export = runtime()?.block_on(client.export_account())?;
    match output {
        None => printer.json(&export),
        Some(path) => {
            let mut text = serde_json::to_vec_pretty(&export)?;
            text.push(b'\n');
            write_private_file(&path, &text).map_err(|error| {
                CommandError::User(format!("cannot write {}: {error}", path.display()))
            })?;
            printer.status(&format!(
                "Exported the account data of {} to {} ({} workspaces, {} tokens, {} jobs).",
                export.user.email,
                path.display(),
                export.workspaces.len(),
                export.tokens.len(),
                export.jobs.len()
            ));
        }
    }
    Ok(Exit::Success)
}

pub fn delete(yes: bool, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    if !yes && !std::io::stdin().is_terminal() {
        return Err(CommandError::Usage(
            "refusing to delete the account without a confirmation: stdin is not a terminal; pass --yes to confirm".into(),
        )
        .into());
    }
    let mut account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let runtime = runtime()?;
    if !yes {
        let who = runtime.block_on(client.me())?;
        let email = who
            .user
            .as_ref()
            .map(|user| user.email.clone())
            .unwrap_or_else(|| "this account".into());
        let owned: Vec<&str> = who
            .workspaces
            .iter()
            .filter(|workspace| workspace.role == Role::Owner)
            .map(|workspace| workspace.name.as_str())
            .collect();
        let member_of: Vec<&str> = who
            .workspaces
            .iter()
            .filter(|workspace| workspace.role != Role::Owner)
            .map(|workspace| workspace.name.as_str())
            .collect();
        printer.instruction(&format!("Deleting {email} on {} removes:", account.api_url));
        printer.instruction("  - your account, your login tokens and the invites you created");
        if !owned.is_empty() {
            printer.instruction(&format!(
                "  - the workspaces you own where you are the only owner, with their jobs and tokens: {}",
                owned.join(", ")
            ));
        }
        if !member_of.is_empty() {
            printer.instruction(&format!("  - your membership of: {}", member_of.join(", ")));
        }
        printer.instruction("This cannot be undone. `altloom account export` saves a copy first.");
        if !Prompter::new().confirm("Delete the account?")? {
            printer.status("Nothing was deleted.");
            return Ok(Exit::Success);
        }
    }
    let deletion = runtime.block_on(client.delete_account())?;
    if account.stored_location().is_some() {
        account.forget_login()?;
    }
    printer.status(&format!("Deleted the account on {}.", account.api_url));
    if !deletion.deleted_workspaces.is_empty() {
        printer.status(&format!(
            "Deleted workspaces: {}.",
            deletion.deleted_workspaces.join(", ")
        ));
    }
    if !deletion.left_workspaces.is_empty() {
        printer.status(&format!(
            "Left workspaces: {}.",
            deletion.left_workspaces.join(", ")
        ));
    }
    Ok(Exit::Success)
}
