//! The HTTP layer: routes, the middleware every request passes through, extractors and errors.
//! Handlers (one file per resource in `handlers/`) validate input, check access through
//! [`crate::access`], and call [`crate::store::Store`]; they never write SQL.

pub mod error;
pub mod extract;
pub(crate) mod handlers;
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
use crate::vault::Vault;
use rate_limit::RateLimits;

/// What every handler can reach; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub rate_limits: Arc<RateLimits>,
    pub alt_text: Arc<AltTextService>,
    /// The site vault; `None` when its key could not be loaded (the reason is logged, and the
    /// site endpoints answer 503 while the rest of the API works).
    pub vault: Option<Arc<Vault>>,
    /// The guarded client for calls to WordPress sites; `None` when it could not be built.
    pub site_http: Option<reqwest::Client>,
}

impl AppState {
    /// Builds the state for `config` over an open store, loading the site vault's key (and
    /// creating the key file on first use).
    pub fn new(store: Store, config: Config) -> AppState {
        let vault = match Vault::load(&config.secret_key) {
            Ok(vault) => Some(vault),
            Err(error) => {
                tracing::error!(%error, "the site vault is unavailable");
                None
            }
        };
        AppState::with_vault(store, config, vault)
    }

    /// Builds the state with a vault loaded beforehand (or none).
    pub fn with_vault(store: Store, config: Config, vault: Option<Vault>) -> AppState {
        let policy = crate::site_guard::AddressPolicy::new(config.allow_private_sites);
        let site_http = match crate::site_guard::client(policy) {
            Ok(client) => Some(client),
            Err(error) => {
                tracing::error!(%error, "cannot build the client for WordPress sites");
                None
            }
        };
        if config.allow_private_sites {
            tracing::warn!(
                "ALTLOOM_ALLOW_PRIVATE_SITES is on: site calls may reach private addresses"
            );
        }
        AppState {
            rate_limits: Arc::new(RateLimits::new(
                config.auth_rate_per_minute,
                config.auth_account_rate_per_minute,
            )),
            alt_text: Arc::new(AltTextService::new(&config.ai)),
            vault: vault.map(Arc::new),
            site_http,
            config: Arc::new(config),
            store,
        }
    }
}

/// The whole application: the `/v1` API, health checks, the OpenAPI document, the web pages
/// ([`crate::web`]), and the middleware (request ids, version header, secret-in-query guard, timeout, access log).
pub fn router(state: AppState) -> Router {
    let (api, document) = handlers::api_router().split_for_parts();
    let document = Arc::new(document);
    api.merge(handlers::health::router())
        .merge(crate::web::router(&state))
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
