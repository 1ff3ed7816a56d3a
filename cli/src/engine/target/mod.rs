//! Perceptual quality targeting: each lossy output gets the lowest encoder setting whose decoded
//! result meets the target (`--target dssim:0.0012`, or a preset's), found by a short search on
//! a probe of the image; the whole image is then encoded at that setting (and, for WebP and
//! AVIF, checked where the probe measured and corrected when it misses).
//!
//! JPEG, WebP and AVIF are targeted (AVIF trials are decoded by `engine::avif_decode`). PNG is
//! lossless (its `--png-lossy` palette keeps the preset's quality floor).

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

/// How a targeted output's setting was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Targeted {
    pub target: Target,
    pub outcome: SearchOutcome,
    /// Whether the search measured the whole image or a strip of tiles from it.
    pub whole_image: bool,
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

/// Whether `format`'s encoder codes a tile differently inside the whole picture than on its
/// own, so a tile-searched final encode needs checking. JPEG codes each 8×8 block on its own
/// (the tiles line up with its blocks), and on the benchmark corpus checking its final encodes
/// changed nothing but the time; libwebp (segments, filter strength) and rav1e make image-wide
/// decisions.
fn codes_tiles_in_context(format: OutputFormat) -> bool {
    matches!(format, OutputFormat::Webp | OutputFormat::Avif)
}

/// How many times the final encode of a tile-searched image may be corrected.
const MOST_CORRECTIONS: usize = 2;

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
/// one is searched on a strip of tiles, then encoded whole at the chosen setting; for WebP and
/// AVIF that final encode is measured on the same tiles cut from it: the strip was coded on its
/// own, but inside the whole picture an encoder's image-wide decisions (libwebp's segments and
/// filter strength, for one) code the same pixels differently. When the final encode misses
/// the target there, the probe's target is tightened by the difference, the search goes on from
/// the trials it has, and the whole image is encoded again (at most twice). Final encodes that
/// beat the target are not tried lower: on the benchmark corpus that saved 1.5 % of the bytes
/// for a fifth more time.
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
        probe: &probe,
        reference: &reference,
        format,
        settings,
        limits,
        trials: HashMap::new(),
        encodes: 0,
    };
    let found = probe_search.run(target, predicted.max(limits.lowest))?;
    let searched = SearchOutcome {
        evaluations: probe_search.encodes,
        ..found
    };
    let chosen = found.chosen.setting;
    let (encoded, outcome) = match &probe {
        Probe::Whole(_) => {
            let encoded = match probe_search.trials.remove(&chosen) {
                // A WebP that may be smaller lossless still needs its lossless attempt.
                Some((_, trial)) if !(try_lossless && format == OutputFormat::Webp) => trial,
                _ => encode::encode_with_setting(image, format, settings, try_lossless, chosen)?,
            };
            (encoded, searched)
        }
        Probe::Tiles { tiles, .. } if codes_tiles_in_context(format) => {
            let whole = WholeImage {
                image,
                try_lossless,
                tiles,
            };
            whole.encode_checked(&mut probe_search, target, found)?
        }
        Probe::Tiles { .. } => (
            encode::encode_with_setting(image, format, settings, try_lossless, chosen)?,
            searched,
        ),
    };
    let targeted = Targeted {
        target,
        outcome,
        whole_image: matches!(probe, Probe::Whole(_)),
    };
    Ok((encoded, targeted))
}

/// The error for a measurement that could not be made.
fn measure_error(format: OutputFormat, reason: String) -> FileError {
    FileError::Encode {
        format: format.name(),
        reason,
    }
}

/// A tile-searched image whose final encode is checked on the probe's tiles.
struct WholeImage<'image> {
    image: &'image DynamicImage,
    try_lossless: bool,
    /// The probe's tiles (top-left corners), in strip order.
    tiles: &'image [(u32, u32)],
}

impl WholeImage<'_> {
    /// Encodes the whole image at the probe search's answer (`found`) and measures it on the
    /// tiles; while it misses the target there, tightens the probe's target by the gap, searches
    /// on from the trials already made and encodes again (at most [`MOST_CORRECTIONS`] times).
    /// Returns the lowest final encode that met the target, or the highest tried when none did;
    /// its score is the one measured on the tiles of that final encode.
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
        // Each final encode: its setting, its score on the tiles, and the encode.
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
            let in_place = probe_search
                .reference
                .score(&probe::strip(&decoded, self.tiles))
                .map_err(|reason| measure_error(format, reason))?;
            finals.push((setting, in_place, encoded));
            let settled = metric.meets(in_place, target.value) || setting >= limits.highest;
            if settled || correction == MOST_CORRECTIONS {
                break;
            }
            let estimate = probe_search
                .trials
                .get(&setting)
                .map_or(next.chosen.score, |(score, _)| *score);
            let corrected = Target {
                metric,
                value: metric.corrected_target(target.value, estimate, in_place),
            };
            next = probe_search.run(corrected, setting)?;
            if finals
                .iter()
                .any(|(tried, _, _)| *tried == next.chosen.setting)
            {
                break;
            }
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

/// A search on a probe, keeping every trial by setting: a corrected search re-measures nothing
/// it has tried, and when the probe is the whole image the chosen trial is the answer.
struct ProbeSearch<'search> {
    /// A strip of tiles, whose trials are only measured (the output is encoded afterwards) and
    /// may use an encoder's quicker mode, or a whole small image, whose chosen trial is its
    /// output.
    probe: &'search Probe<'search>,
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
            let trial = match probe {
                Probe::Tiles { strip, .. } => {
                    encode::encode_strip_trial(strip, *format, settings, setting)?
                }
                Probe::Whole(image) => {
                    encode::encode_with_setting(image, *format, settings, false, setting)?
                }
            };
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
    fn a_tile_searched_webp_reports_the_score_of_its_final_encode_on_the_same_tiles() {
        let image = scene();
        let target = Target {
            metric: Metric::Dssim,
            value: 0.002,
        };
        let (encoded, targeted) = encode_to_target(
            &image,
            OutputFormat::Webp,
            &settings(),
            false,
            target,
            80,
            None,
        )
        .unwrap();
        assert!(!targeted.whole_image);
        assert!(targeted.outcome.met, "{targeted:?}");
        let Probe::Tiles { strip, tiles } = probe::probe(&image) else {
            panic!("a 1024×768 image is searched on tiles");
        };
        let decoded = decode_webp(&encoded.bytes).unwrap();
        let measured = Metric::Dssim
            .score(&strip, &probe::strip(&decoded, &tiles))
            .unwrap();
        assert!(
            (measured - targeted.outcome.chosen.score).abs() < 1e-9,
            "reported {} but the final encode scores {measured} on the tiles",
            targeted.outcome.chosen.score
        );
        assert!(measured <= target.value);
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
        assert!(targeted.whole_image);
        assert!(targeted.outcome.chosen.setting >= 85, "{targeted:?}");
        let decoded = image::load_from_memory(&encoded.bytes).unwrap();
        let measured = Metric::Dssim.score(&image, &decoded).unwrap();
        assert!((measured - targeted.outcome.chosen.score).abs() < 1e-9);
    }
}
