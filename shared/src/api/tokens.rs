//! API tokens: `GET|POST /v1/workspaces/{workspace}/tokens`,
//! `DELETE /v1/workspaces/{workspace}/tokens/{token}`.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// What a token may do. A user token has every scope; a workspace token has the ones it was
/// created with, and never more than its creator's role allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Report optimize runs and read job history.
    Jobs,
    /// Generate AI alt text (spends credits).
    AltText,
    /// Push images to the workspace's WordPress sites.
    Push,
    /// Administer the workspace: members, invites, tokens, billing.
    Admin,
}

impl Scope {
    /// Every scope, in a stable order.
    pub const ALL: [Scope; 4] = [Scope::Jobs, Scope::AltText, Scope::Push, Scope::Admin];

    /// The wire name (`alt_text`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Jobs => "jobs",
            Scope::AltText => "alt_text",
            Scope::Push => "push",
            Scope::Admin => "admin",
        }
    }

    /// Parses a wire name; `alt-text` is accepted too because people type it.
    pub fn parse(text: &str) -> Option<Scope> {
        match text.trim() {
            "jobs" => Some(Scope::Jobs),
            "alt_text" | "alt-text" => Some(Scope::AltText),
            "push" => Some(Scope::Push),
            "admin" => Some(Scope::Admin),
            _ => None,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Whether a token acts as a user or as a workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    User,
    Workspace,
}

/// A token as listed: everything but the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub kind: TokenKind,
    /// The workspace of a workspace token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    pub scopes: Vec<Scope>,
    /// The first characters of the token (`alt_AbC4`), enough to recognise it, useless to use it.
    pub hint: String,
    /// The user who created it (for a user token: its owner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
}

/// `POST /v1/workspaces/{workspace}/tokens`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTokenRequest {
    pub name: String,
    /// Defaults to jobs, alt_text and push (everything but admin).
    #[serde(default)]
    pub scopes: Option<Vec<Scope>>,
    /// Days until it expires; absent means it never expires.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// The answer to a token creation: the only time the secret is shown.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: String,
    pub info: TokenInfo,
}

impl std::fmt::Debug for CreatedToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CreatedToken")
            .field("token", &"<redacted>")
            .field("info", &self.info)
            .finish()
    }
}

/// `GET /v1/workspaces/{workspace}/tokens`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}
