//! Browser sessions and the values forms are bound to.
//!
//! A signed-in browser holds a user token (named [`SESSION_TOKEN_NAME`], expiring after
//! [`SESSION_DAYS`] days) in an HttpOnly cookie, so a page authenticates through exactly the
//! checks a bearer token goes through, and logging out revokes the token. A browser that is not
//! signed in gets a random visitor cookie instead, so the sign-up and log-in forms are bound to
//! something too.
//!
//! Every form carries a CSRF token derived from the cookie it is bound to (SHA-256 of a label
//! and the cookie's value): another site can make the browser send the cookie but cannot read
//! it, so it cannot compute the token. The token changes when the session does.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::WebError;
use crate::access::Principal;
use crate::http::extract::authenticate;
use crate::http::AppState;
use crate::store::UserRecord;

/// The cookie that carries a signed-in browser's token.
pub const SESSION_COOKIE: &str = "altloom_session";

/// The cookie that binds the forms of a browser that is not signed in.
pub const VISITOR_COOKIE: &str = "altloom_visitor";

/// What a browser session's token is called in token listings and the data export.
pub const SESSION_TOKEN_NAME: &str = "browser session";

/// How long a browser session lasts.
pub const SESSION_DAYS: i64 = 14;

/// How long a visitor cookie lasts.
const VISITOR_SECONDS: i64 = 86_400;

/// The cookies of a request, by name (the first of each name wins).
#[derive(Debug, Default)]
pub struct Cookies(HashMap<String, String>);

impl Cookies {
    pub fn from_headers(headers: &HeaderMap) -> Cookies {
        let mut cookies = HashMap::new();
        for value in headers.get_all(header::COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            for pair in text.split(';') {
                if let Some((name, value)) = pair.trim().split_once('=') {
                    cookies
                        .entry(name.trim().to_string())
                        .or_insert_with(|| value.trim().to_string());
                }
            }
        }
        Cookies(cookies)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

/// A visitor cookie created for this request (set on the response by the web middleware).
#[derive(Clone, Debug)]
pub struct NewVisitor(pub String);

/// The value this request's forms are bound to: the session cookie when there is one, else the
/// visitor cookie (an existing one or the one this response sets).
pub fn form_binding(parts: &Parts) -> Option<String> {
    let cookies = Cookies::from_headers(&parts.headers);
    cookies
        .get(SESSION_COOKIE)
        .or_else(|| cookies.get(VISITOR_COOKIE))
        .map(str::to_string)
        .or_else(|| {
            parts
                .extensions
                .get::<NewVisitor>()
                .map(|visitor| visitor.0.clone())
        })
}

/// The CSRF token for forms bound to `binding`.
pub fn csrf_token(binding: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"altloom-csrf\0");
    hasher.update(binding.as_bytes());
    hex::encode(hasher.finalize())
}

/// Whether `presented` is the CSRF token for `binding`, compared in constant time.
pub fn csrf_matches(binding: &str, presented: &str) -> bool {
    let expected = csrf_token(binding);
    expected.len() == presented.len() && bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure unless the server is
/// configured for plain-HTTP development.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}"
    ))
    .expect("cookie names and values are token characters")
}

/// The `Set-Cookie` that starts a session with `secret`.
pub fn session_cookie(secret: &str, secure: bool) -> HeaderValue {
    set_cookie(SESSION_COOKIE, secret, SESSION_DAYS * 86_400, secure)
}

/// The `Set-Cookie` that ends the session in this browser.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    set_cookie(SESSION_COOKIE, "", 0, secure)
}

/// The `Set-Cookie` for a new visitor.
pub fn visitor_cookie(value: &str, secure: bool) -> HeaderValue {
    set_cookie(VISITOR_COOKIE, value, VISITOR_SECONDS, secure)
}

/// Whoever is looking at a page: maybe signed in, always with a CSRF token for its forms.
pub struct Visitor {
    pub signed_in: Option<SignedIn>,
    pub csrf: String,
}

/// A signed-in person: the principal of their session token and who they are.
pub struct SignedIn {
    pub principal: Principal,
    pub user: UserRecord,
    pub csrf: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let binding = form_binding(parts).unwrap_or_default();
        let csrf = csrf_token(&binding);
        let cookies = Cookies::from_headers(&parts.headers);
        let Some(secret) = cookies.get(SESSION_COOKIE) else {
            return Ok(Visitor {
                signed_in: None,
                csrf,
            });
        };
        // An expired or revoked session is simply not signed in; the log-in page replaces it.
        let Ok(principal) = authenticate(state, secret).await else {
            return Ok(Visitor {
                signed_in: None,
                csrf,
            });
        };
        let Ok(user_id) = principal.require_user() else {
            return Ok(Visitor {
                signed_in: None,
                csrf,
            });
        };
        let user = state.store.user_by_id(user_id).await?;
        Ok(Visitor {
            signed_in: user.map(|user| SignedIn {
                principal,
                user,
                csrf: csrf.clone(),
            }),
            csrf,
        })
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        visitor.signed_in.ok_or_else(|| WebError::SignIn {
            next: parts
                .uri
                .path_and_query()
                .map(|path| path.as_str().to_string())
                .unwrap_or_else(|| "/".to_string()),
        })
    }
}

/// Whether `next` is a path on this server (never another origin, which would make the log-in
/// page an open redirect).
pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_are_bound_to_their_cookie() {
        let token = csrf_token("alt_session_one");
        assert_eq!(token.len(), 64);
        assert!(csrf_matches("alt_session_one", &token));
        assert!(!csrf_matches("alt_session_two", &token));
        assert!(!csrf_matches("alt_session_one", ""));
        assert!(!csrf_matches("alt_session_one", &token[..63]));
    }

    #[test]
    fn cookies_are_parsed_from_every_header() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; altloom_session=s"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("altloom_session=later; b=2"),
        );
        let cookies = Cookies::from_headers(&headers);
        assert_eq!(cookies.get(SESSION_COOKIE), Some("s"));
        assert_eq!(cookies.get("b"), Some("2"));
        assert_eq!(cookies.get("missing"), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_when_asked() {
        let secure = session_cookie("alt_x", true);
        let text = secure.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax"));
        assert!(text.ends_with("; Secure"), "{text}");
        let plain = session_cookie("alt_x", false);
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(clear_session_cookie(true)
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
    }

    #[test]
    fn only_local_paths_are_followed_after_log_in() {
        assert!(is_local_path("/device?code=ABCD-EFGH"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
