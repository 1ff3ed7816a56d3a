//! Tests of settings layering through the real binary: flags > ALTLOOM_* > ./altloom.toml
//! (searched upward) > user config > defaults, and `altloom config show`.

mod common;

use std::fs;

use common::{exit_code, Sandbox};

#[test]
fn config_show_names_each_source() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path().join("home/.config/altloom")).unwrap();
    fs::write(
        sandbox.path().join("home/.config/altloom/config.toml"),
        "[optimize]\nquality = \"high\"\navif-speed = 4\n",
    )
    .unwrap();
    fs::write(
        sandbox.path().join("altloom.toml"),
        "[optimize]\nformats = [\"webp\", \"avif\"]\navif-speed = 8\n",
    )
    .unwrap();
    fs::create_dir_all(sandbox.path().join("deeper/still")).unwrap();
    let output = sandbox
        .command()
        .current_dir(sandbox.path().join("deeper/still"))
        .env("ALTLOOM_JOBS", "3")
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let line = |key: &str| {
        text.lines()
            .find(|line| line.split('=').next().unwrap().trim() == key)
            .unwrap_or_else(|| panic!("no line for {key} in:\n{text}"))
            .to_string()
    };
    assert!(
        line("quality").contains("\"high\"") && line("quality").contains("user config"),
        "{}",
        line("quality")
    );
    assert!(
        line("avif-speed").contains("8") && line("avif-speed").contains("project config"),
        "{}",
        line("avif-speed")
    );
    assert!(
        line("formats").contains("[\"webp\", \"avif\"]"),
        "{}",
        line("formats")
    );
    assert!(
        line("jobs").contains("3") && line("jobs").contains("ALTLOOM_JOBS"),
        "{}",
        line("jobs")
    );
    assert!(line("chroma").contains("default"), "{}", line("chroma"));
}

#[test]
fn flags_beat_environment_beat_files() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    fs::write(
        sandbox.path().join("altloom.toml"),
        "[optimize]\nformats = [\"png\"]\n",
    )
    .unwrap();
    let from_file = sandbox.run(&["optimize", "in", "--out", "out1", "-q"]);
    assert_eq!(exit_code(&from_file), 0);
    assert!(sandbox.path().join("out1/jpeg-baseline.png").is_file());

    let from_environment = sandbox
        .command()
        .env("ALTLOOM_FORMATS", "webp")
        .args(["optimize", "in", "--out", "out2", "-q"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&from_environment), 0);
    assert!(sandbox.path().join("out2/jpeg-baseline.webp").is_file());
    assert!(!sandbox.path().join("out2/jpeg-baseline.png").exists());

    let from_flag = sandbox
        .command()
        .env("ALTLOOM_FORMATS", "webp")
        .args(["optimize", "in", "--out", "out3", "-q", "--formats", "jpeg"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&from_flag), 0);
    assert!(sandbox.path().join("out3/jpeg-baseline.jpg").is_file());
    assert!(!sandbox.path().join("out3/jpeg-baseline.webp").exists());
}

#[test]
fn unknown_keys_and_bad_values_are_usage_errors_naming_the_culprit() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    fs::write(
        sandbox.path().join("altloom.toml"),
        "[optimize]\nqualty = \"high\"\n",
    )
    .unwrap();
    let output = sandbox.run(&["optimize", "in"]);
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("optimize.qualty") && stderr.contains("altloom.toml"),
        "{stderr}"
    );

    fs::write(sandbox.path().join("altloom.toml"), "[optimize]\n").unwrap();
    let output = sandbox
        .command()
        .env("ALTLOOM_QUALITY", "superb")
        .args(["optimize", "in"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ALTLOOM_QUALITY") && stderr.contains("superb"),
        "{stderr}"
    );
}
