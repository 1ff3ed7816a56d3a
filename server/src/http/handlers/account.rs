//! Data rights: export everything about the caller, or delete the account.

use altloom_shared::api::account::{
    AccountDeletion, AccountExport, ExportedSite, ExportedSiteAccess,
};
use altloom_shared::api::sites::LedgerEntry;
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
    let mut ledgers: std::collections::HashMap<String, Vec<LedgerEntry>> =
        std::collections::HashMap::new();
    for (site_id, entry) in state.store.ledgers_of_user(user_id).await? {
        ledgers.entry(site_id).or_default().push(entry);
    }
    let sites = state
        .store
        .sites_of_user(user_id)
        .await?
        .into_iter()
        .map(|record| ExportedSite {
            ledger: ledgers.remove(&record.id).unwrap_or_default(),
            workspace_id: record.workspace_id.clone(),
            site: record.to_site(),
        })
        .collect();
    let site_access = state
        .store
        .site_access_by_user(user_id)
        .await?
        .into_iter()
        .map(|access| ExportedSiteAccess {
            workspace_id: access.workspace_id,
            site: access.site,
            at: access.at,
            token_name: access.token_name,
            ip: access.ip,
        })
        .collect();
    Ok(Json(AccountExport {
        exported_at: Timestamp::now(),
        user: user.to_user(),
        workspaces: state.store.workspaces_of_user(user_id).await?,
        tokens,
        jobs: state.store.jobs_reported_by(user_id).await?,
        invites: state.store.invites_created_by(user_id).await?,
        sites,
        site_access,
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
