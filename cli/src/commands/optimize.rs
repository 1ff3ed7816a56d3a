//! `altloom optimize`: turns flags and settings into engine options, runs the batch with a
//! progress bar, prints the summary or JSON, writes the report file, reports the job to the
//! workspace when logged in, writes AI metadata with `--alt`, and picks the exit code.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use altloom_shared::metadata_file::METADATA_FILE_NAME;
use altloom_shared::report::{
    FileReport, FileStatus, OptimizeReport, OutputStatus, Summary, REPORT_SCHEMA_VERSION,
};
use anyhow::Context;

use super::alt::{AltConfig, AltImage};

use crate::account::{Account, AccountError};
use crate::args::{
    AltOptionsArgs, ConnectionArgs, KeepMetadataArg, OptimizeArgs, OutputArgs, SiteArgs,
};
use crate::credentials::TOKEN_VARIABLE;
use crate::engine::discover::DiscoveryOptions;
use crate::engine::metadata::KeepMetadata;
use crate::engine::options::{
    Destination, FormatChoice, OptimizeOptions, OutputFormat, Quality, TargetSetting,
};
use crate::engine::shard::Shard;
use crate::engine::{self, BatchOutcome};
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::progress::TerminalProgress;
use crate::settings::{FlagValues, RawValue, Settings, SettingsError, SettingsSources};

/// The cache file kept in an output folder.
const CACHE_FILE_NAME: &str = ".altloom-cache.json";

pub fn run(
    arguments: OptimizeArgs,
    output: &OutputArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    if arguments.in_place && arguments.backup.is_none() && !arguments.no_backup {
        return Err(CommandError::Usage(
            "--in-place replaces your originals: add --backup DIR to keep copies (undo with `altloom restore --backup DIR`), or --no-backup to confirm you do not want them".into(),
        )
        .into());
    }
    if !arguments.alt && arguments.alt_options != AltOptionsArgs::default() {
        return Err(CommandError::Usage(
            "the AI metadata options (--lang, --fields, --provider, ...) take effect with --alt"
                .into(),
        )
        .into());
    }
    if !arguments.push
        && (arguments.site != SiteArgs::default() || arguments.push_concurrency.is_some())
    {
        return Err(CommandError::Usage(
            "--site, --wp-url, --wp-user and --push-concurrency take effect with --push".into(),
        )
        .into());
    }
    let mut flags = flag_values(&arguments);
    super::connection_flags(connection, &mut flags);
    super::alt::option_flags(&arguments.alt_options, &mut flags);
    super::push::site_flags(&arguments.site, &mut flags);
    if let Some(concurrency) = arguments.push_concurrency {
        flags.set(
            "push-concurrency",
            "--push-concurrency",
            RawValue::Integer(concurrency as i64),
        );
    }
    let sources = SettingsSources::from_process();
    let settings = Settings::load(&sources, flags).map_err(usage)?;
    // Checked before the engine starts, like the AI options below.
    let push_plan = if arguments.push {
        Some((
            super::push::site_choice(&settings)?,
            super::push::concurrency(&settings)?,
        ))
    } else {
        None
    };
    let (options, discovery) = engine_options(&settings, &arguments).map_err(usage)?;
    let check_plan = if arguments.check {
        Some(super::check::plan(
            &settings,
            &sources,
            &arguments.paths,
            &options,
            printer,
        )?)
    } else {
        None
    };
    if let Some(shard) = &discovery.shard {
        printer.status(&format!(
            "shard {shard}: optimising only the files whose path falls in this part of the batch"
        ));
    }
    // Checked before the engine starts, so a typo does not surface after a long optimisation.
    let alt_config = if arguments.alt {
        Some(AltConfig::from_settings(&settings, &arguments.alt_options)?)
    } else {
        None
    };
    let report_jobs = settings.boolean("report-jobs").map_err(usage)?;
    let started_at = altloom_shared::time::Timestamp::now();

    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = Arc::clone(&cancel);
        // A second Ctrl-C leaves at once; atomic writes mean no output is ever half-written,
        // and the next run sweeps any temporary files away.
        let _ = ctrlc::set_handler(move || {
            if cancel.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let show_progress = !output.no_progress
        && !arguments.json
        && printer.verbosity > crate::printer::Verbosity::Quiet;
    // With --json, stdout holds only the report (which lists every planned output), so the
    // dry run's "would write" lines are left out.
    let list_planned_outputs = arguments.dry_run && !arguments.json && !arguments.check;
    let progress = TerminalProgress::new(show_progress, printer, list_planned_outputs);
    let outcome = engine::optimize(&arguments.paths, &discovery, &options, &progress, &cancel)
        .map_err(|error| CommandError::User(error.to_string()))?;
    progress.finish();

    for (path, problem) in &outcome.problems {
        printer.error(&format!("{}: {problem}", path.display()));
    }
    if let Some(warning) = &outcome.cache_warning {
        printer.warning(&format!("the incremental cache could not be saved ({warning}); the next run will redo this work"));
    }
    let mut report = build_report(&outcome, options.dry_run, &options.destination);
    // An interrupted check has no verdict: the files it did not reach were never measured.
    if let Some(plan) = check_plan.as_ref().filter(|_| !outcome.interrupted) {
        report.check = Some(crate::check::evaluate(&report, plan));
    }
    if let Some(path) = &arguments.report {
        let text = serde_json::to_vec_pretty(&report).context("cannot serialise the report")?;
        write_report(path, &text)
            .with_context(|| format!("cannot write the report to {}", path.display()))?;
    }
    if arguments.json {
        printer.json(&report);
    } else {
        printer.summary(&report);
    }
    // A dry run did nothing worth recording, and an interrupted one should stop at once.
    if report_jobs && !report.dry_run && !outcome.interrupted {
        report_job(
            &settings,
            &report,
            started_at,
            arguments.report_paths,
            printer,
        );
    }
    if outcome.interrupted {
        printer.error("interrupted: files not yet finished were left untouched");
        return Ok(Exit::Interrupted);
    }
    let check_exit = report.check.as_ref().map_or(Exit::Success, |check| {
        super::check::publish(check, arguments.json, printer)
    });
    let mut alt_exit = Exit::Success;
    if let Some(config) = alt_config.filter(|_| !report.dry_run) {
        let (meta, images) = alt_images(&report, &options.destination);
        alt_exit = super::alt::generate(
            &images,
            &meta,
            &config,
            &settings,
            show_progress,
            &cancel,
            printer,
        )?;
        if alt_exit == Exit::Interrupted {
            return Ok(Exit::Interrupted);
        }
    }
    let mut push_exit = Exit::Success;
    if let Some((choice, concurrency)) = push_plan {
        if report.dry_run {
            printer.info("--push: nothing was written in a dry run, so nothing was pushed");
        } else {
            let meta = match &options.destination {
                Destination::Folder(folder) => folder.join(METADATA_FILE_NAME),
                Destination::InPlace { .. } => PathBuf::from(METADATA_FILE_NAME),
            };
            let index = super::push::metadata_index(&meta)?;
            let selection = crate::push::items::from_report(&report, &index);
            let push_options = crate::push::run::PushOptions {
                concurrency,
                ..crate::push::run::PushOptions::default()
            };
            push_exit = super::push::push_items(
                &selection.items,
                &selection.problems,
                &choice,
                &settings,
                &push_options,
                false,
                show_progress,
                printer,
            )?;
        }
    }
    if report.summary.failed > 0
        || !outcome.problems.is_empty()
        || alt_exit == Exit::Failure
        || push_exit == Exit::Failure
        || check_exit == Exit::Failure
    {
        return Ok(Exit::Failure);
    }
    if report.summary.files == 0 {
        printer.warning(
            "no images found (looked for jpg, jpeg, png, webp, gif, tif, tiff, avif, heic, bmp)",
        );
    }
    Ok(Exit::Success)
}

/// The metadata file and the images of `optimize --alt`: every input that was optimised (or was
/// already), keyed by its content. With an output folder the file sits at its root and each entry
/// names the output's path below it; in place, the file is `./altloom-meta.json` and the key is
/// the optimised file's new content, since that is what gets published.
fn alt_images(report: &OptimizeReport, destination: &Destination) -> (PathBuf, Vec<AltImage>) {
    let current_folder = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (meta, root) = match destination {
        Destination::Folder(folder) => (folder.join(METADATA_FILE_NAME), folder.clone()),
        Destination::InPlace { .. } => (PathBuf::from(METADATA_FILE_NAME), current_folder),
    };
    let mut images = Vec::new();
    for file in &report.files {
        if file.status == FileStatus::Failed || file.content_hash.is_empty() {
            continue;
        }
        let path = PathBuf::from(&file.path);
        let content_hash = match destination {
            Destination::Folder(_) => file.content_hash.clone(),
            Destination::InPlace { .. } => match std::fs::read(&path) {
                Ok(bytes) => crate::engine::cache::content_hash(&bytes),
                Err(_) => continue,
            },
        };
        let shown = match destination {
            Destination::Folder(_) => {
                headline_output(file).map(|output| PathBuf::from(&output.path))
            }
            Destination::InPlace { .. } => Some(path.clone()),
        };
        let hint = shown
            .and_then(|shown| super::alt::hint(&shown, &root))
            .unwrap_or_else(|| {
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        images.push(AltImage {
            path,
            content_hash,
            hint,
        });
    }
    (meta, images)
}

/// Sends the job report; whatever goes wrong is one warning line, never a different exit code.
fn report_job(
    settings: &Settings,
    report: &OptimizeReport,
    started_at: altloom_shared::time::Timestamp,
    include_paths: bool,
    printer: &Printer,
) {
    let account = match Account::from_settings(settings) {
        Ok(account) => account,
        // Without a configuration folder there can be no stored login; only a token in the
        // environment makes the missing folder worth a word.
        Err(AccountError::NoConfigFolder) if std::env::var_os(TOKEN_VARIABLE).is_none() => return,
        Err(error) => {
            printer.warning(&format!("job not reported: {error}"));
            return;
        }
    };
    let current_folder = std::env::current_dir().ok();
    let job =
        crate::job_report::build(report, started_at, include_paths, current_folder.as_deref());
    match crate::job_report::send(&account, &job) {
        Ok(Some((stored, workspace))) => printer.detail(&format!(
            "reported job {} to {} ({})",
            stored.id, workspace.name, account.api_url
        )),
        Ok(None) => {}
        Err(error) => printer.warning(&format!(
            "job not reported to {} ({error}); the run itself is unaffected (--no-report-job turns reporting off)",
            account.api_url
        )),
    }
}

fn usage(error: SettingsError) -> CommandError {
    CommandError::Usage(error.to_string())
}

fn write_report(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    std::io::Write::write_all(&mut temporary, bytes)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// The flags the user actually gave, as settings values.
fn flag_values(arguments: &OptimizeArgs) -> FlagValues {
    let mut flags = FlagValues::default();
    if let Some(out) = &arguments.out {
        flags.set("out", "--out", RawValue::Text(out.display().to_string()));
    }
    if let Some(formats) = &arguments.formats {
        flags.set("formats", "--formats", RawValue::List(formats.clone()));
    }
    if let Some(quality) = &arguments.quality {
        flags.set("quality", "--quality", RawValue::Text(quality.clone()));
    }
    if let Some(allow) = &arguments.allow {
        flags.set("allow", "--allow", RawValue::List(allow.clone()));
    }
    if let Some(target) = &arguments.target {
        flags.set("target", "--target", RawValue::Text(target.clone()));
    }
    if let Some(chroma) = &arguments.chroma {
        flags.set("chroma", "--chroma", RawValue::Text(chroma.clone()));
    }
    if arguments.png_lossy {
        flags.set("png-lossy", "--png-lossy", RawValue::Bool(true));
    }
    if let Some(widths) = &arguments.widths {
        flags.set(
            "widths",
            "--widths",
            RawValue::List(widths.iter().map(u32::to_string).collect()),
        );
    }
    if arguments.no_original_size {
        flags.set("original-size", "--no-original-size", RawValue::Bool(false));
    }
    if let Some(template) = &arguments.name_template {
        flags.set(
            "name-template",
            "--name-template",
            RawValue::Text(template.clone()),
        );
    }
    if arguments.keep_icc {
        flags.set("keep-icc", "--keep-icc", RawValue::Bool(true));
    }
    if let Some(keep) = arguments.keep_metadata {
        let value = match keep {
            KeepMetadataArg::None => "none",
            KeepMetadataArg::Copyright => "copyright",
            KeepMetadataArg::All => "all",
        };
        flags.set(
            "keep-metadata",
            "--keep-metadata",
            RawValue::Text(value.into()),
        );
    }
    if arguments.skip_larger {
        flags.set("skip-larger", "--skip-larger", RawValue::Bool(true));
    }
    if let Some(shard) = &arguments.shard {
        flags.set("shard", "--shard", RawValue::Text(shard.clone()));
    }
    let integers = [
        ("max-pixels", "--max-pixels", arguments.max_pixels),
        (
            "memory-budget-mb",
            "--memory-budget-mb",
            arguments.memory_budget_mb,
        ),
        ("timeout-seconds", "--timeout", arguments.timeout),
        (
            "avif-speed",
            "--avif-speed",
            arguments.avif_speed.map(u64::from),
        ),
        ("jobs", "--jobs", arguments.jobs.map(|jobs| jobs as u64)),
    ];
    for (key, flag, value) in integers {
        if let Some(value) = value {
            flags.set(
                key,
                flag,
                RawValue::Integer(i64::try_from(value).unwrap_or(i64::MAX)),
            );
        }
    }
    if !arguments.include.is_empty() {
        flags.set(
            "include",
            "--include",
            RawValue::List(arguments.include.clone()),
        );
    }
    if !arguments.exclude.is_empty() {
        flags.set(
            "exclude",
            "--exclude",
            RawValue::List(arguments.exclude.clone()),
        );
    }
    if arguments.no_ignore {
        flags.set("respect-ignore", "--no-ignore", RawValue::Bool(false));
    }
    if arguments.no_report_job {
        flags.set("report-jobs", "--no-report-job", RawValue::Bool(false));
    }
    if let Some(threshold) = &arguments.check_threshold {
        flags.set(
            "check-threshold",
            "--check-threshold",
            RawValue::Text(threshold.clone()),
        );
    }
    flags
}

/// The memory budget setting: 0 (automatic) or at least 16 MiB.
fn memory_budget_mb(settings: &Settings) -> Result<i64, SettingsError> {
    if settings.integer("memory-budget-mb")? == 0 {
        return Ok(0);
    }
    positive(settings, "memory-budget-mb", 16, 1 << 30)
}

fn positive(
    settings: &Settings,
    key: &str,
    minimum: i64,
    maximum: i64,
) -> Result<i64, SettingsError> {
    let value = settings.integer(key)?;
    if value < minimum || value > maximum {
        return Err(SettingsError::Invalid {
            key: key.into(),
            source_name: settings.source(key).to_string(),
            reason: format!("{value} is outside {minimum}..={maximum}"),
        });
    }
    Ok(value)
}

/// Builds the engine's options from merged settings plus the flags that are not settings.
fn engine_options(
    settings: &Settings,
    arguments: &OptimizeArgs,
) -> Result<(OptimizeOptions, DiscoveryOptions), SettingsError> {
    let out = PathBuf::from(settings.parsed::<String>("out")?);
    let destination = if arguments.in_place {
        Destination::InPlace {
            backup: arguments.backup.clone(),
        }
    } else {
        Destination::Folder(out.clone())
    };
    let keep_metadata = match settings.parsed::<String>("keep-metadata")?.as_str() {
        "none" => KeepMetadata::None,
        "copyright" => KeepMetadata::Copyright,
        "all" => KeepMetadata::All,
        other => {
            return Err(SettingsError::Invalid {
                key: "keep-metadata".into(),
                source_name: settings.source("keep-metadata").to_string(),
                reason: format!("`{other}` is not none, copyright or all"),
            })
        }
    };
    let formats: Vec<FormatChoice> = settings.list("formats")?;
    if formats.is_empty() {
        return Err(SettingsError::Invalid {
            key: "formats".into(),
            source_name: settings.source("formats").to_string(),
            reason: "at least one format is needed".into(),
        });
    }
    let timeout = positive(settings, "timeout-seconds", 0, 86_400)?;
    let cache_file = match &destination {
        Destination::Folder(folder) => Some(folder.join(CACHE_FILE_NAME)),
        Destination::InPlace { .. } => directories::ProjectDirs::from("", "", "altloom")
            .map(|folders| folders.cache_dir().join("in-place-cache.json")),
    };
    if formats.contains(&FormatChoice::Auto) && formats.len() > 1 {
        return Err(SettingsError::Invalid {
            key: "formats".into(),
            source_name: settings.source("formats").to_string(),
            reason: "auto picks the format of each output, so give it alone (--formats auto \
                     --allow jpeg,webp)"
                .into(),
        });
    }
    let allow = allowed_formats(settings)?;
    let quality: Quality = settings.parsed("quality")?;
    let target = match settings.parsed::<TargetSetting>("target")? {
        TargetSetting::Auto => Some(quality.preset_target()),
        TargetSetting::Off => None,
        TargetSetting::Explicit(target) => Some(target),
    };
    let options = OptimizeOptions {
        formats,
        allow,
        quality,
        target,
        chroma: settings.parsed("chroma")?,
        png_lossy: settings.boolean("png-lossy")?,
        widths: settings.list("widths")?,
        keep_original_size: settings.boolean("original-size")?,
        name_template: settings.parsed("name-template")?,
        keep_icc: settings.boolean("keep-icc")?,
        keep_metadata,
        skip_larger: settings.boolean("skip-larger")?,
        max_pixels: positive(settings, "max-pixels", 1, i64::MAX)? as u64,
        memory_budget_bytes: memory_budget_mb(settings)? as u64 * 1024 * 1024,
        file_timeout: (timeout > 0).then(|| Duration::from_secs(timeout as u64)),
        avif_speed: positive(settings, "avif-speed", 1, 10)? as u8,
        destination,
        force: arguments.force,
        // The check is a dry run: it measures what would be written and writes nothing.
        dry_run: arguments.dry_run || arguments.check,
        jobs: positive(settings, "jobs", 0, 1024)? as usize,
        cache_file,
    };
    let mut skip_folders = vec![out];
    skip_folders.extend(arguments.backup.clone());
    let discovery = DiscoveryOptions {
        include: settings.list("include")?,
        exclude: settings.list("exclude")?,
        respect_ignore_files: settings.boolean("respect-ignore")?,
        skip_folders,
        shard: shard(settings)?,
    };
    Ok((options, discovery))
}

/// The `allow` setting: the real formats `--formats auto` may choose from.
fn allowed_formats(settings: &Settings) -> Result<Vec<OutputFormat>, SettingsError> {
    let choices: Vec<FormatChoice> = settings.list("allow")?;
    let invalid = |reason: String| SettingsError::Invalid {
        key: "allow".into(),
        source_name: settings.source("allow").to_string(),
        reason,
    };
    let mut formats = Vec::new();
    for choice in choices {
        match choice {
            FormatChoice::Format(format) if !formats.contains(&format) => formats.push(format),
            FormatChoice::Format(_) => {}
            other => {
                return Err(invalid(format!(
                    "`{other}` is not a format auto can choose (jpeg, png, webp, avif)"
                )))
            }
        }
    }
    if formats.is_empty() {
        return Err(invalid("give at least one format".into()));
    }
    Ok(formats)
}

/// The Kubernetes Indexed Job variable that `--shard auto/N` takes the shard from.
pub(crate) const COMPLETION_INDEX_VARIABLE: &str = "JOB_COMPLETION_INDEX";

/// The `shard` setting (`--shard`, `ALTLOOM_SHARD`), with `auto` read from the environment here,
/// in the command layer, so the engine only ever sees a plain [`Shard`].
pub(crate) fn shard(settings: &Settings) -> Result<Option<Shard>, SettingsError> {
    let Some(text) = settings.optional_text("shard")? else {
        return Ok(None);
    };
    let completion_index = std::env::var(COMPLETION_INDEX_VARIABLE).ok();
    resolve_shard(&text, completion_index.as_deref())
        .map(Some)
        .map_err(|reason| SettingsError::Invalid {
            key: "shard".into(),
            source_name: settings.source("shard").to_string(),
            reason,
        })
}

/// Reads `K/N` (K from 1), or `auto/N`, where K is the zero-based `completion_index` plus one.
fn resolve_shard(text: &str, completion_index: Option<&str>) -> Result<Shard, String> {
    let Some(count) = text.trim().strip_prefix("auto") else {
        return text.parse::<Shard>().map_err(|error| error.to_string());
    };
    let count: u64 = count
        .strip_prefix('/')
        .and_then(|count| count.trim().parse().ok())
        .ok_or_else(|| {
            format!("`{text}`: auto needs the number of shards, as in auto/4 (Kubernetes does not tell a pod how many completions its Job has)")
        })?;
    let index_text = completion_index.ok_or_else(|| {
        format!("`{text}` takes the shard from {COMPLETION_INDEX_VARIABLE}, which is not set (it is set in the pods of a Kubernetes Job with completionMode: Indexed; elsewhere give K/N)")
    })?;
    let index: u64 = index_text.trim().parse().map_err(|_| {
        format!("{COMPLETION_INDEX_VARIABLE} is `{index_text}`, not a whole number")
    })?;
    Shard::from_index(index, count).map_err(|error| {
        format!("{COMPLETION_INDEX_VARIABLE}={index} with {count} shards: {error} (the Job's completions must equal N in auto/N)")
    })
}

/// The full-size output that stands for the file in the headline saving.
fn headline_output(file: &FileReport) -> Option<&altloom_shared::report::OutputReport> {
    file.outputs
        .iter()
        .find(|output| output.same_format)
        .or_else(|| {
            file.outputs
                .iter()
                .find(|output| output.full_size && output.status != OutputStatus::Skipped)
        })
}

fn build_report(
    outcome: &BatchOutcome,
    dry_run: bool,
    destination: &Destination,
) -> OptimizeReport {
    let mut summary = Summary {
        files: outcome.files.len(),
        elapsed_seconds: outcome.elapsed.as_secs_f64(),
        ..Summary::default()
    };
    for file in &outcome.files {
        match file.status {
            FileStatus::Optimized => summary.succeeded += 1,
            FileStatus::AlreadyOptimal | FileStatus::Unchanged => summary.unchanged += 1,
            FileStatus::Failed => summary.failed += 1,
        }
        for output in &file.outputs {
            if matches!(
                output.status,
                OutputStatus::Written | OutputStatus::WouldWrite | OutputStatus::AlreadyOptimal
            ) {
                summary.outputs_written += 1;
                summary.bytes_written += output.bytes;
            }
        }
        if let Some(output) = headline_output(file) {
            summary.bytes_in += file.bytes;
            summary.bytes_out += output.bytes;
        }
    }
    summary.saved_percent = if summary.bytes_in == 0 {
        0.0
    } else {
        (1.0 - summary.bytes_out as f64 / summary.bytes_in as f64) * 100.0
    };
    OptimizeReport {
        schema_version: REPORT_SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        dry_run,
        output_folder: match destination {
            Destination::Folder(folder) => Some(
                std::path::absolute(folder)
                    .unwrap_or_else(|_| folder.clone())
                    .display()
                    .to_string(),
            ),
            Destination::InPlace { .. } => None,
        },
        summary,
        files: outcome.files.clone(),
        check: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_text_is_k_of_n_or_auto_with_the_completion_index() {
        assert_eq!(resolve_shard("3/4", None).unwrap().to_string(), "3/4");
        assert_eq!(
            resolve_shard("auto/4", Some("0")).unwrap().to_string(),
            "1/4"
        );
        assert_eq!(
            resolve_shard("auto/4", Some("3")).unwrap().to_string(),
            "4/4"
        );
        // K/N never looks at the variable, so a stray JOB_COMPLETION_INDEX cannot change it.
        assert_eq!(resolve_shard("2/2", Some("0")).unwrap().to_string(), "2/2");
    }

    #[test]
    fn bad_shard_text_says_what_to_write() {
        let message = resolve_shard("auto/4", None).unwrap_err();
        assert!(message.contains(COMPLETION_INDEX_VARIABLE), "{message}");
        let message = resolve_shard("auto", Some("1")).unwrap_err();
        assert!(message.contains("auto/4"), "{message}");
        let message = resolve_shard("auto/4", Some("4")).unwrap_err();
        assert!(message.contains("completions"), "{message}");
        let message = resolve_shard("auto/4", Some("two")).unwrap_err();
        assert!(message.contains("not a whole number"), "{message}");
        let message = resolve_shard("5/4", None).unwrap_err();
        assert!(message.contains("from 1 to 4"), "{message}");
    }
}
