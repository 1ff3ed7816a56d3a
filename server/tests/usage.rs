//! Plans and AI-credit usage: exact reservations under contention on SQLite and PostgreSQL,
//! commit, release and expiry, the 402 answer, the usage report and the member limit.

mod common;

use std::sync::Arc;

use altloom_server::billing::credits;
use altloom_shared::time::Timestamp;
use common::{Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A plans file whose free plan has `credits` AI credits and room for `members` members.
fn plans_file(credits: u64, members: u64) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        format!(
            "[plans.free]\nai_credits = {credits}\nsites = 1\nmembers = {members}\n\
             [plans.pro]\nai_credits = 5000\nsites = 10\nmembers = 10\nstripe_price = \"price_pro\"\n"
        ),
    )
    .unwrap();
    file
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_reservations_grant_exactly_the_remaining_hundred_on_sqlite() {
    exact_under_contention(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_reservations_grant_exactly_the_remaining_hundred_on_postgres() {
    exact_under_contention(Backend::Postgres).await;
}

async fn exact_under_contention(backend: Backend) {
    let plans = plans_file(150, 3);
    let server = TestServer::start(
        backend,
        &[("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap())],
    )
    .await;
    let ana = server.signup("Ana").await;
    // Spend 50 of the 150 first, so 100 remain.
    let (status, reservation) = server
        .post(
            &format!("/v1/workspaces/{}/usage/reservations", ana.workspace_id),
            Some(&ana.token),
            json!({"credits": 50}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reservation}");
    let (status, _) = server
        .post(
            &format!(
                "/v1/workspaces/{}/usage/reservations/{}/commit",
                ana.workspace_id,
                reservation["id"].as_str().unwrap()
            ),
            Some(&ana.token),
            json!({"used": 50}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let state = Arc::new(server.state.clone());
    let workspace = Arc::new(ana.workspace_id.clone());
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let state = Arc::clone(&state);
            let workspace = Arc::clone(&workspace);
            tokio::spawn(async move {
                credits::reserve(
                    &state.store,
                    &state.config.billing,
                    &workspace,
                    1,
                    600,
                    Timestamp::now(),
                )
                .await
                .expect("no storage error under contention")
                .is_ok()
            })
        })
        .collect();
    let mut granted = 0;
    for task in tasks {
        if task.await.unwrap() {
            granted += 1;
        }
    }
    assert_eq!(granted, 100, "exactly the remaining credits are granted");
    let (_, usage) = server
        .get(
            &format!("/v1/workspaces/{}/usage", ana.workspace_id),
            &ana.token,
        )
        .await;
    assert_eq!(
        usage["credits"],
        json!({"allowance": 150, "used": 50, "reserved": 100, "remaining": 0})
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reservations_commit_release_expire_and_refuse_with_details() {
    let plans = plans_file(20, 3);
    let server = TestServer::start(
        Backend::Sqlite,
        &[("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap())],
    )
    .await;
    let ana = server.signup("Ana").await;
    let base = format!("/v1/workspaces/{}/usage", ana.workspace_id);
    let reserve = |credits: u64, ttl: Option<u64>| {
        let mut body = json!({"credits": credits});
        if let Some(ttl) = ttl {
            body["ttl_seconds"] = json!(ttl);
        }
        server.post(format!("{base}/reservations"), Some(&ana.token), body)
    };

    // The free plan's usage: calendar month, nothing used.
    let (status, usage) = server.get(&base, &ana.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(usage["plan"], "free");
    assert_eq!(usage["status"], "none");
    let month = altloom_server::billing::calendar_month(Timestamp::now());
    assert_eq!(usage["period_start"], month.start.to_string());
    assert_eq!(usage["period_end"], month.end.to_string());
    assert_eq!(usage["members"], json!({"used": 1, "allowed": 3}));
    assert_eq!(usage["sites"], json!({"used": 0, "allowed": 1}));

    // Commit part of a reservation: the rest comes back.
    let (_, first) = reserve(10, None).await;
    let (status, _) = server
        .post(
            &format!(
                "{base}/reservations/{}/commit",
                first["id"].as_str().unwrap()
            ),
            Some(&ana.token),
            json!({"used": 7}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // A second commit of the same reservation changes nothing.
    let (status, _) = server
        .post(
            &format!(
                "{base}/reservations/{}/commit",
                first["id"].as_str().unwrap()
            ),
            Some(&ana.token),
            json!({"used": 7}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Release gives everything back.
    let (_, second) = reserve(5, None).await;
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("{base}/reservations/{}", second["id"].as_str().unwrap()),
            Some(&ana.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, usage) = server.get(&base, &ana.token).await;
    assert_eq!(
        usage["credits"],
        json!({"allowance": 20, "used": 7, "reserved": 0, "remaining": 13})
    );

    // Beyond the allowance: 402 naming what remains and when the period resets.
    let (status, refused) = reserve(14, None).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(refused["error"]["code"], "quota_exceeded");
    assert_eq!(refused["error"]["quota"]["needed"], 14);
    assert_eq!(refused["error"]["quota"]["remaining"], 13);
    assert_eq!(
        refused["error"]["quota"]["resets_at"],
        month.end.to_string()
    );
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("13 remain"));

    // A reservation whose client died expires on its own and its credits return.
    let (status, held) = reserve(13, Some(10)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(reserve(1, None).await.0, StatusCode::PAYMENT_REQUIRED);
    let released = server
        .state
        .store
        .expire_reservations(Timestamp::now().plus_seconds(11))
        .await
        .unwrap();
    assert_eq!(released, 1);
    let (status, _) = server
        .post(
            &format!(
                "{base}/reservations/{}/commit",
                held["id"].as_str().unwrap()
            ),
            Some(&ana.token),
            json!({"used": 13}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an expired reservation cannot be committed"
    );
    let (_, usage) = server.get(&base, &ana.token).await;
    assert_eq!(usage["credits"]["remaining"], 13);

    // Bad requests are explained.
    assert_eq!(reserve(0, None).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(reserve(1, Some(5)).await.0, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_by_token_and_the_member_limit() {
    let plans = plans_file(20, 2);
    let server = TestServer::start(
        Backend::Sqlite,
        &[("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap())],
    )
    .await;
    let ana = server.signup("Ana").await;
    let ben = server.signup("Ben").await;
    let cy = server.signup("Cy").await;

    // A workspace token knows its workspace; a user with one workspace needs no parameter.
    let (ci, _) = server
        .workspace_token(&ana.token, &ana.workspace_id, &["jobs", "alt_text"])
        .await;
    let (status, usage) = server.get("/v1/usage", &ci).await;
    assert_eq!(
        (status, usage["plan"].as_str()),
        (StatusCode::OK, Some("free"))
    );
    assert_eq!(server.get("/v1/usage", &ana.token).await.0, StatusCode::OK);
    // A token without the alt_text scope cannot reserve credits.
    let (jobs_only, _) = server
        .workspace_token(&ana.token, &ana.workspace_id, &["jobs"])
        .await;
    let (status, body) = server
        .post(
            &format!("/v1/workspaces/{}/usage/reservations", ana.workspace_id),
            Some(&jobs_only),
            json!({"credits": 1}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("insufficient_scope"))
    );

    // Ben joins (2 of 2 members); Cy's invite is refused by the plan.
    let invite = |role: &str| {
        server.post(
            format!("/v1/workspaces/{}/invites", ana.workspace_id),
            Some(&ana.token),
            json!({"role": role}),
        )
    };
    let (_, for_ben) = invite("member").await;
    let (_, for_cy) = invite("member").await;
    let (status, _) = server
        .post(
            "/v1/invites/accept",
            Some(&ben.token),
            json!({"token": for_ben["token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server
        .post(
            "/v1/invites/accept",
            Some(&cy.token),
            json!({"token": for_cy["token"]}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::PAYMENT_REQUIRED, Some("plan_limit")),
        "{body}"
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("2 members"));
    // Ben now has two workspaces, so /v1/usage needs to be told which.
    let (status, body) = server.get("/v1/usage", &ben.token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, usage) = server
        .get(
            &format!("/v1/usage?workspace={}", ana.workspace_id),
            &ben.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(usage["members"], json!({"used": 2, "allowed": 2}));
    server.stop().await;
}
