//! The plan in force for a workspace, its usage, and credit reservations against it.

use altloom_shared::api::billing::{Allowance, Credits, QuotaDetails, Usage};
use altloom_shared::time::Timestamp;

use super::plans::Plan;
use super::{current_period, effective_plan};
use crate::config::BillingConfig;
use crate::store::{BillingRecord, GrantedReservation, Period, Store, StoreError};

/// A workspace's plan as of now.
#[derive(Clone, Debug)]
pub struct PlanInForce {
    pub name: String,
    pub plan: Plan,
    pub record: Option<BillingRecord>,
    pub period: Period,
}

/// Looks up the workspace's billing state and works out the plan and period in force, making
/// sure the period's credit counter exists with the plan's allowance.
pub async fn plan_in_force(
    store: &Store,
    config: &BillingConfig,
    workspace_id: &str,
    now: Timestamp,
) -> Result<PlanInForce, StoreError> {
    let record = store.billing(workspace_id).await?;
    let grace = i64::try_from(config.past_due_grace.as_secs()).unwrap_or(i64::MAX);
    let name = effective_plan(record.as_ref(), &config.plans, grace, now).to_string();
    let plan = config
        .plans
        .get(&name)
        .cloned()
        .unwrap_or_else(|| config.plans.free().clone());
    let paid = name != super::plans::FREE_PLAN;
    let period = current_period(record.as_ref(), paid, now);
    store
        .ensure_counter(workspace_id, period, plan.ai_credits)
        .await?;
    Ok(PlanInForce {
        name,
        plan,
        record,
        period,
    })
}

/// The workspace's usage for `GET .../usage`.
pub async fn usage(
    store: &Store,
    config: &BillingConfig,
    workspace_id: &str,
    now: Timestamp,
) -> Result<Usage, StoreError> {
    store
        .expire_workspace_reservations(workspace_id, now)
        .await?;
    let in_force = plan_in_force(store, config, workspace_id, now).await?;
    let counter = store
        .counter(workspace_id, in_force.period.start)
        .await?
        .unwrap_or(crate::store::CreditCounter {
            allowance: in_force.plan.ai_credits,
            used: 0,
            reserved: 0,
        });
    let record = in_force.record.as_ref();
    Ok(Usage {
        status: record
            .map(|record| record.status.clone())
            .unwrap_or_else(|| "none".to_string()),
        cancels_at: record
            .filter(|record| record.cancel_at_period_end != 0)
            .and_then(|record| record.period_end)
            .map(Timestamp),
        plan: in_force.name,
        period_start: in_force.period.start,
        period_end: in_force.period.end,
        credits: Credits {
            allowance: counter.allowance,
            used: counter.used,
            reserved: counter.reserved,
            remaining: counter.remaining(),
        },
        sites: Allowance {
            used: store.site_count(workspace_id).await?,
            allowed: in_force.plan.sites,
        },
        members: Allowance {
            used: store.member_count(workspace_id).await?,
            allowed: in_force.plan.members,
        },
    })
}

/// Reserves `credits` for `ttl_seconds`, or says how many remain and when they reset.
pub async fn reserve(
    store: &Store,
    config: &BillingConfig,
    workspace_id: &str,
    credits: u64,
    ttl_seconds: u64,
    now: Timestamp,
) -> Result<Result<GrantedReservation, QuotaDetails>, StoreError> {
    store
        .expire_workspace_reservations(workspace_id, now)
        .await?;
    let in_force = plan_in_force(store, config, workspace_id, now).await?;
    let expires_at = now.plus_seconds(i64::try_from(ttl_seconds).unwrap_or(i64::MAX));
    if let Some(granted) = store
        .reserve_credits(
            workspace_id,
            in_force.period.start,
            credits,
            expires_at,
            now,
        )
        .await?
    {
        return Ok(Ok(granted));
    }
    let remaining = store
        .counter(workspace_id, in_force.period.start)
        .await?
        .map(|counter| counter.remaining())
        .unwrap_or(0);
    Ok(Err(QuotaDetails {
        needed: credits,
        remaining,
        resets_at: in_force.period.end,
    }))
}
