//! The images AI metadata is written for: found like `altloom optimize` finds inputs, read and
//! hashed (BLAKE3, the key of `altloom-meta.json`), and turned into the small copy a model sees.
//!
//! The copy is decoded with the engine's decoder, made upright, converted to sRGB, flattened
//! onto white when it has transparency, shrunk so its long side is at most
//! [`MAX_IMAGE_SIDE`] pixels, and encoded as a JPEG. The original file is never sent anywhere.
//! Like the rest of the engine, this module never prints.

use std::path::{Path, PathBuf};

use altloom_shared::api::alt_text::{ImagePayload, MAX_IMAGE_SIDE};
use base64::Engine as _;
use image::DynamicImage;
use rayon::prelude::*;

use super::cache::content_hash;
use super::colour;
use super::decode;
use super::discover::{discover, DiscoveryOptions};
use super::encode::{self, EncodeSettings};
use super::error::{BatchError, FileError};
use super::options::{Chroma, OutputFormat, Quality};
use super::pixels;
use super::sniff::sniff;

/// JPEG quality of the copy: plenty for a model to read the picture, small on the wire.
const COPY_QUALITY: &str = "80";

/// One image found for AI metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AltSource {
    pub path: PathBuf,
    /// The path below the folder it was found in (or the file name of a file named directly).
    pub relative: PathBuf,
    /// Hex BLAKE3 of the file's bytes.
    pub content_hash: String,
}

/// What [`find_sources`] found.
#[derive(Debug, Default)]
pub struct FoundSources {
    /// Readable images, sorted by path.
    pub sources: Vec<AltSource>,
    /// Paths that cannot be described, with the reason (missing, unreadable, not an image).
    pub failures: Vec<(PathBuf, String)>,
}

/// Finds the images under `paths`, reads and hashes them in parallel, and keeps those whose
/// content is an image format the engine decodes.
pub fn find_sources(
    paths: &[PathBuf],
    discovery: &DiscoveryOptions,
) -> Result<FoundSources, BatchError> {
    let found = discover(paths, discovery)?;
    let checked: Vec<Result<AltSource, (PathBuf, String)>> = found
        .files
        .into_par_iter()
        .map(|input| {
            let bytes = std::fs::read(&input.path)
                .map_err(|error| (input.path.clone(), FileError::Read(error).to_string()))?;
            if bytes.is_empty() {
                return Err((input.path.clone(), FileError::Empty.to_string()));
            }
            let Some(format) = sniff(&bytes) else {
                let error = FileError::Unsupported {
                    detected: "unknown content".into(),
                };
                return Err((input.path.clone(), error.to_string()));
            };
            decode::dimensions(&bytes, format)
                .map_err(|error| (input.path.clone(), error.to_string()))?;
            Ok(AltSource {
                path: input.path,
                relative: input.relative,
                content_hash: content_hash(&bytes),
            })
        })
        .collect();
    let mut result = FoundSources {
        sources: Vec::new(),
        failures: found.problems,
    };
    for item in checked {
        match item {
            Ok(source) => result.sources.push(source),
            Err(failure) => result.failures.push(failure),
        }
    }
    result
        .sources
        .sort_by(|first, second| first.path.cmp(&second.path));
    Ok(result)
}

/// Why a copy for the model could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("the file changed since it was read; run again")]
    Changed,
}

/// The copy of the image at `path` to send to a model: at most [`MAX_IMAGE_SIDE`] pixels on the
/// long side, JPEG, base64. `expected_hash` is the hash the file had when it was found; a file
/// that changed since is refused, so metadata is never filed under the wrong image.
pub fn model_copy(
    path: &Path,
    expected_hash: &str,
    max_pixels: u64,
) -> Result<ImagePayload, CopyError> {
    let bytes = std::fs::read(path).map_err(FileError::Read)?;
    if content_hash(&bytes) != expected_hash {
        return Err(CopyError::Changed);
    }
    let jpeg = downscaled_jpeg(&bytes, max_pixels)?;
    Ok(ImagePayload {
        media_type: "image/jpeg".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(jpeg),
    })
}

/// Decodes `bytes`, makes the picture upright, sRGB, 8-bit and opaque, shrinks it to fit
/// [`MAX_IMAGE_SIDE`] and encodes it as a JPEG.
pub fn downscaled_jpeg(bytes: &[u8], max_pixels: u64) -> Result<Vec<u8>, FileError> {
    let format = sniff(bytes).ok_or_else(|| FileError::Unsupported {
        detected: "unknown content".into(),
    })?;
    let (width, height) = decode::dimensions(bytes, format)?;
    let pixel_count = u64::from(width) * u64::from(height);
    if pixel_count > max_pixels {
        return Err(FileError::TooManyPixels {
            width,
            height,
            megapixels: pixel_count as f64 / 1e6,
            limit_megapixels: max_pixels as f64 / 1e6,
        });
    }
    let mut decoded = decode::decode(bytes, format)?;
    pixels::apply_orientation(&mut decoded.pixels, decoded.orientation);
    if let Some(icc) = &decoded.icc {
        // An unusable profile leaves the pixels as they are, treated as sRGB, as the optimiser
        // does; the model only needs to see the picture.
        let _ = colour::convert_to_srgb_in_place(&mut decoded.pixels, icc);
    }
    let opaque = flatten_onto_white(pixels::to_8_bit(decoded.pixels));
    let resized = match fitted_width(opaque.width(), opaque.height(), MAX_IMAGE_SIDE) {
        Some(target_width) => pixels::resize_to_width(&opaque, target_width)?,
        None => opaque,
    };
    let settings = EncodeSettings {
        quality: COPY_QUALITY.parse::<Quality>().unwrap_or_default(),
        chroma: Chroma::Subsampled420,
        png_lossy: false,
        avif_speed: 10,
        threads_per_image: 1,
        target: None,
    };
    Ok(encode::encode(&resized, OutputFormat::Jpeg, &settings, false)?.bytes)
}

/// The width to resize to so that neither side exceeds `limit`, or `None` when the image
/// already fits.
fn fitted_width(width: u32, height: u32, limit: u32) -> Option<u32> {
    if width <= limit && height <= limit {
        return None;
    }
    if width >= height {
        return Some(limit);
    }
    // Rounding down keeps the height, rounded from the width, within the limit.
    let scaled = (u64::from(width) * u64::from(limit) / u64::from(height)) as u32;
    Some(scaled.max(1))
}

/// JPEG has no transparency: transparent pixels are composited onto white, as most pages show
/// them; an alpha channel with nothing transparent is simply dropped.
fn flatten_onto_white(image: DynamicImage) -> DynamicImage {
    if !pixels::has_alpha_channel(&image) {
        return image;
    }
    if !pixels::has_real_transparency(&image) {
        return pixels::drop_opaque_alpha(image);
    }
    let gray = matches!(image, DynamicImage::ImageLumaA8(_));
    let mut rgba = image.to_rgba8();
    for pixel in rgba.pixels_mut() {
        let alpha = u32::from(pixel.0[3]);
        for channel in &mut pixel.0[..3] {
            *channel = ((u32::from(*channel) * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
        }
        pixel.0[3] = 255;
    }
    let flattened = DynamicImage::ImageRgba8(rgba);
    if gray {
        DynamicImage::ImageLuma8(flattened.to_luma8())
    } else {
        DynamicImage::ImageRgb8(flattened.to_rgb8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn png(image: &DynamicImage) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }

    #[test]
    fn the_long_side_fits_and_the_aspect_ratio_is_kept() {
        assert_eq!(fitted_width(800, 600, 1024), None);
        assert_eq!(fitted_width(1024, 1024, 1024), None);
        assert_eq!(fitted_width(4000, 3000, 1024), Some(1024));
        assert_eq!(fitted_width(3000, 4000, 1024), Some(768));
        assert_eq!(fitted_width(10, 100_000, 1024), Some(1));

        let tall = DynamicImage::ImageRgb8(ImageBuffer::from_fn(600, 2000, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }));
        let jpeg = downscaled_jpeg(&png(&tall), u64::MAX).unwrap();
        let copy = image::load_from_memory(&jpeg).unwrap();
        assert_eq!(sniff(&jpeg), Some(super::super::sniff::InputFormat::Jpeg));
        assert!(copy.height() <= MAX_IMAGE_SIDE, "{}", copy.height());
        assert!(copy.height() >= MAX_IMAGE_SIDE - 1);
        assert_eq!(copy.width(), 307);
    }

    #[test]
    fn transparency_becomes_white_and_small_images_are_not_enlarged() {
        let logo = DynamicImage::ImageRgba8(ImageBuffer::from_fn(40, 20, |x, _| {
            if x < 20 {
                Rgba([200, 0, 0, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        }));
        let jpeg = downscaled_jpeg(&png(&logo), u64::MAX).unwrap();
        let copy = image::load_from_memory(&jpeg).unwrap().to_rgb8();
        assert_eq!((copy.width(), copy.height()), (40, 20));
        let right = copy.get_pixel(35, 10).0;
        assert!(right.iter().all(|&channel| channel > 240), "{right:?}");
        let left = copy.get_pixel(5, 10).0;
        assert!(left[0] > 150 && left[1] < 60, "{left:?}");
    }

    #[test]
    fn a_changed_file_and_a_bomb_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.png");
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(30, 30, Rgb([1, 2, 3])));
        std::fs::write(&path, png(&image)).unwrap();
        assert!(matches!(
            model_copy(&path, "not the hash", u64::MAX),
            Err(CopyError::Changed)
        ));
        let hash = content_hash(&std::fs::read(&path).unwrap());
        assert!(matches!(
            model_copy(&path, &hash, 100),
            Err(CopyError::File(FileError::TooManyPixels { .. }))
        ));
        let payload = model_copy(&path, &hash, u64::MAX).unwrap();
        assert_eq!(payload.media_type, "image/jpeg");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(payload.data_base64)
            .unwrap();
        assert_eq!(&decoded[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn sources_are_hashed_and_non_images_are_named() {
        let folder = tempfile::tempdir().unwrap();
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(8, 8, Rgb([9, 9, 9])));
        std::fs::write(folder.path().join("a.png"), png(&image)).unwrap();
        std::fs::write(folder.path().join("b.jpg"), b"not a jpeg").unwrap();
        let found =
            find_sources(&[folder.path().to_path_buf()], &DiscoveryOptions::default()).unwrap();
        assert_eq!(found.sources.len(), 1);
        assert_eq!(found.sources[0].relative, PathBuf::from("a.png"));
        assert_eq!(found.sources[0].content_hash.len(), 64);
        assert_eq!(found.failures.len(), 1);
        assert!(found.failures[0].0.ends_with("b.jpg"));
    }
}
