//! PNG output: lossless through oxipng, or palette-quantised with imagequant first (like pngquant)
//! when `--png-lossy` is on and the palette meets the quality floor.

use image::DynamicImage;
use oxipng::{BitDepth, ColorType, Options, RawImage, StripChunks};

use super::{failed, Encoded};
use crate::engine::error::FileError;

/// Encodes losslessly, or with a palette when `lossy_quality_floor` is set and the quantised image
/// reaches it (imagequant's 0–100 quality scale) and is smaller.
pub fn encode(image: &DynamicImage, lossy_quality_floor: Option<u8>) -> Result<Encoded, FileError> {
    let lossless = optimize(lossless_raw_image(image)?)?;
    let Some(floor) = lossy_quality_floor else {
        return Ok(Encoded {
            bytes: lossless,
            note: None,
        });
    };
    match quantize(image, floor)? {
        Some((raw, achieved)) => {
            let palette = optimize(raw)?;
            if palette.len() < lossless.len() {
                Ok(Encoded {
                    bytes: palette,
                    note: Some(format!("palette (quality {achieved})")),
                })
            } else {
                Ok(Encoded {
                    bytes: lossless,
                    note: Some("lossless (palette was not smaller)".into()),
                })
            }
        }
        None => Ok(Encoded {
            bytes: lossless,
            note: Some(format!(
                "lossless (palette could not reach quality {floor})"
            )),
        }),
    }
}

fn optimize(raw: RawImage) -> Result<Vec<u8>, FileError> {
    let mut options = Options::from_preset(2);
    // Metadata is attached afterwards by the pipeline, so everything optional is removed here.
    options.strip = StripChunks::All;
    // Colours hidden under full transparency are invisible; letting oxipng normalise them is the
    // `-a` behaviour of pngquant and oxipng, and often saves a lot.
    options.optimize_alpha = true;
    raw.create_optimized_png(&options)
        .map_err(|error| failed("png", error))
}

fn big_endian(samples: &[u16]) -> Vec<u8> {
    samples
        .iter()
        .flat_map(|sample| sample.to_be_bytes())
        .collect()
}

fn lossless_raw_image(image: &DynamicImage) -> Result<RawImage, FileError> {
    let (width, height) = (image.width(), image.height());
    let gray = ColorType::Grayscale {
        transparent_shade: None,
    };
    let rgb = ColorType::RGB {
        transparent_color: None,
    };
    let (color_type, bit_depth, data) = match image {
        DynamicImage::ImageLuma8(buffer) => (gray, BitDepth::Eight, buffer.as_raw().clone()),
        DynamicImage::ImageLumaA8(buffer) => (
            ColorType::GrayscaleAlpha,
            BitDepth::Eight,
            buffer.as_raw().clone(),
        ),
        DynamicImage::ImageRgb8(buffer) => (rgb, BitDepth::Eight, buffer.as_raw().clone()),
        DynamicImage::ImageRgba8(buffer) => {
            (ColorType::RGBA, BitDepth::Eight, buffer.as_raw().clone())
        }
        DynamicImage::ImageLuma16(buffer) => (gray, BitDepth::Sixteen, big_endian(buffer.as_raw())),
        DynamicImage::ImageLumaA16(buffer) => (
            ColorType::GrayscaleAlpha,
            BitDepth::Sixteen,
            big_endian(buffer.as_raw()),
        ),
        DynamicImage::ImageRgb16(buffer) => (rgb, BitDepth::Sixteen, big_endian(buffer.as_raw())),
        DynamicImage::ImageRgba16(buffer) => (
            ColorType::RGBA,
            BitDepth::Sixteen,
            big_endian(buffer.as_raw()),
        ),
        other if other.color().has_alpha() => (
            ColorType::RGBA,
            BitDepth::Sixteen,
            big_endian(other.to_rgba16().as_raw()),
        ),
        other => (
            rgb,
            BitDepth::Sixteen,
            big_endian(other.to_rgb16().as_raw()),
        ),
    };
    RawImage::new(width, height, color_type, bit_depth, data).map_err(|error| failed("png", error))
}

/// Quantises to at most 256 colours. `None` when the floor cannot be met.
fn quantize(image: &DynamicImage, floor: u8) -> Result<Option<(RawImage, u8)>, FileError> {
    let rgba = image.to_rgba8();
    let (width, height) = (rgba.width() as usize, rgba.height() as usize);
    let pixels: Vec<imagequant::RGBA> = rgba
        .as_raw()
        .chunks_exact(4)
        .map(|pixel| imagequant::RGBA::new(pixel[0], pixel[1], pixel[2], pixel[3]))
        .collect();
    let mut attributes = imagequant::new();
    attributes
        .set_quality(floor, 100)
        .map_err(|error| failed("png", error))?;
    attributes
        .set_speed(4)
        .map_err(|error| failed("png", error))?;
    let mut quantizable = attributes
        .new_image(pixels, width, height, 0.0)
        .map_err(|error| failed("png", error))?;
    let mut result = match attributes.quantize(&mut quantizable) {
        Ok(result) => result,
        Err(imagequant::Error::QualityTooLow) => return Ok(None),
        Err(error) => return Err(failed("png", error)),
    };
    result
        .set_dithering_level(1.0)
        .map_err(|error| failed("png", error))?;
    let achieved = result.quantization_quality().unwrap_or(floor);
    let (palette, indices) = result
        .remapped(&mut quantizable)
        .map_err(|error| failed("png", error))?;
    let palette = palette
        .into_iter()
        .map(|colour| oxipng::RGBA8::new(colour.r, colour.g, colour.b, colour.a))
        .collect();
    let raw = RawImage::new(
        width as u32,
        height as u32,
        ColorType::Indexed { palette },
        BitDepth::Eight,
        indices,
    )
    .map_err(|error| failed("png", error))?;
    Ok(Some((raw, achieved)))
}
