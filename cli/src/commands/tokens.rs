//! `altloom tokens create|list|revoke`: workspace tokens for CI. A new token is printed once,
//! alone on stdout; everything else goes to stderr.

use altloom_shared::api::error_code;
use altloom_shared::api::tokens::{CreateTokenRequest, Scope, TokenInfo, TokenKind};

use crate::account::AccountError;
use crate::api::Timeouts;
use crate::args::ConnectionArgs;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::secret::Secret;

use super::{load_account, runtime, short_time};

/// Parses `--scopes`; an unknown name is a usage error listing the known ones.
pub fn parse_scopes(names: &[String]) -> Result<Vec<Scope>, CommandError> {
    let mut scopes = Vec::new();
    for name in names.iter().filter(|name| !name.trim().is_empty()) {
        let scope = Scope::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Scope::ALL.iter().map(|scope| scope.as_str()).collect();
            CommandError::Usage(format!(
                "unknown scope `{}` (known: {})",
                name.trim(),
                known.join(", ")
            ))
        })?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(CommandError::Usage(
            "--scopes needs at least one scope".into(),
        ));
    }
    Ok(scopes)
}

pub fn create(
    name: &str,
    scopes: Option<Vec<String>>,
    expires_in_days: Option<u32>,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let scopes = scopes.as_deref().map(parse_scopes).transpose()?;
    if expires_in_days == Some(0) {
        return Err(CommandError::Usage("--expires-in-days must be at least 1".into()).into());
    }
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let request = CreateTokenRequest {
        name: name.to_string(),
        scopes,
        expires_in_days,
    };
    let (workspace, created) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let created = client.create_token(&workspace.id, &request).await?;
        Ok::<_, AccountError>((workspace, created))
    })?;
    printer.secret(&Secret::new(created.token.clone()));
    let scopes: Vec<&str> = created
        .info
        .scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect();
    let expiry = created
        .info
        .expires_at
        .map(|time| format!("expires {}", short_time(time)))
        .unwrap_or_else(|| "never expires".into());
    printer.status(&format!(
        "Created the token {} ({}) for {} with scopes {}; it {expiry}.",
        created.info.name,
        created.info.id,
        workspace.name,
        scopes.join(", ")
    ));
    printer.status(
        "This is the only time it is shown: store it now, for CI as the secret ALTLOOM_TOKEN.",
    );
    Ok(Exit::Success)
}

pub fn list(json: bool, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, list) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let list = client.tokens(&workspace.id).await?;
        Ok::<_, AccountError>((workspace, list))
    })?;
    if json {
        printer.json(&list);
        return Ok(Exit::Success);
    }
    printer.status(&format!("Tokens of {} ({}):", workspace.name, workspace.id));
    let rows: Vec<Vec<String>> = list.tokens.iter().map(token_row).collect();
    printer.table(
        &[
            "ID",
            "NAME",
            "KIND",
            "SCOPES",
            "STARTS",
            "CREATED",
            "EXPIRES",
            "LAST USED",
            "STATUS",
        ],
        &rows,
        "No tokens: create one with `altloom tokens create NAME`.",
    );
    Ok(Exit::Success)
}

fn token_row(token: &TokenInfo) -> Vec<String> {
    let scopes: Vec<&str> = token.scopes.iter().map(|scope| scope.as_str()).collect();
    let status = match (token.revoked_at, token.expires_at) {
        (Some(_), _) => "revoked",
        (None, Some(expiry)) if expiry < altloom_shared::time::Timestamp::now() => "expired",
        _ => "active",
    };
    vec![
        token.id.clone(),
        token.name.clone(),
        match token.kind {
            TokenKind::User => "user".into(),
            TokenKind::Workspace => "workspace".into(),
        },
        scopes.join(","),
        format!("{}…", token.hint),
        short_time(token.created_at),
        token
            .expires_at
            .map(short_time)
            .unwrap_or_else(|| "never".into()),
        token
            .last_used_at
            .map(short_time)
            .unwrap_or_else(|| "never".into()),
        status.into(),
    ]
}

pub fn revoke(id: &str, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let outcome = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        // An id is revoked directly; only when no token has that id is it taken as a name.
        match client.revoke_token(&workspace.id, id).await {
            Ok(()) => return Ok(Ok(id.to_string())),
            Err(error) if error.code() == Some(error_code::NOT_FOUND) => {}
            Err(error) => return Err(AccountError::from(error)),
        }
        let list = client.tokens(&workspace.id).await?;
        let named: Vec<&TokenInfo> = list
            .tokens
            .iter()
            .filter(|token| token.name == id && token.revoked_at.is_none())
            .collect();
        match named.as_slice() {
            [only] => {
                client.revoke_token(&workspace.id, &only.id).await?;
                Ok(Ok(format!("{} ({})", only.name, only.id)))
            }
            [] => Ok(Err(CommandError::User(format!(
                "no token `{id}` in {}: see `altloom tokens list`",
                workspace.name
            )))),
            _ => Ok(Err(CommandError::User(format!(
                "several tokens are named `{id}`: give the id (`altloom tokens list`)"
            )))),
        }
    })??;
    printer.status(&format!(
        "Revoked the token {outcome}; it stops working at once."
    ));
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_with_dashes_and_reject_unknown_names() {
        let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_scopes(&names(&["jobs", "alt-text", "jobs"])).unwrap(),
            [Scope::Jobs, Scope::AltText]
        );
        let error = parse_scopes(&names(&["jobs", "deploy"])).unwrap_err();
        assert!(error.to_string().contains("deploy"), "{error}");
        assert!(error.to_string().contains("alt_text"), "{error}");
        assert!(parse_scopes(&names(&[""])).is_err());
    }
}
