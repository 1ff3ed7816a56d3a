//! The cache of model answers, by content hash, the fields and options asked for, and who
//! answered (the account server or the user's own endpoint and model). A rerun, a new output
//! folder or a deleted metadata file then costs no credits and no waiting. It lives in the user
//! cache folder and is only an accelerator: a missing or damaged cache is simply empty.

use std::collections::HashMap;
use std::path::PathBuf;

use altloom_shared::api::alt_text::{AltTextOptions, AltTextResult, MetadataField};
use serde::{Deserialize, Serialize};

use crate::engine::output::write_atomically;

const CACHE_FORMAT_VERSION: u32 = 1;

/// At most this many answers are kept; the oldest go first.
const MAXIMUM_ENTRIES: usize = 50_000;

#[derive(Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: HashMap<String, CachedAnswer>,
}

#[derive(Clone, Serialize, Deserialize)]
struct CachedAnswer {
    /// Unix seconds when the answer was stored, for trimming.
    stored_at: i64,
    result: AltTextResult,
}

/// The answers of earlier runs.
pub struct AnswerCache {
    path: Option<PathBuf>,
    entries: HashMap<String, CachedAnswer>,
    changed: bool,
}

impl AnswerCache {
    /// The cache in the user cache folder (`$XDG_CACHE_HOME/altloom/alt-answers.json`).
    pub fn open_default() -> AnswerCache {
        let path = directories::ProjectDirs::from("", "", "altloom")
            .map(|folders| folders.cache_dir().join("alt-answers.json"));
        AnswerCache::open(path)
    }

    /// The cache at `path`, or an in-memory one that is never saved.
    pub fn open(path: Option<PathBuf>) -> AnswerCache {
        let entries = path
            .as_deref()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.version == CACHE_FORMAT_VERSION)
            .map(|file| file.entries)
            .unwrap_or_default();
        AnswerCache {
            path,
            entries,
            changed: false,
        }
    }

    /// The key of one question: the image, exactly what was asked, and who answers.
    pub fn key(
        content_hash: &str,
        fields: &[MetadataField],
        options: &AltTextOptions,
        answerer: &str,
    ) -> String {
        let mut hasher = blake3::Hasher::new();
        for part in [
            content_hash.to_string(),
            fields
                .iter()
                .map(|field| field.as_str())
                .collect::<Vec<_>>()
                .join(","),
            serde_json::to_string(options).unwrap_or_default(),
            answerer.to_string(),
        ] {
            hasher.update(part.as_bytes());
            hasher.update(b"\0");
        }
        hasher.finalize().to_hex().to_string()
    }

    pub fn get(&self, key: &str) -> Option<AltTextResult> {
        self.entries.get(key).map(|answer| answer.result.clone())
    }

    /// An answer for this image that covers `fields`: the one asked for exactly these fields,
    /// else one asked for more of them (an answer that wrote a caption too is as good for the
    /// alt text alone). Its extra fields are the caller's to ignore.
    pub fn covering(
        &self,
        content_hash: &str,
        fields: &[MetadataField],
        options: &AltTextOptions,
        answerer: &str,
    ) -> Option<AltTextResult> {
        let exact = AnswerCache::key(content_hash, fields, options, answerer);
        if let Some(answer) = self.get(&exact) {
            return Some(answer);
        }
        // Every other set of fields that includes the wanted ones, in the canonical order.
        (0..1u8 << MetadataField::ALL.len())
            .map(|mask| {
                MetadataField::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, field)| field)
                    .collect::<Vec<_>>()
            })
            .filter(|set| {
                set.len() > fields.len() && fields.iter().all(|field| set.contains(field))
            })
            .find_map(|set| self.get(&AnswerCache::key(content_hash, &set, options, answerer)))
    }

    pub fn insert(&mut self, key: String, result: AltTextResult) {
        let stored_at = altloom_shared::time::Timestamp::now().unix_seconds();
        self.entries.insert(key, CachedAnswer { stored_at, result });
        self.changed = true;
    }

    /// Saves the cache when it changed; failing only costs a later run, so the error is
    /// returned for a warning.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if !self.changed {
            return Ok(());
        }
        if self.entries.len() > MAXIMUM_ENTRIES {
            let mut ages: Vec<(i64, String)> = self
                .entries
                .iter()
                .map(|(key, answer)| (answer.stored_at, key.clone()))
                .collect();
            ages.sort();
            let excess = self.entries.len() - MAXIMUM_ENTRIES;
            for (_, key) in ages.into_iter().take(excess) {
                self.entries.remove(&key);
            }
        }
        let file = CacheFile {
            version: CACHE_FORMAT_VERSION,
            entries: self.entries.clone(),
        };
        let bytes = serde_json::to_vec(&file).map_err(|error| error.to_string())?;
        write_atomically(path, &bytes, None).map_err(|error| error.to_string())?;
        self.changed = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_survive_a_save_and_depend_on_what_was_asked() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("alt-answers.json");
        let options = AltTextOptions::default();
        let key = AnswerCache::key("h", &[MetadataField::Alt], &options, "altloom");
        let mut cache = AnswerCache::open(Some(path.clone()));
        cache.insert(
            key.clone(),
            AltTextResult {
                alt_text: Some("A cat".into()),
                ..AltTextResult::default()
            },
        );
        cache.save().unwrap();
        let reopened = AnswerCache::open(Some(path.clone()));
        assert_eq!(
            reopened.get(&key).unwrap().alt_text.as_deref(),
            Some("A cat")
        );
        let german = AltTextOptions {
            language: Some("de".into()),
            ..AltTextOptions::default()
        };
        for other in [
            AnswerCache::key("h", &[MetadataField::Alt], &german, "altloom"),
            AnswerCache::key("h", &MetadataField::ALL, &options, "altloom"),
            AnswerCache::key("h", &[MetadataField::Alt], &options, "http://x m"),
        ] {
            assert!(reopened.get(&other).is_none());
        }
        // An answer for more fields serves fewer; one for other fields does not.
        let mut wider = AnswerCache::open(None);
        let both = [MetadataField::Alt, MetadataField::Caption];
        wider.insert(
            AnswerCache::key("h", &both, &options, "altloom"),
            AltTextResult {
                alt_text: Some("A dog".into()),
                ..AltTextResult::default()
            },
        );
        let alone = wider.covering("h", &[MetadataField::Alt], &options, "altloom");
        assert_eq!(alone.unwrap().alt_text.as_deref(), Some("A dog"));
        assert!(wider
            .covering("h", &[MetadataField::Title], &options, "altloom")
            .is_none());
        assert!(wider
            .covering("h", &MetadataField::ALL, &options, "altloom")
            .is_none());
        assert!(wider
            .covering("other", &[MetadataField::Alt], &options, "altloom")
            .is_none());
        std::fs::write(&path, b"{damaged").unwrap();
        assert!(AnswerCache::open(Some(path)).get(&key).is_none());
    }
}
