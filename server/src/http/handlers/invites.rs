//! Invites: a link an admin hands to someone, who accepts it while logged in.

use altloom_shared::api::tokens::Scope;
use altloom_shared::api::workspaces::{
    AcceptInviteRequest, CreateInviteRequest, CreatedInvite, InviteList, Role, WorkspaceSummary,
};
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::AppState;
use crate::secrets::{hash_token, new_secret};
use crate::store::InviteAcceptance;

const DEFAULT_INVITE_DAYS: u32 = 7;
const MAXIMUM_INVITE_DAYS: u32 = 30;

/// Creates an invite and answers its link, shown once.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/invites", tag = "workspaces",
    security(("bearer" = [])), request_body = CreateInviteRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 201, body = CreatedInvite), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<CreateInviteRequest>,
) -> Result<(StatusCode, Json<CreatedInvite>), ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    if request.role == Role::Owner {
        return Err(ApiError::invalid(
            "role: owners cannot be invited; invite an admin and make them owner",
        ));
    }
    let days = request.expires_in_days.unwrap_or(DEFAULT_INVITE_DAYS);
    if !(1..=MAXIMUM_INVITE_DAYS).contains(&days) {
        return Err(ApiError::invalid(format!(
            "expires_in_days: use 1 to {MAXIMUM_INVITE_DAYS}"
        )));
    }
    let secret = new_secret("inv_");
    let now = Timestamp::now();
    let invite = state
        .store
        .create_invite(
            &access.workspace_id,
            request.role,
            &principal.acting_user,
            &secret.hash,
            now.plus_seconds(i64::from(days) * 86_400),
            now,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvite {
            invite,
            // The secret rides in the fragment, which browsers never send to servers.
            url: format!("{}/invite#{}", state.config.public_url, secret.secret),
            token: secret.secret,
        }),
    ))
}

/// The workspace's invites, used and unused.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/invites", tag = "workspaces",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = InviteList), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<InviteList>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    Ok(Json(InviteList {
        invites: state.store.invites(&access.workspace_id).await?,
    }))
}

/// Withdraws an invite.
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}/invites/{invite}", tag = "workspaces",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("invite" = String, Path, description = "Invite id")),
    responses((status = 204), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, invite)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    if state
        .store
        .delete_invite(&access.workspace_id, &invite)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("invite"))
    }
}

/// Refuses an invite when the workspace's plan has no room for another member.
async fn enforce_member_limit(state: &AppState, token: &str) -> Result<(), ApiError> {
    let Some(workspace_id) = state.store.invite_workspace(&hash_token(token)).await? else {
        return Ok(());
    };
    let in_force = crate::billing::credits::plan_in_force(
        &state.store,
        &state.config.billing,
        &workspace_id,
        Timestamp::now(),
    )
    .await?;
    if state.store.member_count(&workspace_id).await? >= in_force.plan.members {
        return Err(ApiError::plan_limit(format!(
            "this workspace's {} plan allows {} members and has them all; an owner can upgrade \
             with `altloom billing upgrade`",
            in_force.name, in_force.plan.members
        )));
    }
    Ok(())
}

/// Joins the workspace an invite is for.
#[utoipa::path(post, path = "/v1/invites/accept", tag = "workspaces", security(("bearer" = [])),
    request_body = AcceptInviteRequest,
    responses((status = 200, body = WorkspaceSummary),
              (status = 404, description = "Unknown, used or expired invite", body = ErrorEnvelope),
              (status = 409, description = "Already a member", body = ErrorEnvelope),
              (status = 429, body = ErrorEnvelope)))]
pub async fn accept(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    principal: Principal,
    ApiJson(request): ApiJson<AcceptInviteRequest>,
) -> Result<Json<WorkspaceSummary>, ApiError> {
    let user_id = principal.require_user()?;
    state.rate_limits.check(ip, Some(user_id))?;
    enforce_member_limit(&state, request.token.trim()).await?;
    let outcome = state
        .store
        .accept_invite(&hash_token(request.token.trim()), user_id, Timestamp::now())
        .await?;
    let workspace_id = match outcome {
        InviteAcceptance::Joined(workspace_id) => workspace_id,
        InviteAcceptance::AlreadyMember(_) => {
            return Err(ApiError::conflict(
                "you are already a member of this workspace",
            ))
        }
        InviteAcceptance::Unusable => {
            return Err(ApiError::not_found(
                "invite (it may have expired, been withdrawn or been used)",
            ))
        }
    };
    state
        .store
        .workspace_for_member(&workspace_id, user_id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::internal("joined workspace not found"))
}
