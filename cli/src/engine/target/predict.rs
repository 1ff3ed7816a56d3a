//! Where the quality search starts: the encoder setting that typically meets a target, per
//! format, so most searches bracket the answer with their first two or three trial encodes.

use super::metric::{Metric, Target};
use crate::engine::options::OutputFormat;

/// Median settings that met dssim 0.003, 0.0015 and 0.00075 over a mixed sample of photos,
/// screenshots and graphics (bench/work/corpus, fourteen files, December 2026). AVIF needs
/// much higher ravif settings than its fixed preset numbers for the same dssim.
const DSSIM_CALIBRATION: [(f64, [u8; 3]); 3] = [
    (0.003, [69, 57, 62]),
    (0.0015, [83, 80, 80]),
    (0.00075, [90, 90, 88]),
];

/// The setting to start the search at for `format` and `target`, or `None` when there is no
/// calibration for the metric (the preset's own setting is used then).
pub fn predicted_setting(format: OutputFormat, target: Target) -> Option<u8> {
    let column = match format {
        OutputFormat::Jpeg => 0,
        OutputFormat::Webp => 1,
        OutputFormat::Avif => 2,
        OutputFormat::Png | OutputFormat::Gif => return None,
    };
    if target.metric != Metric::Dssim || target.value <= 0.0 {
        return None;
    }
    // Interpolate on log2(dssim) between the two nearest calibration points; beyond the ends,
    // carry on along the nearest segment's slope. The search clamps the result to its limits.
    let points: Vec<(f64, f64)> = DSSIM_CALIBRATION
        .iter()
        .map(|(dssim, settings)| (dssim.log2(), f64::from(settings[column])))
        .collect();
    let wanted = target.value.log2();
    let segment = if wanted >= points[1].0 {
        (points[0], points[1])
    } else {
        (points[1], points[2])
    };
    let ((x0, y0), (x1, y1)) = segment;
    let setting = y0 + (wanted - x0) * (y1 - y0) / (x1 - x0);
    Some(setting.round().clamp(0.0, 100.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dssim(value: f64) -> Target {
        Target {
            metric: Metric::Dssim,
            value,
        }
    }

    #[test]
    fn calibration_points_are_returned_and_stricter_targets_start_higher() {
        assert_eq!(
            predicted_setting(OutputFormat::Avif, dssim(0.0015)),
            Some(80)
        );
        assert_eq!(
            predicted_setting(OutputFormat::Jpeg, dssim(0.003)),
            Some(69)
        );
        for format in [OutputFormat::Jpeg, OutputFormat::Webp, OutputFormat::Avif] {
            let settings: Vec<u8> = [0.01, 0.003, 0.002, 0.0015, 0.001, 0.00075, 0.0003]
                .into_iter()
                .map(|value| predicted_setting(format, dssim(value)).unwrap())
                .collect();
            assert!(
                settings.windows(2).all(|pair| pair[0] <= pair[1]),
                "{format:?}: {settings:?}"
            );
            assert!(settings.iter().all(|&setting| setting <= 100));
        }
    }

    #[test]
    fn other_metrics_and_lossless_formats_have_no_prediction() {
        let ssimulacra = Target {
            metric: Metric::Ssimulacra2,
            value: 80.0,
        };
        assert_eq!(predicted_setting(OutputFormat::Jpeg, ssimulacra), None);
        assert_eq!(predicted_setting(OutputFormat::Png, dssim(0.0015)), None);
    }
}
