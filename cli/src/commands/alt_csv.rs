//! `altloom alt export --csv FILE` and `altloom alt import FILE`: the metadata file as a
//! spreadsheet and back, for a reviewer who does not use a terminal.

use std::path::Path;

use altloom_shared::time::Timestamp;

use crate::alt::{csv_file, store};
use crate::engine::output::write_atomically;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;

pub(crate) fn export(meta: &Path, csv: &Path, printer: &Printer) -> anyhow::Result<Exit> {
    let file = load_existing(meta)?;
    let bytes = csv_file::export(&file).map_err(|error| CommandError::User(error.to_string()))?;
    if csv == Path::new("-") {
        printer.out(String::from_utf8_lossy(&bytes).trim_end_matches(['\r', '\n']));
        return Ok(Exit::Success);
    }
    write_atomically(csv, &bytes, None).map_err(|error| CommandError::User(error.to_string()))?;
    printer.status(&format!(
        "wrote {} rows to {}; edit them in a spreadsheet, then `altloom alt import {}`",
        file.entries.len(),
        csv.display(),
        csv.display()
    ));
    Ok(Exit::Success)
}

pub(crate) fn import(meta: &Path, csv: &Path, printer: &Printer) -> anyhow::Result<Exit> {
    let mut file = load_existing(meta)?;
    let bytes = std::fs::read(csv)
        .map_err(|error| CommandError::User(format!("cannot read {}: {error}", csv.display())))?;
    let counts = csv_file::import(&mut file, &bytes, Timestamp::now()).map_err(|error| {
        CommandError::User(format!("{} was not imported: {error}", csv.display()))
    })?;
    if counts.edited + counts.marked_reviewed > 0 {
        store::save(meta, &file).map_err(|error| CommandError::User(error.to_string()))?;
    }
    printer.status(&format!(
        "imported {}: {} edited (now human-written), {} marked reviewed, {} unchanged",
        csv.display(),
        counts.edited,
        counts.marked_reviewed,
        counts.unchanged
    ));
    Ok(Exit::Success)
}

/// The metadata file, which must exist: exporting or importing nothing is a mistake.
fn load_existing(meta: &Path) -> Result<altloom_shared::metadata_file::MetadataFile, CommandError> {
    if !meta.exists() {
        return Err(CommandError::User(format!(
            "there is no metadata file at {}: write one with `altloom alt PATHS` first (or name it with --meta FILE)",
            meta.display()
        )));
    }
    store::load(meta).map_err(|error| CommandError::User(error.to_string()))
}
