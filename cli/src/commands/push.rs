//! `altloom push` (and the push step of `altloom optimize --push`): picks the images (an
//! optimize report's outputs, or files as they are) and their text from `altloom-meta.json`,
//! resolves the sites, pushes to each in turn, and prints a summary per site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use altloom_shared::metadata_file::METADATA_FILE_NAME;
use altloom_shared::report::{OptimizeReport, REPORT_SCHEMA_VERSION};
use serde::Serialize;

use crate::account::Account;
use crate::args::{ConnectionArgs, OutputArgs, PushArgs, SiteArgs};
use crate::engine::alt_source::find_sources;
use crate::engine::discover::DiscoveryOptions;
use crate::exit::{CommandError, Exit};
use crate::printer::{Printer, Verbosity};
use crate::progress::AltProgressBar;
use crate::push::items::{self, MetadataIndex, PushItem, Selection};
use crate::push::ledger::LocalLedger;
use crate::push::run::{push_site, Action, ItemOutcome, PushOptions, PushProgress, SiteSummary};
use crate::push::site::{self, SiteChoice};
use crate::settings::{FlagValues, RawValue, Settings, SettingsError, SettingsSources};

pub fn run(
    arguments: PushArgs,
    output: &OutputArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let mut flags = FlagValues::default();
    super::connection_flags(connection, &mut flags);
    site_flags(&arguments.site, &mut flags);
    if let Some(concurrency) = arguments.concurrency {
        flags.set(
            "push-concurrency",
            "--concurrency",
            RawValue::Integer(concurrency as i64),
        );
    }
    if let Some(shard) = &arguments.shard {
        flags.set("shard", "--shard", RawValue::Text(shard.clone()));
    }
    let settings = Settings::load(&SettingsSources::from_process(), flags).map_err(usage)?;
    let choice = site_choice(&settings)?;
    let selection = match &arguments.report {
        // A report is already one shard's outputs when its optimize run was sharded.
        Some(report) => items_from_report_file(report, arguments.meta.as_deref())?,
        None => {
            let discovery = DiscoveryOptions {
                shard: super::optimize::shard(&settings).map_err(usage)?,
                ..DiscoveryOptions::default()
            };
            items_from_paths(&arguments.paths, &discovery, arguments.meta.as_deref())?
        }
    };
    let options = PushOptions {
        concurrency: concurrency(&settings)?,
        dry_run: arguments.dry_run,
        ..PushOptions::default()
    };
    let show_progress = !output.no_progress && !arguments.json;
    push_items(
        &selection.items,
        &selection.problems,
        &choice,
        &settings,
        &options,
        arguments.json,
        show_progress,
        printer,
    )
}

/// Adds `--site`, `--wp-url` and `--wp-user` to `flags`.
pub(crate) fn site_flags(arguments: &SiteArgs, flags: &mut FlagValues) {
    if !arguments.site.is_empty() {
        flags.set("site", "--site", RawValue::List(arguments.site.clone()));
    }
    if let Some(url) = &arguments.wp_url {
        flags.set("wp-url", "--wp-url", RawValue::Text(url.clone()));
    }
    if let Some(user) = &arguments.wp_user {
        flags.set("wp-user", "--wp-user", RawValue::Text(user.clone()));
    }
}

/// The sites the settings name, checked before any work starts.
pub(crate) fn site_choice(settings: &Settings) -> Result<SiteChoice, CommandError> {
    let sites: Vec<String> = settings.list("site").map_err(usage)?;
    let url = settings.optional_text("wp-url").map_err(usage)?;
    let user = settings.optional_text("wp-user").map_err(usage)?;
    site::choose(&sites, url.as_deref(), user.as_deref())
        .map_err(|error| CommandError::Usage(error.to_string()))
}

/// `push-concurrency`, within 1..=16.
pub(crate) fn concurrency(settings: &Settings) -> Result<usize, CommandError> {
    let value = settings.integer("push-concurrency").map_err(usage)?;
    if !(1..=16).contains(&value) {
        return Err(CommandError::Usage(format!(
            "push concurrency {value} is outside 1..=16 (from {})",
            settings.source("push-concurrency")
        )));
    }
    Ok(value as usize)
}

fn usage(error: SettingsError) -> CommandError {
    CommandError::Usage(error.to_string())
}

/// The items of a report file written by `altloom optimize --report FILE`.
fn items_from_report_file(path: &Path, meta: Option<&Path>) -> Result<Selection, CommandError> {
    let bytes = std::fs::read(path).map_err(|error| {
        CommandError::User(format!(
            "cannot read the report {}: {error}",
            path.display()
        ))
    })?;
    let report: OptimizeReport = serde_json::from_slice(&bytes).map_err(|error| {
        CommandError::User(format!(
            "{} is not an altloom optimize report ({error}); write one with `altloom optimize --report FILE`",
            path.display()
        ))
    })?;
    if report.schema_version > REPORT_SCHEMA_VERSION {
        return Err(CommandError::User(format!(
            "the report {} has schema version {}, newer than this altloom reads ({REPORT_SCHEMA_VERSION}): upgrade altloom",
            path.display(),
            report.schema_version
        )));
    }
    if report.dry_run {
        return Err(CommandError::User(format!(
            "the report {} is from a dry run: nothing was written to upload; run `altloom optimize` without --dry-run",
            path.display()
        )));
    }
    let meta = meta.map(Path::to_path_buf).unwrap_or_else(|| {
        report
            .output_folder
            .as_ref()
            .map(|folder| Path::new(folder).join(METADATA_FILE_NAME))
            .unwrap_or_else(|| PathBuf::from(METADATA_FILE_NAME))
    });
    let index = metadata_index(&meta)?;
    Ok(items::from_report(&report, &index))
}

/// The items of files named directly.
fn items_from_paths(
    paths: &[PathBuf],
    discovery: &DiscoveryOptions,
    meta: Option<&Path>,
) -> Result<Selection, CommandError> {
    let found =
        find_sources(paths, discovery).map_err(|error| CommandError::User(error.to_string()))?;
    let meta = meta.map(Path::to_path_buf).unwrap_or_else(|| {
        paths
            .iter()
            .filter(|path| path.is_dir())
            .map(|folder| folder.join(METADATA_FILE_NAME))
            .find(|candidate| candidate.is_file())
            .unwrap_or_else(|| PathBuf::from(METADATA_FILE_NAME))
    });
    let index = metadata_index(&meta)?;
    let mut selection = items::from_sources(&found.sources, &index);
    selection.problems.extend(
        found
            .failures
            .into_iter()
            .map(|(path, reason)| (path.display().to_string(), reason)),
    );
    Ok(selection)
}

/// The metadata file at `path` (a missing one is empty; a damaged one stops the push, since
/// pushing without its text would publish images without their alt text).
pub(crate) fn metadata_index(path: &Path) -> Result<MetadataIndex, CommandError> {
    let file =
        crate::alt::store::load(path).map_err(|error| CommandError::User(error.to_string()))?;
    let root = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(MetadataIndex::new(file, root))
}

/// Pushes `items` to every chosen site and prints what happened; shared by `altloom push` and
/// `altloom optimize --push`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_items(
    items: &[PushItem],
    problems: &[(String, String)],
    choice: &SiteChoice,
    settings: &Settings,
    options: &PushOptions,
    json: bool,
    show_progress: bool,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    for (path, problem) in problems {
        printer.error(&format!("{path}: {problem}"));
    }
    let without_alt = items
        .iter()
        .filter(|item| item.fields.alt_text.is_none())
        .count();
    if without_alt > 0 {
        printer.warning(&format!(
            "{without_alt} of {} images have no alt text in altloom-meta.json and go up without it; write it first with `altloom alt` (or `optimize --alt`), or name the file with --meta",
            items.len()
        ));
    }
    let account = match choice {
        SiteChoice::Account { .. } => Some(Account::from_settings(settings)?),
        SiteChoice::Direct { .. } => None,
    };
    let ledger_folder = LocalLedger::default_folder().ok_or_else(|| {
        CommandError::User("cannot find a home folder to keep the push ledger in".into())
    })?;
    let runtime = super::runtime()?;
    let targets = runtime
        .block_on(site::resolve(choice, account.as_ref()))
        .map_err(|error| match error {
            site::SiteError::Usage(message) => CommandError::Usage(message),
            other => CommandError::User(other.to_string()),
        })?;
    let cancel = AtomicBool::new(false);
    let mut summaries = Vec::new();
    for target in &targets {
        let mut ledger = LocalLedger::open(&ledger_folder, &target.url)
            .map_err(|error| CommandError::User(error.to_string()))?;
        let label = if options.dry_run {
            format!("checking {}", target.name)
        } else {
            format!("pushing to {}", target.name)
        };
        let bar = AltProgressBar::labelled(
            show_progress && printer.verbosity > Verbosity::Quiet,
            items.len(),
            printer,
            &label,
        );
        let progress = BarProgress {
            bar: &bar,
            dry_run: options.dry_run,
        };
        let summary = runtime.block_on(push_site(
            target,
            items,
            &mut ledger,
            options,
            &progress,
            &cancel,
        ));
        bar.finish();
        if !json {
            print_summary(&summary, options.dry_run, printer);
        }
        summaries.push(summary);
    }
    if json {
        printer.json(&PushReport::new(&summaries, options.dry_run));
    }
    let failed = summaries
        .iter()
        .any(|summary| summary.failed() > 0 || summary.stopped.is_some());
    Ok(if failed || !problems.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// Advances the bar and prints each image's line at `-v` (every line in a dry run).
struct BarProgress<'bar, 'printer> {
    bar: &'bar AltProgressBar<'printer>,
    dry_run: bool,
}

impl PushProgress for BarProgress<'_, '_> {
    fn item_done(&self, site: &str, outcome: &ItemOutcome) {
        let line = describe(outcome);
        let failed = matches!(outcome.action, Action::Failed(_));
        let dry_run = self.dry_run;
        self.bar.print(|printer| {
            if failed {
                printer.error(&format!("{site}: {line}"));
            } else if dry_run {
                printer.status(&format!("{site}: {line}"));
            } else {
                printer.detail(&format!("{site}: {line}"));
            }
        });
        self.bar.advance(site.to_string());
    }
}

/// "uploaded photos/cat.jpg as WebP (attachment 12)".
fn describe(outcome: &ItemOutcome) -> String {
    let path = &outcome.display;
    let attachment = outcome
        .attachment_id
        .map(|id| format!(" (attachment {id})"))
        .unwrap_or_default();
    let format = outcome
        .format
        .as_ref()
        .map(|format| format!(" as {format}"))
        .unwrap_or_default();
    let mut line = match &outcome.action {
        Action::Uploaded => format!("uploaded {path}{format}{attachment}"),
        Action::Updated => format!("updated the text of {path}{attachment}"),
        Action::Unchanged => format!("{path} is on the site already{attachment}"),
        Action::Reuploaded => {
            format!("uploaded {path}{format} again: it was deleted on the site{attachment}")
        }
        Action::Recovered => format!("found {path} from an interrupted push{attachment}"),
        Action::WouldUpload => format!("would upload {path}{format}"),
        Action::WouldUpdate => format!("would update the text of {path}{attachment}"),
        Action::WouldReupload => {
            format!("would upload {path}{format} again: it was deleted on the site")
        }
        Action::Failed(reason) => format!("{path}: {reason}"),
        Action::NotAttempted => format!("{path}: not attempted"),
    };
    if let Some(note) = &outcome.note {
        line.push_str(&format!(" ({note})"));
    }
    line
}

fn print_summary(summary: &SiteSummary, dry_run: bool, printer: &Printer) {
    if let Some(warning) = &summary.mirror_warning {
        printer.warning(&format!("{}: {warning}", summary.site));
    }
    if let Some(reason) = &summary.stopped {
        printer.error(&format!("{}: stopped: {reason}", summary.site));
    }
    // Format fallbacks are said once per reason, with how many images it concerned.
    let mut notes: BTreeMap<&str, usize> = BTreeMap::new();
    for outcome in &summary.outcomes {
        if let Some(note) = &outcome.note {
            *notes.entry(note.as_str()).or_default() += 1;
        }
    }
    for (note, count) in notes {
        let images = if count == 1 { "image" } else { "images" };
        printer.status(&format!("{}: {note} ({count} {images})", summary.site));
    }
    let count = |wanted: fn(&Action) -> bool| summary.count(wanted);
    let line = if dry_run {
        format!(
            "{}: would upload {}, would update {}, {} already there",
            summary.site,
            count(|action| matches!(action, Action::WouldUpload | Action::WouldReupload)),
            count(|action| matches!(action, Action::WouldUpdate)),
            count(|action| matches!(action, Action::Unchanged)),
        )
    } else {
        format!(
            "{}: {} uploaded, {} updated, {} unchanged, {} failed",
            summary.site,
            count(|action| matches!(
                action,
                Action::Uploaded | Action::Reuploaded | Action::Recovered
            )),
            count(|action| matches!(action, Action::Updated)),
            count(|action| matches!(action, Action::Unchanged)),
            summary.failed(),
        )
    };
    printer.status(&line);
}

/// `--json`: one entry per site.
#[derive(Serialize)]
struct PushReport {
    dry_run: bool,
    sites: Vec<SiteReport>,
}

#[derive(Serialize)]
struct SiteReport {
    site: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
    items: Vec<ItemReport>,
}

#[derive(Serialize)]
struct ItemReport {
    path: String,
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl PushReport {
    fn new(summaries: &[SiteSummary], dry_run: bool) -> PushReport {
        PushReport {
            dry_run,
            sites: summaries
                .iter()
                .map(|summary| SiteReport {
                    site: summary.site.clone(),
                    stopped: summary.stopped.clone(),
                    warning: summary.mirror_warning.clone(),
                    items: summary
                        .outcomes
                        .iter()
                        .map(|outcome| ItemReport {
                            path: outcome.display.clone(),
                            action: action_name(&outcome.action),
                            attachment_id: outcome.attachment_id,
                            format: outcome.format.clone(),
                            note: outcome.note.clone(),
                            error: match &outcome.action {
                                Action::Failed(reason) => Some(reason.clone()),
                                _ => None,
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Uploaded => "uploaded",
        Action::Updated => "updated",
        Action::Unchanged => "unchanged",
        Action::Reuploaded => "reuploaded",
        Action::Recovered => "recovered",
        Action::WouldUpload => "would-upload",
        Action::WouldUpdate => "would-update",
        Action::WouldReupload => "would-reupload",
        Action::Failed(_) => "failed",
        Action::NotAttempted => "not-attempted",
    }
}
