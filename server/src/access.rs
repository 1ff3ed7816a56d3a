//! Who is calling and what they may do: the principal a token stands for, and the membership
//! and scope checks every workspace endpoint goes through.
//!
//! The rule that keeps workspaces apart: a workspace the caller cannot act in answers exactly as
//! one that does not exist (404), and every query below this point is keyed by the workspace id
//! that passed [`Principal::workspace`].

use altloom_shared::api::tokens::{Scope, TokenKind};
use altloom_shared::api::workspaces::Role;
use axum::http::StatusCode;

use altloom_shared::api::error_code;

use crate::http::error::ApiError;
use crate::store::{Store, TokenRecord};

/// The caller, as established from a valid, unexpired, unrevoked token.
#[derive(Clone, Debug)]
pub struct Principal {
    pub token_id: String,
    pub token_name: String,
    pub kind: TokenKind,
    /// The user the token acts for: its owner, or for a workspace token the user who made it.
    pub acting_user: String,
    /// For a workspace token, the one workspace it can act in.
    pub token_workspace: Option<String>,
    pub scopes: Vec<Scope>,
    /// The token's row as it was read for this request.
    pub token: TokenRecord,
}

/// A workspace the caller passed the checks for, with their role in it.
#[derive(Clone, Debug)]
pub struct WorkspaceAccess {
    pub workspace_id: String,
    pub role: Role,
}

impl Principal {
    /// The user behind a user token; workspace tokens are refused for account-level actions.
    pub fn require_user(&self) -> Result<&str, ApiError> {
        match self.kind {
            TokenKind::User => Ok(&self.acting_user),
            TokenKind::Workspace => Err(ApiError::forbidden(
                "this needs a user login (`altloom login`), not a workspace token",
            )),
        }
    }

    /// Checks that the caller can act in `workspace_id` with `scope` and at least `minimum`
    /// role. Not being able to see the workspace at all is a 404.
    pub async fn workspace(
        &self,
        store: &Store,
        workspace_id: &str,
        scope: Option<Scope>,
        minimum: Role,
    ) -> Result<WorkspaceAccess, ApiError> {
        if let Some(own) = &self.token_workspace {
            if own != workspace_id {
                return Err(ApiError::not_found("workspace"));
            }
        }
        let role = store
            .role_in(workspace_id, &self.acting_user)
            .await?
            .ok_or_else(|| ApiError::not_found("workspace"))?;
        if let Some(scope) = scope {
            if !self.scopes.contains(&scope) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    error_code::INSUFFICIENT_SCOPE,
                    format!("this token lacks the `{scope}` scope"),
                ));
            }
        }
        if role < minimum {
            return Err(ApiError::forbidden(format!(
                "this needs the {minimum} role or higher in the workspace; you are a {role}"
            )));
        }
        Ok(WorkspaceAccess {
            workspace_id: workspace_id.to_string(),
            role,
        })
    }
}
