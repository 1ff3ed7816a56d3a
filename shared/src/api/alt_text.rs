//! AI metadata for one image: `POST /v1/workspaces/{workspace}/alt-text` (and `POST /v1/alt-text`
//! with a workspace token, which knows its workspace).
//!
//! The CLI sends a downscaled copy (at most [`MAX_IMAGE_SIDE`] pixels on the long side, JPEG or
//! WebP, base64 in JSON), never the original file. The server reserves one credit, asks the model
//! for structured output, validates it (retrying an invalid answer once), commits the credit on
//! success and releases it on failure. The image is never stored or logged.

use serde::{Deserialize, Serialize};

/// The longest side, in pixels, of an image sent for AI metadata.
pub const MAX_IMAGE_SIDE: u32 = 1024;

/// The default (and W3C-recommended) maximum alt-text length.
pub const DEFAULT_MAX_CHARS: u32 = 125;

/// The metadata fields a caller can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MetadataField {
    Alt,
    Title,
    Caption,
    Description,
}

impl MetadataField {
    pub const ALL: [MetadataField; 4] = [
        MetadataField::Alt,
        MetadataField::Title,
        MetadataField::Caption,
        MetadataField::Description,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetadataField::Alt => "alt",
            MetadataField::Title => "title",
            MetadataField::Caption => "caption",
            MetadataField::Description => "description",
        }
    }

    pub fn parse(text: &str) -> Option<MetadataField> {
        match text.trim() {
            "alt" | "alt_text" => Some(MetadataField::Alt),
            "title" => Some(MetadataField::Title),
            "caption" => Some(MetadataField::Caption),
            "description" => Some(MetadataField::Description),
            _ => None,
        }
    }
}

/// The downscaled image.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImagePayload {
    /// `image/jpeg` or `image/webp`.
    pub media_type: String,
    /// The file's bytes, standard base64.
    pub data_base64: String,
}

impl std::fmt::Debug for ImagePayload {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ImagePayload")
            .field("media_type", &self.media_type)
            .field("base64_length", &self.data_base64.len())
            .finish()
    }
}

/// What to write and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltTextOptions {
    /// BCP 47 language of the answer, such as `en`, `pt-BR`, `de` (default `en`).
    #[serde(default)]
    pub language: Option<String>,
    /// Words to use where they are true to the image (for search), never forced.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Free text about where the image appears (the page, the product).
    #[serde(default)]
    pub context: Option<String>,
    /// Longest alt text, in characters (default 125).
    #[serde(default)]
    pub max_chars: Option<u32>,
    /// Which fields to fill (default all).
    #[serde(default)]
    pub fields: Option<Vec<MetadataField>>,
}

/// `POST .../alt-text`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltTextRequest {
    pub image: ImagePayload,
    #[serde(default)]
    pub options: AltTextOptions,
}

/// The model's answer, validated. Fields not asked for are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AltTextResult {
    /// Empty when the image is decorative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// True when the image adds nothing a reader would miss (a flourish, a spacer).
    pub decorative: bool,
    /// A short lowercase file-name suggestion (`red-bicycle-against-brick-wall`).
    pub filename_slug: String,
    /// The model that wrote it.
    pub model: String,
    /// The language it is written in.
    pub language: String,
    /// Credits this answer cost (1, or 0 for an answer the server did not charge).
    pub credits_used: u64,
}
