//! The account commands end to end: the real `altloom` binary against the real
//! `altloom-server` (SQLite in a temporary folder), on machines without an OS keyring, from
//! sign-up to account deletion, plus the failure messages for servers that are missing or are
//! not Altloom servers.

mod common;

use altloom_shared::api::account::AccountExport;
use altloom_shared::api::auth::{PrincipalKind, WhoAmI};
use altloom_shared::api::jobs::JobList;
use altloom_shared::api::tokens::TokenList;
use altloom_shared::api::workspaces::WorkspaceList;
use altloom_shared::report::OptimizeReport;

use std::io::BufRead;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::server::{free_port, post_json, CannedServer, Machine, ServerGuard};

const EMAIL: &str = "ana@example.test";
const PASSWORD: &str = "correct horse battery staple";

/// Signs Ana up on `machine` and answers the command's run.
fn sign_up(machine: &Machine) -> common::server::Run {
    machine.run_with_input(
        &[
            "signup",
            "--name",
            "Ana Lima",
            "--email",
            EMAIL,
            "--workspace-name",
            "Studio",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    )
}

#[test]
fn the_account_lifecycle_from_signup_to_deletion() {
    let server = ServerGuard::start();
    let laptop = Machine::new(&server.url);

    // Sign-up logs in; with no keyring the token goes to a private file, and the user is told.
    let run = sign_up(&laptop);
    run.expect_code(0);
    let credentials = laptop.config_folder().join("credentials.toml");
    assert!(
        run.stderr.contains("warning: no OS keyring available"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("token saved to {}", credentials.display())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Studio"), "{}", run.stderr);
    assert_private_file(&credentials);
    let session = std::fs::read_to_string(laptop.config_folder().join("session.toml")).unwrap();
    assert!(session.contains(EMAIL), "{session}");
    assert!(
        !session.contains("alt_"),
        "no token in session.toml: {session}"
    );

    // Log out, and nothing works until the next login.
    laptop.run(&["logout"]).expect_code(0);
    assert!(
        !credentials.exists(),
        "logout removes the last stored token"
    );
    let run = laptop.run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("not logged in"), "{}", run.stderr);
    assert!(run.stderr.contains("altloom login"), "{}", run.stderr);

    // Log in with the password on stdin (not a terminal, so the prompt reads a line).
    let run = laptop.run_with_input(&["login", "--email", EMAIL], &format!("{PASSWORD}\n"));
    run.expect_code(0);
    assert!(run.stderr.contains(EMAIL), "{}", run.stderr);
    assert_private_file(&credentials);

    let run = laptop.run(&["whoami"]);
    run.expect_code(0);
    assert!(run.stdout.contains(EMAIL), "{}", run.stdout);
    assert!(run.stdout.contains("Studio"), "{}", run.stdout);
    let who: WhoAmI = laptop.run(&["whoami", "--json"]).expect_code(0).json();
    assert_eq!(who.kind, PrincipalKind::User);
    let studio = who.workspaces[0].clone();
    assert_eq!(studio.name, "Studio");

    let run = laptop.run(&["workspaces", "list"]);
    run.expect_code(0);
    let line = run
        .stdout
        .lines()
        .find(|line| line.contains("Studio"))
        .unwrap_or_else(|| panic!("no Studio line:\n{}", run.stdout));
    assert!(
        line.trim_start().starts_with('*'),
        "current workspace marked: {line}"
    );
    assert!(line.contains(&studio.id), "{line}");
    let list: WorkspaceList = laptop
        .run(&["workspaces", "list", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(list.workspaces.len(), 1);

    // A workspace token for CI: printed once, alone on stdout.
    let run = laptop.run(&["tokens", "create", "ci-main", "--scopes", "jobs"]);
    run.expect_code(0);
    let token = run.stdout.trim().to_string();
    assert!(
        token.starts_with("alt_"),
        "stdout is the token: {}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stderr.contains("only time"), "{}", run.stderr);
    assert!(
        !run.stderr.contains(&token),
        "the token is not repeated on stderr"
    );

    // CI: the token from ALTLOOM_TOKEN, nothing stored on that machine.
    let ci = Machine::ci(&server.url, &token);
    let run = ci.run(&["whoami"]);
    run.expect_code(0);
    assert!(run.stdout.contains("workspace token"), "{}", run.stdout);
    assert!(run.stdout.contains("from ALTLOOM_TOKEN"), "{}", run.stdout);
    assert!(run.stdout.contains("Studio"), "{}", run.stdout);

    // An optimize run in CI is reported to the workspace's job history.
    ci.add_fixture("jpeg-baseline.jpg");
    ci.add_fixture("png-gray8.png");
    let run = ci.run(&["optimize", "in", "--out", "out", "--json"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("not reported"), "{}", run.stderr);
    let local: OptimizeReport = run.json();
    let jobs: JobList = ci.run(&["jobs", "--json"]).expect_code(0).json();
    assert_eq!(jobs.jobs.len(), 1, "one job reported: {:?}", jobs.jobs);
    let job = &jobs.jobs[0];
    assert_eq!(job.workspace_id, studio.id);
    assert_eq!(job.token_name, "ci-main");
    assert_eq!(job.report.command, "optimize");
    assert_eq!(job.report.files, 2);
    assert_eq!(job.report.succeeded, local.summary.succeeded as u64);
    assert_eq!(job.report.unchanged, local.summary.unchanged as u64);
    assert_eq!(job.report.failed, 0);
    assert_eq!(
        job.report.outputs_written,
        local.summary.outputs_written as u64
    );
    assert_eq!(job.report.bytes_in, local.summary.bytes_in);
    assert_eq!(job.report.bytes_out, local.summary.bytes_out);
    assert_eq!(
        job.report.formats.values().sum::<u64>(),
        local.summary.outputs_written as u64
    );
    assert!(
        job.report.paths.is_none(),
        "no paths without --report-paths"
    );

    // A failing file: the reason is reported without its path, and the exit code stays 1.
    std::fs::write(ci.path().join("in/empty.jpg"), b"").unwrap();
    let run = ci.run(&["optimize", "in", "--out", "out"]);
    run.expect_code(1);
    assert!(!run.stderr.contains("not reported"), "{}", run.stderr);
    // Opting out sends nothing.
    ci.run(&["optimize", "in", "--out", "out", "--no-report-job"])
        .expect_code(1);

    // The person sees the same history, as a table.
    let run = laptop.run(&["jobs"]);
    run.expect_code(0);
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("ci-main"))
        .collect();
    assert_eq!(rows.len(), 2, "two reported runs:\n{}", run.stdout);
    let jobs: JobList = laptop.run(&["jobs", "--json"]).expect_code(0).json();
    assert_eq!(jobs.jobs.len(), 2);
    // Both runs may fall in the same second, where the server's order is not defined, so the
    // run with the failure is found by its content rather than its position.
    let newest = jobs
        .jobs
        .iter()
        .find(|listed| listed.id != job.id)
        .expect("the second run is listed");
    assert_eq!((newest.report.files, newest.report.failed), (3, 1));
    assert_eq!(newest.report.failures.len(), 1);
    let failure = &newest.report.failures[0];
    assert!(failure.path.is_none());
    assert!(failure.reason.contains("empty"), "{failure:?}");
    assert!(
        !failure.reason.contains(ci.path().to_str().unwrap()),
        "{failure:?}"
    );

    // Revoke the CI token: it is refused at once, with a message saying what to do.
    let tokens: TokenList = laptop
        .run(&["tokens", "list", "--json"])
        .expect_code(0)
        .json();
    let ci_token = tokens
        .tokens
        .iter()
        .find(|info| info.name == "ci-main")
        .expect("the CI token is listed");
    assert!(
        token.starts_with(&ci_token.hint),
        "the hint is the token's start"
    );
    let run = laptop.run(&["tokens", "list"]);
    run.expect_code(0);
    assert!(run.stdout.contains("ci-main"), "{}", run.stdout);
    laptop
        .run(&["tokens", "revoke", &ci_token.id])
        .expect_code(0);
    let run = ci.run(&["whoami"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("the token in ALTLOOM_TOKEN was revoked"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("altloom tokens create"),
        "{}",
        run.stderr
    );
    // Reporting fails now, which costs one warning line and never the exit code.
    let run = ci.run(&["optimize", "in", "--out", "out", "--force"]);
    run.expect_code(1);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("not reported"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("warning:"), "{}", warnings[0]);
    let run = ci.run(&["optimize", "in", "--out", "out", "--force", "-q"]);
    run.expect_code(1);
    assert!(!run.stderr.contains("not reported"), "{}", run.stderr);

    // The export holds the user and the jobs.
    let export: AccountExport = laptop.run(&["account", "export"]).expect_code(0).json();
    assert_eq!(export.user.email, EMAIL);
    assert!(export.jobs.iter().any(|exported| exported.id == job.id));
    let file = laptop.path().join("export.json");
    laptop
        .run(&["account", "export", "--output", file.to_str().unwrap()])
        .expect_code(0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(EMAIL) && text.contains(&job.id), "{text}");

    // Deleting needs a confirmation; without a terminal, --yes is that confirmation.
    let run = laptop.run(&["account", "delete"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    laptop.run(&["account", "delete", "--yes"]).expect_code(0);
    assert!(
        !credentials.exists(),
        "the deleted account's token is forgotten"
    );
    let run = laptop.run_with_input(&["login", "--email", EMAIL], &format!("{PASSWORD}\n"));
    run.expect_code(1);
    assert!(
        run.stderr.contains("wrong email or password"),
        "{}",
        run.stderr
    );
}

#[test]
fn login_with_token_reads_stdin_and_a_stored_login_that_is_revoked_says_log_in_again() {
    let server = ServerGuard::start();
    let laptop = Machine::new(&server.url);
    sign_up(&laptop).expect_code(0);
    let token = laptop
        .run(&["tokens", "create", "deploy"])
        .expect_code(0)
        .stdout
        .trim()
        .to_string();

    let runner = Machine::new(&server.url);
    let run = runner.run_with_input(&["login", "--with-token"], &format!("{token}\n"));
    run.expect_code(0);
    assert!(run.stderr.contains("deploy"), "{}", run.stderr);
    assert!(!run.stderr.contains(&token) && !run.stdout.contains(&token));
    runner.run(&["whoami"]).expect_code(0);

    let run = runner.run_with_input(&["login", "--with-token"], "not-a-token\n");
    run.expect_code(2);

    laptop.run(&["tokens", "revoke", "deploy"]).expect_code(0);
    let run = runner.run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("was revoked"), "{}", run.stderr);
    assert!(run.stderr.contains("altloom login"), "{}", run.stderr);

    // Logging out with a token the server already refuses still forgets it here.
    runner.run(&["logout"]).expect_code(0);
    let run = runner.run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("not logged in"), "{}", run.stderr);
}

#[test]
fn device_login_waits_for_approval_in_the_browser() {
    let server = ServerGuard::start();
    let laptop = Machine::new(&server.url);
    sign_up(&laptop).expect_code(0);
    let browser_token = laptop.stored_token();

    let headless = Machine::new(&server.url);
    let mut child = headless
        .command()
        .args(["login", "--device"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut shown = String::new();
    let code = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no code shown:\n{shown}"
        );
        shown.push_str(&line);
        let marker = "approve the code ";
        if let Some(index) = line.find(marker) {
            break line[index + marker.len()..].trim().to_string();
        }
    };
    assert!(shown.contains(&server.url), "{shown}");
    let status = post_json(
        &server.url,
        "/v1/auth/device/approve",
        &browser_token,
        &format!(r#"{{"user_code":"{code}"}}"#),
    );
    assert_eq!(status, 204, "approval accepted");
    let deadline = Instant::now() + Duration::from_secs(60);
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the device login never finished");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(exit.success(), "{shown}{rest}");
    assert!(rest.contains(EMAIL), "{rest}");
    let run = headless.run(&["whoami"]);
    run.expect_code(0);
    assert!(run.stdout.contains(EMAIL), "{}", run.stdout);
}

#[test]
fn an_invite_link_brings_a_second_person_into_the_workspace() {
    let server = ServerGuard::start();
    let ana = Machine::new(&server.url);
    sign_up(&ana).expect_code(0);
    let ben = Machine::new(&server.url);
    ben.run_with_input(
        &[
            "signup",
            "--name",
            "Ben Okafor",
            "--email",
            "ben@example.test",
            "--workspace-name",
            "Ben's",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    )
    .expect_code(0);

    let run = ana.run(&["workspaces", "invite", "--role", "admin"]);
    run.expect_code(0);
    let link = run.stdout.trim().to_string();
    assert!(
        link.contains('#'),
        "the link carries the token after #: {link}"
    );
    let run = ben.run_with_input(&["workspaces", "join"], &format!("{link}\n"));
    run.expect_code(0);
    assert!(run.stderr.contains("Joined Studio"), "{}", run.stderr);
    let list: WorkspaceList = ben
        .run(&["workspaces", "list", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(list.workspaces.len(), 2, "{list:?}");

    // Ben still works in his own workspace until he switches, by name.
    ben.run(&["workspaces", "switch", "studio"]).expect_code(0);
    let run = ben.run(&["workspaces", "members"]);
    run.expect_code(0);
    assert!(run.stdout.contains("ana@example.test"), "{}", run.stdout);
    assert!(run.stdout.contains("ben@example.test"), "{}", run.stdout);
    // --workspace wins over the switched one.
    let run = ben.run(&["workspaces", "members", "--workspace", "Ben's"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("ana@example.test"), "{}", run.stdout);

    // A used invite cannot be used again.
    let run = ben.run_with_input(&["workspaces", "join"], &format!("{link}\n"));
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
}

#[test]
fn repeated_wrong_passwords_are_told_when_to_try_again() {
    let server = ServerGuard::start();
    let laptop = Machine::new(&server.url);
    sign_up(&laptop).expect_code(0);
    let mut attempts = 0;
    let limited = loop {
        attempts += 1;
        assert!(attempts <= 30, "never rate-limited");
        let run = laptop.run_with_input(&["login", "--email", EMAIL], "wrong password\n");
        run.expect_code(1);
        if !run.stderr.contains("wrong email or password") {
            break run;
        }
    };
    assert!(
        limited.stderr.contains("too many attempts"),
        "{}",
        limited.stderr
    );
    assert!(
        limited.stderr.contains("try again in"),
        "{}",
        limited.stderr
    );
    assert_eq!(
        limited.stderr.matches("try again").count(),
        1,
        "{}",
        limited.stderr
    );
}

#[test]
fn an_unreachable_server_is_named_with_a_way_out() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let ci = Machine::ci(&url, "alt_unused");
    let run = ci.run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert!(run.stderr.contains(&url), "{}", run.stderr);
    assert!(run.stderr.contains("--api-url"), "{}", run.stderr);

    // Optimising does not depend on the server: one warning, exit code 0.
    ci.add_fixture("png-gray8.png");
    let run = ci.run(&["optimize", "in", "--out", "out"]);
    run.expect_code(0);
    let warnings = run
        .stderr
        .lines()
        .filter(|line| line.contains("not reported"))
        .count();
    assert_eq!(warnings, 1, "{}", run.stderr);

    // Logging out forgets the local login even when the server cannot be reached.
    let laptop = Machine::new(&url);
    std::fs::create_dir_all(laptop.config_folder()).unwrap();
    std::fs::write(
        laptop.config_folder().join("session.toml"),
        format!("api-url = \"{url}\"\n[servers.\"{url}\"]\ntoken-location = \"file\"\n"),
    )
    .unwrap();
    std::fs::write(
        laptop.config_folder().join("credentials.toml"),
        format!("[tokens]\n\"{url}\" = \"alt_old\"\n"),
    )
    .unwrap();
    let run = laptop.run(&["logout"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("could not be revoked"),
        "{}",
        run.stderr
    );
    assert!(!laptop.config_folder().join("credentials.toml").exists());
}

#[test]
fn a_server_without_the_version_header_is_not_taken_for_altloom() {
    let impostor = CannedServer::start(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
    );
    let ci = Machine::ci(&impostor.url, "alt_unused");
    let run = ci.run(&["whoami"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("does not look like an Altloom server"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&impostor.url), "{}", run.stderr);

    let newer = CannedServer::start(
        "HTTP/1.1 200 OK\r\naltloom-api-version: 2\r\naltloom-server-version: 9.0.0\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
    );
    let run = Machine::ci(&newer.url, "alt_unused").run(&["whoami"]);
    run.expect_code(1);
    assert!(run.stderr.contains("upgrade altloom"), "{}", run.stderr);
}

#[test]
fn the_api_url_is_a_setting_shown_by_config_show() {
    let machine = Machine::new("http://127.0.0.1:9");
    let run = machine.run(&["config", "show"]);
    run.expect_code(0);
    let line = run
        .stdout
        .lines()
        .find(|line| line.starts_with("api-url"))
        .unwrap_or_else(|| panic!("no api-url line:\n{}", run.stdout));
    assert!(line.contains("http://127.0.0.1:9"), "{line}");
    assert!(line.contains("ALTLOOM_API_URL"), "{line}");
    assert!(run.stdout.contains("[account]"), "{}", run.stdout);

    let run = machine.run(&["whoami", "--api-url", "ftp://nowhere"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--api-url"), "{}", run.stderr);
}

#[cfg(unix)]
fn assert_private_file(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "{} has mode {:o}",
        path.display(),
        mode
    );
}

#[cfg(not(unix))]
fn assert_private_file(path: &std::path::Path) {
    assert!(path.is_file(), "{}", path.display());
}
