//! Workspaces, members and invites.
//!
//! `GET|POST /v1/workspaces`, `GET|DELETE /v1/workspaces/{workspace}`,
//! `GET /v1/workspaces/{workspace}/members`,
//! `PATCH|DELETE /v1/workspaces/{workspace}/members/{user}`,
//! `GET|POST /v1/workspaces/{workspace}/invites`,
//! `DELETE /v1/workspaces/{workspace}/invites/{invite}`, and `POST /v1/invites/accept`.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// A member's role. Owners can do everything, including deleting the workspace; admins manage
/// members, invites and tokens; members use the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text.trim() {
            "member" => Some(Role::Member),
            "admin" => Some(Role::Admin),
            "owner" => Some(Role::Owner),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A workspace as its members see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceSummary {
    pub id: String,
    pub name: String,
    /// The caller's role; a workspace token reports the role of the user who created it.
    pub role: Role,
    pub member_count: u64,
    pub created_at: Timestamp,
}

/// `GET /v1/workspaces`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceList {
    pub workspaces: Vec<WorkspaceSummary>,
}

/// `POST /v1/workspaces`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWorkspaceRequest {
    pub name: String,
}

/// One member of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: Timestamp,
}

/// `GET /v1/workspaces/{workspace}/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    pub members: Vec<Member>,
}

/// `PATCH /v1/workspaces/{workspace}/members/{user}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMemberRequest {
    pub role: Role,
}

/// `POST /v1/workspaces/{workspace}/invites`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInviteRequest {
    /// The role the invitee gets; `owner` cannot be given by invite.
    pub role: Role,
    /// Days the link stays valid (default 7, at most 30).
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// An invite as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invite {
    pub id: String,
    pub workspace_id: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<Timestamp>,
}

/// The answer to an invite creation: the link to hand to the invitee, shown once.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvite {
    pub invite: Invite,
    /// The secret the invitee presents to `POST /v1/invites/accept`.
    pub token: String,
    /// A link carrying the token in its fragment (never sent to servers or logged by proxies).
    pub url: String,
}

impl std::fmt::Debug for CreatedInvite {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CreatedInvite")
            .field("invite", &self.invite)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// `GET /v1/workspaces/{workspace}/invites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteList {
    pub invites: Vec<Invite>,
}

/// `POST /v1/invites/accept`, by the logged-in invitee; answers the [`WorkspaceSummary`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInviteRequest {
    pub token: String,
}

impl std::fmt::Debug for AcceptInviteRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("AcceptInviteRequest { token: <redacted> }")
    }
}
