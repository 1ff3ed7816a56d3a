//! The committed manual page `man/altloom.1` must match what `altloom man` generates, so a
//! changed flag cannot ship with a stale page. Regenerate with `scripts/completions.sh`.

mod common;

use common::{exit_code, Sandbox};

#[test]
fn committed_manual_page_is_current() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["man"]);
    assert_eq!(exit_code(&output), 0);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../man/altloom.1");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == String::from_utf8_lossy(&output.stdout),
        "man/altloom.1 is stale: run scripts/completions.sh"
    );
    assert!(committed.contains("\n.TH ALTLOOM 1 "));
    assert!(committed.contains(".SS \"altloom optimize\""));
}
