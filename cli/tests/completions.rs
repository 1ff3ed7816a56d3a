//! The committed completion scripts in `completions/` must match what the binary generates, so a
//! changed flag cannot ship with stale completions. Regenerate with `scripts/completions.sh`.

mod common;

use common::{exit_code, Sandbox};

#[test]
fn committed_completions_are_current() {
    let sandbox = Sandbox::new();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    for (shell, file) in [
        ("bash", "altloom.bash"),
        ("zsh", "_altloom"),
        ("fish", "altloom.fish"),
        ("powershell", "_altloom.ps1"),
        ("elvish", "altloom.elv"),
    ] {
        let output = sandbox.run(&["completions", shell]);
        assert_eq!(exit_code(&output), 0);
        let committed = std::fs::read_to_string(folder.join(file)).unwrap_or_default();
        assert!(
            committed == String::from_utf8_lossy(&output.stdout),
            "completions/{file} is stale: run scripts/completions.sh"
        );
        assert!(
            committed.contains("optimize"),
            "{file} covers the optimize command"
        );
    }
}
