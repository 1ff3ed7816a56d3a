//! `install.sh` under test: shellcheck finds nothing in it, and it installs (twice, then
//! uninstalls) the binaries this test run built into a temporary prefix and HOME, checks a release
//! archive's SHA-256 before installing it, and says what it would do for versions it cannot
//! install. Building from source is not run here: it would compile the codecs in release mode.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::server::{altloom_binary, server_binary};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../install.sh")
}

/// The release target name install.sh computes for this machine.
fn target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-gnu",
        "macos" => "apple-darwin",
        other => panic!("install.sh is not tested on {other}"),
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// Runs `sh install.sh ARGUMENTS` with a HOME of its own, bash as the login shell, and nothing
/// else from the environment but PATH.
fn run_script(home: &Path, arguments: &[&str]) -> Output {
    Command::new("sh")
        .arg(script())
        .args(arguments)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("SHELL", "/bin/bash")
        .output()
        .expect("sh runs")
}

fn text(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn stdout_of(binary: &Path, arguments: &[&str]) -> Vec<u8> {
    let output = Command::new(binary).args(arguments).output().unwrap();
    assert!(output.status.success());
    output.stdout
}

#[test]
fn shellcheck_finds_nothing_in_install_sh() {
    let output = Command::new("shellcheck")
        .args(["--shell=sh", "--severity=style"])
        .arg(script())
        .output()
        .unwrap_or_else(|error| {
            panic!("shellcheck cannot run ({error}): scripts/test.sh installs it (apt-get install shellcheck)")
        });
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn installs_built_binaries_idempotently_and_uninstalls_them() {
    let binary = altloom_binary();
    server_binary();
    let built = binary.parent().unwrap().to_str().unwrap().to_string();
    let folder = tempfile::tempdir().unwrap();
    let home = folder.path().join("home");
    let prefix = folder.path().join("prefix");
    let prefix_text = prefix.to_str().unwrap();
    let arguments = [
        "--from-target",
        built.as_str(),
        "--prefix",
        prefix_text,
        "--with-server",
    ];

    let output = run_script(&home, &arguments);
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(stdout.contains("Installed altloom "), "{stdout}");
    assert!(stdout.contains("To uninstall:"), "{stdout}");

    let installed = prefix.join("bin/altloom");
    let completion = home.join(".local/share/bash-completion/completions/altloom");
    let manual = prefix.join("share/man/man1/altloom.1");
    assert!(prefix.join("bin/altloom-server").is_file());
    assert_eq!(
        stdout_of(&installed, &["--version"]),
        stdout_of(&binary, &["--version"])
    );
    assert_eq!(
        std::fs::read(&completion).unwrap(),
        stdout_of(&binary, &["completions", "bash"])
    );
    assert_eq!(
        std::fs::read(&manual).unwrap(),
        stdout_of(&binary, &["man"])
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&installed).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    // A second run changes nothing but says so.
    let output = run_script(&home, &arguments);
    assert!(output.status.success(), "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Reinstalled altloom "));
    let manifest = std::fs::read_to_string(prefix.join("share/altloom/install-manifest")).unwrap();
    assert_eq!(manifest.lines().count(), 4, "{manifest}");

    let output = run_script(&home, &["--uninstall", "--prefix", prefix_text]);
    assert!(output.status.success(), "{}", text(&output));
    for path in [
        &installed,
        &completion,
        &manual,
        &prefix.join("bin/altloom-server"),
    ] {
        assert!(!path.exists(), "{} is still there", path.display());
    }
    let output = run_script(&home, &["--uninstall", "--prefix", prefix_text]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
}

/// A release folder laid out as install.sh expects: vVERSION/SHA256SUMS beside
/// vVERSION/altloom-VERSION-TARGET.tar.gz holding altloom-VERSION-TARGET/altloom.
fn fake_release(root: &Path, version: &str, binary: &Path) -> PathBuf {
    let release = root.join(format!("v{version}"));
    let name = format!("altloom-{version}-{}", target());
    std::fs::create_dir_all(release.join(&name)).unwrap();
    std::fs::copy(binary, release.join(&name).join("altloom")).unwrap();
    let archive = format!("{name}.tar.gz");
    let status = Command::new("tar")
        .current_dir(&release)
        .args(["-czf", &archive, &name])
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_dir_all(release.join(&name)).unwrap();
    let sums = Command::new("sha256sum")
        .current_dir(&release)
        .arg(&archive)
        .output()
        .unwrap();
    assert!(sums.status.success());
    std::fs::write(release.join("SHA256SUMS"), &sums.stdout).unwrap();
    release
}

#[test]
fn release_archives_are_installed_only_when_their_checksum_matches() {
    let binary = altloom_binary();
    let version = String::from_utf8_lossy(&stdout_of(&binary, &["--version"]))
        .trim()
        .trim_start_matches("altloom ")
        .to_string();
    let folder = tempfile::tempdir().unwrap();
    let home = folder.path().join("home");
    let releases = folder.path().join("releases");
    let release = fake_release(&releases, &version, &binary);
    let url = format!("file://{}", releases.display());

    let prefix = folder.path().join("good");
    let output = run_script(
        &home,
        &[
            "--release-url",
            &url,
            "--version",
            &version,
            "--prefix",
            prefix.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Checksum verified"), "{stdout}");
    assert!(stdout.contains("from the release archive"), "{stdout}");
    assert_eq!(
        std::fs::read(prefix.join("bin/altloom")).unwrap(),
        std::fs::read(&binary).unwrap()
    );

    // A tampered archive (or a wrong checksum) installs nothing.
    let sums = std::fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    let forged = format!("{}{}", "0".repeat(64), &sums[64..]);
    std::fs::write(release.join("SHA256SUMS"), forged).unwrap();
    let prefix = folder.path().join("forged");
    let output = run_script(
        &home,
        &["--release-url", &url, "--prefix", prefix.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("checksum mismatch"),
        "{}",
        text(&output)
    );
    assert!(text(&output).contains("nothing was installed"));
    assert!(!prefix.join("bin/altloom").exists());

    // No archive for this version: the script says so and would build from source.
    let output = run_script(
        &home,
        &[
            "--release-url",
            &url,
            "--version",
            "0.0.0-none",
            "--dry-run",
        ],
    );
    let all = text(&output);
    assert!(
        all.contains("No release archive of altloom 0.0.0-none for"),
        "{all}"
    );
    assert!(all.contains("building from source instead"), "{all}");
}

#[test]
fn dry_runs_name_the_source_and_refuse_versions_that_are_not_here() {
    let folder = tempfile::tempdir().unwrap();
    let home = folder.path().join("home");
    let output = run_script(&home, &["--dry-run"]);
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("No release archives of altloom are published yet"),
        "{stdout}"
    );
    assert!(stdout.contains("from source, this checkout"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}/.local/bin", home.display())),
        "{stdout}"
    );

    let output = run_script(&home, &["--version", "99.0.0", "--dry-run"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("has no tag v99.0.0"));

    let output = run_script(&home, &["--version"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let output = run_script(&home, &["--version", "1.0;rm"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}
