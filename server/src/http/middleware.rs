//! The middleware around every request: request id, API version check, refusal of secrets in
//! query strings, the request timeout, response headers and one access-log line.

use std::time::Instant;

use altloom_shared::api::{
    error_code, API_VERSION, API_VERSION_HEADER, REQUEST_ID_HEADER, SERVER_VERSION_HEADER,
};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::error::ApiError;
use super::{request_id, AppState};

/// Query parameter names that carry secrets elsewhere; refused so tokens never land in access
/// logs, proxies or browser history.
const SECRET_PARAMETERS: &[&str] = &[
    "token",
    "access_token",
    "api_token",
    "api_key",
    "key",
    "password",
    "secret",
    "device_code",
    "authorization",
];

/// Runs one request with its id in scope and the checks that apply to every endpoint.
pub async fn request_context(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let id = request_id::accept_or_generate(
        request
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok()),
    );
    let method = request.method().clone();
    // Only the path is logged: the query string is where a careless client might put a secret.
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let timeout = state.config.request_timeout;
    // Every event logged while handling the request carries its id through this span.
    let span = tracing::info_span!("request", request_id = %id);
    let response = request_id::scope(id.clone(), async move {
        if let Some(refusal) = refuse_before_handling(&request) {
            return refusal.into_response();
        }
        match tokio::time::timeout(timeout, next.run(request)).await {
            Ok(response) => response,
            Err(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                error_code::TIMEOUT,
                format!("the request took longer than {} s", timeout.as_secs()),
            )
            .into_response(),
        }
    })
    .instrument(span.clone())
    .await;
    let mut response = response;
    let headers = response.headers_mut();
    headers.insert(API_VERSION_HEADER, HeaderValue::from(API_VERSION));
    headers.insert(
        SERVER_VERSION_HEADER,
        HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_micros() as f64 / 1000.0;
    let _entered = span.enter();
    if status >= 500 {
        tracing::warn!(%method, %path, status, elapsed_ms, "request failed");
    } else {
        tracing::info!(%method, %path, status, elapsed_ms, "request");
    }
    response
}

/// The checks that need no handler: the client's API version and secrets in the query string.
fn refuse_before_handling(request: &Request) -> Option<ApiError> {
    if let Some(version) = request.headers().get(API_VERSION_HEADER) {
        let matches = version
            .to_str()
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok())
            == Some(API_VERSION);
        if !matches {
            return Some(ApiError::new(
                StatusCode::BAD_REQUEST,
                error_code::API_VERSION_MISMATCH,
                format!(
                    "this server speaks API version {API_VERSION} (altloom-server {}); the client \
                     sent {}",
                    env!("CARGO_PKG_VERSION"),
                    version.to_str().unwrap_or("an unreadable version")
                ),
            ));
        }
    }
    let query = request.uri().query()?;
    let carries_secret = query.split('&').any(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.to_ascii_lowercase();
        SECRET_PARAMETERS.contains(&name.as_str())
            || value.starts_with(altloom_shared::api::TOKEN_PREFIX)
    });
    carries_secret.then(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::SECRET_IN_QUERY,
            "secrets are never accepted in the URL; send tokens in the Authorization header and \
             other secrets in the JSON body",
        )
    })
}
