//! AI-credit usage per workspace and billing period, and the reservations that hold credits
//! while metered work is in flight.
//!
//! Exactness under contention rests on one statement: a reservation is granted by a single
//! conditional `UPDATE ... SET reserved = reserved + n WHERE used + reserved + n <= allowance`.
//! PostgreSQL re-checks that condition on the locked row after any concurrent update, and SQLite
//! runs writers one at a time, so no two requests can both take the last credit.

use altloom_shared::time::Timestamp;

use super::{signed, unsigned, Store, StoreError};
use crate::secrets::new_id;

/// One period's counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreditCounter {
    pub allowance: u64,
    pub used: u64,
    pub reserved: u64,
}

impl CreditCounter {
    /// What a new reservation can still get.
    pub fn remaining(&self) -> u64 {
        self.allowance.saturating_sub(self.used + self.reserved)
    }
}

/// The billing period a counter belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// A granted reservation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantedReservation {
    pub id: String,
    pub credits: u64,
    pub expires_at: Timestamp,
}

impl Store {
    /// Makes sure the counter for `period` exists and carries `allowance` (a plan change within
    /// the period updates it; what was used stays used).
    pub async fn ensure_counter(
        &self,
        workspace_id: &str,
        period: Period,
        allowance: u64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO usage_counters (workspace_id, period_start, period_end, allowance) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, period_start) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(period.start.0)
        .bind(period.end.0)
        .bind(signed(allowance))
        .execute(&self.pool)
        .await?;
        sqlx::query(
            "UPDATE usage_counters SET allowance = $1, period_end = $2 \
             WHERE workspace_id = $3 AND period_start = $4 \
             AND (allowance <> $1 OR period_end <> $2)",
        )
        .bind(signed(allowance))
        .bind(period.end.0)
        .bind(workspace_id)
        .bind(period.start.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The counter of a period, zero when nothing was ever reserved in it.
    pub async fn counter(
        &self,
        workspace_id: &str,
        period_start: Timestamp,
    ) -> Result<Option<CreditCounter>, StoreError> {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT allowance, used, reserved FROM usage_counters \
             WHERE workspace_id = $1 AND period_start = $2",
        )
        .bind(workspace_id)
        .bind(period_start.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(allowance, used, reserved)| CreditCounter {
            allowance: unsigned(allowance),
            used: unsigned(used),
            reserved: unsigned(reserved),
        }))
    }

    /// Reserves `credits` in the period's counter (which must exist), or answers `None` when
    /// fewer remain. The grant and the reservation row are one transaction.
    pub async fn reserve_credits(
        &self,
        workspace_id: &str,
        period_start: Timestamp,
        credits: u64,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<GrantedReservation>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let granted = sqlx::query(
            "UPDATE usage_counters SET reserved = reserved + $1 \
             WHERE workspace_id = $2 AND period_start = $3 AND used + reserved + $1 <= allowance",
        )
        .bind(signed(credits))
        .bind(workspace_id)
        .bind(period_start.0)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if granted == 0 {
            transaction.rollback().await?;
            return Ok(None);
        }
        let id = new_id("res");
        sqlx::query(
            "INSERT INTO reservations (id, workspace_id, period_start, credits, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(period_start.0)
        .bind(signed(credits))
        .bind(now.0)
        .bind(expires_at.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(Some(GrantedReservation {
            id,
            credits,
            expires_at,
        }))
    }

    /// Ends a reservation of this workspace: `used` of its credits become used (at most what was
    /// reserved), the rest go back. Answers the reserved amount, or `None` when there is no such
    /// reservation (already settled, expired, or another workspace's). Deleting the row first
    /// makes settling happen once even when a commit races the expiry sweep.
    pub async fn settle_reservation(
        &self,
        workspace_id: &str,
        reservation_id: &str,
        used: u64,
        now: Timestamp,
    ) -> Result<Option<u64>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let row: Option<(i64, i64)> = sqlx::query_as(
            "DELETE FROM reservations WHERE id = $1 AND workspace_id = $2 \
             RETURNING credits, period_start",
        )
        .bind(reservation_id)
        .bind(workspace_id)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some((credits, period_start)) = row else {
            transaction.rollback().await?;
            return Ok(None);
        };
        let used = signed(used).min(credits);
        sqlx::query(
            "UPDATE usage_counters SET reserved = reserved - $1, used = used + $2 \
             WHERE workspace_id = $3 AND period_start = $4",
        )
        .bind(credits)
        .bind(used)
        .bind(workspace_id)
        .bind(period_start)
        .execute(&mut *transaction)
        .await?;
        if used > 0 {
            sqlx::query(
                "INSERT INTO usage_days (workspace_id, day, credits) VALUES ($1, $2, $3) \
                 ON CONFLICT (workspace_id, day) DO UPDATE SET credits = usage_days.credits + $3",
            )
            .bind(workspace_id)
            .bind(day_of(now))
            .bind(used)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(Some(unsigned(credits)))
    }

    /// Credits used per UTC day from `first_day` to `last_day` (day numbers since the Unix epoch,
    /// both included), oldest first; days without use are left out.
    pub async fn daily_usage(
        &self,
        workspace_id: &str,
        first_day: i64,
        last_day: i64,
    ) -> Result<Vec<(i64, u64)>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT day, credits FROM usage_days WHERE workspace_id = $1 AND day >= $2 \
             AND day <= $3 ORDER BY day",
        )
        .bind(workspace_id)
        .bind(first_day)
        .bind(last_day)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(day, credits)| (day, unsigned(credits)))
            .collect())
    }

    /// Releases every reservation whose time has passed (its client died or forgot); answers
    /// how many were released.
    pub async fn expire_reservations(&self, now: Timestamp) -> Result<u64, StoreError> {
        let expired: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, workspace_id FROM reservations WHERE expires_at <= $1 ORDER BY expires_at",
        )
        .bind(now.0)
        .fetch_all(&self.pool)
        .await?;
        let mut released = 0;
        for (id, workspace_id) in expired {
            if self
                .settle_reservation(&workspace_id, &id, 0, now)
                .await?
                .is_some()
            {
                released += 1;
            }
        }
        Ok(released)
    }

    /// Releases this workspace's expired reservations, before a new reservation is judged.
    pub async fn expire_workspace_reservations(
        &self,
        workspace_id: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let expired: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM reservations WHERE workspace_id = $1 AND expires_at <= $2",
        )
        .bind(workspace_id)
        .bind(now.0)
        .fetch_all(&self.pool)
        .await?;
        for id in expired {
            self.settle_reservation(workspace_id, &id, 0, now).await?;
        }
        Ok(())
    }

    /// How many members a workspace has.
    pub async fn member_count(&self, workspace_id: &str) -> Result<u64, StoreError> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE workspace_id = $1")
                .bind(workspace_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(unsigned(count))
    }
}

/// The UTC day `at` falls on, as days since the Unix epoch.
pub fn day_of(at: Timestamp) -> i64 {
    at.0.div_euclid(86_400)
}
