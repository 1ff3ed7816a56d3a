//! The quality a JPEG was saved at, as the setting of our own encoder that quantises as finely.
//! Re-encoding a JPEG below its own quality only adds
//! a second generation of loss, so the search never goes there for a same-format output.

/// The lowest setting at which our JPEG encoder quantises at least as finely as `bytes` (a
/// JPEG) did, judged by the sum of the luminance table; `None` when the file has no readable
/// table. Comparing with our own encoder's tables, not libjpeg's standard ones, makes the answer
/// right for files from any encoder (mozjpeg's tables differ from libjpeg's), and the sum makes
/// the table's order (zig-zag or natural) irrelevant.
pub fn estimate_jpeg_quality(bytes: &[u8]) -> Option<u8> {
    let source: u32 = luminance_table(bytes)?
        .iter()
        .map(|&value| u32::from(value))
        .sum();
    let ours = our_table_sums();
    (1..=100u8).find(|&setting| ours[usize::from(setting)] <= source)
}

/// The sum of our encoder's luminance table at every setting (index 0 unused), measured once
/// by encoding a tiny image at each setting.
fn our_table_sums() -> &'static [u32; 101] {
    static SUMS: OnceLock<[u32; 101]> = OnceLock::new();
    SUMS.get_or_init(|| {
        let tiny = DynamicImage::ImageLuma8(GrayImage::from_pixel(8, 8, Luma([128])));
        let mut sums = [u32::MAX; 101];
        for setting in 1..=100u8 {
            if let Some(table) = jpeg::encode(&tiny, setting, Chroma::Subsampled420)
                .ok()
                .and_then(|encoded| luminance_table(&encoded.bytes))
            {
                sums[usize::from(setting)] = table.iter().map(|&value| u32::from(value)).sum();
            }
        }
        sums
    })
}

use std::sync::OnceLock;

use image::{DynamicImage, GrayImage, Luma};

use crate::engine::encode::jpeg;
use crate::engine::options::Chroma;

/// The 64 entries of quantisation table 0, from the first DQT segment that defines it.
fn luminance_table(bytes: &[u8]) -> Option<Vec<u16>> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut position = 2;
    while position + 4 <= bytes.len() {
        if bytes[position] != 0xFF {
            return None;
        }
        let marker = bytes[position + 1];
        // Start of scan: the tables all come before it.
        if marker == 0xDA {
            return None;
        }
        let length = usize::from(u16::from_be_bytes([
            bytes[position + 2],
            bytes[position + 3],
        ]));
        let segment = bytes.get(position + 4..position + 2 + length)?;
        if marker == 0xDB {
            let mut offset = 0;
            while offset < segment.len() {
                let precision = segment[offset] >> 4;
                let id = segment[offset] & 0x0F;
                let entry_size = if precision == 0 { 1 } else { 2 };
                let table = segment.get(offset + 1..offset + 1 + 64 * entry_size)?;
                if id == 0 {
                    return Some(if entry_size == 1 {
                        table.iter().map(|&value| u16::from(value)).collect()
                    } else {
                        table
                            .chunks_exact(2)
                            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                            .collect()
                    });
                }
                offset += 1 + 64 * entry_size;
            }
        }
        position += 2 + length;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, Rgb, RgbImage};

    fn jpeg_at(quality: u8) -> Vec<u8> {
        let image = DynamicImage::ImageRgb8(RgbImage::from_fn(32, 32, |x, y| {
            Rgb([(x * 8) as u8, (y * 8) as u8, 90])
        }));
        let mut bytes = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
        image.write_with_encoder(encoder).unwrap();
        bytes
    }

    #[test]
    fn the_quality_a_jpeg_was_saved_at_is_recovered() {
        // Files from libjpeg (the image crate's encoder uses its tables) land near their quality.
        for quality in [50, 65, 78, 85, 92] {
            let estimate = estimate_jpeg_quality(&jpeg_at(quality)).unwrap();
            assert!(
                estimate.abs_diff(quality) <= 20,
                "saved at {quality}, estimated {estimate}"
            );
        }
        // Our own outputs land exactly on the setting they were made with.
        let image = DynamicImage::ImageRgb8(RgbImage::from_fn(32, 32, |x, y| {
            Rgb([(x * 8) as u8, (y * 8) as u8, 90])
        }));
        for setting in [40, 70, 78, 90] {
            let ours = jpeg::encode(&image, setting, Chroma::Subsampled420).unwrap();
            assert_eq!(estimate_jpeg_quality(&ours.bytes), Some(setting));
        }
    }

    #[test]
    fn files_without_tables_have_no_estimate() {
        assert_eq!(estimate_jpeg_quality(b"not a jpeg"), None);
        assert_eq!(estimate_jpeg_quality(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
    }
}
