//! The retention schedule: every `ALTLOOM_PRUNE_INTERVAL_SECONDS`, delete job records and used
//! or expired secrets older than `ALTLOOM_RETENTION_DAYS`, and let idle rate-limit keys go.
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

/// Runs [`prune_once`] at start and then on the configured interval, forever.
pub async fn run_periodically(state: AppState) {
    let mut interval = tokio::time::interval(state.config.prune_interval);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match prune_once(&state, Timestamp::now()).await {
            Ok(counts) if counts != PruneCounts::default() => {
                tracing::info!(?counts, "retention pass removed old records");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "retention pass failed; will retry"),
        }
    }
}
