//! `altloom init` end to end: the file it writes with `--yes` (and with answers piped in) is read
//! back through the settings layer, an existing file is never replaced without `--force`, and
//! `altloom optimize` accepts what it wrote.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;

use altloom::settings::{FlagValues, Settings, SettingsSources, Source};
use common::{exit_code, fixture, Sandbox};

/// The settings a command run in `sandbox` would see, with no user file and no environment.
fn settings_in(sandbox: &Sandbox) -> Settings {
    let sources = SettingsSources {
        working_folder: sandbox.path().to_path_buf(),
        user_file: None,
        environment: BTreeMap::new(),
        session: None,
    };
    Settings::load(&sources, FlagValues::default()).expect("the written file loads")
}

#[test]
fn init_with_yes_writes_the_suggestions_and_the_settings_layer_reads_them() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["init", "--yes"]);
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let settings = settings_in(&sandbox);
    assert_eq!(
        settings.list::<String>("formats").unwrap(),
        ["original", "webp"]
    );
    assert!(matches!(
        settings.source("formats"),
        Source::ProjectConfig(_)
    ));
    assert_eq!(settings.list::<u32>("widths").unwrap(), Vec::<u32>::new());
    assert_eq!(settings.parsed::<String>("quality").unwrap(), "web");
    assert_eq!(
        settings.list::<String>("site").unwrap(),
        Vec::<String>::new()
    );
    // The sandbox has no LANG, so the language is the default one, written explicitly.
    assert_eq!(settings.parsed::<String>("lang").unwrap(), "en");
    assert!(matches!(settings.source("lang"), Source::ProjectConfig(_)));

    // The file is what `altloom optimize` runs with.
    std::fs::copy(
        fixture("graphic-flat.png"),
        sandbox.input().join("flat.png"),
    )
    .unwrap();
    let (report, output) = sandbox.optimize_json(&[]);
    assert_eq!(exit_code(&output), 0);
    let formats: Vec<&str> = report.files[0]
        .outputs
        .iter()
        .map(|output| output.format.as_str())
        .collect();
    assert!(formats.contains(&"webp"), "{formats:?}");
}

#[test]
fn flags_and_piped_answers_fill_the_file() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&[
        "init",
        "--yes",
        "--formats",
        "webp,avif",
        "--widths",
        "960,480",
        "--quality",
        "high",
        "--site",
        "client-a,client-b",
        "--lang",
        "pt-BR",
    ]);
    assert_eq!(exit_code(&output), 0);
    let settings = settings_in(&sandbox);
    assert_eq!(
        settings.list::<String>("formats").unwrap(),
        ["webp", "avif"]
    );
    assert_eq!(settings.list::<u32>("widths").unwrap(), [480, 960]);
    assert_eq!(settings.parsed::<String>("quality").unwrap(), "high");
    assert_eq!(
        settings.list::<String>("site").unwrap(),
        ["client-a", "client-b"]
    );
    assert_eq!(settings.parsed::<String>("lang").unwrap(), "pt-BR");

    // Without a terminal, each question reads one line: an empty line keeps the suggestion and
    // `none` clears a list.
    let other = Sandbox::new();
    let mut child = other
        .command()
        .args(["init"])
        .env("LANG", "de_DE.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"jpeg,webp\n1920\n\nnone\n\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let settings = settings_in(&other);
    assert_eq!(
        settings.list::<String>("formats").unwrap(),
        ["jpeg", "webp"]
    );
    assert_eq!(settings.list::<u32>("widths").unwrap(), [1920]);
    assert_eq!(settings.parsed::<String>("quality").unwrap(), "web");
    assert_eq!(
        settings.list::<String>("site").unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(settings.parsed::<String>("lang").unwrap(), "de-DE");
}

#[test]
fn an_existing_file_is_kept_unless_forced_and_bad_answers_write_nothing() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("altloom.toml");
    std::fs::write(&path, "[optimize]\nquality = \"max-savings\"\n").unwrap();
    let output = sandbox.run(&["init", "--yes"]);
    assert_eq!(exit_code(&output), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[optimize]\nquality = \"max-savings\"\n"
    );

    let output = sandbox.run(&["init", "--yes", "--force"]);
    assert_eq!(exit_code(&output), 0);
    assert_eq!(
        settings_in(&sandbox).parsed::<String>("quality").unwrap(),
        "web"
    );

    let fresh = Sandbox::new();
    let output = fresh.run(&["init", "--yes", "--formats", "gif"]);
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--formats"), "{stderr}");
    assert!(!fresh.path().join("altloom.toml").exists());
    // No temporary file is left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(fresh.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(".altloom"))
        .collect();
    assert!(leftovers.is_empty());
}
