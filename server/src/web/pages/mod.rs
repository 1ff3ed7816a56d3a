//! The pages, one file per area, and the routes that reach them.

mod account;
mod auth;
mod device;
mod jobs;
mod members;
mod overview;
mod sites;
mod tokens;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::error::{sentence, WebError};
use crate::http::error::ApiError;
use crate::http::AppState;

/// Every page and form.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(auth::home))
        .route("/signup", get(auth::signup_page).post(auth::signup))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/dashboard", get(auth::dashboard))
        .route("/device", get(device::page).post(device::approve))
        .route("/billing", get(overview::billing_return))
        .route(
            "/invite",
            get(members::invite_page).post(members::accept_invite),
        )
        .route("/account", get(account::page))
        .route("/account/export", post(account::export))
        .route("/account/delete", post(account::delete))
        .route("/w/{workspace}", get(overview::page))
        .route("/w/{workspace}/billing/checkout", post(overview::checkout))
        .route("/w/{workspace}/billing/portal", post(overview::portal))
        .route(
            "/w/{workspace}/tokens",
            get(tokens::page).post(tokens::create),
        )
        .route("/w/{workspace}/tokens/{token}/revoke", post(tokens::revoke))
        .route("/w/{workspace}/sites", get(sites::page).post(sites::add))
        .route("/w/{workspace}/sites/{site}/test", post(sites::test))
        .route("/w/{workspace}/sites/{site}/remove", post(sites::remove))
        .route("/w/{workspace}/members", get(members::page))
        .route(
            "/w/{workspace}/members/{user}/role",
            post(members::change_role),
        )
        .route(
            "/w/{workspace}/members/{user}/remove",
            post(members::remove),
        )
        .route("/w/{workspace}/invites", post(members::invite))
        .route(
            "/w/{workspace}/invites/{invite}/revoke",
            post(members::revoke_invite),
        )
        .route("/w/{workspace}/jobs", get(jobs::page))
}

/// Sorts an API answer for a form: failures the person can act on (a field, a conflict, a
/// limit, a site that did not answer) are shown on the form again as `Ok(Err(message))`; not
/// found, not allowed and server failures become an error page.
fn on_form<T>(result: Result<T, ApiError>) -> Result<Result<T, String>, WebError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(error)
            if matches!(
                error.status,
                StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::INTERNAL_SERVER_ERROR
            ) =>
        {
            Err(WebError::Api(error))
        }
        Err(error) => Ok(Err(sentence(&error.message))),
    }
}

/// For a form whose field names a code (a device code, an invite), the API's 404 means the person
/// typed a wrong or expired code: it becomes `message` on the form instead of a missing page.
fn unknown_code_is_a_form_error<T>(
    result: Result<T, ApiError>,
    message: &'static str,
) -> Result<T, ApiError> {
    result.map_err(|error| {
        if error.status == StatusCode::NOT_FOUND {
            ApiError::invalid(message)
        } else {
            error
        }
    })
}

/// The notice a page shows after a redirect (`?done=...`): a fixed list, so the URL cannot
/// put words on the page.
#[derive(Debug, Default, Deserialize)]
struct Done {
    done: Option<String>,
}

impl Done {
    fn notice(&self) -> Option<String> {
        let text = match self.done.as_deref()? {
            "token-revoked" => "The token was revoked; it stops working at once.",
            "site-removed" => "The site was removed, with its stored password.",
            "invite-revoked" => "The invite was revoked.",
            "role-changed" => "The role was changed.",
            "member-removed" => "The member was removed from the workspace.",
            "joined" => "You joined the workspace.",
            _ => return None,
        };
        Some(text.to_string())
    }
}

/// A `303 See Other` to `target`, so reloading the page that follows sends nothing again.
fn see_other(target: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(target).into_response()
}

/// The body of a form whose only field is its CSRF token (a button).
#[derive(Deserialize)]
struct NoFields {}
