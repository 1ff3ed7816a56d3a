//! Plans, billing periods and AI-credit accounting: which plan a workspace is on right now, the
//! period its credits count in, and reservations against its allowance.
//!
//! Local optimisation is never metered; only AI metadata (one credit per source image) and the
//! hosted site vault (a number of sites) depend on the plan.

pub mod credits;
pub mod plans;
pub mod stripe;

use altloom_shared::time::Timestamp;
use time::{Date, Month, OffsetDateTime, Time};

use crate::store::{BillingRecord, Period};
use plans::{Plans, FREE_PLAN};

/// Subscription states in which a paid plan is in force.
const PAYING_STATES: &[&str] = &["active", "trialing"];

/// The plan in force for a billing state at `now`: the subscribed plan while the subscription is
/// active or trialing, and while past due within the grace period; otherwise free. A plan name the
/// configuration no longer knows also falls back to free.
pub fn effective_plan<'a>(
    record: Option<&'a BillingRecord>,
    plans: &Plans,
    grace_seconds: i64,
    now: Timestamp,
) -> &'a str {
    let Some(record) = record else {
        return FREE_PLAN;
    };
    if plans.get(&record.plan).is_none() {
        return FREE_PLAN;
    }
    let ended =
        record.cancel_at_period_end != 0 && record.period_end.is_some_and(|end| end <= now.0);
    let in_force = match record.status.as_str() {
        status if PAYING_STATES.contains(&status) => !ended,
        "past_due" => record
            .past_due_since
            .is_some_and(|since| now.0 < since + grace_seconds),
        _ => false,
    };
    if in_force {
        &record.plan
    } else {
        FREE_PLAN
    }
}

/// The period credits count in: the subscription's current period on a paid plan (when `now` is
/// inside it), otherwise the calendar month (UTC).
pub fn current_period(record: Option<&BillingRecord>, paid: bool, now: Timestamp) -> Period {
    if paid {
        if let Some((start, end)) =
            record.and_then(|record| record.period_start.zip(record.period_end))
        {
            if start <= now.0 && now.0 < end {
                return Period {
                    start: Timestamp(start),
                    end: Timestamp(end),
                };
            }
        }
    }
    calendar_month(now)
}

/// The calendar month (UTC) containing `now`.
pub fn calendar_month(now: Timestamp) -> Period {
    let time = OffsetDateTime::from_unix_timestamp(now.0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let first = |year: i32, month: Month| {
        Date::from_calendar_date(year, month, 1)
            .map(|date| date.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp())
            .unwrap_or(0)
    };
    let (next_year, next_month) = match time.month() {
        Month::December => (time.year() + 1, Month::January),
        month => (time.year(), month.next()),
    };
    Period {
        start: Timestamp(first(time.year(), time.month())),
        end: Timestamp(first(next_year, next_month)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str) -> BillingRecord {
        BillingRecord {
            workspace_id: "ws".into(),
            plan: "pro".into(),
            status: status.into(),
            stripe_customer_id: Some("cus_1".into()),
            stripe_subscription_id: Some("sub_1".into()),
            period_start: Some(1_000),
            period_end: Some(2_000),
            cancel_at_period_end: 0,
            past_due_since: None,
            state_time: 1_000,
        }
    }

    #[test]
    fn the_plan_in_force_follows_the_subscription() {
        let plans = Plans::defaults(Some("price_pro".into()), None);
        let now = Timestamp(1_500);
        assert_eq!(effective_plan(None, &plans, 100, now), "free");
        assert_eq!(
            effective_plan(Some(&record("active")), &plans, 100, now),
            "pro"
        );
        assert_eq!(
            effective_plan(Some(&record("canceled")), &plans, 100, now),
            "free"
        );
        // Past due keeps the plan for the grace period only.
        let mut past_due = record("past_due");
        past_due.past_due_since = Some(1_450);
        assert_eq!(effective_plan(Some(&past_due), &plans, 100, now), "pro");
        assert_eq!(effective_plan(Some(&past_due), &plans, 10, now), "free");
        // Cancellation at period end downgrades then, not before.
        let mut cancelling = record("active");
        cancelling.cancel_at_period_end = 1;
        assert_eq!(effective_plan(Some(&cancelling), &plans, 100, now), "pro");
        assert_eq!(
            effective_plan(Some(&cancelling), &plans, 100, Timestamp(2_000)),
            "free"
        );
    }

    #[test]
    fn periods_are_the_subscription_period_or_the_calendar_month() {
        let active = record("active");
        assert_eq!(
            current_period(Some(&active), true, Timestamp(1_500)),
            Period {
                start: Timestamp(1_000),
                end: Timestamp(2_000)
            }
        );
        // 2026-12-04 → December 2026; the month after December is January of the next year.
        let december = calendar_month(Timestamp(1_796_416_024));
        assert_eq!(
            december.start,
            Timestamp::parse("2026-12-01T00:00:00Z").unwrap()
        );
        assert_eq!(
            december.end,
            Timestamp::parse("2027-01-01T00:00:00Z").unwrap()
        );
        assert_eq!(
            current_period(Some(&active), false, Timestamp(1_796_416_024)),
            december
        );
    }
}
