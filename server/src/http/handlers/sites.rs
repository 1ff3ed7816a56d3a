//! The site vault: a workspace's WordPress sites, whose credentials are checked against the site
//! before they are kept, encrypted at rest, and released just in time for a push with an audit
//! record; and the push ledger of what was uploaded where.
//!
//! Failed checks answer with the site's own reason: `site_address_refused` (400) for an address
//! the server will not call, `site_unreachable` (502), and 422 for a site that answers but says
//! no: `site_not_wordpress`, `site_rejected_credentials`, `site_cannot_upload`. (403 is kept for
//! Altloom's own access rules.)

use std::time::Duration;

use altloom_shared::api::error_code;
use altloom_shared::api::sites::{
    AddSiteRequest, Ledger, LedgerUpdate, Site, SiteAccessList, SiteCredentials, SiteList,
};
use altloom_shared::api::tokens::Scope;
use altloom_shared::api::workspaces::Role;
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use altloom_shared::wordpress::{
    normalise_site_url, verify_site, Credentials, SiteFacts, WordPressError,
};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use super::invalid;
use crate::access::Principal;
use crate::billing::credits::plan_in_force;
use crate::config::SecretText;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::AppState;
use crate::secrets::new_id;
use crate::site_guard::{self, AddressPolicy, UrlRefused};
use crate::store::{NewSite, SiteFactsRow, SiteInsert, SiteRecord, SiteRelease};
use crate::validate::{check_add_site, check_ledger_update};
use crate::vault::{site_associated_data, Vault, VaultError};

/// Releases listed by the access log.
const ACCESS_LIST_LIMIT: u32 = 100;

/// The vault, or 503 when this server could not load its key.
fn vault(state: &AppState) -> Result<&Vault, ApiError> {
    state.vault.as_deref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            error_code::UNAVAILABLE,
            "the site vault is not available: this server could not load its secret key (see \
             its log)",
        )
    })
}

/// A site password that cannot be opened: the detail (which key is missing) is for the
/// operator's log; the client learns that the server, not the site, is at fault.
fn vault_failure(error: VaultError) -> ApiError {
    tracing::error!(%error, "cannot open a stored site password");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        error_code::INTERNAL,
        "the server cannot decrypt this site's stored password (its secret key is missing or \
         was changed); the server's operator must restore the key, or an admin can add the site \
         again",
    )
}

/// The site named `name` in the approved workspace, or 404.
async fn find_site(
    state: &AppState,
    workspace_id: &str,
    name: &str,
) -> Result<SiteRecord, ApiError> {
    state
        .store
        .site(workspace_id, name)
        .await?
        .ok_or_else(|| ApiError::not_found("site"))
}

/// The answer for a failed check of a site. The guard's refusal is looked for in the whole error
/// chain first, so an address the server will not call is never reported as merely unreachable.
fn site_failure(error: &WordPressError) -> ApiError {
    if let Some(refusal) = site_guard::find_refusal(error) {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::SITE_ADDRESS_REFUSED,
            refusal.to_string(),
        );
    }
    let code = error.code();
    let status = match code {
        error_code::INVALID_REQUEST => StatusCode::BAD_REQUEST,
        error_code::SITE_NOT_WORDPRESS
        | error_code::SITE_REJECTED_CREDENTIALS
        | error_code::SITE_CANNOT_UPLOAD => StatusCode::UNPROCESSABLE_ENTITY,
        _ => {
            return ApiError::new(
                StatusCode::BAD_GATEWAY,
                error_code::SITE_UNREACHABLE,
                error.to_string(),
            )
        }
    };
    ApiError::new(status, code, error.to_string())
}

/// The refusal of an address before any request is made.
fn address_failure(refused: UrlRefused) -> ApiError {
    match refused {
        UrlRefused::Address(refusal) => ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::SITE_ADDRESS_REFUSED,
            refusal.to_string(),
        ),
        UrlRefused::Invalid(reason) => invalid(format!("url: {reason}")),
    }
}

/// Checks `credentials` against the site at `url` (already normalised) through the guarded
/// client, within the request's time limit.
async fn check_site(
    state: &AppState,
    url: &str,
    credentials: &Credentials,
) -> Result<SiteFacts, ApiError> {
    let http = state.site_http.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            error_code::UNAVAILABLE,
            "this server cannot call WordPress sites right now (see its log)",
        )
    })?;
    site_guard::check_url(url, &AddressPolicy::new(state.config.allow_private_sites))
        .map_err(address_failure)?;
    // A second less than the request's own limit, so the answer says the site was slow rather
    // than that the request timed out.
    let deadline = state
        .config
        .request_timeout
        .saturating_sub(Duration::from_secs(1))
        .max(Duration::from_secs(1));
    match tokio::time::timeout(deadline, verify_site(http, url, credentials)).await {
        Ok(Ok(facts)) => Ok(facts),
        Ok(Err(error)) => {
            tracing::info!(code = error.code(), %error, "site check failed");
            Err(site_failure(&error))
        }
        Err(_) => Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            error_code::SITE_UNREACHABLE,
            format!("{url} did not finish answering in {} s", deadline.as_secs()),
        )),
    }
}

fn facts_row(facts: &SiteFacts) -> SiteFactsRow<'_> {
    SiteFactsRow {
        url: &facts.url,
        rest_url: &facts.rest_url,
        wordpress_version: facts.wordpress_version.as_deref(),
        upload_types: &facts.upload_types,
    }
}

/// The 402 for a workspace whose plan has no room for another site.
fn site_limit(plan: &str, allowed: u64) -> ApiError {
    ApiError::plan_limit(format!(
        "this workspace's {plan} plan allows {allowed} site(s) and has them all; remove one, or \
         an owner can upgrade with `altloom billing upgrade`"
    ))
}

/// Opens a site's stored password.
fn open_password(vault: &Vault, site: &SiteRecord) -> Result<SecretText, ApiError> {
    vault
        .open(
            &site.secret,
            &site_associated_data(&site.workspace_id, &site.id),
        )
        .map_err(vault_failure)
}

/// The workspace's sites, with how many its plan allows.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/sites", tag = "sites",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = SiteList), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<SiteList>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    let in_force = plan_in_force(
        &state.store,
        &state.config.billing,
        &access.workspace_id,
        Timestamp::now(),
    )
    .await?;
    let sites = state.store.sites(&access.workspace_id).await?;
    Ok(Json(SiteList {
        sites: sites.iter().map(SiteRecord::to_site).collect(),
        limit: in_force.plan.sites,
    }))
}

/// Connects a site: checks the credentials against it, then keeps them encrypted (owners and
/// admins, with the `admin` scope).
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/sites", tag = "sites",
    security(("bearer" = [])), request_body = AddSiteRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 201, body = Site),
              (status = 400, description = "Invalid request, or `site_address_refused`", body = ErrorEnvelope),
              (status = 402, description = "`plan_limit`: the plan's sites are all in use", body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "The name is taken", body = ErrorEnvelope),
              (status = 422, description = "`site_not_wordpress`, `site_rejected_credentials` or `site_cannot_upload`", body = ErrorEnvelope),
              (status = 502, description = "`site_unreachable`", body = ErrorEnvelope)))]
pub async fn add(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<AddSiteRequest>,
) -> Result<(StatusCode, Json<Site>), ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let vault = vault(&state)?;
    let checked = check_add_site(&request).map_err(invalid)?;
    let url = normalise_site_url(&request.url).map_err(|error| invalid(error.to_string()))?;
    site_guard::check_url(&url, &AddressPolicy::new(state.config.allow_private_sites))
        .map_err(address_failure)?;
    let workspace_id = &access.workspace_id;
    // Quick answers before the site is called; the insert checks both again, atomically.
    let in_force = plan_in_force(
        &state.store,
        &state.config.billing,
        workspace_id,
        Timestamp::now(),
    )
    .await?;
    if state.store.site_count(workspace_id).await? >= in_force.plan.sites {
        return Err(site_limit(&in_force.name, in_force.plan.sites));
    }
    if state
        .store
        .site(workspace_id, &checked.name)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(format!(
            "this workspace already has a site named {}",
            checked.name
        )));
    }
    let credentials = Credentials::new(&checked.username, &checked.application_password);
    let facts = check_site(&state, &url, &credentials).await?;
    let site_id = new_id("site");
    let secret = vault
        .seal(
            &checked.application_password,
            &site_associated_data(workspace_id, &site_id),
        )
        .map_err(ApiError::internal)?;
    let now = Timestamp::now();
    let new_site = NewSite {
        id: &site_id,
        name: &checked.name,
        username: &checked.username,
        facts: facts_row(&facts),
        secret: &secret,
    };
    match state
        .store
        .insert_site(workspace_id, &new_site, in_force.plan.sites, now)
        .await?
    {
        SiteInsert::Added => {}
        SiteInsert::LimitReached => return Err(site_limit(&in_force.name, in_force.plan.sites)),
        SiteInsert::NameTaken => {
            return Err(ApiError::conflict(format!(
                "this workspace already has a site named {}",
                checked.name
            )))
        }
    }
    tracing::info!(workspace_id = %workspace_id, site_id = %site_id, key_id = %secret.key_id,
        "site connected");
    let site = find_site(&state, workspace_id, &checked.name).await?;
    Ok((StatusCode::CREATED, Json(site.to_site())))
}

/// One site.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/sites/{site}", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 200, body = Site), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<Json<Site>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    Ok(Json(
        find_site(&state, &access.workspace_id, &site)
            .await?
            .to_site(),
    ))
}

/// Forgets a site: its credentials, its ledger and its audit trail (owners and admins, with the
/// `admin` scope).
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}/sites/{site}", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 204), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    if state.store.delete_site(&access.workspace_id, &site).await? {
        tracing::info!(workspace_id = %access.workspace_id, site = %site, "site removed");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("site"))
    }
}

/// Checks the stored credentials against the site again and refreshes what it accepts.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/sites/{site}/test", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 200, body = Site),
              (status = 400, description = "`site_address_refused`", body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`site_not_wordpress`, `site_rejected_credentials` or `site_cannot_upload`", body = ErrorEnvelope),
              (status = 502, description = "`site_unreachable`", body = ErrorEnvelope)))]
pub async fn test(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<Json<Site>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    let vault = vault(&state)?;
    let record = find_site(&state, &access.workspace_id, &site).await?;
    let password = open_password(vault, &record)?;
    let credentials = Credentials::new(&record.username, password.expose());
    let facts = check_site(&state, &record.url, &credentials).await?;
    if !state
        .store
        .update_site_facts(
            &access.workspace_id,
            &record.id,
            facts_row(&facts),
            Timestamp::now(),
        )
        .await?
    {
        return Err(ApiError::not_found("site"));
    }
    Ok(Json(
        find_site(&state, &access.workspace_id, &site)
            .await?
            .to_site(),
    ))
}

/// Releases a site's user name and Application Password for a push. Every release is recorded
/// (user, token, client address) before the password leaves the server.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/sites/{site}/credentials", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 200, body = SiteCredentials), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn credentials(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    let vault = vault(&state)?;
    let record = find_site(&state, &access.workspace_id, &site).await?;
    let password = open_password(vault, &record)?;
    let ip = ip.to_string();
    let recorded = state
        .store
        .record_site_access(
            &access.workspace_id,
            &record.id,
            SiteRelease {
                user_id: &principal.acting_user,
                token_id: &principal.token_id,
                token_name: &principal.token_name,
                ip: Some(&ip),
            },
            Timestamp::now(),
        )
        .await?;
    if !recorded {
        return Err(ApiError::not_found("site"));
    }
    tracing::info!(workspace_id = %access.workspace_id, site_id = %record.id,
        token_id = %principal.token_id, "site credentials released");
    let body = SiteCredentials {
        site: record.to_site(),
        username: record.username.clone(),
        application_password: password.expose().to_string(),
    };
    // The answer carries a password: no cache may keep it.
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)))
}

/// The latest releases of a site's password, newest first (owners and admins, with the `admin`
/// scope).
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/sites/{site}/access", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 200, body = SiteAccessList), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn access(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<Json<SiteAccessList>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let record = find_site(&state, &access.workspace_id, &site).await?;
    Ok(Json(SiteAccessList {
        access: state
            .store
            .site_access(&access.workspace_id, &record.id, ACCESS_LIST_LIMIT)
            .await?,
    }))
}

/// What has been pushed to a site.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/sites/{site}/ledger", tag = "sites",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 200, body = Ledger), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn ledger(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
) -> Result<Json<Ledger>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    let record = find_site(&state, &access.workspace_id, &site).await?;
    Ok(Json(Ledger {
        entries: state.store.ledger(&access.workspace_id, &record.id).await?,
    }))
}

/// Adds or replaces ledger entries and forgets others, all at once.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/sites/{site}/ledger", tag = "sites",
    security(("bearer" = [])), request_body = LedgerUpdate,
    params(("workspace" = String, Path, description = "Workspace id"),
           ("site" = String, Path, description = "Site name")),
    responses((status = 204), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 413, body = ErrorEnvelope)))]
pub async fn update_ledger(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, site)): Path<(String, String)>,
    ApiJson(update): ApiJson<LedgerUpdate>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Push), Role::Member)
        .await?;
    let record = find_site(&state, &access.workspace_id, &site).await?;
    let update = check_ledger_update(&update).map_err(invalid)?;
    state
        .store
        .update_ledger(
            &access.workspace_id,
            &record.id,
            &update.upsert,
            &update.remove,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
