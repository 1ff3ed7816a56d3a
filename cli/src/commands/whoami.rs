//! `altloom whoami`: who the current token acts as, on which server, in which workspaces.

use altloom_shared::api::auth::PrincipalKind;

use crate::api::{Timeouts, TokenOrigin};
use crate::args::{ConnectionArgs, WhoamiArgs};
use crate::credentials::TokenLocation;
use crate::exit::Exit;
use crate::printer::Printer;

use super::{load_account, runtime, short_time};

pub fn run(
    arguments: WhoamiArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let origin = client.token_origin();
    let who = runtime()?.block_on(client.me())?;
    if arguments.json {
        printer.json(&who);
        return Ok(Exit::Success);
    }
    printer.out(&format!(
        "Server:     {} (altloom-server {})",
        account.api_url, who.server_version
    ));
    match (&who.kind, &who.user) {
        (PrincipalKind::User, Some(user)) => {
            printer.out(&format!("User:       {} <{}>", user.name, user.email))
        }
        _ => printer.out("User:       (a workspace token acts as its workspace)"),
    }
    let source = match origin {
        Some(TokenOrigin::Environment) => "from ALTLOOM_TOKEN".to_string(),
        _ => match account.stored_location() {
            Some(TokenLocation::Keyring) => "stored in the OS keyring".to_string(),
            Some(TokenLocation::File) => {
                format!("stored in {}", account.credentials.file_path().display())
            }
            None => "stored".to_string(),
        },
    };
    let kind = match who.kind {
        PrincipalKind::User => "user token",
        PrincipalKind::Workspace => "workspace token",
    };
    let scopes: Vec<&str> = who
        .token
        .scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect();
    let expiry = who
        .token
        .expires_at
        .map(|time| format!(", expires {}", short_time(time)))
        .unwrap_or_default();
    printer.out(&format!(
        "Token:      {} ({kind}, {source}; scopes: {}{expiry})",
        who.token.name,
        scopes.join(", ")
    ));
    let current = account.known_workspace_id(origin);
    for (index, workspace) in who.workspaces.iter().enumerate() {
        let label = if index == 0 { "Workspaces:" } else { "" };
        let marker = if current.as_deref() == Some(workspace.id.as_str())
            || current.as_deref() == Some(workspace.name.as_str())
        {
            "*"
        } else {
            " "
        };
        printer.out(&format!(
            "{label:11} {marker} {} ({}, {})",
            workspace.name, workspace.id, workspace.role
        ));
    }
    if who.workspaces.is_empty() {
        printer.out("Workspaces: none");
    }
    Ok(Exit::Success)
}
