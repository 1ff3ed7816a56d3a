//! dssim of a whole large image measured band by band, so that checking a final encode costs a
//! bounded amount of memory instead of dssim's ~130 bytes per pixel at once.
//!
//! dssim scores each of its five scales from an SSIM map: with the map's mean `m` and the scale
//! index `n`, `avg = m^(0.5^n)` and the scale scores `1 - mean(|avg - map|)`; the weighted mean of
//! the scale scores `s` gives `1/s - 1`. Each map value depends only on pixels a few rows away
//! (a 2×2 box downsample per scale and two 5-tap blurs), so the maps of overlapping bands,
//! trimmed to the rows each band owns, stitch into the whole image's maps; the formula is then
//! applied to the stitched maps. Bands start on multiples of 16 rows, so each band's scales
//! line up with the whole image's.

use std::borrow::Cow;

use image::DynamicImage;
use rgb::FromSlice;

/// dssim's default scale weights (dssim-core's `DEFAULT_WEIGHTS`), finest scale first.
const SCALE_WEIGHTS: [f64; 5] = [0.028, 0.197, 0.322, 0.298, 0.155];

/// Band edges are multiples of this many rows: one pixel of the coarsest scale.
const ROW_ALIGNMENT: usize = 1 << (SCALE_WEIGHTS.len() - 1);

/// Rows read above and below the rows a band owns. A map row depends on rows up to four rows
/// away at its scale (a 5-tap blur of chroma, then the 5-tap blurs of the SSIM terms), which is
/// 64 rows of the full image at the coarsest scale.
const MARGIN_ROWS: usize = 4 * ROW_ALIGNMENT;

/// About how many pixels a band owns: with its margins a band costs ~130 bytes per pixel while
/// measured, so about 100 MB for a 2560-pixel-wide image.
const BAND_PIXELS: usize = 640 * 1024;

/// Scores `candidate` (a decoded encode) against `reference` (what it was encoded from, the
/// same size) with dssim, measuring the images a band of rows at a time.
pub fn dssim(reference: &DynamicImage, candidate: &DynamicImage) -> Result<f64, String> {
    let (width, height) = (reference.width() as usize, reference.height() as usize);
    if (candidate.width() as usize, candidate.height() as usize) != (width, height) {
        return Err(format!(
            "the decoded output is {}×{}, the source {width}×{height}",
            candidate.width(),
            candidate.height(),
        ));
    }
    let band_rows = (BAND_PIXELS / width.max(1) / ROW_ALIGNMENT).max(4) * ROW_ALIGNMENT;
    let has_alpha = reference.color().has_alpha() || candidate.color().has_alpha();
    let reference = Pixels::of(reference, has_alpha);
    let candidate = Pixels::of(candidate, has_alpha);
    let mut attributes = dssim_core::Dssim::new();
    attributes.set_save_ssim_maps(SCALE_WEIGHTS.len() as u8);
    // Each scale's map values, in the whole image's row order.
    let mut maps: Vec<Vec<f32>> = vec![Vec::new(); SCALE_WEIGHTS.len()];
    let mut owned_start = 0;
    while owned_start < height {
        // The last band takes the rest rather than leaving a sliver shorter than a margin.
        let owned_end = if height - owned_start < band_rows + MARGIN_ROWS {
            height
        } else {
            owned_start + band_rows
        };
        let read_start = owned_start.saturating_sub(MARGIN_ROWS);
        let read_end = (owned_end + MARGIN_ROWS).min(height);
        let original = reference.image(&attributes, width, read_start, read_end)?;
        let modified = candidate.image(&attributes, width, read_start, read_end)?;
        let (_, band_maps) = attributes.compare(&original, modified);
        for band_map in band_maps {
            // dssim returns the maps in no fixed order; a scale is known by its width.
            let scale = (0..SCALE_WEIGHTS.len())
                .find(|scale| width >> scale == band_map.map.width())
                .ok_or_else(|| "dssim returned a map of an unexpected size".to_string())?;
            let first = (owned_start - read_start) >> scale;
            let last = if owned_end == height {
                band_map.map.height()
            } else {
                (owned_end - read_start) >> scale
            };
            for row in first..last {
                maps[scale].extend_from_slice(&band_map.map[row]);
            }
        }
        owned_start = owned_end;
    }
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for (scale, (map, weight)) in maps.iter().zip(SCALE_WEIGHTS).enumerate() {
        if map.is_empty() {
            // The image is too small for this scale; dssim leaves it out too.
            continue;
        }
        let count = map.len() as f64;
        let mean = map.iter().map(|&value| f64::from(value)).sum::<f64>() / count;
        let average = mean.max(0.0).powf(0.5_f64.powi(scale as i32));
        let deviation = map
            .iter()
            .map(|&value| (average - f64::from(value)).abs())
            .sum::<f64>()
            / count;
        weighted += (1.0 - deviation) * weight;
        weights += weight;
    }
    if weights == 0.0 {
        return Err("dssim cannot compare an empty image".to_string());
    }
    Ok(1.0 / (weighted / weights).max(f64::EPSILON) - 1.0)
}

/// An image's 8-bit pixels, converted once for every band.
enum Pixels<'image> {
    Rgb(Cow<'image, image::RgbImage>),
    Rgba(Cow<'image, image::RgbaImage>),
}

impl Pixels<'_> {
    fn of(image: &DynamicImage, with_alpha: bool) -> Pixels<'_> {
        if with_alpha {
            Pixels::Rgba(crate::engine::pixels::rgba8(image))
        } else {
            Pixels::Rgb(crate::engine::pixels::rgb8(image))
        }
    }

    /// Rows `start..end` in dssim's representation.
    fn image(
        &self,
        attributes: &dssim_core::Dssim,
        width: usize,
        start: usize,
        end: usize,
    ) -> Result<dssim_core::DssimImage<f32>, String> {
        let created = match self {
            Pixels::Rgb(pixels) => attributes.create_image_rgb(
                &pixels.as_raw().as_rgb()[start * width..end * width],
                width,
                end - start,
            ),
            Pixels::Rgba(pixels) => attributes.create_image_rgba(
                &pixels.as_raw().as_rgba()[start * width..end * width],
                width,
                end - start,
            ),
        };
        created.ok_or_else(|| "dssim cannot compare an empty image".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::target::Metric;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    /// A photo-like test card: smooth gradients with noisy texture over part of it.
    fn card(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 9;
            let texture = if (x / 97 + y / 131) % 3 == 0 { noise % 60 } else { 0 };
            Rgb([
                (40 + x * 150 / width + texture) as u8,
                (60 + y * 120 / height + texture / 2) as u8,
                (200 - (x + y) * 100 / (width + height)) as u8,
            ])
        }))
    }

    /// `image` damaged the way a lossy encoder damages it.
    fn jpeg_damaged(image: &DynamicImage) -> DynamicImage {
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 60)
            .encode_image(image)
            .unwrap();
        image::load_from_memory(&bytes).unwrap()
    }

    #[test]
    fn bands_stitch_into_the_whole_images_score() {
        // 1200 columns make bands of 544 rows: four bands, the last one longer, and an odd
        // height so the coarse scales drop rows exactly as dssim does on the whole image.
        for (width, height) in [(1200, 2001), (700, 300), (1024, 768)] {
            let image = card(width, height);
            let damaged = jpeg_damaged(&image);
            let whole = Metric::Dssim.score(&image, &damaged).unwrap();
            let banded = dssim(&image, &damaged).unwrap();
            assert!(whole > 1e-4, "the damage is measurable: {whole}");
            assert!(
                (banded / whole - 1.0).abs() < 1e-6,
                "{width}×{height}: banded {banded}, whole {whole}"
            );
        }
    }

    #[test]
    fn identical_images_score_zero_and_sizes_must_match() {
        let image = card(800, 1500);
        assert!(dssim(&image, &image).unwrap() < 1e-9);
        let smaller = card(800, 1400);
        assert!(dssim(&image, &smaller).unwrap_err().contains("800×1400"));
    }

    #[test]
    fn transparent_images_are_measured_close_to_the_whole_images_score() {
        // dssim composites transparent pixels over a pattern laid out from each band's own
        // first row, so at the coarse scales the pattern's phase can differ from the whole
        // image's: the scores agree closely rather than exactly.
        let (width, height) = (1200_u32, 1700_u32);
        let opaque = card(width, height).to_rgb8();
        let with_alpha = DynamicImage::ImageRgba8(RgbaImage::from_fn(width, height, |x, y| {
            let Rgb([red, green, blue]) = *opaque.get_pixel(x, y);
            Rgba([red, green, blue, if (x / 64 + y / 64) % 2 == 0 { 255 } else { 96 }])
        }));
        let damaged = DynamicImage::ImageRgba8(with_alpha.blur(0.8).to_rgba8());
        let whole = Metric::Dssim.score(&with_alpha, &damaged).unwrap();
        let banded = dssim(&with_alpha, &damaged).unwrap();
        assert!(whole > 1e-4, "{whole}");
        assert!(
            (banded / whole - 1.0).abs() < 0.01,
            "banded {banded}, whole {whole}"
        );
    }
}
