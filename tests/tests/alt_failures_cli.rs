//! Every way the model provider can fail, seen from the real CLI through the real server: the
//! CLI's exit code and message, the metadata file (no entry for a failed image), and the credit
//! balance afterwards (nothing charged for a failure; one credit for the success after a 429).

mod common;

#[path = "../../shared/tests/support/fake_openai.rs"]
mod fake_openai;

use altloom_shared::api::billing::Usage;
use altloom_shared::metadata_file::MetadataFile;
use fake_openai::{good, start, Reply};
use serde_json::json;

use common::server::{Machine, ServerGuard};

/// One provider behaviour: its name, the scripted replies, the CLI's exit code, words its
/// message must contain, metadata entries written and credits charged.
type Case = (&'static str, Vec<Reply>, i32, &'static str, usize, u64);

fn credits_used(machine: &Machine) -> u64 {
    machine
        .run(&["usage", "--json"])
        .expect_code(0)
        .json::<Usage>()
        .credits
        .used
}

fn entries(machine: &Machine) -> usize {
    match std::fs::read(machine.path().join("altloom-meta.json")) {
        Ok(bytes) => serde_json::from_slice::<MetadataFile>(&bytes)
            .unwrap()
            .entries
            .len(),
        Err(_) => 0,
    }
}

#[test]
fn each_provider_failure_leaves_no_entry_and_costs_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let too_long = good(&"A very long description of a red bicycle ".repeat(5));
    let refusal = Reply::Answer(json!({
        "id": "x", "object": "chat.completion", "created": 1, "model": "fake-vision-1",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]
    }));
    let broken = || {
        Reply::Status(
            500,
            json!({"error": {"message": "boom", "type": "server_error"}}),
        )
    };
    let limited = Reply::Status(
        429,
        json!({"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}),
    );
    // (name, provider replies, exit code, words the message must contain, entries, credits)
    let cases: Vec<Case> = vec![
        (
            "429 then success",
            vec![limited, good("Red bicycle against a wall")],
            0,
            "1 described",
            1,
            1,
        ),
        (
            "500",
            (0..16).map(|_| broken()).collect(),
            1,
            "AI provider failed",
            0,
            0,
        ),
        (
            "timeout",
            (0..16).map(|_| Reply::Hang).collect(),
            1,
            "AI provider failed",
            0,
            0,
        ),
        (
            "malformed JSON",
            (0..8).map(|_| Reply::Raw("{not json")).collect(),
            1,
            "AI provider failed",
            0,
            0,
        ),
        ("refusal", vec![refusal], 1, "declined", 0, 0),
        (
            "too-long alt text",
            vec![too_long.clone(), too_long],
            1,
            "not usable",
            0,
            0,
        ),
    ];
    for (name, replies, expected_code, expected_words, expected_entries, expected_credits) in cases
    {
        let fake = runtime.block_on(start(replies));
        let server = ServerGuard::start_with(&[
            ("ALTLOOM_OPENAI_BASE_URL", &fake.url),
            ("ALTLOOM_OPENAI_MODEL", "fake-vision-1"),
            ("ALTLOOM_OPENAI_TIMEOUT_SECONDS", "1"),
        ]);
        let machine = Machine::new(&server.url);
        machine
            .run_with_input(
                &[
                    "signup",
                    "--name",
                    "Ana Lima",
                    "--email",
                    "ana@example.test",
                    "--workspace-name",
                    "Studio",
                    "--password-stdin",
                ],
                "correct horse battery staple\n",
            )
            .expect_code(0);
        machine.add_fixture("jpeg-baseline.jpg");
        let run = machine.run(&["alt", "in", "--fields", "alt,title", "--concurrency", "1"]);
        assert_eq!(run.code, expected_code, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected_words),
            "{name}: expected `{expected_words}` in:\n{}",
            run.stderr
        );
        assert_eq!(
            entries(&machine),
            expected_entries,
            "{name}: metadata entries"
        );
        assert_eq!(credits_used(&machine), expected_credits, "{name}: credits");
        assert!(
            fake.problems.lock().unwrap().is_empty(),
            "{name}: {:?}",
            fake.problems.lock().unwrap()
        );
    }
}
