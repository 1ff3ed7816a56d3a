//! Perceptual quality targeting: each lossy output gets the lowest encoder setting whose decoded
//! result meets the target (`--target dssim:0.0012`, or a preset's), found by a short search on
//! a probe of the image, and is then encoded once at that setting.
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
pub use metric::{Metric, Target};
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
        _ => image::load_from_memory(bytes).map_err(|error| error.to_string()),
    };
    decoded.map_err(|error| FileError::Encode {
        format: format.name(),
        reason: format!("could not decode a trial encode to measure it: {error}"),
    })
}

/// Encodes `image` as `format` at the lowest setting that meets `target`, starting the search
/// at `predicted` and never going below `floor` (the setting an already-optimised JPEG was made
/// with, when it is re-encoded as JPEG). The search encodes a probe of the image; the answer is
/// one encode of the whole image at the chosen setting, or, when the probe was the whole image, the trial encode
/// at that setting itself.
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
    let whole_image = std::ptr::eq(probe.as_ref(), image);
    let mut limits = SearchLimits::default();
    if let Some(floor) = floor {
        limits.lowest = floor.clamp(limits.lowest, limits.highest);
    }
    let measure_error = |reason| FileError::Encode {
        format: format.name(),
        reason,
    };
    let reference = target.metric.prepare(&probe).map_err(measure_error)?;
    // Trial encodes of the whole image are kept: the chosen one is the answer, encoded already.
    let mut whole_image_trials: HashMap<u8, Encoded> = HashMap::new();
    let outcome = search::search(target, predicted.max(limits.lowest), limits, |setting| {
        // Trials are lossy only: a lossless WebP needs no setting, and is tried once at the end.
        let trial = encode::encode_with_setting(&probe, format, settings, false, setting)?;
        let decoded = decode_trial(format, &trial.bytes)?;
        let score = reference.score(&decoded).map_err(measure_error)?;
        if whole_image {
            whole_image_trials.insert(setting, trial);
        }
        Ok(score)
    })?;
    let chosen = outcome.chosen.setting;
    let encoded = match whole_image_trials.remove(&chosen) {
        // A WebP that may be smaller lossless still needs its lossless attempt.
        Some(trial) if !(try_lossless && format == OutputFormat::Webp) => trial,
        _ => encode::encode_with_setting(image, format, settings, try_lossless, chosen)?,
    };
    Ok((
        encoded,
        Targeted {
            target,
            outcome,
            whole_image,
        },
    ))
}
