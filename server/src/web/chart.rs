//! The dashboard's chart of daily credit use, drawn as inline SVG on the server (no script, no
//! image request): one bar per day, scaled to the busiest day, with a text equivalent.

use altloom_shared::api::billing::DailyUsage;

/// The drawing area, in SVG user units (the SVG scales to its container).
pub const WIDTH: u32 = 600;
pub const HEIGHT: u32 = 160;

/// Room above the tallest bar, so it does not touch the frame.
const HEADROOM: u32 = 8;

/// One day's bar.
pub struct Bar {
    pub day: String,
    pub credits: u64,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
}

/// The chart, ready for the template.
pub struct Chart {
    pub bars: Vec<Bar>,
    pub total: u64,
    pub busiest: Option<(String, u64)>,
    pub first_day: String,
    pub last_day: String,
}

impl Chart {
    pub fn new(usage: &DailyUsage) -> Chart {
        let days = usage.days.len().max(1) as f64;
        let maximum = usage.days.iter().map(|day| day.credits).max().unwrap_or(0);
        let plot_height = f64::from(HEIGHT - HEADROOM);
        let slot = f64::from(WIDTH) / days;
        let bars = usage
            .days
            .iter()
            .enumerate()
            .map(|(index, day)| {
                let height = if maximum == 0 {
                    0.0
                } else {
                    plot_height * day.credits as f64 / maximum as f64
                };
                Bar {
                    day: day.day.clone(),
                    credits: day.credits,
                    x: format!("{:.2}", index as f64 * slot + slot * 0.1),
                    y: format!("{:.2}", f64::from(HEIGHT) - height),
                    width: format!("{:.2}", slot * 0.8),
                    height: format!("{height:.2}"),
                }
            })
            .collect();
        let busiest = usage
            .days
            .iter()
            .filter(|day| day.credits > 0)
            .max_by_key(|day| day.credits)
            .map(|day| (day.day.clone(), day.credits));
        Chart {
            bars,
            total: usage.days.iter().map(|day| day.credits).sum(),
            busiest,
            first_day: usage
                .days
                .first()
                .map(|day| day.day.clone())
                .unwrap_or_default(),
            last_day: usage
                .days
                .last()
                .map(|day| day.day.clone())
                .unwrap_or_default(),
        }
    }

    /// The chart in words, for its `<desc>` and for people who cannot see it.
    pub fn summary(&self) -> String {
        match &self.busiest {
            None => format!(
                "No credits used from {} to {}.",
                self.first_day, self.last_day
            ),
            Some((day, credits)) => format!(
                "{} credits used from {} to {}; the busiest day was {day} with {credits}.",
                self.total, self.first_day, self.last_day
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::billing::DayUsage;

    fn usage(credits: &[u64]) -> DailyUsage {
        DailyUsage {
            days: credits
                .iter()
                .enumerate()
                .map(|(index, credits)| DayUsage {
                    day: format!("2026-12-{:02}", index + 1),
                    credits: *credits,
                })
                .collect(),
        }
    }

    #[test]
    fn bars_scale_to_the_busiest_day() {
        let chart = Chart::new(&usage(&[0, 5, 10]));
        let heights: Vec<f64> = chart
            .bars
            .iter()
            .map(|bar| bar.height.parse().unwrap())
            .collect();
        let full = f64::from(HEIGHT - HEADROOM);
        assert_eq!(heights, vec![0.0, full / 2.0, full]);
        assert_eq!(chart.bars[2].y, format!("{:.2}", f64::from(HEADROOM)));
        assert_eq!(chart.total, 15);
        assert_eq!(
            chart.summary(),
            "15 credits used from 2026-12-01 to 2026-12-03; the busiest day was 2026-12-03 with 10."
        );
    }

    #[test]
    fn an_idle_month_draws_flat_bars_and_says_so() {
        let chart = Chart::new(&usage(&[0; 30]));
        assert_eq!(chart.bars.len(), 30);
        assert!(chart.bars.iter().all(|bar| bar.height == "0.00"));
        assert_eq!(
            chart.summary(),
            "No credits used from 2026-12-01 to 2026-12-30."
        );
    }
}
