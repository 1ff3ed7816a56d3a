//! `altloom config show`: every setting's resolved value and where it came from.

use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::settings::{FlagValues, Settings, SettingsSources, Table, KEYS};

pub fn show(printer: &Printer) -> anyhow::Result<Exit> {
    let sources = SettingsSources::from_process();
    let settings = Settings::load(&sources, FlagValues::default())
        .map_err(|error| CommandError::Usage(error.to_string()))?;
    let width = settings
        .entries()
        .map(|(key, _, _)| key.len())
        .max()
        .unwrap_or(0);
    for (index, table) in Table::ALL.into_iter().enumerate() {
        if index > 0 {
            printer.out("");
        }
        printer.out(&format!("[{}]", table.name()));
        for (key, value, source) in settings.entries() {
            if KEYS
                .iter()
                .any(|known| known.name == key && known.table == table)
            {
                printer.out(&format!("{key:width$} = {value}  # {source}"));
            }
        }
    }
    Ok(Exit::Success)
}
