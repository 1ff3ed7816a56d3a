//! The metadata file as a spreadsheet, for a reviewer who does not use a terminal: `altloom alt
//! export --csv FILE` writes one row per image, `altloom alt import FILE` reads the edited rows
//! back. The CSV is RFC 4180 (quotes, commas and line breaks inside cells survive), UTF-8 with a
//! byte-order mark so spreadsheet programs read non-Latin text correctly, with CRLF line ends.
//! Rows are matched by content hash; changed text becomes `source: human`.

use std::collections::BTreeSet;

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::metadata_file::{MetadataFile, MetadataSource};
use altloom_shared::time::Timestamp;
use thiserror::Error;

/// The columns, in order. `hash` identifies the image; the text columns and `decorative` and
/// `reviewed` are read back; the others are for the reader.
pub const COLUMNS: [&str; 12] = [
    "hash",
    "path",
    "alt_text",
    "title",
    "caption",
    "description",
    "decorative",
    "reviewed",
    "source",
    "model",
    "language",
    "generated_at",
];

const BYTE_ORDER_MARK: &str = "\u{feff}";

/// Why a CSV file cannot be imported.
#[derive(Debug, Error)]
pub enum CsvError {
    #[error("the CSV is not readable: {0}")]
    Syntax(String),
    #[error("the CSV has no `{0}` column (it needs the columns of `altloom alt export --csv`)")]
    MissingColumn(&'static str),
    #[error("line {line}: no image with hash {hash} in the metadata file (was the CSV exported from another one?)")]
    UnknownHash { line: u64, hash: String },
    #[error("line {line}: `{value}` in the {column} column is not yes or no")]
    NotABoolean {
        line: u64,
        column: &'static str,
        value: String,
    },
    #[error("cannot write the CSV: {0}")]
    Write(String),
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Rows whose text changed: now `source: human`, reviewed.
    pub edited: usize,
    /// Rows whose text was kept but which were marked reviewed.
    pub marked_reviewed: usize,
    pub unchanged: usize,
}

/// The CSV text of the file's entries, in path order.
pub fn export(file: &MetadataFile) -> Result<Vec<u8>, CsvError> {
    let mut writer = spreadsheet_writer();
    let write_error = |error: csv::Error| CsvError::Write(error.to_string());
    writer.write_record(COLUMNS).map_err(write_error)?;
    let mut entries: Vec<_> = file.entries.iter().collect();
    entries.sort_by(|first, second| (&first.1.path, first.0).cmp(&(&second.1.path, second.0)));
    for (hash, entry) in entries {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        writer
            .write_record([
                hash.clone(),
                entry.path.clone(),
                text(&entry.alt_text),
                text(&entry.title),
                text(&entry.caption),
                text(&entry.description),
                yes_no(entry.decorative),
                yes_no(entry.reviewed),
                entry.source.as_str().to_string(),
                text(&entry.model),
                text(&entry.language),
                entry.generated_at.to_string(),
            ])
            .map_err(write_error)?;
    }
    writer
        .into_inner()
        .map_err(|error| CsvError::Write(error.to_string()))
}

/// Applies an edited CSV to `file`. Every row is checked before anything changes, so a bad row
/// leaves the file as it was.
pub fn import(
    file: &mut MetadataFile,
    bytes: &[u8],
    now: Timestamp,
) -> Result<ImportCounts, CsvError> {
    let bytes = without_byte_order_mark(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|error| CsvError::Syntax(error.to_string()))?
        .clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|header| header.trim().eq_ignore_ascii_case(name))
            .ok_or(CsvError::MissingColumn(name))
    };
    let hash_column = column("hash")?;
    let text_columns: Vec<(MetadataField, Option<usize>)> = MetadataField::ALL
        .into_iter()
        .map(|field| {
            let name = match field {
                MetadataField::Alt => "alt_text",
                MetadataField::Title => "title",
                MetadataField::Caption => "caption",
                MetadataField::Description => "description",
            };
            (field, column(name).ok())
        })
        .collect();
    if text_columns[0].1.is_none() {
        return Err(CsvError::MissingColumn("alt_text"));
    }
    let decorative_column = column("decorative").ok();
    let reviewed_column = column("reviewed").ok();

    let mut updated = file.clone();
    let mut counts = ImportCounts::default();
    let mut seen = BTreeSet::new();
    for record in reader.records() {
        let record = record.map_err(|error| CsvError::Syntax(error.to_string()))?;
        let line = record.position().map_or(0, |position| position.line());
        let cell = |index: usize| record.get(index).unwrap_or("");
        let hash = cell(hash_column).trim().to_string();
        if hash.is_empty() && record.iter().all(|value| value.trim().is_empty()) {
            continue;
        }
        let Some(entry) = updated.entries.get_mut(&hash) else {
            return Err(CsvError::UnknownHash { line, hash });
        };
        if !seen.insert(hash.clone()) {
            continue;
        }
        let boolean = |index: Option<usize>, name: &'static str, current: bool| {
            let Some(index) = index else {
                return Ok(current);
            };
            parse_boolean(cell(index)).ok_or_else(|| CsvError::NotABoolean {
                line,
                column: name,
                value: cell(index).to_string(),
            })
        };
        let decorative = boolean(decorative_column, "decorative", entry.decorative)?;
        let reviewed = boolean(reviewed_column, "reviewed", entry.reviewed)?;
        let mut changed = decorative != entry.decorative;
        let mut texts = Vec::new();
        for (field, index) in &text_columns {
            let Some(index) = index else { continue };
            // Spreadsheets may turn line ends into CRLF; the file keeps LF.
            let text = cell(*index).replace("\r\n", "\n");
            let text = text.trim();
            let current = match field {
                MetadataField::Alt => entry.alt_text.as_deref(),
                MetadataField::Title => entry.title.as_deref(),
                MetadataField::Caption => entry.caption.as_deref(),
                MetadataField::Description => entry.description.as_deref(),
            }
            .unwrap_or("")
            .trim();
            if text != current {
                changed = true;
            }
            texts.push((*field, text.to_string()));
        }
        if changed {
            for (field, text) in texts {
                entry.set_field(field, Some(text).filter(|text| !text.is_empty()));
            }
            entry.decorative = decorative;
            if decorative {
                entry.alt_text = Some(String::new());
            }
            entry.source = MetadataSource::Human;
            entry.reviewed = true;
            entry.generated_at = now;
            counts.edited += 1;
        } else if reviewed && !entry.reviewed {
            entry.reviewed = true;
            counts.marked_reviewed += 1;
        } else {
            counts.unchanged += 1;
        }
    }
    *file = updated;
    Ok(counts)
}

/// A CSV writer for spreadsheet programs: a byte-order mark first (so they read UTF-8), then
/// CRLF line ends. The WordPress review file uses it too.
pub(crate) fn spreadsheet_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BYTE_ORDER_MARK.as_bytes().to_vec())
}

/// The bytes after a leading byte-order mark, if there is one.
pub(crate) fn without_byte_order_mark(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_prefix(BYTE_ORDER_MARK.as_bytes())
        .unwrap_or(bytes)
}

/// `yes` or `no`, as the CSV files write a flag.
pub(crate) fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

/// Reads a flag as people type it in a spreadsheet (`yes`, `y`, `true`, `1`, `x`, or empty).
pub(crate) fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::metadata_file::MetadataEntry;

    fn file() -> MetadataFile {
        let mut file = MetadataFile::default();
        file.entries.insert(
            "h1".into(),
            MetadataEntry {
                path: "a.jpg".into(),
                alt_text: Some("Tricky: \"quotes\", commas,\nand a line break".into()),
                title: Some("東京の夜景".into()),
                model: Some("m".into()),
                ..MetadataEntry::default()
            },
        );
        file.entries.insert(
            "h2".into(),
            MetadataEntry {
                path: "b.jpg".into(),
                alt_text: Some("Кошка на окне".into()),
                ..MetadataEntry::default()
            },
        );
        file
    }

    #[test]
    fn an_untouched_export_imports_as_unchanged() {
        let original = file();
        let bytes = export(&original).unwrap();
        assert!(bytes.starts_with(BYTE_ORDER_MARK.as_bytes()));
        let mut reimported = original.clone();
        let counts = import(&mut reimported, &bytes, Timestamp(5)).unwrap();
        assert_eq!(counts.unchanged, 2);
        assert_eq!(reimported, original);
    }

    #[test]
    fn edited_rows_become_human_and_bad_rows_change_nothing() {
        let mut target = file();
        let text = String::from_utf8(export(&target).unwrap()).unwrap();
        // A spreadsheet quotes a cell with commas or quotes, and doubles the quotes inside.
        let edited = text.replace("Кошка на окне", "\"Кошка спит на окне, \"\"тихо\"\"\"");
        let counts = import(&mut target, edited.as_bytes(), Timestamp(5)).unwrap();
        assert_eq!(counts.edited, 1);
        let entry = &target.entries["h2"];
        assert_eq!(
            entry.alt_text.as_deref(),
            Some("Кошка спит на окне, \"тихо\"")
        );
        assert_eq!(entry.source, MetadataSource::Human);
        assert!(entry.reviewed);
        assert_eq!(target.entries["h1"].source, MetadataSource::Ai);

        let before = target.clone();
        let unknown = text.replace("h2,", "zz,");
        let error = import(&mut target, unknown.as_bytes(), Timestamp(6)).unwrap_err();
        assert!(error.to_string().contains("zz"), "{error}");
        assert_eq!(target, before);
    }
}
