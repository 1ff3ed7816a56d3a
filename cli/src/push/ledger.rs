//! The local push ledger of one site: which attachment each source image became, so a rerun
//! uploads nothing twice. It is an append-only journal (one JSON record per line, each synced to
//! disk before the work it describes goes on), so a push killed at any moment leaves a ledger
//! that is right up to the last finished upload, plus "pending" marks for uploads that may or may
//! not have reached the site; the next run looks those up by their slug instead of uploading
//! again. Loading replays the journal; a torn last line is ignored.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use altloom_shared::api::sites::LedgerEntry;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The journal's layout version, in its first line.
const LEDGER_FORMAT_VERSION: u32 = 1;

/// After this many records beyond the live entries, loading rewrites the journal compactly.
const COMPACT_AFTER_EXTRA_RECORDS: usize = 1_000;

#[derive(Debug, Error)]
pub enum LedgerError {
    #[error("cannot use the push ledger {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error(
        "the push ledger {path} was written by a newer altloom (format {found}); upgrade altloom"
    )]
    Newer { path: PathBuf, found: u32 },
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum Record {
    Header {
        format: u32,
        site: String,
    },
    /// An upload is about to start; `slug` finds it on the site if the run dies before `Entry`.
    Pending {
        content_hash: String,
        slug: String,
    },
    Entry {
        entry: LedgerEntry,
    },
    Remove {
        content_hash: String,
    },
}

/// The ledger of one site on this machine.
pub struct LocalLedger {
    path: PathBuf,
    site: String,
    entries: BTreeMap<String, LedgerEntry>,
    pending: BTreeMap<String, String>,
    journal: Option<File>,
}

impl LocalLedger {
    /// The folder ledgers live in: `$XDG_DATA_HOME/altloom/ledgers` on Linux.
    pub fn default_folder() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "altloom")
            .map(|folders| folders.data_local_dir().join("ledgers"))
    }

    /// Opens (or starts) the ledger of the site at `site_url` in `folder`.
    pub fn open(folder: &Path, site_url: &str) -> Result<LocalLedger, LedgerError> {
        let path = folder.join(file_name(site_url));
        let io = |error: std::io::Error| LedgerError::Io {
            path: path.clone(),
            reason: error.to_string(),
        };
        let mut ledger = LocalLedger {
            path: path.clone(),
            site: site_url.to_string(),
            entries: BTreeMap::new(),
            pending: BTreeMap::new(),
            journal: None,
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(io(error)),
        };
        let mut records = 0;
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            // A line that does not parse can only be the torn end of a killed write.
            let Ok(record) = serde_json::from_str::<Record>(line) else {
                continue;
            };
            records += 1;
            match record {
                Record::Header { format, .. } if format > LEDGER_FORMAT_VERSION => {
                    return Err(LedgerError::Newer {
                        path,
                        found: format,
                    })
                }
                Record::Header { .. } => {}
                Record::Pending { content_hash, slug } => {
                    ledger.pending.insert(content_hash, slug);
                }
                Record::Entry { entry } => {
                    ledger.pending.remove(&entry.content_hash);
                    ledger.entries.insert(entry.content_hash.clone(), entry);
                }
                Record::Remove { content_hash } => {
                    ledger.entries.remove(&content_hash);
                    ledger.pending.remove(&content_hash);
                }
            }
        }
        let live = ledger.entries.len() + ledger.pending.len() + 1;
        if records == 0 || records > live + COMPACT_AFTER_EXTRA_RECORDS || !text.ends_with('\n') {
            ledger.compact()?;
        }
        Ok(ledger)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entry(&self, content_hash: &str) -> Option<&LedgerEntry> {
        self.entries.get(content_hash)
    }

    pub fn entries(&self) -> impl Iterator<Item = &LedgerEntry> {
        self.entries.values()
    }

    /// The slug of an upload that started but was never recorded as finished.
    pub fn pending_slug(&self, content_hash: &str) -> Option<&str> {
        self.pending.get(content_hash).map(String::as_str)
    }

    /// Notes that an upload is about to start, before it starts.
    pub fn mark_pending(&mut self, content_hash: &str, slug: &str) -> Result<(), LedgerError> {
        self.append(&Record::Pending {
            content_hash: content_hash.to_string(),
            slug: slug.to_string(),
        })?;
        self.pending
            .insert(content_hash.to_string(), slug.to_string());
        Ok(())
    }

    /// Records what an image became (replacing what it was).
    pub fn record(&mut self, entry: LedgerEntry) -> Result<(), LedgerError> {
        self.append(&Record::Entry {
            entry: entry.clone(),
        })?;
        self.pending.remove(&entry.content_hash);
        self.entries.insert(entry.content_hash.clone(), entry);
        Ok(())
    }

    /// Forgets an image (its attachment was deleted on the site).
    pub fn forget(&mut self, content_hash: &str) -> Result<(), LedgerError> {
        self.append(&Record::Remove {
            content_hash: content_hash.to_string(),
        })?;
        self.entries.remove(content_hash);
        self.pending.remove(content_hash);
        Ok(())
    }

    /// Takes in entries another machine recorded (the server's copy): unknown ones, and newer
    /// ones than ours. Answers how many were taken.
    pub fn merge(&mut self, remote: Vec<LedgerEntry>) -> Result<usize, LedgerError> {
        let mut taken = 0;
        for entry in remote {
            let newer = self
                .entries
                .get(&entry.content_hash)
                .is_none_or(|local| entry.pushed_at > local.pushed_at);
            if newer {
                self.record(entry)?;
                taken += 1;
            }
        }
        Ok(taken)
    }

    fn append(&mut self, record: &Record) -> Result<(), LedgerError> {
        let io = |error: std::io::Error| LedgerError::Io {
            path: self.path.clone(),
            reason: error.to_string(),
        };
        if self.journal.is_none() {
            self.journal = Some(
                OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(&self.path)
                    .map_err(io)?,
            );
        }
        let mut line = serde_json::to_string(record).map_err(|error| LedgerError::Io {
            path: self.path.clone(),
            reason: error.to_string(),
        })?;
        line.push('\n');
        let journal = self.journal.as_mut().expect("opened above");
        journal.write_all(line.as_bytes()).map_err(io)?;
        journal.sync_data().map_err(io)
    }

    /// Rewrites the journal as a header and the live records, atomically.
    fn compact(&mut self) -> Result<(), LedgerError> {
        let io = |error: std::io::Error| LedgerError::Io {
            path: self.path.clone(),
            reason: error.to_string(),
        };
        let mut text = String::new();
        let mut push = |record: &Record| {
            text.push_str(&serde_json::to_string(record).expect("records serialise"));
            text.push('\n');
        };
        push(&Record::Header {
            format: LEDGER_FORMAT_VERSION,
            site: self.site.clone(),
        });
        for (content_hash, slug) in &self.pending {
            push(&Record::Pending {
                content_hash: content_hash.clone(),
                slug: slug.clone(),
            });
        }
        for entry in self.entries.values() {
            push(&Record::Entry {
                entry: entry.clone(),
            });
        }
        if let Some(folder) = self.path.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        self.journal = None;
        crate::engine::output::write_atomically(&self.path, text.as_bytes(), None).map_err(
            |error| LedgerError::Io {
                path: self.path.clone(),
                reason: error.to_string(),
            },
        )
    }
}

/// `example.com-blog-1a2b3c4d.jsonl`: readable, and unique per address.
fn file_name(site_url: &str) -> String {
    let readable: String = site_url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(site_url)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    let digest = blake3::hash(site_url.as_bytes()).to_hex();
    format!("{readable}-{}.jsonl", &digest[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::time::Timestamp;

    fn entry(hash: &str, id: u64, at: i64) -> LedgerEntry {
        LedgerEntry {
            content_hash: hash.into(),
            attachment_id: id,
            file_name: "a.webp".into(),
            file_hash: "f".into(),
            mime_type: "image/webp".into(),
            metadata_hash: "m".into(),
            source_url: None,
            pushed_at: Timestamp(at),
        }
    }

    #[test]
    fn the_journal_replays_after_a_restart() {
        let folder = tempfile::tempdir().unwrap();
        let mut ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        ledger.mark_pending("a", "a-slug").unwrap();
        ledger.record(entry("a", 7, 10)).unwrap();
        ledger.mark_pending("b", "b-slug").unwrap();
        ledger.record(entry("c", 9, 10)).unwrap();
        ledger.forget("c").unwrap();
        drop(ledger);

        let ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        assert_eq!(ledger.entry("a").unwrap().attachment_id, 7);
        assert_eq!(ledger.pending_slug("a"), None);
        assert_eq!(ledger.pending_slug("b"), Some("b-slug"));
        assert!(ledger.entry("c").is_none());
        // Another site's ledger is another file.
        let other = LocalLedger::open(folder.path(), "https://example.org").unwrap();
        assert!(other.entry("a").is_none());
    }

    #[test]
    fn a_torn_last_line_is_ignored() {
        let folder = tempfile::tempdir().unwrap();
        let mut ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        ledger.record(entry("a", 7, 10)).unwrap();
        let path = ledger.path().to_path_buf();
        drop(ledger);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"record\":\"entry\",\"entry\":{\"content_h")
            .unwrap();
        drop(file);
        let mut ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        assert_eq!(ledger.entry("a").unwrap().attachment_id, 7);
        ledger.record(entry("b", 8, 10)).unwrap();
        drop(ledger);
        let ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        assert_eq!(ledger.entry("b").unwrap().attachment_id, 8);
    }

    #[test]
    fn merging_takes_unknown_and_newer_entries_only() {
        let folder = tempfile::tempdir().unwrap();
        let mut ledger = LocalLedger::open(folder.path(), "https://example.com").unwrap();
        ledger.record(entry("a", 7, 20)).unwrap();
        let taken = ledger
            .merge(vec![
                entry("a", 99, 10),
                entry("b", 8, 10),
                entry("a", 100, 15),
            ])
            .unwrap();
        assert_eq!(taken, 1);
        assert_eq!(ledger.entry("a").unwrap().attachment_id, 7);
        assert_eq!(ledger.entry("b").unwrap().attachment_id, 8);
    }
}
