//! The search for the lowest encoder setting that meets a quality target: start from a
//! prediction, bracket the target, narrow it by interpolation, and stop within a few encodes.

use super::metric::Target;

/// The range of encoder settings the search may use, and when it may stop.
#[derive(Clone, Copy, Debug)]
pub struct SearchLimits {
    pub lowest: u8,
    pub highest: u8,
    /// Most evaluations (encode + decode + measure) per search.
    pub most_evaluations: u32,
    /// The search stops when the best passing setting is this close to a failing one.
    pub resolution: u8,
}

impl Default for SearchLimits {
    fn default() -> SearchLimits {
        SearchLimits {
            lowest: 20,
            highest: 95,
            most_evaluations: 5,
            resolution: 2,
        }
    }
}

/// One evaluated setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trial {
    pub setting: u8,
    pub score: f64,
}

/// What the search settled on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchOutcome {
    /// The lowest setting found that meets the target, or the highest setting tried when none
    /// did (then `met` is false).
    pub chosen: Trial,
    pub met: bool,
    pub evaluations: u32,
}

/// Finds the lowest setting in `limits` whose score meets `target`, calling `evaluate` (which
/// encodes at a setting and measures the result) as few times as it can. Scores are assumed to
/// improve with the setting, which holds for every encoder here apart from small wobbles; a
/// wobble can cost a step of size, never the target.
pub fn search<E>(
    target: Target,
    predicted: u8,
    limits: SearchLimits,
    mut evaluate: impl FnMut(u8) -> Result<f64, E>,
) -> Result<SearchOutcome, E> {
    let clamp = |setting: f64| -> u8 {
        setting
            .round()
            .clamp(f64::from(limits.lowest), f64::from(limits.highest)) as u8
    };
    let mut trials: Vec<Trial> = Vec::new();
    let mut next = clamp(f64::from(predicted));
    loop {
        let score = evaluate(next)?;
        trials.push(Trial {
            setting: next,
            score,
        });
        let passing = trials
            .iter()
            .filter(|trial| target.metric.meets(trial.score, target.value))
            .min_by_key(|trial| trial.setting)
            .copied();
        let failing = trials
            .iter()
            .filter(|trial| !target.metric.meets(trial.score, target.value))
            .max_by_key(|trial| trial.setting)
            .copied();
        let evaluations = trials.len() as u32;
        let done = |chosen: Trial, met: bool| SearchOutcome {
            chosen,
            met,
            evaluations,
        };
        // The answer when the search stops here.
        let settle = || match passing {
            Some(trial) => done(trial, true),
            None => done(
                *trials
                    .iter()
                    .max_by_key(|trial| trial.setting)
                    .expect("at least one trial"),
                false,
            ),
        };
        if evaluations >= limits.most_evaluations {
            return Ok(settle());
        }
        next = match (passing, failing) {
            // A wobble (a higher setting failing where a lower one passed) falls through to the
            // next arm, which keeps the pass and only looks lower.
            (Some(pass), Some(fail)) if pass.setting > fail.setting => {
                if pass.setting - fail.setting <= limits.resolution {
                    return Ok(settle());
                }
                // Interpolate between the two in margin units, staying strictly inside.
                let pass_margin = target.metric.margin(pass.score, target.value);
                let fail_margin = target.metric.margin(fail.score, target.value);
                let span = f64::from(pass.setting - fail.setting);
                let fraction = if pass_margin - fail_margin > 1e-9 {
                    (-fail_margin / (pass_margin - fail_margin)).clamp(0.0, 1.0)
                } else {
                    0.5
                };
                // Lean towards the passing side so the next trial is likely to pass too.
                let guess = f64::from(fail.setting) + (span * fraction).ceil();
                guess
                    .max(f64::from(fail.setting) + 1.0)
                    .min(f64::from(pass.setting) - 1.0)
                    .round() as u8
            }
            (Some(pass), _) => {
                // A pass this close to the target predicts that the next step down fails.
                let close = target.metric.margin(pass.score, target.value)
                    < f64::from(limits.resolution) / 2.0;
                if pass.setting <= limits.lowest || close {
                    return Ok(settle());
                }
                // Everything tried passes: step down by the margin, at least the resolution.
                let margin = target.metric.margin(pass.score, target.value);
                let step = margin.max(f64::from(limits.resolution)).min(25.0);
                clamp(f64::from(pass.setting) - step)
            }
            (None, Some(fail)) => {
                if fail.setting >= limits.highest {
                    return Ok(settle());
                }
                let margin = -target.metric.margin(fail.score, target.value);
                let step = margin.max(f64::from(limits.resolution)).min(25.0);
                clamp(f64::from(fail.setting) + step)
            }
            // Nothing tried yet cannot happen after a trial; settle all the same.
            (None, None) => return Ok(settle()),
        };
        if trials.iter().any(|trial| trial.setting == next) {
            return Ok(settle());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::target::metric::Metric;

    /// A made-up encoder whose dssim halves every 12 settings, scaled by `difficulty`.
    fn dssim_curve(difficulty: f64) -> impl Fn(u8) -> f64 {
        move |setting| difficulty * 0.01 * 0.5f64.powf(f64::from(setting) / 12.0)
    }

    fn lowest_passing(curve: &dyn Fn(u8) -> f64, target: Target) -> Option<u8> {
        (20..=95).find(|&setting| target.metric.meets(curve(setting), target.value))
    }

    #[test]
    fn finds_a_setting_near_the_lowest_passing_one_in_few_evaluations() {
        let target = Target {
            metric: Metric::Dssim,
            value: 0.0012,
        };
        for difficulty in [0.2, 0.5, 1.0, 2.0, 4.0, 8.0] {
            let curve = dssim_curve(difficulty);
            for predicted in [40, 60, 78, 90] {
                let mut calls = 0;
                let outcome = search(target, predicted, SearchLimits::default(), |setting| {
                    calls += 1;
                    Ok::<f64, ()>(curve(setting))
                })
                .unwrap();
                let ideal = lowest_passing(&curve, target);
                match ideal {
                    Some(ideal) => {
                        assert!(outcome.met, "difficulty {difficulty}, from {predicted}");
                        assert!(target.metric.meets(outcome.chosen.score, target.value));
                        assert!(
                            outcome.chosen.setting >= ideal && outcome.chosen.setting <= ideal + 2,
                            "difficulty {difficulty} from {predicted}: chose {} for ideal {ideal}",
                            outcome.chosen.setting
                        );
                    }
                    None => {
                        assert!(!outcome.met);
                        assert_eq!(outcome.chosen.setting, 95);
                    }
                }
                assert_eq!(outcome.evaluations, calls);
                assert!(calls <= 5, "{calls} evaluations");
            }
        }
    }

    #[test]
    fn a_good_prediction_needs_two_or_three_evaluations() {
        let target = Target {
            metric: Metric::Dssim,
            value: 0.0012,
        };
        let curve = dssim_curve(1.0);
        let ideal = lowest_passing(&curve, target).unwrap();
        let outcome = search(target, ideal, SearchLimits::default(), |setting| {
            Ok::<f64, ()>(curve(setting))
        })
        .unwrap();
        assert!(outcome.evaluations <= 3, "{outcome:?}");
        assert_eq!(outcome.chosen.setting, ideal);
    }

    #[test]
    fn easy_images_go_to_the_lowest_setting_and_errors_stop_the_search() {
        let target = Target {
            metric: Metric::Ssimulacra2,
            value: 50.0,
        };
        let outcome = search(target, 78, SearchLimits::default(), |_| Ok::<f64, ()>(99.0)).unwrap();
        assert_eq!(outcome.chosen.setting, 20);
        assert!(outcome.met);
        let failed = search(target, 78, SearchLimits::default(), |_| {
            Err::<f64, &str>("broken")
        });
        assert_eq!(failed.unwrap_err(), "broken");
    }
}
