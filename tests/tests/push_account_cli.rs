//! The main flow end to end with an account: `altloom sites add` (the real server checks the
//! Application Password against a real WordPress 6.1 and keeps it encrypted), then
//! `altloom optimize ./in --alt --push --site ...` (alt text from a stand-in model provider,
//! pushed with the files), the ledger shared through the server so another machine uploads
//! nothing again, `--site a,b` with a summary per site, and the plan's site limit.

mod common;

use altloom_shared::api::sites::SiteList;
use serde_json::Value;

use common::server::{CannedServer, Machine, ServerGuard};
use common::wordpress::{Role, WordPress};

/// A chat-completions answer whose content is the model's JSON answer.
const CHAT_ANSWER: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 362\r\n\r\n{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"alt_text\\\":\\\"A red bicycle against a brick wall\\\",\\\"title\\\":\\\"Red bicycle\\\",\\\"caption\\\":\\\"\\\",\\\"description\\\":\\\"\\\",\\\"decorative\\\":false,\\\"filename_slug\\\":\\\"red-bicycle\\\",\\\"language\\\":\\\"en\\\"}\"}}]}";

/// Plans where the free plan allows `sites` sites.
fn plans_file(folder: &std::path::Path, sites: u64) -> String {
    let path = folder.join("plans.toml");
    std::fs::write(
        &path,
        format!(
            "[plans.free]\nai_credits = 50\nsites = {sites}\nmembers = 3\n\n[plans.pro]\nai_credits = 2000\nsites = 10\nmembers = 10\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn sign_up(machine: &Machine, email: &str) {
    machine
        .run_with_input(
            &[
                "signup",
                "--name",
                "Ana Lima",
                "--email",
                email,
                "--workspace-name",
                "Studio",
                "--password-stdin",
            ],
            "correct horse battery staple\n",
        )
        .expect_code(0);
}

fn add_site(
    machine: &Machine,
    name: &str,
    wordpress: &WordPress,
    role: Role,
) -> common::server::Run {
    let (user, password) = wordpress.user(role);
    machine.run_with_input(
        &[
            "sites",
            "add",
            name,
            "--url",
            wordpress.url(),
            "--user",
            &user,
        ],
        &format!("{password}\n"),
    )
}

#[test]
fn optimize_alt_push_with_an_account_and_a_second_machine_uploads_nothing_again() {
    let first_site = WordPress::start();
    let second_site = WordPress::start();
    let provider = CannedServer::start(CHAT_ANSWER);
    let plans_folder = tempfile::tempdir().unwrap();
    let plans = plans_file(plans_folder.path(), 2);
    let server = ServerGuard::start_with(&[
        ("ALTLOOM_ALLOW_PRIVATE_SITES", "true"),
        ("ALTLOOM_PLANS_FILE", &plans),
        ("ALTLOOM_OPENAI_BASE_URL", &format!("{}/v1", provider.url)),
        ("ALTLOOM_OPENAI_MODEL", "test-model"),
    ]);
    let machine = Machine::new(&server.url);
    sign_up(&machine, "ana@example.test");

    // A subscriber and a wrong password are refused with the reason, and nothing is kept.
    let refused = add_site(&machine, "blog", &first_site, Role::Subscriber);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("may not upload media"),
        "{}",
        refused.stderr
    );
    let (admin, _) = first_site.user(Role::Administrator);
    let wrong = machine.run_with_input(
        &[
            "sites",
            "add",
            "blog",
            "--url",
            first_site.url(),
            "--user",
            &admin,
        ],
        "abcd efgh ijkl mnop qrst uvwx\n",
    );
    wrong.expect_code(1);
    assert!(
        wrong.stderr.contains("refused the credentials"),
        "{}",
        wrong.stderr
    );

    add_site(&machine, "blog", &first_site, Role::Administrator).expect_code(0);
    add_site(&machine, "shop", &second_site, Role::Editor).expect_code(0);
    let sites: SiteList = machine
        .run(&["sites", "list", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(sites.sites.len(), 2);
    let blog = sites.sites.iter().find(|site| site.name == "blog").unwrap();
    assert!(
        blog.wordpress_version
            .as_deref()
            .unwrap_or("")
            .starts_with("6.1"),
        "{blog:?}"
    );
    assert!(blog.upload_types.contains(&"image/webp".to_string()));
    assert!(!blog.upload_types.contains(&"image/avif".to_string()));
    // The plan allows two sites.
    let third = add_site(&machine, "third", &first_site, Role::Editor);
    third.expect_code(1);
    assert!(third.stderr.contains("plan"), "{}", third.stderr);
    machine.run(&["sites", "test", "blog"]).expect_code(0);

    machine.add_fixture("jpeg-baseline.jpg");
    machine.add_fixture("png-rgb8.png");
    let run = machine.run(&[
        "optimize",
        "in",
        "--formats",
        "original,webp",
        "--report",
        "report.json",
        "--alt",
        "--fields",
        "alt,title",
        "--push",
        "--site",
        "blog,shop",
    ]);
    run.expect_code(0);
    for site in ["blog", "shop"] {
        assert!(
            run.stderr.contains(&format!(
                "{site}: 2 uploaded, 0 updated, 0 unchanged, 0 failed"
            )),
            "{}",
            run.stderr
        );
    }
    for wordpress in [&first_site, &second_site] {
        let media = wordpress.media_list();
        assert_eq!(media.len(), 2);
        for attachment in &media {
            assert_eq!(attachment["alt_text"], "A red bicycle against a brick wall");
            assert_eq!(attachment["title"]["raw"], "Red bicycle");
            assert_eq!(attachment["mime_type"], "image/webp");
        }
    }

    // Another machine (CI with a push token) with the same files: the server's ledger says
    // everything is there already.
    let created = machine
        .run(&["tokens", "create", "CI deploy", "--scopes", "push"])
        .expect_code(0)
        .stdout
        .trim()
        .to_string();
    let token = created.lines().last().unwrap().trim().to_string();
    let ci = Machine::ci(&server.url, &token);
    copy_tree(&machine.path().join("in"), &ci.path().join("in"));
    copy_tree(
        &machine.path().join("altloom-out"),
        &ci.path().join("altloom-out"),
    );
    std::fs::copy(
        machine.path().join("report.json"),
        ci.path().join("report.json"),
    )
    .unwrap();
    let run = ci.run(&[
        "push",
        "--report",
        "report.json",
        "--site",
        "blog",
        "--json",
    ]);
    run.expect_code(0);
    let report: Value = run.json();
    let actions: Vec<&str> = report["sites"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["unchanged", "unchanged"], "{report:#}");
    assert_eq!(first_site.media_list().len(), 2);

    // Removing a site forgets it; pushing to it is then a clear error.
    machine
        .run(&["sites", "remove", "shop", "--yes"])
        .expect_code(0);
    let gone = machine.run(&["push", "--report", "report.json", "--site", "shop"]);
    gone.expect_code(1);
    assert!(gone.stderr.contains("shop"), "{}", gone.stderr);
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
