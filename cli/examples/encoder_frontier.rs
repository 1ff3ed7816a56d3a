//! Measures how many bytes an encoder configuration needs for a corpus when every image is encoded
//! at exactly the setting that meets a dssim target on the whole image: the bytes a perfect quality
//! search would reach, so configurations (mozjpeg quantisation tables, libwebp methods) can be
//! compared apart from the search. BENCHMARKS.md records what it found and the commands.
//!
//! ```sh
//! cargo run -p altloom --example encoder_frontier -- jpeg default,psnr-hvs,444 bench/work/corpus/jpeg
//! cargo run -p altloom --example encoder_frontier -- webp method4,method6 bench/work/corpus/jpeg bench/work/corpus/png
//! ```
//!
//! `ALTLOOM_FRONTIER_TARGET` sets the dssim target (default 0.0015, the `web` preset's). Images
//! with transparency are left out (the question is the encoders' efficiency on photographs). The
//! dev profile is fast enough: the codecs and dssim are compiled with optimisations there.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use mozjpeg::qtable;
use rayon::prelude::*;
use rgb::FromSlice;

/// A format's configurations, by the names given on the command line.
#[derive(Clone, Copy)]
enum Format {
    Jpeg,
    Webp,
}

/// What one configuration needed for one image.
struct Needed {
    /// The lowest setting that met the target (`None`: not even the highest did).
    setting: Option<u8>,
    bytes: usize,
    /// Seconds for one encode at setting 80, to compare the configurations' speed.
    encode_seconds: f64,
}

fn main() -> Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [format, configurations, folders @ ..] = arguments.as_slice() else {
        bail!("usage: encoder_frontier jpeg|webp CONFIGURATION[,CONFIGURATION...] FOLDER...");
    };
    let format = match format.as_str() {
        "jpeg" => Format::Jpeg,
        "webp" => Format::Webp,
        other => bail!("unknown format `{other}` (jpeg or webp)"),
    };
    let configurations: Vec<&str> = configurations.split(',').collect();
    let target: f64 = match std::env::var("ALTLOOM_FRONTIER_TARGET") {
        Ok(text) => text
            .parse()
            .context("ALTLOOM_FRONTIER_TARGET is not a number")?,
        Err(_) => 0.0015,
    };
    // Refuse an unknown configuration before spending minutes on the corpus.
    let probe = image::RgbImage::new(16, 16);
    for configuration in &configurations {
        encode(format, &probe, 80, configuration)?;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(folder).with_context(|| format!("reading {folder}"))? {
            files.push(entry?.path());
        }
    }
    files.sort();
    let rows: Vec<(String, Vec<Needed>)> = files
        .par_iter()
        .with_max_len(1)
        .filter_map(|path| measure_file(format, path, &configurations, target).transpose())
        .collect::<Result<_>>()?;
    let mut totals = vec![(0usize, 0f64); configurations.len()];
    for (name, needed) in &rows {
        let cells: Vec<String> = needed
            .iter()
            .map(|needed| match needed.setting {
                Some(setting) => format!("{setting:>3} {:>9}", needed.bytes),
                None => format!("  - {:>9}", needed.bytes),
            })
            .collect();
        println!("{name:<40} {}", cells.join("  "));
        for (total, needed) in totals.iter_mut().zip(needed) {
            total.0 += needed.bytes;
            total.1 += needed.encode_seconds;
        }
    }
    println!(
        "\n{} images at dssim ≤ {target} on the whole image:",
        rows.len()
    );
    let (first_bytes, first_seconds) = totals[0];
    for (configuration, (bytes, seconds)) in configurations.iter().zip(&totals) {
        println!(
            "{configuration:<24} {bytes:>10} bytes  {:.4}×   encode at 80: {seconds:.2} s  {:.2}×",
            *bytes as f64 / first_bytes as f64,
            seconds / first_seconds
        );
    }
    Ok(())
}

/// Bisects each configuration's setting for one image; `None` for images with transparency or
/// that are not images.
fn measure_file(
    format: Format,
    path: &Path,
    configurations: &[&str],
    target: f64,
) -> Result<Option<(String, Vec<Needed>)>> {
    let Ok(decoded) = image::open(path) else {
        return Ok(None);
    };
    if decoded.color().has_alpha() {
        return Ok(None);
    }
    let pixels = decoded.to_rgb8();
    let (width, height) = (pixels.width() as usize, pixels.height() as usize);
    let dssim = dssim_core::Dssim::new();
    let reference = dssim
        .create_image_rgb(pixels.as_raw().as_rgb(), width, height)
        .context("dssim cannot compare an empty image")?;
    let score = |bytes: &[u8]| -> Result<f64> {
        let output = decode(format, bytes)?;
        let candidate = dssim
            .create_image_rgb(output.as_raw().as_rgb(), width, height)
            .context("dssim cannot compare an empty image")?;
        Ok(f64::from(dssim.compare(&reference, candidate).0))
    };
    let mut row = Vec::new();
    for configuration in configurations {
        let (mut lowest, mut highest) = (20u8, 100u8);
        let mut met: Option<(u8, usize)> = None;
        while lowest <= highest {
            let middle = (lowest + highest) / 2;
            let bytes = encode(format, &pixels, middle, configuration)?;
            if score(&bytes)? <= target {
                met = Some((middle, bytes.len()));
                highest = middle - 1;
            } else {
                lowest = middle + 1;
            }
        }
        let started = Instant::now();
        let at_80 = encode(format, &pixels, 80, configuration)?;
        let encode_seconds = started.elapsed().as_secs_f64();
        row.push(Needed {
            setting: met.map(|(setting, _)| setting),
            bytes: met.map_or(at_80.len(), |(_, bytes)| bytes),
            encode_seconds,
        });
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(Some((name.into_owned(), row)))
}

fn encode(
    format: Format,
    pixels: &image::RgbImage,
    setting: u8,
    configuration: &str,
) -> Result<Vec<u8>> {
    match format {
        Format::Jpeg => encode_jpeg(pixels, setting, configuration),
        Format::Webp => encode_webp(pixels, setting, configuration),
    }
}

fn decode(format: Format, bytes: &[u8]) -> Result<image::RgbImage> {
    match format {
        Format::Jpeg => Ok(image::load_from_memory(bytes)?.to_rgb8()),
        Format::Webp => {
            let decoded = webp::Decoder::new(bytes)
                .decode()
                .context("libwebp could not decode an encode")?;
            image::RgbImage::from_raw(decoded.width(), decoded.height(), decoded.to_vec())
                .context("libwebp returned fewer pixels than the image has")
        }
    }
}

/// mozjpeg as Altloom configures it (progressive, optimised scans, trellis, 4:2:0), with the
/// quantisation tables or the chroma sampling `configuration` names: `default`, `ms-ssim`,
/// `psnr-hvs`, `robidoux`, `klein-silverstein-carney`, `444`, or `chroma+N` / `chroma-N`.
fn encode_jpeg(pixels: &image::RgbImage, setting: u8, configuration: &str) -> Result<Vec<u8>> {
    let quality = f32::from(setting.clamp(1, 100));
    // `chroma+N` / `chroma-N`: mozjpeg's default tables with the chroma table N steps finer or
    // coarser than the luma table.
    let chroma_offset: Option<f32> = configuration
        .strip_prefix("chroma")
        .and_then(|offset| offset.parse().ok());
    let tables: Option<(&qtable::QTable, &qtable::QTable)> = match configuration {
        "default" | "444" => None,
        _ if chroma_offset.is_some() => Some((&qtable::NRobidoux, &qtable::NRobidoux)),
        "ms-ssim" => Some((&qtable::MSSSIM_Luma, &qtable::MSSSIM_Chroma)),
        "psnr-hvs" => Some((&qtable::PSNRHVS_Luma, &qtable::PSNRHVS_Chroma)),
        "robidoux" => Some((&qtable::NRobidoux, &qtable::NRobidoux)),
        "klein-silverstein-carney" => Some((
            &qtable::KleinSilversteinCarney,
            &qtable::KleinSilversteinCarney,
        )),
        other => bail!("unknown JPEG configuration `{other}`"),
    };
    let chroma_quality = (quality + chroma_offset.unwrap_or(0.0)).clamp(5.0, 100.0);
    let sampling = if configuration == "444" {
        (1, 1)
    } else {
        (2, 2)
    };
    let (width, height) = (pixels.width() as usize, pixels.height() as usize);
    std::panic::catch_unwind(|| -> std::io::Result<Vec<u8>> {
        let mut compress = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
        compress.set_scan_optimization_mode(mozjpeg::ScanMode::AllComponentsTogether);
        compress.set_size(width, height);
        compress.set_quality(quality);
        if let Some((luma, chroma)) = tables {
            compress.set_luma_qtable(&luma.scaled(quality, quality));
            compress.set_chroma_qtable(&chroma.scaled(chroma_quality, chroma_quality));
        }
        compress.set_progressive_mode();
        compress.set_optimize_coding(true);
        compress.set_optimize_scans(true);
        compress.set_chroma_sampling_pixel_sizes(sampling, sampling);
        let mut started = compress.start_compress(Vec::new())?;
        started.write_scanlines(pixels.as_raw())?;
        started.finish()
    })
    .map_err(|_| anyhow::anyhow!("mozjpeg failed"))?
    .context("mozjpeg failed")
}

/// libwebp lossy at `setting`, with the options `configuration` names, joined by `+`:
/// `method4`..`method6`, `sns25` / `sns80` (spatial noise shaping; 80 is cwebp's photo preset),
/// `autofilter`, `filter30` (filter strength), `segments1`, `sharp-yuv`.
fn encode_webp(pixels: &image::RgbImage, setting: u8, configuration: &str) -> Result<Vec<u8>> {
    let mut config = webp::WebPConfig::new()
        .map_err(|()| anyhow::anyhow!("libwebp rejected its default configuration"))?;
    config.quality = f32::from(setting.min(100));
    config.method = 4;
    for option in configuration.split('+') {
        match option {
            "method4" => config.method = 4,
            "method5" => config.method = 5,
            "method6" => config.method = 6,
            "sns25" => config.sns_strength = 25,
            "sns80" => config.sns_strength = 80,
            "autofilter" => config.autofilter = 1,
            "filter30" => config.filter_strength = 30,
            "segments1" => config.segments = 1,
            "sharp-yuv" => config.use_sharp_yuv = 1,
            other => bail!("unknown WebP option `{other}`"),
        }
    }
    let encoder = webp::Encoder::from_rgb(pixels.as_raw(), pixels.width(), pixels.height());
    let encoded = encoder
        .encode_advanced(&config)
        .map_err(|error| anyhow::anyhow!("libwebp failed: {error:?}"))?;
    Ok(encoded.to_vec())
}
