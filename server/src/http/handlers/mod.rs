//! The API's routes, one file per resource, gathered into one router that also yields the
//! OpenAPI document.

pub mod account;
pub mod alt_text;
pub mod auth;
pub mod billing;
pub mod health;
pub mod invites;
pub mod jobs;
pub mod sites;
pub mod tokens;
pub mod usage;
pub mod workspaces;

use axum::http::StatusCode;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use altloom_shared::api::error_code;

use super::error::ApiError;
use super::openapi::ApiDocument;
use super::AppState;

/// Every `/v1` route with its OpenAPI description.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDocument::openapi())
        .routes(routes!(auth::signup))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::device_start))
        .routes(routes!(auth::device_token))
        .routes(routes!(auth::device_approve))
        .routes(routes!(workspaces::list, workspaces::create))
        .routes(routes!(workspaces::get, workspaces::delete))
        .routes(routes!(workspaces::members))
        .routes(routes!(
            workspaces::update_member,
            workspaces::remove_member
        ))
        .routes(routes!(invites::list, invites::create))
        .routes(routes!(invites::delete))
        .routes(routes!(invites::accept))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .routes(routes!(jobs::list, jobs::report))
        .routes(routes!(jobs::get))
        .routes(routes!(account::export))
        .routes(routes!(account::delete))
        .routes(routes!(alt_text::workspace_alt_text))
        .routes(routes!(alt_text::token_alt_text))
        .routes(routes!(usage::workspace_usage))
        .routes(routes!(usage::daily))
        .routes(routes!(usage::token_usage))
        .routes(routes!(usage::reserve))
        .routes(routes!(usage::commit))
        .routes(routes!(usage::release))
        .routes(routes!(billing::checkout))
        .routes(routes!(billing::portal))
        .routes(routes!(billing::webhook))
        .routes(routes!(sites::list, sites::add))
        .routes(routes!(sites::get, sites::delete))
        .routes(routes!(sites::test))
        .routes(routes!(sites::credentials))
        .routes(routes!(sites::access))
        .routes(routes!(sites::ledger, sites::update_ledger))
}

/// Unknown paths get the error envelope too.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        error_code::NOT_FOUND,
        "no such endpoint; see /v1/openapi.json",
    )
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        error_code::INVALID_REQUEST,
        "this endpoint does not accept that method; see /v1/openapi.json",
    )
}

/// Turns a validation message into a 400.
fn invalid(message: String) -> ApiError {
    ApiError::invalid(message)
}
