//! The perceptual metrics a quality target is measured in: dssim (the default) and SSIMULACRA 2,
//! each comparing an encoded-then-decoded image with the pixels it was encoded from.

use std::fmt;
use std::str::FromStr;

use image::DynamicImage;

/// A perceptual metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// dssim (`dssim-core`): multi-scale SSIM in L\*a\*b\*; 0 is identical, lower is better.
    /// Alpha is compared too (dssim composites over its own pattern).
    Dssim,
    /// SSIMULACRA 2 (`ssimulacra2`): 100 is identical, higher is better; about 90 is visually
    /// lossless, 70 is medium quality. Transparent images are compared over white and over black,
    /// and the worse score counts.
    Ssimulacra2,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Dssim => "dssim",
            Metric::Ssimulacra2 => "ssimulacra2",
        }
    }

    /// Whether `score` is at least as good as `target`.
    pub fn meets(self, score: f64, target: f64) -> bool {
        match self {
            Metric::Dssim => score <= target,
            Metric::Ssimulacra2 => score >= target,
        }
    }

    /// How far `score` is on the good side of `target`, in units where 1 is about one encoder
    /// quality step on a typical photo; negative when the target is missed. The search uses it
    /// to predict the next setting.
    pub fn margin(self, score: f64, target: f64) -> f64 {
        match self {
            // dssim roughly halves for every 12 quality steps near the web range, so a log scale
            // makes its distances comparable at every target.
            Metric::Dssim => (target.max(1e-7) / score.max(1e-7)).log2() * 12.0,
            // SSIMULACRA 2 moves about 0.7 points per quality step in the same range.
            Metric::Ssimulacra2 => (score - target) / 0.7,
        }
    }

    /// The target an estimate must meet for the real score to meet `target`, when the real
    /// score is `actual` where the estimate was `estimate` and the gap between them holds: for
    /// dssim the ratio (its scale is logarithmic), for SSIMULACRA 2 the difference.
    pub fn corrected_target(self, target: f64, estimate: f64, actual: f64) -> f64 {
        match self {
            Metric::Dssim => target * estimate.max(1e-9) / actual.max(1e-9),
            Metric::Ssimulacra2 => target + (estimate - actual),
        }
    }

    /// Measures `candidate` (a decoded output) against `reference` (what it was encoded from);
    /// both must have the same size.
    pub fn score(self, reference: &DynamicImage, candidate: &DynamicImage) -> Result<f64, String> {
        self.prepare(reference)?.score(candidate)
    }

    /// Prepares `reference` once for a series of comparisons, as a search makes: for dssim the
    /// reference's multi-scale L\*a\*b\* image is built once instead of on every trial.
    pub fn prepare(self, reference: &DynamicImage) -> Result<Reference<'_>, String> {
        let prepared = match self {
            Metric::Dssim => {
                let attributes = dssim_core::Dssim::new();
                let image = dssim_image(&attributes, reference)?;
                Prepared::Dssim { attributes, image }
            }
            Metric::Ssimulacra2 => Prepared::Ssimulacra2,
        };
        Ok(Reference {
            image: reference,
            prepared,
        })
    }
}

/// A reference image ready to be compared with candidates of the same size.
pub struct Reference<'image> {
    image: &'image DynamicImage,
    prepared: Prepared,
}

enum Prepared {
    Dssim {
        attributes: dssim_core::Dssim,
        image: dssim_core::DssimImage<f32>,
    },
    /// SSIMULACRA 2 compares over one or two backgrounds depending on both images' alpha, so
    /// its reference is converted per comparison.
    Ssimulacra2,
}

impl Reference<'_> {
    /// Measures `candidate` against the reference.
    pub fn score(&self, candidate: &DynamicImage) -> Result<f64, String> {
        let reference = self.image;
        if (reference.width(), reference.height()) != (candidate.width(), candidate.height()) {
            return Err(format!(
                "the decoded output is {}×{}, the source {}×{}",
                candidate.width(),
                candidate.height(),
                reference.width(),
                reference.height()
            ));
        }
        match &self.prepared {
            Prepared::Dssim { attributes, image } => {
                let (value, _) = attributes.compare(image, dssim_image(attributes, candidate)?);
                Ok(f64::from(value))
            }
            Prepared::Ssimulacra2 => ssimulacra2(reference, candidate),
        }
    }
}

/// An image in dssim's own representation. Opaque images take dssim's RGB path, which skips
/// compositing each pixel over a background; an opaque RGBA pixel composites to itself, so both
/// paths give the same score.
fn dssim_image(
    attributes: &dssim_core::Dssim,
    image: &DynamicImage,
) -> Result<dssim_core::DssimImage<f32>, String> {
    use rgb::FromSlice;
    let (width, height) = (image.width() as usize, image.height() as usize);
    let created = if image.color().has_alpha() {
        let rgba = crate::engine::pixels::rgba8(image);
        attributes.create_image_rgba(rgba.as_raw().as_rgba(), width, height)
    } else {
        let rgb = crate::engine::pixels::rgb8(image);
        attributes.create_image_rgb(rgb.as_raw().as_rgb(), width, height)
    };
    created.ok_or_else(|| "dssim cannot compare an empty image".to_string())
}

fn ssimulacra2(reference: &DynamicImage, candidate: &DynamicImage) -> Result<f64, String> {
    let has_alpha = reference.color().has_alpha() || candidate.color().has_alpha();
    let backgrounds: &[f32] = if has_alpha { &[1.0, 0.0] } else { &[1.0] };
    let mut worst = f64::INFINITY;
    for &background in backgrounds {
        let score = ssimulacra2::compute_frame_ssimulacra2(
            linear_frame(reference, background)?,
            linear_frame(candidate, background)?,
        )
        .map_err(|error| format!("SSIMULACRA 2 failed: {error}"))?;
        worst = worst.min(score);
    }
    Ok(worst)
}

/// The image as SSIMULACRA 2's input, composited over a grey level when it has alpha.
fn linear_frame(image: &DynamicImage, background: f32) -> Result<ssimulacra2::Rgb, String> {
    let pixels: Vec<[f32; 3]> = image
        .to_rgba8()
        .pixels()
        .map(|pixel| {
            let alpha = f32::from(pixel[3]) / 255.0;
            let channel = |value: u8| f32::from(value) / 255.0 * alpha + background * (1.0 - alpha);
            [channel(pixel[0]), channel(pixel[1]), channel(pixel[2])]
        })
        .collect();
    ssimulacra2::Rgb::new(
        pixels,
        image.width() as usize,
        image.height() as usize,
        ssimulacra2::TransferCharacteristic::SRGB,
        ssimulacra2::ColorPrimaries::BT709,
    )
    .map_err(|error| format!("SSIMULACRA 2 cannot read the image: {error}"))
}

/// A quality target: a metric and the value each output must reach.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub metric: Metric,
    pub value: f64,
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, value) = text.trim().split_once(':').ok_or_else(|| {
            format!(
                "target `{text}` should be METRIC:VALUE, such as dssim:0.0012 or ssimulacra2:80"
            )
        })?;
        let metric = match name.trim().to_ascii_lowercase().as_str() {
            "dssim" => Metric::Dssim,
            "ssimulacra2" | "ssimulacra" => Metric::Ssimulacra2,
            other => {
                return Err(format!(
                    "unknown metric `{other}` (expected dssim or ssimulacra2)"
                ))
            }
        };
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("target value `{}` is not a number", value.trim()))?;
        let valid = match metric {
            Metric::Dssim => value > 0.0 && value < 1.0,
            Metric::Ssimulacra2 => value > 0.0 && value < 100.0,
        };
        if !valid || !value.is_finite() {
            return Err(match metric {
                Metric::Dssim => format!("a dssim target is above 0 and below 1 (got {value})"),
                Metric::Ssimulacra2 => {
                    format!("a SSIMULACRA 2 target is above 0 and below 100 (got {value})")
                }
            });
        }
        Ok(Target { metric, value })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}", self.metric.name(), self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn gradient() -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(64, 48, |x, y| {
            Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
        }))
    }

    fn blurred(image: &DynamicImage) -> DynamicImage {
        image.blur(1.5)
    }

    #[test]
    fn targets_parse_and_refuse_nonsense() {
        let target: Target = "dssim:0.0012".parse().unwrap();
        assert_eq!(target.metric, Metric::Dssim);
        assert_eq!(target.to_string(), "dssim:0.0012");
        assert_eq!("SSIMULACRA2:80".parse::<Target>().unwrap().value, 80.0);
        assert!("psnr:40".parse::<Target>().unwrap_err().contains("psnr"));
        assert!("dssim".parse::<Target>().is_err());
        assert!("dssim:2".parse::<Target>().is_err());
        assert!("ssimulacra2:120".parse::<Target>().is_err());
        assert!("ssimulacra2:nan".parse::<Target>().is_err());
    }

    #[test]
    fn identical_images_score_perfectly_and_damage_scores_worse() {
        let image = gradient();
        let damaged = blurred(&image);
        let identical = Metric::Dssim.score(&image, &image).unwrap();
        let worse = Metric::Dssim.score(&image, &damaged).unwrap();
        assert!(identical < 1e-6, "{identical}");
        assert!(worse > identical);
        assert!(Metric::Dssim.meets(identical, 0.001) && !Metric::Dssim.meets(0.002, 0.001));
        let perfect = Metric::Ssimulacra2.score(&image, &image).unwrap();
        let blurry = Metric::Ssimulacra2.score(&image, &damaged).unwrap();
        assert!(perfect > 99.0, "{perfect}");
        assert!(blurry < perfect);
        assert!(Metric::Ssimulacra2.meets(85.0, 80.0));
    }

    #[test]
    fn margins_are_positive_on_the_good_side() {
        assert!(Metric::Dssim.margin(0.0005, 0.001) > 0.0);
        assert!(Metric::Dssim.margin(0.002, 0.001) < 0.0);
        assert!((Metric::Dssim.margin(0.0005, 0.001) - 12.0).abs() < 1e-9);
        assert!(Metric::Ssimulacra2.margin(75.0, 80.0) < 0.0);
    }

    #[test]
    fn corrected_targets_absorb_the_gap_between_estimate_and_actual() {
        // The final encode scored 1.25× worse than its estimate: an estimate must now reach
        // 0.0012 for the actual to reach 0.0015.
        let corrected = Metric::Dssim.corrected_target(0.0015, 0.0014, 0.00175);
        assert!((corrected - 0.0012).abs() < 1e-12, "{corrected}");
        // SSIMULACRA 2 shifts by the difference: 2 points worse needs 2 points more.
        assert_eq!(Metric::Ssimulacra2.corrected_target(80.0, 81.0, 79.0), 82.0);
        // A better actual than estimate loosens the target.
        assert!(Metric::Dssim.corrected_target(0.0015, 0.0015, 0.001) > 0.0015);
    }

    #[test]
    fn opaque_and_rgba_images_of_the_same_pixels_score_the_same() {
        let image = gradient();
        let damaged = blurred(&image);
        let as_rgba = DynamicImage::ImageRgba8(damaged.to_rgba8());
        let opaque = Metric::Dssim.score(&image, &damaged).unwrap();
        let with_alpha = Metric::Dssim.score(&image, &as_rgba).unwrap();
        assert!(opaque > 0.0);
        assert!(
            (opaque - with_alpha).abs() < 1e-9,
            "{opaque} vs {with_alpha}"
        );
    }

    #[test]
    fn different_sizes_are_an_error_not_a_score() {
        let small = DynamicImage::ImageRgb8(RgbImage::new(8, 8));
        assert!(Metric::Dssim.score(&gradient(), &small).is_err());
    }
}
