//! JPEG output through mozjpeg: progressive, optimised Huffman tables and trellis quantisation.

use std::panic::{catch_unwind, AssertUnwindSafe};

use image::DynamicImage;
use mozjpeg::{ColorSpace, Compress, ScanMode};

use super::{failed, Encoded};
use crate::engine::decode::panic_message;
use crate::engine::error::FileError;
use crate::engine::options::Chroma;

/// Encodes 8-bit gray or RGB pixels. Callers never pass real transparency here: JPEG cannot keep it.
pub fn encode(image: &DynamicImage, quality: u8, chroma: Chroma) -> Result<Encoded, FileError> {
    let (color_space, pixels) = match image {
        DynamicImage::ImageLuma8(buffer) => (ColorSpace::JCS_GRAYSCALE, buffer.as_raw().clone()),
        DynamicImage::ImageLumaA8(_) => (ColorSpace::JCS_GRAYSCALE, image.to_luma8().into_raw()),
        _ => (ColorSpace::JCS_RGB, image.to_rgb8().into_raw()),
    };
    let (width, height) = (image.width() as usize, image.height() as usize);
    // mozjpeg reports errors by unwinding through libjpeg; keep them inside this file's result.
    let result = catch_unwind(AssertUnwindSafe(|| -> std::io::Result<Vec<u8>> {
        // `Compress::new` starts from mozjpeg's max-compression profile: trellis quantisation and
        // optimised scans are on; we make the remaining choices explicit.
        let mut compress = Compress::new(color_space);
        // This call resets every setting to the defaults (it runs jpeg_set_defaults), so it must
        // come first or it silently discards the quality.
        compress.set_scan_optimization_mode(ScanMode::AllComponentsTogether);
        compress.set_size(width, height);
        compress.set_quality(f32::from(quality));
        compress.set_progressive_mode();
        compress.set_optimize_coding(true);
        compress.set_optimize_scans(true);
        if color_space == ColorSpace::JCS_RGB {
            let sampling = match chroma {
                Chroma::Subsampled420 => (2, 2),
                Chroma::Full444 => (1, 1),
            };
            compress.set_chroma_sampling_pixel_sizes(sampling, sampling);
        }
        let mut started = compress.start_compress(Vec::new())?;
        started.write_scanlines(&pixels)?;
        started.finish()
    }));
    match result {
        Ok(Ok(bytes)) => Ok(Encoded { bytes, note: None }),
        Ok(Err(error)) => Err(failed("jpeg", error)),
        Err(panic) => Err(failed("jpeg", panic_message(panic))),
    }
}
