//! Helpers for the integration tests: run the real `altloom` binary in an isolated environment,
//! find the shipped fixtures, decode outputs and measure perceptual difference.

#![allow(dead_code)]

pub mod fake_http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use altloom_shared::report::OptimizeReport;
use image::DynamicImage;

/// The folder of shipped fixture images.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

pub fn fixture(name: &str) -> PathBuf {
    let path = fixtures().join(name);
    assert!(path.is_file(), "missing fixture {}", path.display());
    path
}

/// A scratch workspace with its own HOME and config folder, so no user configuration leaks in.
pub struct Sandbox {
    pub folder: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let folder = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(folder.path().join("home/.config")).unwrap();
        std::fs::create_dir_all(folder.path().join("in")).unwrap();
        Sandbox { folder }
    }

    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    pub fn input(&self) -> PathBuf {
        self.path().join("in")
    }

    pub fn output(&self) -> PathBuf {
        self.path().join("out")
    }

    /// Copies fixtures into the input folder.
    pub fn add_fixtures(&self, names: &[&str]) {
        for name in names {
            std::fs::copy(fixture(name), self.input().join(name)).unwrap();
        }
    }

    pub fn write_input(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.input().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// A command for the real binary, run inside the sandbox with a clean environment.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_altloom"));
        command
            .current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("home/.config"))
            .env("XDG_CACHE_HOME", self.path().join("home/.cache"))
            .env("NO_COLOR", "1")
            .env("CI", "true");
        command
    }

    pub fn run(&self, arguments: &[&str]) -> Output {
        self.command()
            .args(arguments)
            .output()
            .expect("altloom runs")
    }

    /// Runs `optimize in --out out --json` plus `extra` and returns the parsed report.
    pub fn optimize_json(&self, extra: &[&str]) -> (OptimizeReport, Output) {
        let mut arguments = vec!["optimize", "in", "--out", "out", "--json"];
        arguments.extend_from_slice(extra);
        let output = self.run(&arguments);
        let report: OptimizeReport =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
                panic!(
                    "stdout is not a report ({error}); stderr:\n{}\nstdout:\n{}",
                    String::from_utf8_lossy(&output.stderr),
                    String::from_utf8_lossy(&output.stdout)
                )
            });
        (report, output)
    }
}

pub fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// Decodes a file by content.
pub fn decode(path: &Path) -> DynamicImage {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap_or_else(|error| panic!("{} does not decode: {error}", path.display()))
}

/// DSSIM between two images of the same size (0 = identical; ~0.01 is hard to see). Alpha is
/// compared by compositing both over a gray background.
pub fn dssim(reference: &DynamicImage, candidate: &DynamicImage) -> f64 {
    assert_eq!(
        (reference.width(), reference.height()),
        (candidate.width(), candidate.height()),
        "compared images differ in size"
    );
    let to_pixels = |image: &DynamicImage| -> Vec<rgb::RGBA<u8>> {
        image
            .to_rgba8()
            .pixels()
            .map(|pixel| {
                let [r, g, b, a] = pixel.0;
                rgb::RGBA::new(r, g, b, a)
            })
            .collect()
    };
    let attributes = dssim_core::Dssim::new();
    let width = reference.width() as usize;
    let height = reference.height() as usize;
    let first = attributes
        .create_image_rgba(&to_pixels(reference), width, height)
        .expect("dssim image");
    let second = attributes
        .create_image_rgba(&to_pixels(candidate), width, height)
        .expect("dssim image");
    let (value, _) = attributes.compare(&first, second);
    f64::from(value)
}
