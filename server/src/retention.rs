//! The retention schedule: every `ALTLOOM_PRUNE_INTERVAL_SECONDS`, delete job records, used or
//! expired secrets and the audit records of site password releases older than
//! `ALTLOOM_RETENTION_DAYS`, and let idle rate-limit keys go.
//!
//! With several instances each one prunes; the deletes are idempotent, so that only repeats
//! work, never loses more.

use altloom_shared::time::Timestamp;

use crate::http::AppState;
use crate::store::{PruneCounts, StoreError};

/// One pruning pass as of `now`.
pub async fn prune_once(state: &AppState, now: Timestamp) -> Result<PruneCounts, StoreError> {
    let cutoff = now.plus_seconds(-i64::from(state.config.retention_days) * 86_400);
    let counts = state.store.prune(cutoff, now).await?;
    state.rate_limits.forget_idle();
    Ok(counts)
}

/// How often expired credit reservations are released; a dead client's credits come back
/// within this much of their expiry even if nobody asks for the workspace's usage.
const RESERVATION_SWEEP: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs [`prune_once`] at start and then on the configured interval, and releases expired
/// credit reservations every half minute, forever.
pub async fn run_periodically(state: AppState) {
    let mut prune = tokio::time::interval(state.config.prune_interval);
    prune.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut sweep = tokio::time::interval(RESERVATION_SWEEP);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = prune.tick() => match prune_once(&state, Timestamp::now()).await {
                Ok(counts) if counts != PruneCounts::default() => {
                    tracing::info!(?counts, "retention pass removed old records");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "retention pass failed; will retry"),
            },
            _ = sweep.tick() => match state.store.expire_reservations(Timestamp::now()).await {
                Ok(0) => {}
                Ok(released) => tracing::info!(released, "expired credit reservations released"),
                Err(error) => tracing::warn!(%error, "reservation sweep failed; will retry"),
            },
        }
    }
}
