//! Finds the input images: files and folders, recursive, with include/exclude globs, honouring
//! .gitignore and .ignore, never reading the tool's own output or backup folders, and keeping
//! only this runner's part of the batch when it is sharded.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};

use super::error::BatchError;
use super::output::TEMPORARY_PREFIX;
use super::shard::Shard;
use super::sniff::has_image_extension;

/// How to look for inputs.
#[derive(Clone, Debug, Default)]
pub struct DiscoveryOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Honour .gitignore, .ignore and global git excludes.
    pub respect_ignore_files: bool,
    /// Folders never to read from (the output and backup folders).
    pub skip_folders: Vec<PathBuf>,
    /// Keep only the files of this shard (decided by each file's relative path), so several
    /// runners can share one batch.
    pub shard: Option<Shard>,
}

/// One input file and where it sits relative to the folder it was found in; the relative path is
/// what an output folder mirrors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    pub relative: PathBuf,
}

/// Inputs found, plus arguments that could not be used (a path that does not exist).
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    pub problems: Vec<(PathBuf, String)>,
}

/// Walks every path argument. A file named directly is always taken (its content decides whether
/// it is an image); inside folders only files with an image extension are taken.
pub fn discover(paths: &[PathBuf], options: &DiscoveryOptions) -> Result<Discovered, BatchError> {
    let skip: Vec<PathBuf> = options
        .skip_folders
        .iter()
        .filter_map(|folder| folder.canonicalize().ok())
        .collect();
    let mut discovered = Discovered::default();
    let folder_count = paths.iter().filter(|path| path.is_dir()).count();
    for path in paths {
        if path.is_file() {
            let name = path.file_name().map(PathBuf::from).unwrap_or_default();
            discovered.files.push(InputFile {
                path: path.clone(),
                relative: name,
            });
        } else if path.is_dir() {
            // With several folders, each keeps its own name in the mirrored tree so equal
            // relative paths from different folders cannot collide.
            let prefix = if folder_count > 1 {
                path.canonicalize()
                    .ok()
                    .and_then(|full| full.file_name().map(PathBuf::from))
                    .unwrap_or_default()
            } else {
                PathBuf::new()
            };
            walk_folder(path, &prefix, options, &skip, &mut discovered)?;
        } else {
            discovered
                .problems
                .push((path.clone(), "no such file or folder".to_string()));
        }
    }
    if let Some(shard) = &options.shard {
        discovered
            .files
            .retain(|file| shard.contains(&file.relative));
    }
    discovered.files.sort();
    discovered.files.dedup_by(|a, b| a.path == b.path);
    Ok(discovered)
}

fn walk_folder(
    root: &Path,
    prefix: &Path,
    options: &DiscoveryOptions,
    skip: &[PathBuf],
    discovered: &mut Discovered,
) -> Result<(), BatchError> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in &options.include {
        overrides.add(glob).map_err(|error| BatchError::Glob {
            glob: glob.clone(),
            reason: error.to_string(),
        })?;
    }
    for glob in &options.exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|error| BatchError::Glob {
                glob: glob.clone(),
                reason: error.to_string(),
            })?;
    }
    let overrides = overrides.build().map_err(|error| BatchError::Glob {
        glob: options.include.join(", "),
        reason: error.to_string(),
    })?;
    let mut builder = WalkBuilder::new(root);
    builder
        .overrides(overrides)
        .git_ignore(options.respect_ignore_files)
        .git_global(options.respect_ignore_files)
        .git_exclude(options.respect_ignore_files)
        .ignore(options.respect_ignore_files)
        .parents(options.respect_ignore_files)
        // A folder of images is rarely a git repository; its .gitignore still says what to skip.
        .require_git(false)
        .hidden(true);
    let skip_owned = skip.to_vec();
    builder.filter_entry(move |entry| {
        let is_skipped_folder = entry.file_type().is_some_and(|kind| kind.is_dir())
            && entry
                .path()
                .canonicalize()
                .is_ok_and(|full| skip_owned.iter().any(|folder| folder == &full));
        !is_skipped_folder
    });
    let found = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                    let name = entry.file_name().to_string_lossy();
                    if is_file
                        && !name.starts_with(TEMPORARY_PREFIX)
                        && has_image_extension(entry.path())
                    {
                        let relative = entry
                            .path()
                            .strip_prefix(root)
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|_| PathBuf::from(entry.file_name()));
                        found
                            .lock()
                            .unwrap_or_else(|poison| poison.into_inner())
                            .push(InputFile {
                                path: entry.path().to_path_buf(),
                                relative: prefix.join(relative),
                            });
                    }
                }
                Err(error) => problems
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner())
                    .push((root.to_path_buf(), error.to_string())),
            }
            WalkState::Continue
        })
    });
    discovered.files.extend(
        found
            .into_inner()
            .unwrap_or_else(|poison| poison.into_inner()),
    );
    discovered.problems.extend(
        problems
            .into_inner()
            .unwrap_or_else(|poison| poison.into_inner()),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"x").unwrap();
    }

    #[test]
    fn walks_recursively_with_globs_ignore_files_and_skipped_folders() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        touch(&root.join("a.jpg"));
        touch(&root.join("deep/b.png"));
        touch(&root.join("deep/notes.txt"));
        touch(&root.join("ignored/c.jpg"));
        touch(&root.join("out/d.jpg"));
        touch(&root.join("raw/e.webp"));
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let options = DiscoveryOptions {
            include: vec![],
            exclude: vec!["raw/**".into()],
            respect_ignore_files: true,
            skip_folders: vec![root.join("out")],
            shard: None,
        };
        let found = discover(&[root.to_path_buf()], &options).unwrap();
        let relative: Vec<_> = found
            .files
            .iter()
            .map(|file| file.relative.clone())
            .collect();
        assert_eq!(
            relative,
            vec![PathBuf::from("a.jpg"), PathBuf::from("deep/b.png")]
        );

        let without_ignore = DiscoveryOptions {
            respect_ignore_files: false,
            ..options
        };
        let found = discover(&[root.to_path_buf()], &without_ignore).unwrap();
        assert!(found
            .files
            .iter()
            .any(|file| file.relative == Path::new("ignored/c.jpg")));
    }

    #[test]
    fn missing_paths_are_reported_not_fatal() {
        let found = discover(
            &[PathBuf::from("/no/such/place")],
            &DiscoveryOptions::default(),
        )
        .unwrap();
        assert!(found.files.is_empty());
        assert_eq!(found.problems.len(), 1);
    }

    #[test]
    fn include_globs_narrow_the_walk() {
        let folder = tempfile::tempdir().unwrap();
        touch(&folder.path().join("a.jpg"));
        touch(&folder.path().join("b.png"));
        let options = DiscoveryOptions {
            include: vec!["*.png".into()],
            ..Default::default()
        };
        let found = discover(&[folder.path().to_path_buf()], &options).unwrap();
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.files[0].relative, Path::new("b.png"));
    }

    #[test]
    fn sharded_discovery_splits_the_tree_with_no_overlap_and_no_gaps() {
        let folder = tempfile::tempdir().unwrap();
        for number in 0..60 {
            touch(
                &folder
                    .path()
                    .join(format!("set-{}/photo-{number}.jpg", number % 3)),
            );
        }
        let everything = discover(&[folder.path().to_path_buf()], &DiscoveryOptions::default())
            .unwrap()
            .files;
        assert_eq!(everything.len(), 60);
        let mut union = Vec::new();
        for number in 1..=4 {
            let options = DiscoveryOptions {
                shard: Some(Shard::new(number, 4).unwrap()),
                ..Default::default()
            };
            let part = discover(&[folder.path().to_path_buf()], &options)
                .unwrap()
                .files;
            assert!(!part.is_empty(), "shard {number}/4 of 60 files is empty");
            union.extend(part);
        }
        union.sort();
        let before = union.len();
        union.dedup();
        assert_eq!(before, union.len(), "a file is in two shards");
        assert_eq!(union, everything, "the shards together are the whole batch");
    }
}
