//! Backups for `--in-place`: originals are copied into a backup folder before being replaced, and
//! a manifest there lets `altloom restore` put every file back where it came from.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::cache::content_hash;
use super::output::write_atomically;

/// The manifest's file name inside the backup folder.
pub const MANIFEST_NAME: &str = "altloom-backup.json";

/// One backed-up original.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupEntry {
    /// Absolute path of the original file.
    pub original: PathBuf,
    /// Path of the copy, relative to the backup folder.
    pub copy: PathBuf,
    /// BLAKE3 of the original bytes, checked before restoring.
    pub hash: String,
}

#[derive(Default, Serialize, Deserialize)]
struct Manifest {
    entries: Vec<BackupEntry>,
}

/// Errors of backing up and restoring.
#[derive(Debug, Error)]
pub enum BackupError {
    #[error("cannot read the backup manifest {path}: {reason}")]
    Manifest { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
}

/// A backup folder being filled by one batch.
pub struct BackupFolder {
    folder: PathBuf,
    manifest: Mutex<Manifest>,
}

impl BackupFolder {
    /// Opens (or starts) the backup folder, keeping earlier entries.
    pub fn open(folder: &Path) -> Result<BackupFolder, BackupError> {
        let manifest = read_manifest(folder)?;
        Ok(BackupFolder {
            folder: folder.to_path_buf(),
            manifest: Mutex::new(manifest),
        })
    }

    /// Copies `original` (found at `relative` below its input folder) into the backup folder.
    /// An original that is already backed up is left alone: the first backup is the true
    /// original, and a second run must never overwrite it with an already-optimised copy.
    pub fn back_up(
        &self,
        original: &Path,
        relative: &Path,
        bytes: &[u8],
    ) -> Result<(), BackupError> {
        let original = original.canonicalize().map_err(|error| BackupError::File {
            path: original.to_path_buf(),
            reason: error.to_string(),
        })?;
        let mut manifest = self
            .manifest
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if manifest
            .entries
            .iter()
            .any(|entry| entry.original == original)
        {
            return Ok(());
        }
        let mut copy = relative.to_path_buf();
        let mut counter = 1;
        while manifest.entries.iter().any(|entry| entry.copy == copy) {
            copy = PathBuf::from(format!("{}.{counter}", relative.display()));
            counter += 1;
        }
        write_atomically(&self.folder.join(&copy), bytes, Some(&original)).map_err(|error| {
            BackupError::File {
                path: self.folder.join(&copy),
                reason: error.to_string(),
            }
        })?;
        manifest.entries.push(BackupEntry {
            original,
            copy,
            hash: content_hash(bytes),
        });
        // The manifest is rewritten after every copy so an interrupted run can still be restored.
        write_manifest(&self.folder, &manifest)
    }
}

fn read_manifest(folder: &Path) -> Result<Manifest, BackupError> {
    let path = folder.join(MANIFEST_NAME);
    match fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| BackupError::Manifest {
            path,
            reason: error.to_string(),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(error) => Err(BackupError::Manifest {
            path,
            reason: error.to_string(),
        }),
    }
}

fn write_manifest(folder: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let path = folder.join(MANIFEST_NAME);
    let bytes = serde_json::to_vec_pretty(manifest).map_err(|error| BackupError::Manifest {
        path: path.clone(),
        reason: error.to_string(),
    })?;
    write_atomically(&path, &bytes, None).map_err(|error| BackupError::Manifest {
        path,
        reason: error.to_string(),
    })
}

/// The result of restoring one file.
#[derive(Debug)]
pub struct Restored {
    pub original: PathBuf,
    pub outcome: Result<(), BackupError>,
}

/// Puts every backed-up original back in place, atomically and after checking the copy's hash.
pub fn restore(folder: &Path) -> Result<Vec<Restored>, BackupError> {
    let manifest_path = folder.join(MANIFEST_NAME);
    if !manifest_path.exists() {
        return Err(BackupError::Manifest {
            path: manifest_path,
            reason: "not found: this folder holds no altloom backup".into(),
        });
    }
    let manifest = read_manifest(folder)?;
    Ok(manifest
        .entries
        .into_iter()
        .map(|entry| {
            let outcome = restore_one(folder, &entry);
            Restored {
                original: entry.original,
                outcome,
            }
        })
        .collect())
}

fn restore_one(folder: &Path, entry: &BackupEntry) -> Result<(), BackupError> {
    let copy = folder.join(&entry.copy);
    let bytes = fs::read(&copy).map_err(|error| BackupError::File {
        path: copy.clone(),
        reason: error.to_string(),
    })?;
    if content_hash(&bytes) != entry.hash {
        return Err(BackupError::File {
            path: copy,
            reason: "the backup copy has changed since it was made; not restored".into(),
        });
    }
    write_atomically(&entry.original, &bytes, Some(&copy)).map_err(|error| BackupError::File {
        path: entry.original.clone(),
        reason: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_up_then_restore_brings_the_original_back() {
        let work = tempfile::tempdir().unwrap();
        let original = work.path().join("photo.jpg");
        fs::write(&original, b"original bytes").unwrap();
        let backup_folder = work.path().join("backup");
        let backup = BackupFolder::open(&backup_folder).unwrap();
        backup
            .back_up(&original, Path::new("photo.jpg"), b"original bytes")
            .unwrap();
        fs::write(&original, b"optimised").unwrap();
        // A second backup of the same file must not replace the true original.
        let again = BackupFolder::open(&backup_folder).unwrap();
        again
            .back_up(&original, Path::new("photo.jpg"), b"optimised")
            .unwrap();

        let restored = restore(&backup_folder).unwrap();
        assert_eq!(restored.len(), 1);
        assert!(restored[0].outcome.is_ok());
        assert_eq!(fs::read(&original).unwrap(), b"original bytes");
    }

    #[test]
    fn a_tampered_copy_is_not_restored() {
        let work = tempfile::tempdir().unwrap();
        let original = work.path().join("a.png");
        fs::write(&original, b"abc").unwrap();
        let backup_folder = work.path().join("backup");
        BackupFolder::open(&backup_folder)
            .unwrap()
            .back_up(&original, Path::new("a.png"), b"abc")
            .unwrap();
        fs::write(backup_folder.join("a.png"), b"tampered").unwrap();
        fs::write(&original, b"new").unwrap();
        let restored = restore(&backup_folder).unwrap();
        assert!(restored[0].outcome.is_err());
        assert_eq!(fs::read(&original).unwrap(), b"new");
    }

    #[test]
    fn restoring_from_a_folder_without_manifest_is_a_clear_error() {
        let work = tempfile::tempdir().unwrap();
        let error = restore(work.path()).unwrap_err();
        assert!(error.to_string().contains("no altloom backup"));
    }
}
