//! Writing proposed text to attachments without losing anyone's words. Each attachment is read
//! again just before it is written (100 per request), because text may have been added on the
//! site since the library was listed or the review file was made: a field is written only when
//! it is empty on the site (or with `--overwrite`); a field the site already holds with the same
//! text is left alone; one that holds other text is kept and reported as a conflict.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::wordpress::media::{Attachment, MediaFields, PAGE_SIZE};
use altloom_shared::wordpress::{WordPressClient, WordPressError};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::{stops_the_site, Retry};

/// The text proposed for one attachment: what the model wrote, possibly edited by a person in a
/// review file. A field without text (`None` or blank) is not written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The attachment's id on the site.
    pub id: u64,
    /// The file's name on the site, for people.
    #[serde(default)]
    pub file: String,
    /// Where a reviewer can look at the image.
    #[serde(default)]
    pub image_url: String,
    #[serde(default)]
    pub alt_text: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// True when the image adds nothing a reader would miss: its alt text is then left empty,
    /// which is what such an image should have.
    #[serde(default)]
    pub decorative: bool,
    /// The model that wrote the text.
    #[serde(default)]
    pub model: Option<String>,
    /// The language the text is written in.
    #[serde(default)]
    pub language: Option<String>,
}

impl Proposal {
    /// The text proposed for `field`, trimmed, or `None` when there is nothing to write (a
    /// blank field, or the alt text of a decorative image).
    pub fn text(&self, field: MetadataField) -> Option<&str> {
        let text = match field {
            MetadataField::Alt if self.decorative => None,
            MetadataField::Alt => self.alt_text.as_deref(),
            MetadataField::Title => self.title.as_deref(),
            MetadataField::Caption => self.caption.as_deref(),
            MetadataField::Description => self.description.as_deref(),
        };
        text.map(str::trim).filter(|text| !text.is_empty())
    }

    /// The attachment as people see it in messages: `#12 boats.jpg`.
    pub fn display(&self) -> String {
        display(self.id, &self.file)
    }
}

/// `#12 boats.jpg`, or `#12` when the file name is unknown.
pub fn display(id: u64, file: &str) -> String {
    if file.is_empty() {
        format!("#{id}")
    } else {
        format!("#{id} {file}")
    }
}

/// The text an attachment holds in `field`: what a person typed (the raw text of the edit
/// context), not the HTML WordPress renders from it.
pub fn site_text(attachment: &Attachment, field: MetadataField) -> &str {
    match field {
        MetadataField::Alt => &attachment.alt_text,
        MetadataField::Title => attachment.title.text(),
        MetadataField::Caption => attachment.caption.text(),
        MetadataField::Description => attachment.description.text(),
    }
}

/// What writing one proposal does, field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WritePlan {
    /// The request: only the fields in `written`.
    pub fields: MediaFields,
    /// Fields that were empty on the site (or are overwritten).
    pub written: Vec<MetadataField>,
    /// Fields the site already holds with this very text (a rerun, or an earlier apply).
    pub already: Vec<MetadataField>,
    /// Fields the site holds with other text, which is kept.
    pub conflicts: Vec<MetadataField>,
}

/// Decides what writing `proposal` to `current` (as the site has it now) changes.
pub fn plan_write(current: &Attachment, proposal: &Proposal, overwrite: bool) -> WritePlan {
    let mut plan = WritePlan::default();
    for field in MetadataField::ALL {
        let Some(text) = proposal.text(field) else {
            continue;
        };
        let on_site = site_text(current, field);
        if comparable(on_site) == comparable(text) {
            plan.already.push(field);
        } else if on_site.trim().is_empty() || overwrite {
            let slot = match field {
                MetadataField::Alt => &mut plan.fields.alt_text,
                MetadataField::Title => &mut plan.fields.title,
                MetadataField::Caption => &mut plan.fields.caption,
                MetadataField::Description => &mut plan.fields.description,
            };
            *slot = Some(text.to_string());
            plan.written.push(field);
        } else {
            plan.conflicts.push(field);
        }
    }
    plan
}

/// Text as compared with the site's: WordPress collapses runs of white space in alt text and
/// may store `&` as `&amp;` in titles, which must not make the same words look different.
fn comparable(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&amp;", "&")
        .replace("&#038;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
}

/// What became of one proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The plan was carried out (in a dry run: would be). `written` is empty when the site
    /// needed nothing.
    Done(WritePlan),
    /// The attachment was deleted from the site.
    Gone,
    Failed(String),
    /// Not tried: the work stopped first (Ctrl-C, or a failure that concerns every attachment).
    NotStarted,
}

/// How proposals are written.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    /// Replace text that is on the site.
    pub overwrite: bool,
    /// Read the attachments and plan, but change nothing.
    pub dry_run: bool,
    /// Updates in flight at once.
    pub concurrency: usize,
    pub retry: Retry,
}

/// Writes every proposal, reading the attachments again first, and calls `on_outcome` for each
/// in order. Returns the failure that stopped the work (rejected credentials, a role that may
/// not edit media, a site that stopped answering), if one did.
pub async fn write_proposals(
    client: &WordPressClient,
    proposals: &[Proposal],
    options: &WriteOptions,
    cancel: &AtomicBool,
    mut on_outcome: impl FnMut(&Proposal, WriteOutcome),
) -> Option<String> {
    let stopped: RefCell<Option<String>> = RefCell::new(None);
    for chunk in proposals.chunks(PAGE_SIZE) {
        if stopped.borrow().is_some() || cancel.load(Ordering::Relaxed) {
            for proposal in chunk {
                on_outcome(proposal, WriteOutcome::NotStarted);
            }
            continue;
        }
        let ids: Vec<u64> = chunk.iter().map(|proposal| proposal.id).collect();
        let current: HashMap<u64, Attachment> =
            match options.retry.run(|| client.attachments_by_ids(&ids)).await {
                Ok(found) => found
                    .into_iter()
                    .map(|attachment| (attachment.id, attachment))
                    .collect(),
                Err(error) => {
                    // Without the site's current text nothing can be written safely.
                    stopped.replace(Some(error.to_string()));
                    for proposal in chunk {
                        on_outcome(proposal, WriteOutcome::NotStarted);
                    }
                    continue;
                }
            };
        let stopped_reference = &stopped;
        let current_reference = &current;
        let mut outcomes = futures_util::stream::iter(chunk)
            .map(|proposal| async move {
                let Some(attachment) = current_reference.get(&proposal.id) else {
                    return (proposal, WriteOutcome::Gone);
                };
                let plan = plan_write(attachment, proposal, options.overwrite);
                if plan.written.is_empty() || options.dry_run {
                    return (proposal, WriteOutcome::Done(plan));
                }
                if stopped_reference.borrow().is_some() || cancel.load(Ordering::Relaxed) {
                    return (proposal, WriteOutcome::NotStarted);
                }
                let result = options
                    .retry
                    .run(|| client.update(proposal.id, &plan.fields))
                    .await;
                let outcome = match result {
                    Ok(_) => WriteOutcome::Done(plan),
                    Err(WordPressError::NotFound { .. }) => WriteOutcome::Gone,
                    Err(error) => {
                        if stops_the_site(&error) {
                            stopped_reference
                                .borrow_mut()
                                .get_or_insert(error.to_string());
                        }
                        WriteOutcome::Failed(error.to_string())
                    }
                };
                (proposal, outcome)
            })
            .buffered(options.concurrency.max(1));
        while let Some((proposal, outcome)) = outcomes.next().await {
            on_outcome(proposal, outcome);
        }
    }
    stopped.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::wordpress::media::RawText;

    fn attachment(alt: &str, title: &str, caption: &str) -> Attachment {
        serde_json::from_value(serde_json::json!({
            "id": 7,
            "alt_text": alt,
            "title": {"raw": title, "rendered": title},
            "caption": {"raw": caption, "rendered": format!("<p>{caption}</p>")},
            "description": {"raw": "", "rendered": ""},
        }))
        .unwrap()
    }

    fn proposal() -> Proposal {
        Proposal {
            id: 7,
            file: "boats.jpg".into(),
            alt_text: Some("Rowing boats on a lake at sunset".into()),
            title: Some("Boats at sunset".into()),
            caption: Some("Boats & oars, waiting.".into()),
            description: Some("   ".into()),
            ..Proposal::default()
        }
    }

    #[test]
    fn empty_fields_are_written_and_a_persons_text_is_kept() {
        let plan = plan_write(&attachment("", "boats", ""), &proposal(), false);
        assert_eq!(plan.written, [MetadataField::Alt, MetadataField::Caption]);
        assert_eq!(plan.conflicts, [MetadataField::Title]);
        assert_eq!(
            plan.fields,
            MediaFields {
                alt_text: Some("Rowing boats on a lake at sunset".into()),
                caption: Some("Boats & oars, waiting.".into()),
                ..MediaFields::default()
            },
            "a blank proposal (the description) is never written"
        );

        let overwritten = plan_write(&attachment("", "boats", ""), &proposal(), true);
        assert_eq!(
            overwritten.written,
            [
                MetadataField::Alt,
                MetadataField::Title,
                MetadataField::Caption
            ]
        );
        assert!(overwritten.conflicts.is_empty());
    }

    #[test]
    fn text_already_on_the_site_is_recognised_despite_spacing_and_entities() {
        let current = attachment(
            "Rowing boats  on a lake at sunset",
            "Boats at sunset",
            "Boats &amp; oars, waiting.",
        );
        let plan = plan_write(&current, &proposal(), false);
        assert!(plan.written.is_empty());
        assert!(plan.conflicts.is_empty());
        assert_eq!(
            plan.already,
            [
                MetadataField::Alt,
                MetadataField::Title,
                MetadataField::Caption
            ]
        );
    }

    #[test]
    fn alt_text_that_appeared_meanwhile_is_a_conflict_and_decorative_images_get_none() {
        let plan = plan_write(
            &attachment("Written by the editor", "", ""),
            &proposal(),
            false,
        );
        assert_eq!(plan.conflicts, [MetadataField::Alt]);
        assert_eq!(plan.fields.alt_text, None);

        let decorative = Proposal {
            decorative: true,
            ..proposal()
        };
        assert_eq!(decorative.text(MetadataField::Alt), None);
        let plan = plan_write(&attachment("", "", ""), &decorative, true);
        assert!(!plan.written.contains(&MetadataField::Alt));
    }

    #[test]
    fn the_raw_text_is_what_counts() {
        let mut current = attachment("", "", "");
        current.caption = RawText {
            raw: None,
            rendered: "<p>Rendered only</p>".into(),
        };
        assert_eq!(
            site_text(&current, MetadataField::Caption),
            "<p>Rendered only</p>"
        );
        assert_eq!(display(7, "boats.jpg"), "#7 boats.jpg");
        assert_eq!(display(7, ""), "#7");
    }
}
