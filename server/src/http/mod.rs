//! The HTTP layer: routes, the middleware every request passes through, extractors and errors.
//! Handlers (one file per resource in `handlers/`) validate input, check access through
//! [`crate::access`], and call [`crate::store::Store`]; they never write SQL.

pub mod error;
pub mod extract;
mod handlers;
mod middleware;
mod openapi;
pub mod rate_limit;
pub mod request_id;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::Router;

use crate::alt_text::AltTextService;
use crate::config::Config;
use crate::store::Store;
use rate_limit::RateLimits;

/// What every handler can reach; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub rate_limits: Arc<RateLimits>,
    pub alt_text: Arc<AltTextService>,
}

impl AppState {
    /// Builds the state for `config` over an open store.
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            rate_limits: Arc::new(RateLimits::new(
                config.auth_rate_per_minute,
                config.auth_account_rate_per_minute,
            )),
            alt_text: Arc::new(AltTextService::new(&config.ai)),
            config: Arc::new(config),
            store,
        }
    }
}

/// The whole application: the `/v1` API, health checks, the OpenAPI document, and the
/// middleware (request ids, version header, secret-in-query guard, timeout, access log).
pub fn router(state: AppState) -> Router {
    let (api, document) = handlers::api_router().split_for_parts();
    let document = Arc::new(document);
    api.merge(handlers::health::router())
        .route(
            "/v1/openapi.json",
            axum::routing::get(move || {
                let document = Arc::clone(&document);
                async move { axum::Json((*document).clone()) }
            }),
        )
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::request_context,
        ))
        .with_state(state)
}

/// The OpenAPI document, for tests and tooling that want it without a running server.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    handlers::api_router().split_for_parts().1
}
