//! Look-ups the Stripe webhook needs beyond the billing rows themselves.

use super::{Store, StoreError};

impl Store {
    /// Whether a workspace with this id exists; the webhook checks the workspace an event
    /// names before storing anything for it.
    pub async fn workspace_exists(&self, workspace_id: &str) -> Result<bool, StoreError> {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM workspaces WHERE id = $1")
            .bind(workspace_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }
}
