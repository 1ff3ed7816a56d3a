//! The shared model call against an OpenAI-compatible fake server that checks each request the
//! way the real API would (model, an image part whose data URL holds a JPEG of at most 1024 px,
//! a strict and complete JSON schema) and can be told to fail: 429 then success, 500, a timeout,
//! malformed JSON, a refusal, a too-long alt text, a cut-off answer, no quota.

#![cfg(feature = "model")]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use altloom_shared::alt_model::{describe, ModelEndpoint, ModelError};
use altloom_shared::api::alt_text::{AltTextOptions, ImagePayload, MetadataField};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the fake answers to one request.
#[derive(Clone)]
enum Reply {
    Answer(Value),
    Status(u16, Value),
    Raw(&'static str),
    Hang,
}

struct Fake {
    url: String,
    requests: Arc<Mutex<Vec<Value>>>,
    problems: Arc<Mutex<Vec<String>>>,
}

/// A 2×1 JPEG, base64: small, real, and its header says 2×1.
const TINY_JPEG: &str = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAIBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut position = 2;
    while position + 9 < bytes.len() {
        if bytes[position] != 0xFF {
            return None;
        }
        let marker = bytes[position + 1];
        let length = u16::from_be_bytes([bytes[position + 2], bytes[position + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let height = u16::from_be_bytes([bytes[position + 5], bytes[position + 6]]) as u32;
            let width = u16::from_be_bytes([bytes[position + 7], bytes[position + 8]]) as u32;
            return Some((width, height));
        }
        position += 2 + length;
    }
    None
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET.iter().position(|candidate| *candidate == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    Some(bytes)
}

/// Checks a request the way the real API would; answers what is wrong.
fn check_request(request: &Value) -> Result<(), String> {
    if request["model"].as_str().is_none_or(str::is_empty) {
        return Err("model missing".into());
    }
    let schema = &request["response_format"]["json_schema"];
    if request["response_format"]["type"] != "json_schema" || schema["strict"] != true {
        return Err("response_format is not a strict json_schema".into());
    }
    let properties = schema["schema"]["properties"]
        .as_object()
        .ok_or("no properties")?;
    let required: Vec<&str> = schema["schema"]["required"]
        .as_array()
        .ok_or("no required list")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if properties
        .keys()
        .any(|key| !required.contains(&key.as_str()))
        || schema["schema"]["additionalProperties"] != false
    {
        return Err("strict schemas need every property required and no additional ones".into());
    }
    let user = request["messages"]
        .as_array()
        .ok_or("no messages")?
        .iter()
        .find(|message| message["role"] == "user")
        .ok_or("no user message")?;
    let image = user["content"]
        .as_array()
        .ok_or("user content is not parts")?
        .iter()
        .find(|part| part["type"] == "image_url")
        .ok_or("no image part")?;
    let url = image["image_url"]["url"].as_str().ok_or("no image url")?;
    let data = url
        .strip_prefix("data:image/jpeg;base64,")
        .ok_or("the image is not a JPEG data URL")?;
    let bytes = decode_base64(data).ok_or("the data URL is not base64")?;
    let (width, height) = jpeg_size(&bytes).ok_or("the data URL does not hold a JPEG")?;
    if width.max(height) > 1024 {
        return Err(format!("image is {width}x{height}, over 1024 px"));
    }
    Ok(())
}

async fn start(replies: Vec<Reply>) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let problems = Arc::new(Mutex::new(Vec::new()));
    let (seen, found) = (Arc::clone(&requests), Arc::clone(&problems));
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let replies = Arc::clone(&replies);
            let seen = Arc::clone(&seen);
            let found = Arc::clone(&found);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 65536];
                let (head_end, length) = loop {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if !head.starts_with("post /v1/chat/completions ") {
                            found
                                .lock()
                                .unwrap()
                                .push(format!("unexpected request line: {head}"));
                        }
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head_end + length {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                }
                let request: Value = serde_json::from_slice(&buffer[head_end..head_end + length])
                    .unwrap_or(Value::Null);
                if let Err(problem) = check_request(&request) {
                    found.lock().unwrap().push(problem);
                }
                seen.lock().unwrap().push(request);
                let reply = replies.lock().unwrap().pop_front().unwrap_or(Reply::Status(
                    500,
                    json!({"error": {"message": "no reply scripted", "type": "server_error"}}),
                ));
                let (status, body) = match reply {
                    Reply::Answer(value) => (200, value.to_string()),
                    Reply::Status(status, value) => (status, value.to_string()),
                    Reply::Raw(text) => (200, text.to_string()),
                    Reply::Hang => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                };
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    Fake {
        url,
        requests,
        problems,
    }
}

fn completion(content: Value, finish_reason: &str) -> Reply {
    Reply::Answer(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "fake-vision-1",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content.to_string(), "refusal": null}}]
    }))
}

fn good(alt: &str) -> Reply {
    completion(
        json!({"alt_text": alt, "title": "Red bicycle", "caption": "A red bicycle by a wall.",
               "description": "A red city bicycle leans against a brick wall.", "decorative": false,
               "filename_slug": "red-bicycle", "language": "en"}),
        "stop",
    )
}

fn endpoint(fake: &Fake, timeout: Duration) -> ModelEndpoint {
    ModelEndpoint {
        base_url: fake.url.clone(),
        model: "fake-vision-1".into(),
        api_key: Some("sk-test-secret".into()),
        timeout,
    }
}

fn image() -> ImagePayload {
    ImagePayload {
        media_type: "image/jpeg".into(),
        data_base64: TINY_JPEG.into(),
    }
}

fn options() -> AltTextOptions {
    AltTextOptions {
        language: Some("en".into()),
        keywords: vec!["bicycle".into()],
        context: Some("A bike shop's home page".into()),
        max_chars: Some(60),
        fields: Some(vec![MetadataField::Alt, MetadataField::Title]),
    }
}

#[tokio::test]
async fn a_good_answer_comes_back_validated_and_the_request_is_well_formed() {
    let fake = start(vec![good("Red bicycle against a brick wall")]).await;
    let result = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap();
    assert_eq!(
        result.alt_text.as_deref(),
        Some("Red bicycle against a brick wall")
    );
    assert_eq!(result.title.as_deref(), Some("Red bicycle"));
    assert_eq!(result.caption, None, "only the fields asked for");
    assert_eq!(result.model, "fake-vision-1");
    assert!(
        fake.problems.lock().unwrap().is_empty(),
        "{:?}",
        fake.problems.lock().unwrap()
    );
    let requests = fake.requests.lock().unwrap();
    assert_eq!(requests.len(), 1);
    let text = requests[0].to_string();
    assert!(text.contains("A bike shop's home page") && text.contains("bicycle"));
    assert!(text.contains("at most 60 characters"));
    assert_eq!(
        requests[0]["messages"][1]["content"][1]["image_url"]["detail"],
        "low"
    );
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_with_backoff() {
    let limited = Reply::Status(
        429,
        json!({"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}),
    );
    let broken = Reply::Status(
        500,
        json!({"error": {"message": "oops", "type": "server_error"}}),
    );
    let fake = start(vec![limited, broken, good("Red bicycle")]).await;
    let result = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await;
    assert_eq!(result.unwrap().alt_text.as_deref(), Some("Red bicycle"));
    assert_eq!(fake.requests.lock().unwrap().len(), 3);

    let always = Reply::Status(
        503,
        json!({"error": {"message": "down", "type": "server_error"}}),
    );
    let fake = start(vec![
        always.clone(),
        always.clone(),
        always.clone(),
        always.clone(),
        always,
    ])
    .await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, ModelError::Upstream { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(
        fake.requests.lock().unwrap().len(),
        4,
        "the first attempt and three retries, then give up"
    );
}

#[tokio::test]
async fn no_quota_and_client_errors_are_not_retried() {
    let quota = Reply::Status(
        429,
        json!({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}),
    );
    let fake = start(vec![quota]).await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, ModelError::UpstreamQuota(_)), "{error:?}");
    assert_eq!(fake.requests.lock().unwrap().len(), 1);

    let invalid = Reply::Status(
        400,
        json!({"error": {"message": "model not found", "type": "invalid_request_error"}}),
    );
    let fake = start(vec![invalid]).await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, ModelError::Upstream { status: 400, .. }),
        "{error:?}"
    );
    assert_eq!(fake.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_invalid_answer_is_retried_once_with_the_reason_then_reported() {
    let too_long = good(&"A very long description of a bicycle ".repeat(4));
    let fake = start(vec![too_long.clone(), good("Red bicycle by a wall")]).await;
    let result = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap();
    assert_eq!(result.alt_text.as_deref(), Some("Red bicycle by a wall"));
    let correction = fake.requests.lock().unwrap()[1]["messages"][2]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(correction.contains("at most 60"), "{correction}");

    let fake = start(vec![
        Reply::Raw("{this is not json"),
        too_long.clone(),
        too_long,
    ])
    .await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    // Malformed JSON from the provider is a transport failure (no retry of the answer), so
    // the first case reports it; a well-formed but unusable answer twice is InvalidAnswer.
    assert!(matches!(error, ModelError::Upstream { .. }), "{error:?}");

    let unusable = good(&"A very long description of a bicycle ".repeat(4));
    let fake = start(vec![unusable.clone(), unusable]).await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, ModelError::InvalidAnswer(ref reason) if reason.contains("at most 60")),
        "{error:?}"
    );
    assert_eq!(fake.requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn refusals_and_cut_off_answers_are_handled() {
    let refusal = Reply::Answer(json!({
        "id": "x", "object": "chat.completion", "created": 1, "model": "fake-vision-1",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]
    }));
    let fake = start(vec![refusal]).await;
    let error = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert_eq!(error, ModelError::Refused("I can't help with that.".into()));

    let cut = completion(json!({"alt_text": "Red"}), "length");
    let fake = start(vec![cut, good("Red bicycle")]).await;
    let result = describe(
        &endpoint(&fake, Duration::from_secs(10)),
        &image(),
        &options(),
    )
    .await
    .unwrap();
    assert_eq!(result.alt_text.as_deref(), Some("Red bicycle"));
}

#[tokio::test]
async fn a_hanging_provider_times_out() {
    let fake = start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let started = std::time::Instant::now();
    let error = describe(
        &endpoint(&fake, Duration::from_secs(1)),
        &image(),
        &options(),
    )
    .await
    .unwrap_err();
    assert_eq!(error, ModelError::Timeout(1));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(!format!("{error:?}").contains("sk-test-secret"));
}
