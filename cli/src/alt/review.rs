//! Reviewing the entries of a metadata file one by one: accept, edit, skip, mark decorative, or
//! stop. The questions are asked by a [`Reviewer`] (a person at the terminal, or lines read from
//! stdin); this module only applies the decisions. Edited entries become `source: human`.

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::metadata_file::{MetadataEntry, MetadataFile, MetadataSource};
use altloom_shared::time::Timestamp;

/// What to do with one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The text is right: mark it reviewed.
    Accept,
    /// New text for some fields (fields not listed keep theirs).
    Edit(Vec<(MetadataField, String)>),
    /// Leave it for later.
    Skip,
    /// The image adds nothing a reader would miss: empty alt text.
    Decorative,
    /// Stop reviewing; what was decided so far is kept.
    Quit,
}

/// Asks about one entry. `position` is (this one, how many), counting from 1.
pub trait Reviewer {
    type Error;

    fn decide(
        &mut self,
        hash: &str,
        entry: &MetadataEntry,
        position: (usize, usize),
    ) -> Result<Decision, Self::Error>;
}

/// What a review did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub accepted: usize,
    pub edited: usize,
    pub decorative: usize,
    pub skipped: usize,
    /// Entries not reached because the reviewer stopped.
    pub left: usize,
}

/// The hashes to review, in path order: unreviewed entries, or every entry with `all`.
pub fn entries_to_review(file: &MetadataFile, all: bool) -> Vec<String> {
    let mut hashes: Vec<(&str, &str)> = file
        .entries
        .iter()
        .filter(|(_, entry)| all || !entry.reviewed)
        .map(|(hash, entry)| (entry.path.as_str(), hash.as_str()))
        .collect();
    hashes.sort();
    hashes
        .into_iter()
        .map(|(_, hash)| hash.to_string())
        .collect()
}

/// Applies one decision to an entry; answers whether it changed.
pub fn apply(entry: &mut MetadataEntry, decision: &Decision, now: Timestamp) -> bool {
    match decision {
        Decision::Accept => {
            let changed = !entry.reviewed;
            entry.reviewed = true;
            changed
        }
        Decision::Edit(edits) => {
            let mut changed = false;
            for (field, text) in edits {
                let text = text.trim();
                if entry.field(*field).unwrap_or("") != text
                    || (*field == MetadataField::Alt && entry.decorative && !text.is_empty())
                {
                    entry.set_field(*field, Some(text.to_string()).filter(|t| !t.is_empty()));
                    if *field == MetadataField::Alt {
                        entry.decorative = false;
                    }
                    changed = true;
                }
            }
            if changed {
                entry.source = MetadataSource::Human;
                entry.generated_at = now;
            }
            let newly_reviewed = !entry.reviewed;
            entry.reviewed = true;
            changed || newly_reviewed
        }
        Decision::Decorative => {
            let changed = !entry.decorative || !entry.reviewed;
            if !entry.decorative {
                entry.decorative = true;
                entry.alt_text = Some(String::new());
                entry.source = MetadataSource::Human;
                entry.generated_at = now;
            }
            entry.reviewed = true;
            changed
        }
        Decision::Skip | Decision::Quit => false,
    }
}

/// Walks `hashes` with `reviewer`, applying each decision and calling `save` after each change,
/// so stopping half-way (or a crash) loses nothing decided.
pub fn review<R: Reviewer, E>(
    file: &mut MetadataFile,
    hashes: &[String],
    reviewer: &mut R,
    mut save: impl FnMut(&MetadataFile) -> Result<(), E>,
) -> Result<ReviewCounts, E>
where
    E: From<R::Error>,
{
    let mut counts = ReviewCounts::default();
    let total = hashes.len();
    for (index, hash) in hashes.iter().enumerate() {
        let Some(entry) = file.entries.get(hash) else {
            continue;
        };
        let decision = reviewer.decide(hash, entry, (index + 1, total))?;
        if decision == Decision::Quit {
            counts.left = total - index;
            break;
        }
        let entry = file.entries.get_mut(hash).expect("looked up above");
        let before = entry.clone();
        let changed = apply(entry, &decision, Timestamp::now());
        match decision {
            Decision::Accept => counts.accepted += 1,
            Decision::Edit(_) if entry.source == MetadataSource::Human && *entry != before => {
                counts.edited += 1
            }
            Decision::Edit(_) => counts.accepted += 1,
            Decision::Decorative => counts.decorative += 1,
            Decision::Skip | Decision::Quit => counts.skipped += 1,
        }
        if changed {
            save(file)?;
        }
    }
    Ok(counts)
}

/// The fields shown and offered for editing: alt text always, the others when they have text.
pub fn editable_fields(entry: &MetadataEntry) -> Vec<MetadataField> {
    MetadataField::ALL
        .into_iter()
        .filter(|field| *field == MetadataField::Alt || entry.has_field(*field))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(Vec<Decision>);

    impl Reviewer for Script {
        type Error = String;

        fn decide(
            &mut self,
            _hash: &str,
            _entry: &MetadataEntry,
            _position: (usize, usize),
        ) -> Result<Decision, String> {
            Ok(if self.0.is_empty() {
                Decision::Quit
            } else {
                self.0.remove(0)
            })
        }
    }

    fn file() -> MetadataFile {
        let mut file = MetadataFile::default();
        for (hash, path) in [
            ("h1", "a.jpg"),
            ("h2", "b.jpg"),
            ("h3", "c.jpg"),
            ("h4", "d.jpg"),
        ] {
            file.entries.insert(
                hash.into(),
                MetadataEntry {
                    path: path.into(),
                    alt_text: Some(format!("Model text for {path}")),
                    title: Some("Title".into()),
                    ..MetadataEntry::default()
                },
            );
        }
        file
    }

    #[test]
    fn decisions_are_applied_and_edits_become_human() {
        let mut file = file();
        let hashes = entries_to_review(&file, false);
        assert_eq!(hashes, ["h1", "h2", "h3", "h4"]);
        let mut saves = 0;
        let counts = review(
            &mut file,
            &hashes,
            &mut Script(vec![
                Decision::Accept,
                Decision::Edit(vec![(MetadataField::Alt, "Written by me".into())]),
                Decision::Decorative,
            ]),
            |_| {
                saves += 1;
                Ok::<(), String>(())
            },
        )
        .unwrap();
        assert_eq!(
            counts,
            ReviewCounts {
                accepted: 1,
                edited: 1,
                decorative: 1,
                skipped: 0,
                left: 1
            }
        );
        assert_eq!(saves, 3);
        let entry = |hash: &str| file.entries[hash].clone();
        assert!(entry("h1").reviewed);
        assert_eq!(entry("h1").source, MetadataSource::Ai);
        assert_eq!(entry("h2").alt_text.as_deref(), Some("Written by me"));
        assert_eq!(entry("h2").source, MetadataSource::Human);
        assert!(entry("h2").reviewed);
        assert_eq!(entry("h2").title.as_deref(), Some("Title"));
        assert!(entry("h3").decorative);
        assert_eq!(entry("h3").alt_text.as_deref(), Some(""));
        assert_eq!(entry("h3").source, MetadataSource::Human);
        assert!(!entry("h4").reviewed);
        assert_eq!(entries_to_review(&file, false), ["h4"]);
        assert_eq!(entries_to_review(&file, true).len(), 4);
    }

    #[test]
    fn an_edit_that_changes_nothing_is_an_acceptance() {
        let mut entry = file().entries["h1"].clone();
        let same = Decision::Edit(vec![(MetadataField::Alt, "Model text for a.jpg".into())]);
        assert!(apply(&mut entry, &same, Timestamp(1)));
        assert_eq!(entry.source, MetadataSource::Ai);
        assert!(entry.reviewed);
        assert_eq!(
            editable_fields(&entry),
            [MetadataField::Alt, MetadataField::Title]
        );
    }
}
