//! Deleting an account: the user, their tokens, the workspaces only they own, and their place
//! in the others.

use super::{Store, StoreError};

/// What an account deletion removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeletionOutcome {
    pub deleted_workspaces: Vec<String>,
    pub left_workspaces: Vec<String>,
}

impl Store {
    /// Deletes a user in one transaction. Workspaces where they are the only owner go with them
    /// (with everything in them); in other workspaces their membership and the tokens they
    /// created go, while jobs they reported stay with the workspace, no longer attributed.
    pub async fn delete_account(&self, user_id: &str) -> Result<DeletionOutcome, StoreError> {
        let mut transaction = self.pool.begin().await?;
        // A write first, so SQLite takes the write lock before anything is read.
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 OR created_by = $1")
            .bind(user_id)
            .execute(&mut *transaction)
            .await?;
        let sole_owned: Vec<String> = sqlx::query_scalar(
            "SELECT m.workspace_id FROM memberships m WHERE m.user_id = $1 AND m.role = 'owner' \
             AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.workspace_id = m.workspace_id \
                             AND o.role = 'owner' AND o.user_id <> $1) \
             ORDER BY m.workspace_id",
        )
        .bind(user_id)
        .fetch_all(&mut *transaction)
        .await?;
        let all: Vec<String> = sqlx::query_scalar(
            "SELECT workspace_id FROM memberships WHERE user_id = $1 ORDER BY workspace_id",
        )
        .bind(user_id)
        .fetch_all(&mut *transaction)
        .await?;
        for workspace_id in &sole_owned {
            sqlx::query("DELETE FROM workspaces WHERE id = $1")
                .bind(workspace_id)
                .execute(&mut *transaction)
                .await?;
        }
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        let left_workspaces = all
            .into_iter()
            .filter(|workspace_id| !sole_owned.contains(workspace_id))
            .collect();
        Ok(DeletionOutcome {
            deleted_workspaces: sole_owned,
            left_workspaces,
        })
    }
}
