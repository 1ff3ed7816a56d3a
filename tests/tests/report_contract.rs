//! The optimize report written by the CLI is the wire type in `altloom-shared`: a report the CLI
//! produces parses as the shared type, which later commands and the server read back.

use std::process::Command;

use altloom_shared::report::{OptimizeReport, REPORT_SCHEMA_VERSION};

#[test]
fn cli_report_matches_the_shared_schema() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/png-gray8.png");
    std::fs::copy(&fixture, input.join("a.png")).unwrap();
    let binary = altloom_binary();
    let output = Command::new(&binary)
        .current_dir(folder.path())
        .env("CI", "true")
        .env("XDG_CONFIG_HOME", folder.path())
        .args(["optimize", "in", "--out", "out", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: OptimizeReport = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report.schema_version, REPORT_SCHEMA_VERSION);
    assert_eq!(report.files.len(), 1);
    assert!(report.files[0].outputs[0].full_size);
}

/// The `altloom` binary next to this test executable (cargo builds it for the cli's own tests).
fn altloom_binary() -> std::path::PathBuf {
    let mut folder = std::env::current_exe().unwrap();
    folder.pop();
    if folder.ends_with("deps") {
        folder.pop();
    }
    let binary = folder.join("altloom");
    if !binary.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "altloom", "--bin", "altloom"])
            .status()
            .unwrap();
        assert!(status.success(), "building the altloom binary failed");
    }
    assert!(
        binary.is_file(),
        "altloom binary not found at {}",
        binary.display()
    );
    binary
}
