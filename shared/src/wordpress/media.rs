//! The media library over REST: upload a file with its text, update an attachment's text, look
//! attachments up by id or slug, page through the images, and download a rendition.

use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::rest::{read_limited, transport_error, WordPressClient};
use super::WordPressError;

/// WordPress caps `per_page` at 100.
pub const PAGE_SIZE: usize = 100;

/// The largest rendition `download` reads.
const MAX_DOWNLOAD_BYTES: usize = 256 * 1024 * 1024;

/// Beyond this the text goes in a follow-up request instead of the upload's query string, which
/// servers and proxies cap (often at 8 KiB).
const MAX_QUERY_TEXT_BYTES: usize = 4_000;

/// The text of an attachment. `None` leaves a field as it is; `Some("")` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MediaFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl MediaFields {
    pub fn is_empty(&self) -> bool {
        self.alt_text.is_none()
            && self.title.is_none()
            && self.caption.is_none()
            && self.description.is_none()
    }

    fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for (key, value) in [
            ("alt_text", &self.alt_text),
            ("title", &self.title),
            ("caption", &self.caption),
            ("description", &self.description),
        ] {
            if let Some(value) = value {
                pairs.push((key, value.clone()));
            }
        }
        pairs
    }
}

/// One attachment as the REST API shows it in the edit context.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Attachment {
    pub id: u64,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub source_url: String,
    #[serde(default)]
    pub mime_type: String,
    #[serde(default)]
    pub media_type: String,
    #[serde(default)]
    pub alt_text: String,
    #[serde(default)]
    pub title: RawText,
    #[serde(default)]
    pub caption: RawText,
    #[serde(default)]
    pub description: RawText,
    /// When it was uploaded, in UTC (`2026-12-04T10:00:00`).
    #[serde(default)]
    pub date_gmt: Option<String>,
    #[serde(default)]
    pub media_details: MediaDetails,
}

/// A text field: `raw` in the edit context, `rendered` always.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RawText {
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub rendered: String,
}

impl RawText {
    /// What a person typed (the raw text), else the rendered HTML.
    pub fn text(&self) -> &str {
        self.raw.as_deref().unwrap_or(&self.rendered)
    }
}

/// Dimensions and the generated renditions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MediaDetails {
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    #[serde(default)]
    pub sizes: std::collections::BTreeMap<String, Rendition>,
}

/// One generated size (`thumbnail`, `medium`, `medium_large`, `large`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Rendition {
    #[serde(default)]
    pub width: u32,
    #[serde(default)]
    pub height: u32,
    #[serde(default)]
    pub mime_type: String,
    pub source_url: String,
}

impl Attachment {
    /// The URL of the smallest rendition whose long side is at least `target` pixels, else the
    /// original file (every generated size is smaller than the original).
    pub fn rendition_near(&self, target: u32) -> &str {
        let long_side = |rendition: &Rendition| rendition.width.max(rendition.height);
        self.media_details
            .sizes
            .values()
            .filter(|rendition| long_side(rendition) >= target)
            .min_by_key(|rendition| long_side(rendition))
            .map(|rendition| rendition.source_url.as_str())
            .unwrap_or(&self.source_url)
    }
}

/// Which attachments [`WordPressClient::media_page`] lists.
#[derive(Clone, Debug, Default)]
pub struct MediaQuery {
    /// Only images.
    pub images_only: bool,
    /// Uploaded after this time (ISO 8601, `2026-01-31T00:00:00`).
    pub after: Option<String>,
}

/// One page of a listing.
#[derive(Clone, Debug)]
pub struct MediaPage {
    pub attachments: Vec<Attachment>,
    /// From `X-WP-TotalPages`.
    pub total_pages: u32,
    /// From `X-WP-Total`.
    pub total: u64,
}

impl WordPressClient {
    /// `POST wp/v2/media` with the file as the body; the text rides on the query string (so the
    /// attachment never exists without it) unless it is long, when a follow-up update sets it.
    /// `slug` names the attachment so an interrupted push can find it again.
    pub async fn upload(
        &self,
        file_name: &str,
        mime_type: &str,
        bytes: Vec<u8>,
        fields: &MediaFields,
        slug: Option<&str>,
    ) -> Result<Attachment, WordPressError> {
        let mut query = vec![("context", "edit".to_string())];
        if let Some(slug) = slug {
            query.push(("slug", slug.to_string()));
        }
        let text = fields.query_pairs();
        let text_length: usize = text.iter().map(|(_, value)| value.len()).sum();
        let text_in_query = text_length <= MAX_QUERY_TEXT_BYTES;
        if text_in_query {
            query.extend(text);
        }
        let request = self
            .request(Method::POST, "wp/v2/media", &query)
            .header(CONTENT_TYPE, mime_type)
            .header(
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", disposition_name(file_name)),
            )
            .body(bytes);
        let attachment = match self.send_json::<Attachment>(request, "upload media").await {
            Ok((attachment, _)) => attachment,
            Err(error) => return Err(type_refusal(error, mime_type)),
        };
        if text_in_query || fields.is_empty() {
            return Ok(attachment);
        }
        self.update(attachment.id, fields).await
    }

    /// `POST wp/v2/media/{id}` with the fields to change.
    pub async fn update(
        &self,
        id: u64,
        fields: &MediaFields,
    ) -> Result<Attachment, WordPressError> {
        let request = self
            .request(
                Method::POST,
                &format!("wp/v2/media/{id}"),
                &[("context", "edit".to_string())],
            )
            .json(fields);
        self.send_json::<Attachment>(request, "edit this media")
            .await
            .map(|(attachment, _)| attachment)
            .map_err(|error| self.not_found(error, id))
    }

    /// `GET wp/v2/media/{id}`.
    pub async fn attachment(&self, id: u64) -> Result<Attachment, WordPressError> {
        let request = self.request(
            Method::GET,
            &format!("wp/v2/media/{id}"),
            &[("context", "edit".to_string())],
        );
        self.send_json::<Attachment>(request, "read media")
            .await
            .map(|(attachment, _)| attachment)
            .map_err(|error| self.not_found(error, id))
    }

    /// The attachments among `ids` that still exist, 100 per request.
    pub async fn attachments_by_ids(&self, ids: &[u64]) -> Result<Vec<Attachment>, WordPressError> {
        let mut found = Vec::new();
        for chunk in ids.chunks(PAGE_SIZE) {
            let include = chunk
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let request = self.request(
                Method::GET,
                "wp/v2/media",
                &[
                    ("context", "edit".to_string()),
                    ("include", include),
                    ("per_page", PAGE_SIZE.to_string()),
                ],
            );
            let (page, _) = self
                .send_json::<Vec<Attachment>>(request, "list media")
                .await?;
            found.extend(page);
        }
        Ok(found)
    }

    /// The attachment with this slug, if any.
    pub async fn attachment_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<Attachment>, WordPressError> {
        let request = self.request(
            Method::GET,
            "wp/v2/media",
            &[("context", "edit".to_string()), ("slug", slug.to_string())],
        );
        let (page, _) = self
            .send_json::<Vec<Attachment>>(request, "list media")
            .await?;
        Ok(page.into_iter().find(|attachment| attachment.slug == slug))
    }

    /// One page (from 1) of the library, oldest first so pages stay stable while a fill updates
    /// attachments.
    pub async fn media_page(
        &self,
        page: u32,
        query: &MediaQuery,
    ) -> Result<MediaPage, WordPressError> {
        let mut parameters = vec![
            ("context", "edit".to_string()),
            ("per_page", PAGE_SIZE.to_string()),
            ("page", page.to_string()),
            ("orderby", "id".to_string()),
            ("order", "asc".to_string()),
        ];
        if query.images_only {
            parameters.push(("media_type", "image".to_string()));
        }
        if let Some(after) = &query.after {
            parameters.push(("after", after.clone()));
        }
        let request = self.request(Method::GET, "wp/v2/media", &parameters);
        let (attachments, headers) = match self
            .send_json::<Vec<Attachment>>(request, "list media")
            .await
        {
            Ok(answer) => answer,
            // Asking past the last page answers 400 rest_post_invalid_page_number.
            Err(WordPressError::Failed { code, .. }) if code == "rest_post_invalid_page_number" => {
                return Ok(MediaPage {
                    attachments: Vec::new(),
                    total_pages: page.saturating_sub(1),
                    total: 0,
                })
            }
            Err(error) => return Err(error),
        };
        let header_number = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.trim().parse::<u64>().ok())
        };
        Ok(MediaPage {
            total_pages: header_number("x-wp-totalpages").unwrap_or(1) as u32,
            total: header_number("x-wp-total").unwrap_or(attachments.len() as u64),
            attachments,
        })
    }

    /// The bytes at `url` (a rendition on the site or its CDN), without credentials: media files
    /// are public, and the password should not travel to another host.
    pub async fn download(&self, url: &str) -> Result<Vec<u8>, WordPressError> {
        let response = self
            .http()
            .get(url)
            .send()
            .await
            .map_err(|error| transport_error(self.site(), error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(WordPressError::Failed {
                url: url.to_string(),
                status: status.as_u16(),
                code: String::new(),
                message: "the file could not be downloaded".into(),
            });
        }
        read_limited(self.site(), response, MAX_DOWNLOAD_BYTES).await
    }

    fn not_found(&self, error: WordPressError, id: u64) -> WordPressError {
        match error {
            WordPressError::Failed { status: 404, .. } => WordPressError::NotFound {
                url: self.site().to_string(),
                id,
            },
            // A trashed attachment cannot be edited; for a push it is as good as gone.
            WordPressError::Failed { status: 410, .. } => WordPressError::NotFound {
                url: self.site().to_string(),
                id,
            },
            other => other,
        }
    }
}

/// WordPress refuses a file type with 500 `rest_upload_sideload_error` ("Sorry, you are not
/// allowed to upload this file type.") or, on some versions and hosts, a 4xx with
/// `rest_upload_unknown_error`; both become [`WordPressError::TypeRefused`].
fn type_refusal(error: WordPressError, mime_type: &str) -> WordPressError {
    match error {
        WordPressError::Failed {
            url,
            code,
            message,
            status,
        } if (code == "rest_upload_sideload_error" || code == "rest_upload_unknown_error")
            && message.to_ascii_lowercase().contains("file type")
            || status == 415 =>
        {
            WordPressError::TypeRefused {
                url,
                mime_type: mime_type.to_string(),
                message,
            }
        }
        other => other,
    }
}

/// A file name safe inside `filename="..."`: WordPress refuses `filename*=`, so names are kept
/// to printable ASCII without quotes or backslashes.
fn disposition_name(file_name: &str) -> String {
    let cleaned: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '/' || c == ' ' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.trim().is_empty() {
        "image".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment_with(sizes: &[(&str, u32, u32)], width: u32, height: u32) -> Attachment {
        let sizes = sizes
            .iter()
            .map(|(name, width, height)| {
                (
                    name.to_string(),
                    Rendition {
                        width: *width,
                        height: *height,
                        mime_type: "image/jpeg".into(),
                        source_url: format!("https://example.com/{name}.jpg"),
                    },
                )
            })
            .collect();
        Attachment {
            id: 1,
            slug: String::new(),
            source_url: "https://example.com/original.jpg".into(),
            mime_type: "image/jpeg".into(),
            media_type: "image".into(),
            alt_text: String::new(),
            title: RawText::default(),
            caption: RawText::default(),
            description: RawText::default(),
            date_gmt: None,
            media_details: MediaDetails {
                width: Some(width),
                height: Some(height),
                sizes,
            },
        }
    }

    #[test]
    fn the_rendition_nearest_above_the_target_is_chosen() {
        let attachment = attachment_with(
            &[
                ("thumbnail", 150, 150),
                ("medium", 300, 200),
                ("large", 1024, 683),
            ],
            3000,
            2000,
        );
        assert_eq!(
            attachment.rendition_near(800),
            "https://example.com/large.jpg"
        );
        assert_eq!(
            attachment.rendition_near(200),
            "https://example.com/medium.jpg"
        );
        let small = attachment_with(&[("thumbnail", 150, 150)], 400, 300);
        assert_eq!(
            small.rendition_near(800),
            "https://example.com/original.jpg"
        );
        let bare = attachment_with(&[], 400, 300);
        assert_eq!(bare.rendition_near(800), "https://example.com/original.jpg");
    }

    #[test]
    fn disposition_names_stay_printable_ascii() {
        assert_eq!(disposition_name("café \"best\".jpg"), "caf- -best-.jpg");
        assert_eq!(disposition_name(""), "image");
    }

    #[test]
    fn type_refusals_are_recognised() {
        let refused = type_refusal(
            WordPressError::Failed {
                url: "u".into(),
                status: 500,
                code: "rest_upload_sideload_error".into(),
                message: "Sorry, you are not allowed to upload this file type.".into(),
            },
            "image/avif",
        );
        assert!(matches!(refused, WordPressError::TypeRefused { .. }));
        let other = type_refusal(
            WordPressError::Failed {
                url: "u".into(),
                status: 500,
                code: "rest_upload_sideload_error".into(),
                message: "The uploaded file could not be moved.".into(),
            },
            "image/jpeg",
        );
        assert!(matches!(other, WordPressError::Failed { .. }));
    }
}
