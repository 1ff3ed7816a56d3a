//! End-to-end tests of `altloom optimize` on the shipped fixtures: every input kind, every
//! output format, decoded back and checked for format, size, orientation, colour, alpha,
//! savings and perceptual quality; plus bad inputs, safety and batch behaviour.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use altloom_shared::report::{FileReport, FileStatus, OptimizeReport, OutputStatus};
use common::{decode, dssim, exit_code, fixture, Sandbox};
use image::{DynamicImage, GenericImageView};

/// Every still fixture the decoders support, by name.
const STILL_FIXTURES: &[&str] = &[
    "jpeg-baseline.jpg",
    "jpeg-progressive.jpg",
    "jpeg-gray.jpg",
    "jpeg-cmyk.jpg",
    "jpeg-ycck.jpg",
    "jpeg-cmyk-adobe-inverted.jpg",
    "jpeg-display-p3.jpg",
    "jpeg-adobergb.jpg",
    "jpeg-prophoto.jpg",
    "jpeg-metadata.jpg",
    "png-rgb8.png",
    "png-rgba8.png",
    "png-rgb16.png",
    "png-rgba16.png",
    "png-palette.png",
    "png-palette-trns.png",
    "png-gray8.png",
    "png-gray16.png",
    "png-gray-alpha.png",
    "png-display-p3.png",
    "graphic-flat.png",
    "webp-lossy.webp",
    "webp-lossless.webp",
    "webp-alpha.webp",
    "gif-static.gif",
    "tiff-rgb.tif",
];

/// The file name of a report path.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .expect("report paths name files")
        .to_string_lossy()
        .into_owned()
}

fn by_name(report: &OptimizeReport) -> BTreeMap<String, &FileReport> {
    report
        .files
        .iter()
        .map(|file| {
            let name = file_name(&file.path);
            (name, file)
        })
        .collect()
}

fn detected_format(path: &Path) -> image::ImageFormat {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .format()
        .unwrap_or_else(|| panic!("{} has no recognisable format", path.display()))
}

fn format_of(name: &str) -> image::ImageFormat {
    match name {
        "jpeg" => image::ImageFormat::Jpeg,
        "png" => image::ImageFormat::Png,
        "webp" => image::ImageFormat::WebP,
        "avif" => image::ImageFormat::Avif,
        "gif" => image::ImageFormat::Gif,
        other => panic!("unexpected format {other}"),
    }
}

/// The upright source pixels as the image crate sees them (no colour management), for fixtures
/// that are plain sRGB.
fn upright_reference(path: &Path) -> DynamicImage {
    let mut decoder = image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    let orientation = image::ImageDecoder::orientation(&mut decoder).unwrap();
    let mut image = DynamicImage::from_decoder(decoder).unwrap();
    image.apply_orientation(orientation);
    image
}

#[test]
fn every_input_kind_becomes_every_output_format_and_decodes_back() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(STILL_FIXTURES);
    let (report, output) = sandbox.optimize_json(&[
        "--formats",
        "original,jpeg,png,webp,avif",
        "--avif-speed",
        "10",
    ]);
    assert_eq!(
        exit_code(&output),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = by_name(&report);
    assert_eq!(files.len(), STILL_FIXTURES.len());
    for name in STILL_FIXTURES {
        let file = files[*name];
        assert_ne!(file.status, FileStatus::Failed, "{name}: {:?}", file.error);
        assert!(!file.outputs.is_empty(), "{name} has no outputs");
        for output in &file.outputs {
            if output.status == OutputStatus::Skipped {
                assert!(output.note.is_some(), "{name}: a skipped output says why");
                continue;
            }
            let path = Path::new(&output.path);
            assert!(path.is_file(), "{name}: {} missing", output.path);
            assert_eq!(
                fs::metadata(path).unwrap().len(),
                output.bytes,
                "{name}: size in report"
            );
            if output.format == "avif" {
                // This platform's image crate cannot decode AVIF; check the container instead.
                let bytes = fs::read(path).unwrap();
                assert_eq!(&bytes[4..12], b"ftypavif", "{name}: AVIF container");
                continue;
            }
            assert_eq!(
                detected_format(path),
                format_of(&output.format),
                "{name}: {}",
                output.path
            );
            let decoded = decode(path);
            assert_eq!(
                (decoded.width(), decoded.height()),
                (output.width, output.height),
                "{name}: {}",
                output.path
            );
            assert_eq!(
                (output.width, output.height),
                (file.width.unwrap(), file.height.unwrap())
            );
        }
    }
}

#[test]
fn same_format_outputs_are_smaller_and_look_the_same() {
    let sandbox = Sandbox::new();
    let plain = [
        "jpeg-baseline.jpg",
        "jpeg-progressive.jpg",
        "jpeg-gray.jpg",
        "png-rgb8.png",
        "png-rgba8.png",
        "png-palette.png",
        "png-gray8.png",
        "png-gray-alpha.png",
        "graphic-flat.png",
        "webp-lossless.webp",
    ];
    sandbox.add_fixtures(&plain);
    let (report, output) = sandbox.optimize_json(&["--formats", "original,webp"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let name = file_name(&file.path);
        let same = file
            .outputs
            .iter()
            .find(|output| output.same_format)
            .expect("same-format output");
        assert!(
            same.bytes <= file.bytes,
            "{name}: never larger ({} > {})",
            same.bytes,
            file.bytes
        );
        if same.status == OutputStatus::Written {
            assert!(same.bytes < file.bytes, "{name}: written only when smaller");
        }
        let reference = upright_reference(&fixture(&name));
        for output in file
            .outputs
            .iter()
            .filter(|output| output.status != OutputStatus::Skipped)
        {
            let decoded = decode(Path::new(&output.path));
            let difference = dssim(&reference, &decoded);
            assert!(
                difference < 0.02,
                "{name} → {}: dssim {difference} over the quality floor",
                output.path
            );
        }
    }
}

#[test]
fn lossless_png_is_pixel_exact_and_keeps_gray_and_alpha() {
    let sandbox = Sandbox::new();
    let names = [
        "png-rgba8.png",
        "png-gray8.png",
        "png-gray-alpha.png",
        "png-rgb16.png",
        "png-gray16.png",
        "png-palette-trns.png",
    ];
    sandbox.add_fixtures(&names);
    let (report, output) = sandbox.optimize_json(&[]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let name = file_name(&file.path);
        let original = decode(&fixture(&name));
        let optimized = decode(Path::new(&file.outputs[0].path));
        if has_transparency(&original) {
            assert!(optimized.color().has_alpha(), "{name}: alpha kept");
        }
        let gray = |image: &DynamicImage| {
            matches!(
                image.color(),
                image::ColorType::L8
                    | image::ColorType::La8
                    | image::ColorType::L16
                    | image::ColorType::La16
            )
        };
        if gray(&original) {
            assert!(
                gray(&optimized),
                "{name}: gray stays gray, got {:?}",
                optimized.color()
            );
        }
        // Lossless means every visible pixel is identical at full precision.
        let (a, b) = (original.to_rgba16(), optimized.to_rgba16());
        for (x, y, pixel) in a.enumerate_pixels() {
            let other = b.get_pixel(x, y);
            if pixel.0[3] == 0 {
                assert_eq!(other.0[3], 0, "{name}: transparent pixel at {x},{y}");
            } else {
                assert_eq!(pixel, other, "{name}: pixel {x},{y}");
            }
        }
    }
}

fn has_transparency(image: &DynamicImage) -> bool {
    image.pixels().any(|(_, _, pixel)| pixel.0[3] != 255)
}

#[test]
fn alpha_survives_lossy_webp_and_avif_refuses_nothing() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-rgba8.png", "webp-alpha.webp"]);
    let (report, output) = sandbox.optimize_json(&["--formats", "webp,jpeg"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let name = file_name(&file.path);
        let webp = file
            .outputs
            .iter()
            .find(|output| output.format == "webp")
            .unwrap();
        let decoded = decode(Path::new(&webp.path));
        assert!(
            has_transparency(&decoded),
            "{name}: transparency kept in WebP"
        );
        let reference = upright_reference(&fixture(&name));
        let difference = dssim(&reference, &decoded);
        assert!(difference < 0.03, "{name}: dssim {difference}");
        let jpeg = file
            .outputs
            .iter()
            .find(|output| output.format == "jpeg")
            .unwrap();
        assert_eq!(
            jpeg.status,
            OutputStatus::Skipped,
            "{name}: JPEG cannot keep alpha"
        );
        assert!(jpeg.note.as_deref().unwrap().contains("transparency"));
        assert!(!Path::new(&jpeg.path).exists());
    }
}

#[test]
fn exif_orientation_is_applied_to_the_pixels_and_dropped() {
    let sandbox = Sandbox::new();
    let names: Vec<String> = (1..=8)
        .map(|n| format!("jpeg-orientation-{n}.jpg"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    sandbox.add_fixtures(&names);
    let (report, output) = sandbox.optimize_json(&["--formats", "jpeg,png"]);
    assert_eq!(exit_code(&output), 0);
    let upright = decode(&sandbox.output().join("jpeg-orientation-1.png"));
    for file in &report.files {
        for output in &file.outputs {
            let decoded = decode(Path::new(&output.path));
            assert_eq!(
                (decoded.width(), decoded.height()),
                (upright.width(), upright.height()),
                "{}",
                output.path
            );
            let difference = dssim(&upright, &decoded);
            assert!(
                difference < 0.02,
                "{} is not upright (dssim {difference})",
                output.path
            );
            let bytes = fs::read(&output.path).unwrap();
            if let Ok(exif) = exif::Reader::new().read_raw(exif_payload(&bytes).unwrap_or_default())
            {
                let orientation = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY);
                assert!(
                    orientation.is_none(),
                    "{}: orientation tag must be dropped",
                    output.path
                );
            }
        }
    }
}

/// The raw TIFF payload of a JPEG's EXIF segment, if any.
fn exif_payload(bytes: &[u8]) -> Option<Vec<u8>> {
    let position = bytes.windows(6).position(|window| window == b"Exif\0\0")?;
    Some(bytes[position + 6..].to_vec())
}

#[test]
fn cmyk_jpegs_come_out_as_correct_rgb() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&[
        "jpeg-cmyk.jpg",
        "jpeg-ycck.jpg",
        "jpeg-cmyk-adobe-inverted.jpg",
    ]);
    let (report, output) = sandbox.optimize_json(&["--formats", "png"]);
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in &report.files {
        assert_ne!(
            file.status,
            FileStatus::Failed,
            "{}: {:?}",
            file.path,
            file.error
        );
        let decoded = decode(Path::new(&file.outputs[0].path));
        assert!(
            matches!(decoded.color(), image::ColorType::Rgb8),
            "{}: RGB output",
            file.path
        );
        // A wrongly inverted CMYK image comes out as a dark negative; real photos average mid-tones.
        let mean = decoded
            .to_luma8()
            .pixels()
            .map(|pixel| u64::from(pixel.0[0]))
            .sum::<u64>()
            / u64::from(decoded.width() * decoded.height());
        assert!(
            (40..=220).contains(&mean),
            "{}: implausible mean brightness {mean}",
            file.path
        );
    }
}

#[test]
fn wide_gamut_profiles_are_converted_to_srgb_or_kept_on_request() {
    let sandbox = Sandbox::new();
    let names = [
        "jpeg-display-p3.jpg",
        "jpeg-adobergb.jpg",
        "jpeg-prophoto.jpg",
        "png-display-p3.png",
    ];
    sandbox.add_fixtures(&names);
    let (report, output) = sandbox.optimize_json(&["--formats", "png"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let colour = file.colour.as_deref().unwrap_or_default();
        assert!(
            colour.contains("to sRGB"),
            "{}: colour note {colour:?}",
            file.path
        );
        let bytes = fs::read(&file.outputs[0].path).unwrap();
        assert!(
            !bytes.windows(4).any(|window| window == b"iCCP"),
            "{}: no profile after conversion",
            file.path
        );
        assert!(
            file.metadata
                .dropped
                .iter()
                .any(|entry| entry.contains("icc")),
            "{}: {:?}",
            file.path,
            file.metadata
        );
        // Converted pixels differ visibly from the raw numbers in the wide-gamut file.
        let raw = upright_reference(&fixture(
            Path::new(&file.path).file_name().unwrap().to_str().unwrap(),
        ));
        let converted = decode(Path::new(&file.outputs[0].path));
        let difference = root_mean_square_difference(&raw, &converted);
        assert!(
            difference > 3.0,
            "{}: pixels were not converted (RMS difference {difference:.2})",
            file.path
        );
    }
    let kept = Sandbox::new();
    kept.add_fixtures(&["jpeg-display-p3.jpg"]);
    let (report, output) = kept.optimize_json(&["--formats", "jpeg,png,webp", "--keep-icc"]);
    assert_eq!(exit_code(&output), 0);
    let original_profile = image::ImageDecoder::icc_profile(
        &mut image::ImageReader::open(fixture("jpeg-display-p3.jpg"))
            .unwrap()
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap(),
    )
    .unwrap()
    .unwrap();
    for output in &report.files[0].outputs {
        let mut decoder = image::ImageReader::open(&output.path)
            .unwrap()
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        let profile = image::ImageDecoder::icc_profile(&mut decoder).unwrap();
        assert_eq!(
            profile.as_deref(),
            Some(original_profile.as_slice()),
            "{}: profile embedded byte-exact",
            output.path
        );
    }
}

fn root_mean_square_difference(first: &DynamicImage, second: &DynamicImage) -> f64 {
    let (first, second) = (first.to_rgb8(), second.to_rgb8());
    let sum: f64 = first
        .as_raw()
        .iter()
        .zip(second.as_raw())
        .map(|(a, b)| (f64::from(*a) - f64::from(*b)).powi(2))
        .sum();
    (sum / first.as_raw().len() as f64).sqrt()
}

#[test]
fn metadata_is_stripped_by_default_and_copyright_kept_on_request() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-metadata.jpg"]);
    let (report, output) = sandbox.optimize_json(&["--formats", "jpeg", "--force"]);
    assert_eq!(exit_code(&output), 0);
    let file = &report.files[0];
    let bytes = fs::read(&file.outputs[0].path).unwrap();
    assert!(exif_payload(&bytes).is_none(), "EXIF stripped by default");
    assert!(
        !bytes.windows(9).any(|window| window == b"http://ns"),
        "XMP stripped by default"
    );
    assert!(
        file.metadata
            .dropped
            .iter()
            .any(|entry| entry.starts_with("exif")),
        "{:?}",
        file.metadata
    );

    let keep = Sandbox::new();
    keep.add_fixtures(&["jpeg-metadata.jpg"]);
    let (report, output) =
        keep.optimize_json(&["--formats", "jpeg,webp,png", "--keep-metadata", "copyright"]);
    assert_eq!(exit_code(&output), 0);
    let file = &report.files[0];
    assert!(
        file.metadata
            .kept
            .iter()
            .any(|entry| entry.contains("Copyright")),
        "{:?}",
        file.metadata
    );
    let jpeg = file
        .outputs
        .iter()
        .find(|output| output.format == "jpeg")
        .unwrap();
    let bytes = fs::read(&jpeg.path).unwrap();
    let exif = exif::Reader::new()
        .read_raw(exif_payload(&bytes).expect("EXIF kept"))
        .unwrap();
    assert!(exif
        .get_field(exif::Tag::Copyright, exif::In::PRIMARY)
        .is_some());
    assert!(exif
        .get_field(exif::Tag::Artist, exif::In::PRIMARY)
        .is_some());
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_none(),
        "GPS must go"
    );
    assert!(
        exif.get_field(exif::Tag::Model, exif::In::PRIMARY)
            .is_none(),
        "camera model must go"
    );
}

#[test]
fn width_variants_keep_aspect_and_never_upscale() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-rgba8.png", "jpeg-baseline.jpg"]);
    let (report, output) = sandbox.optimize_json(&[
        "--formats",
        "webp",
        "--widths",
        "64,100000",
        "--name-template",
        "{stem}_{width}.{ext}",
    ]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let (width, height) = (file.width.unwrap(), file.height.unwrap());
        let widths: Vec<u32> = file.outputs.iter().map(|output| output.width).collect();
        assert_eq!(
            widths,
            vec![width, 64],
            "{}: full size then 64, never 100000",
            file.path
        );
        let variant = &file.outputs[1];
        assert!(variant.path.ends_with("_64.webp"), "{}", variant.path);
        let expected_height = (f64::from(height) * 64.0 / f64::from(width)).round() as u32;
        assert_eq!(variant.height, expected_height);
        let decoded = decode(Path::new(&variant.path));
        assert_eq!((decoded.width(), decoded.height()), (64, expected_height));
    }
    let only_variants = Sandbox::new();
    only_variants.add_fixtures(&["jpeg-baseline.jpg"]);
    let (report, _) = only_variants.optimize_json(&["--widths", "32", "--no-original-size"]);
    assert_eq!(report.files[0].outputs.len(), 1);
    assert_eq!(report.files[0].outputs[0].width, 32);
}

#[test]
fn bad_inputs_fail_alone_with_clear_reasons() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let good = fs::read(fixture("jpeg-baseline.jpg")).unwrap();
    sandbox.write_input("empty.jpg", b"");
    sandbox.write_input("truncated.jpg", &good[..good.len() / 2]);
    sandbox.write_input(
        "garbage.png",
        b"\x89PNG\r\n\x1a\nthis is not really a png at all",
    );
    sandbox.write_input("notes.gif", b"plain text pretending to be an image");
    // A PNG header claiming 100000 x 100000 pixels: refused from the header, never decoded.
    sandbox.write_input("bomb.png", &bomb_png(100_000, 100_000));
    let (report, output) = sandbox.optimize_json(&[]);
    assert_eq!(exit_code(&output), 1, "some files failed → exit 1");
    let files = by_name(&report);
    assert_eq!(files["jpeg-baseline.jpg"].status, FileStatus::Optimized);
    let expected_reasons = [
        ("empty.jpg", "empty"),
        ("truncated.jpg", "truncated"),
        ("garbage.png", "corrupt"),
        ("notes.gif", "not a supported image"),
        ("bomb.png", "max-pixels"),
    ];
    for (name, expected) in expected_reasons {
        let reason = files[name].error.clone().unwrap_or_default();
        assert!(reason.contains(expected), "{name}: {reason}");
    }
    for name in [
        "empty.jpg",
        "truncated.jpg",
        "garbage.png",
        "notes.gif",
        "bomb.png",
    ] {
        assert_eq!(files[name].status, FileStatus::Failed);
    }
    let leftovers: Vec<_> = walk(&sandbox.output())
        .into_iter()
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".altloom-tmp")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A tiny PNG file whose header claims huge dimensions: IHDR, one small IDAT, IEND. Decoding it
/// would allocate width × height × 4 bytes.
fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    // A zlib stream with one stored block holding a single zero byte.
    let image_data = [
        0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], &header[..]),
        (b"IDAT", &image_data),
        (b"IEND", &[]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        bytes.extend_from_slice(&(data.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&chunk);
        bytes.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    bytes
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn walk(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn a_mislabelled_file_is_treated_by_content_with_a_warning() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["mislabelled-png.jpg"]);
    let (report, output) = sandbox.optimize_json(&[]);
    assert_eq!(exit_code(&output), 0);
    let file = &report.files[0];
    assert_eq!(file.format.as_deref(), Some("png"));
    assert!(
        file.warnings.iter().any(|warning| warning.contains("png")),
        "{:?}",
        file.warnings
    );
    assert!(file.outputs[0].path.ends_with("mislabelled-png.png"));
    assert_eq!(
        detected_format(Path::new(&file.outputs[0].path)),
        image::ImageFormat::Png
    );
}

#[test]
fn animated_inputs_keep_their_animation() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["gif-animated.gif", "webp-animated.webp", "png-apng.png"]);
    let (report, output) = sandbox.optimize_json(&["--formats", "original,jpeg"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let name = file_name(&file.path);
        let own = file
            .outputs
            .iter()
            .find(|output| output.same_format)
            .unwrap();
        assert_eq!(
            fs::read(&own.path).unwrap(),
            fs::read(fixture(&name)).unwrap(),
            "{name}: animation kept byte for byte"
        );
        let jpeg = file
            .outputs
            .iter()
            .find(|output| output.format == "jpeg")
            .unwrap();
        assert_eq!(jpeg.status, OutputStatus::Skipped);
        assert!(jpeg.note.as_deref().unwrap().contains("animation"));
    }
}

#[test]
fn animated_gif_and_apng_become_animated_webp() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["gif-animated.gif", "png-apng.png", "webp-animated.webp"]);
    let (report, output) = sandbox.optimize_json(&["--formats", "original,webp"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let name = file_name(&file.path);
        let webp = file
            .outputs
            .iter()
            .find(|output| output.format == "webp")
            .unwrap();
        if name == "webp-animated.webp" {
            // An animated WebP is its own format: kept byte for byte.
            assert_eq!(webp.status, OutputStatus::AlreadyOptimal);
            continue;
        }
        assert_eq!(
            webp.status,
            OutputStatus::Written,
            "{name}: {:?}",
            webp.note
        );
        let note = webp.note.as_deref().unwrap();
        assert!(note.starts_with("animated WebP"), "{note}");
        // The source's frames and the WebP's, read back independently, match in number and
        // delay, and the first frames look alike.
        let source_frames = frames_of(&fixture(&name));
        let webp_frames = frames_of(Path::new(&webp.path));
        assert!(source_frames.len() > 1);
        assert_eq!(webp_frames.len(), source_frames.len(), "{name}");
        for (source, converted) in source_frames.iter().zip(&webp_frames) {
            let delay = |frame: &image::Frame| {
                let (numerator, denominator) = frame.delay().numer_denom_ms();
                numerator / denominator
            };
            // Browsers show delays of 10 ms or less as 100 ms; the WebP keeps what they show.
            let shown = match delay(source) {
                0..=10 => 100,
                other => other,
            };
            assert_eq!(delay(converted), shown, "{name}");
        }
        let first =
            |frames: &[image::Frame]| image::DynamicImage::ImageRgba8(frames[0].buffer().clone());
        let difference = dssim(&first(&source_frames), &first(&webp_frames));
        assert!(
            difference < 0.01,
            "{name}: first frames differ by {difference}"
        );
    }
}

/// Every frame of an animated GIF, APNG or WebP.
fn frames_of(path: &Path) -> Vec<image::Frame> {
    use image::AnimationDecoder;
    let bytes = fs::read(path).unwrap();
    let cursor = std::io::Cursor::new(bytes);
    let frames = match image::guess_format(cursor.get_ref()).unwrap() {
        image::ImageFormat::Gif => image::codecs::gif::GifDecoder::new(cursor)
            .unwrap()
            .into_frames(),
        image::ImageFormat::Png => image::codecs::png::PngDecoder::new(cursor)
            .unwrap()
            .apng()
            .unwrap()
            .into_frames(),
        image::ImageFormat::WebP => image::codecs::webp::WebPDecoder::new(cursor)
            .unwrap()
            .into_frames(),
        other => panic!("{other:?} is not animated"),
    };
    frames.collect_frames().unwrap()
}

#[test]
fn reruns_are_incremental_and_force_redoes() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg", "png-rgb8.png"]);
    let (first, _) = sandbox.optimize_json(&["--formats", "original,webp"]);
    assert!(first
        .files
        .iter()
        .all(|file| file.status != FileStatus::Unchanged));
    let (second, output) = sandbox.optimize_json(&["--formats", "original,webp"]);
    assert_eq!(exit_code(&output), 0);
    assert!(
        second
            .files
            .iter()
            .all(|file| file.status == FileStatus::Unchanged),
        "{:?}",
        second.files
    );
    // Different settings are a different cache entry.
    let (third, _) = sandbox.optimize_json(&["--formats", "original,webp", "--quality", "high"]);
    assert!(third
        .files
        .iter()
        .all(|file| file.status != FileStatus::Unchanged));
    // A damaged output is noticed and redone.
    let (_, _) = sandbox.optimize_json(&["--formats", "original,webp"]);
    fs::write(sandbox.output().join("png-rgb8.webp"), b"broken").unwrap();
    let (fourth, _) = sandbox.optimize_json(&["--formats", "original,webp"]);
    let files = by_name(&fourth);
    assert_eq!(files["jpeg-baseline.jpg"].status, FileStatus::Unchanged);
    assert_ne!(files["png-rgb8.png"].status, FileStatus::Unchanged);
    assert_ne!(
        fs::read(sandbox.output().join("png-rgb8.webp")).unwrap(),
        b"broken"
    );
    let (forced, _) = sandbox.optimize_json(&["--formats", "original,webp", "--force"]);
    assert!(forced
        .files
        .iter()
        .all(|file| file.status != FileStatus::Unchanged));
}

#[test]
fn identical_inputs_are_encoded_once_but_each_gets_its_outputs() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    fs::create_dir_all(sandbox.input().join("copy")).unwrap();
    fs::copy(
        fixture("jpeg-baseline.jpg"),
        sandbox.input().join("copy/jpeg-baseline.jpg"),
    )
    .unwrap();
    let (report, output) = sandbox.optimize_json(&["--formats", "webp"]);
    assert_eq!(exit_code(&output), 0);
    assert_eq!(report.files.len(), 2);
    let first = fs::read(sandbox.output().join("jpeg-baseline.webp")).unwrap();
    let second = fs::read(sandbox.output().join("copy/jpeg-baseline.webp")).unwrap();
    assert_eq!(first, second);
}

#[test]
fn already_optimal_files_are_written_unchanged() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-rgb8.png"]);
    let (first, _) = sandbox.optimize_json(&[]);
    let optimized = fs::read(&first.files[0].outputs[0].path).unwrap();
    let again = Sandbox::new();
    again.write_input("png-rgb8.png", &optimized);
    let (second, output) = again.optimize_json(&[]);
    assert_eq!(exit_code(&output), 0);
    assert_eq!(second.files[0].status, FileStatus::AlreadyOptimal);
    assert_eq!(
        fs::read(&second.files[0].outputs[0].path).unwrap(),
        optimized
    );
}

#[test]
fn dry_run_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let output = sandbox.run(&[
        "optimize",
        "in",
        "--out",
        "out",
        "--dry-run",
        "--formats",
        "webp",
    ]);
    assert_eq!(exit_code(&output), 0);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("would write out/jpeg-baseline.webp"),
        "{stdout}"
    );
    assert!(
        !sandbox.output().exists(),
        "dry run created the output folder"
    );
}

#[test]
fn in_place_needs_a_backup_decision_and_restore_undoes_it() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let refused = sandbox.run(&["optimize", "in", "--in-place"]);
    assert_eq!(exit_code(&refused), 2);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--backup"));

    let original = fs::read(sandbox.input().join("jpeg-baseline.jpg")).unwrap();
    let output = sandbox.run(&["optimize", "in", "--in-place", "--backup", "backup"]);
    assert_eq!(
        exit_code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let replaced = fs::read(sandbox.input().join("jpeg-baseline.jpg")).unwrap();
    assert!(
        replaced.len() < original.len(),
        "the original was replaced by a smaller file"
    );
    assert_eq!(
        fs::read(sandbox.path().join("backup/jpeg-baseline.jpg")).unwrap(),
        original
    );

    // A second run recognises its own output and leaves the backup alone.
    let output = sandbox.run(&["optimize", "in", "--in-place", "--backup", "backup"]);
    assert_eq!(exit_code(&output), 0);
    assert_eq!(
        fs::read(sandbox.path().join("backup/jpeg-baseline.jpg")).unwrap(),
        original
    );

    let restored = sandbox.run(&["restore", "--backup", "backup"]);
    assert_eq!(
        exit_code(&restored),
        0,
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert_eq!(
        fs::read(sandbox.input().join("jpeg-baseline.jpg")).unwrap(),
        original
    );
}

#[test]
fn the_output_folder_inside_the_input_is_never_read() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-baseline.jpg"]);
    let output = sandbox.run(&[
        "optimize",
        "in",
        "--out",
        "in/optimized",
        "--formats",
        "webp",
    ]);
    assert_eq!(exit_code(&output), 0);
    let output = sandbox
        .command()
        .args([
            "optimize",
            "in",
            "--out",
            "in/optimized",
            "--formats",
            "webp",
            "--json",
        ])
        .output()
        .unwrap();
    let report: OptimizeReport = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report.files.len(), 1, "only the original is an input");
}

#[test]
fn report_file_and_exit_codes() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-gray8.png"]);
    let output = sandbox.run(&[
        "optimize",
        "in",
        "--out",
        "out",
        "--report",
        "reports/run.json",
        "-q",
    ]);
    assert_eq!(exit_code(&output), 0);
    assert!(output.stdout.is_empty(), "quiet prints nothing on success");
    let report: OptimizeReport =
        serde_json::from_slice(&fs::read(sandbox.path().join("reports/run.json")).unwrap())
            .unwrap();
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.schema_version, 1);

    assert_eq!(
        exit_code(&sandbox.run(&["optimize"])),
        2,
        "missing paths is a usage error"
    );
    assert_eq!(
        exit_code(&sandbox.run(&["optimize", "in", "--quality", "ultra"])),
        2
    );
    assert_eq!(
        exit_code(&sandbox.run(&["optimize", "in", "--formats", "bmp"])),
        2
    );
    let missing = sandbox.run(&["optimize", "no-such-folder"]);
    assert_eq!(exit_code(&missing), 1);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-folder"));
    assert_eq!(exit_code(&sandbox.run(&["--version"])), 0);
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let sandbox = Sandbox::new();
    for index in 0..3 {
        fs::copy(
            fixture("png-gray8.png"),
            sandbox.input().join(format!("g{index}.png")),
        )
        .unwrap();
    }
    let mut child = sandbox
        .command()
        .args(["optimize", "in", "--dry-run", "-v"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of the pipe at once, like `| head -0`.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// A noisy RGB image that is slow to encode, written as PNG into the sandbox.
fn write_noise_png(sandbox: &Sandbox, name: &str, width: u32, height: u32) {
    // Seeded by the name, so every file has its own content (identical files are encoded once).
    let mut state = name.bytes().fold(0x1234_5678u32, |state, byte| {
        state.rotate_left(5) ^ u32::from(byte)
    }) | 1;
    let image = image::RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgb([r, g, b])
    });
    image.save(sandbox.input().join(name)).unwrap();
}

#[test]
fn a_file_over_the_time_limit_fails_and_the_batch_goes_on() {
    let sandbox = Sandbox::new();
    write_noise_png(&sandbox, "slow.png", 1000, 800);
    sandbox.add_fixtures(&["graphic-flat.png"]);
    // Many quick stages add up to more than a second for the noisy image; the small graphic
    // finishes well within it.
    let widths = "900,800,700,600,500,400,300,200";
    let (report, output) = sandbox.optimize_json(&[
        "--formats",
        "png,webp",
        "--widths",
        widths,
        "--timeout",
        "1",
    ]);
    assert_eq!(exit_code(&output), 1);
    let files = by_name(&report);
    let slow = files["slow.png"];
    assert_eq!(slow.status, FileStatus::Failed);
    assert!(
        slow.error.as_deref().unwrap().contains("gave up after 1 s"),
        "{:?}",
        slow.error
    );
    assert_eq!(files["graphic-flat.png"].status, FileStatus::Optimized);
    assert!(
        !sandbox.output().join("slow.png").exists(),
        "nothing is written for a file that failed"
    );
}

#[test]
fn ctrl_c_stops_cleanly_without_half_written_files() {
    let sandbox = Sandbox::new();
    for index in 0..80 {
        write_noise_png(&sandbox, &format!("noise-{index:02}.png"), 700, 500);
    }
    let child = sandbox
        .command()
        .args([
            "optimize",
            "in",
            "--out",
            "out",
            "--formats",
            "png,webp",
            "--jobs",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt as soon as the first output exists, so the batch is surely under way.
    let started = std::time::Instant::now();
    while !walk(&sandbox.output()).iter().any(|path| {
        path.extension()
            .is_some_and(|extension| extension == "webp")
    }) {
        assert!(started.elapsed().as_secs() < 60, "no output appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        exit_code(&output),
        130,
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    let written = walk(&sandbox.output());
    assert!(
        written.len() < 150,
        "the batch stopped early: {} outputs",
        written.len()
    );
    for path in written {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with(".altloom-tmp"),
            "temporary file left: {name}"
        );
        if name.ends_with(".png") || name.ends_with(".webp") {
            let decoded = decode(&path);
            assert_eq!(
                (decoded.width(), decoded.height()),
                (700, 500),
                "{name} is complete"
            );
        }
    }
}

#[test]
fn png_lossy_keeps_a_palette_only_when_it_meets_the_floor() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["png-rgba8.png", "graphic-flat.png"]);
    let (lossless, _) = sandbox.optimize_json(&[]);
    let (lossy, output) = sandbox.optimize_json(&["--png-lossy", "--force"]);
    assert_eq!(exit_code(&output), 0);
    for (before, after) in lossless.files.iter().zip(&lossy.files) {
        let name = file_name(&after.path);
        let output = &after.outputs[0];
        let note = output.note.as_deref().unwrap_or_default();
        assert!(
            note.starts_with("palette") || note.starts_with("lossless"),
            "{name}: {note}"
        );
        if note.starts_with("palette") {
            assert!(
                output.bytes < before.outputs[0].bytes,
                "{name}: palette kept only when smaller"
            );
            let difference = dssim(
                &upright_reference(&fixture(&name)),
                &decode(Path::new(&output.path)),
            );
            assert!(difference < 0.02, "{name}: palette dssim {difference}");
        }
    }
    // A strict floor that noise cannot meet leaves the file lossless, and says so.
    let noisy = Sandbox::new();
    write_noise_png(&noisy, "noise.png", 200, 150);
    let (report, _) = noisy.optimize_json(&["--png-lossy", "--quality", "png=99"]);
    let note = report.files[0].outputs[0].note.clone().unwrap_or_default();
    assert!(
        note.contains("palette could not reach quality 99"),
        "{note}"
    );
}

#[test]
fn flat_graphics_become_lossless_webp() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["graphic-flat.png"]);
    let (report, output) = sandbox.optimize_json(&["--formats", "webp"]);
    assert_eq!(exit_code(&output), 0);
    let webp = &report.files[0].outputs[0];
    assert!(
        webp.note
            .as_deref()
            .unwrap_or_default()
            .contains("lossless"),
        "{:?}",
        webp.note
    );
    let bytes = fs::read(&webp.path).unwrap();
    assert!(
        bytes.windows(4).any(|window| window == b"VP8L"),
        "a lossless bitstream"
    );
}

#[test]
fn keep_metadata_all_keeps_exif_with_orientation_reset() {
    let sandbox = Sandbox::new();
    sandbox.add_fixtures(&["jpeg-orientation-6.jpg", "jpeg-metadata.jpg"]);
    let (report, output) =
        sandbox.optimize_json(&["--formats", "jpeg", "--keep-metadata", "all", "--force"]);
    assert_eq!(exit_code(&output), 0);
    for file in &report.files {
        let bytes = fs::read(&file.outputs[0].path).unwrap();
        let exif = exif::Reader::new()
            .read_raw(exif_payload(&bytes).expect("EXIF kept"))
            .unwrap();
        if let Some(orientation) = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY) {
            assert_eq!(
                orientation.value.get_uint(0),
                Some(1),
                "{}: pixels are upright now",
                file.path
            );
        }
        if file.path.ends_with("jpeg-metadata.jpg") {
            assert!(
                exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                    .is_some(),
                "all means all"
            );
        }
    }
}

#[test]
fn inputs_whose_outputs_would_collide_are_refused_not_overwritten() {
    let sandbox = Sandbox::new();
    fs::copy(
        fixture("jpeg-baseline.jpg"),
        sandbox.input().join("photo.jpg"),
    )
    .unwrap();
    fs::copy(fixture("png-rgb8.png"), sandbox.input().join("photo.png")).unwrap();
    let (report, output) = sandbox.optimize_json(&["--formats", "original"]);
    assert_eq!(
        exit_code(&output),
        0,
        "photo.jpg and photo.png keep their own formats"
    );
    assert_eq!(report.files.len(), 2);
    let (report, output) = sandbox.optimize_json(&["--formats", "webp"]);
    assert_eq!(exit_code(&output), 1);
    let files = by_name(&report);
    assert_eq!(files["photo.jpg"].status, FileStatus::Optimized);
    let error = files["photo.png"].error.clone().unwrap_or_default();
    assert!(
        error.contains("overwrite") && error.contains("photo.jpg"),
        "{error}"
    );
    let webp = decode(&sandbox.output().join("photo.webp"));
    let expected = upright_reference(&fixture("jpeg-baseline.jpg"));
    assert_eq!(
        (webp.width(), webp.height()),
        (expected.width(), expected.height()),
        "photo.webp is the JPEG's"
    );
}

/// A 16×16 mid-gray RGB PNG whose gAMA chunk says `gamma`.
fn png_with_gamma(gamma: f32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 16, 16);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_source_gamma(png::ScaledFloat::new(gamma));
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[128u8; 16 * 16 * 3]).unwrap();
    }
    bytes
}

#[test]
fn png_gamma_is_honoured_by_converting_to_srgb() {
    let sandbox = Sandbox::new();
    sandbox.write_input("linear.png", &png_with_gamma(1.0));
    sandbox.write_input("usual.png", &png_with_gamma(1.0 / 2.2));
    let (report, output) = sandbox.optimize_json(&["--formats", "png"]);
    assert_eq!(exit_code(&output), 0);
    let files = by_name(&report);
    // Linear 128/255 is about 0.50 of full light, which sRGB encodes as about 188.
    let linear = decode(&sandbox.output().join("linear.png")).to_rgb8();
    let value = linear.get_pixel(0, 0).0[0];
    assert!(
        (184..=192).contains(&value),
        "linear mid-gray became {value}"
    );
    assert!(
        files["linear.png"]
            .colour
            .as_deref()
            .unwrap_or_default()
            .contains("gamma 1.00"),
        "{:?}",
        files["linear.png"].colour
    );
    // The usual 1/2.2 is sRGB in practice and is left alone.
    let usual = decode(&sandbox.output().join("usual.png")).to_rgb8();
    assert_eq!(usual.get_pixel(0, 0).0, [128, 128, 128]);
    assert!(files["usual.png"].colour.is_none());
}
