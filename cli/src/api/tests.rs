//! Tests of the client against a canned HTTP server on the loopback interface: what every
//! request carries, and how each kind of answer becomes a result or an [`ApiError`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;

use super::*;

/// Answers each of `responses` in turn, one per connection, and hands back the raw requests.
struct CannedServer {
    url: String,
    requests: mpsc::Receiver<String>,
}

impl CannedServer {
    fn start(responses: Vec<String>) -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (sender, requests) = mpsc::channel();
        thread::spawn(move || {
            for response in responses {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let mut head = String::new();
                let mut content_length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        content_length = value.trim().parse().unwrap_or(0);
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; content_length];
                let _ = reader.read_exact(&mut body);
                head.push_str("\r\n");
                head.push_str(&String::from_utf8_lossy(&body));
                let _ = sender.send(head);
                let mut stream = reader.into_inner();
                let _ = stream.write_all(response.as_bytes());
            }
        });
        CannedServer { url, requests }
    }
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

const ALTLOOM: &[(&str, &str)] = &[
    ("altloom-api-version", "1"),
    ("altloom-server-version", "0.1.0"),
    ("x-request-id", "req_test"),
];

fn error_body(code: &str, message: &str) -> String {
    format!(r#"{{"error":{{"code":"{code}","message":"{message}","request_id":"req_body"}}}}"#)
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    runtime().unwrap().block_on(future)
}

const WORKSPACES: &str = r#"{"workspaces":[{"id":"ws_1","name":"Studio","role":"owner","member_count":1,"created_at":"2026-01-02T03:04:05Z"}]}"#;

#[test]
fn requests_carry_the_version_the_user_agent_and_the_token() {
    let server = CannedServer::start(vec![response("200 OK", ALTLOOM, WORKSPACES)]);
    let client = ApiClient::new(&format!("{}/", server.url), Timeouts::INTERACTIVE)
        .unwrap()
        .with_token(Secret::new("alt_secret"), TokenOrigin::StoredLogin);
    let list = block_on(client.workspaces()).unwrap();
    assert_eq!(list.workspaces[0].name, "Studio");
    let request = server.requests.recv().unwrap().to_ascii_lowercase();
    assert!(
        request.starts_with("get /v1/workspaces http/1.1"),
        "{request}"
    );
    assert!(request.contains("altloom-api-version: 1\r\n"), "{request}");
    assert!(
        request.contains("authorization: bearer alt_secret\r\n"),
        "{request}"
    );
    assert!(
        request.contains(&format!(
            "user-agent: altloom/{}\r\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{request}"
    );
}

#[test]
fn ids_in_paths_are_encoded_and_job_pages_use_the_query() {
    let server = CannedServer::start(vec![response("200 OK", ALTLOOM, r#"{"jobs":[]}"#)]);
    let client = ApiClient::new(&server.url, Timeouts::INTERACTIVE).unwrap();
    let list = block_on(client.jobs("ws/1", Some(5), Some("job 9"))).unwrap();
    assert!(list.jobs.is_empty() && list.next_before.is_none());
    let request = server.requests.recv().unwrap();
    assert!(
        request.starts_with("GET /v1/workspaces/ws%2F1/jobs?limit=5&before=job%209 HTTP/1.1"),
        "{request}"
    );
}

#[test]
fn an_answer_without_the_version_header_is_not_an_altloom_server() {
    let server = CannedServer::start(vec![response("200 OK", &[], WORKSPACES)]);
    let client = ApiClient::new(&server.url, Timeouts::INTERACTIVE).unwrap();
    let error = block_on(client.workspaces()).unwrap_err();
    assert!(
        matches!(error, ApiError::NotAltloom { status: 200, .. }),
        "{error:?}"
    );
}

#[test]
fn other_api_versions_are_named_with_the_way_out() {
    let newer = [
        ("altloom-api-version", "2"),
        ("altloom-server-version", "9.0.0"),
    ];
    let older = [("altloom-api-version", "0")];
    let server = CannedServer::start(vec![
        response("200 OK", &newer, WORKSPACES),
        response(
            "400 Bad Request",
            &older,
            &error_body("api_version_mismatch", "no"),
        ),
    ]);
    let client = ApiClient::new(&server.url, Timeouts::INTERACTIVE).unwrap();
    let error = block_on(client.workspaces()).unwrap_err();
    assert!(matches!(error, ApiError::ServerNewer { .. }), "{error:?}");
    assert!(error.to_string().contains("9.0.0"), "{error}");
    let error = block_on(client.workspaces()).unwrap_err();
    assert!(matches!(error, ApiError::ServerOlder { .. }), "{error:?}");
}

#[test]
fn error_envelopes_become_typed_errors() {
    let mut limited = ALTLOOM.to_vec();
    limited.push(("retry-after", "17"));
    let server = CannedServer::start(vec![
        response(
            "401 Unauthorized",
            ALTLOOM,
            &error_body("token_revoked", "revoked"),
        ),
        response(
            "401 Unauthorized",
            ALTLOOM,
            &error_body("invalid_credentials", "no"),
        ),
        response(
            "429 Too Many Requests",
            &limited,
            &error_body("rate_limited", "too many attempts"),
        ),
        response(
            "503 Service Unavailable",
            ALTLOOM,
            &error_body("unavailable", "database down"),
        ),
        response(
            "404 Not Found",
            ALTLOOM,
            &error_body("not_found", "no such workspace"),
        ),
        response("502 Bad Gateway", ALTLOOM, "<html>proxy</html>"),
    ]);
    let client = ApiClient::new(&server.url, Timeouts::INTERACTIVE)
        .unwrap()
        .with_token(Secret::new("alt_x"), TokenOrigin::Environment);

    let error = block_on(client.me()).unwrap_err();
    assert!(
        matches!(
            error,
            ApiError::TokenRejected {
                problem: TokenProblem::Revoked,
                origin: Some(TokenOrigin::Environment),
                ..
            }
        ),
        "{error:?}"
    );
    let error = block_on(client.me()).unwrap_err();
    assert!(
        matches!(error, ApiError::InvalidCredentials { .. }),
        "{error:?}"
    );
    let error = block_on(client.me()).unwrap_err();
    assert!(
        matches!(
            error,
            ApiError::RateLimited {
                retry_after_seconds: Some(17),
                ..
            }
        ),
        "{error:?}"
    );
    let error = block_on(client.me()).unwrap_err();
    assert!(
        matches!(&error, ApiError::ServerFailure { status: 503, request_id: Some(id), .. } if id == "req_body"),
        "{error:?}"
    );
    let error = block_on(client.me()).unwrap_err();
    assert_eq!(error.code(), Some("not_found"), "{error:?}");
    let error = block_on(client.me()).unwrap_err();
    assert!(
        matches!(&error, ApiError::ServerFailure { status: 502, request_id: Some(id), .. } if id == "req_test"),
        "{error:?}"
    );
}

#[test]
fn a_closed_port_is_unreachable_and_names_the_url() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = ApiClient::new(&url, Timeouts::INTERACTIVE).unwrap();
    let error = block_on(client.me()).unwrap_err();
    assert!(error.is_unreachable(), "{error:?}");
    assert!(error.to_string().contains(&url), "{error}");
}

#[test]
fn api_urls_are_normalised_and_checked() {
    assert_eq!(
        normalise_api_url(" https://app.altloom.com/ ").unwrap(),
        "https://app.altloom.com"
    );
    assert_eq!(
        normalise_api_url("http://127.0.0.1:8080/api//").unwrap(),
        "http://127.0.0.1:8080/api"
    );
    assert!(normalise_api_url("ftp://example.com").is_err());
    assert!(normalise_api_url("app.altloom.com").is_err());
    assert!(normalise_api_url("https://example.com/?x=1").is_err());
}

#[test]
fn a_quota_refusal_carries_the_numbers_and_says_what_to_do() {
    let body = r#"{"error":{"code":"quota_exceeded","message":"no","request_id":"req_q","quota":{"needed":240,"remaining":180,"resets_at":"2027-01-01T00:00:00Z"}}}"#;
    let server = CannedServer::start(vec![response("402 Payment Required", ALTLOOM, body)]);
    let client = ApiClient::new(&server.url, Timeouts::INTERACTIVE)
        .unwrap()
        .with_token(Secret::new("alt_test"), TokenOrigin::Environment);
    let error = block_on(client.reserve_credits(
        "ws_1",
        &ReserveRequest {
            credits: 240,
            ttl_seconds: None,
        },
    ))
    .unwrap_err();
    match &error {
        ApiError::QuotaExceeded { quota } => {
            assert_eq!((quota.needed, quota.remaining), (240, 180));
        }
        other => panic!("expected QuotaExceeded, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("this needs 240 AI credits; 180 remain"),
        "{message}"
    );
    assert!(message.contains("2027-01-01T00:00:00Z"), "{message}");
    assert!(message.contains("altloom billing upgrade"), "{message}");
    assert_eq!(error.code(), Some("quota_exceeded"));
    let request = server.requests.recv().unwrap();
    assert!(
        request.starts_with("POST /v1/workspaces/ws_1/usage/reservations "),
        "{request}"
    );
    assert!(request.contains(r#""credits":240"#), "{request}");
}

#[test]
fn alt_text_posts_the_image_and_keeps_ai_error_codes_whatever_the_status() {
    let answer = r#"{"alt_text":"A red bicycle against a brick wall","decorative":false,"filename_slug":"red-bicycle","model":"m1","language":"en","credits_used":1}"#;
    let server = CannedServer::start(vec![
        response("200 OK", ALTLOOM, answer),
        response(
            "429 Too Many Requests",
            ALTLOOM,
            &error_body("too_many_concurrent", "four requests are running"),
        ),
        response(
            "503 Service Unavailable",
            ALTLOOM,
            &error_body("ai_unavailable", "no model is configured"),
        ),
    ]);
    let client = ApiClient::new(&server.url, Timeouts::AI)
        .unwrap()
        .with_token(Secret::new("alt_secret"), TokenOrigin::Environment);
    let request = AltTextRequest {
        image: altloom_shared::api::alt_text::ImagePayload {
            media_type: "image/jpeg".into(),
            data_base64: "/9j/AA==".into(),
        },
        options: altloom_shared::api::alt_text::AltTextOptions {
            language: Some("en".into()),
            ..Default::default()
        },
    };
    let result = block_on(client.alt_text("ws_1", &request)).unwrap();
    assert_eq!(
        result.alt_text.as_deref(),
        Some("A red bicycle against a brick wall")
    );
    let sent = server.requests.recv().unwrap();
    assert!(
        sent.starts_with("POST /v1/workspaces/ws_1/alt-text HTTP/1.1"),
        "{sent}"
    );
    assert!(sent.contains(r#""data_base64":"/9j/AA==""#), "{sent}");

    let busy = block_on(client.alt_text("ws_1", &request)).unwrap_err();
    assert_eq!(busy.code(), Some("too_many_concurrent"));
    let unavailable = block_on(client.alt_text("ws_1", &request)).unwrap_err();
    assert_eq!(unavailable.code(), Some("ai_unavailable"));
    assert!(unavailable
        .to_string()
        .contains("--provider openai-compatible"));
}
