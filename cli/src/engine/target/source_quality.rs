//! Recognising JPEGs that an optimiser like this one already made, so the search never takes
//! them below their own quality.
//!
//! A quality target is measured against the decoded source, so re-encoding an ordinary JPEG
//! below its own quality costs only what the metric sees. A JPEG that mozjpeg already optimised
//! (an earlier Altloom output copied elsewhere, or squoosh's, sharp's or ImageOptim's) is
//! different: searching it again would spend the target a second time, and optimising the
//! result again a third, so the picture would keep degrading. Such files carry mozjpeg's own
//! quantisation tables, exactly; that is how they are recognised.

/// The setting at which our JPEG encoder (mozjpeg) writes exactly the luminance quantisation
/// table that `bytes` (a JPEG) carries, when there is one; `None` for JPEGs from other
/// encoders (cameras, libjpeg, Photoshop) and for files without a readable table.
pub fn mozjpeg_setting(bytes: &[u8]) -> Option<u8> {
    let source = luminance_table(bytes)?;
    // At the highest qualities every encoder's table clamps to all ones, which tells nothing.
    if source.iter().all(|&value| value == source[0]) {
        return None;
    }
    let ours = our_tables();
    (1..=100u8).find(|&setting| ours[usize::from(setting)].as_deref() == Some(source.as_slice()))
}

/// Our encoder's luminance table at every setting (index 0 unused), found once by encoding a
/// tiny image at each setting.
fn our_tables() -> &'static [Option<Vec<u16>>] {
    static TABLES: OnceLock<Vec<Option<Vec<u16>>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let tiny = DynamicImage::ImageLuma8(GrayImage::from_pixel(8, 8, Luma([128])));
        let mut tables = vec![None; 101];
        for setting in 1..=100u8 {
            tables[usize::from(setting)] = jpeg::encode(&tiny, setting, Chroma::Subsampled420)
                .ok()
                .and_then(|encoded| luminance_table(&encoded.bytes));
        }
        tables
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
    fn mozjpeg_outputs_are_recognised_with_their_setting_and_other_jpegs_are_not() {
        let image = DynamicImage::ImageRgb8(RgbImage::from_fn(32, 32, |x, y| {
            Rgb([(x * 8) as u8, (y * 8) as u8, 90])
        }));
        for setting in [40, 70, 78, 90] {
            let ours = jpeg::encode(&image, setting, Chroma::Subsampled420).unwrap();
            assert_eq!(mozjpeg_setting(&ours.bytes), Some(setting));
            // The 4:4:4 variant has the same luminance table.
            let full = jpeg::encode(&image, setting, Chroma::Full444).unwrap();
            assert_eq!(mozjpeg_setting(&full.bytes), Some(setting));
        }
        // libjpeg's standard tables (the image crate's encoder uses them) are not mozjpeg's.
        for quality in [50, 65, 78, 85, 92, 100] {
            assert_eq!(
                mozjpeg_setting(&jpeg_at(quality)),
                None,
                "libjpeg q{quality}"
            );
        }
        // Nor is the all-ones table every encoder writes at the top of its range.
        let top = jpeg::encode(&image, 100, Chroma::Subsampled420).unwrap();
        assert_eq!(mozjpeg_setting(&top.bytes), None);
    }

    #[test]
    fn files_without_tables_are_not_recognised() {
        assert_eq!(mozjpeg_setting(b"not a jpeg"), None);
        assert_eq!(mozjpeg_setting(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
    }
}
