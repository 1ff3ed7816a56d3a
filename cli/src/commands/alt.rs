//! `altloom alt PATHS` (and the AI part of `altloom optimize --alt`): finds the images, works out
//! which still need text, takes what it can from the answer cache, checks the workspace's
//! credits before any work, asks the model several images at a time with a progress bar, and
//! writes `altloom-meta.json`. `--review` then walks the entries; `export` and `import` are in
//! `alt_csv.rs`, the review in `alt_review.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use altloom_shared::api::alt_text::{AltTextOptions, MetadataField};
use altloom_shared::metadata_file::{MetadataFile, METADATA_FILE_NAME};
use altloom_shared::time::Timestamp;

use crate::account::{Account, AccountError};
use crate::alt::cache::AnswerCache;
use crate::alt::describe::{AccountDescriber, Describer, EndpointDescriber};
use crate::alt::plan::{fields_needed, merge_answer, NoSite, SiteText};
use crate::alt::run::{describe_all, Describe, RunEnd, RunSettings, Task, TaskOutcome};
use crate::alt::{parse_fields, store};
use crate::api::Timeouts;
use crate::args::{AltArgs, AltCommand, AltOptionsArgs, ConnectionArgs, OutputArgs, ProviderArg};
use crate::engine::alt_source::find_sources;
use crate::engine::discover::DiscoveryOptions;
use crate::exit::{CommandError, Exit};
use crate::printer::{Printer, Verbosity};
use crate::progress::AltProgressBar;
use crate::settings::{FlagValues, RawValue, Settings, SettingsError, SettingsSources};

/// Tries per image when the service is busy or failing for a moment.
const ATTEMPTS: u32 = 4;

/// The first wait before such a retry; it doubles each time.
const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// The metadata file is saved after this many new answers, so an interrupted run keeps what it
/// paid for.
const SAVE_EVERY: usize = 20;

/// Images larger than this are refused before decoding, as `optimize` does by default.
const MAX_PIXELS: u64 = 100_000_000;

/// The variable the key of the user's own endpoint comes from.
pub(crate) const ENDPOINT_KEY_VARIABLE: &str = "OPENAI_API_KEY";

pub fn run(
    arguments: AltArgs,
    output: &OutputArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    match arguments.command {
        Some(AltCommand::Export { csv, meta }) => {
            return super::alt_csv::export(&meta_path(meta), &csv, printer)
        }
        Some(AltCommand::Import { file, meta }) => {
            return super::alt_csv::import(&meta_path(meta), &file, printer)
        }
        None => {}
    }
    let meta = meta_path(arguments.meta);
    let mut exit = Exit::Success;
    if !arguments.paths.is_empty() {
        let mut flags = FlagValues::default();
        option_flags(&arguments.options, &mut flags);
        super::connection_flags(connection, &mut flags);
        if let Some(shard) = &arguments.shard {
            flags.set("shard", "--shard", RawValue::Text(shard.clone()));
        }
        let settings =
            Settings::load(&SettingsSources::from_process(), flags).map_err(settings_error)?;
        let config = AltConfig::from_settings(&settings, &arguments.options)?;
        let discovery = DiscoveryOptions {
            include: arguments.include.clone(),
            exclude: arguments.exclude.clone(),
            respect_ignore_files: true,
            skip_folders: Vec::new(),
            shard: super::optimize::shard(&settings).map_err(settings_error)?,
        };
        let found = find_sources(&arguments.paths, &discovery)
            .map_err(|error| CommandError::User(error.to_string()))?;
        for (path, problem) in &found.failures {
            printer.error(&format!("{}: {problem}", path.display()));
        }
        let root = meta
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let images: Vec<AltImage> = found
            .sources
            .into_iter()
            .map(|source| AltImage {
                hint: hint(&source.path, root).unwrap_or_else(|| slashes(&source.relative)),
                path: source.path,
                content_hash: source.content_hash,
            })
            .collect();
        if images.is_empty() && found.failures.is_empty() {
            printer.warning("no images found (looked for jpg, jpeg, png, webp, gif, tif, tiff, avif, heic, bmp)");
        }
        let cancel = cancel_on_ctrl_c();
        let show_progress = !output.no_progress && printer.verbosity > Verbosity::Quiet;
        exit = generate(
            &images,
            &meta,
            &config,
            &settings,
            show_progress,
            &cancel,
            printer,
        )?;
        if !found.failures.is_empty() && exit == Exit::Success {
            exit = Exit::Failure;
        }
        if exit == Exit::Interrupted {
            return Ok(exit);
        }
    }
    if arguments.review {
        let reviewed = super::alt_review::run(&meta, arguments.all, printer)?;
        if exit == Exit::Success {
            exit = reviewed;
        }
    }
    Ok(exit)
}

/// A flag the first Ctrl-C sets, so a run stops starting new work and keeps what it has paid
/// for; a second Ctrl-C ends the process at once (exit 130).
pub(crate) fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    cancel
}

/// The metadata file: the one given, else `./altloom-meta.json`.
fn meta_path(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| PathBuf::from(METADATA_FILE_NAME))
}

/// `path` relative to `root`, with forward slashes, when it lies inside it.
pub(crate) fn hint(path: &Path, root: &Path) -> Option<String> {
    let path = std::path::absolute(path).ok()?;
    let root = std::path::absolute(root).ok()?;
    let relative = path.strip_prefix(&root).ok()?;
    // `absolute` keeps `..`; a path that climbs out of the root is not inside it.
    if relative
        .components()
        .any(|part| matches!(part, std::path::Component::ParentDir))
    {
        return None;
    }
    Some(slashes(relative))
}

fn slashes(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn settings_error(error: SettingsError) -> CommandError {
    CommandError::Usage(error.to_string())
}

/// Adds the AI metadata flags the user gave to `flags`.
pub(crate) fn option_flags(options: &AltOptionsArgs, flags: &mut FlagValues) {
    if let Some(language) = &options.lang {
        flags.set("lang", "--lang", RawValue::Text(language.clone()));
    }
    if let Some(maximum) = options.max_chars {
        flags.set(
            "max-chars",
            "--max-chars",
            RawValue::Integer(i64::from(maximum)),
        );
    }
    if let Some(fields) = &options.fields {
        flags.set("fields", "--fields", RawValue::List(fields.clone()));
    }
    if let Some(provider) = options.provider {
        let name = match provider {
            ProviderArg::Altloom => "altloom",
            ProviderArg::OpenaiCompatible => "openai-compatible",
        };
        flags.set("provider", "--provider", RawValue::Text(name.into()));
    }
    if let Some(url) = &options.base_url {
        flags.set("base-url", "--base-url", RawValue::Text(url.clone()));
    }
    if let Some(model) = &options.model {
        flags.set("model", "--model", RawValue::Text(model.clone()));
    }
    if let Some(concurrency) = options.concurrency {
        flags.set(
            "concurrency",
            "--concurrency",
            RawValue::Integer(i64::try_from(concurrency).unwrap_or(i64::MAX)),
        );
    }
}

/// Who writes the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Provider {
    /// The account server, with the workspace's credits.
    Account,
    /// The user's own OpenAI-compatible endpoint.
    Endpoint { base_url: String, model: String },
}

/// Everything a run of AI metadata needs to know, from flags and settings.
#[derive(Clone, Debug)]
pub(crate) struct AltConfig {
    pub fields: Vec<MetadataField>,
    /// Language, keywords, context and length (the fields are set per image).
    pub options: AltTextOptions,
    pub overwrite: bool,
    pub refresh: bool,
    pub allow_partial: bool,
    pub provider: Provider,
    pub concurrency: usize,
}

impl AltConfig {
    pub(crate) fn from_settings(
        settings: &Settings,
        arguments: &AltOptionsArgs,
    ) -> Result<AltConfig, CommandError> {
        let invalid = |key: &str, reason: String| {
            CommandError::Usage(
                SettingsError::Invalid {
                    key: key.into(),
                    source_name: settings.source(key).to_string(),
                    reason,
                }
                .to_string(),
            )
        };
        let language = settings
            .parsed::<String>("lang")
            .map_err(settings_error)?
            .trim()
            .to_string();
        if language.is_empty()
            || language.len() > 35
            || !language
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        {
            return Err(invalid(
                "lang",
                format!("`{language}` is not a language code such as en, pt-BR or de"),
            ));
        }
        let max_chars = settings.integer("max-chars").map_err(settings_error)?;
        if !(10..=1_000).contains(&max_chars) {
            return Err(invalid(
                "max-chars",
                format!("{max_chars} is outside 10..=1000"),
            ));
        }
        let fields = parse_fields(&settings.list::<String>("fields").map_err(settings_error)?)
            .map_err(|reason| invalid("fields", reason))?;
        let concurrency = settings.integer("concurrency").map_err(settings_error)?;
        if !(1..=32).contains(&concurrency) {
            return Err(invalid(
                "concurrency",
                format!("{concurrency} is outside 1..=32"),
            ));
        }
        let provider = match settings
            .parsed::<String>("provider")
            .map_err(settings_error)?
            .trim()
        {
            "altloom" => Provider::Account,
            "openai-compatible" => {
                let base_url = settings.optional_text("base-url").map_err(settings_error)?;
                let model = settings.optional_text("model").map_err(settings_error)?;
                let (Some(base_url), Some(model)) = (base_url, model) else {
                    return Err(CommandError::Usage(
                        "--provider openai-compatible needs --base-url URL and --model MODEL (or base-url and model in the [alt] table)".into(),
                    ));
                };
                let base_url = crate::api::normalise_api_url(&base_url)
                    .map(|_| base_url.trim().trim_end_matches('/').to_string())
                    .map_err(|_| {
                        invalid(
                            "base-url",
                            format!("`{base_url}` is not an http:// or https:// URL"),
                        )
                    })?;
                Provider::Endpoint {
                    base_url,
                    model: model.trim().to_string(),
                }
            }
            other => {
                return Err(invalid(
                    "provider",
                    format!("`{other}` is not altloom or openai-compatible"),
                ))
            }
        };
        let keywords: Vec<String> = arguments
            .keywords
            .iter()
            .map(|keyword| keyword.trim().to_string())
            .filter(|keyword| !keyword.is_empty())
            .collect();
        let context = arguments
            .context
            .as_deref()
            .map(str::trim)
            .filter(|context| !context.is_empty())
            .map(str::to_string);
        Ok(AltConfig {
            fields,
            options: AltTextOptions {
                language: Some(language),
                keywords,
                context,
                max_chars: Some(max_chars as u32),
                fields: None,
            },
            overwrite: arguments.overwrite,
            refresh: arguments.refresh,
            allow_partial: arguments.allow_partial,
            provider,
            concurrency: concurrency as usize,
        })
    }

    /// Who answers, for the answer cache: the account server, or the endpoint and model.
    pub(crate) fn answerer(&self, settings: &Settings) -> String {
        match &self.provider {
            Provider::Account => format!(
                "altloom {}",
                settings
                    .parsed::<String>("api-url")
                    .unwrap_or_default()
                    .trim_end_matches('/')
            ),
            Provider::Endpoint { base_url, model } => {
                format!("openai-compatible {base_url} {model}")
            }
        }
    }
}

/// One image to write metadata for.
#[derive(Clone, Debug)]
pub(crate) struct AltImage {
    pub path: PathBuf,
    pub content_hash: String,
    /// The path the metadata file records.
    pub hint: String,
}

/// What a run did, for the summary.
#[derive(Debug, Default)]
struct Tally {
    images: usize,
    kept: usize,
    from_cache: usize,
    described: usize,
    credits: u64,
    failed: Vec<(PathBuf, String)>,
    not_started: usize,
    left_for_credits: Vec<String>,
}

/// The state a run updates as answers arrive.
struct Progressing<'run> {
    file: MetadataFile,
    meta: &'run Path,
    cache: AnswerCache,
    keys: HashMap<String, String>,
    tally: Tally,
    unsaved: usize,
    save_error: Option<String>,
}

impl Progressing<'_> {
    fn record(&mut self, task: &Task, outcome: TaskOutcome) {
        match outcome {
            TaskOutcome::Described(answer) => {
                self.tally.described += 1;
                self.tally.credits += answer.credits_used;
                if let Some(key) = self.keys.get(&task.content_hash) {
                    self.cache.insert(key.clone(), answer.clone());
                }
                let existing = self.file.entries.remove(&task.content_hash);
                let entry = merge_answer(
                    existing,
                    &task.hint,
                    &task.fields,
                    &answer,
                    Timestamp::now(),
                );
                self.file.entries.insert(task.content_hash.clone(), entry);
                self.unsaved += 1;
                if self.unsaved >= SAVE_EVERY {
                    self.save();
                }
            }
            TaskOutcome::Failed(reason) => self.tally.failed.push((task.path.clone(), reason)),
            TaskOutcome::NotStarted => self.tally.not_started += 1,
        }
    }

    fn save(&mut self) {
        match store::save(self.meta, &self.file) {
            Ok(()) => self.unsaved = 0,
            Err(error) => self.save_error = Some(error.to_string()),
        }
    }
}

/// Writes AI metadata for `images` into the metadata file at `meta`: the shared core of
/// `altloom alt` and `altloom optimize --alt`.
pub(crate) fn generate(
    images: &[AltImage],
    meta: &Path,
    config: &AltConfig,
    settings: &Settings,
    show_progress: bool,
    cancel: &AtomicBool,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    // A damaged file stops the run before anything is spent.
    let mut file = store::load(meta).map_err(|error| CommandError::User(error.to_string()))?;
    let mut changed = false;
    let mut tally = Tally::default();
    let cache = AnswerCache::open_default();
    let answerer = config.answerer(settings);
    let site = NoSite;
    let mut tasks = Vec::new();
    let mut keys = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for image in images {
        // Identical files are one image: described once, under their shared hash.
        if !seen.insert(image.content_hash.clone()) {
            continue;
        }
        tally.images += 1;
        let entry = file.entries.get(&image.content_hash);
        let site_alt = site.alt_text(&image.content_hash);
        let needed = fields_needed(entry, site_alt.as_deref(), &config.fields, config.overwrite);
        if needed.is_empty() {
            tally.kept += 1;
            if let Some(entry) = file.entries.get_mut(&image.content_hash) {
                if entry.path != image.hint {
                    entry.path = image.hint.clone();
                    changed = true;
                }
            }
            continue;
        }
        let key = AnswerCache::key(&image.content_hash, &needed, &config.options, &answerer);
        if !config.refresh {
            if let Some(answer) = cache.get(&key) {
                let existing = file.entries.remove(&image.content_hash);
                let entry = merge_answer(existing, &image.hint, &needed, &answer, Timestamp::now());
                file.entries.insert(image.content_hash.clone(), entry);
                tally.from_cache += 1;
                changed = true;
                continue;
            }
        }
        keys.insert(image.content_hash.clone(), key);
        tasks.push(Task {
            content_hash: image.content_hash.clone(),
            path: image.path.clone(),
            hint: image.hint.clone(),
            fields: needed,
        });
    }

    let mut state = Progressing {
        file,
        meta,
        cache,
        keys,
        tally,
        unsaved: 0,
        save_error: None,
    };
    let mut end = RunEnd::default();
    if !tasks.is_empty() {
        let runtime = super::runtime()?;
        let prepared = runtime.block_on(prepare_describer(config, settings, tasks.len()))?;
        if prepared.allowed < tasks.len() {
            state.tally.left_for_credits = tasks
                .split_off(prepared.allowed)
                .into_iter()
                .map(|task| task.hint)
                .collect();
        }
        end = runtime.block_on(execute(
            &tasks,
            &prepared.describer,
            &run_settings(config),
            show_progress,
            prepared.metered,
            cancel,
            &mut state,
            printer,
        ));
    }
    if changed || state.unsaved > 0 || !meta.exists() && !state.file.entries.is_empty() {
        state.save();
    }
    if let Err(warning) = state.cache.save() {
        printer.warning(&format!(
            "the answer cache could not be saved ({warning}); the next run may ask again"
        ));
    }
    if let Some(error) = &state.save_error {
        return Err(CommandError::User(error.clone()).into());
    }
    report(&state.tally, &end, meta, printer);
    Ok(if end.interrupted {
        Exit::Interrupted
    } else if end.stopped.is_some() || !state.tally.failed.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// How the describing of a run behaves: the options, the concurrency, and the retries.
pub(crate) fn run_settings(config: &AltConfig) -> RunSettings {
    RunSettings {
        options: config.options.clone(),
        concurrency: config.concurrency,
        max_pixels: MAX_PIXELS,
        attempts: ATTEMPTS,
        first_backoff: FIRST_BACKOFF,
    }
}

/// The model side of a run, ready to describe.
pub(crate) struct PreparedDescriber {
    pub describer: Describer,
    /// How many of the images the credits allow (all of them without an account).
    pub allowed: usize,
    /// True when each answer costs a credit.
    pub metered: bool,
}

/// Sets up whoever writes the text for `needed` images. With the account provider this is where
/// the credits are checked, before any image is sent: a run they do not cover stops here, unless
/// `--allow-partial`, which allows as many as they cover.
pub(crate) async fn prepare_describer(
    config: &AltConfig,
    settings: &Settings,
    needed: usize,
) -> Result<PreparedDescriber, CommandError> {
    match &config.provider {
        Provider::Account => {
            let (describer, allowed) =
                prepare_account(settings, needed as u64, config.allow_partial).await?;
            Ok(PreparedDescriber {
                describer: Describer::Account(describer),
                allowed: usize::try_from(allowed).unwrap_or(usize::MAX).min(needed),
                metered: true,
            })
        }
        Provider::Endpoint { base_url, model } => {
            let api_key = std::env::var(ENDPOINT_KEY_VARIABLE)
                .ok()
                .map(|key| key.trim().to_string())
                .filter(|key| !key.is_empty());
            Ok(PreparedDescriber {
                describer: Describer::Endpoint(EndpointDescriber::new(base_url, model, api_key)),
                allowed: needed,
                metered: false,
            })
        }
    }
}

/// The account side of a run: the client, the workspace, and the pre-run credit check. Answers
/// the describer and how many images the credits allow.
async fn prepare_account(
    settings: &Settings,
    needed: u64,
    allow_partial: bool,
) -> Result<(AccountDescriber, u64), CommandError> {
    let account = Account::from_settings(settings)?;
    let client = match account.client(Timeouts::AI) {
        Ok(client) => client,
        Err(AccountError::NotLoggedIn { url }) => {
            return Err(CommandError::User(format!(
                "AI metadata needs an Altloom account (not logged in to {url}: run `altloom login`, or set ALTLOOM_TOKEN), or your own endpoint: --provider openai-compatible --base-url URL --model MODEL"
            )))
        }
        Err(error) => return Err(error.into()),
    };
    let workspace = account.workspace(&client).await?;
    let usage = client
        .usage(&workspace.id)
        .await
        .map_err(AccountError::from)?;
    let allowed = crate::credits::credits_for_run(needed, &usage, allow_partial)
        .map_err(|shortfall| CommandError::User(shortfall.to_string()))?;
    Ok((
        AccountDescriber {
            client,
            workspace_id: workspace.id,
        },
        allowed,
    ))
}

#[allow(clippy::too_many_arguments)]
async fn execute<D: Describe>(
    tasks: &[Task],
    describer: &D,
    settings: &RunSettings,
    show_progress: bool,
    metered: bool,
    cancel: &AtomicBool,
    state: &mut Progressing<'_>,
    printer: &Printer,
) -> RunEnd {
    let bar = AltProgressBar::new(show_progress, tasks.len(), printer);
    let end = describe_all(tasks, describer, settings, cancel, |task, outcome| {
        if let TaskOutcome::Failed(reason) = &outcome {
            bar.print(|printer| printer.error(&format!("{}: {reason}", task.path.display())));
        } else if let TaskOutcome::Described(answer) = &outcome {
            let alt = answer.alt_text.as_deref().unwrap_or("");
            bar.print(|printer| printer.detail(&format!("{}: {alt}", task.hint)));
        }
        state.record(task, outcome);
        let note = if metered {
            format!("{} credits used", state.tally.credits)
        } else {
            format!("{} described", state.tally.described)
        };
        bar.advance(note);
    })
    .await;
    bar.finish();
    end
}

/// The end-of-run lines.
fn report(tally: &Tally, end: &RunEnd, meta: &Path, printer: &Printer) {
    if let Some(reason) = &end.stopped {
        printer.error(&format!(
            "stopped: {reason}; {} images were not sent",
            tally.not_started
        ));
    }
    if !tally.left_for_credits.is_empty() {
        printer.warning(&format!(
            "the credits left covered {} of {} images; these were left for later: {}",
            tally.described + tally.failed.len() + tally.not_started,
            tally.described + tally.failed.len() + tally.not_started + tally.left_for_credits.len(),
            tally.left_for_credits.join(", ")
        ));
    }
    if end.interrupted {
        printer.error("interrupted: answers received so far are saved; run again to finish");
    }
    let credits = if tally.credits > 0 {
        format!(" ({} credits)", tally.credits)
    } else {
        String::new()
    };
    printer.status(&format!(
        "{} images: {} described{credits}, {} from earlier answers, {} kept (text already there), {} failed; metadata in {}",
        tally.images,
        tally.described,
        tally.from_cache,
        tally.kept,
        tally.failed.len(),
        meta.display()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_relative_to_the_root_with_forward_slashes() {
        let root = Path::new("/site/out");
        assert_eq!(
            hint(Path::new("/site/out/photos/cat.jpg"), root).as_deref(),
            Some("photos/cat.jpg")
        );
        assert_eq!(hint(Path::new("/elsewhere/cat.jpg"), root), None);
        assert_eq!(hint(Path::new("/site/out/../cat.jpg"), root), None);
    }
}
