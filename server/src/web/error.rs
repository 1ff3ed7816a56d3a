//! What a page answers when it cannot do what was asked: a trip to the log-in page, an expired
//! form, or the API's own error shown as a page with the same status.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::http::error::ApiError;
use crate::http::request_id;
use crate::store::StoreError;

/// An error on the browser side.
#[derive(Debug)]
pub enum WebError {
    /// The page needs a signed-in user; `next` is where to come back to.
    SignIn { next: String },
    /// A form arrived without the CSRF token of this browser's session.
    FormExpired,
    /// What the API's handler answered.
    Api(ApiError),
    /// A template failed to render (a bug).
    Render(askama::Error),
}

impl From<ApiError> for WebError {
    fn from(error: ApiError) -> WebError {
        WebError::Api(error)
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        WebError::Api(error.into())
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::Render(error)
    }
}

/// The page every error is shown on.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    heading: &'static str,
    message: String,
    request_id: Option<String>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, heading, message) = match self {
            WebError::SignIn { next } => {
                let target = format!(
                    "/login?next={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return Redirect::to(&target).into_response();
            }
            WebError::FormExpired => (
                StatusCode::FORBIDDEN,
                "Form expired",
                "This form was not sent from this browser's current session (it may be from an \
                 old tab, or from another site). Go back, reload the page, and try again."
                    .to_string(),
            ),
            WebError::Render(error) => {
                tracing::error!(%error, "a page failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "This page could not be shown. Quote the request id when reporting this."
                        .to_string(),
                )
            }
            WebError::Api(error) => {
                let heading = match error.status {
                    StatusCode::NOT_FOUND => "Not found",
                    StatusCode::FORBIDDEN => "Not allowed",
                    StatusCode::UNAUTHORIZED => "Not signed in",
                    StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
                    status if status.is_server_error() => "Something went wrong",
                    _ => "That did not work",
                };
                (error.status, heading, sentence(&error.message))
            }
        };
        let page = ErrorPage {
            heading,
            message,
            request_id: request_id::current(),
        };
        match page.render() {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(_) => (status, heading).into_response(),
        }
    }
}

/// The API's messages are lower-case clauses; pages show them as sentences.
pub fn sentence(message: &str) -> String {
    let mut characters = message.chars();
    let Some(first) = characters.next() else {
        return String::new();
    };
    let mut text: String = first.to_uppercase().chain(characters).collect();
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn api_messages_read_as_sentences() {
        assert_eq!(sentence("no such workspace"), "No such workspace.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }
}
