//! The incremental cache: which inputs were already optimised with the same settings and tool
//! version, and what they produced, so a rerun skips them while their outputs are intact.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use altloom_shared::report::FileReport;
use serde::{Deserialize, Serialize};

use super::output::write_atomically;

/// One output as recorded in the cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedOutput {
    pub path: PathBuf,
    pub bytes: u64,
    pub hash: String,
}

/// One remembered optimisation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CacheEntry {
    pub outputs: Vec<CachedOutput>,
    pub report: FileReport,
}

#[derive(Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: HashMap<String, CacheEntry>,
}

const CACHE_FORMAT_VERSION: u32 = 1;

/// The cache, shared by the workers of one batch and saved at the end.
pub struct Cache {
    path: Option<PathBuf>,
    entries: Mutex<HashMap<String, CacheEntry>>,
}

impl Cache {
    /// Loads the cache at `path`; a missing or unreadable cache is simply empty (it is only an
    /// accelerator, and a damaged one must never stop a run).
    pub fn load(path: Option<PathBuf>) -> Cache {
        let entries = path
            .as_deref()
            .and_then(|path| fs::read(path).ok())
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.version == CACHE_FORMAT_VERSION)
            .map(|file| file.entries)
            .unwrap_or_default();
        Cache {
            path,
            entries: Mutex::new(entries),
        }
    }

    /// The cache key of an input: its content, the settings and the tool version together.
    pub fn key(content_hash: &str, settings_fingerprint: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(content_hash.as_bytes());
        hasher.update(b"\0");
        hasher.update(settings_fingerprint.as_bytes());
        hasher.update(b"\0");
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.finalize().to_hex().to_string()
    }

    /// The entry for `key` if every output it lists still exists with the recorded content.
    pub fn valid_entry(&self, key: &str) -> Option<CacheEntry> {
        let entry = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .get(key)
            .cloned()?;
        let intact = entry.outputs.iter().all(output_is_intact);
        intact.then_some(entry)
    }

    pub fn record(&self, key: String, entry: CacheEntry) {
        self.entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .insert(key, entry);
    }

    /// Saves the cache atomically. Failing to save only costs speed next time, so the error is
    /// returned for a warning rather than failing the batch.
    pub fn save(&self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone();
        let file = CacheFile {
            version: CACHE_FORMAT_VERSION,
            entries,
        };
        let bytes = serde_json::to_vec(&file).map_err(|error| error.to_string())?;
        write_atomically(path, &bytes, None).map_err(|error| error.to_string())
    }
}

/// Hex BLAKE3 of some bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn output_is_intact(output: &CachedOutput) -> bool {
    let Ok(metadata) = fs::metadata(&output.path) else {
        return false;
    };
    if metadata.len() != output.bytes {
        return false;
    }
    fs::read(&output.path).is_ok_and(|bytes| content_hash(&bytes) == output.hash)
}

/// Records the outputs at `paths` as they are on disk now.
pub fn describe_outputs(paths: &[PathBuf]) -> Option<Vec<CachedOutput>> {
    paths
        .iter()
        .map(|path| {
            let bytes = fs::read(path).ok()?;
            Some(CachedOutput {
                path: absolute(path),
                bytes: bytes.len() as u64,
                hash: content_hash(&bytes),
            })
        })
        .collect()
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::report::{FileStatus, MetadataReport};

    fn report() -> FileReport {
        FileReport {
            path: "a.jpg".into(),
            content_hash: "h".into(),
            format: None,
            width: None,
            height: None,
            bytes: 1,
            status: FileStatus::Optimized,
            outputs: vec![],
            metadata: MetadataReport::default(),
            colour: None,
            warnings: vec![],
            error: None,
        }
    }

    #[test]
    fn entries_survive_a_save_and_are_invalidated_by_changed_outputs() {
        let folder = tempfile::tempdir().unwrap();
        let output = folder.path().join("a.webp");
        fs::write(&output, b"encoded").unwrap();
        let cache_path = folder.path().join(".altloom-cache.json");
        let cache = Cache::load(Some(cache_path.clone()));
        let key = Cache::key("h", "settings");
        cache.record(
            key.clone(),
            CacheEntry {
                outputs: describe_outputs(std::slice::from_ref(&output)).unwrap(),
                report: report(),
            },
        );
        cache.save().unwrap();

        let reloaded = Cache::load(Some(cache_path));
        assert!(reloaded.valid_entry(&key).is_some());
        assert!(reloaded
            .valid_entry(&Cache::key("h", "other settings"))
            .is_none());
        fs::write(&output, b"changed").unwrap();
        assert!(
            reloaded.valid_entry(&key).is_none(),
            "a changed output must not count"
        );
        fs::remove_file(&output).unwrap();
        assert!(
            reloaded.valid_entry(&key).is_none(),
            "a deleted output must not count"
        );
    }

    #[test]
    fn a_damaged_cache_file_is_treated_as_empty() {
        let folder = tempfile::tempdir().unwrap();
        let cache_path = folder.path().join("cache.json");
        fs::write(&cache_path, b"{not json").unwrap();
        let cache = Cache::load(Some(cache_path));
        assert!(cache.valid_entry("anything").is_none());
    }
}
