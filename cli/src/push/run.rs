//! Pushing a set of images to one site, without printing: check the credentials once, take in
//! the server's ledger, find interrupted uploads by their slug, check which recorded attachments
//! still exist (100 per request), then upload what is new or gone, update what changed, and skip
//! the rest, `concurrency` at a time. Transient failures are retried with doubling waits; a
//! refused file type falls back to the next candidate for the rest of the run; rejected
//! credentials or a role that cannot upload stop the site's remaining work.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use altloom_shared::api::sites::{limits, LedgerEntry, LedgerUpdate};
use altloom_shared::time::Timestamp;
use altloom_shared::wordpress::media::{Attachment, MediaFields};
use altloom_shared::wordpress::WordPressError;
use futures_util::stream::{self, StreamExt};

use super::items::{Candidate, PushItem};
use super::ledger::{LedgerError, LocalLedger};
use super::retry::{stops_the_site, Retry};
use super::site::SiteTarget;

/// How a push behaves.
#[derive(Clone, Debug)]
pub struct PushOptions {
    /// Uploads in flight at once.
    pub concurrency: usize,
    /// Plan only: nothing is uploaded, updated or recorded.
    pub dry_run: bool,
    /// Retries of a transient failure after the first attempt.
    pub retries: u32,
    /// The first wait before a retry; each next one doubles.
    pub first_backoff: Duration,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            concurrency: 4,
            dry_run: false,
            retries: 3,
            first_backoff: Duration::from_secs(1),
        }
    }
}

/// What happened to (or, in a dry run, would happen to) one image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Uploaded,
    /// The text changed since the last push and was updated in place.
    Updated,
    /// On the site already, with the same text.
    Unchanged,
    /// Recorded, but deleted on the site since, so uploaded again.
    Reuploaded,
    /// An upload an interrupted run had started was found on the site and recorded.
    Recovered,
    WouldUpload,
    WouldUpdate,
    WouldReupload,
    Failed(String),
    /// Not tried: the site stopped accepting work (see the summary's `stopped`).
    NotAttempted,
}

/// One image's outcome.
#[derive(Clone, Debug)]
pub struct ItemOutcome {
    pub display: String,
    pub action: Action,
    pub attachment_id: Option<u64>,
    /// The format sent, when something was uploaded (`WebP`).
    pub format: Option<String>,
    /// Why a preferred format was not used (`the site refused AVIF, so WebP was sent`).
    pub note: Option<String>,
}

/// What a push did on one site.
#[derive(Debug, Default)]
pub struct SiteSummary {
    pub site: String,
    pub outcomes: Vec<ItemOutcome>,
    /// Why the site's work stopped early (bad credentials, site down), if it did.
    pub stopped: Option<String>,
    /// A failure to keep the server's copy of the ledger up to date (the push itself worked).
    pub mirror_warning: Option<String>,
    /// Entries taken from the server's ledger before the push.
    pub merged_from_server: usize,
}

impl SiteSummary {
    pub fn count(&self, wanted: impl Fn(&Action) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| wanted(&outcome.action))
            .count()
    }

    pub fn failed(&self) -> usize {
        self.count(|action| matches!(action, Action::Failed(_) | Action::NotAttempted))
            + usize::from(self.stopped.is_some() && self.outcomes.is_empty())
    }
}

/// Told about each image as it finishes.
pub trait PushProgress: Sync {
    fn item_done(&self, site: &str, outcome: &ItemOutcome);
}

/// What the plan says for one image.
enum Plan {
    Upload,
    /// Found on the site after an interrupted run; its text is set again.
    Recover(LedgerEntry),
    Reupload,
    Update(LedgerEntry),
    Unchanged(LedgerEntry),
}

/// Pushes `items` to `target`, keeping `ledger` (this site's) up to date.
pub async fn push_site(
    target: &SiteTarget,
    items: &[PushItem],
    ledger: &mut LocalLedger,
    options: &PushOptions,
    progress: &dyn PushProgress,
    cancel: &AtomicBool,
) -> SiteSummary {
    let mut summary = SiteSummary {
        site: target.name.clone(),
        ..SiteSummary::default()
    };
    if let Err(error) = target.client.check_can_upload().await {
        summary.stopped = Some(error.to_string());
        return summary;
    }
    let mut server_known: HashSet<(String, u64, String)> = HashSet::new();
    if let Some(mirror) = &target.mirror {
        match mirror
            .client
            .ledger(&mirror.workspace_id, &mirror.site)
            .await
        {
            Ok(remote) => {
                for entry in &remote.entries {
                    server_known.insert(key_of(entry));
                }
                match ledger.merge(remote.entries) {
                    Ok(taken) => summary.merged_from_server = taken,
                    Err(error) => {
                        summary.stopped = Some(error.to_string());
                        return summary;
                    }
                }
            }
            Err(error) => {
                summary.mirror_warning = Some(format!(
                    "could not read the site's ledger from the server ({error}); this machine's ledger was used"
                ))
            }
        }
    }

    let plans = match plan(target, items, ledger, options.dry_run).await {
        Ok(plans) => plans,
        Err(error) => {
            summary.stopped = Some(error);
            return summary;
        }
    };

    if options.dry_run {
        for (item, plan) in items.iter().zip(plans) {
            let (action, attachment_id) = match plan {
                Plan::Upload => (Action::WouldUpload, None),
                Plan::Recover(entry) => (Action::WouldUpdate, Some(entry.attachment_id)),
                Plan::Reupload => (Action::WouldReupload, None),
                Plan::Update(entry) => (Action::WouldUpdate, Some(entry.attachment_id)),
                Plan::Unchanged(entry) => (Action::Unchanged, Some(entry.attachment_id)),
            };
            let candidate = choose_candidate(item, &target.upload_types, &BTreeSet::new());
            let uploads = matches!(action, Action::WouldUpload | Action::WouldReupload);
            let outcome = ItemOutcome {
                display: item.display.clone(),
                action,
                attachment_id,
                format: candidate
                    .filter(|_| uploads)
                    .map(|candidate| candidate.format_name().to_string()),
                note: candidate.filter(|_| uploads).and_then(|candidate| {
                    fallback_note(
                        item,
                        candidate,
                        &target.upload_types,
                        target.wordpress_version.as_deref(),
                        &[],
                    )
                }),
            };
            progress.item_done(&target.name, &outcome);
            summary.outcomes.push(outcome);
        }
        return summary;
    }

    let shared = Shared {
        target,
        ledger: Mutex::new(ledger),
        refused_types: Mutex::new(BTreeSet::new()),
        stop: Mutex::new(None),
        options,
    };
    let tasks = items.iter().zip(plans).map(|(item, plan)| {
        let shared = &shared;
        async move {
            let outcome = if cancel.load(Ordering::SeqCst) || shared.stopped() {
                ItemOutcome {
                    display: item.display.clone(),
                    action: Action::NotAttempted,
                    attachment_id: None,
                    format: None,
                    note: None,
                }
            } else {
                shared.execute(item, plan).await
            };
            progress.item_done(&shared.target.name, &outcome);
            outcome
        }
    });
    summary.outcomes = stream::iter(tasks)
        .buffered(options.concurrency.max(1))
        .collect()
        .await;
    summary.stopped = shared.stop.lock().expect("stop lock").clone();
    let ledger = shared.ledger.into_inner().expect("ledger lock");

    if let Some(mirror) = &target.mirror {
        let wanted: HashSet<&str> = items
            .iter()
            .map(|item| item.content_hash.as_str())
            .collect();
        let upsert: Vec<LedgerEntry> = ledger
            .entries()
            .filter(|entry| wanted.contains(entry.content_hash.as_str()))
            .filter(|entry| !server_known.contains(&key_of(entry)))
            .cloned()
            .collect();
        let remove: Vec<String> = items
            .iter()
            .filter(|item| ledger.entry(&item.content_hash).is_none())
            .filter(|item| {
                server_known
                    .iter()
                    .any(|(hash, _, _)| hash == &item.content_hash)
            })
            .map(|item| item.content_hash.clone())
            .collect();
        if let Err(error) = send_to_mirror(mirror, upsert, remove).await {
            summary.mirror_warning = Some(format!(
                "the pushes are recorded on this machine, but the server's copy of the ledger could not be updated ({error}); the next push from here sends it again"
            ));
        }
    }
    summary
}

/// What identifies an entry's state, to send the server only what it does not have.
fn key_of(entry: &LedgerEntry) -> (String, u64, String) {
    (
        entry.content_hash.clone(),
        entry.attachment_id,
        entry.metadata_hash.clone(),
    )
}

async fn send_to_mirror(
    mirror: &super::site::LedgerMirror,
    upsert: Vec<LedgerEntry>,
    remove: Vec<String>,
) -> Result<(), crate::api::ApiError> {
    for chunk in upsert.chunks(limits::LEDGER_UPDATE_MAX_ENTRIES) {
        let update = LedgerUpdate {
            upsert: chunk.to_vec(),
            remove: Vec::new(),
        };
        mirror
            .client
            .update_ledger(&mirror.workspace_id, &mirror.site, &update)
            .await?;
    }
    for chunk in remove.chunks(limits::LEDGER_UPDATE_MAX_ENTRIES) {
        let update = LedgerUpdate {
            upsert: Vec::new(),
            remove: chunk.to_vec(),
        };
        mirror
            .client
            .update_ledger(&mirror.workspace_id, &mirror.site, &update)
            .await?;
    }
    Ok(())
}

/// Decides what each item needs: uploads interrupted earlier are looked up by slug first, and
/// every recorded attachment is checked to still exist.
async fn plan(
    target: &SiteTarget,
    items: &[PushItem],
    ledger: &mut LocalLedger,
    dry_run: bool,
) -> Result<Vec<Plan>, String> {
    let mut recovered: std::collections::HashMap<String, LedgerEntry> =
        std::collections::HashMap::new();
    for item in items {
        if ledger.entry(&item.content_hash).is_some() {
            continue;
        }
        let Some(slug) = ledger.pending_slug(&item.content_hash).map(str::to_string) else {
            continue;
        };
        let found = with_retries(&PushOptions::default(), || {
            target.client.attachment_by_slug(&slug)
        })
        .await
        .map_err(|error| error.to_string())?;
        if let Some(attachment) = found {
            // The text may not have been set before the run died, so it is set again.
            let entry = entry_for(item, &attachment, None, String::new());
            if !dry_run {
                ledger
                    .record(entry.clone())
                    .map_err(|error| error.to_string())?;
            }
            recovered.insert(item.content_hash.clone(), entry);
        }
    }
    let recorded: Vec<u64> = items
        .iter()
        .filter_map(|item| ledger.entry(&item.content_hash))
        .map(|entry| entry.attachment_id)
        .collect();
    let existing: HashSet<u64> = if recorded.is_empty() {
        HashSet::new()
    } else {
        with_retries(&PushOptions::default(), || {
            target.client.attachments_by_ids(&recorded)
        })
        .await
        .map_err(|error| error.to_string())?
        .into_iter()
        .map(|attachment| attachment.id)
        .collect()
    };
    Ok(items
        .iter()
        .map(|item| match ledger.entry(&item.content_hash) {
            _ if recovered.contains_key(&item.content_hash) => {
                Plan::Recover(recovered[&item.content_hash].clone())
            }
            None => Plan::Upload,
            Some(entry) if !existing.contains(&entry.attachment_id) => Plan::Reupload,
            Some(entry) if entry.metadata_hash == metadata_hash(&item.fields) => {
                Plan::Unchanged(entry.clone())
            }
            Some(entry) => Plan::Update(entry.clone()),
        })
        .collect())
}

/// State the concurrent tasks of one site share.
struct Shared<'run, 'ledger> {
    target: &'run SiteTarget,
    ledger: Mutex<&'ledger mut LocalLedger>,
    /// Types the site refused during this run; later images skip straight to the next format.
    refused_types: Mutex<BTreeSet<String>>,
    stop: Mutex<Option<String>>,
    options: &'run PushOptions,
}

impl Shared<'_, '_> {
    fn stopped(&self) -> bool {
        self.stop.lock().expect("stop lock").is_some()
    }

    async fn execute(&self, item: &PushItem, plan: Plan) -> ItemOutcome {
        let mut outcome = ItemOutcome {
            display: item.display.clone(),
            action: Action::Unchanged,
            attachment_id: None,
            format: None,
            note: None,
        };
        let result = match plan {
            Plan::Unchanged(entry) => {
                outcome.attachment_id = Some(entry.attachment_id);
                Ok(Action::Unchanged)
            }
            Plan::Recover(entry) => match self.update(item, &entry).await {
                Ok(()) => {
                    outcome.attachment_id = Some(entry.attachment_id);
                    Ok(Action::Recovered)
                }
                Err(error) => Err(error),
            },
            Plan::Update(entry) => match self.update(item, &entry).await {
                Ok(()) => {
                    outcome.attachment_id = Some(entry.attachment_id);
                    Ok(Action::Updated)
                }
                Err(WordPressError::NotFound { .. }) => self
                    .forget_and_upload(item, &mut outcome)
                    .await
                    .map(|()| Action::Reuploaded),
                Err(error) => Err(error),
            },
            Plan::Reupload => self
                .forget_and_upload(item, &mut outcome)
                .await
                .map(|()| Action::Reuploaded),
            Plan::Upload => self
                .upload(item, &mut outcome)
                .await
                .map(|()| Action::Uploaded),
        };
        outcome.action = match result {
            Ok(action) => action,
            Err(error) => {
                if stops_the_site(&error) {
                    let mut stop = self.stop.lock().expect("stop lock");
                    if stop.is_none() {
                        *stop = Some(error.to_string());
                    }
                }
                Action::Failed(error.to_string())
            }
        };
        outcome
    }

    async fn update(&self, item: &PushItem, entry: &LedgerEntry) -> Result<(), WordPressError> {
        if !item.fields.is_empty() {
            with_retries(self.options, || {
                self.target.client.update(entry.attachment_id, &item.fields)
            })
            .await?;
        }
        let mut updated = entry.clone();
        updated.metadata_hash = metadata_hash(&item.fields);
        updated.pushed_at = Timestamp::now();
        self.record(updated)
    }

    async fn forget_and_upload(
        &self,
        item: &PushItem,
        outcome: &mut ItemOutcome,
    ) -> Result<(), WordPressError> {
        self.ledger
            .lock()
            .expect("ledger lock")
            .forget(&item.content_hash)
            .map_err(ledger_failure)?;
        self.upload(item, outcome).await
    }

    /// Uploads the best candidate the site takes, falling back on a refused type.
    async fn upload(
        &self,
        item: &PushItem,
        outcome: &mut ItemOutcome,
    ) -> Result<(), WordPressError> {
        let mut refused_here: Vec<String> = Vec::new();
        loop {
            let refused = self.refused_types.lock().expect("types lock").clone();
            let Some(candidate) = choose_candidate(item, &self.target.upload_types, &refused)
            else {
                let offered: Vec<&str> = item
                    .candidates
                    .iter()
                    .map(|candidate| candidate.format_name())
                    .collect();
                let site = site_label(self.target.wordpress_version.as_deref());
                return Err(WordPressError::TypeRefused {
                    url: self.target.client.site().to_string(),
                    mime_type: offered.join(", "),
                    message: format!(
                        "{site} takes none of the formats this image is in; optimise it with --formats original,webp so there is one it takes"
                    ),
                });
            };
            let bytes =
                std::fs::read(&candidate.path).map_err(|error| WordPressError::BadAnswer {
                    url: candidate.path.display().to_string(),
                    reason: format!("cannot read the file to upload: {error}"),
                })?;
            let file_hash = blake3::hash(&bytes).to_hex().to_string();
            let file_name = upload_name(&candidate.path);
            let slug = slug_for(&candidate.path, &item.content_hash);
            self.ledger
                .lock()
                .expect("ledger lock")
                .mark_pending(&item.content_hash, &slug)
                .map_err(ledger_failure)?;
            let result = self
                .upload_once(&file_name, candidate, &bytes, &item.fields, &slug)
                .await;
            match result {
                Ok(attachment) => {
                    outcome.attachment_id = Some(attachment.id);
                    outcome.format = Some(candidate.format_name().to_string());
                    outcome.note = fallback_note(
                        item,
                        candidate,
                        &self.target.upload_types,
                        self.target.wordpress_version.as_deref(),
                        &refused_here,
                    );
                    let entry = entry_for(
                        item,
                        &attachment,
                        Some((file_name, file_hash, candidate.mime_type.clone())),
                        metadata_hash(&item.fields),
                    );
                    return self.record(entry);
                }
                Err(WordPressError::TypeRefused { .. }) => {
                    refused_here.push(candidate.format_name().to_string());
                    self.refused_types
                        .lock()
                        .expect("types lock")
                        .insert(candidate.mime_type.clone());
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Uploads one file, retrying transient failures. A failed answer does not prove the upload
    /// failed (the site may have stored the file and then timed out), so before each retry the
    /// slug is looked up, and a file that did arrive is taken instead of sent twice.
    async fn upload_once(
        &self,
        file_name: &str,
        candidate: &Candidate,
        bytes: &[u8],
        fields: &MediaFields,
        slug: &str,
    ) -> Result<Attachment, WordPressError> {
        let client = &self.target.client;
        let mut wait = self.options.first_backoff;
        let mut tries = 0;
        loop {
            let result = client
                .upload(
                    file_name,
                    &candidate.mime_type,
                    bytes.to_vec(),
                    fields,
                    Some(slug),
                )
                .await;
            match result {
                Err(error) if error.is_transient() && tries < self.options.retries => {
                    tries += 1;
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    if let Ok(Some(arrived)) = client.attachment_by_slug(slug).await {
                        if !fields.is_empty() {
                            return with_retries(self.options, || {
                                client.update(arrived.id, fields)
                            })
                            .await;
                        }
                        return Ok(arrived);
                    }
                }
                result => return result,
            }
        }
    }

    fn record(&self, entry: LedgerEntry) -> Result<(), WordPressError> {
        self.ledger
            .lock()
            .expect("ledger lock")
            .record(entry)
            .map_err(ledger_failure)
    }
}

/// A ledger that cannot be written stops the item: uploading without recording would make the
/// next run upload it again.
fn ledger_failure(error: LedgerError) -> WordPressError {
    WordPressError::BadAnswer {
        url: "the local push ledger".into(),
        reason: error.to_string(),
    }
}

/// "WordPress 6.1.9" when the version is known, else "the site", for messages.
fn site_label(version: Option<&str>) -> String {
    match version {
        Some(version) => format!("WordPress {version}"),
        None => "the site".to_string(),
    }
}

/// Says why a better format than `sent` was not used: the site's version does not take it, or
/// the site refused it when tried.
fn fallback_note(
    item: &PushItem,
    sent: &Candidate,
    upload_types: &[String],
    version: Option<&str>,
    refused_here: &[String],
) -> Option<String> {
    let mut reasons = Vec::new();
    let not_accepted: Vec<&str> = item
        .candidates
        .iter()
        .take_while(|candidate| *candidate != sent)
        .filter(|candidate| !upload_types.contains(&candidate.mime_type))
        .map(Candidate::format_name)
        .collect();
    if !not_accepted.is_empty() {
        let site = site_label(version);
        reasons.push(format!(
            "{site} does not accept {}",
            not_accepted.join(" or ")
        ));
    }
    if !refused_here.is_empty() {
        reasons.push(format!("the site refused {}", refused_here.join(" and ")));
    }
    if reasons.is_empty() {
        return None;
    }
    Some(format!(
        "{}, so {} was sent",
        reasons.join("; "),
        sent.format_name()
    ))
}

/// The first candidate whose type the site takes and has not refused in this run.
fn choose_candidate<'item>(
    item: &'item PushItem,
    upload_types: &[String],
    refused: &BTreeSet<String>,
) -> Option<&'item Candidate> {
    item.candidates.iter().find(|candidate| {
        upload_types.contains(&candidate.mime_type) && !refused.contains(&candidate.mime_type)
    })
}

/// Runs `attempt` with the retries `options` allow (see [`Retry`]).
async fn with_retries<T, F, Fut>(options: &PushOptions, attempt: F) -> Result<T, WordPressError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, WordPressError>>,
{
    Retry {
        attempts: options.retries + 1,
        first_wait: options.first_backoff,
    }
    .run(attempt)
    .await
}

/// The ledger entry of an attachment. `file` is the uploaded file's name, hash and type, when
/// this run uploaded it; a recovered attachment takes them from the site.
fn entry_for(
    item: &PushItem,
    attachment: &Attachment,
    file: Option<(String, String, String)>,
    metadata_hash: String,
) -> LedgerEntry {
    let (file_name, file_hash, mime_type) = file.unwrap_or_else(|| {
        (
            attachment
                .source_url
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            String::new(),
            attachment.mime_type.clone(),
        )
    });
    LedgerEntry {
        content_hash: item.content_hash.clone(),
        attachment_id: attachment.id,
        file_name,
        file_hash,
        mime_type,
        metadata_hash,
        source_url: Some(attachment.source_url.clone()).filter(|url| !url.is_empty()),
        pushed_at: Timestamp::now(),
    }
}

/// BLAKE3 of the text an item sets, so a rerun can tell whether it changed.
pub fn metadata_hash(fields: &MediaFields) -> String {
    let text = serde_json::to_string(fields).expect("fields serialise");
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// The file name the site gets: the output's own name.
fn upload_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".to_string())
}

/// `red-bicycle-1a2b3c4d5e6f`: the file's stem as WordPress would write it, and the start of the
/// source's hash, so an interrupted upload can be found again and two images never share one.
pub fn slug_for(path: &std::path::Path, content_hash: &str) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut slug = String::new();
    for character in stem.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let hash = &content_hash[..content_hash.len().min(12)];
    if slug.is_empty() {
        format!("image-{hash}")
    } else {
        format!("{slug}-{hash}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::atomic::AtomicU32;

    fn failure(status: u16) -> WordPressError {
        WordPressError::Failed {
            url: "https://example.com".into(),
            status,
            code: String::new(),
            message: "busy".into(),
        }
    }

    #[tokio::test]
    async fn transient_failures_are_retried_and_others_are_not() {
        let options = PushOptions {
            first_backoff: Duration::from_millis(1),
            ..PushOptions::default()
        };
        let attempts = AtomicU32::new(0);
        let result = with_retries(&options, || async {
            if attempts.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(failure(503))
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(result.unwrap(), 7);
        assert_eq!(attempts.load(Ordering::SeqCst), 3);

        let attempts = AtomicU32::new(0);
        let result: Result<(), _> = with_retries(&options, || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(failure(400))
        })
        .await;
        assert!(result.is_err());
        assert_eq!(attempts.load(Ordering::SeqCst), 1, "a 400 is not retried");

        let attempts = AtomicU32::new(0);
        let result: Result<(), _> = with_retries(&options, || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(failure(502))
        })
        .await;
        assert!(result.is_err());
        assert_eq!(
            attempts.load(Ordering::SeqCst),
            4,
            "three retries, then give up"
        );
    }

    #[test]
    fn slugs_are_lowercase_words_and_the_hash() {
        assert_eq!(
            slug_for(Path::new("out/Red Bicycle_2.webp"), "0123456789abcdef"),
            "red-bicycle-2-0123456789ab"
        );
        assert_eq!(slug_for(Path::new("ü.jpg"), "ff"), "image-ff");
    }

    #[test]
    fn metadata_hashes_change_with_any_field() {
        let base = MediaFields {
            alt_text: Some("A cat".into()),
            ..MediaFields::default()
        };
        let mut changed = base.clone();
        changed.caption = Some("Whiskers".into());
        assert_ne!(metadata_hash(&base), metadata_hash(&changed));
        assert_eq!(metadata_hash(&base), metadata_hash(&base.clone()));
    }

    #[test]
    fn candidates_skip_types_the_site_refuses() {
        let item = PushItem {
            content_hash: "h".into(),
            display: "a.jpg".into(),
            candidates: vec![
                Candidate {
                    path: "a.avif".into(),
                    mime_type: "image/avif".into(),
                },
                Candidate {
                    path: "a.webp".into(),
                    mime_type: "image/webp".into(),
                },
                Candidate {
                    path: "a.jpg".into(),
                    mime_type: "image/jpeg".into(),
                },
            ],
            fields: MediaFields::default(),
        };
        let all = vec![
            "image/jpeg".to_string(),
            "image/webp".to_string(),
            "image/avif".to_string(),
        ];
        let none = BTreeSet::new();
        assert_eq!(
            choose_candidate(&item, &all, &none).unwrap().mime_type,
            "image/avif"
        );
        let old_site = vec!["image/jpeg".to_string(), "image/webp".to_string()];
        assert_eq!(
            choose_candidate(&item, &old_site, &none).unwrap().mime_type,
            "image/webp"
        );
        let refused: BTreeSet<String> = ["image/avif".to_string(), "image/webp".to_string()].into();
        assert_eq!(
            choose_candidate(&item, &all, &refused).unwrap().mime_type,
            "image/jpeg"
        );
    }
}
