//! `altloom restore --backup DIR`: puts the originals of an in-place run back.

use anyhow::Context;

use crate::args::RestoreArgs;
use crate::engine::backup;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;

pub fn run(arguments: RestoreArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let restored = backup::restore(&arguments.backup)
        .map_err(|error| CommandError::User(error.to_string()))
        .with_context(|| format!("cannot restore from {}", arguments.backup.display()))?;
    let mut failed = 0;
    for entry in &restored {
        match &entry.outcome {
            Ok(()) => {
                if printer.verbosity == crate::printer::Verbosity::Verbose {
                    printer.out(&format!("restored {}", entry.original.display()));
                }
            }
            Err(error) => {
                failed += 1;
                printer.error(&format!("{}: {error}", entry.original.display()));
            }
        }
    }
    printer.info(&format!(
        "restored {} of {} files from {}",
        restored.len() - failed,
        restored.len(),
        arguments.backup.display()
    ));
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Failure
    })
}
