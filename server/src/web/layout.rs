//! What every page shares: the title, the CSRF token its forms carry, the header's navigation,
//! the message at the top (an error or a notice), and the formatting of times and sizes.

use altloom_shared::api::workspaces::{Role, WorkspaceSummary};
use altloom_shared::time::Timestamp;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::WebError;
use super::session::SignedIn;
use crate::http::handlers::workspaces;
use crate::http::AppState;

/// The parts of a page the base template draws.
pub struct Layout {
    pub title: String,
    pub csrf: String,
    pub nav: Option<Nav>,
    /// A failure to show above the content (`role="alert"`).
    pub error: Option<String>,
    /// A success to show above the content (`role="status"`).
    pub notice: Option<String>,
}

impl Layout {
    /// A page for someone who is not signed in.
    pub fn public(title: &str, csrf: &str) -> Layout {
        Layout {
            title: title.to_string(),
            csrf: csrf.to_string(),
            nav: None,
            error: None,
            notice: None,
        }
    }

    pub fn with_error(mut self, error: Option<String>) -> Layout {
        self.error = error;
        self
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Layout {
        self.notice = notice;
        self
    }

    /// The signed-in person's role in the workspace shown (`Member` when none is shown).
    pub fn role(&self) -> Role {
        self.nav
            .as_ref()
            .and_then(|nav| nav.workspace.as_ref())
            .map_or(Role::Member, |workspace| workspace.role)
    }
}

/// The header of a signed-in page: who, which workspace, which section.
pub struct Nav {
    pub user_name: String,
    /// The workspace shown; `None` on account pages of someone in no workspace.
    pub workspace: Option<WorkspaceSummary>,
    pub workspaces: Vec<WorkspaceSummary>,
    /// The section shown: `overview`, `sites`, `tokens`, `members`, `jobs` or `account`.
    pub section: &'static str,
}

impl Nav {
    /// Whether `section` is the one shown (for `aria-current`).
    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }
}

/// A signed-in page about `workspace`: checks that the user can see it (another workspace
/// answers 404, exactly as the API does) and builds the layout.
pub async fn workspace_layout(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    section: &'static str,
    title: &str,
) -> Result<Layout, WebError> {
    let axum::Json(summary) = workspaces::get(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
    )
    .await?;
    let workspaces = state
        .store
        .workspaces_of_user(&signed_in.principal.acting_user)
        .await?;
    Ok(signed_in_layout(
        signed_in,
        title,
        Some(summary),
        workspaces,
        section,
    ))
}

/// A signed-in page outside any one workspace (the account): the navigation points at the
/// user's first workspace, if any.
pub async fn account_layout(
    state: &AppState,
    signed_in: &SignedIn,
    title: &str,
) -> Result<Layout, WebError> {
    let workspaces = state
        .store
        .workspaces_of_user(&signed_in.principal.acting_user)
        .await?;
    let first = workspaces.first().cloned();
    Ok(signed_in_layout(
        signed_in, title, first, workspaces, "account",
    ))
}

/// The layout of a signed-in page, with its navigation.
fn signed_in_layout(
    signed_in: &SignedIn,
    title: &str,
    workspace: Option<WorkspaceSummary>,
    workspaces: Vec<WorkspaceSummary>,
    section: &'static str,
) -> Layout {
    Layout {
        title: title.to_string(),
        csrf: signed_in.csrf.clone(),
        nav: Some(Nav {
            user_name: signed_in.user.name.clone(),
            workspace,
            workspaces,
            section,
        }),
        error: None,
        notice: None,
    }
}

/// Renders a page as an HTML response.
pub fn html(page: &impl Template) -> Result<Response, WebError> {
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.render()?,
    )
        .into_response())
}

/// A time as people read it: `2026-12-05 14:03 UTC`.
pub fn when(at: &Timestamp) -> String {
    let text = at.to_string();
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => text,
    }
}

/// A byte count as people read it.
pub fn size(bytes: &u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if *bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = *bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_sizes_read_well() {
        assert_eq!(
            when(&Timestamp(1_796_428_800 + 3_723)),
            "2026-12-05 01:02 UTC"
        );
        assert_eq!(size(&999), "999 B");
        assert_eq!(size(&1_500), "1.5 KB");
        assert_eq!(size(&2_345_678), "2.3 MB");
    }
}
