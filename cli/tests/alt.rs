//! `altloom alt` and `altloom optimize --alt` through the real binary, against fakes: an
//! OpenAI-compatible endpoint (bring your own model, no account) and an account server that
//! keeps AI credits. Human text is never overwritten without `--overwrite`, reviews and CSV
//! imports make text human, answers are cached so a rerun costs nothing, and the pre-run credit
//! check stops a run that does not fit (or, with `--allow-partial`, does what fits).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use altloom_shared::metadata_file::{MetadataEntry, MetadataFile, MetadataSource};
use altloom_shared::time::Timestamp;
use base64::Engine as _;
use common::fake_http::{FakeHttp, Response};
use common::{exit_code, Sandbox};
use serde_json::json;

const ALT: &str = "A red bicycle leaning against a brick wall";

/// A chat-completions answer whose message holds `content` as a JSON string.
fn chat_answer(content: &serde_json::Value) -> String {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content.to_string()},
            "finish_reason": "stop"
        }]
    })
    .to_string()
}

/// An OpenAI-compatible endpoint that describes every image as a red bicycle.
fn model_server() -> FakeHttp {
    FakeHttp::start(|request| {
        if request.method != "POST" || request.path != "/v1/chat/completions" {
            return Response::json("404 Not Found", r#"{"error":{"message":"no route"}}"#);
        }
        Response::json(
            "200 OK",
            chat_answer(&json!({
                "alt_text": ALT,
                "title": "Red bicycle",
                "caption": "A bicycle waits by the wall, with commas, \"quotes\" and all.",
                "description": "A red city bicycle stands against an old brick wall in soft light.",
                "decorative": false,
                "filename_slug": "red-bicycle-brick-wall",
                "language": "en"
            })),
        )
    })
}

/// The account server's side: AI credits left, and answers that each cost one.
struct Credits {
    remaining: AtomicU64,
    used: AtomicU64,
}

fn account_server(remaining: u64) -> (FakeHttp, Arc<Credits>) {
    let credits = Arc::new(Credits {
        remaining: AtomicU64::new(remaining),
        used: AtomicU64::new(0),
    });
    let state = Arc::clone(&credits);
    let server =
        FakeHttp::start(move |request| {
            let answer = match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/v1/me") => Response::json(
                "200 OK",
                json!({
                    "kind": "workspace",
                    "workspaces": [{"id": "ws_1", "name": "Studio", "role": "owner",
                                    "member_count": 1, "created_at": "2026-01-02T03:04:05Z"}],
                    "token": {"id": "tok_1", "name": "ci", "kind": "workspace",
                              "workspace_id": "ws_1", "scopes": ["alt_text"], "hint": "alt_abcd",
                              "created_at": "2026-01-02T03:04:05Z"},
                    "server_version": "0.1.0"
                })
                .to_string(),
            ),
            ("GET", "/v1/workspaces/ws_1/usage") => {
                let remaining = state.remaining.load(Ordering::SeqCst);
                let used = state.used.load(Ordering::SeqCst);
                Response::json(
                    "200 OK",
                    json!({
                        "plan": "free", "status": "none",
                        "period_start": "2026-01-01T00:00:00Z",
                        "period_end": "2026-02-01T00:00:00Z",
                        "credits": {"allowance": remaining + used, "used": used,
                                    "reserved": 0, "remaining": remaining},
                        "sites": {"used": 0, "allowed": 1},
                        "members": {"used": 1, "allowed": 3}
                    })
                    .to_string(),
                )
            }
            ("POST", "/v1/workspaces/ws_1/alt-text") => {
                let body = request.json();
                assert_eq!(body["image"]["media_type"], "image/jpeg");
                let taken = state
                    .remaining
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1));
                if taken.is_err() {
                    Response::json(
                        "402 Payment Required",
                        json!({"error": {"code": "quota_exceeded", "message": "no credits",
                            "quota": {"needed": 1, "remaining": 0,
                                      "resets_at": "2026-02-01T00:00:00Z"}}})
                        .to_string(),
                    )
                } else {
                    state.used.fetch_add(1, Ordering::SeqCst);
                    Response::json(
                        "200 OK",
                        json!({"alt_text": ALT, "title": "Red bicycle", "decorative": false,
                               "filename_slug": "red-bicycle", "model": "server-model",
                               "language": "en", "credits_used": 1})
                        .to_string(),
                    )
                }
            }
            _ => Response::json(
                "404 Not Found",
                r#"{"error":{"code":"not_found","message":"no such thing"}}"#,
            ),
        };
            answer.with_header("altloom-api-version", "1")
        });
    (server, credits)
}

/// The arguments that send images to the fake endpoint instead of an account.
fn byo(server: &FakeHttp) -> Vec<String> {
    vec![
        "--provider".into(),
        "openai-compatible".into(),
        "--base-url".into(),
        format!("{}/v1", server.url),
        "--model".into(),
        "test-model".into(),
    ]
}

fn run(sandbox: &Sandbox, arguments: &[&str], extra: &[String]) -> std::process::Output {
    let mut command = sandbox.command();
    command.args(arguments).args(extra).stdin(Stdio::null());
    command.output().expect("altloom runs")
}

#[track_caller]
fn expect_code(output: &std::process::Output, code: i32) {
    assert_eq!(
        exit_code(output),
        code,
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read_meta(path: &Path) -> MetadataFile {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn hash_of(path: &Path) -> String {
    blake3::hash(&std::fs::read(path).unwrap())
        .to_hex()
        .to_string()
}

/// A photo-sized PNG, larger than the 1024 px a model may see.
fn write_large_image(path: &Path) {
    let image = image::RgbImage::from_fn(1600, 900, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    image.save(path).unwrap();
}

#[test]
fn your_own_endpoint_needs_no_account_and_gets_a_small_jpeg_with_a_strict_schema() {
    let sandbox = Sandbox::new();
    write_large_image(&sandbox.input().join("large.png"));
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let server = model_server();
    let mut command = sandbox.command();
    command
        .args(["alt", "in"])
        .args(byo(&server))
        .env("OPENAI_API_KEY", "sk-test-key")
        .stdin(Stdio::null());
    let output = command.output().unwrap();
    expect_code(&output, 0);

    let meta = read_meta(&sandbox.path().join("altloom-meta.json"));
    assert_eq!(meta.entries.len(), 2);
    let entry = &meta.entries[&hash_of(&sandbox.input().join("large.png"))];
    assert_eq!(entry.path, "in/large.png");
    assert_eq!(entry.alt_text.as_deref(), Some(ALT));
    assert_eq!(entry.title.as_deref(), Some("Red bicycle"));
    assert_eq!(entry.source, MetadataSource::Ai);
    assert!(!entry.reviewed);
    assert_eq!(entry.language.as_deref(), Some("en"));
    assert!(entry.model.is_some());

    let requests = server.requests_to("/chat/completions");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("Bearer sk-test-key"));
        let body = request.json();
        assert_eq!(body["model"], "test-model");
        assert_eq!(body["response_format"]["type"], "json_schema");
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        let image_url = body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|message| message["role"] == "user")
            .flat_map(|message| message["content"].as_array().cloned().unwrap_or_default())
            .find(|part| part["type"] == "image_url")
            .expect("a user message with an image_url part")["image_url"]["url"]
            .as_str()
            .unwrap()
            .to_string();
        let data = image_url
            .strip_prefix("data:image/jpeg;base64,")
            .unwrap_or_else(|| panic!("not a JPEG data URL: {}", &image_url[..40]));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        let copy = image::load_from_memory(&bytes).unwrap();
        assert!(
            copy.width().max(copy.height()) <= 1024,
            "{}x{}",
            copy.width(),
            copy.height()
        );
    }
    let sizes: Vec<u32> = requests
        .iter()
        .map(|request| {
            let url = request.json()["messages"][1]["content"][1]["image_url"]["url"]
                .as_str()
                .unwrap()
                .to_string();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(url.split_once(',').unwrap().1)
                .unwrap();
            image::load_from_memory(&bytes).unwrap().width()
        })
        .collect();
    assert!(
        sizes.contains(&1024),
        "the large image is shrunk to 1024: {sizes:?}"
    );
}

#[test]
fn human_text_is_kept_unless_overwrite_and_a_rerun_asks_nothing() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png"]);
    let human_hash = hash_of(&sandbox.input().join("jpeg-baseline.jpg"));
    let mut file = MetadataFile::default();
    file.entries.insert(
        human_hash.clone(),
        MetadataEntry {
            path: "in/jpeg-baseline.jpg".into(),
            alt_text: Some("Written by the site's editor".into()),
            source: MetadataSource::Human,
            reviewed: true,
            generated_at: Timestamp(1_700_000_000),
            ..MetadataEntry::default()
        },
    );
    let meta = sandbox.path().join("altloom-meta.json");
    std::fs::write(&meta, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    let server = model_server();

    expect_code(&run(&sandbox, &["alt", "in"], &byo(&server)), 0);
    let after = read_meta(&meta);
    assert_eq!(after.entries[&human_hash], file.entries[&human_hash]);
    assert_eq!(after.entries.len(), 2);
    assert_eq!(server.requests().len(), 1, "only the image without text");

    expect_code(&run(&sandbox, &["alt", "in"], &byo(&server)), 0);
    assert_eq!(server.requests().len(), 1, "a rerun asks nothing");

    let mut overwrite = byo(&server);
    overwrite.extend(["--overwrite".to_string(), "--refresh".to_string()]);
    expect_code(&run(&sandbox, &["alt", "in"], &overwrite), 0);
    let replaced = read_meta(&meta);
    let entry = &replaced.entries[&human_hash];
    assert_eq!(entry.alt_text.as_deref(), Some(ALT));
    assert_eq!(entry.source, MetadataSource::Ai);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn review_edits_become_human_and_accepts_become_reviewed() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png", "webp-lossy.webp"]);
    let server = model_server();
    let mut fields = byo(&server);
    fields.extend(["--fields".to_string(), "alt,title".to_string()]);
    expect_code(&run(&sandbox, &["alt", "in"], &fields), 0);

    // In path order: jpeg-baseline (edit: alt, then title kept), png-rgb8 (accept),
    // webp-lossy (decorative).
    let mut child = sandbox
        .command()
        .args(["alt", "--review"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("edit\nA rusty bike by the old mill, 1921\n\naccept\ndecorative\n".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    expect_code(&output, 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("[1/3] in/jpeg-baseline.jpg"), "{stderr}");
    assert!(
        stderr.contains("1 accepted, 1 edited, 1 marked decorative"),
        "{stderr}"
    );

    let meta = read_meta(&sandbox.path().join("altloom-meta.json"));
    let entry = |name: &str| meta.entries[&hash_of(&sandbox.input().join(name))].clone();
    let edited = entry("jpeg-baseline.jpg");
    assert_eq!(
        edited.alt_text.as_deref(),
        Some("A rusty bike by the old mill, 1921")
    );
    assert_eq!(edited.title.as_deref(), Some("Red bicycle"));
    assert_eq!(edited.source, MetadataSource::Human);
    assert!(edited.reviewed);
    let accepted = entry("png-rgb8.png");
    assert_eq!(accepted.source, MetadataSource::Ai);
    assert!(accepted.reviewed);
    let decorative = entry("webp-lossy.webp");
    assert!(decorative.decorative);
    assert_eq!(decorative.alt_text.as_deref(), Some(""));
    assert_eq!(decorative.source, MetadataSource::Human);

    // Nothing is left to review, and a new run keeps every reviewed text.
    let again = run(&sandbox, &["alt", "--review"], &[]);
    expect_code(&again, 0);
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to review"));
    expect_code(&run(&sandbox, &["alt", "in"], &fields), 0);
    assert_eq!(
        read_meta(&sandbox.path().join("altloom-meta.json")),
        meta,
        "reviewed text survives a rerun"
    );
}

#[test]
fn a_csv_round_trip_keeps_commas_quotes_line_breaks_and_other_scripts() {
    let sandbox = Sandbox::new();
    let mut file = MetadataFile::default();
    let tricky = [
        ("h1", "a.jpg", "Comma, \"quote\" and\na line break"),
        ("h2", "b.jpg", "Кошка спит на подоконнике"),
        ("h3", "c.jpg", "東京タワーの夜景"),
        ("h4", "d.jpg", "مقهى صغير في الزاوية"),
    ];
    for (hash, path, alt) in tricky {
        file.entries.insert(
            hash.into(),
            MetadataEntry {
                path: path.into(),
                alt_text: Some(alt.into()),
                caption: Some("Line one\nline two, \"quoted\"".into()),
                generated_at: Timestamp(1_700_000_000),
                ..MetadataEntry::default()
            },
        );
    }
    let meta = sandbox.path().join("altloom-meta.json");
    std::fs::write(&meta, serde_json::to_vec(&file).unwrap()).unwrap();

    expect_code(
        &run(&sandbox, &["alt", "export", "--csv", "review.csv"], &[]),
        0,
    );
    let csv_path = sandbox.path().join("review.csv");
    expect_code(&run(&sandbox, &["alt", "import", "review.csv"], &[]), 0);
    assert_eq!(read_meta(&meta), file, "an untouched CSV changes nothing");

    // A spreadsheet user edits one cell: parse, change, write back with a CSV writer.
    let bytes = std::fs::read(&csv_path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let alt_column = headers.iter().position(|name| name == "alt_text").unwrap();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let row = rows.iter_mut().find(|row| &row[0] == "h2").unwrap();
    assert_eq!(&row[alt_column], "Кошка спит на подоконнике");
    let mut edited: Vec<String> = row.iter().map(str::to_string).collect();
    edited[alt_column] = "Рыжая кошка, \"Мурка\", спит\nна подоконнике".into();
    *row = csv::StringRecord::from(edited);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    std::fs::write(&csv_path, writer.into_inner().unwrap()).unwrap();

    let output = run(&sandbox, &["alt", "import", "review.csv"], &[]);
    expect_code(&output, 0);
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 edited"));
    let imported = read_meta(&meta);
    assert_eq!(
        imported.entries["h2"].alt_text.as_deref(),
        Some("Рыжая кошка, \"Мурка\", спит\nна подоконнике")
    );
    assert_eq!(imported.entries["h2"].source, MetadataSource::Human);
    assert!(imported.entries["h2"].reviewed);
    for hash in ["h1", "h3", "h4"] {
        assert_eq!(imported.entries[hash], file.entries[hash]);
    }
}

#[test]
fn with_an_account_a_cached_answer_costs_nothing() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png"]);
    let (server, credits) = account_server(10);
    let account = |sandbox: &Sandbox, arguments: &[&str]| {
        let mut command = sandbox.command();
        command
            .args(arguments)
            .env("ALTLOOM_API_URL", &server.url)
            .env("ALTLOOM_TOKEN", "alt_test_token")
            .stdin(Stdio::null());
        command.output().unwrap()
    };
    let first = account(&sandbox, &["alt", "in"]);
    expect_code(&first, 0);
    assert!(String::from_utf8_lossy(&first.stderr).contains("2 described (2 credits)"));
    assert_eq!(server.requests_to("/alt-text").len(), 2);
    assert_eq!(credits.used.load(Ordering::SeqCst), 2);
    let request = &server.requests_to("/alt-text")[0];
    assert_eq!(
        request.header("authorization"),
        Some("Bearer alt_test_token")
    );

    // The metadata file already has the text: nothing is asked, not even the credits.
    let before = server.requests().len();
    expect_code(&account(&sandbox, &["alt", "in"]), 0);
    assert_eq!(server.requests().len(), before);

    // Without the metadata file, the answer cache still has the answers.
    std::fs::remove_file(sandbox.path().join("altloom-meta.json")).unwrap();
    let third = account(&sandbox, &["alt", "in"]);
    expect_code(&third, 0);
    assert!(String::from_utf8_lossy(&third.stderr).contains("2 from earlier answers"));
    assert_eq!(server.requests_to("/alt-text").len(), 2);
    assert_eq!(credits.used.load(Ordering::SeqCst), 2);
    assert_eq!(
        read_meta(&sandbox.path().join("altloom-meta.json"))
            .entries
            .len(),
        2
    );
}

#[test]
fn the_credit_estimate_stops_a_run_that_does_not_fit_and_allow_partial_does_what_fits() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png", "webp-lossy.webp"]);
    let (server, credits) = account_server(1);
    let account = |arguments: &[&str]| {
        let mut command = sandbox.command();
        command
            .args(arguments)
            .env("ALTLOOM_API_URL", &server.url)
            .env("ALTLOOM_TOKEN", "alt_test_token")
            .stdin(Stdio::null());
        command.output().unwrap()
    };
    let stopped = account(&["alt", "in"]);
    expect_code(&stopped, 1);
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert!(
        stderr.contains("this run needs 3 AI credits; 1 remain"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-partial"), "{stderr}");
    assert!(
        server.requests_to("/alt-text").is_empty(),
        "no work started"
    );
    assert!(!sandbox.path().join("altloom-meta.json").exists());

    let partial = account(&["alt", "in", "--allow-partial"]);
    expect_code(&partial, 0);
    let stderr = String::from_utf8_lossy(&partial.stderr);
    assert!(stderr.contains("covered 1 of 3 images"), "{stderr}");
    assert!(stderr.contains("in/png-rgb8.png"), "{stderr}");
    assert!(stderr.contains("in/webp-lossy.webp"), "{stderr}");
    assert_eq!(server.requests_to("/alt-text").len(), 1);
    assert_eq!(credits.used.load(Ordering::SeqCst), 1);
    let meta = read_meta(&sandbox.path().join("altloom-meta.json"));
    assert_eq!(meta.entries.len(), 1);
    assert!(meta
        .entries
        .contains_key(&hash_of(&sandbox.input().join("jpeg-baseline.jpg"))));
}

#[test]
fn optimize_with_alt_writes_the_metadata_file_at_the_output_root() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.input().join("photos")).unwrap();
    std::fs::copy(
        common::fixture("jpeg-baseline.jpg"),
        sandbox.input().join("photos/bike.jpg"),
    )
    .unwrap();
    let server = model_server();
    let output = run(
        &sandbox,
        &[
            "optimize",
            "in",
            "--out",
            "out",
            "--formats",
            "original,webp",
            "--alt",
        ],
        &byo(&server),
    );
    expect_code(&output, 0);
    let meta = read_meta(&sandbox.output().join("altloom-meta.json"));
    let entry = &meta.entries[&hash_of(&sandbox.input().join("photos/bike.jpg"))];
    assert_eq!(entry.path, "photos/bike.jpg");
    assert_eq!(entry.alt_text.as_deref(), Some(ALT));

    let without = run(
        &sandbox,
        &["optimize", "in", "--out", "out2", "--lang", "de"],
        &[],
    );
    expect_code(&without, 2);
    assert!(String::from_utf8_lossy(&without.stderr).contains("--alt"));
}

#[test]
fn a_damaged_metadata_file_stops_the_run_and_is_left_alone() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let meta = sandbox.path().join("altloom-meta.json");
    std::fs::write(&meta, b"{\"schema_version\": 1, \"entries\": {\"x\": ").unwrap();
    let server = model_server();
    let output = run(&sandbox, &["alt", "in"], &byo(&server));
    expect_code(&output, 1);
    assert!(String::from_utf8_lossy(&output.stderr).contains("damaged"));
    assert_eq!(
        std::fs::read(&meta).unwrap(),
        b"{\"schema_version\": 1, \"entries\": {\"x\": "
    );
    assert!(server.requests().is_empty());
}
