//! AI metadata for one downscaled image, metered at one credit per successful answer.

use altloom_shared::alt_model::ModelError;
use altloom_shared::api::alt_text::{AltTextRequest, AltTextResult};
use altloom_shared::api::tokens::{Scope, TokenKind};
use altloom_shared::api::workspaces::Role;
use altloom_shared::api::{error_code, ErrorEnvelope};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use base64::Engine;

use crate::access::Principal;
use crate::alt_text::AltTextError;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::AppState;

/// Alt text, title, caption and description for one image (at most 1024 px, JPEG or WebP).
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/alt-text", tag = "alt-text",
    security(("bearer" = [])), request_body = AltTextRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses(
        (status = 200, description = "Validated metadata; one credit spent", body = AltTextResult),
        (status = 400, description = "`invalid_image` or `invalid_request`", body = ErrorEnvelope),
        (status = 402, description = "`quota_exceeded`, with what remains", body = ErrorEnvelope),
        (status = 422, description = "`model_refused`", body = ErrorEnvelope),
        (status = 429, description = "`too_many_concurrent`", body = ErrorEnvelope),
        (status = 502, description = "`model_invalid_answer` or `upstream_failed`", body = ErrorEnvelope),
        (status = 503, description = "`ai_unavailable` or `upstream_quota`", body = ErrorEnvelope),
    ))]
pub async fn workspace_alt_text(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<AltTextRequest>,
) -> Result<Json<AltTextResult>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::AltText), Role::Member)
        .await?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(request.image.data_base64.trim())
        .map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                error_code::INVALID_IMAGE,
                "image.data_base64 is not valid base64",
            )
        })?;
    state
        .alt_text
        .generate(
            &state.store,
            &state.config.billing,
            &access.workspace_id,
            &request,
            &bytes,
        )
        .await
        .map(Json)
        .map_err(to_api_error)
}

/// The same, for a workspace token (which knows its workspace).
#[utoipa::path(post, path = "/v1/alt-text", tag = "alt-text", security(("bearer" = [])),
    request_body = AltTextRequest,
    responses((status = 200, body = AltTextResult), (status = 400, body = ErrorEnvelope),
              (status = 402, body = ErrorEnvelope)))]
pub async fn token_alt_text(
    State(state): State<AppState>,
    principal: Principal,
    request: ApiJson<AltTextRequest>,
) -> Result<Json<AltTextResult>, ApiError> {
    let workspace = match (principal.kind, &principal.token_workspace) {
        (TokenKind::Workspace, Some(workspace)) => workspace.clone(),
        _ => {
            return Err(ApiError::invalid(
                "workspace: with a user login, use /v1/workspaces/{workspace}/alt-text",
            ))
        }
    };
    workspace_alt_text(State(state), principal, Path(workspace), request).await
}

fn to_api_error(error: AltTextError) -> ApiError {
    let status =
        |code: StatusCode, kind: &'static str, message: String| ApiError::new(code, kind, message);
    match error {
        AltTextError::Unavailable => status(
            StatusCode::SERVICE_UNAVAILABLE,
            error_code::AI_UNAVAILABLE,
            "AI metadata is not configured on this server; use --provider openai-compatible to \
             call your own endpoint"
                .into(),
        ),
        AltTextError::InvalidImage(problem) => status(
            StatusCode::BAD_REQUEST,
            error_code::INVALID_IMAGE,
            problem.to_string(),
        ),
        AltTextError::TooManyConcurrent => ApiError {
            retry_after_seconds: Some(2),
            ..status(
                StatusCode::TOO_MANY_REQUESTS,
                error_code::TOO_MANY_CONCURRENT,
                "too many AI requests from this workspace at once; lower --concurrency or retry"
                    .into(),
            )
        },
        AltTextError::Quota(quota) => ApiError::quota_exceeded(quota),
        AltTextError::Store(error) => error.into(),
        AltTextError::Model(error) => match error {
            ModelError::InvalidOptions(message) => ApiError::invalid(message),
            ModelError::Refused(message) => status(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_code::MODEL_REFUSED,
                format!(
                    "the model declined to describe this image ({message}); no credit was used"
                ),
            ),
            ModelError::InvalidAnswer(problem) => status(
                StatusCode::BAD_GATEWAY,
                error_code::MODEL_INVALID_ANSWER,
                format!("the model's answer was not usable twice ({problem}); no credit was used"),
            ),
            ModelError::UpstreamQuota(_) => status(
                StatusCode::SERVICE_UNAVAILABLE,
                error_code::UPSTREAM_QUOTA,
                "the AI provider's account behind this server is out of quota; the operator must \
                 top it up; no credit was used"
                    .into(),
            ),
            other => {
                tracing::warn!(error = %other, "model call failed");
                status(
                    StatusCode::BAD_GATEWAY,
                    error_code::UPSTREAM_FAILED,
                    format!("the AI provider failed: {other}; no credit was used"),
                )
            }
        },
    }
}
