//! `altloom alt` end to end: the real CLI against the real server, whose model provider is a
//! stand-in OpenAI-compatible endpoint. Each new image costs one credit, a rerun costs none
//! (the metadata file, then the answer cache), and the pre-run check refuses a run the credits
//! left cannot cover.

mod common;

use altloom_shared::api::billing::Usage;
use altloom_shared::metadata_file::{MetadataFile, MetadataSource};

use common::server::{CannedServer, Machine, ServerGuard};

/// A chat-completions answer (the message content is the JSON answer, as a string).
const CHAT_ANSWER: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 362\r\n\r\n{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"alt_text\\\":\\\"A red bicycle against a brick wall\\\",\\\"title\\\":\\\"Red bicycle\\\",\\\"caption\\\":\\\"\\\",\\\"description\\\":\\\"\\\",\\\"decorative\\\":false,\\\"filename_slug\\\":\\\"red-bicycle\\\",\\\"language\\\":\\\"en\\\"}\"}}]}";

fn credits_used(machine: &Machine) -> u64 {
    machine
        .run(&["usage", "--json"])
        .expect_code(0)
        .json::<Usage>()
        .credits
        .used
}

#[test]
fn each_new_image_costs_one_credit_and_a_rerun_costs_none() {
    let body_length = CHAT_ANSWER.split("\r\n\r\n").nth(1).unwrap().len();
    assert_eq!(body_length, 362, "the canned content-length is right");
    let provider = CannedServer::start(CHAT_ANSWER);
    let server = ServerGuard::start_with(&[
        ("ALTLOOM_OPENAI_BASE_URL", &format!("{}/v1", provider.url)),
        ("ALTLOOM_OPENAI_MODEL", "test-model"),
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
    machine.add_fixture("png-rgb8.png");

    let run = machine.run(&["alt", "in", "--fields", "alt,title"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("2 described (2 credits)"),
        "{}",
        run.stderr
    );
    assert_eq!(credits_used(&machine), 2);
    let meta_path = machine.path().join("altloom-meta.json");
    let meta: MetadataFile = serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    assert_eq!(meta.entries.len(), 2);
    for entry in meta.entries.values() {
        assert_eq!(
            entry.alt_text.as_deref(),
            Some("A red bicycle against a brick wall")
        );
        assert_eq!(entry.title.as_deref(), Some("Red bicycle"));
        assert_eq!(entry.source, MetadataSource::Ai);
        assert_eq!(entry.model.as_deref(), Some("test-model"));
    }

    // Everything is in the metadata file: nothing is asked, nothing is spent.
    machine
        .run(&["alt", "in", "--fields", "alt,title"])
        .expect_code(0);
    assert_eq!(credits_used(&machine), 2);
    // Without the file, the answer cache has the answers.
    std::fs::remove_file(&meta_path).unwrap();
    let cached = machine.run(&["alt", "in", "--fields", "alt,title"]);
    cached.expect_code(0);
    assert!(
        cached.stderr.contains("2 from earlier answers"),
        "{}",
        cached.stderr
    );
    assert_eq!(credits_used(&machine), 2);

    // 48 credits are left: a run that needs more is refused before any work.
    for index in 0..49 {
        let mut image = std::fs::read(machine.path().join("in/png-rgb8.png")).unwrap();
        image.extend_from_slice(format!("{index}").as_bytes());
        std::fs::write(machine.path().join(format!("in/copy-{index}.png")), image).unwrap();
    }
    let refused = machine.run(&["alt", "in", "--fields", "alt,title"]);
    refused.expect_code(1);
    assert!(
        refused
            .stderr
            .contains("this run needs 49 AI credits; 48 remain"),
        "{}",
        refused.stderr
    );
    assert_eq!(credits_used(&machine), 2);
}
