//! `altloom login`: with email and password (prompted, or the password from stdin), with
//! `--device` (approve a code in a browser), or with `--with-token` (a token read from stdin,
//! checked with the server); then the token is stored and the account remembered.

use std::time::{Duration, Instant};

use altloom_shared::api::auth::{DevicePollRequest, DeviceStartRequest, LoginRequest, Session};
use altloom_shared::api::error_code;

use crate::account::{Account, LoginIdentity};
use crate::api::{Timeouts, TokenOrigin};
use crate::args::{ConnectionArgs, LoginArgs};
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::secret::Secret;

use super::{load_account, runtime, token_name};

/// How much longer to wait between polls when the server says `slow_down`.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

pub fn run(
    arguments: LoginArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let mut account = load_account(connection)?;
    let prompter = Prompter::new();
    if arguments.with_token {
        return with_token(&mut account, &prompter, printer);
    }
    let token_name = token_name(arguments.token_name);
    let session = if arguments.device {
        match device(&account, token_name, printer)? {
            Some(session) => session,
            None => {
                printer.error("login cancelled");
                return Ok(Exit::Interrupted);
            }
        }
    } else {
        let email = match arguments.email {
            Some(email) => email,
            None => prompter.text("Email", "pass --email")?,
        };
        let password = prompter.secret(
            "Password",
            false,
            arguments.password_stdin,
            "pipe the password in, or run in a terminal",
        )?;
        let request = LoginRequest {
            email,
            password: password.expose().to_string(),
            token_name: Some(token_name),
        };
        let client = account.anonymous_client(Timeouts::INTERACTIVE)?;
        runtime()?
            .block_on(client.login(&request))
            .map_err(CommandError::from)?
    };
    let token = Secret::new(session.token.clone());
    finish(
        &mut account,
        &token,
        &LoginIdentity::from(&session),
        printer,
    )?;
    Ok(Exit::Success)
}

/// Stores the token, remembers the account and says where things went.
pub(super) fn finish(
    account: &mut Account,
    token: &Secret,
    identity: &LoginIdentity,
    printer: &Printer,
) -> Result<(), CommandError> {
    let (saved, workspace) = account.remember_login(token, identity)?;
    if let Some(warning) = &saved.warning {
        printer.warning(warning);
    }
    let who = match (&identity.user_name, &identity.email) {
        (Some(name), Some(email)) => format!("{name} <{email}>"),
        (_, Some(email)) => email.clone(),
        _ => format!("workspace token `{}`", identity.token_name),
    };
    printer.status(&format!("Logged in to {} as {who}.", account.api_url));
    match workspace {
        Some(workspace) => {
            let others = identity.workspaces.len().saturating_sub(1);
            let note = if others > 0 {
                format!(
                    " ({others} more: `altloom workspaces list`, `altloom workspaces switch NAME`)"
                )
            } else {
                String::new()
            };
            printer.status(&format!(
                "Current workspace: {} ({}){note}.",
                workspace.name, workspace.id
            ));
        }
        None => printer
            .status("You have no workspace yet: create one with `altloom workspaces create NAME`."),
    }
    if account.has_environment_token() {
        printer.warning("ALTLOOM_TOKEN is set and wins over this login until it is unset");
    }
    Ok(())
}

/// `--with-token`: the token comes from stdin (never from the command line; at a terminal it is
/// typed hidden), is checked with `GET /v1/me`, then stored.
fn with_token(
    account: &mut Account,
    prompter: &Prompter,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let token = prompter
        .secret(
            "Token",
            false,
            false,
            "pipe the token in: `altloom login --with-token < token.txt`",
        )?
        .trimmed();
    if !token
        .expose()
        .starts_with(altloom_shared::api::TOKEN_PREFIX)
    {
        return Err(CommandError::Usage(format!(
            "that does not look like an Altloom token (they start with `{}`)",
            altloom_shared::api::TOKEN_PREFIX
        ))
        .into());
    }
    let client = account
        .anonymous_client(Timeouts::INTERACTIVE)?
        .with_token(token.clone(), TokenOrigin::Candidate);
    let who = runtime()?
        .block_on(client.me())
        .map_err(CommandError::from)?;
    finish(account, &token, &LoginIdentity::from(&who), printer)?;
    Ok(Exit::Success)
}

/// The device flow: show the code, poll until it is approved, slowed down, expired, or the
/// user presses Ctrl-C (then `None`).
fn device(
    account: &Account,
    token_name: String,
    printer: &Printer,
) -> Result<Option<Session>, CommandError> {
    let client = account.anonymous_client(Timeouts::INTERACTIVE)?;
    let runtime = runtime()?;
    runtime.block_on(async {
        let start = client
            .device_start(&DeviceStartRequest {
                token_name: Some(token_name),
            })
            .await?;
        let page = start
            .verification_url_complete
            .as_deref()
            .unwrap_or(&start.verification_url);
        printer.instruction(&format!(
            "Open {page} in a browser where you are logged in, and approve the code {}",
            start.user_code
        ));
        printer.status("Waiting for approval (Ctrl-C to cancel)...");
        let deadline = Instant::now() + Duration::from_secs(start.expires_in_seconds.max(1));
        let mut interval = Duration::from_secs(start.interval_seconds.clamp(1, 60));
        let request = DevicePollRequest {
            device_code: start.device_code.clone(),
        };
        let cancelled = tokio::signal::ctrl_c();
        tokio::pin!(cancelled);
        loop {
            tokio::select! {
                _ = &mut cancelled => return Ok(None),
                _ = tokio::time::sleep(interval) => {}
            }
            if Instant::now() > deadline {
                return Err(expired());
            }
            let poll = tokio::select! {
                _ = &mut cancelled => return Ok(None),
                poll = client.device_poll(&request) => poll,
            };
            match poll {
                Ok(session) => return Ok(Some(session)),
                Err(error) => match error.code() {
                    Some(error_code::AUTHORIZATION_PENDING) => {}
                    Some(error_code::SLOW_DOWN) => interval += SLOW_DOWN_STEP,
                    Some(error_code::EXPIRED_CODE) => return Err(expired()),
                    _ => return Err(CommandError::from(error)),
                },
            }
        }
    })
}

fn expired() -> CommandError {
    CommandError::User(
        "the code expired before it was approved: run `altloom login --device` again".into(),
    )
}
