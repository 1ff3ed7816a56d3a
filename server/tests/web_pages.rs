//! The web pages over plain HTTP (the real-browser tests are in `tests/tests/web_browser.rs`):
//! security headers and cookie attributes, CSRF refusals, sessions that log-out revokes, the
//! log-in rate limit shared with the API, no open redirect after log-in, secrets shown once and
//! never echoed, device approval, workspace isolation, and the daily credit use the dashboard
//! draws, on SQLite and PostgreSQL.

mod common;

use std::collections::HashMap;

use common::{Backend, TestServer};
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A browser without a rendering engine: keeps its cookies, follows no redirects, and finds
/// each page's CSRF token.
struct Browser {
    base: String,
    http: reqwest::Client,
    cookies: HashMap<String, String>,
    /// Every `Set-Cookie` header received, as sent.
    set_cookies: Vec<String>,
}

/// A page as the browser got it.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of the first `csrf` hidden field.
    fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("no csrf field in {}", self.body))
            + marker.len();
        self.body[start..start + 64].to_string()
    }
}

impl Browser {
    fn new(server: &TestServer) -> Browser {
        Browser {
            base: server.base.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
            set_cookies: Vec::new(),
        }
    }

    async fn request(&mut self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> Page {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !self.cookies.is_empty() {
            let header = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header("cookie", header);
        }
        if let Some(form) = form {
            let body: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form.iter())
                .finish();
            request = request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(SET_COOKIE) {
            let text = value.to_str().unwrap().to_string();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
            self.set_cookies.push(text);
        }
        let body = response.text().await.unwrap();
        Page {
            status,
            headers,
            body,
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        self.request(Method::GET, path, None).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        self.request(Method::POST, path, Some(form)).await
    }

    /// Signs up through the pages and answers the new workspace's id.
    async fn sign_up(&mut self, name: &str) -> String {
        let csrf = self.get("/signup").await.csrf();
        let email = format!("{}@example.com", name.to_lowercase());
        let page = self
            .post(
                "/signup",
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("email", &email),
                    ("password", "correct horse battery staple"),
                    ("workspace_name", &format!("{name}'s studio")),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(page.location(), "/dashboard");
        let dashboard = self.get("/dashboard").await;
        assert_eq!(dashboard.status, StatusCode::SEE_OTHER);
        dashboard
            .location()
            .strip_prefix("/w/")
            .expect("the dashboard leads to the workspace")
            .to_string()
    }

    /// The CSRF token of a signed-in page.
    async fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page.csrf()
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_locked_down_cookies() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let mut browser = Browser::new(&server);
    let page = browser.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let header = |name: &str| {
        page.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
            .to_string()
    };
    let policy = header("content-security-policy");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(header("content-type").starts_with("text/html"));
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("<label for=\"email\">"));

    // The public URL is https, so cookies are Secure; all are HttpOnly and SameSite=Lax.
    browser.sign_up("Ana").await;
    let session = browser
        .set_cookies
        .iter()
        .find(|cookie| cookie.starts_with("altloom_session="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    assert!(browser
        .set_cookies
        .iter()
        .all(|cookie| cookie.contains("HttpOnly") && cookie.contains("Secure")));

    // Plain-HTTP development can turn Secure off.
    let local = TestServer::start(Backend::Sqlite, &[("ALTLOOM_SECURE_COOKIES", "false")]).await;
    let mut browser = Browser::new(&local);
    browser.get("/signup").await;
    assert!(
        !browser.set_cookies[0].contains("Secure"),
        "{:?}",
        browser.set_cookies
    );
}

#[tokio::test]
async fn forms_without_this_sessions_csrf_token_are_refused() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let mut browser = Browser::new(&server);
    browser.get("/signup").await;
    let fields = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("name", "Mallory"),
            ("email", "mallory@example.com"),
            ("password", "correct horse battery staple"),
            ("workspace_name", "Forged"),
        ]
    };
    // No token, and a made-up one.
    for csrf in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let page = browser.post("/signup", &fields(csrf)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("<h1>Form expired</h1>"), "{}", page.body);
    }
    // Another browser's token does not work in this one.
    let mut other = Browser::new(&server);
    let foreign = other.get("/signup").await.csrf();
    let mut forged = fields("");
    forged[0].1 = Box::leak(foreign.into_boxed_str());
    assert_eq!(
        browser.post("/signup", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    // None of them created an account.
    let (status, _) = server
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "mallory@example.com", "password": "correct horse battery staple"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Once signed in, the forms are bound to the session: the visitor's old token is refused.
    let visitor_csrf = browser.get("/signup").await.csrf();
    let workspace = browser.sign_up("Ana").await;
    let page = browser
        .post(
            &format!("/w/{workspace}/tokens"),
            &[
                ("csrf", &visitor_csrf),
                ("name", "forged"),
                ("scope", "jobs"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let tokens = browser.get(&format!("/w/{workspace}/tokens")).await;
    assert!(tokens.body.contains("No tokens yet."), "{}", tokens.body);
}

#[tokio::test]
async fn a_browser_session_expires_and_logging_out_revokes_it() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let mut browser = Browser::new(&server);
    let workspace = browser.sign_up("Ana").await;
    let secret = browser.cookies["altloom_session"].clone();
    // The session is a user token named for what it is, ending in 14 days.
    let (status, me) = server.get("/v1/me", &secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["token"]["name"], "browser session");
    let expires =
        altloom_shared::time::Timestamp::parse(me["token"]["expires_at"].as_str().unwrap())
            .unwrap();
    let days = (expires.0 - altloom_shared::time::Timestamp::now().0) / 86_400;
    assert!((13..=14).contains(&days), "{days}");

    let csrf = browser.csrf(&format!("/w/{workspace}")).await;
    let page = browser.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/login");
    assert!(!browser.cookies.contains_key("altloom_session"));
    let (status, _) = server.get("/v1/me", &secret).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "log-out revoked the token"
    );
    // A copy of the old cookie gets the log-in page, with the way back.
    browser.cookies.insert("altloom_session".into(), secret);
    let page = browser.get(&format!("/w/{workspace}/tokens")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location(),
        format!("/login?next=%2Fw%2F{workspace}%2Ftokens")
    );
}

#[tokio::test]
async fn log_in_failures_count_against_the_apis_limit_and_next_stays_local() {
    let server = TestServer::start(
        Backend::Sqlite,
        &[("ALTLOOM_AUTH_ACCOUNT_RATE_PER_MINUTE", "3")],
    )
    .await;
    let ana = server.signup("Ana").await;
    let mut browser = Browser::new(&server);
    // A good log-in with a `next` pointing elsewhere lands on the dashboard instead.
    let csrf = browser.get("/login?next=//evil.example/").await.csrf();
    assert!(!browser
        .get("/login?next=//evil.example/")
        .await
        .body
        .contains("evil.example"));
    let page = browser
        .post(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", &ana.email),
                ("password", &ana.password),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/dashboard");

    // Wrong passwords in the browser use up the account's attempts for the API too.
    let mut stranger = Browser::new(&server);
    let csrf = stranger.get("/login").await.csrf();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let page = stranger
            .post(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("email", &ana.email),
                    ("password", "wrong password!"),
                ],
            )
            .await;
        assert!(page.body.contains("role=\"alert\""), "{}", page.body);
        assert!(
            !page.body.contains("wrong password!"),
            "the password is not echoed"
        );
        statuses.push(page.status);
    }
    assert_eq!(statuses, vec![StatusCode::OK, StatusCode::OK]);
    let (status, body) = server
        .post(
            "/v1/auth/login",
            None,
            json!({"email": ana.email, "password": ana.password}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let page = stranger
        .post(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", &ana.email),
                ("password", &ana.password),
            ],
        )
        .await;
    assert!(page.body.contains("Too many"), "{}", page.body);
}

#[tokio::test]
async fn a_new_token_is_shown_once_and_a_site_password_never() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let mut browser = Browser::new(&server);
    let workspace = browser.sign_up("Ana").await;
    let tokens = format!("/w/{workspace}/tokens");
    let csrf = browser.csrf(&tokens).await;
    let page = browser
        .post(
            &tokens,
            &[
                ("csrf", &csrf),
                ("name", "CI"),
                ("scope", "jobs"),
                ("scope", "alt_text"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let marker = "<code id=\"new-token\">";
    let start = page.body.find(marker).expect("the secret is shown") + marker.len();
    let secret = &page.body[start..page.body[start..].find('<').unwrap() + start];
    assert!(secret.starts_with("alt_"), "{secret}");
    let (status, usage) = server.get("/v1/usage", secret).await;
    assert_eq!(status, StatusCode::OK, "the token works: {usage}");
    let list = browser.get(&tokens).await;
    assert!(list.body.contains("CI"), "{}", list.body);
    assert!(
        !list.body.contains(secret),
        "the secret is never shown again"
    );

    // A bad expiry is explained on the form, which keeps the name.
    let page = browser
        .post(
            &tokens,
            &[
                ("csrf", &csrf),
                ("name", "Deploy"),
                ("scope", "jobs"),
                ("expires_in_days", "soon"),
            ],
        )
        .await;
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);
    assert!(page.body.contains("value=\"Deploy\""));

    // A site that cannot be reached is explained, and its password is not sent back.
    let sites = format!("/w/{workspace}/sites");
    let page = browser
        .post(
            &sites,
            &[
                ("csrf", &csrf),
                ("name", "client-a"),
                ("url", "https://127.0.0.1:1/"),
                ("username", "editor"),
                ("password", "abcd EFGH ijkl MNOP qrst UVWX"),
            ],
        )
        .await;
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);
    assert!(page.body.contains("value=\"client-a\""));
    assert!(
        !page.body.contains("abcd EFGH"),
        "the password is never echoed"
    );
}

#[tokio::test]
async fn approving_a_device_code_in_the_browser_logs_the_cli_in() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let (status, start) = server
        .post("/v1/auth/device", None, json!({"token_name": "laptop"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let code = start["user_code"].as_str().unwrap();
    assert_eq!(
        start["verification_url_complete"],
        format!("https://altloom.test/device?code={code}").as_str()
    );
    let mut browser = Browser::new(&server);
    // Not signed in: the page sends the browser to log in and back.
    let page = browser.get(&format!("/device?code={code}")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page
        .location()
        .starts_with("/login?next=%2Fdevice%3Fcode%3D"));
    browser.sign_up("Ana").await;
    let page = browser.get(&format!("/device?code={code}")).await;
    assert!(
        page.body.contains(&format!("value=\"{code}\"")),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    // A wrong code is explained on the form.
    let page = browser
        .post("/device", &[("csrf", &csrf), ("user_code", "BBBB-BBBB")])
        .await;
    assert!(
        page.body.contains("No device is waiting for that code"),
        "{}",
        page.body
    );
    let page = browser
        .post(
            "/device",
            &[("csrf", &csrf), ("user_code", &code.to_lowercase())],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1>Device approved</h1>"),
        "{}",
        page.body
    );
    let (status, session) = server
        .post(
            "/v1/auth/device/token",
            None,
            json!({"device_code": start["device_code"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["user"]["name"], "Ana");
}

#[tokio::test]
async fn one_workspace_never_sees_anothers_pages() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let mut ana = Browser::new(&server);
    let ana_workspace = ana.sign_up("Ana").await;
    let csrf = ana.csrf(&format!("/w/{ana_workspace}/tokens")).await;
    ana.post(
        &format!("/w/{ana_workspace}/tokens"),
        &[
            ("csrf", &csrf),
            ("name", "ana-secret-pipeline"),
            ("scope", "jobs"),
        ],
    )
    .await;
    let mut bruno = Browser::new(&server);
    bruno.sign_up("Bruno").await;
    for section in ["", "/tokens", "/sites", "/members", "/jobs"] {
        let page = bruno.get(&format!("/w/{ana_workspace}{section}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{section}");
        assert!(page.body.contains("<h1>Not found</h1>"));
        assert!(!page.body.contains("Ana"), "{section}: {}", page.body);
    }
    // Bruno's own valid form token does not reach into Ana's workspace either.
    let bruno_csrf = bruno.csrf("/account").await;
    let page = bruno
        .post(
            &format!("/w/{ana_workspace}/tokens"),
            &[
                ("csrf", &bruno_csrf),
                ("name", "intruder"),
                ("scope", "jobs"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let list = ana.get(&format!("/w/{ana_workspace}/tokens")).await;
    assert!(list.body.contains("ana-secret-pipeline") && !list.body.contains("intruder"));
}

#[tokio::test]
async fn daily_use_is_counted_per_day_on_sqlite() {
    daily_use_is_counted_per_day(Backend::Sqlite).await;
}

#[tokio::test]
async fn daily_use_is_counted_per_day_on_postgres() {
    daily_use_is_counted_per_day(Backend::Postgres).await;
}

async fn daily_use_is_counted_per_day(backend: Backend) {
    let server = TestServer::start(backend, &[]).await;
    let ana = server.signup("Ana").await;
    let reservations = format!("/v1/workspaces/{}/usage/reservations", ana.workspace_id);
    // Two settled reservations (3 of 5 used, then 2 of 2) and one released.
    for (held, used) in [(5, 3), (2, 2), (4, 0)] {
        let (status, reservation) = server
            .post(&reservations, Some(&ana.token), json!({"credits": held}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = server
            .post(
                format!(
                    "{reservations}/{}/commit",
                    reservation["id"].as_str().unwrap()
                ),
                Some(&ana.token),
                json!({"used": used}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
    let (status, daily) = server
        .get(
            format!("/v1/workspaces/{}/usage/daily", ana.workspace_id),
            &ana.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{daily}");
    let days = daily["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = altloom_shared::time::Timestamp::now().to_string()[..10].to_string();
    assert_eq!(days[29]["day"], today.as_str());
    assert_eq!(days[29]["credits"], 5);
    assert!(days[..29].iter().all(|day| day["credits"] == 0));
    let (status, _) = server
        .get(
            format!("/v1/workspaces/{}/usage/daily?days=0", ana.workspace_id),
            &ana.token,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The overview draws the same numbers.
    let mut browser = Browser::new(&server);
    let csrf = browser.get("/login").await.csrf();
    browser
        .post(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", &ana.email),
                ("password", &ana.password),
            ],
        )
        .await;
    let page = browser.get(&format!("/w/{}", ana.workspace_id)).await;
    assert!(
        page.body
            .contains(&format!("data-day=\"{today}\" data-credits=\"5\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("5 used"));
    assert!(page.body.contains("45 remaining"));
}
