//! The server's HTML pages in a real browser: headless Chromium over WebDriver (see
//! `common/browser.rs`; `scripts/browser.sh` installs both programs): the forms' CSRF guard, and
//! that one account never sees another's workspace.

mod common;

use serde_json::json;

use common::browser::{artifacts_folder, Browser, StripeStandIn, PHONE};
use common::server::{CannedServer, Machine, ServerGuard};

const PASSWORD: &str = "correct horse battery staple";

/// A chat-completions answer from the stand-in model provider (as in `alt_cli.rs`).
const CHAT_ANSWER: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 362\r\n\r\n{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"alt_text\\\":\\\"A red bicycle against a brick wall\\\",\\\"title\\\":\\\"Red bicycle\\\",\\\"caption\\\":\\\"\\\",\\\"description\\\":\\\"\\\",\\\"decorative\\\":false,\\\"filename_slug\\\":\\\"red-bicycle\\\",\\\"language\\\":\\\"en\\\"}\"}}]}";

/// The server with a stand-in model provider and a stand-in Stripe.
fn start_server(provider: &CannedServer, stripe: &StripeStandIn) -> ServerGuard {
    let body_length = CHAT_ANSWER.split("\r\n\r\n").nth(1).unwrap().len();
    assert_eq!(body_length, 362, "the canned content-length is right");
    ServerGuard::start_with(&[
        ("ALTLOOM_OPENAI_BASE_URL", &format!("{}/v1", provider.url)),
        ("ALTLOOM_OPENAI_MODEL", "test-model"),
        ("ALTLOOM_STRIPE_SECRET_KEY", "sk_test_x"),
        ("ALTLOOM_STRIPE_API_BASE", &stripe.url),
        ("ALTLOOM_STRIPE_PRICE_PRO", "price_1ProMonthly"),
    ])
}

/// The workspace id in an address path `/w/<id>` or `/w/<id>/...`.
#[track_caller]
fn workspace_id(path: &str) -> String {
    let rest = path
        .strip_prefix("/w/")
        .unwrap_or_else(|| panic!("{path} is not a workspace page"));
    let id = rest.split(['/', '?']).next().unwrap().to_string();
    assert!(!id.is_empty(), "no workspace id in {path}");
    id
}

/// Signs up through `/signup` and answers the new workspace's id, checking the browser ends on
/// its overview (`/signup` → `/dashboard` → `/w/<id>`). With `screenshot`, the form is saved as
/// `signup.png` before it is sent.
#[track_caller]
fn sign_up(
    browser: &Browser,
    url: &str,
    name: &str,
    email: &str,
    workspace: &str,
    screenshot: bool,
) -> String {
    browser.goto(&format!("{url}/signup"));
    assert_eq!(browser.path(), "/signup");
    browser.fill("name", name);
    browser.fill("email", email);
    browser.fill("password", PASSWORD);
    browser.fill("workspace_name", workspace);
    if screenshot {
        browser.screenshot("signup");
    }
    browser.click_button("Create account");
    let landed = browser.wait_for_url("the workspace overview", |address| {
        address.starts_with(&format!("{url}/w/"))
    });
    let id = workspace_id(&browser.path());
    assert_eq!(
        landed,
        format!("{url}/w/{id}"),
        "signed up, not on the overview"
    );
    assert!(
        browser.page_text().contains(workspace),
        "the overview does not name the workspace {workspace}:\n{}",
        browser.page_text()
    );
    id
}

/// Creates a token on the tokens page (the browser must be on it) with exactly `scopes` ticked,
/// and answers its secret from `#new-token`.
#[track_caller]
fn create_token(browser: &Browser, name: &str, scopes: &[&str]) -> String {
    browser.fill("name", name);
    // Untick what is ticked by default, then tick the scopes asked for.
    browser.execute(
        "document.querySelectorAll('input[name=\"scope\"]:checked').forEach(box => box.click());",
        Vec::new(),
    );
    for scope in scopes {
        browser.set_checked("scope", scope, true);
    }
    browser.click_button("Create token");
    let secret = browser.text("code#new-token").trim().to_string();
    assert!(
        secret.starts_with("alt_") && secret.len() > 12,
        "#new-token is not a token: {secret:?}"
    );
    secret
}

#[test]
fn the_harness_drives_headless_chromium() {
    let stripe = StripeStandIn::start();
    let browser = Browser::start();
    browser.goto(&stripe.checkout_url());
    assert_eq!(browser.path(), StripeStandIn::CHECKOUT_PATH);
    assert_eq!(browser.heading(), "Stripe stand-in");
    assert_eq!(browser.attribute("html", "lang").as_deref(), Some("en"));
    assert_eq!(browser.viewport_width(), 1280);
    let shot = browser.screenshot("harness-desktop");
    assert!(shot.starts_with(artifacts_folder()));
    assert!(std::fs::metadata(&shot).unwrap().len() > 100);
    browser.set_window(PHONE);
    assert_eq!(browser.viewport_width(), u64::from(PHONE.0));
    browser.screenshot("harness-phone");
    // The page itself (Chromium may also ask for /favicon.ico).
    assert_eq!(
        stripe.requests()[0],
        format!("GET {} HTTP/1.1", StripeStandIn::CHECKOUT_PATH)
    );
}

#[test]
fn a_form_without_its_csrf_field_is_refused() {
    let provider = CannedServer::start(CHAT_ANSWER);
    let stripe = StripeStandIn::start();
    let server = start_server(&provider, &stripe);
    let url = server.url.as_str();
    let browser = Browser::start();
    let id = sign_up(
        &browser,
        url,
        "Ana Lima",
        "ana@example.test",
        "Studio",
        false,
    );
    let tokens = format!("{url}/w/{id}/tokens");

    // Without the field: the browser's own submit.
    browser.goto(&tokens);
    let removed = browser.execute(
        "const field = document.getElementById('name').form.querySelector('input[name=\"csrf\"]'); \
         if (!field) { return false; } field.remove(); return true;",
        Vec::new(),
    );
    assert_eq!(removed, json!(true), "the token form has no csrf field");
    browser.fill("name", "csrf-probe");
    browser.check("scope", "jobs");
    browser.click_button("Create token");
    assert!(
        browser.heading().contains("Form expired"),
        "{}",
        browser.heading()
    );
    assert!(
        browser.find_all("code#new-token").is_empty(),
        "a token was made"
    );
    browser.screenshot("csrf-form-expired");

    // With a wrong value (sent outside the page, so the status shows): 403.
    browser.goto(&tokens);
    browser.fill("name", "csrf-probe");
    browser.check("scope", "jobs");
    browser.execute(
        "document.getElementById('name').form.querySelector('input[name=\"csrf\"]').value = 'forged';",
        Vec::new(),
    );
    let answer = browser.submit_outside("#name");
    assert_eq!(answer.status, 403, "{answer:?}");
    assert!(answer.body.contains("Form expired"), "{answer:?}");
    // The same without the field at all.
    let (action, body) = browser.form_data("#name");
    let without: Vec<&str> = body
        .split('&')
        .filter(|field| !field.starts_with("csrf="))
        .collect();
    assert!(without.len() < body.split('&').count(), "{body}");
    let answer = browser.request("POST", &action, Some(&without.join("&")));
    assert_eq!(answer.status, 403, "{answer:?}");
    assert!(answer.body.contains("Form expired"), "{answer:?}");

    // Nothing was created; the same form with its field intact works.
    browser.goto(&tokens);
    assert!(
        !browser.page_text().contains("csrf-probe"),
        "a token was created without a valid csrf field"
    );
    let secret = create_token(&browser, "with-csrf", &["jobs"]);
    browser.goto(&tokens);
    let text = browser.page_text();
    assert!(text.contains("with-csrf"), "{text}");
    assert!(!text.contains("csrf-probe"), "{text}");

    // Its row's Revoke button (a form with its csrf field) revokes it.
    let ci = Machine::ci(url, &secret);
    ci.run(&["whoami"]).expect_code(0);
    let revoke = browser.button_in_row("with-csrf", "Revoke");
    browser.click_and_wait(revoke, "Revoke");
    let run = ci.run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("was revoked"), "{}", run.stderr);
}

#[test]
fn one_account_never_sees_another_workspace() {
    let provider = CannedServer::start(CHAT_ANSWER);
    let stripe = StripeStandIn::start();
    let server = start_server(&provider, &stripe);
    let url = server.url.as_str();

    let ana = Browser::start();
    let ana_id = sign_up(
        &ana,
        url,
        "Ana Lima",
        "ana@example.test",
        "Ana Private Studio",
        false,
    );
    ana.goto(&format!("{url}/w/{ana_id}/tokens"));
    create_token(&ana, "ana-release-token", &["jobs"]);

    let ben = Browser::start();
    let ben_id = sign_up(
        &ben,
        url,
        "Ben Okafor",
        "ben@example.test",
        "Ben Studio",
        false,
    );
    assert_ne!(ana_id, ben_id);
    for page in ["", "/tokens", "/sites", "/members", "/jobs"] {
        let path = format!("/w/{ana_id}{page}");
        ben.goto(&format!("{url}{path}"));
        assert_eq!(ben.heading(), "Not found", "{path}");
        let source = ben.source();
        for secret in [
            "ana-release-token",
            "Ana Private Studio",
            "ana@example.test",
        ] {
            assert!(!source.contains(secret), "{path} shows {secret} to Ben");
        }
        let answer = ben.request("GET", &format!("{url}{path}"), None);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
    }
    ben.screenshot("isolation-not-found");

    // Ben's own token form, pointed at Ana's workspace, is refused and makes nothing there.
    ben.goto(&format!("{url}/w/{ben_id}/tokens"));
    let action = ben.execute(
        "const form = document.getElementById('name').form; \
         form.action = form.action.replace(arguments[0], arguments[1]); return form.action;",
        vec![json!(ben_id), json!(ana_id)],
    );
    assert!(
        action.as_str().unwrap().contains(&ana_id),
        "the form's action names no workspace: {action}"
    );
    ben.fill("name", "ben-intruder-token");
    ben.check("scope", "admin");
    ben.click_button("Create token");
    assert_eq!(ben.heading(), "Not found");
    ana.goto(&format!("{url}/w/{ana_id}/tokens"));
    let text = ana.page_text();
    assert!(text.contains("ana-release-token"), "{text}");
    assert!(!text.contains("ben-intruder-token"), "{text}");
}
