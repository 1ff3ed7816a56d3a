//! The one error type of the HTTP layer, rendered as `{"error":{"code","message","request_id"}}`.

use altloom_shared::api::billing::QuotaDetails;
use altloom_shared::api::{error_code, ErrorBody, ErrorEnvelope};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::request_id;
use crate::store::StoreError;

/// An error answer: status, stable code, a sentence, and for 429 the wait in seconds.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retry_after_seconds: Option<u64>,
    pub quota: Option<QuotaDetails>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after_seconds: None,
            quota: None,
        }
    }

    /// 400 for a request that failed validation.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::INVALID_REQUEST,
            message,
        )
    }

    /// 404, used both for what does not exist and for what the caller may not see.
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            error_code::NOT_FOUND,
            format!("no such {what}"),
        )
    }

    /// 403 for an authenticated caller whose role does not allow the action.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, error_code::FORBIDDEN, message)
    }

    /// 401 for a missing or unknown token.
    pub fn unauthenticated(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            error_code::UNAUTHENTICATED,
            message,
        )
    }

    /// 409 for a change that conflicts with the current state.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, error_code::CONFLICT, message)
    }

    /// 429 with the time to wait.
    pub fn rate_limited(retry_after_seconds: u64) -> ApiError {
        ApiError {
            retry_after_seconds: Some(retry_after_seconds),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                error_code::RATE_LIMITED,
                format!("too many attempts; try again in {retry_after_seconds} s"),
            )
        }
    }

    /// 402 when the credits left in the period do not cover a reservation.
    pub fn quota_exceeded(quota: QuotaDetails) -> ApiError {
        ApiError {
            quota: Some(quota.clone()),
            ..ApiError::new(
                StatusCode::PAYMENT_REQUIRED,
                error_code::QUOTA_EXCEEDED,
                format!(
                    "this needs {} AI credits; {} remain until {} (see `altloom usage`, or upgrade with `altloom billing upgrade`)",
                    quota.needed, quota.remaining, quota.resets_at
                ),
            )
        }
    }

    /// 402 when the plan's limit on members or sites is reached.
    pub fn plan_limit(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            error_code::PLAN_LIMIT,
            message,
        )
    }

    /// 500 for something unexpected; the detail goes to the log, never to the client.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %detail, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_code::INTERNAL,
            "the server failed unexpectedly; quote the request id when reporting this",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => {
                tracing::error!(%error, "database unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    error_code::UNAVAILABLE,
                    "the database is not answering; try again shortly",
                )
            }
            StoreError::Duplicate(what) => {
                ApiError::conflict(format!("that {what} already exists"))
            }
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: self.code.to_string(),
                message: self.message,
                request_id: request_id::current(),
                quota: self.quota,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
