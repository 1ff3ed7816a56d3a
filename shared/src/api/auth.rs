//! Sign-up, log-in, log-out, who-am-I and the device (browser approval) flow.
//!
//! `POST /v1/auth/signup` and `POST /v1/auth/login` answer with a [`Session`]: a new user token
//! that acts as the user in every workspace they belong to. `POST /v1/auth/logout` revokes the
//! token that called it. `GET /v1/me` answers [`WhoAmI`].
//!
//! Device flow: `POST /v1/auth/device` ([`DeviceStartRequest`] → [`DeviceStart`]); the user opens
//! `verification_url` and, logged in, approves `user_code` (`POST /v1/auth/device/approve`,
//! [`DeviceApproveRequest`]); meanwhile the CLI polls `POST /v1/auth/device/token`
//! ([`DevicePollRequest`]) every `interval_seconds` and gets `authorization_pending`, `slow_down`,
//! `expired_code`, or the [`Session`].

use serde::{Deserialize, Serialize};

use super::tokens::TokenInfo;
use super::workspaces::WorkspaceSummary;
use crate::time::Timestamp;

/// `POST /v1/auth/signup`: creates the user and their first workspace, which they own.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    pub name: String,
    pub email: String,
    pub password: String,
    pub workspace_name: String,
    /// Name for the session token, such as `altloom CLI on laptop`.
    #[serde(default)]
    pub token_name: Option<String>,
}

/// `POST /v1/auth/login`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub token_name: Option<String>,
}

// Requests carrying passwords print without them, so a stray `{:?}` cannot leak one.
impl std::fmt::Debug for SignupRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SignupRequest")
            .field("name", &self.name)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("workspace_name", &self.workspace_name)
            .field("token_name", &self.token_name)
            .finish()
    }
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("token_name", &self.token_name)
            .finish()
    }
}

/// A new user token and who it belongs to. The token is shown once; the server keeps a hash.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub token: String,
    pub token_info: TokenInfo,
    pub user: User,
    pub workspaces: Vec<WorkspaceSummary>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Session")
            .field("token", &"<redacted>")
            .field("token_info", &self.token_info)
            .field("user", &self.user)
            .field("workspaces", &self.workspaces)
            .finish()
    }
}

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub name: String,
    /// Normalised: trimmed and lower-cased.
    pub email: String,
    pub created_at: Timestamp,
}

/// Who a token acts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// A user token (from log-in): the user, in each of their workspaces, with their role there.
    User,
    /// A workspace token (from `tokens create`, for CI): one workspace, limited to its scopes.
    Workspace,
}

/// `GET /v1/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhoAmI {
    pub kind: PrincipalKind,
    /// The user behind a user token; absent for workspace tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The workspaces this token can act in.
    pub workspaces: Vec<WorkspaceSummary>,
    pub token: TokenInfo,
    /// The server's package version.
    pub server_version: String,
}

/// `POST /v1/auth/device`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceStartRequest {
    /// Name for the token the approval creates.
    #[serde(default)]
    pub token_name: Option<String>,
}

/// The codes of a device login. `device_code` is a secret the CLI keeps; `user_code` is what
/// the person compares on the approval page.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceStart {
    pub device_code: String,
    pub user_code: String,
    pub verification_url: String,
    /// The same page with the code filled in (`.../device?code=BCDF-GHJK`); older servers
    /// leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_url_complete: Option<String>,
    pub expires_in_seconds: u64,
    pub interval_seconds: u64,
}

impl std::fmt::Debug for DeviceStart {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("DeviceStart")
            .field("device_code", &"<redacted>")
            .field("user_code", &self.user_code)
            .field("verification_url", &self.verification_url)
            .finish_non_exhaustive()
    }
}

/// `POST /v1/auth/device/token`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevicePollRequest {
    pub device_code: String,
}

impl std::fmt::Debug for DevicePollRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DevicePollRequest { device_code: <redacted> }")
    }
}

/// `POST /v1/auth/device/approve`, by a logged-in user.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceApproveRequest {
    pub user_code: String,
}
