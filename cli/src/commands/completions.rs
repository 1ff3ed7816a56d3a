//! `altloom completions SHELL`: prints a completion script generated from the clap definitions.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::exit::Exit;
use crate::printer::Printer;

pub fn run(arguments: CompletionsArgs, printer: &Printer) -> anyhow::Result<Exit> {
    printer.out(&script(arguments.shell));
    Ok(Exit::Success)
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "altloom", &mut buffer);
    String::from_utf8_lossy(&buffer).trim_end().to_string()
}
