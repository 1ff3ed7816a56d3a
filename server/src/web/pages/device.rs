//! The device-approval page for `altloom login --device`: the CLI prints this page's address
//! and a code; approving it here lets the CLI's next poll collect its token.

use altloom_shared::api::auth::DeviceApproveRequest;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{on_form, unknown_code_is_a_form_error};
use crate::http::extract::ApiJson;
use crate::http::handlers::auth;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{account_layout, html, Layout};
use crate::web::session::SignedIn;

#[derive(Template)]
#[template(path = "device.html")]
struct DevicePage {
    layout: Layout,
    user_code: String,
}

#[derive(Template)]
#[template(path = "device_approved.html")]
struct ApprovedPage {
    layout: Layout,
    user_code: String,
}

/// The code, when the link carried it (`/device?code=BCDF-GHJK`).
#[derive(Default, Deserialize)]
pub struct CodeQuery {
    code: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<CodeQuery>,
) -> Result<Response, WebError> {
    let user_code = query
        .code
        .map(|code| code.trim().chars().take(20).collect())
        .unwrap_or_default();
    html(&DevicePage {
        layout: account_layout(&state, &signed_in, "Approve a device").await?,
        user_code,
    })
}

/// What the approval form sends.
#[derive(Deserialize)]
pub struct ApproveForm {
    user_code: String,
}

pub async fn approve(
    State(state): State<AppState>,
    signed_in: SignedIn,
    CheckedForm(form): CheckedForm<ApproveForm>,
) -> Result<Response, WebError> {
    let request = DeviceApproveRequest {
        user_code: form.user_code.clone(),
    };
    let result = auth::device_approve(
        State(state.clone()),
        signed_in.principal.clone(),
        ApiJson(request),
    )
    .await;
    let result = unknown_code_is_a_form_error(
        result,
        "no device is waiting for that code; check the code the CLI printed (codes expire after \
         10 minutes) or run `altloom login --device` again",
    );
    match on_form(result)? {
        Ok(_) => html(&ApprovedPage {
            layout: account_layout(&state, &signed_in, "Device approved").await?,
            user_code: form.user_code.trim().to_ascii_uppercase(),
        }),
        Err(message) => html(&DevicePage {
            layout: account_layout(&state, &signed_in, "Approve a device")
                .await?
                .with_error(Some(message)),
            user_code: form.user_code,
        }),
    }
}
