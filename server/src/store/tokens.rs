//! API tokens: insert, look up by hash on every request, list, revoke, and note last use.

use altloom_shared::api::tokens::{Scope, TokenInfo, TokenKind};
use altloom_shared::time::Timestamp;
use sqlx::{Any, Transaction};

use super::{parse_list, Store, StoreError};
use crate::secrets::new_id;

/// A token to store. Only its hash and hint are kept, never the secret.
#[derive(Clone, Debug)]
pub struct NewToken<'a> {
    pub hash: &'a str,
    pub hint: &'a str,
    pub name: &'a str,
    pub kind: TokenKind,
    pub user_id: Option<&'a str>,
    pub workspace_id: Option<&'a str>,
    pub created_by: Option<&'a str>,
    pub scopes: &'a [Scope],
    pub expires_at: Option<Timestamp>,
}

impl<'a> NewToken<'a> {
    /// A user token with every scope, for sign-up, log-in and device approval; the owner is
    /// filled in with [`NewToken::for_user`].
    pub fn user_session(hash: &'a str, hint: &'a str, name: &'a str) -> NewToken<'a> {
        NewToken {
            hash,
            hint,
            name,
            kind: TokenKind::User,
            user_id: None,
            workspace_id: None,
            created_by: None,
            scopes: &Scope::ALL,
            expires_at: None,
        }
    }

    /// The same token, owned by `user_id`.
    pub fn for_user(&self, user_id: &'a str) -> NewToken<'a> {
        NewToken {
            user_id: Some(user_id),
            created_by: Some(user_id),
            ..self.clone()
        }
    }
}

/// A stored token, as the authentication layer and the listings need it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub hint: String,
    pub user_id: Option<String>,
    pub workspace_id: Option<String>,
    pub created_by: Option<String>,
    pub scopes: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const TOKEN_COLUMNS: &str = "id, name, kind, hint, user_id, workspace_id, created_by, scopes, \
                             created_at, expires_at, last_used_at, revoked_at";

impl TokenRecord {
    /// The token's kind.
    pub fn kind(&self) -> Result<TokenKind, StoreError> {
        match self.kind.as_str() {
            "user" => Ok(TokenKind::User),
            "workspace" => Ok(TokenKind::Workspace),
            other => Err(StoreError::Corrupt(format!("unknown token kind `{other}`"))),
        }
    }

    /// The token's scopes.
    pub fn scopes(&self) -> Result<Vec<Scope>, StoreError> {
        parse_list(&self.scopes, Scope::parse)
    }

    /// The listing view: everything but the secret, which is not stored.
    pub fn to_info(&self) -> Result<TokenInfo, StoreError> {
        Ok(TokenInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind()?,
            workspace_id: self.workspace_id.clone(),
            scopes: self.scopes()?,
            hint: self.hint.clone(),
            created_by: self.created_by.clone(),
            created_at: Timestamp(self.created_at),
            expires_at: self.expires_at.map(Timestamp),
            last_used_at: self.last_used_at.map(Timestamp),
            revoked_at: self.revoked_at.map(Timestamp),
        })
    }
}

/// Inserts a token inside a transaction and returns its id.
pub(super) async fn insert_token(
    transaction: &mut Transaction<'_, Any>,
    token: &NewToken<'_>,
    now: Timestamp,
) -> Result<String, StoreError> {
    let id = new_id("tok");
    let scopes: Vec<&str> = token.scopes.iter().map(|scope| scope.as_str()).collect();
    sqlx::query(
        "INSERT INTO api_tokens (id, token_hash, hint, name, kind, user_id, workspace_id, \
         created_by, scopes, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(token.hash)
    .bind(token.hint)
    .bind(token.name)
    .bind(match token.kind {
        TokenKind::User => "user",
        TokenKind::Workspace => "workspace",
    })
    .bind(token.user_id)
    .bind(token.workspace_id)
    .bind(token.created_by)
    .bind(scopes.join(","))
    .bind(now.0)
    .bind(token.expires_at.map(|time| time.0))
    .execute(&mut **transaction)
    .await
    .map_err(|error| StoreError::duplicate_as(error, "token"))?;
    Ok(id)
}

impl Store {
    /// Stores a token on its own and returns its id.
    pub async fn insert_token(
        &self,
        token: &NewToken<'_>,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let id = insert_token(&mut transaction, token, now).await?;
        transaction.commit().await?;
        Ok(id)
    }

    /// The token with this hash, whatever its state; the caller decides about revoked and
    /// expired tokens so it can say which.
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        Ok(sqlx::query_as::<_, TokenRecord>(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The token with this id.
    pub async fn token_by_id(&self, token_id: &str) -> Result<Option<TokenRecord>, StoreError> {
        Ok(sqlx::query_as::<_, TokenRecord>(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .bind(token_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records that a token was used. Called at most once a minute per token, so reads stay
    /// reads on the hot path.
    pub async fn touch_token(&self, token_id: &str, now: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now.0)
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Workspace tokens of a workspace, newest first.
    pub async fn workspace_tokens(
        &self,
        workspace_id: &str,
    ) -> Result<Vec<TokenRecord>, StoreError> {
        Ok(sqlx::query_as::<_, TokenRecord>(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens \
             WHERE workspace_id = $1 AND kind = 'workspace' ORDER BY created_at DESC, id DESC"
        ))
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes a workspace token of this workspace. Returns false when no such token exists
    /// there, so another workspace's token ids reveal nothing.
    pub async fn revoke_workspace_token(
        &self,
        workspace_id: &str,
        token_id: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let exists = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
             WHERE id = $2 AND workspace_id = $3 AND kind = 'workspace'",
        )
        .bind(now.0)
        .bind(token_id)
        .bind(workspace_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(exists > 0)
    }

    /// Gives a token an expiry time (browser sessions end on their own).
    pub async fn set_token_expiry(
        &self,
        token_id: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
            .bind(expires_at.0)
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Revokes one token (log-out).
    pub async fn revoke_token(&self, token_id: &str, now: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
            .bind(now.0)
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Tokens a user owns or created, for the data export.
    pub async fn tokens_of_user(&self, user_id: &str) -> Result<Vec<TokenRecord>, StoreError> {
        Ok(sqlx::query_as::<_, TokenRecord>(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 OR created_by = $1 \
             ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
