//! Quality targeting with the real binary: every JPEG and WebP output meets the target when the
//! whole decoded image is measured against its source, a stricter target costs bytes and a
//! looser one saves them, numbers in --quality turn the search off for their formats, the search
//! takes few trial encodes and says so, a rerun on optimised JPEGs does not shrink them again
//! (no second generation of loss) while ordinary JPEGs are searched below their own quality;
//! `--formats auto` keeps the smallest allowed format of
//! each variant. AVIF outputs are searched too, and checked with libavif's own decoder
//! (`avifdec`, from Debian's libavif-bin, which the test command installs).

mod common;

use std::path::{Path, PathBuf};

use altloom_shared::report::{OptimizeReport, OutputReport};
use common::{decode, dssim, exit_code, Sandbox};

/// A real photograph from the repository's samples (1920 px wide: the search uses tiles).
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../samples")
        .join(name)
}

fn outputs(report: &OptimizeReport) -> Vec<&OutputReport> {
    report.files.iter().flat_map(|file| &file.outputs).collect()
}

fn total_bytes(report: &OptimizeReport) -> u64 {
    outputs(report).iter().map(|output| output.bytes).sum()
}

/// Runs `optimize in --out OUT --json` with `extra` and parses the report.
fn optimize_into(sandbox: &Sandbox, out: &str, extra: &[&str]) -> OptimizeReport {
    let mut arguments = vec!["optimize", "in", "--out", out, "--json"];
    arguments.extend_from_slice(extra);
    let output = sandbox.run(&arguments);
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a report on stdout")
}

fn sandbox_with_photos() -> Sandbox {
    let sandbox = Sandbox::new();
    for name in ["yellow-flower.jpg", "colorful-cups.jpg"] {
        std::fs::copy(sample(name), sandbox.input().join(name)).unwrap();
    }
    sandbox.add_fixtures(&["png-rgb8.png"]);
    sandbox
}

#[test]
fn every_output_meets_the_target_on_the_whole_image() {
    let sandbox = sandbox_with_photos();
    let (report, output) = sandbox.optimize_json(&["--formats", "original,webp"]);
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut searched = 0;
    for file in &report.files {
        let source = decode(Path::new(&file.path));
        for output in &file.outputs {
            if output.format == "png" {
                assert!(output.target.is_none(), "lossless PNG is not searched");
                continue;
            }
            let search = output
                .target
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no search", output.path));
            searched += 1;
            assert_eq!(search.metric, "dssim");
            assert_eq!(search.target, 0.0015, "the web preset's target");
            assert!(search.met, "{search:?}");
            assert!(search.encodes >= 1 && search.encodes <= 5, "{search:?}");
            // Measured independently on the whole image. The search measures tiles of large
            // images, so a little slack is allowed; a search that ignored the target would be far
            // off (see the loose and strict runs below).
            let whole = dssim(&source, &decode(Path::new(&output.path)));
            assert!(
                whole <= search.target * 1.35,
                "{}: whole-image dssim {whole} for target {}",
                output.path,
                search.target
            );
        }
    }
    assert_eq!(searched, 5, "two photos in two formats, and the PNG's WebP");
    let text = String::from_utf8_lossy(
        &sandbox
            .run(&[
                "optimize",
                "in",
                "--out",
                "again",
                "--formats",
                "original,webp",
            ])
            .stdout,
    )
    .into_owned();
    assert!(
        text.contains("quality target dssim 0.0015: 5 outputs searched in"),
        "{text}"
    );
}

/// Decodes an AVIF file with libavif's `avifdec`, a decoder independent of the one Altloom
/// measures its trials with.
fn decode_with_avifdec(path: &Path) -> image::DynamicImage {
    let png = path.with_extension("avifdec.png");
    let status = std::process::Command::new("avifdec")
        .arg(path)
        .arg(&png)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("avifdec must be installed for this test (Debian: apt-get install libavif-bin)");
    assert!(
        status.success(),
        "avifdec could not decode {}",
        path.display()
    );
    decode(&png)
}

#[test]
fn avif_outputs_meet_the_target_as_libavif_decodes_them() {
    let sandbox = Sandbox::new();
    std::fs::copy(
        sample("yellow-flower.jpg"),
        sandbox.input().join("yellow-flower.jpg"),
    )
    .unwrap();
    sandbox.add_fixtures(&["png-rgba8.png"]);
    let mut sizes = Vec::new();
    for (folder, target) in [("strict", 0.0008), ("loose", 0.003)] {
        let target_argument = format!("dssim:{target}");
        let report = optimize_into(
            &sandbox,
            folder,
            &["--formats", "avif", "--target", &target_argument],
        );
        let mut searched = 0;
        for file in &report.files {
            let source = decode(Path::new(&file.path));
            for output in &file.outputs {
                assert_eq!(output.format, "avif");
                let search = output
                    .target
                    .as_ref()
                    .unwrap_or_else(|| panic!("{} has no search", output.path));
                searched += 1;
                assert!(search.met, "{search:?}");
                assert!(search.encodes >= 1 && search.encodes <= 5, "{search:?}");
                let decoded = decode_with_avifdec(Path::new(&output.path));
                assert_eq!(
                    decoded.color().has_alpha(),
                    source.color().has_alpha(),
                    "{}",
                    output.path
                );
                // Tiles of the large photo are measured, so allow a little slack, as above.
                let whole = dssim(&source, &decoded);
                assert!(
                    whole <= target * 1.35,
                    "{}: whole-image dssim {whole} for target {target}",
                    output.path
                );
            }
        }
        assert_eq!(searched, 2, "the photo and the transparent PNG");
        sizes.push(total_bytes(&report));
    }
    assert!(
        sizes[0] > sizes[1] * 3 / 2,
        "a strict target costs bytes: {sizes:?}"
    );
}

#[test]
fn stricter_targets_cost_bytes_and_numbers_turn_the_search_off() {
    let sandbox = sandbox_with_photos();
    let strict = optimize_into(&sandbox, "strict", &["--target", "dssim:0.0007"]);
    let loose = optimize_into(&sandbox, "loose", &["--target", "dssim:0.004"]);
    assert!(
        total_bytes(&strict) > total_bytes(&loose) * 3 / 2,
        "strict {} vs loose {}",
        total_bytes(&strict),
        total_bytes(&loose)
    );
    let settings = |report: &OptimizeReport| -> Vec<u8> {
        outputs(report)
            .iter()
            .filter_map(|output| output.target.as_ref().map(|search| search.setting))
            .collect()
    };
    assert!(settings(&strict)
        .iter()
        .zip(settings(&loose))
        .all(|(strict, loose)| *strict > loose));

    // A number is a fixed setting: no search.
    let fixed = optimize_into(&sandbox, "fixed", &["--quality", "80"]);
    assert!(outputs(&fixed).iter().all(|output| output.target.is_none()));
    let off = optimize_into(&sandbox, "off", &["--target", "off"]);
    assert!(outputs(&off).iter().all(|output| output.target.is_none()));
    // SSIMULACRA 2 works as the metric too.
    let other = optimize_into(&sandbox, "ssimulacra", &["--target", "ssimulacra2:70"]);
    let search = outputs(&other)
        .iter()
        .find_map(|output| output.target.clone())
        .expect("a search");
    assert_eq!(search.metric, "ssimulacra2");
    assert!(search.score >= 70.0, "{search:?}");

    let output = sandbox.run(&["optimize", "in", "--target", "psnr:40"]);
    assert_eq!(exit_code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown metric `psnr`"));
}

#[test]
fn optimised_jpegs_are_not_shrunk_again_on_a_rerun() {
    let sandbox = sandbox_with_photos();
    let (first, _) = sandbox.optimize_json(&[]);
    let first_jpegs: Vec<(String, u64)> = outputs(&first)
        .iter()
        .filter(|output| output.format == "jpeg")
        .map(|output| (output.path.clone(), output.bytes))
        .collect();
    assert_eq!(first_jpegs.len(), 2);
    let output = sandbox.run(&["optimize", "out", "--out", "second", "--json"]);
    let second: OptimizeReport = serde_json::from_slice(&output.stdout).unwrap();
    for (path, bytes) in first_jpegs {
        let name = Path::new(&path).file_name().unwrap().to_owned();
        let again = outputs(&second)
            .into_iter()
            .find(|output| Path::new(&output.path).file_name().unwrap() == name)
            .expect("the rerun wrote the same file");
        assert!(
            again.bytes * 100 >= bytes * 95,
            "{path}: {bytes} bytes became {} on a rerun",
            again.bytes
        );
    }
}

#[test]
fn ordinary_jpegs_are_searched_below_their_own_quality() {
    // A photo saved by libjpeg (the image crate's encoder, standard tables) at quality 88: not
    // made by an optimiser, so the search may go below 88 as far as the target allows.
    let sandbox = Sandbox::new();
    let photo = image::open(sample("yellow-flower.jpg")).unwrap();
    let mut saved = Vec::new();
    photo
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut saved, 88,
        ))
        .unwrap();
    std::fs::write(sandbox.input().join("saved-at-88.jpg"), &saved).unwrap();
    let report = optimize_into(&sandbox, "out", &["--target", "dssim:0.003"]);
    let output = outputs(&report)[0];
    let search = output.target.as_ref().expect("a search");
    assert!(search.met, "{search:?}");
    assert!(search.setting < 75, "{search:?}");
    assert!(
        output.bytes * 10 < saved.len() as u64 * 9,
        "{} bytes from {}",
        output.bytes,
        saved.len()
    );
    let whole = dssim(
        &decode(&sandbox.input().join("saved-at-88.jpg")),
        &decode(Path::new(&output.path)),
    );
    assert!(whole <= 0.003 * 1.35, "whole-image dssim {whole}");
}

#[test]
fn auto_keeps_the_smallest_allowed_format_of_each_variant() {
    let sandbox = sandbox_with_photos();
    sandbox.add_fixtures(&["png-rgba8.png"]);
    let report = optimize_into(&sandbox, "auto", &["--formats", "auto", "--widths", "480"]);
    for file in &report.files {
        let transparent = file.path.ends_with("png-rgba8.png");
        // One output per variant: the full size and (for inputs wider than 480 px) the width.
        let full: Vec<_> = file
            .outputs
            .iter()
            .filter(|output| output.full_size)
            .collect();
        assert_eq!(full.len(), 1, "{}: {:?}", file.path, file.outputs);
        for output in &file.outputs {
            let note = output.note.as_deref().unwrap_or_default();
            assert!(note.starts_with("auto: "), "{note}");
            assert!(output.path.ends_with(match output.format.as_str() {
                "jpeg" => ".jpg",
                "webp" => ".webp",
                other => panic!("{other} is not an allowed format"),
            }));
            if transparent {
                assert_eq!(output.format, "webp", "JPEG cannot keep transparency");
            } else {
                // The note names the loser and by how much it was larger.
                let loser = if output.format == "jpeg" {
                    "webp +"
                } else {
                    "jpeg +"
                };
                assert!(note.contains(loser), "{note}");
            }
        }
    }
    // Only the allowed formats compete.
    let only_jpeg = optimize_into(
        &sandbox,
        "jpeg-only",
        &["--formats", "auto", "--allow", "jpeg"],
    );
    assert!(outputs(&only_jpeg)
        .iter()
        .filter(|output| !output.path.contains("png-rgba8"))
        .all(|output| output.format == "jpeg"));
    for (arguments, message) in [
        (vec!["--formats", "auto,webp"], "give it alone"),
        (
            vec!["--formats", "auto", "--allow", "original"],
            "not a format auto can choose",
        ),
    ] {
        let mut command = vec!["optimize", "in", "--out", "bad"];
        command.extend(arguments);
        let output = sandbox.run(&command);
        assert_eq!(exit_code(&output), 2);
        assert!(String::from_utf8_lossy(&output.stderr).contains(message));
    }
}
