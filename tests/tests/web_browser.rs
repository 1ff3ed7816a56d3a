//! The server's HTML pages in a real browser: headless Chromium over WebDriver (see
//! `common/browser.rs`; `scripts/browser.sh` installs both programs). One test walks the whole
//! flow a person takes (sign up, a token, a device log-in for the CLI, a metered run seen in the
//! chart, the upgrade to Stripe), with a screenshot of every page in
//! `target/browser-artifacts/`; the others check the forms' CSRF guard, that one account never
//! sees another's workspace, and that the forms work from the keyboard and are labelled.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use altloom_shared::api::auth::WhoAmI;
use altloom_shared::api::billing::Usage;
use altloom_shared::api::tokens::Scope;
use serde_json::{json, Value};

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

/// The values of the token form's `scope` checkboxes.
const SCOPES: [&str; 4] = ["jobs", "alt_text", "push", "admin"];

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

/// The text of the table row (`<tr>`) that contains `needle`.
#[track_caller]
fn row_text(browser: &Browser, needle: &str) -> String {
    let row = browser.execute(
        "const row = Array.from(document.querySelectorAll('tr')) \
           .find(row => row.textContent.includes(arguments[0])); \
         return row ? row.innerText : null;",
        vec![json!(needle)],
    );
    row.as_str()
        .unwrap_or_else(|| panic!("no table row with {needle}:\n{}", browser.page_text()))
        .to_string()
}

/// The error shown in `role="alert"` (with class `error`).
#[track_caller]
fn alert_text(browser: &Browser) -> String {
    let text = browser.text("[role=\"alert\"].error");
    assert!(!text.trim().is_empty(), "an empty alert");
    text
}

/// The date in UTC (`YYYY-MM-DD`), days counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn today_utc() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The overview's chart: `(data-day, data-credits)` of each bar, after checking the chart's
/// contract (an `<svg id="daily-credits" role="img">` with a `<title>`, 30 `rect.bar`).
#[track_caller]
fn chart_bars(browser: &Browser) -> Vec<(String, u64)> {
    let chart = browser.execute(
        r#"const svg = document.querySelector('svg#daily-credits');
           if (!svg) { return null; }
           const title = svg.querySelector('title');
           return {
             role: svg.getAttribute('role'),
             title: title ? title.textContent : null,
             bars: Array.from(svg.querySelectorAll('rect.bar')).map(bar => [
               bar.getAttribute('data-day'), bar.getAttribute('data-credits')]),
           };"#,
        Vec::new(),
    );
    assert!(!chart.is_null(), "no svg#daily-credits on the overview");
    assert_eq!(chart["role"], "img", "the chart's role: {chart}");
    assert!(
        chart["title"]
            .as_str()
            .is_some_and(|title| !title.trim().is_empty()),
        "the chart has no <title>: {chart}"
    );
    let bars: Vec<(String, u64)> = chart["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bar| {
            let day = bar[0]
                .as_str()
                .unwrap_or_else(|| panic!("a bar without data-day: {bar}"));
            let credits = bar[1]
                .as_str()
                .and_then(|credits| credits.parse().ok())
                .unwrap_or_else(|| panic!("a bar without numeric data-credits: {bar}"));
            (day.to_string(), credits)
        })
        .collect();
    assert_eq!(bars.len(), 30, "one bar per day for 30 days: {bars:?}");
    for (day, _) in &bars {
        let parts: Vec<&str> = day.split('-').collect();
        assert!(
            parts.len() == 3
                && [4, 2, 2].iter().zip(&parts).all(|(length, part)| {
                    part.len() == *length && part.chars().all(|c| c.is_ascii_digit())
                }),
            "data-day {day:?} is not YYYY-MM-DD"
        );
    }
    let mut days: Vec<&String> = bars.iter().map(|(day, _)| day).collect();
    days.sort();
    days.dedup();
    assert_eq!(days.len(), 30, "30 different days: {bars:?}");
    bars
}

/// The checks every page gets: a `lang`, one `<main>` with the page's one `<h1>`, an `alt` on
/// every image, and a `<label for>` (with text) for every field a person fills in. Answers how
/// many fields were checked.
#[track_caller]
fn check_page_accessibility(browser: &Browser, page: &str) -> u64 {
    let report = browser.execute(
        r#"const fields = Array.from(document.querySelectorAll('input, select, textarea'))
             .filter(field => !['hidden', 'submit', 'button', 'reset', 'image']
               .includes((field.getAttribute('type') || '').toLowerCase()));
           const unlabelled = fields.filter(field => {
             if (!field.id) { return true; }
             const label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
             return !label || label.textContent.trim() === '';
           }).map(field => field.outerHTML);
           return {
             lang: document.documentElement.getAttribute('lang'),
             mains: document.querySelectorAll('main').length,
             headings: document.querySelectorAll('h1').length,
             headingsInMain: document.querySelectorAll('main h1').length,
             imagesWithoutAlt: Array.from(document.querySelectorAll('img:not([alt])'))
               .map(image => image.outerHTML),
             fields: fields.length,
             unlabelled: unlabelled,
           };"#,
        Vec::new(),
    );
    assert!(
        report["lang"]
            .as_str()
            .is_some_and(|lang| !lang.trim().is_empty()),
        "{page}: <html> has no lang: {report}"
    );
    assert_eq!(report["mains"], 1, "{page}: one <main>: {report}");
    assert_eq!(report["headings"], 1, "{page}: one <h1>: {report}");
    assert_eq!(
        report["headingsInMain"], 1,
        "{page}: the <h1> in <main>: {report}"
    );
    assert_eq!(
        report["imagesWithoutAlt"],
        json!([]),
        "{page}: images without alt"
    );
    assert_eq!(
        report["unlabelled"],
        json!([]),
        "{page}: fields without a <label for>"
    );
    report["fields"].as_u64().unwrap()
}

/// The fields named `names` each have `id` equal to their name.
#[track_caller]
fn assert_fields(browser: &Browser, page: &str, names: &[&str]) {
    for name in names {
        let id = browser.execute(
            "const field = document.querySelector('[name=\"' + arguments[0] + '\"]'); \
             return field ? field.id : null;",
            vec![json!(name)],
        );
        assert_eq!(
            id,
            json!(name),
            "{page}: the field named {name} has id {id}"
        );
    }
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
fn a_person_signs_up_makes_a_token_logs_the_cli_in_and_upgrades() {
    let provider = CannedServer::start(CHAT_ANSWER);
    let stripe = StripeStandIn::start();
    let server = start_server(&provider, &stripe);
    let url = server.url.as_str();
    let browser = Browser::start();

    // Sign up: the overview of the new workspace, on the free plan, nothing used.
    let id = sign_up(
        &browser,
        url,
        "Ana Lima",
        "ana@example.test",
        "Studio",
        true,
    );
    let overview = format!("{url}/w/{id}");
    assert_eq!(browser.path(), format!("/w/{id}"));
    let text = browser.page_text();
    assert!(
        text.to_lowercase().contains("free"),
        "no plan name:\n{text}"
    );
    assert!(text.contains("0 used"), "{text}");
    assert!(text.contains("50 remaining"), "{text}");
    let bars = chart_bars(&browser);
    assert!(
        bars.iter().all(|(_, credits)| *credits == 0),
        "credits before any run: {bars:?}"
    );
    browser.screenshot("overview");
    // /dashboard leads to the same overview.
    browser.goto(&format!("{url}/dashboard"));
    assert_eq!(browser.url(), overview);

    // Tokens: the secret is shown once, then only its name and hint.
    browser.click_link("Tokens");
    assert_eq!(browser.path(), format!("/w/{id}/tokens"));
    browser.fill("expires_in_days", "30");
    let secret = create_token(&browser, "deploy-ci", &["jobs", "alt_text"]);
    browser.screenshot("tokens-new-token");
    browser.goto(&format!("{url}/w/{id}/tokens"));
    let source = browser.source();
    assert!(
        !source.contains(&secret),
        "the token list shows the secret again"
    );
    let row = row_text(&browser, "deploy-ci");
    // The hint is the token's first characters (`alt_AbC4`, as in the API's TokenInfo).
    assert!(
        row.contains(&secret[..8]),
        "no hint {} in the row: {row}",
        &secret[..8]
    );
    browser.refresh();
    assert!(
        !browser.source().contains(&secret),
        "the secret after a reload"
    );
    browser.screenshot("tokens");
    // CI uses the token, which has the scopes ticked and no others.
    let ci = Machine::ci(url, &secret);
    let usage: Usage = ci.run(&["usage", "--json"]).expect_code(0).json();
    assert_eq!(usage.credits.used, 0);
    assert_eq!(usage.plan, "free");
    let who: WhoAmI = ci.run(&["whoami", "--json"]).expect_code(0).json();
    assert_eq!(who.token.name, "deploy-ci");
    assert_eq!(who.token.scopes, vec![Scope::Jobs, Scope::AltText]);

    // Sites: a site the server refuses shows the error, and never the password.
    browser.click_link("Sites");
    assert_eq!(browser.path(), format!("/w/{id}/sites"));
    browser.screenshot("sites");
    let site_password = "abcd EFGH ijkl MNOP qrst UVWX";
    browser.fill("name", "blog");
    browser.fill("url", "http://127.0.0.1:9/");
    browser.fill("username", "editor");
    browser.fill("password", site_password);
    assert_eq!(
        browser.attribute("#password", "type").as_deref(),
        Some("password")
    );
    browser.click_button("Add site");
    alert_text(&browser);
    assert!(
        !browser.source().contains(site_password),
        "the site's password is echoed back"
    );
    let typed = browser.execute(
        "return document.getElementById('password').value;",
        Vec::new(),
    );
    assert_eq!(typed, json!(""), "the password field is filled again");
    browser.screenshot("sites-error");

    // Members: an invite code, shown once.
    browser.click_link("Members");
    assert_eq!(browser.path(), format!("/w/{id}/members"));
    assert!(
        browser.text("table").contains("ana@example.test"),
        "the members table lacks Ana"
    );
    // Invites are links handed over by the inviter (the server sends no mail): only the role.
    browser.select("role", "member");
    browser.click_button("Invite");
    let invite = browser.text("code#new-invite").trim().to_string();
    assert!(invite.len() > 8, "not an invite code: {invite:?}");
    browser.screenshot("members");
    browser.goto(&format!("{url}/w/{id}/members"));
    assert!(
        !browser.source().contains(&invite),
        "the members page shows the invite code again"
    );

    // Jobs: nothing has run yet.
    browser.click_link("Jobs");
    assert_eq!(browser.path(), format!("/w/{id}/jobs"));
    assert!(
        browser.page_text().contains("No jobs yet"),
        "{}",
        browser.page_text()
    );
    browser.screenshot("jobs");

    // Account: the export is a JSON attachment with Ana's data; deletion asks for the email.
    browser.click_link("Account");
    assert_eq!(browser.path(), "/account");
    browser.button("Download my data");
    browser.button("Delete my account");
    browser.find("input#confirm_email");
    // Sent outside the page (a download is not a page), with the form's fields and cookies.
    let export = browser.submit_outside("form[action$=\"/account/export\"] button");
    assert_eq!(export.status, 200, "{export:?}");
    assert!(
        export.content_type.starts_with("application/json"),
        "{export:?}"
    );
    assert!(
        export.content_disposition.starts_with("attachment"),
        "{export:?}"
    );
    let data: Value = serde_json::from_str(&export.body).unwrap();
    assert!(data.to_string().contains("ana@example.test"), "{data}");
    browser.screenshot("account");

    // The CLI logs in by a code approved in this browser.
    let laptop = Machine::new(url);
    let mut login = laptop
        .command()
        .args(["login", "--device"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(login.stderr.take().unwrap());
    let mut shown = String::new();
    let code = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no code shown:\n{shown}"
        );
        shown.push_str(&line);
        let marker = "and approve the code ";
        if let Some(index) = line.find(marker) {
            break line[index + marker.len()..].trim().to_string();
        }
    };
    // The address printed is the approval page, with the code filled in.
    assert!(
        shown.contains(&format!(
            "Open {url}/device?code={code} in a browser where you are logged in, and approve the code {code}"
        )),
        "{shown}"
    );
    browser.goto(&format!("{url}/device"));
    assert_eq!(browser.path(), "/device");
    browser.fill("user_code", &code);
    browser.screenshot("device");
    browser.click_button("Approve");
    assert_eq!(browser.heading(), "Device approved");
    browser.screenshot("device-approved");
    let deadline = Instant::now() + Duration::from_secs(60);
    let exit = loop {
        if let Some(status) = login.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = login.kill();
            panic!("the device login never finished:\n{shown}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(exit.success(), "{shown}{rest}");
    let who: WhoAmI = laptop.run(&["whoami", "--json"]).expect_code(0).json();
    assert_eq!(who.user.unwrap().email, "ana@example.test");
    assert_eq!(who.workspaces[0].id, id);

    // A metered run: two new images, two credits, in today's bar.
    laptop.add_fixture("jpeg-baseline.jpg");
    laptop.add_fixture("png-rgb8.png");
    let run = laptop.run(&["alt", "in", "--fields", "alt,title"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("2 described (2 credits)"),
        "{}",
        run.stderr
    );
    let usage: Usage = ci.run(&["usage", "--json"]).expect_code(0).json();
    assert_eq!(usage.credits.used, 2);
    browser.goto(&overview);
    let text = browser.page_text();
    assert!(text.contains("2 used"), "{text}");
    assert!(text.contains("48 remaining"), "{text}");
    let bars = chart_bars(&browser);
    let today = today_utc();
    assert_eq!(
        bars.last().map(|(day, _)| day.as_str()),
        Some(today.as_str()),
        "the chart ends today (UTC): {bars:?}"
    );
    assert_eq!(bars.last().unwrap().1, 2, "today's bar: {bars:?}");
    assert_eq!(
        bars.iter().map(|(_, credits)| credits).sum::<u64>(),
        2,
        "{bars:?}"
    );
    browser.screenshot("overview-after-run");
    browser.set_window(PHONE);
    assert_eq!(browser.viewport_width(), u64::from(PHONE.0));
    browser.screenshot("overview-phone");
    browser.set_window(common::browser::DESKTOP);

    // Upgrade: the button leads to Stripe Checkout.
    browser.click_button("Upgrade to Pro");
    let landed = browser.wait_for_url("Stripe Checkout", |address| {
        address.starts_with(&stripe.checkout_url())
    });
    assert_eq!(landed, stripe.checkout_url());
    assert_eq!(browser.heading(), "Stripe stand-in");
    assert!(
        stripe
            .requests()
            .iter()
            .any(|request| request.starts_with("POST /v1/checkout/sessions")),
        "{:?}",
        stripe.requests()
    );
    // Manage billing leads to Stripe too (the stand-in answers the portal with the same URL).
    browser.goto(&overview);
    browser.click_button("Manage billing");
    browser.wait_for_url("the Stripe portal", |address| {
        address.starts_with(&stripe.checkout_url())
    });
    assert!(
        stripe
            .requests()
            .iter()
            .any(|request| request.starts_with("POST /v1/billing_portal/sessions")),
        "{:?}",
        stripe.requests()
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

#[test]
fn forms_work_from_the_keyboard_and_every_field_is_labelled() {
    let provider = CannedServer::start(CHAT_ANSWER);
    let stripe = StripeStandIn::start();
    let server = start_server(&provider, &stripe);
    let url = server.url.as_str();
    let browser = Browser::start();

    browser.goto(&format!("{url}/signup"));
    assert_fields(
        &browser,
        "/signup",
        &["name", "email", "password", "workspace_name"],
    );
    assert!(check_page_accessibility(&browser, "/signup") >= 4);
    browser.goto(&format!("{url}/login"));
    assert_fields(&browser, "/login", &["email", "password"]);
    assert!(check_page_accessibility(&browser, "/login") >= 2);
    browser.screenshot("login");

    let id = sign_up(
        &browser,
        url,
        "Ana Lima",
        "ana@example.test",
        "Studio",
        false,
    );
    browser.goto(&format!("{url}/w/{id}/tokens"));
    assert_fields(&browser, "tokens", &["name", "expires_in_days"]);
    let scopes = browser.execute(
        "return Array.from(document.querySelectorAll('input[type=checkbox][name=scope]')) \
           .map(box => box.value);",
        Vec::new(),
    );
    assert_eq!(scopes, json!(SCOPES), "the scope checkboxes' values");
    assert!(check_page_accessibility(&browser, "tokens") >= 6);
    browser.goto(&format!("{url}/w/{id}/sites"));
    assert_fields(&browser, "sites", &["name", "url", "username", "password"]);
    assert!(check_page_accessibility(&browser, "sites") >= 4);
    browser.goto(&format!("{url}/w/{id}/members"));
    assert_fields(&browser, "members", &["role"]);
    check_page_accessibility(&browser, "members");
    browser.goto(&format!("{url}/account"));
    assert_fields(&browser, "account", &["confirm_email"]);
    check_page_accessibility(&browser, "account");

    // Signed out, /device sends the browser to log in first, and back afterwards.
    browser.click_button("Log out");
    browser.goto(&format!("{url}/device?code=BCDF-GHJK"));
    let path = browser.path();
    assert!(path.starts_with("/login?next="), "{path}");
    let next = browser.attribute("input[name=\"next\"]", "value");
    assert!(
        next.as_deref()
            .is_some_and(|next| next.starts_with("/device")),
        "the hidden next field: {next:?}"
    );

    // From the top of the page, Tab reaches the email field, then the password; Enter sends.
    let mut presses = 0;
    while browser.focused_id() != "email" {
        presses += 1;
        assert!(presses <= 30, "Tab never reached the email field");
        browser.press(&Browser::TAB.to_string());
    }
    browser.press("ana@example.test");
    browser.press(&Browser::TAB.to_string());
    assert_eq!(browser.focused_id(), "password", "Tab after the email");
    browser.press(PASSWORD);
    browser.press_enter_and_wait();
    let landed = browser.wait_for_url("/device after logging in", |address| {
        address.starts_with(&format!("{url}/device"))
    });
    assert_eq!(landed, format!("{url}/device?code=BCDF-GHJK"));
    let code = browser.execute(
        "return document.getElementById('user_code').value;",
        Vec::new(),
    );
    assert_eq!(code, json!("BCDF-GHJK"), "the code from the address");
    assert!(check_page_accessibility(&browser, "/device") >= 1);

    // A wrong password, typed the same way, shows an error in role="alert".
    browser.click_button("Log out");
    browser.goto(&format!("{url}/login"));
    browser.fill("email", "ana@example.test");
    browser.fill("password", "not the password");
    assert_eq!(browser.focused_id(), "password");
    browser.press_enter_and_wait();
    let error = alert_text(&browser);
    assert!(!error.contains("not the password"), "{error}");
    assert!(browser.path().starts_with("/login"), "{}", browser.path());
    assert!(
        !browser.source().contains("not the password"),
        "the password is echoed back"
    );
}

/// The sites page against a real WordPress (Debian's 6.1, started by `scripts/wordpress.sh`):
/// a wrong Application Password is explained and never echoed, the right one connects the site
/// (its version and accepted types listed), "Test" checks it again, and "Remove" removes it.
#[test]
fn a_wordpress_site_is_added_tested_and_removed_in_the_browser() {
    let site = common::wordpress::WordPress::start();
    let server = ServerGuard::start_with(&[("ALTLOOM_ALLOW_PRIVATE_SITES", "true")]);
    let url = server.url.clone();
    let browser = Browser::start();
    let id = sign_up(
        &browser,
        &url,
        "Ana Lima",
        "ana@example.test",
        "Studio",
        false,
    );
    browser.click_link("Sites");
    assert_eq!(browser.path(), format!("/w/{id}/sites"));
    assert!(browser.page_text().contains("No sites yet."));
    let (username, password) = site.user(common::wordpress::Role::Editor);

    let add = |application_password: &str| {
        browser.fill("name", "client-a");
        browser.fill("url", site.url());
        browser.fill("username", &username);
        browser.fill("password", application_password);
        browser.click_button("Add site");
    };
    add("abcd efgh ijkl mnop qrst uvwx");
    let alert = browser.text("[role=alert]");
    assert!(alert.contains("refused the credentials"), "{alert}");
    assert!(
        !browser.source().contains("abcd efgh"),
        "the password is never echoed"
    );
    assert_eq!(
        browser.attribute("#url", "value").as_deref(),
        Some(site.url()),
        "the address is kept for another try"
    );

    add(&password);
    let notice = browser.text("[role=status]");
    assert!(notice.contains("Connected client-a"), "{notice}");
    let row = browser.text("table");
    assert!(row.contains("client-a") && row.contains("6.1"), "{row}");
    assert!(row.contains("jpeg") && row.contains("webp"), "{row}");
    assert!(
        !browser.source().contains(&password),
        "the password is never shown"
    );
    browser.screenshot("sites-connected");

    let test = browser.button_in_row("client-a", "Test");
    browser.click_and_wait(test, "the Test button");
    let notice = browser.text("[role=status]");
    assert!(
        notice.contains("client-a answered: WordPress 6.1"),
        "{notice}"
    );

    let remove = browser.button_in_row("client-a", "Remove");
    browser.click_and_wait(remove, "the Remove button");
    assert!(browser
        .text("[role=status]")
        .contains("The site was removed"));
    assert!(browser.page_text().contains("No sites yet."));
}
