//! `altloom signup`: creates an account and its first workspace, then stores the new login
//! exactly as `altloom login` does. Name, email and workspace come from flags or prompts; the
//! password is prompted twice at a terminal, or read from stdin.

use altloom_shared::api::auth::SignupRequest;

use crate::account::LoginIdentity;
use crate::api::Timeouts;
use crate::args::{ConnectionArgs, SignupArgs};
use crate::exit::Exit;
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::secret::Secret;

use super::{load_account, login, runtime, token_name};

pub fn run(
    arguments: SignupArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let mut account = load_account(connection)?;
    let prompter = Prompter::new();
    let name = match arguments.name {
        Some(name) => name,
        None => prompter.text("Your name", "pass --name")?,
    };
    let email = match arguments.email {
        Some(email) => email,
        None => prompter.text("Email", "pass --email")?,
    };
    let workspace_name = match arguments.workspace_name {
        Some(workspace) => workspace,
        None => prompter.text("Workspace name", "pass --workspace-name")?,
    };
    let password = prompter.secret(
        "Password",
        true,
        arguments.password_stdin,
        "pipe the password in, or run in a terminal",
    )?;
    let request = SignupRequest {
        name,
        email,
        password: password.expose().to_string(),
        workspace_name,
        token_name: Some(token_name(arguments.token_name)),
    };
    let client = account.anonymous_client(Timeouts::INTERACTIVE)?;
    let session = runtime()?.block_on(client.signup(&request))?;
    printer.status(&format!(
        "Created the account {} with the workspace {}.",
        session.user.email,
        session
            .workspaces
            .first()
            .map(|workspace| workspace.name.as_str())
            .unwrap_or("(none)")
    ));
    let token = Secret::new(session.token.clone());
    login::finish(
        &mut account,
        &token,
        &LoginIdentity::from(&session),
        printer,
    )?;
    Ok(Exit::Success)
}
