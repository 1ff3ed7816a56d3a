//! What a push uploads: for each source image, the files it may send in order of preference
//! (from an optimize report: the full-size outputs, AVIF before WebP before the original format;
//! from paths: the file itself) and the text from `altloom-meta.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use altloom_shared::metadata_file::{MetadataEntry, MetadataFile};
use altloom_shared::report::{FileStatus, OptimizeReport, OutputStatus};
use altloom_shared::wordpress::media::MediaFields;

use crate::engine::alt_source::AltSource;
use crate::engine::sniff::sniff;

/// What a push will send, and the inputs it cannot send, as (path, reason).
#[derive(Debug, Default)]
pub struct Selection {
    pub items: Vec<PushItem>,
    pub problems: Vec<(String, String)>,
}

/// One source image to put on a site.
#[derive(Clone, Debug)]
pub struct PushItem {
    /// The ledger key: BLAKE3 of the source image.
    pub content_hash: String,
    /// The path people know it by.
    pub display: String,
    /// Files that may be uploaded, best first; a site that refuses one type gets the next.
    pub candidates: Vec<Candidate>,
    /// The text to set; empty when the image has no metadata entry.
    pub fields: MediaFields,
}

/// One file that may be uploaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub mime_type: String,
}

impl Candidate {
    /// The format's short name for messages (`AVIF`, `WebP`).
    pub fn format_name(&self) -> &str {
        format_name(&self.mime_type)
    }
}

/// `AVIF` for `image/avif`: how people name formats.
pub fn format_name(mime_type: &str) -> &str {
    match mime_type {
        "image/avif" => "AVIF",
        "image/webp" => "WebP",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        "image/gif" => "GIF",
        other => other,
    }
}

/// The MIME type WordPress expects for a format name of the report (`jpeg`, `webp`, ...).
pub fn mime_for_format(format: &str) -> Option<&'static str> {
    match format.to_ascii_lowercase().as_str() {
        "jpeg" | "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "avif" => Some("image/avif"),
        "gif" => Some("image/gif"),
        _ => None,
    }
}

/// Lower is preferred: the smallest modern format a site takes goes up.
fn preference(mime_type: &str) -> u8 {
    match mime_type {
        "image/avif" => 0,
        "image/webp" => 1,
        _ => 2,
    }
}

/// The items of an optimize report: every input that has a full-size output on disk. Inputs
/// that failed or have no output are answered as problems, by path.
pub fn from_report(report: &OptimizeReport, metadata: &MetadataIndex) -> Selection {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for file in &report.files {
        if file.status == FileStatus::Failed || file.content_hash.is_empty() {
            continue;
        }
        let mut candidates: Vec<Candidate> = file
            .outputs
            .iter()
            .filter(|output| output.full_size)
            .filter(|output| {
                matches!(
                    output.status,
                    OutputStatus::Written | OutputStatus::AlreadyOptimal | OutputStatus::Unchanged
                )
            })
            .filter_map(|output| {
                Some(Candidate {
                    path: PathBuf::from(&output.path),
                    mime_type: mime_for_format(&output.format)?.to_string(),
                })
            })
            .filter(|candidate| candidate.path.is_file())
            .collect();
        candidates.sort_by_key(|candidate| preference(&candidate.mime_type));
        candidates.dedup_by(|a, b| a.mime_type == b.mime_type);
        if candidates.is_empty() {
            problems.push((
                file.path.clone(),
                "no full-size output of it is on disk to upload (was the output folder moved or cleaned?)".to_string(),
            ));
            continue;
        }
        let entry = metadata.find(&file.content_hash, &candidates[0].path);
        items.push(PushItem {
            content_hash: file.content_hash.clone(),
            display: file.path.clone(),
            candidates,
            fields: entry.map(fields_of).unwrap_or_default(),
        });
    }
    Selection { items, problems }
}

/// The items of files named directly: each is uploaded as it is.
pub fn from_sources(sources: &[AltSource], metadata: &MetadataIndex) -> Selection {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        let display = source.path.display().to_string();
        let format = std::fs::read(&source.path)
            .ok()
            .and_then(|bytes| sniff(&bytes))
            .map(|format| format.name());
        let Some(mime_type) = format.and_then(mime_for_format) else {
            problems.push((
                display,
                format!(
                    "WordPress does not take {} images; optimise it to JPEG, PNG, WebP or AVIF first",
                    format.unwrap_or("these")
                ),
            ));
            continue;
        };
        let entry = metadata.find(&source.content_hash, &source.path);
        items.push(PushItem {
            content_hash: source.content_hash.clone(),
            display,
            candidates: vec![Candidate {
                path: source.path.clone(),
                mime_type: mime_type.to_string(),
            }],
            fields: entry.map(fields_of).unwrap_or_default(),
        });
    }
    Selection { items, problems }
}

/// The text an entry puts on an attachment: only the fields it has (a decorative image's empty
/// alt text included), so a push never blanks what WordPress or a person set.
pub fn fields_of(entry: &MetadataEntry) -> MediaFields {
    use altloom_shared::api::alt_text::MetadataField;
    let field = |which| entry.field(which).map(str::to_string);
    MediaFields {
        alt_text: field(MetadataField::Alt),
        title: field(MetadataField::Title),
        caption: field(MetadataField::Caption),
        description: field(MetadataField::Description),
    }
}

/// `altloom-meta.json`'s entries, found by content hash, else by path relative to the file's
/// folder, else by that path without its extension (the entry of `photos/cat.jpg` serves
/// `photos/cat.webp`).
#[derive(Default)]
pub struct MetadataIndex {
    root: PathBuf,
    by_hash: HashMap<String, MetadataEntry>,
    by_path: HashMap<String, String>,
    by_stem: HashMap<String, String>,
}

impl MetadataIndex {
    /// Indexes `file`, whose paths are relative to `root` (the metadata file's folder).
    pub fn new(file: MetadataFile, root: &Path) -> MetadataIndex {
        let mut index = MetadataIndex {
            root: absolute(root),
            ..MetadataIndex::default()
        };
        for (hash, entry) in file.entries {
            let path = entry.path.replace('\\', "/");
            index.by_stem.insert(without_extension(&path), hash.clone());
            index.by_path.insert(path, hash.clone());
            index.by_hash.insert(hash, entry);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }

    /// The entry of the image with `content_hash`, uploaded from `path`.
    pub fn find(&self, content_hash: &str, path: &Path) -> Option<&MetadataEntry> {
        if let Some(entry) = self.by_hash.get(content_hash) {
            return Some(entry);
        }
        let relative = absolute(path)
            .strip_prefix(&self.root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        let hash = self
            .by_path
            .get(&relative)
            .or_else(|| self.by_stem.get(&without_extension(&relative)))?;
        self.by_hash.get(hash)
    }
}

fn without_extension(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, extension)) if !extension.contains('/') => stem.to_string(),
        _ => path.to_string(),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::time::Timestamp;

    #[test]
    fn entries_are_found_by_hash_then_path_then_stem() {
        let folder = tempfile::tempdir().unwrap();
        let mut file = MetadataFile::default();
        file.entries.insert(
            "h1".into(),
            MetadataEntry {
                path: "photos/cat.jpg".into(),
                alt_text: Some("A cat".into()),
                decorative: false,
                generated_at: Timestamp(0),
                ..MetadataEntry::default()
            },
        );
        let index = MetadataIndex::new(file, folder.path());
        let elsewhere = Path::new("/nowhere/x.jpg");
        assert!(index.find("h1", elsewhere).is_some());
        assert!(index.find("h2", elsewhere).is_none());
        let same_path = folder.path().join("photos/cat.jpg");
        assert!(index.find("h2", &same_path).is_some());
        let other_format = folder.path().join("photos/cat.webp");
        assert_eq!(
            index.find("h3", &other_format).unwrap().alt_text.as_deref(),
            Some("A cat")
        );
        assert!(index
            .find("h4", &folder.path().join("photos/dog.webp"))
            .is_none());
    }

    #[test]
    fn only_the_fields_an_entry_has_are_set() {
        let entry = MetadataEntry {
            path: "a.png".into(),
            decorative: true,
            title: Some("Flourish".into()),
            generated_at: Timestamp(0),
            ..MetadataEntry::default()
        };
        let fields = fields_of(&entry);
        assert_eq!(fields.alt_text.as_deref(), Some(""));
        assert_eq!(fields.title.as_deref(), Some("Flourish"));
        assert_eq!(fields.caption, None);
    }
}
