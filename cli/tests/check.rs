//! End-to-end tests of the CI gate `altloom optimize --check` with the real binary: optimised
//! images pass and unoptimised ones fail, budgets from altloom.toml, GitHub Actions annotations
//! and step summary, nothing written anywhere, broken files, thresholds from every layer, JSON,
//! and the flags of a normal run.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

use altloom_shared::report::{BudgetLimit, OptimizeReport};
use common::{exit_code, fixture, Sandbox};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Both streams, for assertion messages.
fn both(output: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(output), stderr(output))
}

/// Every file and folder below `root` with its size and modification time.
fn listing(root: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let metadata = entry.metadata().unwrap();
            if metadata.is_dir() {
                pending.push(entry.path());
            }
            entries.insert(
                entry.path().strip_prefix(root).unwrap().to_path_buf(),
                (metadata.len(), metadata.modified().unwrap()),
            );
        }
    }
    entries
}

fn json_report(output: &Output) -> OptimizeReport {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not a report ({error}); {}", both(output)))
}

#[test]
fn optimised_images_pass_and_unoptimised_ones_fail_by_name() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png"]);

    let output = sandbox.run(&["optimize", "in", "--check"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    let text = stdout(&output);
    assert!(
        text.contains("in/jpeg-baseline.jpg: could be"),
        "{}",
        both(&output)
    );
    assert!(text.contains("more than the 10% threshold"), "{text}");
    assert!(text.contains("check failed:"), "{text}");

    // The outputs of a real run are what an optimised repository holds: they pass.
    let output = sandbox.run(&["optimize", "in", "--out", "optimised"]);
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    let output = sandbox.run(&["optimize", "optimised", "--check"]);
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("check passed: 2 files"),
        "{}",
        both(&output)
    );
}

#[test]
fn the_threshold_comes_from_the_flag_the_environment_or_altloom_toml() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let output = sandbox.run(&["optimize", "in", "--check", "--json"]);
    let saved = json_report(&output).check.unwrap().files[0]
        .saved_percent
        .unwrap();
    assert!(saved > 10.0, "the fixture is not optimised: {saved}");
    let above = format!("{}%", saved.ceil() + 1.0);

    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", &above]);
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    let output = sandbox
        .command()
        .args(["optimize", "in", "--check"])
        .env("ALTLOOM_CHECK_THRESHOLD", saved.ceil().to_string())
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    fs::write(
        sandbox.path().join("altloom.toml"),
        format!("[optimize]\ncheck-threshold = \"{above}\"\n"),
    )
    .unwrap();
    let output = sandbox.run(&["optimize", "in", "--check"]);
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    // The flag beats the file.
    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", "5"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));

    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", "lots"]);
    assert_eq!(exit_code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("check-threshold"),
        "{}",
        both(&output)
    );
    let output = sandbox.run(&["optimize", "in", "--check-threshold", "5"]);
    assert_eq!(exit_code(&output), 2, "--check-threshold needs --check");
}

#[test]
fn a_broken_budget_is_an_error_annotation_and_a_row_of_the_step_summary() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.input().join("hero")).unwrap();
    fs::copy(
        fixture("jpeg-baseline.jpg"),
        sandbox.input().join("hero/photo.jpg"),
    )
    .unwrap();
    fs::copy(
        fixture("jpeg-progressive.jpg"),
        sandbox.input().join("small.jpg"),
    )
    .unwrap();
    fs::write(
        sandbox.path().join("altloom.toml"),
        "[[check.budget]]\nglob = \"hero/**/*.jpg\"\nmax-bytes = \"10KB\"\nmax-width = 50\n",
    )
    .unwrap();
    let summary = sandbox.path().join("step-summary.md");
    fs::write(&summary, "## Earlier step\n\nkept\n").unwrap();
    let output = sandbox
        .command()
        .args(["optimize", "in", "--check", "--check-threshold", "100%"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_WORKSPACE", sandbox.path())
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    let text = stdout(&output);
    // In a message only `%` and line breaks are escaped; `:` and `,` only in properties.
    assert!(
        text.contains(
            "::error file=in/hero/photo.jpg::19.8 KB is over the budget for hero/**/*.jpg: max-bytes 10KB\n"
        ),
        "{}",
        both(&output)
    );
    assert!(
        text.contains("px wide is over the budget for hero/**/*.jpg: max-width 50"),
        "{text}"
    );
    assert!(
        !text.contains("file=in/small.jpg"),
        "the budget covers only hero/: {text}"
    );
    let markdown = fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.starts_with("## Earlier step\n\nkept\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| File | Size now | Size optimized | Saving | Budget problem |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| in/hero/photo.jpg | 19.8 KB |"),
        "{markdown}"
    );
    assert!(markdown.contains("max-bytes 10KB"), "{markdown}");

    // Without a summary file the run says so and the verdict stands.
    let output = sandbox
        .command()
        .args(["optimize", "in", "--check", "--check-threshold", "100%"])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    assert!(
        stderr(&output).contains("GITHUB_STEP_SUMMARY is not set"),
        "{}",
        both(&output)
    );
    let output = sandbox
        .command()
        .args(["optimize", "in", "--check", "--check-threshold", "100%"])
        .env("GITHUB_ACTIONS", "true")
        .env(
            "GITHUB_STEP_SUMMARY",
            sandbox.path().join("no/such/folder.md"),
        )
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    assert!(
        stderr(&output).contains("cannot append the step summary"),
        "{}",
        both(&output)
    );

    // Outside GitHub Actions the same facts are in the summary, with no workflow commands.
    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", "100%"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    let text = stdout(&output);
    assert!(!text.contains("::error"), "{text}");
    assert!(
        text.contains("check failed: in/hero/photo.jpg: 19.8 KB is over the budget for hero/**/*.jpg: max-bytes 10KB"),
        "{text}"
    );
    assert!(text.contains("1 over a budget"), "{text}");
}

#[test]
fn invalid_budgets_are_usage_errors_naming_the_file_and_entry() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let cases = [
        (
            "[[check.budget]]\nglob = \"*.jpg\"\nmax-bytes = \"300 parsecs\"\n",
            "entry 1 (glob \"*.jpg\"): max-bytes",
        ),
        (
            "[[check.budget]]\nglob = \"*.jpg\"\nmax-width = 10\n[[check.budget]]\nglob = \"*.png\"\nmax-heigth = 5\n",
            "entry 2 (glob \"*.png\"): unknown key `max-heigth`",
        ),
        (
            "[[check.budget]]\nglob = \"a/[b\"\nmax-width = 10\n",
            "glob `a/[b` is invalid",
        ),
        ("[check]\nbudgets = 1\n", "unknown key `check.budgets`"),
    ];
    for (text, expected) in cases {
        fs::write(sandbox.path().join("altloom.toml"), text).unwrap();
        let output = sandbox.run(&["optimize", "in", "--check"]);
        assert_eq!(exit_code(&output), 2, "{text}: {}", both(&output));
        let message = stderr(&output);
        assert!(message.contains("altloom.toml"), "{text}: {message}");
        assert!(message.contains(expected), "{text}: {message}");
    }
}

#[test]
fn a_check_writes_nothing_anywhere() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png", "webp-lossy.webp"]);
    fs::write(
        sandbox.path().join("altloom.toml"),
        "[[check.budget]]\nglob = \"**\"\nmax-bytes = 1\n",
    )
    .unwrap();
    // Modification times must be able to differ from a write made during the run.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let before = listing(sandbox.path());
    for extra in [
        &[][..],
        &[
            "--formats",
            "webp,avif",
            "--widths",
            "32",
            "--avif-speed",
            "10",
        ][..],
        &["--out", "elsewhere", "--force"][..],
        &["--json"][..],
    ] {
        let mut arguments = vec!["optimize", "in", "--check"];
        arguments.extend_from_slice(extra);
        let output = sandbox.run(&arguments);
        assert_eq!(exit_code(&output), 1, "{extra:?}: {}", both(&output));
    }
    assert_eq!(
        listing(sandbox.path()),
        before,
        "no output, cache, report or temporary file"
    );
    assert!(!sandbox.path().join("altloom-out").exists());

    // A report is written only when asked for, and it carries the verdict.
    let output = sandbox.run(&["optimize", "in", "--check", "--report", "report.json"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    let report: OptimizeReport =
        serde_json::from_slice(&fs::read(sandbox.path().join("report.json")).unwrap()).unwrap();
    let check = report.check.expect("the report has the check");
    assert_eq!(check.files_checked, 3);
    assert_eq!(check.over_budget, 3);
    assert_eq!(
        check.files[0].budget_problems[0].limit,
        BudgetLimit::MaxBytes
    );
    assert_eq!(check.files[0].budget_problems[0].maximum, 1);
    assert!(report.dry_run);
}

#[test]
fn a_corrupt_file_fails_clearly_and_the_others_are_still_checked() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let good = fs::read(fixture("jpeg-progressive.jpg")).unwrap();
    sandbox.write_input("broken.jpg", &good[..good.len() / 3]);
    sandbox.write_input("garbage.png", b"\x89PNG\r\n\x1a\nnot a png at all");
    let output = sandbox.run(&["optimize", "in", "--check"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    let text = stdout(&output);
    assert!(
        text.contains("in/broken.jpg: could not be checked:"),
        "{}",
        both(&output)
    );
    assert!(
        text.contains("in/garbage.png: could not be checked:"),
        "{text}"
    );
    assert!(text.contains("in/jpeg-baseline.jpg: could be"), "{text}");
    assert!(text.contains("2 could not be checked"), "{text}");

    let output = sandbox.run(&["optimize", "in", "--check", "--json"]);
    let check = json_report(&output).check.unwrap();
    assert_eq!((check.files_checked, check.failed), (3, 2));
    assert_eq!(check.over_threshold, 1);
}

#[test]
fn json_carries_the_verdict_and_formats_widths_and_shards_work_as_in_a_run() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&[
        "jpeg-baseline.jpg",
        "jpeg-progressive.jpg",
        "png-rgb8.png",
        "png-palette.png",
    ]);
    let output = sandbox.run(&[
        "optimize",
        "in",
        "--check",
        "--json",
        "--formats",
        "webp,avif",
        "--widths",
        "32",
        "--avif-speed",
        "10",
    ]);
    let report = json_report(&output);
    let check = report.check.clone().unwrap();
    assert_eq!(check.threshold_percent, 10.0);
    assert_eq!(check.files_checked, 4);
    for file in &report.files {
        let smallest = file
            .outputs
            .iter()
            .filter(|output| output.full_size)
            .map(|output| output.bytes)
            .min()
            .unwrap();
        let saved = (1.0 - smallest as f64 / file.bytes as f64) * 100.0;
        let listed = check.files.iter().find(|checked| checked.path == file.path);
        match listed {
            Some(checked) => {
                assert_eq!(checked.optimized_bytes, Some(smallest), "{}", file.path);
                assert!(checked.over_threshold, "{}", file.path);
                assert!(matches!(
                    checked.optimized_format.as_deref(),
                    Some("webp" | "avif")
                ));
            }
            None => assert!(saved <= 10.0, "{}: {saved}", file.path),
        }
    }
    assert_eq!(exit_code(&output), if check.passed { 0 } else { 1 });

    let mut union = Vec::new();
    for shard in ["1/2", "2/2"] {
        let output = sandbox.run(&["optimize", "in", "--check", "--json", "--shard", shard]);
        let report = json_report(&output);
        assert_eq!(report.check.unwrap().files_checked, report.files.len());
        union.extend(report.files.into_iter().map(|file| file.path));
    }
    union.sort();
    let mut all: Vec<String> = report.files.iter().map(|file| file.path.clone()).collect();
    all.sort();
    assert_eq!(union, all, "the shards together check every file once");

    let output = sandbox.run(&["optimize", "in", "--check", "--alt"]);
    assert_eq!(exit_code(&output), 2, "--check writes nothing, so no --alt");
    let output = sandbox.run(&["optimize", "in", "--check", "--in-place", "--no-backup"]);
    assert_eq!(exit_code(&output), 2, "--check never replaces originals");
}

#[test]
fn budgets_of_the_user_config_apply_only_without_a_project_check_table() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-palette.png"]);
    let user = sandbox.path().join("home/.config/altloom");
    fs::create_dir_all(&user).unwrap();
    fs::write(
        user.join("config.toml"),
        "[[check.budget]]\nglob = \"*.png\"\nmax-bytes = 100\n",
    )
    .unwrap();
    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", "100"]);
    assert_eq!(exit_code(&output), 1, "{}", both(&output));
    assert!(
        stdout(&output).contains("max-bytes 100"),
        "{}",
        both(&output)
    );

    fs::write(
        sandbox.path().join("altloom.toml"),
        "[[check.budget]]\nglob = \"*.png\"\nmax-bytes = \"1MB\"\n",
    )
    .unwrap();
    let output = sandbox.run(&["optimize", "in", "--check", "--check-threshold", "100"]);
    assert_eq!(exit_code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("budgets from altloom.toml"),
        "{}",
        both(&output)
    );
}
