//! `altloom wp fill-alt` and `altloom wp apply`: the command side of filling a WordPress media
//! library's missing text (`crate::fill`). Flags and settings are checked, the site resolved and
//! its credentials checked before anything is listed; the credits are checked before any image
//! is sent; the outcome is printed per image and summed up, with the README's exit codes.

use std::cell::Cell;
use std::path::Path;

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::wordpress::normalise_site_url;

use super::alt::{cancel_on_ctrl_c, prepare_describer, run_settings, AltConfig};
use crate::account::Account;
use crate::alt::cache::AnswerCache;
use crate::args::{ConnectionArgs, FillAltArgs, OutputArgs, WpApplyArgs};
use crate::exit::{CommandError, Exit};
use crate::fill::review_file::{self, ReviewFile, ReviewFormat};
use crate::fill::run::{fill, Action, Destination, FillProgress, FillSettings, FillSummary};
use crate::fill::select::{after_for_since, select, ListingProgress, SelectOptions, Selection};
use crate::fill::write::{write_proposals, Proposal, WriteOptions, WriteOutcome, WritePlan};
use crate::fill::Retry;
use crate::printer::{Printer, Verbosity};
use crate::progress::AltProgressBar;
use crate::push::site::{self, SiteChoice, SiteError, SiteTarget};
use crate::settings::{FlagValues, RawValue, Settings, SettingsError, SettingsSources};

pub fn fill_alt(
    arguments: FillAltArgs,
    output: &OutputArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let mut flags = FlagValues::default();
    super::connection_flags(connection, &mut flags);
    super::alt::option_flags(&arguments.options, &mut flags);
    super::push::site_flags(&arguments.site, &mut flags);
    let settings = Settings::load(&SettingsSources::from_process(), flags).map_err(usage)?;
    let config = AltConfig::from_settings(&settings, &arguments.options)?;
    let choice = super::push::site_choice(&settings)?;
    if matches!(&choice, SiteChoice::Account { names } if names.len() > 1) {
        return Err(CommandError::Usage(
            "wp fill-alt works on one site at a time: give one --site NAME".into(),
        )
        .into());
    }
    let site_concurrency = super::push::concurrency(&settings)?;
    if arguments.limit == Some(0) {
        return Err(CommandError::Usage("--limit needs at least 1".into()).into());
    }
    let after = arguments
        .since
        .as_deref()
        .map(after_for_since)
        .transpose()
        .map_err(CommandError::Usage)?;
    // The review file is checked before any work: a file that exists may hold a person's edits.
    if let Some(path) = &arguments.review {
        ReviewFormat::for_path(path).map_err(|error| CommandError::Usage(error.to_string()))?;
        if path.exists() && !arguments.dry_run {
            return Err(CommandError::User(format!(
                "{} already exists and may hold a person's edits: apply it with `altloom wp apply {}`, or name another file with --review FILE",
                path.display(),
                path.display()
            ))
            .into());
        }
    }

    let cancel = cancel_on_ctrl_c();
    let runtime = super::runtime()?;
    let target = runtime.block_on(resolve_one(&choice, &settings))?;
    let show_progress = !output.no_progress && printer.verbosity > Verbosity::Quiet;
    printer.status(&format!(
        "{}: looking for images without alt text{}...",
        target.name,
        arguments
            .since
            .as_deref()
            .map(|since| format!(" uploaded since {since}"))
            .unwrap_or_default()
    ));
    let options = SelectOptions {
        fields: config.fields.clone(),
        overwrite: config.overwrite,
        after,
        limit: arguments.limit,
    };
    let listing = PagesListed { printer };
    let selection = runtime
        .block_on(select(&target.client, &options, Retry::default(), &listing))
        .map_err(|error| CommandError::User(error.to_string()))?;
    for unsupported in &selection.unsupported {
        printer.warning(&format!(
            "#{} {}: cannot be described ({} is not a format altloom reads); skipped",
            unsupported.id, unsupported.file, unsupported.mime_type
        ));
    }
    if selection.candidates.is_empty() {
        let found = if selection.examined == 0 {
            "no images".to_string()
        } else {
            format!(
                "all {} {} already {} alt text",
                selection.examined,
                plural(selection.examined, "image", "images"),
                plural(selection.already_filled, "has", "have")
            )
        };
        let unsupported = if selection.unsupported.is_empty() {
            String::new()
        } else {
            format!(" or cannot be described ({})", selection.unsupported.len())
        };
        printer.status(&format!(
            "{}: nothing to do: {found}{unsupported}",
            target.name
        ));
        return Ok(Exit::Success);
    }
    if arguments.dry_run {
        print_plan(&target, &selection, &config, printer);
        return Ok(Exit::Success);
    }

    let prepared = runtime.block_on(prepare_describer(
        &config,
        &settings,
        selection.candidates.len(),
    ))?;
    let mut destination = match &arguments.review {
        Some(path) => Destination::Review {
            path: path.clone(),
            file: ReviewFile::new(
                match &choice {
                    SiteChoice::Account { .. } => Some(target.name.clone()),
                    SiteChoice::Direct { .. } => None,
                },
                target.url.clone(),
            ),
        },
        None => Destination::Site,
    };
    let settings_for_fill = FillSettings {
        describe: run_settings(&config),
        answerer: config.answerer(&settings),
        refresh: config.refresh,
        overwrite: config.overwrite,
        allowed: prepared.allowed,
        site_concurrency,
        retry: Retry::default(),
    };
    let mut cache = AnswerCache::open_default();
    let bar = AltProgressBar::new(show_progress, selection.candidates.len(), printer);
    let progress = ImagesDone {
        bar: &bar,
        metered: prepared.metered,
        described: Cell::new(0),
    };
    let summary = runtime.block_on(fill(
        &target.client,
        &selection.candidates,
        &prepared.describer,
        &settings_for_fill,
        &mut cache,
        &mut destination,
        &progress,
        &cancel,
    ));
    bar.finish();
    if let Err(warning) = cache.save() {
        printer.warning(&format!(
            "the answer cache could not be saved ({warning}); the next run may ask again"
        ));
    }
    print_fill_summary(&target, &selection, &summary, &destination, printer);
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.stopped.is_some()
        || summary.count(|action| matches!(action, Action::Failed(_))) > 0
    {
        Exit::Failure
    } else {
        Exit::Success
    })
}

pub fn apply(
    arguments: WpApplyArgs,
    output: &OutputArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let file = review_file::load(&arguments.file)
        .map_err(|error| CommandError::User(error.to_string()))?;
    if file.items.is_empty() {
        printer.status(&format!(
            "{}: no rows, nothing to apply",
            arguments.file.display()
        ));
        return Ok(Exit::Success);
    }
    let mut flags = FlagValues::default();
    super::connection_flags(connection, &mut flags);
    if let Some(site) = &arguments.site {
        flags.set("site", "--site", RawValue::List(vec![site.clone()]));
    }
    if let Some(url) = &arguments.wp_url {
        flags.set("wp-url", "--wp-url", RawValue::Text(url.clone()));
    }
    if let Some(user) = &arguments.wp_user {
        flags.set("wp-user", "--wp-user", RawValue::Text(user.clone()));
    }
    let settings = Settings::load(&SettingsSources::from_process(), flags).map_err(usage)?;
    let choice = apply_site_choice(&settings, &file)?;
    let concurrency = super::push::concurrency(&settings)?;

    let cancel = cancel_on_ctrl_c();
    let runtime = super::runtime()?;
    let target = runtime.block_on(resolve_one(&choice, &settings))?;
    // Attachment ids only mean something on their own site: a file made for another one would
    // write its text onto unrelated images.
    let same_site = normalise_site_url(&target.url).ok() == normalise_site_url(&file.site_url).ok();
    if !same_site {
        return Err(CommandError::User(format!(
            "{} was made for {}, not for {} ({}); attachment ids differ between sites, so nothing was applied",
            arguments.file.display(),
            file.site_url,
            target.name,
            target.url
        ))
        .into());
    }

    let show_progress = !output.no_progress && printer.verbosity > Verbosity::Quiet;
    let bar = AltProgressBar::labelled(
        show_progress,
        file.items.len(),
        printer,
        if arguments.dry_run {
            "checking"
        } else {
            "writing"
        },
    );
    let options = WriteOptions {
        overwrite: arguments.overwrite,
        dry_run: arguments.dry_run,
        concurrency,
        retry: Retry::default(),
    };
    let mut tally = ApplyTally::default();
    let stopped = runtime.block_on(write_proposals(
        &target.client,
        &file.items,
        &options,
        &cancel,
        |proposal, outcome| {
            bar.print(|printer| print_applied(proposal, &outcome, &options, printer));
            tally.add(&outcome);
            bar.advance(String::new());
        },
    ));
    bar.finish();
    if let Some(reason) = &stopped {
        printer.error(&format!(
            "stopped: {reason}; {} rows were not applied",
            tally.not_started
        ));
    }
    let interrupted = cancel.load(std::sync::atomic::Ordering::Relaxed);
    if interrupted {
        printer.error("interrupted: the rows applied so far are on the site; run again to finish");
    }
    let verb = if arguments.dry_run {
        "would be updated"
    } else {
        "updated"
    };
    let counts = counts(&[
        (tally.updated, verb, true),
        (tally.already, "already had this text", false),
        (
            tally.conflicts,
            "kept text of the site's own (conflicts)",
            false,
        ),
        (tally.gone, "deleted from the site", false),
        (tally.failed, "failed", false),
    ]);
    printer.status(&format!(
        "{}: {} {}: {counts}",
        target.name,
        file.items.len(),
        plural(file.items.len(), "row", "rows"),
    ));
    if tally.conflicts > 0 && !arguments.overwrite {
        printer.status(
            "the site's text was kept where it differs from the file's: edit those rows, or apply again with --overwrite to replace it",
        );
    }
    Ok(if interrupted {
        Exit::Interrupted
    } else if stopped.is_some() || tally.conflicts + tally.gone + tally.failed > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn usage(error: SettingsError) -> CommandError {
    CommandError::Usage(error.to_string())
}

/// `2 updated, 1 failed`: the counts that are not zero, and those marked to show anyway.
fn counts(parts: &[(usize, &str, bool)]) -> String {
    parts
        .iter()
        .filter(|(count, _, always)| *count > 0 || *always)
        .map(|(count, words, _)| format!("{count} {words}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural<'word>(count: usize, one: &'word str, many: &'word str) -> &'word str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The one site of `choice`, resolved (credentials from the server, or checked against the
/// site), with its credentials checked once more so a bad password or a role that cannot
/// work on media fails here, before the listing.
async fn resolve_one(choice: &SiteChoice, settings: &Settings) -> Result<SiteTarget, CommandError> {
    let account = match choice {
        SiteChoice::Account { .. } => Some(Account::from_settings(settings)?),
        SiteChoice::Direct { .. } => None,
    };
    let site_failure = |error: SiteError| match error {
        SiteError::Usage(message) => CommandError::Usage(message),
        other => CommandError::User(other.to_string()),
    };
    let target = site::resolve(choice, account.as_ref())
        .await
        .map_err(site_failure)?
        .into_iter()
        .next()
        .ok_or_else(|| CommandError::Usage("no site given".into()))?;
    target
        .client
        .check_can_upload()
        .await
        .map_err(|error| CommandError::User(error.to_string()))?;
    Ok(target)
}

/// The site `wp apply` writes to: the one the flags or settings name, else the one the file
/// was made for.
fn apply_site_choice(settings: &Settings, file: &ReviewFile) -> Result<SiteChoice, CommandError> {
    let mut sites: Vec<String> = settings.list("site").map_err(usage)?;
    let mut url = settings.optional_text("wp-url").map_err(usage)?;
    let user = settings.optional_text("wp-user").map_err(usage)?;
    if sites.is_empty() && url.is_none() {
        match &file.site {
            Some(name) => sites.push(name.clone()),
            None if user.is_none() => {
                return Err(CommandError::Usage(format!(
                    "the review file is for {}, reached without an account: give --wp-user USER (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)",
                    file.site_url
                )))
            }
            None => url = Some(file.site_url.clone()),
        }
    }
    if sites.len() > 1 {
        return Err(CommandError::Usage(
            "a review file is applied to one site: give one --site NAME".into(),
        ));
    }
    site::choose(&sites, url.as_deref(), user.as_deref())
        .map_err(|error| CommandError::Usage(error.to_string()))
}

/// Fields as messages name them: `alt text and caption`.
fn field_words(fields: &[MetadataField]) -> String {
    let words: Vec<&str> = fields
        .iter()
        .map(|field| match field {
            MetadataField::Alt => "alt text",
            other => other.as_str(),
        })
        .collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

/// Fields as the flags name them: `alt, caption`.
fn field_names(fields: &[MetadataField]) -> String {
    fields
        .iter()
        .map(|field| field.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A dry run's table and counts.
fn print_plan(target: &SiteTarget, selection: &Selection, config: &AltConfig, printer: &Printer) {
    let rows: Vec<Vec<String>> = selection
        .candidates
        .iter()
        .map(|candidate| {
            vec![
                candidate.id.to_string(),
                candidate.file.clone(),
                field_names(&candidate.fields),
            ]
        })
        .collect();
    printer.table(&["ID", "FILE", "FIELDS"], &rows, "");
    let count = selection.candidates.len();
    let cost = match config.provider {
        super::alt::Provider::Account => format!(
            " (at most {count} AI {})",
            plural(count, "credit", "credits")
        ),
        super::alt::Provider::Endpoint { .. } => String::new(),
    };
    printer.status(&format!(
        "{}: {count} {} would be described{cost}; {} of {} already {} alt text{}; dry run, nothing was changed or spent",
        target.name,
        plural(count, "image", "images"),
        selection.already_filled,
        selection.examined,
        if selection.already_filled == 1 { "has" } else { "have" },
        if selection.limited {
            "; --limit stopped the listing, more may need text"
        } else {
            ""
        }
    ));
}

/// The end of a fill: what stopped it, what was left, and the counts.
fn print_fill_summary(
    target: &SiteTarget,
    selection: &Selection,
    summary: &FillSummary,
    destination: &Destination,
    printer: &Printer,
) {
    let not_done = summary.count(|action| matches!(action, Action::NotStarted));
    if let Some(reason) = &summary.stopped {
        printer.error(&format!(
            "stopped: {reason}; {not_done} {} not done (a rerun picks them up; answers already paid for are reused)",
            plural(not_done, "image was", "images were")
        ));
    }
    if summary.interrupted {
        printer.error("interrupted: what was described so far is written; run again to finish");
    }
    let left: Vec<String> = summary
        .outcomes
        .iter()
        .filter(|outcome| outcome.action == Action::LeftForCredits)
        .map(|outcome| outcome.display())
        .collect();
    if !left.is_empty() {
        printer.warning(&format!(
            "the credits left did not cover every image; these were left for later: {}",
            left.join(", ")
        ));
    }
    let from_cache = summary
        .outcomes
        .iter()
        .filter(|outcome| outcome.from_earlier_answer && outcome.proposal.is_some())
        .count();
    let credits = if summary.credits > 0 {
        format!(" ({} credits)", summary.credits)
    } else {
        String::new()
    };
    let failed = summary.count(|action| matches!(action, Action::Failed(_)));
    let gone = summary.count(|action| *action == Action::Gone);
    let chosen = selection.candidates.len();
    let head = format!(
        "{}: {chosen} of {} {} needed text",
        target.name,
        selection.examined,
        plural(selection.examined, "image", "images"),
    );
    let described = format!("described{credits}");
    match destination {
        Destination::Site => {
            let written = |wanted: fn(&WritePlan) -> bool| {
                summary.count(|action| matches!(action, Action::Written(plan) if wanted(plan)))
            };
            let updated = written(|plan| !plan.written.is_empty());
            // A decorative image's alt text stays empty, which is what it should have; with no
            // other field to write, nothing changes on the site.
            let nothing_to_write = written(|plan| {
                plan.written.is_empty() && plan.conflicts.is_empty() && plan.already.is_empty()
            });
            let kept = written(|plan| plan.written.is_empty()) - nothing_to_write;
            let counts = counts(&[
                (summary.described, &described, true),
                (from_cache, "from earlier answers", false),
                (updated, "updated on the site", true),
                (
                    kept,
                    "left as they were (text appeared on the site meanwhile)",
                    false,
                ),
                (
                    nothing_to_write,
                    "decorative or without text (nothing to write)",
                    false,
                ),
                (gone, "deleted from the site meanwhile", false),
                (failed, "failed", false),
            ]);
            printer.status(&format!("{head}: {counts}"));
        }
        Destination::Review { path, file } => {
            let proposed = summary.count(|action| *action == Action::Proposed);
            let counts = counts(&[
                (summary.described, &described, true),
                (from_cache, "from earlier answers", false),
                (failed, "failed", false),
            ]);
            printer.status(&format!("{head}: {counts}"));
            if file.items.is_empty() {
                printer.status("no review file was written: nothing was described");
            } else {
                printer.status(&format!(
                    "{proposed} {} written to {}; nothing on the site changed. Review and edit it, then run `altloom wp apply {}`",
                    plural(proposed, "proposal", "proposals"),
                    path.display(),
                    shell_word(path)
                ));
            }
        }
    }
    if selection.limited {
        printer.status("--limit stopped the listing: run again for more");
    }
}

/// A path as typed in a shell command; quoted when it holds spaces or quotes.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The listing's progress, one detail line per page.
struct PagesListed<'printer> {
    printer: &'printer Printer,
}

impl ListingProgress for PagesListed<'_> {
    fn page_listed(&self, page: u32, total_pages: u32, chosen: usize) {
        self.printer.detail(&format!(
            "listed page {page} of {total_pages}: {chosen} {} without alt text so far",
            plural(chosen, "image", "images")
        ));
    }
}

/// A fill's progress: the bar, and a line per image that needs one.
struct ImagesDone<'bar, 'printer> {
    bar: &'bar AltProgressBar<'printer>,
    metered: bool,
    described: Cell<usize>,
}

impl FillProgress for ImagesDone<'_, '_> {
    fn item_done(&self, outcome: &crate::fill::run::ItemOutcome) {
        let name = outcome.display();
        if outcome.proposal.is_some() && !outcome.from_earlier_answer {
            self.described.set(self.described.get() + 1);
        }
        self.bar.print(|printer| match &outcome.action {
            Action::Failed(reason) => printer.error(&format!("{name}: {reason}")),
            Action::Gone => printer.warning(&format!(
                "{name} was deleted from the site meanwhile; nothing written"
            )),
            Action::Written(plan) => {
                if !plan.conflicts.is_empty() {
                    printer.status(&format!(
                        "{name}: kept the {} added on the site meanwhile",
                        field_words(&plan.conflicts)
                    ));
                }
                if let Some(proposal) = &outcome.proposal {
                    printer.detail(&format!(
                        "{name}: wrote {}: {}",
                        field_words(&plan.written),
                        proposal_line(proposal)
                    ));
                }
            }
            Action::Proposed => {
                if let Some(proposal) = &outcome.proposal {
                    printer.detail(&format!("{name}: {}", proposal_line(proposal)));
                }
            }
            Action::NotStarted | Action::LeftForCredits => {}
        });
        let note = if self.metered {
            format!("{} credits used", self.described.get())
        } else {
            format!("{} described", self.described.get())
        };
        self.bar.advance(note);
    }
}

/// The alt text of a proposal, or why it has none.
fn proposal_line(proposal: &Proposal) -> String {
    if proposal.decorative {
        "decorative (the alt text stays empty)".to_string()
    } else {
        proposal
            .text(MetadataField::Alt)
            .unwrap_or("(no alt text)")
            .to_string()
    }
}

/// What `wp apply` did, counted.
#[derive(Default)]
struct ApplyTally {
    updated: usize,
    already: usize,
    conflicts: usize,
    gone: usize,
    failed: usize,
    not_started: usize,
}

impl ApplyTally {
    fn add(&mut self, outcome: &WriteOutcome) {
        match outcome {
            WriteOutcome::Done(plan) => {
                if !plan.written.is_empty() {
                    self.updated += 1;
                } else if plan.conflicts.is_empty() {
                    self.already += 1;
                }
                if !plan.conflicts.is_empty() {
                    self.conflicts += 1;
                }
            }
            WriteOutcome::Gone => self.gone += 1,
            WriteOutcome::Failed(_) => self.failed += 1,
            WriteOutcome::NotStarted => self.not_started += 1,
        }
    }
}

/// One row's outcome of `wp apply`.
fn print_applied(
    proposal: &Proposal,
    outcome: &WriteOutcome,
    options: &WriteOptions,
    printer: &Printer,
) {
    let name = proposal.display();
    match outcome {
        WriteOutcome::Done(plan) => {
            if !plan.conflicts.is_empty() {
                printer.warning(&format!(
                    "{name}: the site's {} differs from the file's; the site's text was kept",
                    field_words(&plan.conflicts)
                ));
            }
            if !plan.written.is_empty() {
                let verb = if options.dry_run {
                    "would write"
                } else {
                    "wrote"
                };
                printer.detail(&format!("{name}: {verb} {}", field_words(&plan.written)));
            }
        }
        WriteOutcome::Gone => printer.warning(&format!(
            "{name} no longer exists on the site; its row was not applied"
        )),
        WriteOutcome::Failed(reason) => printer.error(&format!("{name}: {reason}")),
        WriteOutcome::NotStarted => {}
    }
}
