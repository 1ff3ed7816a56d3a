//! The work done for one input: decode once, make it upright and sRGB, resize to each width,
//! encode each format, attach the chosen metadata, and write every output atomically.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use altloom_shared::report::{
    FileReport, FileStatus, MetadataReport, OutputReport, OutputStatus, TargetReport,
};
use image::DynamicImage;

use super::animation;
use super::backup::BackupFolder;
use super::cache::{content_hash, describe_outputs, Cache, CacheEntry};
use super::colour::{self, ColourOutcome};
use super::decode::{self, DecodedImage};
use super::discover::InputFile;
use super::encode::{self, EncodeSettings};
use super::error::FileError;
use super::metadata::{self, EmbeddedMetadata, MetadataPlan};
use super::options::{Destination, FormatChoice, OptimizeOptions, OutputFormat};
use super::output::{output_path, write_atomically};
use super::pixels;
use super::report_path;
use super::sniff::InputFormat;
use super::target::{self, Targeted};

/// Inputs with identical content, optimised once. The first member is the one decoded.
pub struct Job {
    pub members: Vec<InputFile>,
    pub content_hash: String,
    pub format: InputFormat,
    pub bytes: u64,
    /// Stored width × height, from the header.
    pub pixels: u64,
    /// Warnings found while preparing (a misleading extension), per member path.
    pub warnings: Vec<(PathBuf, String)>,
}

/// What every job of a batch shares.
pub struct BatchContext<'batch> {
    pub options: &'batch OptimizeOptions,
    pub cache: &'batch Cache,
    pub settings_fingerprint: String,
    pub backup: Option<&'batch BackupFolder>,
    pub cancel: &'batch AtomicBool,
    /// The batch's memory budget in bytes, resolved from the options and the worker count.
    pub memory_budget_bytes: u64,
}

/// One encoded output, before it is written for each member.
struct PlannedOutput {
    format: OutputFormat,
    /// `None` for the full-size output.
    variant_width: Option<u32>,
    width: u32,
    height: u32,
    /// The bytes to write; `None` when the output is skipped.
    bytes: Option<Vec<u8>>,
    status: OutputStatus,
    same_format: bool,
    note: Option<String>,
    /// The quality search behind the output, when one ran.
    targeted: Option<Targeted>,
}

/// What decoding and encoding produced for the job, shared by all its members.
struct Optimized {
    upright_width: u32,
    upright_height: u32,
    outputs: Vec<PlannedOutput>,
    metadata: MetadataReport,
    colour: Option<String>,
    warnings: Vec<String>,
}

/// Runs one job and returns a report per member.
pub fn run_job(job: &Job, context: &BatchContext<'_>, threads_per_image: usize) -> Vec<FileReport> {
    let keys: Vec<String> = job
        .members
        .iter()
        .map(|member| cache_key(&job.content_hash, member, context))
        .collect();
    if !context.options.force && !context.options.dry_run {
        let cached: Option<Vec<CacheEntry>> = keys
            .iter()
            .map(|key| context.cache.valid_entry(key))
            .collect();
        if let Some(entries) = cached {
            return entries
                .into_iter()
                .zip(&job.members)
                .map(|(entry, member)| unchanged_report(entry.report, member))
                .collect();
        }
    }
    let optimized = read_input(&job.members[0].path).and_then(|bytes| {
        optimize_bytes(&bytes, job.format, context, threads_per_image).map(|result| (bytes, result))
    });
    let mut reports = Vec::with_capacity(job.members.len());
    for (member, key) in job.members.iter().zip(&keys) {
        let mut report = base_report(member, job);
        match &optimized {
            Ok((bytes, result)) => {
                write_member_outputs(member, bytes, result, context, &mut report);
                if report.status != FileStatus::Failed && !context.options.dry_run {
                    remember(context, key, member, &report);
                }
            }
            Err(error) => fail(&mut report, error),
        }
        reports.push(report);
    }
    reports
}

/// The cache key of one member: its content, the settings, and where its outputs go (identical
/// files in two places have separate outputs).
fn cache_key(content: &str, member: &InputFile, context: &BatchContext<'_>) -> String {
    let (folder, stem) = output_location(member, &context.options.destination);
    Cache::key(
        content,
        &format!(
            "{}\0{}\0{stem}",
            context.settings_fingerprint,
            folder.display()
        ),
    )
}

fn read_input(path: &Path) -> Result<Vec<u8>, FileError> {
    let bytes = fs::read(path).map_err(FileError::Read)?;
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(bytes)
}

fn base_report(member: &InputFile, job: &Job) -> FileReport {
    FileReport {
        path: report_path(&member.path),
        content_hash: job.content_hash.clone(),
        format: Some(job.format.name().to_string()),
        width: None,
        height: None,
        bytes: job.bytes,
        status: FileStatus::Optimized,
        outputs: Vec::new(),
        metadata: MetadataReport::default(),
        colour: None,
        warnings: job
            .warnings
            .iter()
            .filter(|(path, _)| path == &member.path)
            .map(|(_, warning)| warning.clone())
            .collect(),
        error: None,
    }
}

fn fail(report: &mut FileReport, error: &FileError) {
    report.status = FileStatus::Failed;
    report.error = Some(error.to_string());
    report.outputs.clear();
}

fn unchanged_report(mut report: FileReport, member: &InputFile) -> FileReport {
    report.path = report_path(&member.path);
    report.status = FileStatus::Unchanged;
    for output in &mut report.outputs {
        if output.status != OutputStatus::Skipped {
            output.status = OutputStatus::Unchanged;
        }
    }
    report
}

fn remember(context: &BatchContext<'_>, key: &str, member: &InputFile, report: &FileReport) {
    let written: Vec<PathBuf> = report
        .outputs
        .iter()
        .filter(|output| output.status != OutputStatus::Skipped)
        .map(|output| PathBuf::from(&output.path))
        .collect();
    let Some(outputs) = describe_outputs(&written) else {
        return;
    };
    let entry = CacheEntry {
        outputs,
        report: report.clone(),
    };
    // In place, the optimised file replaces its input; remembering it under its new content
    // lets the next run recognise it as already done instead of optimising it again.
    if matches!(context.options.destination, Destination::InPlace { .. }) {
        if let Ok(now) = fs::read(&member.path) {
            let new_key = cache_key(&content_hash(&now), member, context);
            context.cache.record(new_key, entry.clone());
        }
    }
    context.cache.record(key.to_string(), entry);
}

/// Checks the per-file deadline and Ctrl-C between stages: encoders cannot be stopped midway,
/// so a file that runs over is abandoned at the next stage boundary.
fn checkpoint(started: Instant, context: &BatchContext<'_>) -> Result<(), FileError> {
    if context.cancel.load(Ordering::Relaxed) {
        return Err(FileError::Interrupted);
    }
    if let Some(limit) = context.options.file_timeout {
        if started.elapsed() > limit {
            return Err(FileError::Timeout {
                seconds: limit.as_secs(),
            });
        }
    }
    Ok(())
}

/// The formats to write for an input of `format`, in the order the user listed them; for
/// `auto`, the allowed candidates (JPEG only for images without transparency).
fn target_formats(
    choices: &[FormatChoice],
    allow: &[OutputFormat],
    format: InputFormat,
    has_alpha: bool,
) -> Vec<OutputFormat> {
    let mut formats = Vec::new();
    for choice in choices {
        let targets = match choice {
            FormatChoice::Format(format) => vec![*format],
            FormatChoice::Original => vec![original_format(format, has_alpha)],
            FormatChoice::Auto => allow
                .iter()
                .copied()
                .filter(|candidate| !(has_alpha && *candidate == OutputFormat::Jpeg))
                .collect(),
        };
        for target in targets {
            if !formats.contains(&target) {
                formats.push(target);
            }
        }
    }
    formats
}

/// With `--formats auto`, keeps the smallest of the candidate outputs made for one variant and
/// says in its note which formats it beat and by how much.
fn keep_smallest_candidate(candidates: Vec<PlannedOutput>) -> Vec<PlannedOutput> {
    let size = |output: &PlannedOutput| output.bytes.as_ref().map(Vec::len);
    let Some(winner_index) = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, output)| size(output).map(|bytes| (bytes, index)))
        .min()
        .map(|(_, index)| index)
    else {
        // Nothing could be made (every candidate was skipped): report them all.
        return candidates;
    };
    let winner_bytes = size(&candidates[winner_index]).unwrap_or(0) as f64;
    let beaten: Vec<String> = candidates
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != winner_index)
        .filter_map(|(_, output)| {
            size(output).map(|bytes| {
                let larger = (bytes as f64 / winner_bytes.max(1.0) - 1.0) * 100.0;
                format!("{} {:+.0}%", output.format, larger)
            })
        })
        .collect();
    let mut winner = candidates
        .into_iter()
        .nth(winner_index)
        .expect("the winner is one of the candidates");
    let verdict = if beaten.is_empty() {
        format!("auto: {} (the only candidate)", winner.format)
    } else {
        format!(
            "auto: {} was smallest ({})",
            winner.format,
            beaten.join(", ")
        )
    };
    winner.note = Some(match winner.note.take() {
        Some(note) => format!("{verdict}; {note}"),
        None => verdict,
    });
    vec![winner]
}

/// Every extension an input of `format` may be written with; TIFF and BMP may become JPEG or PNG
/// depending on transparency, so both count.
pub fn possible_extensions(
    choices: &[FormatChoice],
    allow: &[OutputFormat],
    format: InputFormat,
) -> Vec<&'static str> {
    let mut extensions: Vec<&'static str> = [false, true]
        .into_iter()
        .flat_map(|has_alpha| target_formats(choices, allow, format, has_alpha))
        .map(OutputFormat::extension)
        .collect();
    extensions.sort_unstable();
    extensions.dedup();
    extensions
}

/// The web format standing in for the input's own: itself where we can write it; for TIFF and
/// BMP, which browsers do not show, PNG when there is transparency and JPEG otherwise.
fn original_format(format: InputFormat, has_alpha: bool) -> OutputFormat {
    match format {
        InputFormat::Jpeg => OutputFormat::Jpeg,
        InputFormat::Png => OutputFormat::Png,
        InputFormat::Webp => OutputFormat::Webp,
        InputFormat::Gif => OutputFormat::Gif,
        InputFormat::Avif => OutputFormat::Avif,
        _ if has_alpha => OutputFormat::Png,
        _ => OutputFormat::Jpeg,
    }
}

fn same_format(format: InputFormat, output: OutputFormat) -> bool {
    matches!(
        (format, output),
        (InputFormat::Jpeg, OutputFormat::Jpeg)
            | (InputFormat::Png, OutputFormat::Png)
            | (InputFormat::Webp, OutputFormat::Webp)
            | (InputFormat::Gif, OutputFormat::Gif)
            | (InputFormat::Avif, OutputFormat::Avif)
    )
}

fn is_lossless_source(decoded: &DecodedImage) -> bool {
    match decoded.format {
        InputFormat::Png | InputFormat::Gif | InputFormat::Tiff | InputFormat::Bmp => true,
        // A lossless WebP starts its bitstream with a VP8L chunk somewhere in the container.
        InputFormat::Webp => false,
        _ => false,
    }
}

fn optimize_bytes(
    bytes: &[u8],
    format: InputFormat,
    context: &BatchContext<'_>,
    threads_per_image: usize,
) -> Result<Optimized, FileError> {
    let started = Instant::now();
    let options = context.options;
    let (stored_width, stored_height) = decode::dimensions(bytes, format)?;
    let pixel_count = u64::from(stored_width) * u64::from(stored_height);
    if pixel_count > options.max_pixels {
        return Err(FileError::TooManyPixels {
            width: stored_width,
            height: stored_height,
            megapixels: pixel_count as f64 / 1e6,
            limit_megapixels: options.max_pixels as f64 / 1e6,
        });
    }
    let mut decoded = decode::decode(bytes, format)?;
    checkpoint(started, context)?;
    if decoded.frames > 1 {
        return Ok(animated_passthrough(
            bytes,
            &decoded,
            options,
            context.memory_budget_bytes,
        ));
    }
    let mut warnings = Vec::new();
    let lossless_source = is_lossless_source(&decoded) || webp_is_lossless(bytes, format);
    pixels::apply_orientation(&mut decoded.pixels, decoded.orientation);
    let (upright_width, upright_height) = (decoded.pixels.width(), decoded.pixels.height());

    // Colour: convert to sRGB unless the user keeps the profile; AVIF cannot carry a profile, so
    // an sRGB copy is made for it when the profile is kept.
    let mut colour_note = decoded.colour_outcome.as_ref().and_then(describe_outcome);
    let mut output_icc = None;
    let mut srgb_for_avif: Option<DynamicImage> = None;
    if let Some(icc) = decoded.icc.clone() {
        if options.keep_icc {
            output_icc = Some(icc.clone());
            colour_note = Some(format!(
                "kept the embedded {} profile",
                colour::describe(&icc).unwrap_or_else(|| "ICC".into())
            ));
        } else {
            match convert_to_srgb(&mut decoded.pixels, &icc) {
                Ok(note) => {
                    colour_note = match (&decoded.gamma_note, note) {
                        (Some(gamma), Some(_)) => Some(format!("converted {gamma} to sRGB")),
                        (_, note) => note.or(colour_note),
                    }
                }
                Err(warning) => warnings.push(warning),
            }
        }
    }
    let plan = metadata::plan(&decoded.metadata, options.keep_metadata, output_icc.clone());
    let has_transparency = pixels::has_real_transparency(&decoded.pixels);
    let formats = target_formats(&options.formats, &options.allow, format, has_transparency);
    let choose_smallest = options.formats.contains(&FormatChoice::Auto);
    if formats.contains(&OutputFormat::Avif) && options.keep_icc {
        if let Some(icc) = &output_icc {
            let mut copy = decoded.pixels.clone();
            srgb_for_avif = convert_to_srgb(&mut copy, icc).ok().map(|_| copy);
        }
    }

    let widths = variant_widths(&options.widths, upright_width, options.keep_original_size);
    let encode_settings = EncodeSettings {
        quality: options.quality.clone(),
        chroma: options.chroma,
        png_lossy: options.png_lossy,
        avif_speed: options.avif_speed,
        threads_per_image,
        target: options.target,
    };
    let mut outputs = Vec::new();
    // The setting each targeted format settled on, as the next variant's starting point.
    let mut predictions: HashMap<OutputFormat, u8> = HashMap::new();
    for variant_width in widths {
        // The full size is encoded straight from the decoded pixels; only widths make copies.
        let (source, avif_source): (Cow<'_, DynamicImage>, Option<Cow<'_, DynamicImage>>) =
            match variant_width {
                None => (
                    Cow::Borrowed(&decoded.pixels),
                    srgb_for_avif.as_ref().map(Cow::Borrowed),
                ),
                Some(width) => (
                    Cow::Owned(pixels::resize_to_width(&decoded.pixels, width)?),
                    match &srgb_for_avif {
                        Some(image) => Some(Cow::Owned(pixels::resize_to_width(image, width)?)),
                        None => None,
                    },
                ),
            };
        checkpoint(started, context)?;
        let mut variant_outputs = Vec::new();
        for &output_format in &formats {
            let pixels_for_format: &DynamicImage = match (output_format, &avif_source) {
                (OutputFormat::Avif, Some(srgb)) => srgb,
                _ => &source,
            };
            let planned = encode_one(
                pixels_for_format,
                output_format,
                variant_width,
                bytes,
                format,
                &plan,
                &encode_settings,
                lossless_source,
                has_transparency,
                &mut predictions,
            )?;
            variant_outputs.push(planned);
            checkpoint(started, context)?;
        }
        if choose_smallest {
            outputs.extend(keep_smallest_candidate(variant_outputs));
        } else {
            outputs.extend(variant_outputs);
        }
    }
    compare_with_same_format(&mut outputs, bytes.len() as u64, options.skip_larger);
    let mut metadata_report = MetadataReport {
        kept: plan.kept.clone(),
        dropped: plan.dropped.clone(),
    };
    if formats.contains(&OutputFormat::Webp) && plan.embed.iptc.is_some() {
        metadata_report
            .dropped
            .push("iptc in webp outputs (WebP cannot carry IPTC)".into());
    }
    if formats.contains(&OutputFormat::Avif) && !plan_is_empty(&plan.embed) {
        metadata_report
            .dropped
            .push("avif outputs carry no metadata or profile".into());
    }
    Ok(Optimized {
        upright_width,
        upright_height,
        outputs,
        metadata: metadata_report,
        colour: colour_note,
        warnings,
    })
}

fn plan_is_empty(embed: &EmbeddedMetadata) -> bool {
    embed.exif.is_none() && embed.xmp.is_none() && embed.iptc.is_none() && embed.icc.is_none()
}

fn webp_is_lossless(bytes: &[u8], format: InputFormat) -> bool {
    format == InputFormat::Webp && bytes.windows(4).take(256).any(|window| window == b"VP8L")
}

fn describe_outcome(outcome: &ColourOutcome) -> Option<String> {
    match outcome {
        ColourOutcome::Converted { from } => Some(format!("converted {from} to sRGB")),
        ColourOutcome::AlreadySrgb | ColourOutcome::NoProfile => None,
    }
}

/// Converts the pixels to sRGB in place and returns the note for the report. An unusable profile
/// leaves the pixels untouched and becomes a warning: they are then treated as sRGB.
fn convert_to_srgb(image: &mut DynamicImage, icc: &[u8]) -> Result<Option<String>, String> {
    colour::convert_to_srgb_in_place(image, icc)
        .map(|outcome| describe_outcome(&outcome))
        .map_err(|error| format!("embedded ICC profile ignored ({error}); treated as sRGB"))
}

/// Full size first (when kept), then each requested width smaller than the image. Widths at or
/// above the image width are dropped: we never upscale. If that leaves nothing, the full size is
/// written after all, so every input produces an output.
fn variant_widths(
    requested: &[u32],
    image_width: u32,
    keep_original_size: bool,
) -> Vec<Option<u32>> {
    let mut widths: Vec<Option<u32>> = Vec::new();
    if keep_original_size || requested.is_empty() {
        widths.push(None);
    }
    let mut smaller: Vec<u32> = requested
        .iter()
        .copied()
        .filter(|&width| width > 0 && width < image_width)
        .collect();
    smaller.sort_unstable_by(|a, b| b.cmp(a));
    smaller.dedup();
    widths.extend(smaller.into_iter().map(Some));
    if widths.is_empty() {
        widths.push(None);
    }
    widths
}

#[allow(clippy::too_many_arguments)]
fn encode_one(
    image: &DynamicImage,
    output_format: OutputFormat,
    variant_width: Option<u32>,
    original_bytes: &[u8],
    input_format: InputFormat,
    plan: &MetadataPlan,
    settings: &EncodeSettings,
    lossless_source: bool,
    has_transparency: bool,
    predictions: &mut HashMap<OutputFormat, u8>,
) -> Result<PlannedOutput, FileError> {
    let is_same_format = same_format(input_format, output_format) && variant_width.is_none();
    let mut planned = PlannedOutput {
        format: output_format,
        variant_width,
        width: image.width(),
        height: image.height(),
        bytes: None,
        status: OutputStatus::Written,
        same_format: is_same_format,
        note: None,
        targeted: None,
    };
    if output_format == OutputFormat::Jpeg && has_transparency {
        planned.status = OutputStatus::Skipped;
        planned.note =
            Some("JPEG cannot keep transparency; use png, webp or avif for this image".into());
        return Ok(planned);
    }
    if output_format == OutputFormat::Gif {
        // GIF is never re-encoded: a still GIF is kept as it is, and widths are not made from it.
        if variant_width.is_none() {
            planned.bytes = Some(original_bytes.to_vec());
            planned.status = OutputStatus::AlreadyOptimal;
            planned.note = Some("GIF is kept as it is; ask for png or webp to convert it".into());
        } else {
            planned.status = OutputStatus::Skipped;
            planned.note = Some("GIF widths are not made; ask for png or webp".into());
        }
        return Ok(planned);
    }
    let prepared = prepare_pixels(image, output_format, has_transparency);
    // Lossless WebP is tried for lossless sources that look like graphics; for photos it
    // only costs time.
    let try_lossless = lossless_source
        && (output_format != OutputFormat::Webp || pixels::looks_like_graphic(&prepared));
    let explicit = settings.quality.explicit_setting(output_format);
    let encoded = match settings.target {
        Some(target) if explicit.is_none() && target::is_targeted(output_format) => {
            let predicted = *predictions.entry(output_format).or_insert_with(|| {
                target::predicted_setting(output_format, target)
                    .unwrap_or_else(|| settings.quality.setting_for(output_format))
            });
            // A JPEG that mozjpeg already optimised (an earlier output of ours, or another
            // optimiser's), re-encoded as a JPEG at its own size, is never taken below the
            // setting it was made with: the target would be spent a second time, and optimising
            // optimised files would keep shrinking them. Other JPEGs get the whole search: the
            // target is measured against the decoded source, so it bounds what is lost.
            let floor = (is_same_format && output_format == OutputFormat::Jpeg)
                .then(|| target::mozjpeg_setting(original_bytes))
                .flatten();
            let (encoded, targeted) = target::encode_to_target(
                &prepared,
                output_format,
                settings,
                try_lossless,
                target,
                predicted,
                floor,
            )?;
            // Smaller widths of the same image usually need about the same setting.
            predictions.insert(output_format, targeted.outcome.chosen.setting);
            planned.targeted = Some(targeted);
            encoded
        }
        _ => encode::encode(&prepared, output_format, settings, try_lossless)?,
    };
    let with_metadata = match output_format {
        OutputFormat::Jpeg => metadata::embed_jpeg(encoded.bytes, &plan.embed),
        OutputFormat::Png => metadata::embed_png(encoded.bytes, &plan.embed),
        OutputFormat::Webp => metadata::embed_webp(encoded.bytes, &plan.embed),
        OutputFormat::Avif | OutputFormat::Gif => Ok(encoded.bytes),
    }
    .map_err(|error| FileError::Encode {
        format: output_format.name(),
        reason: format!("could not attach metadata: {error}"),
    })?;
    planned.note = encoded.note;
    if is_same_format && with_metadata.len() >= original_bytes.len() {
        planned.bytes = Some(original_bytes.to_vec());
        planned.status = OutputStatus::AlreadyOptimal;
        let kept = "re-encoding was not smaller; the original bytes were kept";
        planned.note = Some(match planned.note.take() {
            Some(encoder_note) => format!("{kept} ({encoder_note})"),
            None => kept.to_string(),
        });
    } else {
        planned.bytes = Some(with_metadata);
    }
    Ok(planned)
}

/// The report's account of a quality search.
fn target_report(targeted: &Targeted) -> TargetReport {
    TargetReport {
        metric: targeted.target.metric.name().to_string(),
        target: targeted.target.value,
        score: targeted.outcome.chosen.score,
        setting: targeted.outcome.chosen.setting,
        encodes: targeted.outcome.evaluations,
        met: targeted.outcome.met,
        measured_on: if targeted.whole_image {
            "whole image".to_string()
        } else {
            "tiles".to_string()
        },
    }
}

/// The pixels an encoder gets: 8 bits per channel for lossy formats (PNG keeps 16 bits), and no
/// alpha channel when nothing is transparent. Borrowed when nothing needs to change.
fn prepare_pixels(
    image: &DynamicImage,
    format: OutputFormat,
    has_transparency: bool,
) -> Cow<'_, DynamicImage> {
    let too_deep = format != OutputFormat::Png && !pixels::is_8_bit(image);
    let opaque_alpha = image.color().has_alpha() && !has_transparency;
    if !too_deep && !opaque_alpha {
        return Cow::Borrowed(image);
    }
    let mut prepared = image.clone();
    if too_deep {
        prepared = pixels::to_8_bit(prepared);
    }
    if opaque_alpha {
        prepared = pixels::drop_opaque_alpha(prepared);
    }
    Cow::Owned(prepared)
}

/// A converted output larger than the same-format output at the same width (or, without one,
/// than the input) is reported, and skipped with `--skip-larger`.
fn compare_with_same_format(outputs: &mut [PlannedOutput], input_bytes: u64, skip_larger: bool) {
    let reference: Vec<(Option<u32>, OutputFormat, u64)> = outputs
        .iter()
        .filter(|output| output.same_format || output.variant_width.is_some())
        .filter_map(|output| {
            output
                .bytes
                .as_ref()
                .map(|bytes| (output.variant_width, output.format, bytes.len() as u64))
        })
        .collect();
    let same_format_full = outputs
        .iter()
        .find(|output| output.same_format)
        .and_then(|output| output.bytes.as_ref().map(|bytes| bytes.len() as u64));
    let same_format_kind = outputs
        .iter()
        .find(|output| output.same_format)
        .map(|output| output.format);
    for output in outputs.iter_mut() {
        if output.same_format || Some(output.format) == same_format_kind {
            continue;
        }
        let Some(size) = output.bytes.as_ref().map(|bytes| bytes.len() as u64) else {
            continue;
        };
        let (baseline, against) = match output.variant_width {
            None => (
                same_format_full.unwrap_or(input_bytes),
                same_format_kind.map_or("the input".to_string(), |format| {
                    format!("the {format} output")
                }),
            ),
            Some(width) => match reference.iter().find(|(variant, format, _)| {
                *variant == Some(width) && Some(*format) == same_format_kind
            }) {
                Some((_, format, bytes)) => (*bytes, format!("the {format} output at this width")),
                None => continue,
            },
        };
        if size > baseline {
            let remark = format!("larger than {against} ({size} > {baseline} bytes)");
            if skip_larger {
                output.bytes = None;
                output.status = OutputStatus::Skipped;
                output.note = Some(format!("{remark}; skipped (--skip-larger)"));
            } else {
                output.note = Some(remark);
            }
        }
    }
}

/// Animated inputs keep their animation: the file itself is the output in its own format, GIF
/// and APNG become animated WebP when WebP is asked for, and conversions or widths that would
/// flatten the animation are skipped with a reason.
fn animated_passthrough(
    bytes: &[u8],
    decoded: &DecodedImage,
    options: &OptimizeOptions,
    memory_budget_bytes: u64,
) -> Optimized {
    let (width, height) = (decoded.pixels.width(), decoded.pixels.height());
    // `auto` keeps an animation in its own format: no candidate could carry it better.
    let formats = if options.formats.contains(&FormatChoice::Auto) {
        vec![original_format(decoded.format, true)]
    } else {
        target_formats(&options.formats, &options.allow, decoded.format, true)
    };
    let mut outputs = Vec::new();
    for format in formats {
        let is_own = same_format(decoded.format, format);
        let mut planned = PlannedOutput {
            format,
            variant_width: None,
            width,
            height,
            bytes: None,
            status: OutputStatus::Skipped,
            same_format: is_own,
            targeted: None,
            note: None,
        };
        let converts_to_webp = format == OutputFormat::Webp
            && matches!(decoded.format, InputFormat::Gif | InputFormat::Png);
        if is_own {
            planned.bytes = Some(bytes.to_vec());
            planned.status = OutputStatus::AlreadyOptimal;
            // The frame count at hand stops at two for GIFs (counting them all means reading
            // every frame), so the note does not claim one.
            planned.note = Some("animation kept as it is".to_string());
        } else if converts_to_webp {
            let converted =
                animation::decode(bytes, decoded.format, memory_budget_bytes).and_then(|frames| {
                    animation::to_webp(&frames, options.quality.setting_for(OutputFormat::Webp))
                });
            match converted {
                Ok((webp, note)) => {
                    planned.bytes = Some(webp);
                    planned.status = OutputStatus::Written;
                    planned.note = Some(note);
                }
                Err(error) => {
                    planned.note = Some(format!("the animation was not converted: {error}"));
                }
            }
        } else {
            planned.note = Some(format!(
                "animated input: converting to {format} would drop the animation, so it was not written"
            ));
        }
        outputs.push(planned);
    }
    Optimized {
        upright_width: width,
        upright_height: height,
        outputs,
        metadata: MetadataReport::default(),
        colour: None,
        warnings: if options.widths.is_empty() {
            vec![]
        } else {
            vec!["animated input: width variants are not made".into()]
        },
    }
}

/// The folder and stem an input's outputs use.
pub fn output_location(member: &InputFile, destination: &Destination) -> (PathBuf, String) {
    let stem = member
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".into());
    let folder = match destination {
        Destination::Folder(root) => root.join(member.relative.parent().unwrap_or(Path::new(""))),
        Destination::InPlace { .. } => member
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    (folder, stem)
}

fn write_member_outputs(
    member: &InputFile,
    original: &[u8],
    optimized: &Optimized,
    context: &BatchContext<'_>,
    report: &mut FileReport,
) {
    let options = context.options;
    report.width = Some(optimized.upright_width);
    report.height = Some(optimized.upright_height);
    report.metadata = optimized.metadata.clone();
    report.colour = optimized.colour.clone();
    report.warnings.extend(optimized.warnings.iter().cloned());
    let (folder, stem) = output_location(member, &options.destination);
    let in_place = matches!(options.destination, Destination::InPlace { .. });
    for planned in &optimized.outputs {
        let path = if in_place && planned.same_format {
            member.path.clone()
        } else {
            output_path(
                &folder,
                &stem,
                planned.format.extension(),
                planned.variant_width,
                &options.name_template,
            )
        };
        let mut status = planned.status.clone();
        if let Some(bytes) = &planned.bytes {
            if options.dry_run {
                status = OutputStatus::WouldWrite;
            } else if in_place && path == member.path {
                // Replacing the original: nothing to do when it stays the same, and a backup
                // comes first when it changes.
                if status != OutputStatus::AlreadyOptimal {
                    if let Some(backup) = context.backup {
                        if let Err(error) = backup.back_up(&member.path, &member.relative, original)
                        {
                            fail(
                                report,
                                &FileError::Backup {
                                    path: member.path.clone(),
                                    source: std::io::Error::other(error.to_string()),
                                },
                            );
                            return;
                        }
                    }
                    if let Err(error) = write_atomically(&path, bytes, Some(&member.path)) {
                        fail(report, &error);
                        return;
                    }
                }
            } else if let Err(error) = write_atomically(&path, bytes, None) {
                fail(report, &error);
                return;
            }
        }
        report.outputs.push(OutputReport {
            path: report_path(&path),
            format: planned.format.name().to_string(),
            width: planned.width,
            height: planned.height,
            bytes: planned.bytes.as_ref().map_or(0, |bytes| bytes.len() as u64),
            status,
            full_size: planned.variant_width.is_none(),
            same_format: planned.same_format,
            note: planned.note.clone(),
            target: planned.targeted.as_ref().map(target_report),
        });
    }
    let written_any = report.outputs.iter().any(|output| {
        matches!(
            output.status,
            OutputStatus::Written | OutputStatus::WouldWrite
        )
    });
    let kept_original = report
        .outputs
        .iter()
        .any(|output| output.status == OutputStatus::AlreadyOptimal);
    report.status = if written_any || !kept_original {
        FileStatus::Optimized
    } else {
        FileStatus::AlreadyOptimal
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale_and_full_size_comes_first() {
        assert_eq!(
            variant_widths(&[480, 960, 4000], 1000, true),
            vec![None, Some(960), Some(480)]
        );
        assert_eq!(variant_widths(&[480], 1000, false), vec![Some(480)]);
        assert_eq!(variant_widths(&[2000], 1000, false), vec![None]);
        assert_eq!(variant_widths(&[], 1000, false), vec![None]);
    }

    #[test]
    fn original_means_a_web_format() {
        let original = [FormatChoice::Original];
        assert_eq!(
            target_formats(&original, &[], InputFormat::Tiff, false),
            vec![OutputFormat::Jpeg]
        );
        assert_eq!(
            target_formats(&original, &[], InputFormat::Tiff, true),
            vec![OutputFormat::Png]
        );
        let both = [
            FormatChoice::Original,
            FormatChoice::Format(OutputFormat::Jpeg),
        ];
        assert_eq!(
            target_formats(&both, &[], InputFormat::Jpeg, false),
            vec![OutputFormat::Jpeg]
        );
    }

    fn planned(format: OutputFormat, width: Option<u32>, same: bool, size: usize) -> PlannedOutput {
        PlannedOutput {
            format,
            variant_width: width,
            width: 1,
            height: 1,
            bytes: Some(vec![0; size]),
            status: OutputStatus::Written,
            same_format: same,
            note: None,
            targeted: None,
        }
    }

    #[test]
    fn auto_keeps_the_smallest_candidate_and_says_what_it_beat() {
        let kept = keep_smallest_candidate(vec![
            planned(OutputFormat::Jpeg, None, true, 120),
            planned(OutputFormat::Webp, None, false, 100),
            planned(OutputFormat::Avif, None, false, 150),
        ]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].format, OutputFormat::Webp);
        assert_eq!(
            kept[0].note.as_deref(),
            Some("auto: webp was smallest (jpeg +20%, avif +50%)")
        );
        // Skipped candidates (no bytes) never win; with nothing made, all are reported.
        let mut skipped = planned(OutputFormat::Jpeg, None, true, 1);
        skipped.bytes = None;
        let kept =
            keep_smallest_candidate(vec![skipped, planned(OutputFormat::Webp, None, false, 9)]);
        assert_eq!(kept[0].format, OutputFormat::Webp);
        let mut nothing = planned(OutputFormat::Jpeg, None, true, 1);
        nothing.bytes = None;
        assert_eq!(keep_smallest_candidate(vec![nothing]).len(), 1);
    }

    #[test]
    fn auto_never_offers_jpeg_for_transparent_images() {
        let auto = [FormatChoice::Auto];
        let allow = [OutputFormat::Jpeg, OutputFormat::Webp, OutputFormat::Avif];
        assert_eq!(
            target_formats(&auto, &allow, InputFormat::Png, true),
            vec![OutputFormat::Webp, OutputFormat::Avif]
        );
        assert_eq!(
            target_formats(&auto, &allow, InputFormat::Png, false),
            allow.to_vec()
        );
        assert_eq!(
            possible_extensions(&auto, &allow, InputFormat::Jpeg),
            vec!["avif", "jpg", "webp"]
        );
    }

    #[test]
    fn larger_conversions_are_reported_and_skipped_on_request() {
        let mut outputs = vec![
            planned(OutputFormat::Jpeg, None, true, 100),
            planned(OutputFormat::Webp, None, false, 150),
            planned(OutputFormat::Avif, None, false, 50),
        ];
        compare_with_same_format(&mut outputs, 200, false);
        assert!(outputs[1]
            .note
            .as_deref()
            .unwrap()
            .contains("larger than the jpeg output"));
        assert_eq!(outputs[1].status, OutputStatus::Written);
        assert!(outputs[2].note.is_none());
        compare_with_same_format(&mut outputs, 200, true);
        assert_eq!(outputs[1].status, OutputStatus::Skipped);
        assert!(outputs[1].bytes.is_none());
    }
}
