//! One module per subcommand; `dispatch` routes the parsed command line to it.

pub mod completions;
mod config;
mod optimize;
mod restore;

use crate::args::{Cli, Command, ConfigCommand};
use crate::exit::Exit;
use crate::printer::Printer;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli, printer: &Printer) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Optimize(arguments) => optimize::run(*arguments, &cli.output, printer),
        Command::Restore(arguments) => restore::run(arguments, printer),
        Command::Completions(arguments) => completions::run(arguments, printer),
        Command::Config(arguments) => match arguments.command {
            ConfigCommand::Show => config::show(printer),
        },
    }
}
