//! Perceptual quality targeting: each lossy output gets the lowest encoder setting whose decoded
//! result meets the target (`--target dssim:0.0012`, or a preset's), found by a short search on
//! a probe of the image; a large image is then encoded whole at that setting, measured whole,
//! and corrected when the probe's estimate was off.
//!
//! JPEG, WebP and AVIF are targeted (AVIF trials are decoded by `engine::avif_decode`). PNG is
//! lossless (its `--png-lossy` palette keeps the preset's quality floor).

mod banded;
pub mod metric;
mod predict;
mod probe;
pub mod search;
mod source_quality;

pub use predict::predicted_setting;
pub use source_quality::mozjpeg_setting;

use std::collections::HashMap;

use image::DynamicImage;

use super::encode::{self, EncodeSettings, Encoded};
use super::error::FileError;
use super::options::OutputFormat;
use metric::Reference;
pub use metric::{Metric, Target};
use probe::Probe;
use search::{SearchLimits, SearchOutcome};

/// How a targeted output's setting was found. Its score is always the whole output's.
#[derive(Clone, Debug, PartialEq)]
pub struct Targeted {
    pub target: Target,
    pub outcome: SearchOutcome,
}

/// Whether `format` is targeted (it is lossy and its outputs can be decoded here to measure).
pub fn is_targeted(format: OutputFormat) -> bool {
    matches!(
        format,
        OutputFormat::Jpeg | OutputFormat::Webp | OutputFormat::Avif
    )
}

/// Decodes a trial encode so it can be measured.
fn decode_trial(format: OutputFormat, bytes: &[u8]) -> Result<DynamicImage, FileError> {
    let decoded = match format {
        OutputFormat::Avif => {
            super::avif_decode::decode_avif(bytes).map_err(|error| error.to_string())
        }
        OutputFormat::Webp => decode_webp(bytes),
        _ => image::load_from_memory(bytes).map_err(|error| error.to_string()),
    };
    decoded.map_err(|error| FileError::Encode {
        format: format.name(),
        reason: format!("could not decode a trial encode to measure it: {error}"),
    })
}

/// How many times the final encode of a tile-searched image may be corrected.
const MOST_CORRECTIONS: usize = 2;

/// How far a tile-searched final encode may beat the target, in quality steps
/// ([`Metric::margin`]), before a lower setting is tried: the probe's estimate of the whole image
/// is off by up to a quarter either way, and an output that beats its target by that much spends
/// bytes no one sees.
const LOWER_WHEN_AHEAD_BY_STEPS: f64 = 2.0;

/// Decodes a WebP with libwebp, the reference decoder that browsers use and that is linked for
/// encoding already: about twice as fast as the image crate's, and a search decodes every
/// trial and every final encode.
fn decode_webp(bytes: &[u8]) -> Result<DynamicImage, String> {
    let decoded = webp::Decoder::new(bytes)
        .decode()
        .ok_or_else(|| "libwebp could not decode it".to_string())?;
    let (width, height) = (decoded.width(), decoded.height());
    let pixels = decoded.to_vec();
    let image = if decoded.is_alpha() {
        image::RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| "libwebp returned fewer pixels than the image has".to_string())
}

/// Encodes `image` as `format` at the lowest setting that meets `target`, starting the search
/// at `predicted` and never going below `floor` (the setting an already-optimised JPEG was made
/// with, when it is re-encoded as JPEG).
///
/// A small image is searched whole, and the trial at the chosen setting is the answer. A large
/// one is searched on a strip of tiles, then encoded whole at the chosen setting, and that final
/// encode is measured whole (band by band for dssim, to bound the memory). The strip estimates
/// the whole picture within about a quarter either way, and encoders make image-wide decisions
/// (libwebp's segments and filter strength, for one) that code the same pixels differently in
/// context. So when the final encode misses the target, or beats it by more than
/// [`LOWER_WHEN_AHEAD_BY_STEPS`], the probe's target is corrected by the ratio between the
/// whole image's score and the strip's, the search goes on from the trials it has, and the whole
/// image is encoded again (at most [`MOST_CORRECTIONS`] times).
pub fn encode_to_target(
    image: &DynamicImage,
    format: OutputFormat,
    settings: &EncodeSettings,
    try_lossless: bool,
    target: Target,
    predicted: u8,
    floor: Option<u8>,
) -> Result<(Encoded, Targeted), FileError> {
    let probe = probe::probe(image);
    let mut limits = SearchLimits::default();
    if let Some(floor) = floor {
        limits.lowest = floor.clamp(limits.lowest, limits.highest);
    }
    let reference = target
        .metric
        .prepare(probe.image())
        .map_err(|reason| measure_error(format, reason))?;
    let mut probe_search = ProbeSearch {
        probe: probe.image(),
        reference: &reference,
        format,
        settings,
        limits,
        trials: HashMap::new(),
        encodes: 0,
    };
    let found = probe_search.run(target, predicted.max(limits.lowest))?;
    let (encoded, outcome) = match &probe {
        Probe::Whole(_) => {
            let chosen = found.chosen.setting;
            let encoded = match probe_search.trials.remove(&chosen) {
                // A WebP that may be smaller lossless still needs its lossless attempt.
                Some((_, trial)) if !(try_lossless && format == OutputFormat::Webp) => trial,
                _ => encode::encode_with_setting(image, format, settings, try_lossless, chosen)?,
            };
            let outcome = SearchOutcome {
                evaluations: probe_search.encodes,
                ..found
            };
            (encoded, outcome)
        }
        Probe::Tiles { .. } => {
            let whole = WholeImage {
                image,
                try_lossless,
            };
            whole.encode_checked(&mut probe_search, target, found)?
        }
    };
    Ok((encoded, Targeted { target, outcome }))
}

/// The error for a measurement that could not be made.
fn measure_error(format: OutputFormat, reason: String) -> FileError {
    FileError::Encode {
        format: format.name(),
        reason,
    }
}

/// A tile-searched image, whose final encodes are measured whole.
struct WholeImage<'image> {
    image: &'image DynamicImage,
    try_lossless: bool,
}

impl WholeImage<'_> {
    /// Encodes the whole image at the probe search's answer (`found`) and measures it whole;
    /// while it misses the target, or beats it by more than [`LOWER_WHEN_AHEAD_BY_STEPS`],
    /// corrects the probe's target by the gap, searches on from the trials already made and
    /// encodes again (at most [`MOST_CORRECTIONS`] times). Returns the lowest final encode that
    /// met the target, or the highest tried when none did, with its whole-image score.
    fn encode_checked(
        &self,
        probe_search: &mut ProbeSearch<'_>,
        target: Target,
        found: SearchOutcome,
    ) -> Result<(Encoded, SearchOutcome), FileError> {
        let (format, settings, limits) = (
            probe_search.format,
            probe_search.settings,
            probe_search.limits,
        );
        let metric = target.metric;
        // Each final encode: its setting, its whole-image score, and the encode.
        let mut finals: Vec<(u8, f64, Encoded)> = Vec::new();
        let mut next = found;
        for correction in 0..=MOST_CORRECTIONS {
            let setting = next.chosen.setting;
            let encoded = encode::encode_with_setting(
                self.image,
                format,
                settings,
                self.try_lossless,
                setting,
            )?;
            let decoded = decode_trial(format, &encoded.bytes)?;
            let whole = metric
                .score_whole_image(self.image, &decoded)
                .map_err(|reason| measure_error(format, reason))?;
            finals.push((setting, whole, encoded));
            let settled = if metric.meets(whole, target.value) {
                setting <= limits.lowest
                    || metric.margin(whole, target.value) <= LOWER_WHEN_AHEAD_BY_STEPS
            } else {
                setting >= limits.highest
            };
            if settled || correction == MOST_CORRECTIONS {
                break;
            }
            let next_setting = match bracket(metric, target.value, &finals) {
                // Once the whole image has been measured on both sides of the target, its own
                // scores place the next setting better than the probe's: the gap between probe
                // and picture is not the same at every setting.
                Some((failing, passing)) => match interpolate(metric, target.value, failing, passing)
                {
                    Some(between) => between,
                    None => break,
                },
                None => {
                    let estimate = probe_search
                        .trials
                        .get(&setting)
                        .map_or(next.chosen.score, |(score, _)| *score);
                    let corrected = Target {
                        metric,
                        value: metric.corrected_target(target.value, estimate, whole),
                    };
                    next = probe_search.run(corrected, setting)?;
                    next.chosen.setting
                }
            };
            if finals.iter().any(|(tried, _, _)| *tried == next_setting) {
                break;
            }
            next.chosen.setting = next_setting;
        }
        // Every final encode but the one kept was a trial too.
        let evaluations = probe_search.encodes + finals.len() as u32 - 1;
        let passing = (0..finals.len())
            .filter(|&index| metric.meets(finals[index].1, target.value))
            .min_by_key(|&index| finals[index].0);
        let highest = (0..finals.len())
            .max_by_key(|&index| finals[index].0)
            .expect("at least one final encode");
        let (setting, score, encoded) = finals.swap_remove(passing.unwrap_or(highest));
        let outcome = SearchOutcome {
            chosen: search::Trial { setting, score },
            met: passing.is_some(),
            evaluations,
        };
        Ok((encoded, outcome))
    }
}

/// The highest final encode that missed the target and the lowest that met it, as (setting,
/// score), when there are both and the miss is the lower setting.
fn bracket(
    metric: Metric,
    target: f64,
    finals: &[(u8, f64, Encoded)],
) -> Option<((u8, f64), (u8, f64))> {
    let failing = finals
        .iter()
        .filter(|(_, score, _)| !metric.meets(*score, target))
        .max_by_key(|(setting, _, _)| *setting)?;
    let passing = finals
        .iter()
        .filter(|(_, score, _)| metric.meets(*score, target))
        .min_by_key(|(setting, _, _)| *setting)?;
    (failing.0 < passing.0).then_some(((failing.0, failing.1), (passing.0, passing.1)))
}

/// The setting strictly between a failing and a passing one where the target falls, with the
/// score taken as linear in the metric's margin (log dssim) between them; `None` when they are
/// neighbours and the passing setting is the answer.
fn interpolate(
    metric: Metric,
    target: f64,
    (failing, failing_score): (u8, f64),
    (passing, passing_score): (u8, f64),
) -> Option<u8> {
    if passing <= failing + 1 {
        return None;
    }
    let below = metric.margin(failing_score, target);
    let above = metric.margin(passing_score, target);
    let fraction = (-below / (above - below).max(1e-9)).clamp(0.0, 1.0);
    let between = f64::from(failing) + fraction * f64::from(passing - failing);
    Some((between.ceil() as u8).clamp(failing + 1, passing - 1))
}

/// A search on a probe, keeping every trial by setting: a corrected search re-measures nothing
/// it has tried, and when the probe is the whole image the chosen trial is the answer.
struct ProbeSearch<'search> {
    probe: &'search DynamicImage,
    reference: &'search Reference<'search>,
    format: OutputFormat,
    settings: &'search EncodeSettings,
    limits: SearchLimits,
    /// Each setting tried, with its score and its encode.
    trials: HashMap<u8, (f64, Encoded)>,
    /// How many encodes the trials took.
    encodes: u32,
}

impl ProbeSearch<'_> {
    fn run(&mut self, target: Target, start: u8) -> Result<SearchOutcome, FileError> {
        let ProbeSearch {
            probe,
            reference,
            format,
            settings,
            limits,
            trials,
            encodes,
        } = self;
        search::search(target, start, *limits, |setting| {
            if let Some((score, _)) = trials.get(&setting) {
                return Ok(*score);
            }
            // Trials are lossy only: a lossless WebP needs no setting, and is tried at the end.
            let trial = encode::encode_with_setting(probe, *format, settings, false, setting)?;
            *encodes += 1;
            let decoded = decode_trial(*format, &trial.bytes)?;
            let score = reference
                .score(&decoded)
                .map_err(|reason| measure_error(*format, reason))?;
            trials.insert(setting, (score, trial));
            Ok(score)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::options::{Chroma, Quality};
    use image::{Rgb, RgbImage};

    /// A 1024×768 scene: a smooth sky over a busy, noisy ground (large enough for tiles).
    fn scene() -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(1024, 768, |x, y| {
            if y < 384 {
                Rgb([
                    90 + (y / 8) as u8,
                    140 + (y / 6) as u8,
                    230 - (x / 16) as u8,
                ])
            } else {
                let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 7;
                Rgb([
                    60 + (noise % 90) as u8,
                    80 + ((noise >> 8) % 70) as u8,
                    40 + ((noise >> 16) % 50) as u8,
                ])
            }
        }))
    }

    fn settings() -> EncodeSettings {
        EncodeSettings {
            quality: Quality::default(),
            chroma: Chroma::default(),
            png_lossy: false,
            avif_speed: 10,
            threads_per_image: 1,
            target: None,
        }
    }

    #[test]
    fn tile_searched_outputs_report_and_meet_their_whole_images_score() {
        let image = scene();
        assert!(matches!(probe::probe(&image), Probe::Tiles(_)));
        let target = Target {
            metric: Metric::Dssim,
            value: 0.002,
        };
        for format in [OutputFormat::Jpeg, OutputFormat::Webp] {
            let (encoded, targeted) =
                encode_to_target(&image, format, &settings(), false, target, 80, None).unwrap();
            assert!(targeted.outcome.met, "{targeted:?}");
            let decoded = decode_trial(format, &encoded.bytes).unwrap();
            let measured = Metric::Dssim.score(&image, &decoded).unwrap();
            assert!(
                (measured / targeted.outcome.chosen.score - 1.0).abs() < 1e-6,
                "{format:?}: reported {} but the whole output scores {measured}",
                targeted.outcome.chosen.score
            );
            assert!(measured <= target.value, "{format:?}: {measured}");
        }
    }

    /// Searches `probe` (a part of the scene standing in for an unrepresentative strip) for
    /// `target`, then encodes the whole scene checked; returns the probe's answer and the final.
    fn checked_with_probe(probe: &DynamicImage, target: Target) -> (u8, Encoded, SearchOutcome) {
        let image = scene();
        let settings = settings();
        let reference = target.metric.prepare(probe).unwrap();
        let mut probe_search = ProbeSearch {
            probe,
            reference: &reference,
            format: OutputFormat::Jpeg,
            settings: &settings,
            limits: SearchLimits::default(),
            trials: HashMap::new(),
            encodes: 0,
        };
        let found = probe_search.run(target, 70).unwrap();
        let whole = WholeImage {
            image: &image,
            try_lossless: false,
        };
        let (encoded, outcome) = whole
            .encode_checked(&mut probe_search, target, found)
            .unwrap();
        (found.chosen.setting, encoded, outcome)
    }

    #[test]
    fn final_encodes_are_corrected_both_ways_by_the_whole_images_score() {
        let target = Target {
            metric: Metric::Dssim,
            value: 0.003,
        };
        let scene = scene();
        let measure = |encoded: &Encoded| {
            let decoded = image::load_from_memory(&encoded.bytes).unwrap();
            Metric::Dssim.score(&scene, &decoded).unwrap()
        };
        // A probe far busier than the picture over-estimates the damage to it: the final
        // encode beats the target by far, and is encoded again lower.
        let busy = DynamicImage::ImageRgb8(RgbImage::from_fn(512, 256, |x, y| {
            let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 5;
            Rgb([
                30 + (noise % 100) as u8,
                30 + ((noise >> 8) % 90) as u8,
                20 + ((noise >> 16) % 80) as u8,
            ])
        }));
        let (probe_answer, encoded, outcome) = checked_with_probe(&busy, target);
        assert!(outcome.met, "{outcome:?}");
        assert!(outcome.chosen.setting < probe_answer, "{outcome:?}");
        assert!(measure(&encoded) <= target.value);
        // A probe of the smooth sky only under-estimates it: the final encode misses, and is
        // encoded again higher until it meets the target.
        let smooth = scene.crop_imm(0, 0, 512, 256);
        let (probe_answer, encoded, outcome) = checked_with_probe(&smooth, target);
        assert!(outcome.met, "{outcome:?}");
        assert!(outcome.chosen.setting > probe_answer, "{outcome:?}");
        assert!(measure(&encoded) <= target.value);
    }

    #[test]
    fn a_floor_holds_and_small_images_answer_with_their_trial() {
        let image = scene().crop_imm(0, 300, 400, 300);
        let target = Target {
            metric: Metric::Dssim,
            value: 0.01,
        };
        let (encoded, targeted) = encode_to_target(
            &image,
            OutputFormat::Jpeg,
            &settings(),
            false,
            target,
            60,
            Some(85),
        )
        .unwrap();
        assert!(targeted.outcome.chosen.setting >= 85, "{targeted:?}");
        let decoded = image::load_from_memory(&encoded.bytes).unwrap();
        let measured = Metric::Dssim.score(&image, &decoded).unwrap();
        assert!((measured - targeted.outcome.chosen.score).abs() < 1e-9);
    }
}
