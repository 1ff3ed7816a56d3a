//! A workspace's WordPress sites: the list, the form that connects one (the Application
//! Password is checked against the site, then stored encrypted, and never shown again, not
//! even when the form comes back with an error), a check, and removal.

use altloom_shared::api::sites::{AddSiteRequest, Site};
use altloom_shared::api::workspaces::Role;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

use super::{on_form, see_other, Done, NoFields};
use crate::http::extract::ApiJson;
use crate::http::handlers::sites;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{html, when, workspace_layout, Layout};
use crate::web::session::SignedIn;

/// A site as listed.
struct SiteRow {
    name: String,
    url: String,
    username: String,
    version: String,
    uploads: String,
    verified: String,
}

impl SiteRow {
    fn new(site: &Site) -> SiteRow {
        SiteRow {
            name: site.name.clone(),
            url: site.url.clone(),
            username: site.username.clone(),
            version: site
                .wordpress_version
                .clone()
                .unwrap_or_else(|| "unknown".into()),
            uploads: site
                .upload_types
                .iter()
                .map(|mime| mime.trim_start_matches("image/"))
                .collect::<Vec<_>>()
                .join(", "),
            verified: when(&site.verified_at),
        }
    }
}

#[derive(Template)]
#[template(path = "sites.html")]
struct SitesPage {
    layout: Layout,
    workspace_id: String,
    sites: Vec<SiteRow>,
    limit: u64,
    can_manage: bool,
    name: String,
    url: String,
    username: String,
}

/// The add form's fields as the page shows them again (never the password).
#[derive(Default)]
struct Draft {
    name: String,
    url: String,
    username: String,
}

async fn sites_page(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    layout: Layout,
    draft: Draft,
) -> Result<Response, WebError> {
    let Json(list) = sites::list(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
    )
    .await?;
    let can_manage = layout.role() >= Role::Admin;
    html(&SitesPage {
        layout,
        workspace_id: workspace.to_string(),
        sites: list.sites.iter().map(SiteRow::new).collect(),
        limit: list.limit,
        can_manage,
        name: draft.name,
        url: draft.url,
        username: draft.username,
    })
}

async fn layout(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
) -> Result<Layout, WebError> {
    workspace_layout(state, signed_in, workspace, "sites", "WordPress sites").await
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let layout = layout(&state, &signed_in, &workspace)
        .await?
        .with_notice(done.notice());
    sites_page(&state, &signed_in, &workspace, layout, Draft::default()).await
}

/// What the add form sends.
#[derive(Deserialize)]
pub struct AddForm {
    name: String,
    url: String,
    username: String,
    password: String,
}

pub async fn add(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    CheckedForm(form): CheckedForm<AddForm>,
) -> Result<Response, WebError> {
    let request = AddSiteRequest {
        name: form.name.clone(),
        url: form.url.clone(),
        username: form.username.clone(),
        application_password: form.password,
    };
    let result = sites::add(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.clone()),
        ApiJson(request),
    )
    .await;
    let layout = layout(&state, &signed_in, &workspace).await?;
    match on_form(result)? {
        Ok((_, Json(site))) => {
            let notice = format!(
                "Connected {} ({}); the password is stored encrypted.",
                site.name, site.url
            );
            sites_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_notice(Some(notice)),
                Draft::default(),
            )
            .await
        }
        Err(message) => {
            let draft = Draft {
                name: form.name,
                url: form.url,
                username: form.username,
            };
            sites_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_error(Some(message)),
                draft,
            )
            .await
        }
    }
}

/// Checks the stored credentials against the site again.
pub async fn test(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, site)): Path<(String, String)>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    let result = sites::test(
        State(state.clone()),
        signed_in.principal.clone(),
        Path((workspace.clone(), site)),
    )
    .await;
    let layout = layout(&state, &signed_in, &workspace).await?;
    let layout = match on_form(result)? {
        Ok(Json(site)) => layout.with_notice(Some(format!(
            "{} answered: WordPress {}, the user can upload.",
            site.name,
            site.wordpress_version
                .as_deref()
                .unwrap_or("(version hidden)")
        ))),
        Err(message) => layout.with_error(Some(message)),
    };
    sites_page(&state, &signed_in, &workspace, layout, Draft::default()).await
}

pub async fn remove(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, site)): Path<(String, String)>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    sites::delete(
        State(state.clone()),
        signed_in.principal.clone(),
        Path((workspace.clone(), site)),
    )
    .await?;
    Ok(see_other(&format!(
        "/w/{workspace}/sites?done=site-removed"
    )))
}
