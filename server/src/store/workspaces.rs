//! Workspaces and memberships. Every read is keyed by the caller's membership, so a workspace
//! the caller does not belong to looks exactly like one that does not exist.

use altloom_shared::api::workspaces::{Member, Role, WorkspaceSummary};
use altloom_shared::time::Timestamp;

use super::{role_from_column, unsigned, Store, StoreError};
use crate::secrets::new_id;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    name: String,
    role: String,
    member_count: i64,
    created_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> Result<WorkspaceSummary, StoreError> {
        Ok(WorkspaceSummary {
            role: role_from_column(&self.role)?,
            id: self.id,
            name: self.name,
            member_count: unsigned(self.member_count),
            created_at: Timestamp(self.created_at),
        })
    }
}

const SUMMARY_SELECT: &str = "SELECT w.id, w.name, m.role, w.created_at, \
     (SELECT COUNT(*) FROM memberships c WHERE c.workspace_id = w.id) AS member_count \
     FROM workspaces w JOIN memberships m ON m.workspace_id = w.id";

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    name: String,
    email: String,
    role: String,
    joined_at: i64,
}

/// The outcome of a role change or removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipChange {
    Done,
    /// The user is not a member of this workspace.
    NotMember,
    /// The change would leave the workspace without an owner.
    LastOwner,
}

impl Store {
    /// The workspaces a user belongs to, with their role in each, oldest first.
    pub async fn workspaces_of_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<WorkspaceSummary>, StoreError> {
        sqlx::query_as::<_, SummaryRow>(&format!(
            "{SUMMARY_SELECT} WHERE m.user_id = $1 ORDER BY w.created_at, w.id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(SummaryRow::into_summary)
        .collect()
    }

    /// One workspace as seen by a member; `None` when it does not exist or they are not in it.
    pub async fn workspace_for_member(
        &self,
        workspace_id: &str,
        user_id: &str,
    ) -> Result<Option<WorkspaceSummary>, StoreError> {
        sqlx::query_as::<_, SummaryRow>(&format!(
            "{SUMMARY_SELECT} WHERE w.id = $1 AND m.user_id = $2"
        ))
        .bind(workspace_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        .map(SummaryRow::into_summary)
        .transpose()
    }

    /// A member's role, or `None` when they are not a member.
    pub async fn role_in(
        &self,
        workspace_id: &str,
        user_id: &str,
    ) -> Result<Option<Role>, StoreError> {
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2",
        )
        .bind(workspace_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        role.as_deref().map(role_from_column).transpose()
    }

    /// Creates a workspace owned by `owner_id`.
    pub async fn create_workspace(
        &self,
        name: &str,
        owner_id: &str,
        now: Timestamp,
    ) -> Result<WorkspaceSummary, StoreError> {
        let workspace_id = new_id("ws");
        let mut transaction = self.pool.begin().await?;
        sqlx::query("INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&workspace_id)
            .bind(name)
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
             VALUES ($1, $2, 'owner', $3)",
        )
        .bind(&workspace_id)
        .bind(owner_id)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(WorkspaceSummary {
            id: workspace_id,
            name: name.to_string(),
            role: Role::Owner,
            member_count: 1,
            created_at: now,
        })
    }

    /// Deletes a workspace and, through the foreign keys, everything in it.
    pub async fn delete_workspace(&self, workspace_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM workspaces WHERE id = $1")
            .bind(workspace_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The members of a workspace, owners first.
    pub async fn members(&self, workspace_id: &str) -> Result<Vec<Member>, StoreError> {
        sqlx::query_as::<_, MemberRow>(
            "SELECT u.id AS user_id, u.name, u.email, m.role, m.created_at AS joined_at \
             FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.workspace_id = $1 ORDER BY m.created_at, u.id",
        )
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Member {
                role: role_from_column(&row.role)?,
                user_id: row.user_id,
                name: row.name,
                email: row.email,
                joined_at: Timestamp(row.joined_at),
            })
        })
        .collect()
    }

    /// Changes a member's role in one conditional statement, refusing to demote the last owner
    /// (the check and the write cannot be separated by another request).
    pub async fn set_role(
        &self,
        workspace_id: &str,
        user_id: &str,
        role: Role,
    ) -> Result<MembershipChange, StoreError> {
        let changed = sqlx::query(
            "UPDATE memberships SET role = $1 WHERE workspace_id = $2 AND user_id = $3 \
             AND ($1 = 'owner' OR role <> 'owner' OR \
                  (SELECT COUNT(*) FROM memberships o \
                   WHERE o.workspace_id = $2 AND o.role = 'owner') > 1)",
        )
        .bind(role.as_str())
        .bind(workspace_id)
        .bind(user_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if changed > 0 {
            return Ok(MembershipChange::Done);
        }
        Ok(match self.role_in(workspace_id, user_id).await? {
            None => MembershipChange::NotMember,
            Some(_) => MembershipChange::LastOwner,
        })
    }

    /// Removes a member (never the last owner) and revokes the workspace tokens they created,
    /// since those act on their behalf.
    pub async fn remove_member(
        &self,
        workspace_id: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<MembershipChange, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let removed = sqlx::query(
            "DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2 \
             AND (role <> 'owner' OR \
                  (SELECT COUNT(*) FROM memberships o \
                   WHERE o.workspace_id = $1 AND o.role = 'owner') > 1)",
        )
        .bind(workspace_id)
        .bind(user_id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if removed == 0 {
            transaction.rollback().await?;
            return Ok(match self.role_in(workspace_id, user_id).await? {
                None => MembershipChange::NotMember,
                Some(_) => MembershipChange::LastOwner,
            });
        }
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
             WHERE workspace_id = $2 AND created_by = $3",
        )
        .bind(now.0)
        .bind(workspace_id)
        .bind(user_id)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(MembershipChange::Done)
    }
}
