//! Snapshot of what a person sees at the end of a run, with timings filtered out.

mod common;

use common::{exit_code, Sandbox};

#[test]
fn summary_output_is_stable() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-gray8.png", "graphic-flat.png"]);
    sandbox.write_input("broken.png", b"\x89PNG\r\n\x1a\nbroken");
    let output = sandbox.run(&["optimize", "in", "--out", "out"]);
    assert_eq!(exit_code(&output), 1);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    insta::with_settings!({filters => vec![
        (r"\d+\.\d s\b", "[TIME]"),
        (r"\d+(\.\d)? (B|KB|MB)", "[SIZE]"),
        (r"[-+]\d+\.\d%", "[PERCENT]"),
    ]}, {
        insta::assert_snapshot!("summary_stdout", stdout);
        insta::assert_snapshot!("summary_stderr", stderr);
    });
}
