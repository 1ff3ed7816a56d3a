//! Data rights: export everything about the caller, or delete the account.

use altloom_shared::api::account::{AccountDeletion, AccountExport};
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use axum::extract::State;
use axum::Json;

use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::AppState;

/// All personal data the server holds about the caller, as JSON.
#[utoipa::path(get, path = "/v1/account/export", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountExport),
              (status = 403, description = "Needs a user login", body = ErrorEnvelope)))]
pub async fn export(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<AccountExport>, ApiError> {
    let user_id = principal.require_user()?;
    let user = state
        .store
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| ApiError::unauthenticated("this account no longer exists"))?;
    let tokens = state
        .store
        .tokens_of_user(user_id)
        .await?
        .iter()
        .map(|record| record.to_info())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(AccountExport {
        exported_at: Timestamp::now(),
        user: user.to_user(),
        workspaces: state.store.workspaces_of_user(user_id).await?,
        tokens,
        jobs: state.store.jobs_reported_by(user_id).await?,
        invites: state.store.invites_created_by(user_id).await?,
    }))
}

/// Deletes the caller's account, their tokens, and the workspaces only they own.
#[utoipa::path(delete, path = "/v1/account", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountDeletion),
              (status = 403, description = "Needs a user login", body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<AccountDeletion>, ApiError> {
    let user_id = principal.require_user()?;
    let outcome = state.store.delete_account(user_id).await?;
    tracing::info!(
        user_id = %user_id,
        deleted_workspaces = outcome.deleted_workspaces.len(),
        "account deleted"
    );
    Ok(Json(AccountDeletion {
        deleted_workspaces: outcome.deleted_workspaces,
        left_workspaces: outcome.left_workspaces,
    }))
}
