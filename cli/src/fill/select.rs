//! Which images of a media library get text: the site's image attachments, 100 per page, oldest
//! first, uploaded after `--since` if given. An image is chosen when its alt text is empty (any
//! image with `--overwrite`), and is asked only for the fields that are empty on the site. The
//! copy the model sees comes from the smallest rendition WordPress made whose long side reaches
//! 1024 px, in a format the CLI can decode.

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::time::Timestamp;
use altloom_shared::wordpress::media::{Attachment, MediaQuery};
use altloom_shared::wordpress::{WordPressClient, WordPressError};

use super::write::{display, site_text};
use super::Retry;

/// The model sees at most 1024 px on the long side; a rendition at least that large loses
/// nothing, and a smaller one would.
pub const RENDITION_TARGET: u32 = 1024;

/// The image types the CLI decodes, so the only ones it can describe.
const DESCRIBABLE_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/tiff",
    "image/bmp",
];

/// What to look for.
#[derive(Clone, Debug)]
pub struct SelectOptions {
    /// The fields wanted.
    pub fields: Vec<MetadataField>,
    /// Choose every image, and ask for every wanted field.
    pub overwrite: bool,
    /// Only images uploaded after this time (WordPress's `after`, the site's local time).
    pub after: Option<String>,
    /// Stop after this many images.
    pub limit: Option<usize>,
}

/// One image that gets text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: u64,
    /// The file's name on the site.
    pub file: String,
    /// The full-size file, where a reviewer can look at the image.
    pub image_url: String,
    /// The rendition the model's copy is made from.
    pub rendition_url: String,
    /// The fields to ask for.
    pub fields: Vec<MetadataField>,
}

impl Candidate {
    /// `#12 boats.jpg`.
    pub fn display(&self) -> String {
        display(self.id, &self.file)
    }
}

/// An image that cannot be described, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub id: u64,
    pub file: String,
    pub mime_type: String,
}

/// What the listing found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub candidates: Vec<Candidate>,
    /// Images looked at.
    pub examined: usize,
    /// Images left alone because they have alt text (or, without alt among the wanted fields,
    /// every wanted field).
    pub already_filled: usize,
    /// Images without alt text in a format the CLI cannot decode (SVG, AVIF, ...).
    pub unsupported: Vec<Unsupported>,
    /// True when `limit` stopped the listing, so more images may need text.
    pub limited: bool,
}

/// Told about the listing as it goes, for a progress line on a large library.
pub trait ListingProgress {
    fn page_listed(&self, page: u32, total_pages: u32, chosen: usize);
}

/// Pages through the library and chooses the images that get text.
pub async fn select(
    client: &WordPressClient,
    options: &SelectOptions,
    retry: Retry,
    progress: &dyn ListingProgress,
) -> Result<Selection, WordPressError> {
    let query = MediaQuery {
        images_only: true,
        after: options.after.clone(),
    };
    let mut selection = Selection::default();
    let mut page = 1;
    loop {
        let listed = retry.run(|| client.media_page(page, &query)).await?;
        let count = listed.attachments.len();
        for attachment in &listed.attachments {
            if options
                .limit
                .is_some_and(|limit| selection.candidates.len() >= limit)
            {
                selection.limited = true;
                break;
            }
            // `media_type=image` already filters, but a site's plugin may not honour it.
            if attachment.media_type != "image" && !attachment.mime_type.starts_with("image/") {
                continue;
            }
            selection.examined += 1;
            let Some(fields) = fields_to_fill(attachment, &options.fields, options.overwrite)
            else {
                selection.already_filled += 1;
                continue;
            };
            let file = file_name(attachment);
            let Some(rendition_url) = choose_rendition(attachment) else {
                selection.unsupported.push(Unsupported {
                    id: attachment.id,
                    file,
                    mime_type: attachment.mime_type.clone(),
                });
                continue;
            };
            selection.candidates.push(Candidate {
                id: attachment.id,
                file,
                image_url: attachment.source_url.clone(),
                rendition_url: rendition_url.to_string(),
                fields,
            });
        }
        progress.page_listed(page, listed.total_pages, selection.candidates.len());
        if selection.limited || count == 0 || page >= listed.total_pages {
            break;
        }
        page += 1;
    }
    Ok(selection)
}

/// The fields an image gets, or `None` when it is left alone. Without `--overwrite` only images
/// without alt text are chosen, and only their empty fields are asked for.
pub fn fields_to_fill(
    attachment: &Attachment,
    wanted: &[MetadataField],
    overwrite: bool,
) -> Option<Vec<MetadataField>> {
    if overwrite {
        return Some(wanted.to_vec()).filter(|fields| !fields.is_empty());
    }
    if !attachment.alt_text.trim().is_empty() {
        return None;
    }
    let fields: Vec<MetadataField> = wanted
        .iter()
        .copied()
        .filter(|field| site_text(attachment, *field).trim().is_empty())
        .collect();
    Some(fields).filter(|fields| !fields.is_empty())
}

/// The URL of the copy to describe: the smallest decodable rendition whose long side reaches
/// [`RENDITION_TARGET`], else the full-size file when it is decodable, else the largest
/// decodable rendition. `None` when nothing is decodable.
pub fn choose_rendition(attachment: &Attachment) -> Option<&str> {
    let decodable = |mime_type: &str| DESCRIBABLE_TYPES.contains(&mime_type);
    let mut renditions: Vec<(u32, &str)> = attachment
        .media_details
        .sizes
        .values()
        .filter(|rendition| decodable(&rendition.mime_type) && !rendition.source_url.is_empty())
        .map(|rendition| {
            (
                rendition.width.max(rendition.height),
                rendition.source_url.as_str(),
            )
        })
        .collect();
    renditions.sort();
    if let Some((_, url)) = renditions
        .iter()
        .find(|(long_side, _)| *long_side >= RENDITION_TARGET)
    {
        return Some(url);
    }
    if decodable(&attachment.mime_type) && !attachment.source_url.is_empty() {
        return Some(&attachment.source_url);
    }
    renditions.last().map(|(_, url)| *url)
}

/// The file's name: the last part of its URL, else its slug.
fn file_name(attachment: &Attachment) -> String {
    attachment
        .source_url
        .rsplit('/')
        .next()
        .map(|name| name.split(['?', '#']).next().unwrap_or(name))
        .filter(|name| !name.is_empty())
        .unwrap_or(&attachment.slug)
        .to_string()
}

/// Reads `--since`: a date (`2026-03-01`, from its first second) or a date and time
/// (`2026-03-01T14:00:00`), in the site's time, as WordPress's `after` (which excludes the
/// moment itself, so the value is one second earlier).
pub fn after_for_since(since: &str) -> Result<String, String> {
    let text = since.trim();
    let with_time = if text.len() == 10 {
        format!("{text}T00:00:00")
    } else {
        text.replace(' ', "T")
    };
    let refused = || {
        format!("--since {since:?} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (the site's time)")
    };
    if with_time.len() != 19 {
        return Err(refused());
    }
    let moment = Timestamp::parse(&format!("{with_time}Z")).ok_or_else(refused)?;
    let earlier = moment.plus_seconds(-1).to_string();
    Ok(earlier.trim_end_matches('Z').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(value: serde_json::Value) -> Attachment {
        serde_json::from_value(value).unwrap()
    }

    fn photo(alt: &str) -> Attachment {
        attachment(serde_json::json!({
            "id": 3,
            "slug": "boats",
            "source_url": "https://example.com/wp-content/uploads/2026/01/boats.jpg",
            "mime_type": "image/jpeg",
            "media_type": "image",
            "alt_text": alt,
            "title": {"raw": "boats", "rendered": "boats"},
            "caption": {"raw": "", "rendered": ""},
            "description": {"raw": "", "rendered": ""},
            "media_details": {"width": 3000, "height": 2000, "sizes": {
                "thumbnail": {"width": 150, "height": 150, "mime_type": "image/jpeg",
                              "source_url": "https://example.com/boats-150x150.jpg"},
                "medium_large": {"width": 768, "height": 512, "mime_type": "image/jpeg",
                                 "source_url": "https://example.com/boats-768x512.jpg"},
                "large": {"width": 1024, "height": 683, "mime_type": "image/jpeg",
                          "source_url": "https://example.com/boats-1024x683.jpg"},
                "1536x1536": {"width": 1536, "height": 1024, "mime_type": "image/jpeg",
                              "source_url": "https://example.com/boats-1536x1024.jpg"}
            }}
        }))
    }

    #[test]
    fn only_images_without_alt_are_chosen_and_only_for_their_empty_fields() {
        let all = MetadataField::ALL;
        assert_eq!(
            fields_to_fill(&photo(""), &all, false),
            Some(vec![
                MetadataField::Alt,
                MetadataField::Caption,
                MetadataField::Description
            ]),
            "the title WordPress made from the file name is kept"
        );
        assert_eq!(
            fields_to_fill(&photo("A person wrote this"), &all, false),
            None
        );
        assert_eq!(
            fields_to_fill(&photo("  "), &[MetadataField::Alt], false),
            Some(vec![MetadataField::Alt])
        );
        assert_eq!(
            fields_to_fill(&photo("A person wrote this"), &all, true),
            Some(all.to_vec())
        );
        assert_eq!(
            fields_to_fill(&photo(""), &[MetadataField::Title], false),
            None,
            "nothing wanted is empty"
        );
    }

    #[test]
    fn the_rendition_is_the_smallest_reaching_1024_px_in_a_decodable_format() {
        assert_eq!(
            choose_rendition(&photo("")),
            Some("https://example.com/boats-1024x683.jpg")
        );
        let small = attachment(serde_json::json!({
            "id": 4, "source_url": "https://example.com/small.png", "mime_type": "image/png",
            "media_details": {"sizes": {"thumbnail": {"width": 150, "height": 100,
                "mime_type": "image/png", "source_url": "https://example.com/small-150x100.png"}}}
        }));
        assert_eq!(
            choose_rendition(&small),
            Some("https://example.com/small.png")
        );
        let avif = attachment(serde_json::json!({
            "id": 5, "source_url": "https://example.com/photo.avif", "mime_type": "image/avif",
            "media_details": {"sizes": {
                "large": {"width": 1024, "height": 768, "mime_type": "image/avif",
                          "source_url": "https://example.com/photo-1024x768.avif"},
                "medium": {"width": 300, "height": 225, "mime_type": "image/jpeg",
                           "source_url": "https://example.com/photo-300x225.jpg"}
            }}
        }));
        assert_eq!(
            choose_rendition(&avif),
            Some("https://example.com/photo-300x225.jpg"),
            "a smaller decodable rendition beats none"
        );
        let svg = attachment(serde_json::json!({
            "id": 6, "source_url": "https://example.com/logo.svg", "mime_type": "image/svg+xml"
        }));
        assert_eq!(choose_rendition(&svg), None);
        assert_eq!(file_name(&svg), "logo.svg");
    }

    #[test]
    fn since_accepts_dates_and_times_and_refuses_the_rest() {
        assert_eq!(
            after_for_since("2026-03-01").unwrap(),
            "2026-02-28T23:59:59"
        );
        assert_eq!(
            after_for_since("2026-03-01 14:00:00").unwrap(),
            "2026-03-01T13:59:59"
        );
        for bad in ["yesterday", "2026-02-30", "2026-3-1", "2026-03-01T14:00"] {
            let error = after_for_since(bad).unwrap_err();
            assert!(error.contains("YYYY-MM-DD"), "{error}");
        }
    }
}
