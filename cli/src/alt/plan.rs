//! Which images need the model and for which fields, and how an answer is merged into the
//! metadata file. Text a person wrote, text already on the site and text from an earlier run
//! are kept unless the user asked to overwrite.

use altloom_shared::api::alt_text::{AltTextResult, MetadataField};
use altloom_shared::metadata_file::{MetadataEntry, MetadataSource};
use altloom_shared::time::Timestamp;

/// Alt text that already exists where the images are published. The WordPress push provides
/// one; runs that only write files have none ([`NoSite`]).
pub trait SiteText {
    /// The site's alt text for the image with this content hash, if it has one.
    fn alt_text(&self, content_hash: &str) -> Option<String>;
}

/// No site: nothing is known to be published.
pub struct NoSite;

impl SiteText for NoSite {
    fn alt_text(&self, _content_hash: &str) -> Option<String> {
        None
    }
}

/// The fields, among `wanted`, that the model must be asked for. With `overwrite`, all of them.
/// Otherwise an entry a person wrote is left alone entirely, an AI entry only gets the fields it
/// lacks, and alt text on the site is never asked for again.
pub fn fields_needed(
    entry: Option<&MetadataEntry>,
    site_alt: Option<&str>,
    wanted: &[MetadataField],
    overwrite: bool,
) -> Vec<MetadataField> {
    if overwrite {
        return wanted.to_vec();
    }
    if entry.is_some_and(|entry| entry.source == MetadataSource::Human) {
        return Vec::new();
    }
    let on_site = site_alt.is_some_and(|text| !text.trim().is_empty());
    wanted
        .iter()
        .copied()
        .filter(|field| !(on_site && *field == MetadataField::Alt))
        .filter(|field| !entry.is_some_and(|entry| asked_before(entry, *field)))
        .collect()
}

/// Whether the model was already asked for this field: it then holds text, or the empty text
/// of a field the model left blank (asking again would cost a credit for the same blank).
fn asked_before(entry: &MetadataEntry, field: MetadataField) -> bool {
    match field {
        MetadataField::Alt => entry.decorative || entry.alt_text.is_some(),
        MetadataField::Title => entry.title.is_some(),
        MetadataField::Caption => entry.caption.is_some(),
        MetadataField::Description => entry.description.is_some(),
    }
}

/// Merges a model's answer for `fields` into the entry (or a new one). The answered fields are
/// replaced, the others kept; the entry becomes an unreviewed AI entry.
pub fn merge_answer(
    existing: Option<MetadataEntry>,
    path: &str,
    fields: &[MetadataField],
    result: &AltTextResult,
    now: Timestamp,
) -> MetadataEntry {
    let mut answer = MetadataEntry::from_ai(path.to_string(), result, now);
    // A field asked for is recorded even when the answer left it blank, so it is not asked
    // (and paid for) again; a field not asked for stays absent, even if the model volunteered it.
    for field in MetadataField::ALL {
        let text = match field {
            MetadataField::Alt => &mut answer.alt_text,
            MetadataField::Title => &mut answer.title,
            MetadataField::Caption => &mut answer.caption,
            MetadataField::Description => &mut answer.description,
        };
        if fields.contains(&field) {
            text.get_or_insert_with(String::new);
        } else {
            *text = None;
        }
    }
    let Some(mut entry) = existing else {
        let mut entry = answer;
        if !fields.contains(&MetadataField::Alt) {
            entry.decorative = false;
        }
        return entry;
    };
    for &field in fields {
        let text = match field {
            MetadataField::Alt => answer.alt_text.clone(),
            MetadataField::Title => answer.title.clone(),
            MetadataField::Caption => answer.caption.clone(),
            MetadataField::Description => answer.description.clone(),
        };
        entry.set_field(field, text);
    }
    if fields.contains(&MetadataField::Alt) {
        entry.decorative = answer.decorative;
    }
    if answer.filename_slug.is_some() {
        entry.filename_slug = answer.filename_slug;
    }
    entry.path = path.to_string();
    entry.source = MetadataSource::Ai;
    entry.reviewed = false;
    entry.model = answer.model;
    entry.language = answer.language;
    entry.generated_at = now;
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [MetadataField; 4] = MetadataField::ALL;

    fn human() -> MetadataEntry {
        MetadataEntry {
            path: "a.jpg".into(),
            alt_text: Some("Written by a person".into()),
            source: MetadataSource::Human,
            reviewed: true,
            ..MetadataEntry::default()
        }
    }

    fn answer() -> AltTextResult {
        AltTextResult {
            alt_text: Some("From the model".into()),
            title: Some("Title".into()),
            caption: Some("Caption".into()),
            description: Some("Description".into()),
            decorative: false,
            filename_slug: "slug".into(),
            model: "m".into(),
            language: "en".into(),
            credits_used: 1,
        }
    }

    #[test]
    fn human_text_is_never_asked_for_again_unless_overwriting() {
        assert!(fields_needed(Some(&human()), None, &ALL, false).is_empty());
        assert_eq!(
            fields_needed(Some(&human()), None, &ALL, true),
            ALL.to_vec()
        );
    }

    #[test]
    fn an_ai_entry_only_gets_what_it_lacks_and_site_alt_is_kept() {
        let entry = MetadataEntry {
            alt_text: Some("Earlier run".into()),
            ..MetadataEntry::default()
        };
        assert_eq!(
            fields_needed(Some(&entry), None, &ALL, false),
            vec![
                MetadataField::Title,
                MetadataField::Caption,
                MetadataField::Description
            ]
        );
        assert_eq!(
            fields_needed(None, Some("On the site"), &[MetadataField::Alt], false),
            vec![]
        );
        assert_eq!(
            fields_needed(None, Some("  "), &[MetadataField::Alt], false),
            vec![MetadataField::Alt]
        );
        let blank_caption = MetadataEntry {
            alt_text: Some("Earlier run".into()),
            caption: Some(String::new()),
            ..MetadataEntry::default()
        };
        assert_eq!(
            fields_needed(
                Some(&blank_caption),
                None,
                &[MetadataField::Alt, MetadataField::Caption],
                false
            ),
            vec![],
            "a field the model left blank is not paid for twice"
        );
    }

    #[test]
    fn merging_replaces_only_the_answered_fields() {
        let entry = MetadataEntry {
            alt_text: Some("Earlier run".into()),
            ..MetadataEntry::default()
        };
        let merged = merge_answer(
            Some(entry),
            "b.jpg",
            &[MetadataField::Title],
            &answer(),
            Timestamp(9),
        );
        assert_eq!(merged.alt_text.as_deref(), Some("Earlier run"));
        assert_eq!(merged.title.as_deref(), Some("Title"));
        assert_eq!(merged.caption, None);
        assert_eq!(merged.path, "b.jpg");

        let fresh = merge_answer(
            None,
            "c.jpg",
            &[MetadataField::Alt],
            &answer(),
            Timestamp(9),
        );
        assert_eq!(fresh.alt_text.as_deref(), Some("From the model"));
        assert_eq!(fresh.title, None);
        let blank = AltTextResult {
            caption: None,
            ..answer()
        };
        let recorded = merge_answer(None, "c.jpg", &ALL, &blank, Timestamp(9));
        assert_eq!(recorded.caption.as_deref(), Some(""));
        assert_eq!(fresh.source, MetadataSource::Ai);
        assert!(!fresh.reviewed);

        let overwritten = merge_answer(Some(human()), "a.jpg", &ALL, &answer(), Timestamp(9));
        assert_eq!(overwritten.alt_text.as_deref(), Some("From the model"));
        assert_eq!(overwritten.source, MetadataSource::Ai);
    }
}
