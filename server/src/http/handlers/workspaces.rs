//! Workspaces and their members.

use altloom_shared::api::tokens::{Scope, TokenKind};
use altloom_shared::api::workspaces::{
    CreateWorkspaceRequest, Member, MemberList, Role, UpdateMemberRequest, WorkspaceList,
    WorkspaceSummary,
};
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use super::invalid;
use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::AppState;
use crate::store::MembershipChange;
use crate::validate::clean_name;

/// The workspaces the caller can act in.
#[utoipa::path(get, path = "/v1/workspaces", tag = "workspaces", security(("bearer" = [])),
    responses((status = 200, body = WorkspaceList), (status = 401, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<WorkspaceList>, ApiError> {
    let workspaces = match (&principal.kind, &principal.token_workspace) {
        (TokenKind::Workspace, Some(workspace_id)) => state
            .store
            .workspace_for_member(workspace_id, &principal.acting_user)
            .await?
            .into_iter()
            .collect(),
        _ => {
            state
                .store
                .workspaces_of_user(&principal.acting_user)
                .await?
        }
    };
    Ok(Json(WorkspaceList { workspaces }))
}

/// Creates a workspace owned by the caller.
#[utoipa::path(post, path = "/v1/workspaces", tag = "workspaces", security(("bearer" = [])),
    request_body = CreateWorkspaceRequest,
    responses((status = 201, body = WorkspaceSummary), (status = 400, body = ErrorEnvelope),
              (status = 403, description = "Needs a user login", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(request): ApiJson<CreateWorkspaceRequest>,
) -> Result<(StatusCode, Json<WorkspaceSummary>), ApiError> {
    let user_id = principal.require_user()?;
    let name = clean_name("name", &request.name, 100).map_err(invalid)?;
    let workspace = state
        .store
        .create_workspace(&name, user_id, Timestamp::now())
        .await?;
    Ok((StatusCode::CREATED, Json(workspace)))
}

/// One workspace.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}", tag = "workspaces",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = WorkspaceSummary), (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<WorkspaceSummary>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, None, Role::Member)
        .await?;
    state
        .store
        .workspace_for_member(&access.workspace_id, &principal.acting_user)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("workspace"))
}

/// Deletes a workspace with everything in it (owners only, with a user login).
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}", tag = "workspaces",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 204), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Owner)
        .await?;
    principal.require_user()?;
    state.store.delete_workspace(&access.workspace_id).await?;
    tracing::info!(workspace_id = %access.workspace_id, "workspace deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// The members of a workspace.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/members", tag = "workspaces",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = MemberList), (status = 404, body = ErrorEnvelope)))]
pub async fn members(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<MemberList>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Member)
        .await?;
    Ok(Json(MemberList {
        members: state.store.members(&access.workspace_id).await?,
    }))
}

/// Changes a member's role. Admins manage members and admins; only owners touch owners.
#[utoipa::path(patch, path = "/v1/workspaces/{workspace}/members/{user}", tag = "workspaces",
    security(("bearer" = [])), request_body = UpdateMemberRequest,
    params(("workspace" = String, Path, description = "Workspace id"),
           ("user" = String, Path, description = "User id")),
    responses((status = 200, body = Member), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "Would leave no owner", body = ErrorEnvelope)))]
pub async fn update_member(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, user)): Path<(String, String)>,
    ApiJson(request): ApiJson<UpdateMemberRequest>,
) -> Result<Json<Member>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let current = state
        .store
        .role_in(&access.workspace_id, &user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    if (current == Role::Owner || request.role == Role::Owner) && access.role != Role::Owner {
        return Err(ApiError::forbidden(
            "only an owner can make or change owners",
        ));
    }
    match state
        .store
        .set_role(&access.workspace_id, &user, request.role)
        .await?
    {
        MembershipChange::Done => {}
        MembershipChange::NotMember => return Err(ApiError::not_found("member")),
        MembershipChange::LastOwner => {
            return Err(ApiError::conflict(
                "a workspace needs an owner; make someone else owner first",
            ))
        }
    }
    state
        .store
        .members(&access.workspace_id)
        .await?
        .into_iter()
        .find(|member| member.user_id == user)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("member"))
}

/// Removes a member, or lets a member leave. Their workspace tokens are revoked.
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}/members/{user}", tag = "workspaces",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("user" = String, Path, description = "User id")),
    responses((status = 204), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "Would leave no owner", body = ErrorEnvelope)))]
pub async fn remove_member(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, user)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let leaving = principal.kind == TokenKind::User && principal.acting_user == user;
    let minimum = if leaving { Role::Member } else { Role::Admin };
    let scope = if leaving { None } else { Some(Scope::Admin) };
    let access = principal
        .workspace(&state.store, &workspace, scope, minimum)
        .await?;
    let target = state
        .store
        .role_in(&access.workspace_id, &user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    if target == Role::Owner && access.role != Role::Owner {
        return Err(ApiError::forbidden("only an owner can remove an owner"));
    }
    match state
        .store
        .remove_member(&access.workspace_id, &user, Timestamp::now())
        .await?
    {
        MembershipChange::Done => Ok(StatusCode::NO_CONTENT),
        MembershipChange::NotMember => Err(ApiError::not_found("member")),
        MembershipChange::LastOwner => Err(ApiError::conflict(
            "a workspace needs an owner; make someone else owner first, or delete the workspace",
        )),
    }
}
