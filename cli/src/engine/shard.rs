//! Sharding: splits one batch between N runners (CI jobs, Kubernetes pods) so that each file is
//! handled by exactly one of them, decided from its path alone.
//!
//! A file belongs to shard `hash(key) mod N`, where the key is its path relative to the folder
//! it was found in, with `/` separators and without its extension. The hash is BLAKE3, so every
//! machine, operating system and altloom version that uses this module agrees on the split
//! without talking to the others. Dropping the extension keeps `photo.jpg` and `photo.png` in
//! the same shard: both would write `photo.webp`, and only a runner that sees both can refuse the
//! second instead of two runners overwriting each other's output.

use std::fmt;
use std::path::{Component, Path};
use std::str::FromStr;

use thiserror::Error;

/// One part of a batch split `count` ways: the files whose key hashes to `index`.
///
/// Written `K/N` with K counted from 1 (`1/4` … `4/4`), as test runners and CI matrices usually
/// number their parts; [`Shard::index`] is the zero-based form Kubernetes'
/// `JOB_COMPLETION_INDEX` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

/// Why a shard could not be made.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ShardError {
    #[error("`{0}` is not K/N (such as 2/4: the second of four parts)")]
    Syntax(String),
    #[error("the number of shards must be at least 1")]
    NoShards,
    #[error("shard {number} does not exist: with {count} shards, K goes from 1 to {count}")]
    OutOfRange { number: u64, count: u64 },
}

impl Shard {
    /// The shard numbered `number` (from 1) of `count`.
    pub fn new(number: u64, count: u64) -> Result<Shard, ShardError> {
        if count == 0 {
            return Err(ShardError::NoShards);
        }
        if number == 0 || number > count {
            return Err(ShardError::OutOfRange { number, count });
        }
        Ok(Shard {
            index: number - 1,
            count,
        })
    }

    /// The shard at zero-based `index` of `count` (the form of `JOB_COMPLETION_INDEX`).
    pub fn from_index(index: u64, count: u64) -> Result<Shard, ShardError> {
        Shard::new(index.saturating_add(1), count)
    }

    /// Zero-based position of this shard.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// How many shards the batch is split into.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether the file at `relative` (its path relative to the folder it was found in) is this
    /// shard's to handle.
    pub fn contains(&self, relative: &Path) -> bool {
        shard_of(relative, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.index + 1, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// Reads `K/N`, K from 1 to N.
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax(text.to_string());
        let (number, count) = text.trim().split_once('/').ok_or_else(syntax)?;
        let number: u64 = number.trim().parse().map_err(|_| syntax())?;
        let count: u64 = count.trim().parse().map_err(|_| syntax())?;
        Shard::new(number, count)
    }
}

/// The zero-based shard, out of `count`, that the file at `relative` belongs to.
pub fn shard_of(relative: &Path, count: u64) -> u64 {
    let digest = blake3::hash(shard_key(relative).as_bytes());
    let mut first_bytes = [0u8; 8];
    first_bytes.copy_from_slice(&digest.as_bytes()[..8]);
    u64::from_le_bytes(first_bytes) % count.max(1)
}

/// The text that is hashed: the normal components of the path joined by `/` (so Windows and
/// Unix runners agree, and `./a.jpg` is `a.jpg`), with the last one's extension removed.
fn shard_key(relative: &Path) -> String {
    let without_extension = relative.with_extension("");
    let parts: Vec<String> = without_extension
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    fn sample_paths() -> Vec<PathBuf> {
        let mut paths = Vec::new();
        for folder in ["", "products/", "blog/2024/", "blog/2025/", "ünïcode/"] {
            for number in 0..400 {
                let extension = ["jpg", "png", "webp", "gif"][number % 4];
                paths.push(PathBuf::from(format!("{folder}image-{number}.{extension}")));
            }
        }
        paths
    }

    #[test]
    fn shards_are_disjoint_and_their_union_is_the_whole_batch() {
        let paths = sample_paths();
        for count in [1, 2, 3, 4, 7, 16] {
            let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
            let mut sizes = Vec::new();
            for number in 1..=count {
                let shard = Shard::new(number, count).unwrap();
                let mine: Vec<&PathBuf> =
                    paths.iter().filter(|path| shard.contains(path)).collect();
                sizes.push(mine.len());
                for path in mine {
                    assert!(
                        seen.insert(path.clone()),
                        "{} is in two shards of {count}",
                        path.display()
                    );
                }
            }
            assert_eq!(seen.len(), paths.len(), "the {count} shards miss files");
            // Not a requirement for correctness, but a split where one runner gets everything
            // would defeat the purpose: every shard gets a fair share of 2,000 files.
            let fair = paths.len() / count as usize;
            assert!(
                sizes.iter().all(|size| *size * 2 > fair),
                "uneven shards of {count}: {sizes:?}"
            );
        }
    }

    #[test]
    fn shard_keys_ignore_separators_leading_dots_and_extensions() {
        assert_eq!(shard_key(Path::new("./a/b/photo.jpg")), "a/b/photo");
        assert_eq!(shard_key(Path::new("photo.png")), "photo");
        assert_eq!(shard_key(Path::new("archive.tar.gz")), "archive.tar");
        for count in [2, 5, 13] {
            assert_eq!(
                shard_of(Path::new("a/photo.jpg"), count),
                shard_of(Path::new("a/photo.png"), count),
                "files that would write the same output share a shard"
            );
        }
    }

    #[test]
    fn the_shard_of_a_path_is_fixed_for_every_machine() {
        // These values are part of the contract between runners of different versions and
        // platforms: a change to the key or the hash would make two runners of one batch
        // disagree, so it must show up here first.
        let shards: Vec<u64> = [
            "blog/2025/hero.jpg",
            "products/bike.png",
            "logo.svg.png",
            "ünïcode/café.webp",
        ]
        .iter()
        .map(|path| shard_of(Path::new(path), 1000))
        .collect();
        assert_eq!(shards, vec![514, 471, 222, 890]);
        assert_eq!(shard_of(Path::new("anything.jpg"), 1), 0);
    }

    #[test]
    fn shard_text_is_k_of_n_counted_from_one() {
        let shard: Shard = "2/4".parse().unwrap();
        assert_eq!((shard.index(), shard.count()), (1, 4));
        assert_eq!(shard.to_string(), "2/4");
        assert_eq!(
            " 1 / 1 ".parse::<Shard>().unwrap(),
            Shard::new(1, 1).unwrap()
        );
        assert_eq!(Shard::from_index(0, 3).unwrap().to_string(), "1/3");
        assert_eq!(
            "0/4".parse::<Shard>(),
            Err(ShardError::OutOfRange {
                number: 0,
                count: 4
            })
        );
        assert_eq!(
            "5/4".parse::<Shard>(),
            Err(ShardError::OutOfRange {
                number: 5,
                count: 4
            })
        );
        assert_eq!("1/0".parse::<Shard>(), Err(ShardError::NoShards));
        assert!(matches!(
            "half".parse::<Shard>(),
            Err(ShardError::Syntax(_))
        ));
        assert!(matches!("1/x".parse::<Shard>(), Err(ShardError::Syntax(_))));
        assert_eq!(
            Shard::from_index(3, 3),
            Err(ShardError::OutOfRange {
                number: 4,
                count: 3
            })
        );
    }
}
