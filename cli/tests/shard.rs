//! `--shard K/N` end to end: the real binary, run once per shard over one tree, must handle every
//! file exactly once, whether the shard comes from the flag, `ALTLOOM_SHARD`, or `auto/N` with
//! Kubernetes' `JOB_COMPLETION_INDEX`.

mod common;

use std::collections::BTreeSet;

use common::{exit_code, fixture, Sandbox};

/// A sandbox whose input folder holds 30 small images in three subfolders.
fn sandbox_with_tree() -> Sandbox {
    let sandbox = Sandbox::new();
    let bytes = std::fs::read(fixture("graphic-flat.png")).unwrap();
    for number in 0..30 {
        sandbox.write_input(&format!("set-{}/image-{number}.png", number % 3), &bytes);
    }
    sandbox
}

/// The input paths a dry run of `optimize` would handle with `extra` arguments and `variables`.
fn handled(sandbox: &Sandbox, extra: &[&str], variables: &[(&str, &str)]) -> BTreeSet<String> {
    let mut command = sandbox.command();
    command.args(["optimize", "in", "--out", "out", "--json", "--dry-run"]);
    command.args(extra);
    for (name, value) in variables {
        command.env(name, value);
    }
    let output = command.output().expect("altloom runs");
    assert_eq!(
        exit_code(&output),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: altloom_shared::report::OptimizeReport =
        serde_json::from_slice(&output.stdout).expect("a report on stdout");
    report.files.into_iter().map(|file| file.path).collect()
}

#[test]
fn shards_from_the_flag_cover_the_batch_once() {
    let sandbox = sandbox_with_tree();
    let everything = handled(&sandbox, &[], &[]);
    assert_eq!(everything.len(), 30);
    let mut union = BTreeSet::new();
    let mut total = 0;
    for number in 1..=3 {
        let part = handled(&sandbox, &["--shard", &format!("{number}/3")], &[]);
        assert!(!part.is_empty(), "shard {number}/3 of 30 files is empty");
        total += part.len();
        union.extend(part);
    }
    assert_eq!(total, everything.len(), "a file was handled by two shards");
    assert_eq!(union, everything, "the shards together are the whole batch");
}

#[test]
fn the_environment_and_the_completion_index_pick_the_same_shards_as_the_flag() {
    let sandbox = sandbox_with_tree();
    for index in 0..3 {
        let from_flag = handled(&sandbox, &["--shard", &format!("{}/3", index + 1)], &[]);
        let from_variable = handled(
            &sandbox,
            &[],
            &[("ALTLOOM_SHARD", &format!("{}/3", index + 1))],
        );
        let from_index = handled(
            &sandbox,
            &["--shard", "auto/3"],
            &[("JOB_COMPLETION_INDEX", &index.to_string())],
        );
        assert_eq!(from_flag, from_variable);
        assert_eq!(from_flag, from_index);
    }
}

#[test]
fn a_bad_shard_is_a_usage_error_that_says_what_to_write() {
    let sandbox = sandbox_with_tree();
    let output = sandbox.run(&["optimize", "in", "--shard", "4/3"]);
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("from 1 to 3"), "{stderr}");

    let output = sandbox.run(&["optimize", "in", "--shard", "auto/3"]);
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("JOB_COMPLETION_INDEX"), "{stderr}");
}
