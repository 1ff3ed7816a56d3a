//! Output naming and atomic file writes: a temporary file in the destination folder, renamed over
//! the final name only once it is complete, so no reader ever sees half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::FileError;
use super::options::NameTemplate;

/// Prefix of temporary files; discovery skips them and a later run removes stale ones.
pub const TEMPORARY_PREFIX: &str = ".altloom-tmp-";

/// Where one output goes. `width` is `None` for the full-size output, which keeps the input's stem.
pub fn output_path(
    folder: &Path,
    stem: &str,
    extension: &str,
    width: Option<u32>,
    template: &NameTemplate,
) -> PathBuf {
    match width {
        None => folder.join(format!("{stem}.{extension}")),
        Some(width) => folder.join(template.render(stem, width, extension)),
    }
}

/// Writes `bytes` to `path` atomically, creating parent folders. When `permissions_from` names an
/// existing file (in-place replacement), its permissions are carried over.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    permissions_from: Option<&Path>,
) -> Result<(), FileError> {
    let write_error = |source: std::io::Error| FileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let parent = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(write_error)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX);
    // Temporary files are private by default; outputs are ordinary files that a web server must
    // be able to read, so they get the usual 0666 minus the umask, like any newly created file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(parent).map_err(write_error)?;
    temporary.write_all(bytes).map_err(write_error)?;
    // Flush to disk before the rename so a power cut cannot leave a complete-looking empty file.
    temporary.as_file().sync_all().map_err(write_error)?;
    if let Some(source) = permissions_from {
        if let Ok(metadata) = fs::metadata(source) {
            fs::set_permissions(temporary.path(), metadata.permissions()).map_err(write_error)?;
        }
    }
    temporary
        .persist(path)
        .map_err(|error| write_error(error.error))?;
    Ok(())
}

/// Removes temporary files a killed run left behind below `folder`.
pub fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            remove_stale_temporaries(&path);
        } else if entry
            .file_name()
            .to_string_lossy()
            .starts_with(TEMPORARY_PREFIX)
        {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporaries() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("nested/out.bin");
        write_atomically(&target, b"first", None).unwrap();
        write_atomically(&target, b"second", None).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .flatten()
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(TEMPORARY_PREFIX)
            })
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_by_others_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.bin");
        write_atomically(&target, b"x", None).unwrap();
        let plain = folder.path().join("plain.bin");
        fs::write(&plain, b"x").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&target),
            mode(&plain),
            "same mode as a file created normally"
        );
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("a")).unwrap();
        let stale = folder.path().join("a").join(format!("{TEMPORARY_PREFIX}x"));
        fs::write(&stale, b"junk").unwrap();
        fs::write(folder.path().join("a/keep.jpg"), b"keep").unwrap();
        remove_stale_temporaries(folder.path());
        assert!(!stale.exists());
        assert!(folder.path().join("a/keep.jpg").exists());
    }

    #[test]
    fn variant_names_follow_the_template() {
        let template = NameTemplate::default();
        let path = output_path(Path::new("out"), "cat", "webp", Some(480), &template);
        assert_eq!(path, Path::new("out/cat-480w.webp"));
        let full = output_path(Path::new("out"), "cat", "webp", None, &template);
        assert_eq!(full, Path::new("out/cat.webp"));
    }
}
