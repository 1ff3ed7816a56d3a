//! Device logins: a CLI asks for a code pair, a logged-in person approves the short code in a
//! browser, and the CLI's next poll turns the approval into a user token, once.

use altloom_shared::time::Timestamp;

use super::tokens::{insert_token, NewToken};
use super::{Store, StoreError};
use crate::secrets::new_id;

/// A started device login, as stored.
pub struct DeviceLogin<'a> {
    pub device_code_hash: &'a str,
    pub user_code: &'a str,
    pub token_name: &'a str,
    pub expires_at: Timestamp,
    pub interval_seconds: u64,
}

/// What a poll found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DevicePoll {
    /// No device login has this code, or its token was already issued.
    Unknown,
    Expired,
    /// Polled sooner than the interval allows.
    SlowDown,
    Pending,
    /// Approved: the token was created for `user_id` and this was the only poll to get it.
    Issued {
        user_id: String,
        token_id: String,
    },
}

#[derive(sqlx::FromRow)]
struct DeviceRow {
    id: String,
    token_name: String,
    expires_at: i64,
    interval_seconds: i64,
    last_polled_at: Option<i64>,
    approved_by: Option<String>,
    consumed_at: Option<i64>,
}

impl Store {
    /// Stores a new device login.
    pub async fn create_device_login(
        &self,
        login: DeviceLogin<'_>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO device_logins (id, device_code_hash, user_code, token_name, created_at, \
             expires_at, interval_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id("dev"))
        .bind(login.device_code_hash)
        .bind(login.user_code)
        .bind(login.token_name)
        .bind(now.0)
        .bind(login.expires_at.0)
        .bind(super::signed(login.interval_seconds))
        .execute(&self.pool)
        .await
        .map_err(|error| StoreError::duplicate_as(error, "user code"))?;
        Ok(())
    }

    /// Approves a pending, unexpired device login for `user_id`; false when the code matches
    /// nothing approvable.
    pub async fn approve_device_login(
        &self,
        user_code: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE device_logins SET approved_by = $1, approved_at = $2 \
             WHERE user_code = $3 AND approved_by IS NULL AND expires_at > $2",
        )
        .bind(user_id)
        .bind(now.0)
        .bind(user_code)
        .execute(&self.pool)
        .await?
        .rows_affected()
            > 0)
    }

    /// Answers a poll. When the login is approved, marks it consumed and creates the user token
    /// described by `token` in one transaction, so two racing polls cannot both get a token.
    pub async fn poll_device_login(
        &self,
        device_code_hash: &str,
        token: NewToken<'_>,
        now: Timestamp,
    ) -> Result<DevicePoll, StoreError> {
        let row = sqlx::query_as::<_, DeviceRow>(
            "SELECT id, token_name, expires_at, interval_seconds, last_polled_at, approved_by, \
             consumed_at FROM device_logins WHERE device_code_hash = $1",
        )
        .bind(device_code_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(DevicePoll::Unknown);
        };
        if row.consumed_at.is_some() {
            return Ok(DevicePoll::Unknown);
        }
        if row.expires_at <= now.0 {
            return Ok(DevicePoll::Expired);
        }
        let Some(user_id) = row.approved_by else {
            let too_soon = row
                .last_polled_at
                .is_some_and(|last| now.0 - last < row.interval_seconds);
            sqlx::query("UPDATE device_logins SET last_polled_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(&row.id)
                .execute(&self.pool)
                .await?;
            return Ok(if too_soon {
                DevicePoll::SlowDown
            } else {
                DevicePoll::Pending
            });
        };
        let mut transaction = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE device_logins SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL",
        )
        .bind(now.0)
        .bind(&row.id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if claimed == 0 {
            transaction.rollback().await?;
            return Ok(DevicePoll::Unknown);
        }
        let named = NewToken {
            name: &row.token_name,
            ..token
        };
        let token_id = insert_token(&mut transaction, &named.for_user(&user_id), now).await?;
        transaction.commit().await?;
        Ok(DevicePoll::Issued { user_id, token_id })
    }
}
