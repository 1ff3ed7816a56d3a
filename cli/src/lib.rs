//! The altloom CLI as a library: argument parsing, settings, commands, and the image engine.
//!
//! `main.rs` only calls [`run`]; everything else lives here so integration tests and the
//! benchmark harness can reach the same code.

pub mod account;
pub mod alt;
pub mod api;
pub mod args;
pub mod check;
pub mod commands;
pub mod credentials;
pub mod credits;
pub mod engine;
pub mod exit;
pub mod fill;
pub mod github;
pub mod job_report;
pub mod printer;
pub mod progress;
pub mod prompt;
pub mod push;
pub mod secret;
pub mod session;
pub mod settings;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;
use crate::exit::Exit;
use crate::printer::Printer;

/// Parses arguments, runs the command and maps the result to a documented exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // Help and version are requested output, not errors.
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let printer = Printer::new(&cli.output);
    match commands::dispatch(cli, &printer) {
        Ok(exit) => exit.into(),
        Err(error) => {
            let exit = exit::classify(&error);
            printer.error(&format!("{error:#}"));
            exit.into()
        }
    }
}
