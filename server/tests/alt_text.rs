//! The metered AI metadata endpoint against an OpenAI-compatible fake: each way the provider
//! can behave (success, 429 then success, 500, a timeout, malformed JSON, a refusal, a too-long
//! alt text twice, no quota) ends with the right answer for the CLI and the right credit
//! balance: one credit for an answer, nothing for a failure.

mod common;

#[path = "../../shared/tests/support/fake_openai.rs"]
mod fake_openai;

use common::{Account, Backend, TestServer};
use fake_openai::{good, start, Reply, TINY_JPEG};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn plans_file(credits: u64) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        format!("[plans.free]\nai_credits = {credits}\nsites = 1\nmembers = 3\n"),
    )
    .unwrap();
    file
}

fn request() -> Value {
    json!({
        "image": {"media_type": "image/jpeg", "data_base64": TINY_JPEG},
        "options": {"language": "en", "max_chars": 60, "fields": ["alt", "title"],
                    "keywords": ["bicycle"], "context": "A bike shop"}
    })
}

async fn credits(server: &TestServer, account: &Account) -> Value {
    let (_, usage) = server
        .get(
            format!("/v1/workspaces/{}/usage", account.workspace_id),
            &account.token,
        )
        .await;
    usage["credits"].clone()
}

async fn start_with(
    fake_url: &str,
    credits: u64,
    timeout: &str,
) -> (TestServer, Account, tempfile::NamedTempFile) {
    let plans = plans_file(credits);
    let server = TestServer::start(
        Backend::Sqlite,
        &[
            ("ALTLOOM_PLANS_FILE", plans.path().to_str().unwrap()),
            ("ALTLOOM_OPENAI_BASE_URL", fake_url),
            ("ALTLOOM_OPENAI_API_KEY", "sk-test-server-key"),
            ("ALTLOOM_OPENAI_MODEL", "fake-vision-1"),
            ("ALTLOOM_OPENAI_TIMEOUT_SECONDS", timeout),
        ],
    )
    .await;
    let account = server.signup("Ana").await;
    (server, account, plans)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_provider_behaviour_ends_with_the_right_answer_and_balance() {
    let too_long = good(&"A very long description of a red bicycle ".repeat(3));
    let refusal = Reply::Answer(json!({
        "id": "x", "object": "chat.completion", "created": 1, "model": "fake-vision-1",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]
    }));
    let server_error = Reply::Status(
        500,
        json!({"error": {"message": "boom", "type": "server_error"}}),
    );
    let limited = Reply::Status(
        429,
        json!({"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}),
    );
    let no_quota = Reply::Status(
        429,
        json!({"error": {"message": "quota", "type": "insufficient_quota", "code": "insufficient_quota"}}),
    );
    // (replies, expected status, expected error code, credits charged)
    let cases: Vec<(Vec<Reply>, StatusCode, Option<&str>, u64)> = vec![
        (
            vec![good("Red bicycle against a wall")],
            StatusCode::OK,
            None,
            1,
        ),
        (
            vec![limited, good("Red bicycle against a wall")],
            StatusCode::OK,
            None,
            1,
        ),
        (
            vec![
                server_error.clone(),
                server_error.clone(),
                server_error.clone(),
                server_error,
            ],
            StatusCode::BAD_GATEWAY,
            Some("upstream_failed"),
            0,
        ),
        (
            vec![Reply::Raw("{not json")],
            StatusCode::BAD_GATEWAY,
            Some("upstream_failed"),
            0,
        ),
        (
            vec![refusal],
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("model_refused"),
            0,
        ),
        (
            vec![too_long.clone(), too_long],
            StatusCode::BAD_GATEWAY,
            Some("model_invalid_answer"),
            0,
        ),
        (
            vec![no_quota],
            StatusCode::SERVICE_UNAVAILABLE,
            Some("upstream_quota"),
            0,
        ),
        (
            vec![Reply::Hang, Reply::Hang, Reply::Hang, Reply::Hang],
            StatusCode::BAD_GATEWAY,
            Some("upstream_failed"),
            0,
        ),
    ];
    for (index, (replies, expected_status, expected_code, charged)) in cases.into_iter().enumerate()
    {
        let fake = start(replies).await;
        let (server, ana, _plans) = start_with(&fake.url, 10, "1").await;
        let path = format!("/v1/workspaces/{}/alt-text", ana.workspace_id);
        let (status, body) = server.post(&path, Some(&ana.token), request()).await;
        assert_eq!(status, expected_status, "case {index}: {body}");
        match expected_code {
            None => {
                assert_eq!(
                    body["alt_text"], "Red bicycle against a wall",
                    "case {index}"
                );
                assert_eq!(body["title"], "Red bicycle");
                assert!(body.get("caption").is_none(), "only the fields asked for");
                assert_eq!(body["credits_used"], 1);
                assert_eq!(body["model"], "fake-vision-1");
            }
            Some(code) => {
                assert_eq!(body["error"]["code"], code, "case {index}: {body}");
                assert!(
                    body["error"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("no credit was used"),
                    "{body}"
                );
            }
        }
        let balance = credits(&server, &ana).await;
        assert_eq!(balance["used"], charged, "case {index}: {balance}");
        assert_eq!(
            balance["reserved"], 0,
            "case {index}: nothing left held: {balance}"
        );
        assert!(
            fake.problems.lock().unwrap().is_empty(),
            "case {index}: {:?}",
            fake.problems.lock().unwrap()
        );
        // The server's key reaches the provider, never the client.
        assert!(!body.to_string().contains("sk-test-server-key"));
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_and_credits_are_checked_before_the_model_is_called() {
    let fake = start(vec![good("Red bicycle against a wall")]).await;
    let (server, ana, _plans) = start_with(&fake.url, 1, "10").await;
    let path = format!("/v1/workspaces/{}/alt-text", ana.workspace_id);

    // Not a JPEG, a PNG type, an image that is too large: refused with no model call.
    for (media_type, data) in [
        ("image/jpeg", "aGVsbG8gd29ybGQ="),
        ("image/png", TINY_JPEG),
        ("image/jpeg", "!!not base64!!"),
    ] {
        let mut body = request();
        body["image"] = json!({"media_type": media_type, "data_base64": data});
        let (status, answer) = server.post(&path, Some(&ana.token), body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_image")),
            "{answer}"
        );
    }
    assert!(fake.requests.lock().unwrap().is_empty());

    // The one credit is spent; the next request is refused with what remains, before any call.
    let (status, _) = server.post(&path, Some(&ana.token), request()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = server.post(&path, Some(&ana.token), request()).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{refused}");
    assert_eq!(refused["error"]["quota"]["remaining"], 0);
    assert_eq!(fake.requests.lock().unwrap().len(), 1);

    // A workspace token without the alt_text scope is refused; one with it uses /v1/alt-text.
    let (jobs_only, _) = server
        .workspace_token(&ana.token, &ana.workspace_id, &["jobs"])
        .await;
    let (status, _) = server
        .post("/v1/alt-text", Some(&jobs_only), request())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_provider_the_endpoint_says_so() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let ana = server.signup("Ana").await;
    let (status, body) = server
        .post(
            format!("/v1/workspaces/{}/alt-text", ana.workspace_id),
            Some(&ana.token),
            request(),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("ai_unavailable"))
    );
    assert_eq!(credits(&server, &ana).await["used"], 0);
    server.stop().await;
}
