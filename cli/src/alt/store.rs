//! Reading and writing `altloom-meta.json`: a missing file is an empty one, a damaged or newer
//! file is an error that names it (never silently replaced, since it may hold hours of a
//! person's review), and every write is atomic.

use std::path::{Path, PathBuf};

use altloom_shared::metadata_file::{MetadataFile, METADATA_SCHEMA_VERSION};
use thiserror::Error;

use crate::engine::output::write_atomically;

/// Why the metadata file cannot be used.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot read the metadata file {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("the metadata file {path} is damaged ({reason}); fix it by hand, restore it, or move it away to start a new one")]
    Damaged { path: PathBuf, reason: String },
    #[error("the metadata file {path} has schema version {found}, newer than this altloom reads ({supported}): upgrade altloom")]
    Newer {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("cannot write the metadata file {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// Loads the file at `path`; a file that does not exist yet is empty.
pub fn load(path: &Path) -> Result<MetadataFile, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(MetadataFile::default())
        }
        Err(error) => {
            return Err(StoreError::Read {
                path: path.to_path_buf(),
                reason: error.to_string(),
            })
        }
    };
    // The version is read first, so a newer layout is reported as such rather than as damage.
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        schema_version: u32,
    }
    let damaged = |reason: String| StoreError::Damaged {
        path: path.to_path_buf(),
        reason,
    };
    let version: VersionOnly =
        serde_json::from_slice(&bytes).map_err(|error| damaged(error.to_string()))?;
    if version.schema_version > METADATA_SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version.schema_version,
            supported: METADATA_SCHEMA_VERSION,
        });
    }
    let mut file: MetadataFile =
        serde_json::from_slice(&bytes).map_err(|error| damaged(error.to_string()))?;
    file.schema_version = METADATA_SCHEMA_VERSION;
    Ok(file)
}

/// Writes the file atomically (temporary file, fsync, rename), pretty-printed so it reads well
/// in a diff.
pub fn save(path: &Path, file: &MetadataFile) -> Result<(), StoreError> {
    let write_error = |reason: String| StoreError::Write {
        path: path.to_path_buf(),
        reason,
    };
    let mut bytes =
        serde_json::to_vec_pretty(file).map_err(|error| write_error(error.to_string()))?;
    bytes.push(b'\n');
    write_atomically(path, &bytes, None).map_err(|error| write_error(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::metadata_file::MetadataEntry;
    use altloom_shared::time::Timestamp;

    #[test]
    fn a_missing_file_is_empty_and_a_saved_one_reads_back() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("altloom-meta.json");
        assert!(load(&path).unwrap().entries.is_empty());
        let mut file = MetadataFile::default();
        file.entries.insert(
            "h".into(),
            MetadataEntry {
                path: "a.jpg".into(),
                alt_text: Some("Ein Hund, der über eine Wiese rennt".into()),
                generated_at: Timestamp(5),
                ..MetadataEntry::default()
            },
        );
        save(&path, &file).unwrap();
        assert_eq!(load(&path).unwrap(), file);
    }

    #[test]
    fn a_damaged_or_newer_file_is_an_error_and_stays_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("altloom-meta.json");
        std::fs::write(&path, b"{\"schema_version\": 1, \"entries\": {").unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("damaged"), "{message}");
        assert!(message.contains("altloom-meta.json"), "{message}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"schema_version\": 1, \"entries\": {"
        );

        std::fs::write(&path, b"{\"schema_version\": 7, \"entries\": {}}").unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("upgrade altloom"), "{message}");
    }
}
