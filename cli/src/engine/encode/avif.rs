//! AVIF output through ravif (rav1e): quality, speed and alpha.

use image::DynamicImage;
use ravif::{Encoder, Img};
use rgb::FromSlice;

use super::{failed, Encoded};
use crate::engine::error::FileError;
use crate::engine::pixels;

/// Encodes 8-bit pixels at ravif's 0–100 quality and 1–10 speed.
pub fn encode(
    image: &DynamicImage,
    quality: u8,
    speed: u8,
    threads: usize,
) -> Result<Encoded, FileError> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let encoder = Encoder::new()
        .with_quality(f32::from(quality))
        .with_alpha_quality(f32::from(quality.saturating_add(10).min(100)))
        .with_speed(speed.clamp(1, 10))
        .with_num_threads(Some(threads.max(1)));
    // The encoder reads the pixels in place when they are already 8-bit RGB(A); otherwise one
    // converted copy is made. rav1e's own working set is the larger part of an AVIF encode's
    // memory, so no further copies are added here.
    let encoded = if image.color().has_alpha() {
        let rgba = pixels::rgba8(image);
        encoder.encode_rgba(Img::new(rgba.as_raw().as_rgba(), width, height))
    } else {
        let rgb = pixels::rgb8(image);
        encoder.encode_rgb(Img::new(rgb.as_raw().as_rgb(), width, height))
    }
    .map_err(|error| failed("avif", error))?;
    Ok(Encoded {
        bytes: encoded.avif_file,
        note: None,
    })
}
