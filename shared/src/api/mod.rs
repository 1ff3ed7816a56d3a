//! The HTTP API between the CLI and `altloom-server`: versioning, headers, the error envelope,
//! and one module of request and response types per resource.
//!
//! Every path below is relative to the server's base URL. Endpoints under `/v1` take and return
//! JSON and authenticate with `Authorization: Bearer alt_...`, except sign-up, log-in and the device
//! flow. Secrets travel only in headers and bodies, never in query strings.

pub mod account;
pub mod alt_text;
pub mod auth;
pub mod billing;
pub mod jobs;
pub mod sites;
pub mod tokens;
pub mod workspaces;

use serde::{Deserialize, Serialize};

/// The API version this build speaks. The server answers every request with it in
/// [`API_VERSION_HEADER`]; a client that sends a different one gets `api_version_mismatch`.
pub const API_VERSION: u32 = 1;

/// Header carrying [`API_VERSION`] both ways.
pub const API_VERSION_HEADER: &str = "altloom-api-version";

/// Header carrying the server's package version on every answer, for error messages.
pub const SERVER_VERSION_HEADER: &str = "altloom-server-version";

/// Header carrying the id the server gave a request; quoted in error messages and logs.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Every API token starts with this, so leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "alt_";

/// The body of every error answer: `{"error":{"code":..,"message":..}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// A machine-readable code (see [`error_code`]) and a sentence for people.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// The request id, so a user can quote it to support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// With `quota_exceeded`: what was asked, what remains and when the period resets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<billing::QuotaDetails>,
}

/// The error codes the server uses. Clients match on these, never on messages.
pub mod error_code {
    /// No `Authorization` header, or a token the server does not know.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// The token was valid once but has expired.
    pub const TOKEN_EXPIRED: &str = "token_expired";
    /// The token was revoked (by `logout` or `tokens revoke`).
    pub const TOKEN_REVOKED: &str = "token_revoked";
    /// Wrong email or password.
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    /// Authenticated, but the role or the token's scopes do not allow this.
    pub const FORBIDDEN: &str = "forbidden";
    /// The token lacks a scope the endpoint needs.
    pub const INSUFFICIENT_SCOPE: &str = "insufficient_scope";
    /// Nothing with that id exists that the caller may see.
    pub const NOT_FOUND: &str = "not_found";
    /// The request body or parameters failed validation; the message says which field.
    pub const INVALID_REQUEST: &str = "invalid_request";
    /// Sign-up with an email that already has an account.
    pub const EMAIL_TAKEN: &str = "email_taken";
    /// The change would break an invariant (for example removing the last owner).
    pub const CONFLICT: &str = "conflict";
    /// Too many attempts; see `Retry-After`.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The body is larger than the server accepts.
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// The request took longer than the server allows.
    pub const TIMEOUT: &str = "timeout";
    /// The client speaks another API version.
    pub const API_VERSION_MISMATCH: &str = "api_version_mismatch";
    /// A secret (token, password, code) was put in the query string, where logs and proxies keep it.
    pub const SECRET_IN_QUERY: &str = "secret_in_query";
    /// Device flow: the user has not approved yet; poll again after the interval.
    pub const AUTHORIZATION_PENDING: &str = "authorization_pending";
    /// Device flow: polling faster than the interval.
    pub const SLOW_DOWN: &str = "slow_down";
    /// Device flow: the code expired before it was approved.
    pub const EXPIRED_CODE: &str = "expired_code";
    /// The image sent for AI metadata is not a JPEG or WebP of at most 1024 px on its long side.
    pub const INVALID_IMAGE: &str = "invalid_image";
    /// The model declined to describe the image.
    pub const MODEL_REFUSED: &str = "model_refused";
    /// The model's answer failed validation twice.
    pub const MODEL_INVALID_ANSWER: &str = "model_invalid_answer";
    /// The model provider failed or refused the request (after retries); the message says why.
    pub const UPSTREAM_FAILED: &str = "upstream_failed";
    /// The model provider's account is out of quota; the operator must act.
    pub const UPSTREAM_QUOTA: &str = "upstream_quota";
    /// Too many AI requests from this workspace at once; retry after a moment.
    pub const TOO_MANY_CONCURRENT: &str = "too_many_concurrent";
    /// AI metadata is not configured on this server.
    pub const AI_UNAVAILABLE: &str = "ai_unavailable";
    /// Not enough AI credits left in this billing period (402); `quota` says how many remain.
    pub const QUOTA_EXCEEDED: &str = "quota_exceeded";
    /// The plan's limit on members or sites is reached (402).
    pub const PLAN_LIMIT: &str = "plan_limit";
    /// Billing is not configured on this server, or the plan has no price.
    pub const BILLING_UNAVAILABLE: &str = "billing_unavailable";
    /// A site address that resolves to a loopback, private or link-local address (or redirects
    /// to one); the server refuses to call it.
    pub const SITE_ADDRESS_REFUSED: &str = "site_address_refused";
    /// The site could not be reached (DNS, connection, TLS, timeout, or a 5xx answer).
    pub const SITE_UNREACHABLE: &str = "site_unreachable";
    /// The address answers, but no WordPress REST API was found there.
    pub const SITE_NOT_WORDPRESS: &str = "site_not_wordpress";
    /// WordPress refused the user name or Application Password (401).
    pub const SITE_REJECTED_CREDENTIALS: &str = "site_rejected_credentials";
    /// The WordPress user cannot upload or edit media (a subscriber or contributor).
    pub const SITE_CANNOT_UPLOAD: &str = "site_cannot_upload";
    /// The storage backend is unavailable.
    pub const UNAVAILABLE: &str = "unavailable";
    /// A bug or an unexpected failure; the request id finds it in the logs.
    pub const INTERNAL: &str = "internal";
}
