//! The credit check a metered run makes before doing any work: it asks the server how many AI
//! credits the workspace has left and stops the run up front when they do not cover it, unless
//! the user allowed a partial run.

use altloom_shared::api::billing::Usage;
use altloom_shared::time::Timestamp;

/// Why a metered run cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this run needs {needed} AI credits; {remaining} remain on the {plan} plan until {resets_at}. \
     Run with --allow-partial to process the first {remaining}, wait for the reset, or upgrade \
     with `altloom billing upgrade <plan>`"
)]
pub struct CreditShortfall {
    pub needed: u64,
    pub remaining: u64,
    pub plan: String,
    pub resets_at: Timestamp,
}

/// How many of `needed` credits a run may use given `usage`: all of them when they are there;
/// with `allow_partial`, as many as remain; otherwise the shortfall, before any work starts.
/// A partial run with nothing left is still a shortfall, since it could do nothing.
pub fn credits_for_run(
    needed: u64,
    usage: &Usage,
    allow_partial: bool,
) -> Result<u64, CreditShortfall> {
    let remaining = usage.credits.remaining;
    if needed <= remaining {
        return Ok(needed);
    }
    if allow_partial && remaining > 0 {
        return Ok(remaining);
    }
    Err(CreditShortfall {
        needed,
        remaining,
        plan: usage.plan.clone(),
        resets_at: usage.period_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::billing::{Allowance, Credits};

    fn usage(remaining: u64) -> Usage {
        Usage {
            plan: "free".into(),
            status: "none".into(),
            cancels_at: None,
            period_start: Timestamp(0),
            period_end: Timestamp(2_592_000),
            credits: Credits {
                allowance: 300,
                used: 300 - remaining,
                reserved: 0,
                remaining,
            },
            sites: Allowance {
                used: 0,
                allowed: 1,
            },
            members: Allowance {
                used: 1,
                allowed: 3,
            },
        }
    }

    #[test]
    fn a_run_that_fits_uses_what_it_needs() {
        assert_eq!(credits_for_run(240, &usage(300), false), Ok(240));
        assert_eq!(credits_for_run(240, &usage(240), false), Ok(240));
    }

    #[test]
    fn a_run_that_does_not_fit_stops_before_any_work_with_the_numbers() {
        let shortfall = credits_for_run(240, &usage(180), false).unwrap_err();
        assert_eq!((shortfall.needed, shortfall.remaining), (240, 180));
        let message = shortfall.to_string();
        assert!(
            message.starts_with("this run needs 240 AI credits; 180 remain"),
            "{message}"
        );
        assert!(message.contains("--allow-partial"));
        assert!(message.contains("1970-01-31T00:00:00Z"));
    }

    #[test]
    fn allow_partial_takes_what_remains_but_not_nothing() {
        assert_eq!(credits_for_run(240, &usage(180), true), Ok(180));
        assert!(credits_for_run(240, &usage(0), true).is_err());
    }
}
