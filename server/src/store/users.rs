//! Users: sign-up (user, first workspace and first token in one transaction) and look-ups.

use altloom_shared::api::auth::User;
use altloom_shared::time::Timestamp;

use super::tokens::{insert_token, NewToken};
use super::{Store, StoreError};
use crate::secrets::new_id;

/// A user row, including the password hash that never leaves the server.
#[derive(Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: i64,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("UserRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl UserRecord {
    /// The public view of this user.
    pub fn to_user(&self) -> User {
        User {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            created_at: Timestamp(self.created_at),
        }
    }
}

/// What sign-up creates.
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub workspace_name: &'a str,
}

impl Store {
    /// Creates a user, their first workspace (owned by them) and a user token, atomically.
    /// Returns the user's id; an email already in use gives `Duplicate("email")`.
    pub async fn create_account(
        &self,
        account: NewAccount<'_>,
        token: NewToken<'_>,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let user_id = new_id("usr");
        let workspace_id = new_id("ws");
        let mut transaction = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, name, email, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&user_id)
        .bind(account.name)
        .bind(account.email)
        .bind(account.password_hash)
        .bind(now.0)
        .execute(&mut *transaction)
        .await
        .map_err(|error| StoreError::duplicate_as(error, "email"))?;
        sqlx::query("INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&workspace_id)
            .bind(account.workspace_name)
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
             VALUES ($1, $2, 'owner', $3)",
        )
        .bind(&workspace_id)
        .bind(&user_id)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        insert_token(&mut transaction, &token.for_user(&user_id), now).await?;
        transaction.commit().await?;
        Ok(user_id)
    }

    /// The user with this (already normalised) email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        Ok(sqlx::query_as::<_, UserRecord>(
            "SELECT id, name, email, password_hash, created_at FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The user with this id.
    pub async fn user_by_id(&self, user_id: &str) -> Result<Option<UserRecord>, StoreError> {
        Ok(sqlx::query_as::<_, UserRecord>(
            "SELECT id, name, email, password_hash, created_at FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?)
    }
}
