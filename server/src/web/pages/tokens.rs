//! A workspace's API tokens: the list (names and hints, never secrets), a form to create one
//! (whose secret is shown once, on the page that answers the form), and revocation.

use altloom_shared::api::tokens::{CreateTokenRequest, CreatedToken, Scope, TokenInfo};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

use super::{on_form, see_other, Done, NoFields};
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::handlers::tokens;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{html, when, workspace_layout, Layout};
use crate::web::session::SignedIn;

/// A token as listed.
struct TokenRow {
    id: String,
    name: String,
    hint: String,
    scopes: String,
    created: String,
    expires: String,
    last_used: String,
    revoked: Option<String>,
}

impl TokenRow {
    fn new(info: &TokenInfo) -> TokenRow {
        TokenRow {
            id: info.id.clone(),
            name: info.name.clone(),
            hint: info.hint.clone(),
            scopes: info
                .scopes
                .iter()
                .map(|scope| scope.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            created: when(&info.created_at),
            expires: info
                .expires_at
                .as_ref()
                .map(when)
                .unwrap_or_else(|| "never".into()),
            last_used: info
                .last_used_at
                .as_ref()
                .map(when)
                .unwrap_or_else(|| "never".into()),
            revoked: info.revoked_at.as_ref().map(when),
        }
    }
}

/// A scope's checkbox.
struct ScopeChoice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    layout: Layout,
    workspace_id: String,
    tokens: Vec<TokenRow>,
    new_token: Option<CreatedToken>,
    name: String,
    expires_in_days: String,
    scopes: Vec<ScopeChoice>,
}

/// The create form's fields as the page shows them (the defaults, or what was sent).
struct Draft {
    name: String,
    expires_in_days: String,
    scopes: Vec<Scope>,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            name: String::new(),
            expires_in_days: String::new(),
            scopes: vec![Scope::Jobs, Scope::AltText, Scope::Push],
        }
    }
}

async fn tokens_page(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    layout: Layout,
    new_token: Option<CreatedToken>,
    draft: Draft,
) -> Result<Response, WebError> {
    let Json(list) = tokens::list(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
    )
    .await?;
    let scopes = Scope::ALL
        .iter()
        .map(|scope| ScopeChoice {
            value: scope.as_str(),
            label: match scope {
                Scope::Jobs => "Jobs: report and read job history",
                Scope::AltText => "AI alt text: spend the workspace's credits",
                Scope::Push => "Push: upload to the workspace's WordPress sites",
                Scope::Admin => "Admin: members, invites, tokens, billing and sites",
            },
            checked: draft.scopes.contains(scope),
        })
        .collect();
    html(&TokensPage {
        layout,
        workspace_id: workspace.to_string(),
        tokens: list.tokens.iter().map(TokenRow::new).collect(),
        new_token,
        name: draft.name,
        expires_in_days: draft.expires_in_days,
        scopes,
    })
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let layout = workspace_layout(&state, &signed_in, &workspace, "tokens", "API tokens")
        .await?
        .with_notice(done.notice());
    tokens_page(
        &state,
        &signed_in,
        &workspace,
        layout,
        None,
        Draft::default(),
    )
    .await
}

/// What the create form sends; every checked scope arrives as its own `scope` field.
#[derive(Deserialize)]
pub struct CreateForm {
    name: String,
    #[serde(default)]
    scope: Vec<String>,
    #[serde(default)]
    expires_in_days: String,
}

/// Creates the token through the API and shows its secret on this answer only.
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    CheckedForm(form): CheckedForm<CreateForm>,
) -> Result<Response, WebError> {
    let scopes: Vec<Scope> = form
        .scope
        .iter()
        .filter_map(|scope| Scope::parse(scope))
        .collect();
    let expires = form.expires_in_days.trim();
    let expires_in_days = if expires.is_empty() {
        Ok(None)
    } else {
        expires.parse::<u32>().map(Some).map_err(|_| {
            ApiError::invalid("expires in days: give a whole number of days, or leave it empty")
        })
    };
    let result = match expires_in_days {
        Ok(expires_in_days) => {
            tokens::create(
                State(state.clone()),
                ClientIp(ip),
                signed_in.principal.clone(),
                Path(workspace.clone()),
                ApiJson(CreateTokenRequest {
                    name: form.name.clone(),
                    scopes: Some(scopes.clone()),
                    expires_in_days,
                }),
            )
            .await
        }
        Err(error) => Err(error),
    };
    let layout = workspace_layout(&state, &signed_in, &workspace, "tokens", "API tokens").await?;
    match on_form(result)? {
        Ok((_, Json(created))) => {
            let notice = format!(
                "Token “{}” created. Copy it now: it is shown only on this page.",
                created.info.name
            );
            tokens_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_notice(Some(notice)),
                Some(created),
                Draft::default(),
            )
            .await
        }
        Err(message) => {
            let draft = Draft {
                name: form.name,
                expires_in_days: form.expires_in_days,
                scopes,
            };
            tokens_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_error(Some(message)),
                None,
                draft,
            )
            .await
        }
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, token)): Path<(String, String)>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    tokens::revoke(
        State(state.clone()),
        signed_in.principal.clone(),
        Path((workspace.clone(), token)),
    )
    .await?;
    Ok(see_other(&format!(
        "/w/{workspace}/tokens?done=token-revoked"
    )))
}
