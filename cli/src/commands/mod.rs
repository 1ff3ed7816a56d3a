//! One module per subcommand (`alt` has `alt_review` and `alt_csv` beside it); `dispatch` routes
//! the parsed command line to it. The helpers here set up what every account command needs: the
//! account context and an async runtime.

mod account;
pub(crate) mod alt;
mod alt_csv;
mod alt_review;
mod billing;
mod check;
pub mod completions;
mod config;
mod init;
mod jobs;
mod login;
mod logout;
mod man;
mod optimize;
mod push;
mod restore;
mod signup;
mod sites;
mod tokens;
mod usage;
mod whoami;
mod workspaces;
mod wp;

use crate::account::Account;
use crate::args::{
    AccountCommand, BillingCommand, Cli, Command, ConfigCommand, ConnectionArgs, TokensCommand,
    WorkspacesCommand, WpCommand,
};
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::settings::{FlagValues, RawValue, Settings, SettingsSources};

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli, printer: &Printer) -> anyhow::Result<Exit> {
    let connection = &cli.connection;
    match cli.command {
        Command::Optimize(arguments) => optimize::run(*arguments, &cli.output, connection, printer),
        Command::Alt(arguments) => alt::run(*arguments, &cli.output, connection, printer),
        Command::Push(arguments) => push::run(*arguments, &cli.output, connection, printer),
        Command::Sites(arguments) => sites::run(arguments.command, connection, printer),
        Command::Wp(arguments) => match arguments.command {
            WpCommand::FillAlt(arguments) => {
                wp::fill_alt(*arguments, &cli.output, connection, printer)
            }
            WpCommand::Apply(arguments) => wp::apply(arguments, &cli.output, connection, printer),
        },
        Command::Restore(arguments) => restore::run(arguments, printer),
        Command::Signup(arguments) => signup::run(arguments, connection, printer),
        Command::Login(arguments) => login::run(arguments, connection, printer),
        Command::Logout => logout::run(connection, printer),
        Command::Whoami(arguments) => whoami::run(arguments, connection, printer),
        Command::Workspaces(arguments) => match arguments.command {
            WorkspacesCommand::List { json } => workspaces::list(json, connection, printer),
            WorkspacesCommand::Switch { target } => {
                workspaces::switch(&target, connection, printer)
            }
            WorkspacesCommand::Create { name } => workspaces::create(&name, connection, printer),
            WorkspacesCommand::Members { json } => workspaces::members(json, connection, printer),
            WorkspacesCommand::Invite {
                role,
                expires_in_days,
            } => workspaces::invite(role, expires_in_days, connection, printer),
            WorkspacesCommand::Join => workspaces::join(connection, printer),
        },
        Command::Tokens(arguments) => match arguments.command {
            TokensCommand::Create {
                name,
                scopes,
                expires_in_days,
            } => tokens::create(&name, scopes, expires_in_days, connection, printer),
            TokensCommand::List { json } => tokens::list(json, connection, printer),
            TokensCommand::Revoke { id } => tokens::revoke(&id, connection, printer),
        },
        Command::Jobs(arguments) => jobs::run(arguments, connection, printer),
        Command::Usage(arguments) => usage::run(arguments, connection, printer),
        Command::Billing(arguments) => match arguments.command {
            BillingCommand::Upgrade { plan, no_browser } => {
                billing::upgrade(&plan, no_browser, connection, printer)
            }
            BillingCommand::Portal { no_browser } => {
                billing::portal(no_browser, connection, printer)
            }
        },
        Command::Account(arguments) => match arguments.command {
            AccountCommand::Export { output } => account::export(output, connection, printer),
            AccountCommand::Delete { yes } => account::delete(yes, connection, printer),
        },
        Command::Completions(arguments) => completions::run(arguments, printer),
        Command::Man => man::run(printer),
        Command::Init(arguments) => init::run(arguments, printer),
        Command::Config(arguments) => match arguments.command {
            ConfigCommand::Show => config::show(printer),
        },
    }
}

/// Adds the connection flags the user gave to `flags`.
pub(crate) fn connection_flags(connection: &ConnectionArgs, flags: &mut FlagValues) {
    if let Some(url) = &connection.api_url {
        flags.set("api-url", "--api-url", RawValue::Text(url.clone()));
    }
    if let Some(workspace) = &connection.workspace {
        flags.set(
            "workspace",
            "--workspace",
            RawValue::Text(workspace.clone()),
        );
    }
}

/// The account context of an account command: settings from every layer plus the login state.
pub(crate) fn load_account(connection: &ConnectionArgs) -> Result<Account, CommandError> {
    let mut flags = FlagValues::default();
    connection_flags(connection, &mut flags);
    let settings = Settings::load(&SettingsSources::from_process(), flags)
        .map_err(|error| CommandError::Usage(error.to_string()))?;
    Ok(Account::from_settings(&settings)?)
}

/// A runtime for one command's requests.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    crate::api::runtime()
        .map_err(|error| CommandError::User(format!("cannot start the network runtime: {error}")))
}

/// The name a new login token gets unless `--token-name` says otherwise.
pub(crate) fn token_name(given: Option<String>) -> String {
    given
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| {
            let host = ::whoami::fallible::hostname().unwrap_or_else(|_| "this machine".into());
            format!("altloom CLI on {host}")
        })
}

/// "2026-01-02 03:04" for tables.
pub(crate) fn short_time(time: altloom_shared::time::Timestamp) -> String {
    let text = time.to_string();
    text.get(..16)
        .map(|start| start.replace('T', " "))
        .unwrap_or(text)
}
