//! Retention: removing job records and temporary data older than the configured period.

use altloom_shared::time::Timestamp;

use super::{Store, StoreError};

/// How many rows one pruning pass removed, for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PruneCounts {
    pub jobs: u64,
    pub invites: u64,
    pub device_logins: u64,
    pub tokens: u64,
    pub stripe_events: u64,
    pub site_access: u64,
}

impl Store {
    /// Deletes jobs reported before `cutoff`, invites and tokens that expired or were used or
    /// revoked before it, Stripe event ids received before it, site password releases (the audit
    /// trail, which holds client addresses) made before it, and device logins that have expired
    /// (they are only useful for minutes).
    pub async fn prune(
        &self,
        cutoff: Timestamp,
        now: Timestamp,
    ) -> Result<PruneCounts, StoreError> {
        let jobs = sqlx::query("DELETE FROM jobs WHERE created_at < $1")
            .bind(cutoff.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let invites = sqlx::query("DELETE FROM invites WHERE expires_at < $1 OR accepted_at < $1")
            .bind(cutoff.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let device_logins = sqlx::query(
            "DELETE FROM device_logins WHERE expires_at < $1 OR consumed_at IS NOT NULL",
        )
        .bind(now.0)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let tokens = sqlx::query("DELETE FROM api_tokens WHERE revoked_at < $1 OR expires_at < $1")
            .bind(cutoff.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        // Processed Stripe event ids only guard against replays, which Stripe stops after three
        // days; past the retention period they are noise.
        let stripe_events = sqlx::query("DELETE FROM stripe_events WHERE received_at < $1")
            .bind(cutoff.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let site_access = sqlx::query("DELETE FROM site_access WHERE at < $1")
            .bind(cutoff.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(PruneCounts {
            site_access,
            stripe_events,
            jobs,
            invites,
            device_logins,
            tokens,
        })
    }
}
