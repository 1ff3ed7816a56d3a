//! Encoders for each output format. Each takes upright sRGB pixels and returns the encoded bytes;
//! metadata is attached afterwards by the pipeline so every format follows the same rules.

pub(crate) mod animated_webp;
mod avif;
pub(crate) mod jpeg;
mod png;
mod webp;

use image::DynamicImage;

use super::error::FileError;
use super::options::{Chroma, OutputFormat, Quality};

/// Encoder settings that do not change from one image to the next.
#[derive(Clone, Debug)]
pub struct EncodeSettings {
    pub quality: Quality,
    pub chroma: Chroma,
    pub png_lossy: bool,
    pub avif_speed: u8,
    /// Threads one encode may use (rav1e, libwebp); 1 while the batch keeps every core busy.
    pub threads_per_image: usize,
    /// The perceptual target lossy outputs are encoded to; `None` uses the fixed settings.
    pub target: Option<crate::engine::target::Target>,
}

/// What an encoder produced.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// A short remark for the report, such as "lossless" or "palette (quality 87)".
    pub note: Option<String>,
}

/// Encodes `image` as `format` at the quality the settings give it. `try_lossless` lets WebP
/// also try lossless coding and keep the smaller result; it wins for graphics and screenshots,
/// never for camera photos.
pub fn encode(
    image: &DynamicImage,
    format: OutputFormat,
    settings: &EncodeSettings,
    try_lossless: bool,
) -> Result<Encoded, FileError> {
    encode_with_setting(
        image,
        format,
        settings,
        try_lossless,
        settings.quality.setting_for(format),
    )
}

/// Encodes `image` as `format` at `setting` (0–100 on the encoder's own scale; for PNG the
/// palette quality floor of `--png-lossy`).
pub fn encode_with_setting(
    image: &DynamicImage,
    format: OutputFormat,
    settings: &EncodeSettings,
    try_lossless: bool,
    setting: u8,
) -> Result<Encoded, FileError> {
    match format {
        OutputFormat::Jpeg => jpeg::encode(image, setting, settings.chroma),
        OutputFormat::Png => png::encode(image, settings.png_lossy.then_some(setting)),
        OutputFormat::Webp => webp::encode(
            image,
            setting,
            try_lossless,
            settings.threads_per_image,
            webp::OUTPUT_METHOD,
        ),
        OutputFormat::Avif => avif::encode(
            image,
            setting,
            settings.avif_speed,
            settings.threads_per_image,
        ),
        OutputFormat::Gif => Err(FileError::Encode {
            format: "gif",
            reason: "GIF is never written; GIF inputs are kept as they are or converted".into(),
        }),
    }
}

/// Encodes a quality search's trial of a strip of tiles at `setting`: as
/// [`encode_with_setting`] (lossy only), but WebP with a quicker method whose quality at a
/// setting matches the output's. The trial is only measured; the output is encoded afterwards.
pub fn encode_strip_trial(
    image: &DynamicImage,
    format: OutputFormat,
    settings: &EncodeSettings,
    setting: u8,
) -> Result<Encoded, FileError> {
    match format {
        OutputFormat::Webp => webp::encode(
            image,
            setting,
            false,
            settings.threads_per_image,
            webp::TRIAL_METHOD,
        ),
        _ => encode_with_setting(image, format, settings, false, setting),
    }
}

/// Builds an encode error for `format` from any displayable cause.
fn failed(format: &'static str, reason: impl ToString) -> FileError {
    FileError::Encode {
        format,
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma, Rgb, RgbImage, Rgba, RgbaImage};

    fn settings(png_lossy: bool) -> EncodeSettings {
        EncodeSettings {
            quality: Quality::default(),
            chroma: Chroma::default(),
            png_lossy,
            avif_speed: 10,
            threads_per_image: 1,
            target: None,
        }
    }

    /// A smooth gradient with a sharp shape: photo-like enough for lossy coding.
    fn photo() -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(96, 64, |x, y| {
            let edge = if (30..60).contains(&x) && (20..40).contains(&y) {
                80
            } else {
                0
            };
            Rgb([(x * 2) as u8, (y * 3) as u8, (120 + edge) as u8])
        }))
    }

    /// The gradient with mild noise, as camera images have; lossless coding struggles with it.
    fn noisy_photo() -> DynamicImage {
        let mut state = 0x9E37_79B9u32;
        let mut image = photo().to_rgb8();
        for pixel in image.pixels_mut() {
            for channel in &mut pixel.0 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *channel = channel.saturating_add((state % 12) as u8);
            }
        }
        DynamicImage::ImageRgb8(image)
    }

    fn decode(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).expect("encoded output decodes")
    }

    fn mean_absolute_difference(first: &DynamicImage, second: &DynamicImage) -> f64 {
        let (first, second) = (first.to_rgba8(), second.to_rgba8());
        let total: u64 = first
            .as_raw()
            .iter()
            .zip(second.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        total as f64 / first.as_raw().len() as f64
    }

    #[test]
    fn jpeg_is_progressive_close_and_honours_chroma() {
        let image = photo();
        let subsampled = encode(&image, OutputFormat::Jpeg, &settings(false), false).unwrap();
        // SOF2 marks a progressive JPEG.
        assert!(subsampled
            .bytes
            .windows(2)
            .any(|window| window == [0xFF, 0xC2]));
        assert!(mean_absolute_difference(&image, &decode(&subsampled.bytes)) < 4.0);
        let mut full = settings(false);
        full.chroma = Chroma::Full444;
        let full = encode(&image, OutputFormat::Jpeg, &full, false).unwrap();
        assert_ne!(subsampled.bytes, full.bytes, "4:4:4 differs from 4:2:0");
    }

    #[test]
    fn jpeg_quality_changes_the_output() {
        let image = noisy_photo();
        let mut low = settings(false);
        low.quality = "30".parse().unwrap();
        let mut high = settings(false);
        high.quality = "jpeg=90".parse().unwrap();
        let low = encode(&image, OutputFormat::Jpeg, &low, false).unwrap();
        let high = encode(&image, OutputFormat::Jpeg, &high, false).unwrap();
        assert!(
            low.bytes.len() * 3 / 2 < high.bytes.len(),
            "q30 {} vs q90 {}",
            low.bytes.len(),
            high.bytes.len()
        );
        let difference = |bytes: &[u8]| mean_absolute_difference(&image, &decode(bytes));
        assert!(difference(&high.bytes) < difference(&low.bytes));
    }

    #[test]
    fn jpeg_keeps_gray_as_one_channel() {
        let gray =
            DynamicImage::ImageLuma8(GrayImage::from_fn(40, 30, |x, _| Luma([(x * 6) as u8])));
        let encoded = encode(&gray, OutputFormat::Jpeg, &settings(false), false).unwrap();
        assert!(matches!(
            decode(&encoded.bytes),
            DynamicImage::ImageLuma8(_)
        ));
    }

    #[test]
    fn png_is_lossless_and_lossy_mode_makes_a_smaller_palette() {
        let image = noisy_photo();
        let lossless = encode(&image, OutputFormat::Png, &settings(false), true).unwrap();
        assert_eq!(decode(&lossless.bytes).to_rgb8(), image.to_rgb8());
        let lossy = encode(&image, OutputFormat::Png, &settings(true), true).unwrap();
        assert!(
            lossy.note.as_deref().unwrap().starts_with("palette"),
            "{:?}",
            lossy.note
        );
        assert!(lossy.bytes.len() < lossless.bytes.len());
        assert!(mean_absolute_difference(&image, &decode(&lossy.bytes)) < 6.0);
    }

    #[test]
    fn png_keeps_sixteen_bits() {
        let deep = DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(8, 8, |x, y| {
            Rgb([x as u16 * 4099 + 1, y as u16 * 7001 + 3, 12_345])
        }));
        let encoded = encode(&deep, OutputFormat::Png, &settings(false), true).unwrap();
        assert_eq!(decode(&encoded.bytes).to_rgb16(), deep.to_rgb16());
    }

    #[test]
    fn webp_keeps_alpha_and_picks_lossless_for_flat_graphics() {
        let graphic = DynamicImage::ImageRgba8(RgbaImage::from_fn(64, 64, |x, y| {
            if (x / 16 + y / 16) % 2 == 0 {
                Rgba([200, 30, 30, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        }));
        let encoded = encode(&graphic, OutputFormat::Webp, &settings(false), true).unwrap();
        assert!(
            encoded
                .note
                .as_deref()
                .unwrap_or_default()
                .contains("lossless"),
            "{:?}",
            encoded.note
        );
        let decoded = decode(&encoded.bytes);
        assert_eq!(
            decoded.to_rgba8().get_pixel(20, 0).0[3],
            0,
            "transparency kept"
        );
        let lossy_only = encode(&graphic, OutputFormat::Webp, &settings(false), false).unwrap();
        assert!(lossy_only.note.is_none());
    }

    #[test]
    fn strip_trials_use_webps_quicker_method_and_other_formats_their_output_encoder() {
        let image = noisy_photo();
        let settings = settings(false);
        let output = encode_with_setting(&image, OutputFormat::Webp, &settings, false, 75).unwrap();
        let trial = encode_strip_trial(&image, OutputFormat::Webp, &settings, 75).unwrap();
        assert_ne!(
            trial.bytes, output.bytes,
            "method 4 codes differently from 6"
        );
        let (trial_pixels, output_pixels) = (decode(&trial.bytes), decode(&output.bytes));
        assert_eq!(
            (trial_pixels.width(), trial_pixels.height()),
            (output_pixels.width(), output_pixels.height())
        );
        // The same setting gives about the same quality in both methods.
        let (trial_error, output_error) = (
            mean_absolute_difference(&image, &trial_pixels),
            mean_absolute_difference(&image, &output_pixels),
        );
        assert!(
            (trial_error - output_error).abs() < 0.25 * output_error.max(0.5),
            "trial {trial_error}, output {output_error}"
        );
        let jpeg = encode_with_setting(&image, OutputFormat::Jpeg, &settings, false, 75).unwrap();
        let jpeg_trial = encode_strip_trial(&image, OutputFormat::Jpeg, &settings, 75).unwrap();
        assert_eq!(jpeg.bytes, jpeg_trial.bytes);
    }

    #[test]
    fn avif_writes_an_avif_container_with_or_without_alpha() {
        for image in [photo(), DynamicImage::ImageRgba8(photo().to_rgba8())] {
            let encoded = encode(&image, OutputFormat::Avif, &settings(false), false).unwrap();
            assert_eq!(&encoded.bytes[4..12], b"ftypavif");
        }
    }
}
