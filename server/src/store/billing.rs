//! Each workspace's billing state (plan, Stripe customer and subscription, period) and the
//! record of processed Stripe events.

use altloom_shared::time::Timestamp;

use super::{Store, StoreError};

/// A workspace's billing row. No row means the free plan with no Stripe customer.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingRecord {
    pub workspace_id: String,
    pub plan: String,
    pub status: String,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
    pub cancel_at_period_end: i64,
    pub past_due_since: Option<i64>,
    pub state_time: i64,
}

/// A subscription's state as Stripe reported it at `state_time`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionUpdate<'a> {
    pub plan: &'a str,
    pub status: &'a str,
    pub subscription_id: &'a str,
    pub period_start: Option<Timestamp>,
    pub period_end: Option<Timestamp>,
    pub cancel_at_period_end: bool,
    /// The event's (or object's) time; older updates than the stored one are ignored.
    pub state_time: Timestamp,
}

const BILLING_COLUMNS: &str = "workspace_id, plan, status, stripe_customer_id, \
     stripe_subscription_id, period_start, period_end, cancel_at_period_end, past_due_since, \
     state_time";

impl Store {
    /// The workspace's billing row, if it has one.
    pub async fn billing(&self, workspace_id: &str) -> Result<Option<BillingRecord>, StoreError> {
        Ok(sqlx::query_as::<_, BillingRecord>(&format!(
            "SELECT {BILLING_COLUMNS} FROM billing WHERE workspace_id = $1"
        ))
        .bind(workspace_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The workspace a Stripe customer belongs to.
    pub async fn workspace_for_customer(
        &self,
        customer_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT workspace_id FROM billing WHERE stripe_customer_id = $1")
                .bind(customer_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Links a Stripe customer to a workspace (creating the billing row on the free plan).
    pub async fn set_stripe_customer(
        &self,
        workspace_id: &str,
        customer_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO billing (workspace_id, plan, status, stripe_customer_id) \
             VALUES ($1, 'free', 'none', $2) \
             ON CONFLICT (workspace_id) DO UPDATE SET stripe_customer_id = excluded.stripe_customer_id",
        )
        .bind(workspace_id)
        .bind(customer_id)
        .execute(&self.pool)
        .await
        .map_err(|error| StoreError::duplicate_as(error, "Stripe customer"))?;
        Ok(())
    }

    /// Applies a subscription state unless the stored one is newer; answers whether it was
    /// applied. One upsert with a condition, so two deliveries racing cannot interleave.
    /// `past_due_since` starts when the status first becomes `past_due` and clears otherwise.
    pub async fn apply_subscription(
        &self,
        workspace_id: &str,
        update: &SubscriptionUpdate<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let applied = sqlx::query(
            "INSERT INTO billing (workspace_id, plan, status, stripe_subscription_id, \
             period_start, period_end, cancel_at_period_end, past_due_since, state_time) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, \
                     CASE WHEN $3 = 'past_due' THEN $8 ELSE NULL END, $9) \
             ON CONFLICT (workspace_id) DO UPDATE SET \
                plan = excluded.plan, status = excluded.status, \
                stripe_subscription_id = excluded.stripe_subscription_id, \
                period_start = excluded.period_start, period_end = excluded.period_end, \
                cancel_at_period_end = excluded.cancel_at_period_end, \
                past_due_since = CASE WHEN excluded.status = 'past_due' \
                    THEN COALESCE(billing.past_due_since, excluded.past_due_since) ELSE NULL END, \
                state_time = excluded.state_time \
             WHERE billing.state_time <= excluded.state_time",
        )
        .bind(workspace_id)
        .bind(update.plan)
        .bind(update.status)
        .bind(update.subscription_id)
        .bind(update.period_start.map(|time| time.0))
        .bind(update.period_end.map(|time| time.0))
        .bind(i64::from(update.cancel_at_period_end))
        .bind(now.0)
        .bind(update.state_time.0)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(applied > 0)
    }

    /// Whether a Stripe event was already processed.
    pub async fn stripe_event_seen(&self, event_id: &str) -> Result<bool, StoreError> {
        let seen: Option<String> = sqlx::query_scalar("SELECT id FROM stripe_events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(seen.is_some())
    }

    /// Records a processed Stripe event; answers false when it was already recorded.
    pub async fn record_stripe_event(
        &self,
        event_id: &str,
        event_type: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO stripe_events (id, event_type, received_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(event_id)
        .bind(event_type)
        .bind(now.0)
        .execute(&self.pool)
        .await?
        .rows_affected()
            > 0)
    }
}
