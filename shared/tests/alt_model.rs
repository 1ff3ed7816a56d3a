//! The shared model call against an OpenAI-compatible fake server that checks each request the
//! way the real API would (model, an image part whose data URL holds a JPEG of at most 1024 px,
//! a strict and complete JSON schema) and can be told to fail: 429 then success, 500, a timeout,
//! malformed JSON, a refusal, a too-long alt text, a cut-off answer, no quota.

#![cfg(feature = "model")]

#[path = "support/fake_openai.rs"]
mod fake_openai;

use std::time::Duration;

use altloom_shared::alt_model::{describe, ModelEndpoint, ModelError};
use altloom_shared::api::alt_text::{AltTextOptions, ImagePayload, MetadataField};
use fake_openai::{completion, good, start, Fake, Reply, TINY_JPEG};
use serde_json::json;

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
