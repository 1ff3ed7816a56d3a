//! Workspace invites: a secret link (stored as a hash) that makes its holder a member once.

use altloom_shared::api::workspaces::{Invite, Role};
use altloom_shared::time::Timestamp;

use super::{role_from_column, Store, StoreError};
use crate::secrets::new_id;

#[derive(sqlx::FromRow)]
struct InviteRow {
    id: String,
    workspace_id: String,
    role: String,
    created_by: String,
    created_at: i64,
    expires_at: i64,
    accepted_at: Option<i64>,
}

impl InviteRow {
    fn into_invite(self) -> Result<Invite, StoreError> {
        Ok(Invite {
            role: role_from_column(&self.role)?,
            id: self.id,
            workspace_id: self.workspace_id,
            created_by: self.created_by,
            created_at: Timestamp(self.created_at),
            expires_at: Timestamp(self.expires_at),
            accepted_at: self.accepted_at.map(Timestamp),
        })
    }
}

const INVITE_COLUMNS: &str =
    "id, workspace_id, role, created_by, created_at, expires_at, accepted_at";

/// What presenting an invite token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteAcceptance {
    /// The user joined this workspace.
    Joined(String),
    /// The user already belongs to the workspace; the invite stays unused.
    AlreadyMember(String),
    /// No invite has this token, or it was used or has expired.
    Unusable,
}

impl Store {
    /// Stores an invite whose secret hashes to `token_hash`.
    pub async fn create_invite(
        &self,
        workspace_id: &str,
        role: Role,
        created_by: &str,
        token_hash: &str,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<Invite, StoreError> {
        let id = new_id("inv");
        sqlx::query(
            "INSERT INTO invites (id, token_hash, workspace_id, role, created_by, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(token_hash)
        .bind(workspace_id)
        .bind(role.as_str())
        .bind(created_by)
        .bind(now.0)
        .bind(expires_at.0)
        .execute(&self.pool)
        .await?;
        Ok(Invite {
            id,
            workspace_id: workspace_id.to_string(),
            role,
            created_by: created_by.to_string(),
            created_at: now,
            expires_at,
            accepted_at: None,
        })
    }

    /// A workspace's invites, newest first.
    pub async fn invites(&self, workspace_id: &str) -> Result<Vec<Invite>, StoreError> {
        sqlx::query_as::<_, InviteRow>(&format!(
            "SELECT {INVITE_COLUMNS} FROM invites WHERE workspace_id = $1 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(InviteRow::into_invite)
        .collect()
    }

    /// Invites a user created, for the data export.
    pub async fn invites_created_by(&self, user_id: &str) -> Result<Vec<Invite>, StoreError> {
        sqlx::query_as::<_, InviteRow>(&format!(
            "SELECT {INVITE_COLUMNS} FROM invites WHERE created_by = $1 ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(InviteRow::into_invite)
        .collect()
    }

    /// Withdraws an invite of this workspace; false when there is none with that id here.
    pub async fn delete_invite(
        &self,
        workspace_id: &str,
        invite_id: &str,
    ) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("DELETE FROM invites WHERE id = $1 AND workspace_id = $2")
                .bind(invite_id)
                .bind(workspace_id)
                .execute(&self.pool)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// The workspace of a usable (unused, unexpired) invite.
    pub async fn invite_workspace(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT workspace_id FROM invites WHERE token_hash = $1 AND accepted_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Redeems an invite for `user_id`. Marking it used and adding the membership happen in one
    /// transaction, and the mark is conditional, so one invite never admits two people.
    pub async fn accept_invite(
        &self,
        token_hash: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<InviteAcceptance, StoreError> {
        let invite: Option<(String, String)> = sqlx::query_as(
            "SELECT workspace_id, role FROM invites \
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((workspace_id, role)) = invite else {
            return Ok(InviteAcceptance::Unusable);
        };
        if self.role_in(&workspace_id, user_id).await?.is_some() {
            return Ok(InviteAcceptance::AlreadyMember(workspace_id));
        }
        let mut transaction = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE invites SET accepted_at = $1, accepted_by = $2 \
             WHERE token_hash = $3 AND accepted_at IS NULL AND expires_at > $1",
        )
        .bind(now.0)
        .bind(user_id)
        .bind(token_hash)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if claimed == 0 {
            transaction.rollback().await?;
            return Ok(InviteAcceptance::Unusable);
        }
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, user_id) DO NOTHING",
        )
        .bind(&workspace_id)
        .bind(user_id)
        .bind(role_from_column(&role)?.as_str())
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(InviteAcceptance::Joined(workspace_id))
    }
}
