//! The key file: one base64 key per line, the current key first; the lines after it are previous
//! keys, which only decrypt (they are there during a rotation). Lines starting with `#` are
//! comments.
//!
//! The file is created on first start with mode 0600: written to a temporary file in the same
//! folder and then hard-linked into place, which fails when the name exists. So an existing key
//! file is never overwritten, and two servers starting at once both end up with whichever key
//! was linked first. A rotation replaces the file with a rename, which is atomic too.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rand::distr::{Alphanumeric, SampleString};

use super::{SecretKey, VaultError};

/// Largest key file read: a handful of keys fits in far less.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// What identifies one version of the key file, to notice a replacement cheaply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    length: u64,
    inode: u64,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            modified: metadata.modified().ok(),
            length: metadata.len(),
            inode,
        }
    }
}

fn file_error(path: &Path, reason: impl std::fmt::Display) -> VaultError {
    VaultError::KeyFile {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The current stamp of the file at `path`.
pub fn stamp(path: &Path) -> std::io::Result<Stamp> {
    std::fs::metadata(path).map(|metadata| Stamp::of(&metadata))
}

/// Reads the keys in `path`, the current one first, with the stamp of what was read.
pub fn read(path: &Path) -> Result<(Vec<SecretKey>, Stamp), VaultError> {
    let mut file = File::open(path).map_err(|error| file_error(path, error))?;
    let metadata = file.metadata().map_err(|error| file_error(path, error))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(file_error(path, "too large to be a key file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                "the secret key file can be read by other users; run `chmod 600` on it"
            );
        }
    }
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|error| file_error(path, error))?;
    let keys = parse(&text).map_err(|reason| file_error(path, reason))?;
    Ok((keys, Stamp::of(&metadata)))
}

/// Parses the file's text; errors name the line, never its content.
fn parse(text: &str) -> Result<Vec<SecretKey>, String> {
    let mut keys = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        keys.push(SecretKey::parse(line).map_err(|error| format!("line {}: {error}", number + 1))?);
    }
    if keys.is_empty() {
        return Err("it holds no key".to_string());
    }
    Ok(keys)
}

/// The file's text for `keys`, the current one first.
fn render(keys: &[SecretKey]) -> String {
    let mut text = String::from(
        "# altloom-server secret keys (base64). The first line seals new secrets; the lines after\n\
         # it are previous keys that still open older ones during a rotation. Keep this file\n\
         # private and back it up apart from the database: without it the stored Application\n\
         # Passwords cannot be read.\n",
    );
    for key in keys {
        text.push_str(&key.encode());
        text.push('\n');
    }
    text
}

/// Reads `path`, first creating it with one new key when it does not exist.
pub fn load_or_create(path: &Path) -> Result<(Vec<SecretKey>, Stamp), VaultError> {
    match read(path) {
        Err(VaultError::KeyFile { .. }) if !path.exists() => {}
        other => return other,
    }
    let folder = folder_of(path);
    std::fs::create_dir_all(&folder).map_err(|error| file_error(&folder, error))?;
    let key = SecretKey::generate();
    let temporary = write_private_temporary(path, &render(std::slice::from_ref(&key)))?;
    // A hard link never replaces an existing name: if another process created the file since the
    // check above, its key wins and this one is thrown away.
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {
            sync_folder(&folder);
            tracing::info!(
                path = %path.display(),
                key_id = %key.id(),
                "created a new secret key file; back it up apart from the database"
            );
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(file_error(path, error)),
    }
    read(path)
}

/// Replaces the file with `keys` (a rotation), atomically and keeping mode 0600.
pub fn replace(path: &Path, keys: &[SecretKey]) -> Result<(), VaultError> {
    let temporary = write_private_temporary(path, &render(keys))?;
    if let Err(error) = std::fs::rename(&temporary, path) {
        let _ = std::fs::remove_file(&temporary);
        return Err(file_error(path, error));
    }
    sync_folder(&folder_of(path));
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `contents` to a new file beside `path`, created with mode 0600 (never wider, not even
/// for a moment) and flushed to disk.
fn write_private_temporary(path: &Path, contents: &str) -> Result<PathBuf, VaultError> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "secret-keys".to_string());
    let temporary = folder_of(path).join(format!(
        ".{name}.tmp-{}",
        Alphanumeric.sample_string(&mut rand::rng(), 12)
    ));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(contents.as_bytes())?;
        file.sync_all()
    });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(file_error(path, error));
    }
    Ok(temporary)
}

/// Makes a new name in `folder` durable; a failure only weakens crash safety, so it is ignored.
fn sync_folder(folder: &Path) {
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_created_private_once_and_never_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("nested/secret-keys");
        let (first, stamp_before) = load_or_create(&path).unwrap();
        assert_eq!(first.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, stamp_again) = load_or_create(&path).unwrap();
        assert_eq!(again, first);
        assert_eq!(stamp_again, stamp_before);
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("secret-keys")]);

        let rotated = vec![SecretKey::generate(), first[0].clone()];
        replace(&path, &rotated).unwrap();
        assert_eq!(read(&path).unwrap().0, rotated);
        assert_ne!(stamp(&path).unwrap(), stamp_before);
    }

    #[test]
    fn bad_files_are_refused_without_echoing_them() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("secret-keys");
        std::fs::write(&path, "# only a comment\n").unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("no key"));
        std::fs::write(&path, "# comment\nhunter2-not-a-key\n").unwrap();
        let error = read(&path).unwrap_err().to_string();
        assert!(error.contains("line 2"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}
