//! Encoders for each output format. Each takes upright sRGB pixels and returns the encoded bytes;
//! metadata is attached afterwards by the pipeline so every format follows the same rules.

mod avif;
mod jpeg;
mod png;
mod webp;

use image::DynamicImage;

use super::error::FileError;
use super::options::{Chroma, OutputFormat, Quality};

/// Encoder settings that do not change from one image to the next.
#[derive(Clone, Debug)]
pub struct EncodeSettings {
    pub quality: Quality,
    pub chroma: Chroma,
    pub png_lossy: bool,
    pub avif_speed: u8,
    /// Threads one encode may use (rav1e, libwebp); 1 while the batch keeps every core busy.
    pub threads_per_image: usize,
}

/// What an encoder produced.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// A short remark for the report, such as "lossless" or "palette (quality 87)".
    pub note: Option<String>,
}

/// Encodes `image` as `format`. `source_is_lossless` lets WebP try lossless coding, which wins for
/// graphics and screenshots but never for camera JPEGs.
pub fn encode(
    image: &DynamicImage,
    format: OutputFormat,
    settings: &EncodeSettings,
    source_is_lossless: bool,
) -> Result<Encoded, FileError> {
    match format {
        OutputFormat::Jpeg => {
            jpeg::encode(image, settings.quality.setting_for(format), settings.chroma)
        }
        OutputFormat::Png => png::encode(
            image,
            settings
                .png_lossy
                .then(|| settings.quality.setting_for(format)),
        ),
        OutputFormat::Webp => webp::encode(
            image,
            settings.quality.setting_for(format),
            source_is_lossless,
            settings.threads_per_image,
        ),
        OutputFormat::Avif => avif::encode(
            image,
            settings.quality.setting_for(format),
            settings.avif_speed,
            settings.threads_per_image,
        ),
        OutputFormat::Gif => Err(FileError::Encode {
            format: "gif",
            reason: "GIF is never written; GIF inputs are kept as they are or converted".into(),
        }),
    }
}

/// Builds an encode error for `format` from any displayable cause.
fn failed(format: &'static str, reason: impl ToString) -> FileError {
    FileError::Encode {
        format,
        reason: reason.to_string(),
    }
}
