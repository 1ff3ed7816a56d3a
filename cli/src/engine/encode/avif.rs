//! AVIF output through ravif (rav1e): quality, speed and alpha.

use image::DynamicImage;
use ravif::{Encoder, Img, RGB8, RGBA8};

use super::{failed, Encoded};
use crate::engine::error::FileError;

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
    let encoded = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        let pixels: Vec<RGBA8> = rgba
            .as_raw()
            .chunks_exact(4)
            .map(|pixel| RGBA8::new(pixel[0], pixel[1], pixel[2], pixel[3]))
            .collect();
        encoder.encode_rgba(Img::new(pixels.as_slice(), width, height))
    } else {
        let rgb = image.to_rgb8();
        let pixels: Vec<RGB8> = rgb
            .as_raw()
            .chunks_exact(3)
            .map(|pixel| RGB8::new(pixel[0], pixel[1], pixel[2]))
            .collect();
        encoder.encode_rgb(Img::new(pixels.as_slice(), width, height))
    }
    .map_err(|error| failed("avif", error))?;
    Ok(Encoded {
        bytes: encoded.avif_file,
        note: None,
    })
}
