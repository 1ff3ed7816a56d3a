//! WebP output through libwebp: lossy with alpha, or lossless when that is smaller for graphics.

use image::DynamicImage;
use webp::{Encoder, WebPConfig};

use super::{failed, Encoded};
use crate::engine::error::FileError;
use crate::engine::pixels;

/// libwebp's method for outputs: its slowest, most thorough one. At equal whole-image dssim it made
/// the benchmark corpus 4.5 % smaller than method 4 (method 5: 1.9 %) for 1.76× the encode time
/// (`examples/encoder_frontier.rs`, BENCHMARKS.md).
pub const OUTPUT_METHOD: i32 = 6;

/// libwebp's method for a quality search's trials on a strip of tiles: method 4 needs the same
/// quality setting as method 6 for a dssim target, within one step, on every image of the
/// benchmark corpus, at 57 % of the time; the output itself is encoded with [`OUTPUT_METHOD`] and
/// measured again.
pub const TRIAL_METHOD: i32 = 4;

/// Encodes 8-bit pixels with libwebp's `method`. Lossless coding is tried too when the source was
/// lossless (a PNG, GIF or lossless WebP), and the smaller result is kept.
pub fn encode(
    image: &DynamicImage,
    quality: u8,
    try_lossless: bool,
    threads: usize,
    method: i32,
) -> Result<Encoded, FileError> {
    // WebP has no gray mode; gray expands to RGB(A) here and compresses back well.
    // Pixels already in 8-bit RGB(A) are read in place (a search encodes the same probe several
    // times); others are converted once.
    let has_alpha = image.color().has_alpha();
    let (rgba, rgb);
    let encoder = if has_alpha {
        rgba = pixels::rgba8(image);
        Encoder::from_rgba(rgba.as_raw(), image.width(), image.height())
    } else {
        rgb = pixels::rgb8(image);
        Encoder::from_rgb(rgb.as_raw(), image.width(), image.height())
    };
    // libwebp can split its analysis over a second thread; worth it only when cores are idle.
    let thread_level = i32::from(threads > 1);
    let mut lossy_config = config()?;
    lossy_config.thread_level = thread_level;
    lossy_config.quality = f32::from(quality);
    lossy_config.method = method;
    lossy_config.alpha_quality = 100;
    lossy_config.alpha_compression = 1;
    let lossy = encoder
        .encode_advanced(&lossy_config)
        .map_err(|error| failed("webp", format!("{error:?}")))?
        .to_vec();
    if !try_lossless {
        return Ok(Encoded {
            bytes: lossy,
            note: None,
        });
    }
    let mut lossless_config = config()?;
    lossless_config.thread_level = thread_level;
    lossless_config.lossless = 1;
    lossless_config.quality = 75.0;
    lossless_config.method = 4;
    lossless_config.exact = 0;
    let lossless = encoder
        .encode_advanced(&lossless_config)
        .map_err(|error| failed("webp", format!("{error:?}")))?
        .to_vec();
    if lossless.len() <= lossy.len() {
        Ok(Encoded {
            bytes: lossless,
            note: Some("lossless (smaller than lossy)".into()),
        })
    } else {
        Ok(Encoded {
            bytes: lossy,
            note: None,
        })
    }
}

fn config() -> Result<WebPConfig, FileError> {
    WebPConfig::new().map_err(|()| failed("webp", "libwebp rejected its default configuration"))
}
