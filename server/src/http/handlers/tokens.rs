//! Workspace API tokens, for CI and other machines.

use altloom_shared::api::tokens::{CreateTokenRequest, CreatedToken, Scope, TokenKind, TokenList};
use altloom_shared::api::workspaces::Role;
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use super::invalid;
use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::AppState;
use crate::secrets::new_api_token;
use crate::store::NewToken;
use crate::validate::clean_name;

/// The scopes a token gets when none are asked for: everything but administration.
const DEFAULT_SCOPES: [Scope; 3] = [Scope::Jobs, Scope::AltText, Scope::Push];

/// The longest lifetime a token can be given, about ten years.
const MAXIMUM_TOKEN_DAYS: u32 = 3650;

/// The workspace's tokens, revoked ones included (with their revocation time).
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/tokens", tag = "tokens",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = TokenList), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<TokenList>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let tokens = state
        .store
        .workspace_tokens(&access.workspace_id)
        .await?
        .iter()
        .map(|record| record.to_info())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(TokenList { tokens }))
}

/// Creates a workspace token; the secret is in the answer and nowhere else, ever.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/tokens", tag = "tokens",
    security(("bearer" = [])), request_body = CreateTokenRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 201, body = CreatedToken), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 429, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<CreateTokenRequest>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    state.rate_limits.check(ip, Some(&principal.acting_user))?;
    let name = clean_name("name", &request.name, 100).map_err(invalid)?;
    let mut scopes = request.scopes.unwrap_or_else(|| DEFAULT_SCOPES.to_vec());
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(ApiError::invalid("scopes: give at least one scope"));
    }
    if let Some(missing) = scopes
        .iter()
        .find(|scope| !principal.scopes.contains(scope))
    {
        return Err(ApiError::forbidden(format!(
            "a token cannot grant the `{missing}` scope it does not have itself"
        )));
    }
    let expires_at = match request.expires_in_days {
        None => None,
        Some(days) if (1..=MAXIMUM_TOKEN_DAYS).contains(&days) => {
            Some(Timestamp::now().plus_seconds(i64::from(days) * 86_400))
        }
        Some(_) => {
            return Err(ApiError::invalid(format!(
                "expires_in_days: use 1 to {MAXIMUM_TOKEN_DAYS}, or leave it out for no expiry"
            )))
        }
    };
    let token = new_api_token();
    let token_id = state
        .store
        .insert_token(
            &NewToken {
                hash: &token.hash,
                hint: &token.hint,
                name: &name,
                kind: TokenKind::Workspace,
                user_id: None,
                workspace_id: Some(&access.workspace_id),
                created_by: Some(&principal.acting_user),
                scopes: &scopes,
                expires_at,
            },
            Timestamp::now(),
        )
        .await?;
    let info = state
        .store
        .token_by_id(&token_id)
        .await?
        .ok_or_else(|| ApiError::internal("new token not found"))?
        .to_info()?;
    tracing::info!(token_id = %token_id, workspace_id = %access.workspace_id, "token created");
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: token.secret,
            info,
        }),
    ))
}

/// Revokes a workspace token; it stops working at once.
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}/tokens/{token}", tag = "tokens",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("token" = String, Path, description = "Token id (not the secret)")),
    responses((status = 204), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, token)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    if state
        .store
        .revoke_workspace_token(&access.workspace_id, &token, Timestamp::now())
        .await?
    {
        tracing::info!(token_id = %token, "token revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("token"))
    }
}
