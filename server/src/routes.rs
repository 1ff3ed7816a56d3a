//! The HTTP routes.

use altloom_shared::health::Health;
use axum::routing::get;
use axum::{Json, Router};

/// The application router.
pub fn router() -> Router {
    Router::new().route("/healthz", get(health))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
