//! `altloom-meta.json`: the AI (and human) metadata of a run's images, written by `altloom alt`
//! and `altloom optimize --alt` beside the outputs and read back by the review, the CSV
//! export and import, and the WordPress push.
//!
//! Entries are keyed by the BLAKE3 content hash of the source image, so a renamed or copied file
//! keeps its text, and the same picture is described once. Every entry says who wrote it
//! (`source`: `ai` or `human`) and whether a person has looked at it (`reviewed`); text a person
//! wrote is never replaced unless the user asks for it (`--overwrite`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::alt_text::{AltTextResult, MetadataField};
use crate::time::Timestamp;

/// The file's name in a run's root folder.
pub const METADATA_FILE_NAME: &str = "altloom-meta.json";

/// The version of the file's layout. Readers refuse a file with a higher version, which a newer
/// Altloom wrote, rather than misread it.
pub const METADATA_SCHEMA_VERSION: u32 = 1;

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataFile {
    pub schema_version: u32,
    /// Entries by the hex BLAKE3 hash of the source image's bytes.
    #[serde(default)]
    pub entries: BTreeMap<String, MetadataEntry>,
}

impl Default for MetadataFile {
    fn default() -> MetadataFile {
        MetadataFile {
            schema_version: METADATA_SCHEMA_VERSION,
            entries: BTreeMap::new(),
        }
    }
}

/// Who wrote an entry's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataSource {
    /// A model wrote it (through the Altloom server or the user's own endpoint).
    #[default]
    Ai,
    /// A person wrote or edited it (review, CSV import, or the site).
    Human,
}

impl MetadataSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MetadataSource::Ai => "ai",
            MetadataSource::Human => "human",
        }
    }
}

/// The metadata of one image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataEntry {
    /// Where the image was found, relative to the run's root (for people and for matching
    /// uploads; the hash is what identifies the image).
    pub path: String,
    /// The alt text; empty when the image is decorative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// True when the image adds nothing a reader would miss; its alt text is then empty.
    #[serde(default)]
    pub decorative: bool,
    /// A short lowercase file-name suggestion (`red-bicycle-against-brick-wall`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename_slug: Option<String>,
    #[serde(default)]
    pub source: MetadataSource,
    /// True once a person has accepted or edited the entry.
    #[serde(default)]
    pub reviewed: bool,
    /// The model that wrote the text, for AI entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The language the text is written in (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When the text was written or last changed.
    pub generated_at: Timestamp,
}

impl MetadataEntry {
    /// An AI entry from a model's answer.
    pub fn from_ai(path: String, result: &AltTextResult, generated_at: Timestamp) -> MetadataEntry {
        MetadataEntry {
            path,
            alt_text: if result.decorative {
                Some(String::new())
            } else {
                result.alt_text.clone()
            },
            title: result.title.clone(),
            caption: result.caption.clone(),
            description: result.description.clone(),
            decorative: result.decorative,
            filename_slug: Some(result.filename_slug.clone()).filter(|slug| !slug.is_empty()),
            source: MetadataSource::Ai,
            reviewed: false,
            model: Some(result.model.clone()).filter(|model| !model.is_empty()),
            language: Some(result.language.clone()).filter(|language| !language.is_empty()),
            generated_at,
        }
    }

    /// The text of one field, if it has some. A decorative image's alt text counts as present:
    /// its empty alt is the answer.
    pub fn field(&self, field: MetadataField) -> Option<&str> {
        let value = match field {
            MetadataField::Alt if self.decorative => return Some(""),
            MetadataField::Alt => &self.alt_text,
            MetadataField::Title => &self.title,
            MetadataField::Caption => &self.caption,
            MetadataField::Description => &self.description,
        };
        value.as_deref().filter(|text| !text.trim().is_empty())
    }

    /// Sets one field's text (`None` clears it).
    pub fn set_field(&mut self, field: MetadataField, text: Option<String>) {
        let slot = match field {
            MetadataField::Alt => &mut self.alt_text,
            MetadataField::Title => &mut self.title,
            MetadataField::Caption => &mut self.caption,
            MetadataField::Description => &mut self.description,
        };
        *slot = text;
    }

    /// True when the field holds text (or, for the alt text, the image is decorative).
    pub fn has_field(&self, field: MetadataField) -> bool {
        self.field(field).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decorative_answer_has_an_empty_alt_that_counts_as_present() {
        let result = AltTextResult {
            alt_text: Some("ignored".into()),
            decorative: true,
            filename_slug: "flourish".into(),
            model: "m".into(),
            language: "en".into(),
            credits_used: 1,
            ..AltTextResult::default()
        };
        let entry = MetadataEntry::from_ai("a.png".into(), &result, Timestamp(0));
        assert_eq!(entry.alt_text.as_deref(), Some(""));
        assert!(entry.has_field(MetadataField::Alt));
        assert!(!entry.has_field(MetadataField::Title));
        assert_eq!(entry.source, MetadataSource::Ai);
    }

    #[test]
    fn the_file_reads_back_what_it_wrote() {
        let mut file = MetadataFile::default();
        file.entries.insert(
            "abc".into(),
            MetadataEntry {
                path: "photos/cat.jpg".into(),
                alt_text: Some("A grey cat asleep on a windowsill".into()),
                source: MetadataSource::Human,
                reviewed: true,
                generated_at: Timestamp(1_700_000_000),
                ..MetadataEntry::default()
            },
        );
        let text = serde_json::to_string(&file).unwrap();
        assert!(text.contains("\"source\":\"human\""), "{text}");
        assert!(text.contains("\"schema_version\":1"), "{text}");
        assert_eq!(serde_json::from_str::<MetadataFile>(&text).unwrap(), file);
    }
}
