//! The review file of `altloom wp fill-alt --review`: the proposed text of each attachment,
//! for a person to read and edit before `altloom wp apply FILE` writes it to the site. A `.csv`
//! file opens in any spreadsheet program (UTF-8 with a byte-order mark, CRLF, the conventions of
//! `altloom alt export`); a `.json` file suits scripts. Either names the site it was made for, so
//! it is never applied to another one (attachment ids only mean something on their own site).
//!
//! What a person may change: the four text columns (a blank cell writes nothing), `decorative`
//! (`yes` leaves the alt text empty), and which rows are there (a deleted row is not applied).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::write::Proposal;
use crate::alt::csv_file::{parse_boolean, spreadsheet_writer, without_byte_order_mark, yes_no};
use crate::engine::output::write_atomically;

/// The file `--review` writes when it is given no name.
pub const DEFAULT_FILE_NAME: &str = "altloom-review.csv";

/// What a JSON review file says it is.
const FORMAT_NAME: &str = "altloom-wp-review";

/// The JSON layout's version; a file from a newer altloom is refused rather than misread.
const FORMAT_VERSION: u32 = 1;

/// The CSV columns, in order.
pub const COLUMNS: [&str; 12] = [
    "site",
    "site_url",
    "id",
    "file",
    "image_url",
    "alt_text",
    "title",
    "caption",
    "description",
    "decorative",
    "model",
    "language",
];

/// A review file's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFile {
    /// `altloom-wp-review`.
    pub format: String,
    pub version: u32,
    /// The workspace's name for the site; absent for a site named by `--wp-url`.
    #[serde(default)]
    pub site: Option<String>,
    /// The site's address.
    pub site_url: String,
    pub items: Vec<Proposal>,
}

impl ReviewFile {
    pub fn new(site: Option<String>, site_url: String) -> ReviewFile {
        ReviewFile {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            site,
            site_url,
            items: Vec::new(),
        }
    }
}

/// The two layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewFormat {
    Csv,
    Json,
}

impl ReviewFormat {
    /// The layout a new file gets, from its extension.
    pub fn for_path(path: &Path) -> Result<ReviewFormat, ReviewFileError> {
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("csv") => Ok(ReviewFormat::Csv),
            Some("json") => Ok(ReviewFormat::Json),
            _ => Err(ReviewFileError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Why a review file cannot be read or written.
#[derive(Debug, Error)]
pub enum ReviewFileError {
    #[error("{}: a review file's name ends in .csv (for a spreadsheet) or .json", path.display())]
    UnknownFormat { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
    #[error("{} is not a review file of `altloom wp fill-alt --review`: {reason}", path.display())]
    NotReviewFile { path: PathBuf, reason: String },
    #[error("{} comes from a newer altloom (review file version {version}); upgrade altloom to apply it", path.display())]
    Newer { path: PathBuf, version: u32 },
    #[error("{}, line {line}: {reason}; nothing was applied", path.display())]
    BadRow {
        path: PathBuf,
        line: u64,
        reason: String,
    },
}

/// Writes `file` at `path` (atomically), as CSV or JSON by the path's extension.
pub fn save(path: &Path, file: &ReviewFile) -> Result<(), ReviewFileError> {
    let write_error = |reason: String| ReviewFileError::Write {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = match ReviewFormat::for_path(path)? {
        ReviewFormat::Csv => to_csv(file).map_err(write_error)?,
        ReviewFormat::Json => {
            let mut text =
                serde_json::to_vec_pretty(file).map_err(|error| write_error(error.to_string()))?;
            text.push(b'\n');
            text
        }
    };
    write_atomically(path, &bytes, None).map_err(|error| write_error(error.to_string()))
}

/// Reads a review file, CSV or JSON (told apart by content, so a renamed file still reads).
/// Every row is checked first: a bad one refuses the whole file.
pub fn load(path: &Path) -> Result<ReviewFile, ReviewFileError> {
    let bytes = std::fs::read(path).map_err(|source| ReviewFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = without_byte_order_mark(&bytes);
    let starts_like_json = bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'{');
    let file = if starts_like_json {
        from_json(path, bytes)?
    } else {
        from_csv(path, bytes)?
    };
    check_ids(path, &file.items)?;
    Ok(file)
}

fn to_csv(file: &ReviewFile) -> Result<Vec<u8>, String> {
    let mut writer = spreadsheet_writer();
    let write_error = |error: csv::Error| error.to_string();
    writer.write_record(COLUMNS).map_err(write_error)?;
    let site = file.site.clone().unwrap_or_default();
    for item in &file.items {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        writer
            .write_record([
                site.clone(),
                file.site_url.clone(),
                item.id.to_string(),
                item.file.clone(),
                item.image_url.clone(),
                text(&item.alt_text),
                text(&item.title),
                text(&item.caption),
                text(&item.description),
                yes_no(item.decorative),
                text(&item.model),
                text(&item.language),
            ])
            .map_err(write_error)?;
    }
    writer.into_inner().map_err(|error| error.to_string())
}

fn from_json(path: &Path, bytes: &[u8]) -> Result<ReviewFile, ReviewFileError> {
    let not_review = |reason: String| ReviewFileError::NotReviewFile {
        path: path.to_path_buf(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| not_review(error.to_string()))?;
    if value.get("format").and_then(|format| format.as_str()) != Some(FORMAT_NAME) {
        return Err(not_review(format!("its `format` is not {FORMAT_NAME:?}")));
    }
    let version = value
        .get("version")
        .and_then(|version| version.as_u64())
        .unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return Err(ReviewFileError::Newer {
            path: path.to_path_buf(),
            version: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    serde_json::from_value(value).map_err(|error| not_review(error.to_string()))
}

fn from_csv(path: &Path, bytes: &[u8]) -> Result<ReviewFile, ReviewFileError> {
    let not_review = |reason: String| ReviewFileError::NotReviewFile {
        path: path.to_path_buf(),
        reason,
    };
    let bad_row = |line: u64, reason: String| ReviewFileError::BadRow {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|error| not_review(error.to_string()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header.trim().eq_ignore_ascii_case(name))
    };
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            not_review(format!(
                "it has no `{name}` column (it needs the columns `wp fill-alt --review` writes)"
            ))
        })
    };
    let site_url_column = required("site_url")?;
    let id_column = required("id")?;
    let alt_column = required("alt_text")?;
    let site_column = column("site");
    let optional = |name: &str| column(name);
    let (file_column, image_column) = (optional("file"), optional("image_url"));
    let (title_column, caption_column, description_column) = (
        optional("title"),
        optional("caption"),
        optional("description"),
    );
    let (decorative_column, model_column, language_column) = (
        optional("decorative"),
        optional("model"),
        optional("language"),
    );

    let mut site: Option<(String, String)> = None;
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| not_review(error.to_string()))?;
        let line = record.position().map_or(0, |position| position.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |index: Option<usize>| {
            index
                .and_then(|index| record.get(index))
                .unwrap_or("")
                // Spreadsheets may turn line ends into CRLF; the site keeps LF.
                .replace("\r\n", "\n")
                .trim()
                .to_string()
        };
        let text = |index: Option<usize>| Some(cell(index)).filter(|text| !text.is_empty());
        let row_site = (cell(site_column), cell(Some(site_url_column)));
        match &site {
            None => site = Some(row_site),
            Some(first) if *first != row_site => {
                return Err(bad_row(
                    line,
                    format!(
                        "this row is for {} but the first is for {}; a review file holds one site",
                        site_label(&row_site),
                        site_label(first)
                    ),
                ))
            }
            Some(_) => {}
        }
        let id_text = cell(Some(id_column));
        let id = id_text.parse::<u64>().map_err(|_| {
            bad_row(
                line,
                format!("`{id_text}` in the id column is not an attachment id"),
            )
        })?;
        let decorative_text = cell(decorative_column);
        let decorative = parse_boolean(&decorative_text).ok_or_else(|| {
            bad_row(
                line,
                format!("`{decorative_text}` in the decorative column is not yes or no"),
            )
        })?;
        items.push(Proposal {
            id,
            file: cell(file_column),
            image_url: cell(image_column),
            alt_text: text(Some(alt_column)),
            title: text(title_column),
            caption: text(caption_column),
            description: text(description_column),
            decorative,
            model: text(model_column),
            language: text(language_column),
        });
    }
    let (site, site_url) = site.unwrap_or_default();
    Ok(ReviewFile {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        site: Some(site).filter(|site| !site.is_empty()),
        site_url,
        items,
    })
}

/// `client-a (https://example.com)`, or the address alone.
fn site_label((site, site_url): &(String, String)) -> String {
    if site.is_empty() {
        site_url.clone()
    } else {
        format!("{site} ({site_url})")
    }
}

/// Two rows for one attachment would make the outcome depend on their order: refused.
fn check_ids(path: &Path, items: &[Proposal]) -> Result<(), ReviewFileError> {
    let mut seen = BTreeSet::new();
    for item in items {
        if !seen.insert(item.id) {
            return Err(ReviewFileError::NotReviewFile {
                path: path.to_path_buf(),
                reason: format!("attachment {} has two rows; keep the one to apply", item.id),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ReviewFile {
        let mut file = ReviewFile::new(Some("client-a".into()), "https://example.com".into());
        file.items = vec![
            Proposal {
                id: 12,
                file: "boats.jpg".into(),
                image_url: "https://example.com/wp-content/uploads/boats.jpg".into(),
                alt_text: Some("Boats on a lake, \"calm\", at dusk".into()),
                caption: Some("Line one\nline two".into()),
                model: Some("m".into()),
                language: Some("en".into()),
                ..Proposal::default()
            },
            Proposal {
                id: 13,
                file: "flourish.png".into(),
                alt_text: None,
                title: Some("Ornamento dourado".into()),
                decorative: true,
                ..Proposal::default()
            },
        ];
        file
    }

    #[test]
    fn both_layouts_survive_a_round_trip() {
        let folder = tempfile::tempdir().unwrap();
        for name in ["review.csv", "review.json"] {
            let path = folder.path().join(name);
            save(&path, &file()).unwrap();
            assert_eq!(load(&path).unwrap(), file(), "{name}");
        }
        let csv = std::fs::read(folder.path().join("review.csv")).unwrap();
        assert!(csv.starts_with("\u{feff}site,site_url,id,".as_bytes()));
        // A renamed file is still read by its content.
        let renamed = folder.path().join("review.txt");
        std::fs::copy(folder.path().join("review.json"), &renamed).unwrap();
        assert_eq!(load(&renamed).unwrap(), file());
        assert!(matches!(
            save(&renamed, &file()),
            Err(ReviewFileError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn a_spreadsheet_edit_is_read_and_bad_rows_refuse_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("review.csv");
        save(&path, &file()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replace("Ornamento dourado", "\"Ornamento, dourado\"");
        std::fs::write(&path, &edited).unwrap();
        let read = load(&path).unwrap();
        assert_eq!(read.items[1].title.as_deref(), Some("Ornamento, dourado"));

        for (bad, expected) in [
            (edited.replace(",13,", ",thirteen,"), "not an attachment id"),
            (edited.replace(",yes,", ",perhaps,"), "not yes or no"),
            (edited.replace(",13,", ",12,"), "two rows"),
            (
                edited.replacen(
                    "client-a,https://example.com,13",
                    "client-b,https://example.com,13",
                    1,
                ),
                "one site",
            ),
        ] {
            std::fs::write(&path, bad).unwrap();
            let error = load(&path).unwrap_err().to_string();
            assert!(error.contains(expected), "{error}");
        }
        std::fs::write(&path, "hash,path,alt_text\r\nabc,a.jpg,A cat\r\n").unwrap();
        let error = load(&path).unwrap_err().to_string();
        assert!(error.contains("no `site_url` column"), "{error}");
    }

    #[test]
    fn newer_and_foreign_json_files_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("review.json");
        std::fs::write(
            &path,
            r#"{"format":"altloom-wp-review","version":9,"site_url":"x","items":[]}"#,
        )
        .unwrap();
        assert!(matches!(load(&path), Err(ReviewFileError::Newer { .. })));
        std::fs::write(&path, r#"{"schema_version":1,"entries":{}}"#).unwrap();
        assert!(matches!(
            load(&path),
            Err(ReviewFileError::NotReviewFile { .. })
        ));
    }
}
