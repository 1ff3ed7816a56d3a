//! Extractors: JSON bodies with errors in the API's envelope, the client's IP, and the
//! authenticated [`Principal`].

use std::net::{IpAddr, SocketAddr};

use altloom_shared::api::error_code;
use altloom_shared::api::tokens::TokenKind;
use altloom_shared::time::Timestamp;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};

use super::error::ApiError;
use super::AppState;
use crate::access::Principal;
use crate::secrets::hash_token;

/// A JSON body; malformed, oversized or mistyped bodies get the error envelope.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::new(
                status,
                error_code::PAYLOAD_TOO_LARGE,
                "the request body is larger than this server accepts",
            );
        }
        ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::INVALID_REQUEST,
            rejection.body_text(),
        )
    }
}

/// The client's address: the TCP peer, or the last `X-Forwarded-For` hop when the server is
/// configured to trust its proxy.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.config.trust_proxy_headers {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
                .next_back();
            if let Some(ip) = forwarded {
                return Ok(ClientIp(ip));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(ClientIp(peer))
    }
}

/// Last-use times are written at most this often per token, so authenticated reads stay reads.
const LAST_USED_RESOLUTION_SECONDS: i64 = 60;

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header_value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::unauthenticated(
                    "no token: send `Authorization: Bearer alt_...` (run `altloom login`)",
                )
            })?
            .to_str()
            .map_err(|_| ApiError::unauthenticated("the Authorization header is not text"))?;
        let secret = header_value
            .strip_prefix("Bearer ")
            .or_else(|| header_value.strip_prefix("bearer "))
            .map(str::trim)
            .ok_or_else(|| ApiError::unauthenticated("use `Authorization: Bearer <token>`"))?;
        authenticate(state, secret).await
    }
}

/// Establishes the principal behind a token's secret: the same checks for a bearer token and
/// for the browser session cookie (which carries a user token).
pub async fn authenticate(state: &AppState, secret: &str) -> Result<Principal, ApiError> {
    let mut record = state
        .store
        .token_by_hash(&hash_token(secret))
        .await?
        .ok_or_else(|| ApiError::unauthenticated("this token is not valid"))?;
    let now = Timestamp::now();
    if record.revoked_at.is_some() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            error_code::TOKEN_REVOKED,
            "this token was revoked",
        ));
    }
    if record.expires_at.is_some_and(|expires| expires <= now.0) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            error_code::TOKEN_EXPIRED,
            "this token has expired",
        ));
    }
    let kind = record.kind()?;
    let acting_user = match kind {
        TokenKind::User => record.user_id.clone(),
        TokenKind::Workspace => record.created_by.clone(),
    }
    .ok_or_else(|| ApiError::unauthenticated("this token is not valid"))?;
    if record
        .last_used_at
        .is_none_or(|last| now.0 - last >= LAST_USED_RESOLUTION_SECONDS)
    {
        state.store.touch_token(&record.id, now).await?;
        record.last_used_at = Some(now.0);
    }
    Ok(Principal {
        scopes: record.scopes()?,
        token_id: record.id.clone(),
        token_name: record.name.clone(),
        kind,
        acting_user,
        token_workspace: record.workspace_id.clone(),
        token: record,
    })
}
