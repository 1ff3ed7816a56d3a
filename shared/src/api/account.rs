//! Data rights: `GET /v1/account/export` and `DELETE /v1/account`.

use serde::{Deserialize, Serialize};

use super::auth::User;
use super::jobs::Job;
use super::sites::{LedgerEntry, Site};
use super::tokens::TokenInfo;
use super::workspaces::{Invite, WorkspaceSummary};
use crate::time::Timestamp;

/// Everything the server holds about the calling user, as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountExport {
    pub exported_at: Timestamp,
    pub user: User,
    pub workspaces: Vec<WorkspaceSummary>,
    /// The user's own tokens and the workspace tokens they created (never the secrets).
    pub tokens: Vec<TokenInfo>,
    /// Jobs the user reported, directly or through tokens they created.
    pub jobs: Vec<Job>,
    /// Invites the user created.
    pub invites: Vec<Invite>,
    /// The WordPress sites of the user's workspaces (never their passwords), each with its push
    /// ledger.
    #[serde(default)]
    pub sites: Vec<ExportedSite>,
    /// Every release of a site password to the user.
    #[serde(default)]
    pub site_access: Vec<ExportedSiteAccess>,
}

/// A site of one of the user's workspaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedSite {
    pub workspace_id: String,
    #[serde(flatten)]
    pub site: Site,
    pub ledger: Vec<LedgerEntry>,
}

/// One release of a site password to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedSiteAccess {
    pub workspace_id: String,
    pub site: String,
    pub at: Timestamp,
    pub token_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// What `DELETE /v1/account` removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountDeletion {
    /// Workspaces deleted because the user was their only owner.
    pub deleted_workspaces: Vec<String>,
    /// Workspaces the user left; they live on with their other owners.
    pub left_workspaces: Vec<String>,
}
