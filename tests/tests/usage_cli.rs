//! `altloom usage` end to end: the real CLI against the real server shows the plan, the credits
//! (including those held by a reservation), sites and members, as text and as JSON.

mod common;

use altloom_shared::api::billing::Usage;

use common::server::{post_json, Machine, ServerGuard};

#[test]
fn usage_shows_plan_credits_and_limits() {
    let server = ServerGuard::start();
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

    let usage: Usage = machine.run(&["usage", "--json"]).expect_code(0).json();
    assert_eq!(usage.plan, "free");
    assert_eq!(usage.credits.allowance, 50);
    assert_eq!(usage.credits.remaining, 50);
    assert_eq!(usage.members.used, 1);

    // Credits held by a reservation in flight show as reserved, not remaining.
    let token = machine.stored_token();
    let workspace = machine
        .run(&["whoami", "--json"])
        .expect_code(0)
        .json::<serde_json::Value>()["workspaces"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let status = post_json(
        &server.url,
        &format!("/v1/workspaces/{workspace}/usage/reservations"),
        &token,
        r#"{"credits": 12}"#,
    );
    assert_eq!(status, 201);
    let run = machine.run(&["usage"]);
    run.expect_code(0);
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(text.contains("Plan"), "{text}");
    assert!(text.contains("free (none)"), "{text}");
    assert!(
        text.contains("0 used, 12 reserved, 38 remaining of 50"),
        "{text}"
    );
    assert!(
        text.contains("Members") && text.contains("1 of 3"),
        "{text}"
    );
    assert!(text.contains("free and unlimited"), "{text}");
}
