//! The browser side of altloom-server: server-rendered pages for signing up, logging in,
//! approving a CLI's device log-in, and running a workspace (usage and billing, WordPress sites,
//! API tokens, members and invites, job history, the account's data).
//!
//! The pages add no rules of their own: every action calls the same handler the `/v1` API
//! serves, with the principal of the browser's session token, so access checks, validation,
//! rate limits and metering are the API's. What this module adds is the browser's side of
//! security: HttpOnly session cookies, a CSRF token on every form ([`form::CheckedForm`]), a
//! Content-Security-Policy that allows no inline script or style, and `no-store` on every page.
//! Pages work without JavaScript; the one script (`/static/invite.js`) only fills in an invite
//! code from the link's fragment.

mod chart;
pub mod error;
mod form;
mod layout;
mod pages;
pub mod session;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::http::AppState;
use session::{Cookies, NewVisitor, SESSION_COOKIE, VISITOR_COOKIE};

/// The stylesheet every page links to.
const STYLESHEET: &str = include_str!("../../static/app.css");

/// The progressive enhancement of the invite page.
const INVITE_SCRIPT: &str = include_str!("../../static/invite.js");

/// Stripe's hosted pages, where the billing forms' redirects go.
const STRIPE_PAGES: &str = "https://checkout.stripe.com https://billing.stripe.com";

/// Every page and form of the browser side, with its security headers.
pub fn router(state: &AppState) -> Router<AppState> {
    let policy = content_security_policy(&state.config.billing.stripe_api_base);
    let policy = HeaderValue::from_str(&policy).expect("the policy is plain ASCII");
    pages::routes()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            move |state, request, next| page_context(state, request, next, policy.clone()),
        ))
        .route("/static/app.css", get(stylesheet))
        .route("/static/invite.js", get(invite_script))
}

/// The policy for every page: nothing inline, scripts and styles from this server only, forms
/// posting here or (through the billing redirects) to Stripe's hosted pages. A Stripe stand-in
/// configured as the API base is allowed too, since it serves those pages in development.
fn content_security_policy(stripe_api_base: &str) -> String {
    let mut form_targets = format!("'self' {STRIPE_PAGES}");
    if let Ok(base) = url::Url::parse(stripe_api_base) {
        let origin = base.origin().ascii_serialization();
        if origin != "https://api.stripe.com" && origin != "null" {
            form_targets.push(' ');
            form_targets.push_str(&origin);
        }
    }
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         form-action {form_targets}; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// Gives a browser that has neither a session nor a visitor cookie a visitor cookie (so its
/// first form is bound to something), and adds the security headers to every page.
async fn page_context(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
    policy: HeaderValue,
) -> Response {
    let cookies = Cookies::from_headers(request.headers());
    let new_visitor = (cookies.get(SESSION_COOKIE).is_none()
        && cookies.get(VISITOR_COOKIE).is_none())
    .then(|| crate::secrets::new_secret("v_").secret);
    if let Some(value) = &new_visitor {
        request.extensions_mut().insert(NewVisitor(value.clone()));
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(value) = new_visitor {
        headers.append(
            header::SET_COOKIE,
            session::visitor_cookie(&value, state.config.secure_cookies),
        );
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

async fn stylesheet() -> impl IntoResponse {
    static_asset("text/css; charset=utf-8", STYLESHEET)
}

async fn invite_script() -> impl IntoResponse {
    static_asset("text/javascript; charset=utf-8", INVITE_SCRIPT)
}

fn static_asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn the_policy_allows_stripe_and_a_configured_stand_in_only() {
        let real = content_security_policy("https://api.stripe.com");
        assert!(real.contains(
            "form-action 'self' https://checkout.stripe.com https://billing.stripe.com;"
        ));
        assert!(real.contains("default-src 'none'") && !real.contains("unsafe-inline"));
        let stand_in = content_security_policy("http://127.0.0.1:4242/");
        assert!(
            stand_in.contains("https://billing.stripe.com http://127.0.0.1:4242;"),
            "{stand_in}"
        );
    }
}
