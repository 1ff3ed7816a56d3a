//! Decodes an input file into pixels plus what we need to treat them right: profile, orientation,
//! metadata, bit depth and animation. Dimensions are checked before any pixel is decoded.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::{DynamicImage, ImageDecoder, ImageReader};

use super::colour::{self, ColourOutcome};
use super::error::FileError;
use super::metadata::{self, SourceMetadata};
use super::sniff::InputFormat;

/// A decoded input, still in its stored orientation and colour space.
pub struct DecodedImage {
    pub format: InputFormat,
    pub pixels: DynamicImage,
    /// The embedded ICC profile, when the file had one and the pixels are still in that space.
    pub icc: Option<Vec<u8>>,
    /// Set when decoding already converted the pixels (CMYK JPEGs become sRGB during decoding).
    pub colour_outcome: Option<ColourOutcome>,
    /// Set when `icc` was made from a PNG `gAMA` chunk rather than embedded; names it for reports.
    pub gamma_note: Option<String>,
    /// EXIF orientation 1–8; 1 when absent.
    pub orientation: u16,
    pub metadata: SourceMetadata,
    /// Frames in an animation; 1 for a still image.
    pub frames: u32,
}

/// Reads only the header and returns the stored width and height.
pub fn dimensions(bytes: &[u8], format: InputFormat) -> Result<(u32, u32), FileError> {
    let reader = ImageReader::with_format(Cursor::new(bytes), image_format(format)?);
    reader
        .into_dimensions()
        .map_err(|error| FileError::Corrupt {
            format: format.name(),
            reason: error.to_string(),
        })
}

/// Decodes the whole image.
pub fn decode(bytes: &[u8], format: InputFormat) -> Result<DecodedImage, FileError> {
    let metadata = metadata::read_any(bytes);
    let orientation_from_exif = metadata
        .exif
        .as_deref()
        .and_then(metadata::exif_orientation);
    match format {
        InputFormat::Jpeg => decode_jpeg(bytes, metadata, orientation_from_exif.unwrap_or(1)),
        _ => decode_with_image_crate(bytes, format, metadata, orientation_from_exif),
    }
}

fn image_format(format: InputFormat) -> Result<image::ImageFormat, FileError> {
    match format {
        InputFormat::Jpeg => Ok(image::ImageFormat::Jpeg),
        InputFormat::Png => Ok(image::ImageFormat::Png),
        InputFormat::Webp => Ok(image::ImageFormat::WebP),
        InputFormat::Gif => Ok(image::ImageFormat::Gif),
        InputFormat::Tiff => Ok(image::ImageFormat::Tiff),
        InputFormat::Bmp => Ok(image::ImageFormat::Bmp),
        InputFormat::Avif => Err(FileError::UnsupportedVariant {
            format: "avif",
            reason: "AVIF inputs are not read yet (Altloom decodes AVIF only to measure its own outputs, \
                     without the colour profile, rotation and grid properties a camera or editor \
                     may write); convert the file to PNG or JPEG first"
                .into(),
        }),
        other => Err(FileError::Unsupported {
            detected: other.name().to_string(),
        }),
    }
}

fn decode_with_image_crate(
    bytes: &[u8],
    format: InputFormat,
    mut metadata: SourceMetadata,
    orientation_from_exif: Option<u16>,
) -> Result<DecodedImage, FileError> {
    let corrupt = |error: image::ImageError| FileError::Corrupt {
        format: format.name(),
        reason: error.to_string(),
    };
    let frames = count_frames(bytes, format)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format)?);
    // Our own --max-pixels check already ran on the header; the crate's default allocation limit
    // (512 MiB) would refuse legitimate 100 MP 16-bit images, so the memory budget governs instead.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    if metadata.icc.is_none() {
        metadata.icc = decoder.icc_profile().ok().flatten();
    }
    let mut icc = metadata.icc.clone();
    let mut gamma_note = None;
    if icc.is_none() && format == InputFormat::Png {
        if let Some(gamma) = png_gamma(bytes) {
            let gray = !matches!(
                decoder.color_type(),
                image::ColorType::Rgb8
                    | image::ColorType::Rgba8
                    | image::ColorType::Rgb16
                    | image::ColorType::Rgba16
            );
            icc = colour::profile_from_png_gamma(gamma, gray);
            gamma_note = icc.as_ref().map(|_| format!("PNG gamma {gamma:.2}"));
        }
    }
    let orientation = match orientation_from_exif {
        Some(orientation) => orientation,
        None => orientation_number(
            decoder
                .orientation()
                .unwrap_or(image::metadata::Orientation::NoTransforms),
        ),
    };
    let pixels = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    Ok(DecodedImage {
        format,
        icc,
        colour_outcome: None,
        gamma_note,
        orientation,
        metadata,
        frames,
        pixels,
    })
}

fn orientation_number(orientation: image::metadata::Orientation) -> u16 {
    use image::metadata::Orientation;
    match orientation {
        Orientation::NoTransforms => 1,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    }
}

/// The encoding gamma from a PNG's `gAMA` chunk when it matters: absent with an `sRGB` chunk
/// (which overrides it) and when it is the usual 1/2.2, which every viewer treats as sRGB.
fn png_gamma(bytes: &[u8]) -> Option<f64> {
    let decoder = png::Decoder::new(Cursor::new(bytes));
    let reader = decoder.read_info().ok()?;
    let info = reader.info();
    if info.srgb.is_some() {
        return None;
    }
    let gamma = f64::from(info.gama_chunk?.into_value());
    ((gamma - 1.0 / 2.2).abs() > 0.01).then_some(gamma)
}

/// Counts animation frames without keeping them; animated inputs are handled differently.
fn count_frames(bytes: &[u8], format: InputFormat) -> Result<u32, FileError> {
    match format {
        InputFormat::Png => {
            let decoder =
                image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(|error| {
                    FileError::Corrupt {
                        format: "png",
                        reason: error.to_string(),
                    }
                })?;
            if decoder.is_apng().unwrap_or(false) {
                Ok(apng_frame_count(bytes).max(2))
            } else {
                Ok(1)
            }
        }
        InputFormat::Webp => {
            let decoder =
                image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).map_err(|error| {
                    FileError::Corrupt {
                        format: "webp",
                        reason: error.to_string(),
                    }
                })?;
            Ok(if decoder.has_animation() {
                webp_frame_count(bytes).max(2)
            } else {
                1
            })
        }
        InputFormat::Gif => {
            let mut options = gif::DecodeOptions::new();
            options.set_color_output(gif::ColorOutput::Indexed);
            // Counting needs only frame boundaries, not pixels.
            options.skip_frame_decoding(true);
            let corrupt = |error: gif::DecodingError| FileError::Corrupt {
                format: "gif",
                reason: error.to_string(),
            };
            let mut decoder = options.read_info(Cursor::new(bytes)).map_err(corrupt)?;
            let mut frames = 0;
            while decoder.read_next_frame().map_err(corrupt)?.is_some() {
                frames += 1;
                if frames > 1 {
                    break;
                }
            }
            Ok(frames.max(1))
        }
        _ => Ok(1),
    }
}

/// Reads the frame count from the APNG `acTL` chunk.
fn apng_frame_count(bytes: &[u8]) -> u32 {
    bytes
        .windows(4)
        .position(|window| window == b"acTL")
        .and_then(|position| bytes.get(position + 4..position + 8))
        .map(|count| u32::from_be_bytes([count[0], count[1], count[2], count[3]]))
        .unwrap_or(0)
}

/// Counts `ANMF` chunks of an animated WebP.
fn webp_frame_count(bytes: &[u8]) -> u32 {
    let mut count = 0;
    let mut offset = 12;
    while offset + 8 <= bytes.len() {
        let size = u32::from_le_bytes([
            bytes[offset + 4],
            bytes[offset + 5],
            bytes[offset + 6],
            bytes[offset + 7],
        ]) as usize;
        if &bytes[offset..offset + 4] == b"ANMF" {
            count += 1;
        }
        offset = offset.saturating_add(8).saturating_add(size + (size & 1));
    }
    count
}

/// The Adobe APP14 marker: Photoshop writes it and stores CMYK inverted.
fn has_adobe_marker(bytes: &[u8]) -> bool {
    let mut offset = 2;
    while offset + 4 <= bytes.len() && bytes[offset] == 0xFF {
        let marker = bytes[offset + 1];
        if marker == 0xDA {
            break;
        }
        let length = u16::from_be_bytes([bytes[offset + 2], bytes[offset + 3]]) as usize;
        if marker == 0xEE && bytes.get(offset + 4..offset + 9) == Some(b"Adobe") {
            return true;
        }
        offset += 2 + length;
    }
    false
}

/// libjpeg treats a missing end-of-image marker as a warning and fills the rest with grey; we
/// refuse such files so damage is never baked into an "optimised" copy.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    !tail.windows(2).any(|window| window == [0xFF, 0xD9])
}

fn decode_jpeg(
    bytes: &[u8],
    metadata: SourceMetadata,
    orientation: u16,
) -> Result<DecodedImage, FileError> {
    if jpeg_is_truncated(bytes) {
        return Err(FileError::Corrupt {
            format: "jpeg",
            reason: "the file ends before the image data does (no end-of-image marker)".into(),
        });
    }
    enum Raw {
        Rgb(u32, u32, Vec<u8>),
        Gray(u32, u32, Vec<u8>),
        Cmyk(u32, u32, Vec<u8>),
    }
    // libjpeg reports fatal errors by unwinding; catch them so one bad file cannot end the batch.
    let decoded = catch_unwind(AssertUnwindSafe(|| -> std::io::Result<Raw> {
        let decompress = mozjpeg::Decompress::new_mem(bytes)?;
        let (width, height) = (decompress.width() as u32, decompress.height() as u32);
        Ok(match decompress.image()? {
            mozjpeg::decompress::Format::RGB(mut started) => {
                let pixels = started.read_scanlines::<u8>()?;
                started.finish()?;
                Raw::Rgb(width, height, pixels)
            }
            mozjpeg::decompress::Format::Gray(mut started) => {
                let pixels = started.read_scanlines::<u8>()?;
                started.finish()?;
                Raw::Gray(width, height, pixels)
            }
            mozjpeg::decompress::Format::CMYK(mut started) => {
                let pixels = started.read_scanlines::<u8>()?;
                started.finish()?;
                Raw::Cmyk(width, height, pixels)
            }
        })
    }));
    let corrupt = |reason: String| FileError::Corrupt {
        format: "jpeg",
        reason,
    };
    let raw = match decoded {
        Ok(Ok(raw)) => raw,
        Ok(Err(error)) => return Err(corrupt(error.to_string())),
        Err(panic) => return Err(corrupt(panic_message(panic))),
    };
    let mut icc = metadata.icc.clone();
    let mut colour_outcome = None;
    let pixels = match raw {
        Raw::Rgb(width, height, pixels) => image::RgbImage::from_raw(width, height, pixels)
            .map(DynamicImage::ImageRgb8)
            .ok_or_else(|| corrupt("decoder returned a short buffer".into()))?,
        Raw::Gray(width, height, pixels) => image::GrayImage::from_raw(width, height, pixels)
            .map(DynamicImage::ImageLuma8)
            .ok_or_else(|| corrupt("decoder returned a short buffer".into()))?,
        Raw::Cmyk(width, height, pixels) => {
            let (rgb, outcome) = colour::cmyk_to_srgb(
                width,
                height,
                &pixels,
                icc.as_deref(),
                has_adobe_marker(bytes),
            )
            .map_err(|error| FileError::Colour(error.to_string()))?;
            // The CMYK profile has been applied; the pixels are sRGB now.
            icc = None;
            colour_outcome = Some(outcome);
            DynamicImage::ImageRgb8(rgb)
        }
    };
    Ok(DecodedImage {
        format: InputFormat::Jpeg,
        pixels,
        icc,
        colour_outcome,
        gamma_note: None,
        orientation,
        metadata,
        frames: 1,
    })
}

/// Turns a caught unwind payload (a libjpeg message or a panic) into text for the report.
pub fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else {
        "the decoder stopped on malformed data".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_is_detected_by_missing_end_marker() {
        assert!(jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]));
        assert!(!jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xD9]));
    }

    #[test]
    fn adobe_marker_is_found_before_scan_data() {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x0E];
        bytes.extend_from_slice(b"Adobe\0\x64\0\0\0\0\x02");
        bytes.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02]);
        assert!(has_adobe_marker(&bytes));
        assert!(!has_adobe_marker(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]));
    }
}
