//! The account page: who you are, your workspaces, a download of all your data, and deleting
//! the account (confirmed by typing its email address).

use altloom_shared::api::workspaces::WorkspaceSummary;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::overview::message_page;
use super::NoFields;
use crate::http::handlers::account;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{account_layout, html, Layout};
use crate::web::session::{clear_session_cookie, SignedIn};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    name: String,
    email: String,
    workspaces: Vec<WorkspaceSummary>,
}

async fn account_page(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<String>,
) -> Result<Response, WebError> {
    let layout = account_layout(state, signed_in, "Your account")
        .await?
        .with_error(error);
    let workspaces = layout
        .nav
        .as_ref()
        .map(|nav| nav.workspaces.clone())
        .unwrap_or_default();
    html(&AccountPage {
        layout,
        name: signed_in.user.name.clone(),
        email: signed_in.user.email.clone(),
        workspaces,
    })
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    account_page(&state, &signed_in, None).await
}

/// Everything the server holds about the user, as the API's export, downloaded as a file.
pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    let Json(export) = account::export(State(state), signed_in.principal).await?;
    let day = export.exported_at.to_string();
    let file_name = format!("altloom-export-{}.json", day.get(..10).unwrap_or("today"));
    let body = serde_json::to_vec_pretty(&export)
        .map_err(|error| crate::http::error::ApiError::internal(error.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// What the delete form sends.
#[derive(Deserialize)]
pub struct DeleteForm {
    confirm_email: String,
}

/// Deletes the account through the API once the email typed matches, and ends the session.
pub async fn delete(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CheckedForm(form): CheckedForm<DeleteForm>,
) -> Result<Response, WebError> {
    if !form
        .confirm_email
        .trim()
        .eq_ignore_ascii_case(&signed_in.user.email)
    {
        let message = "To delete the account, type its email address exactly; nothing was \
                       deleted."
            .to_string();
        return account_page(&state, &signed_in, Some(message)).await;
    }
    let Json(outcome) = account::delete(State(state.clone()), signed_in.principal).await?;
    let mut message = "Your account, its tokens and its sessions are gone.".to_string();
    if !outcome.deleted_workspaces.is_empty() {
        message.push_str(&format!(
            " {} workspace(s) only you owned were deleted with their sites, jobs and usage.",
            outcome.deleted_workspaces.len()
        ));
    }
    if !outcome.left_workspaces.is_empty() {
        message.push_str(&format!(
            " You left {} workspace(s) that others still use.",
            outcome.left_workspaces.len()
        ));
    }
    let mut response = message_page(
        Layout::public("Account deleted", ""),
        "Account deleted",
        message,
        Some(("/signup".to_string(), "Create a new account".to_string())),
    )?;
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(state.config.secure_cookies),
    );
    Ok(response)
}
