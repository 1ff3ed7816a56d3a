//! The GitHub Action's run step (`scripts/github-action.sh`, called by `action.yml`): shellcheck
//! finds nothing in it, every input it reads is passed by action.yml, and the inputs become the
//! expected `altloom optimize` command line, checked with a stand-in `altloom` that records its
//! arguments and environment. (GitHub itself, the cache and the install step are not run here.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn script() -> PathBuf {
    repository().join("scripts/github-action.sh")
}

/// A folder holding a stand-in `altloom` that writes each argument on its own line to
/// `arguments`, and the variables altloom reads to `environment`.
fn stand_in(folder: &Path) -> PathBuf {
    let bin = folder.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let altloom = bin.join("altloom");
    std::fs::write(
        &altloom,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{folder}/arguments'\n\
             env | grep '^ALTLOOM_' | sort > '{folder}/environment'\n",
            folder = folder.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&altloom, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

/// Runs the step with `inputs` as its environment; answers the output and the recorded
/// arguments and `ALTLOOM_*` variables.
fn run_step(inputs: &[(&str, &str)]) -> (Output, Vec<String>, Vec<String>) {
    let folder = tempfile::tempdir().unwrap();
    let bin = stand_in(folder.path());
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("sh")
        .arg(script())
        .current_dir(folder.path())
        .env_clear()
        .env("PATH", path)
        .env("RUNNER_TEMP", folder.path())
        .env("GITHUB_OUTPUT", folder.path().join("github-output"))
        .envs(inputs.iter().copied())
        .output()
        .unwrap();
    let lines = |name: &str| {
        std::fs::read_to_string(folder.path().join(name))
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let arguments = lines("arguments");
    let environment = lines("environment");
    if output.status.success() {
        let outputs = std::fs::read_to_string(folder.path().join("github-output")).unwrap();
        assert_eq!(
            outputs,
            format!(
                "report={}\n",
                folder.path().join("altloom-report.json").display()
            )
        );
    }
    (output, arguments, environment)
}

#[test]
fn shellcheck_finds_nothing_in_the_action_step() {
    let output = Command::new("shellcheck")
        .args(["--shell=sh", "--severity=style"])
        .arg(script())
        .output()
        .unwrap_or_else(|error| {
            panic!("shellcheck cannot run ({error}): scripts/test.sh installs it (apt-get install shellcheck)")
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn every_input_the_step_reads_is_passed_by_action_yml() {
    let step = std::fs::read_to_string(script()).unwrap();
    let action = std::fs::read_to_string(repository().join("action.yml")).unwrap();
    let mut names: Vec<&str> = step
        .match_indices("${INPUT_")
        .map(|(start, _)| {
            let name = &step[start + 2..];
            &name[..name.find([':', '}']).unwrap()]
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        if name == "INPUT_REPORT" {
            // Only for tests and local runs: the action always uses RUNNER_TEMP.
            continue;
        }
        assert!(
            action.contains(&format!("        {name}: ${{{{ inputs.")),
            "action.yml does not pass {name}"
        );
    }
}

#[test]
fn inputs_become_one_optimize_command_line() {
    let (output, arguments, environment) = run_step(&[
        ("INPUT_PATHS", "images\n  my photos/*.jpg  \n\n"),
        ("INPUT_PUSH", "true"),
        ("INPUT_SITE", "client-a,client-b"),
        ("INPUT_ARGS", "--formats original,webp  --alt"),
        ("INPUT_TOKEN", "alt_secret"),
        ("INPUT_SHARD", "2/4"),
        ("INPUT_API_URL", ""),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        arguments[..9],
        [
            "optimize",
            "images",
            "my photos/*.jpg",
            "--push",
            "--site",
            "client-a,client-b",
            "--formats",
            "original,webp",
            "--alt",
        ]
    );
    assert_eq!(arguments[9], "--report");
    assert!(arguments[10].ends_with("altloom-report.json"));
    // The token travels in the environment only, and empty inputs are not set at all.
    assert_eq!(
        environment,
        ["ALTLOOM_SHARD=2/4", "ALTLOOM_TOKEN=alt_secret"]
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.starts_with("altloom optimize images"), "{printed}");
    assert!(!printed.contains("alt_secret"), "{printed}");
}

#[test]
fn push_false_only_optimises_and_a_bad_push_value_stops() {
    let (output, arguments, _) = run_step(&[("INPUT_PUSH", "false"), ("INPUT_SITE", "client-a")]);
    assert!(output.status.success());
    assert_eq!(arguments[..2], ["optimize", "."]);
    assert!(!arguments.iter().any(|argument| argument == "--push"));
    assert!(!arguments.iter().any(|argument| argument == "--site"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("::warning::"));

    let (output, arguments, _) = run_step(&[("INPUT_PUSH", "yes")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(arguments.is_empty(), "altloom was run: {arguments:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("::error::"));
}
