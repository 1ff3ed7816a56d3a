//! Form bodies: every `POST` a page makes is read through [`CheckedForm`], which refuses it
//! unless it carries this browser's CSRF token, before any field is looked at.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use super::error::WebError;
use super::session::{csrf_matches, form_binding};
use crate::http::error::ApiError;
use crate::http::AppState;

/// The name of the hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf";

/// A form body whose CSRF token matched; `T` gets the other fields (unknown ones are ignored,
/// repeated ones fill a `Vec`).
pub struct CheckedForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CheckedForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (parts, body) = request.into_parts();
        let binding = form_binding(&parts).ok_or(WebError::FormExpired)?;
        let body = Bytes::from_request(axum::http::Request::from_parts(parts, body), state)
            .await
            .map_err(|rejection| ApiError::invalid(rejection.body_text()))?;
        let fields: Vec<(String, String)> = serde_html_form::from_bytes(&body)
            .map_err(|error| ApiError::invalid(format!("the form could not be read: {error}")))?;
        let presented = fields
            .iter()
            .find(|(name, _)| name == CSRF_FIELD)
            .map(|(_, value)| value.as_str())
            .unwrap_or_default();
        if !csrf_matches(&binding, presented) {
            return Err(WebError::FormExpired);
        }
        let form = serde_html_form::from_bytes(&body)
            .map_err(|error| ApiError::invalid(format!("the form could not be read: {error}")))?;
        Ok(CheckedForm(form))
    }
}
