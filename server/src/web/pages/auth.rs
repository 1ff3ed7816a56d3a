//! Signing up, logging in and out, and the way in (`/` and `/dashboard`).

use altloom_shared::api::auth::{LoginRequest, Session, SignupRequest};
use altloom_shared::time::Timestamp;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::{on_form, see_other, NoFields};
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::handlers::auth;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{html, Layout};
use crate::web::session::{
    clear_session_cookie, is_local_path, session_cookie, SignedIn, Visitor, SESSION_DAYS,
    SESSION_TOKEN_NAME,
};

/// `/`: the dashboard for someone signed in, else the log-in page.
pub async fn home(visitor: Visitor) -> Response {
    if visitor.signed_in.is_some() {
        see_other("/dashboard")
    } else {
        see_other("/login")
    }
}

/// `/dashboard`: the first workspace's overview (or the account page, for someone in none).
pub async fn dashboard(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    let workspaces = state
        .store
        .workspaces_of_user(&signed_in.principal.acting_user)
        .await?;
    Ok(match workspaces.first() {
        Some(workspace) => see_other(&format!("/w/{}", workspace.id)),
        None => see_other("/account"),
    })
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    layout: Layout,
    name: String,
    email: String,
    workspace_name: String,
}

/// What the sign-up form sends.
#[derive(Deserialize)]
pub struct SignupForm {
    name: String,
    email: String,
    password: String,
    workspace_name: String,
}

pub async fn signup_page(visitor: Visitor) -> Result<Response, WebError> {
    if visitor.signed_in.is_some() {
        return Ok(see_other("/dashboard"));
    }
    html(&SignupPage {
        layout: Layout::public("Create your account", &visitor.csrf),
        name: String::new(),
        email: String::new(),
        workspace_name: String::new(),
    })
}

/// Creates the account through the API's sign-up and starts a browser session with its token.
pub async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    visitor: Visitor,
    CheckedForm(form): CheckedForm<SignupForm>,
) -> Result<Response, WebError> {
    let request = SignupRequest {
        name: form.name.clone(),
        email: form.email.clone(),
        password: form.password,
        workspace_name: form.workspace_name.clone(),
        token_name: Some(SESSION_TOKEN_NAME.to_string()),
    };
    match on_form(auth::signup(State(state.clone()), ClientIp(ip), ApiJson(request)).await)? {
        Ok((_, Json(session))) => start_session(&state, session, "/dashboard").await,
        // The password is never sent back into the page.
        Err(message) => html(&SignupPage {
            layout: Layout::public("Create your account", &visitor.csrf).with_error(Some(message)),
            name: form.name,
            email: form.email,
            workspace_name: form.workspace_name,
        }),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
}

/// Where to go after logging in (`?next=`), when it is a path on this server.
#[derive(Default, Deserialize)]
pub struct Next {
    next: Option<String>,
}

impl Next {
    fn target(&self) -> String {
        self.next
            .as_deref()
            .filter(|next| is_local_path(next))
            .unwrap_or("/dashboard")
            .to_string()
    }
}

pub async fn login_page(visitor: Visitor, Query(next): Query<Next>) -> Result<Response, WebError> {
    if visitor.signed_in.is_some() {
        return Ok(see_other(&next.target()));
    }
    html(&LoginPage {
        layout: Layout::public("Log in", &visitor.csrf),
        email: String::new(),
        next: next.target(),
    })
}

/// What the log-in form sends.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// Logs in through the API (and its rate limits, per address and per account).
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    visitor: Visitor,
    CheckedForm(form): CheckedForm<LoginForm>,
) -> Result<Response, WebError> {
    let next = Next { next: form.next }.target();
    let request = LoginRequest {
        email: form.email.clone(),
        password: form.password,
        token_name: Some(SESSION_TOKEN_NAME.to_string()),
    };
    match on_form(auth::login(State(state.clone()), ClientIp(ip), ApiJson(request)).await)? {
        Ok(Json(session)) => start_session(&state, session, &next).await,
        Err(message) => html(&LoginPage {
            layout: Layout::public("Log in", &visitor.csrf).with_error(Some(message)),
            email: form.email,
            next,
        }),
    }
}

/// Ends the session: its token is revoked (so a copied cookie is useless too) and the cookie
/// is cleared.
pub async fn logout(
    State(state): State<AppState>,
    visitor: Visitor,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    if let Some(signed_in) = &visitor.signed_in {
        state
            .store
            .revoke_token(&signed_in.principal.token_id, Timestamp::now())
            .await?;
    }
    let mut response = see_other("/login");
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(state.config.secure_cookies),
    );
    Ok(response)
}

/// Gives the new session token an end and hands it to the browser as the session cookie.
async fn start_session(
    state: &AppState,
    session: Session,
    next: &str,
) -> Result<Response, WebError> {
    state
        .store
        .set_token_expiry(
            &session.token_info.id,
            Timestamp::now().plus_seconds(SESSION_DAYS * 86_400),
        )
        .await?;
    let mut response = see_other(next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session_cookie(&session.token, state.config.secure_cookies),
    );
    Ok(response)
}
