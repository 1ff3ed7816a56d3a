//! Behaviour every endpoint shares: the error envelope, request ids, the version header, body
//! limits, secrets refused in query strings, rate limits with Retry-After, readiness, and the
//! OpenAPI document.

mod common;

use common::{Backend, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn raw(
    server: &TestServer,
    request: reqwest::RequestBuilder,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let _ = server;
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, headers, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_share_one_envelope_with_the_request_id() {
    let server = TestServer::start(Backend::Sqlite, &[("ALTLOOM_MAX_BODY_BYTES", "2048")]).await;
    let url = |path: &str| format!("{}{path}", server.base);

    // Unknown path, wrong method, bad JSON, oversized body, missing token: all enveloped.
    let cases = [
        (
            server.http.get(url("/v1/nothing-here")),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            server.http.put(url("/v1/me")),
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request",
        ),
        (
            server
                .http
                .post(url("/v1/auth/login"))
                .header("content-type", "application/json")
                .body("{not json"),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            server
                .http
                .post(url("/v1/auth/login"))
                .json(&json!({"email": "a@b.co"})),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            server
                .http
                .post(url("/v1/auth/login"))
                .json(&json!({"email": "a@b.co", "password": "x".repeat(5000)})),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            server.http.get(url("/v1/me")),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        ),
    ];
    for (request, expected_status, expected_code) in cases {
        let (status, headers, body) = raw(&server, request).await;
        assert_eq!(status, expected_status, "{body}");
        assert_eq!(body["error"]["code"], expected_code, "{body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        let request_id = headers["x-request-id"].to_str().unwrap();
        assert_eq!(body["error"]["request_id"], request_id);
        assert_eq!(headers["altloom-api-version"], "1");
        assert_eq!(headers["altloom-server-version"], env!("CARGO_PKG_VERSION"));
    }

    // A caller's own plain request id is kept; a hostile one is replaced.
    let (_, headers, _) = raw(
        &server,
        server
            .http
            .get(url("/v1/me"))
            .header("x-request-id", "ci-run-42"),
    )
    .await;
    assert_eq!(headers["x-request-id"], "ci-run-42");
    let (_, headers, _) = raw(
        &server,
        server
            .http
            .get(url("/v1/me"))
            .header("x-request-id", "a b<script>"),
    )
    .await;
    assert!(headers["x-request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_api_versions_and_secrets_in_urls_are_refused() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let ana = server.signup("Ana").await;
    let (status, _, body) = raw(
        &server,
        server
            .http
            .get(format!("{}/v1/me", server.base))
            .bearer_auth(&ana.token)
            .header("altloom-api-version", "2"),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("api_version_mismatch"))
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("version 1"));

    for query in [
        format!("access_token={}", ana.token),
        "token=abc".to_string(),
        "password=hunter2hunter2".to_string(),
        format!("anything={}", ana.token),
    ] {
        let (status, _, body) = raw(
            &server,
            server
                .http
                .get(format!("{}/v1/me?{query}", server.base))
                .bearer_auth(&ana.token),
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("secret_in_query")),
            "{query}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_is_rate_limited_per_ip_and_per_account() {
    let server = TestServer::start(
        Backend::Sqlite,
        &[
            ("ALTLOOM_AUTH_RATE_PER_MINUTE", "6"),
            ("ALTLOOM_AUTH_ACCOUNT_RATE_PER_MINUTE", "3"),
        ],
    )
    .await;
    let ana = server.signup("Ana").await;
    let attempt = |email: &str| {
        server
            .http
            .post(format!("{}/v1/auth/login", server.base))
            .json(&json!({"email": email, "password": "wrong password again"}))
    };
    for _ in 0..3 {
        let (status, _, _) = raw(&server, attempt(&ana.email)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The account's allowance is spent, even with the right password.
    let (status, headers, body) = raw(
        &server,
        server
            .http
            .post(format!("{}/v1/auth/login", server.base))
            .json(&json!({"email": ana.email, "password": ana.password})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Other accounts from this address still get through until the address's allowance ends
    // (sign-up, 3 tries and the refused one spent 5 of 6).
    let (status, _, _) = raw(&server, attempt("other@example.com")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = raw(&server, attempt("third@example.com")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_and_the_openapi_document_are_served() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let (status, _, ready) = raw(&server, server.http.get(format!("{}/readyz", server.base))).await;
    assert_eq!(
        (status, ready["status"].as_str()),
        (StatusCode::OK, Some("ready"))
    );

    let (status, _, document) = raw(
        &server,
        server.http.get(format!("{}/v1/openapi.json", server.base)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/v1/auth/signup",
        "/v1/auth/login",
        "/v1/auth/logout",
        "/v1/auth/device",
        "/v1/auth/device/token",
        "/v1/auth/device/approve",
        "/v1/me",
        "/v1/workspaces",
        "/v1/workspaces/{workspace}",
        "/v1/workspaces/{workspace}/members",
        "/v1/workspaces/{workspace}/members/{user}",
        "/v1/workspaces/{workspace}/invites",
        "/v1/workspaces/{workspace}/invites/{invite}",
        "/v1/invites/accept",
        "/v1/workspaces/{workspace}/tokens",
        "/v1/workspaces/{workspace}/tokens/{token}",
        "/v1/workspaces/{workspace}/jobs",
        "/v1/workspaces/{workspace}/jobs/{job}",
        "/v1/account/export",
        "/v1/account",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in [
        "Session",
        "WhoAmI",
        "TokenInfo",
        "JobReport",
        "Job",
        "AccountExport",
        "ErrorEnvelope",
    ] {
        assert!(schemas.contains_key(schema), "schema {schema} missing");
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );

    // Readiness follows the database: closed pool, not ready.
    server.state.store.close().await;
    let (status, _, body) = raw(&server, server.http.get(format!("{}/readyz", server.base))).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("unavailable"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_stuck_on_the_database_times_out_with_the_envelope() {
    use sqlx::{Connection, Executor};
    let server =
        TestServer::start(Backend::Sqlite, &[("ALTLOOM_REQUEST_TIMEOUT_SECONDS", "1")]).await;
    // Another process holding SQLite's write lock stalls every write behind its busy timeout.
    let mut blocker = sqlx::SqliteConnection::connect(&server.database.url)
        .await
        .unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let started = std::time::Instant::now();
    let (status, _, body) = raw(
        &server,
        server
            .http
            .post(format!("{}/v1/auth/signup", server.base))
            .json(&json!({
                "name": "Slow", "email": "slow@example.com", "password": "a long enough password",
                "workspace_name": "Slow"
            })),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("timeout"))
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    blocker.execute("ROLLBACK").await.unwrap();
    // Once the lock is gone the same sign-up works.
    let (status, _, _) = raw(
        &server,
        server
            .http
            .post(format!("{}/v1/auth/signup", server.base))
            .json(&json!({
                "name": "Slow", "email": "slow@example.com", "password": "a long enough password",
                "workspace_name": "Slow"
            })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    server.stop().await;
}
