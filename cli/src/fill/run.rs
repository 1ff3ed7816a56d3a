//! One fill of a site, 25 images at a time so a long run keeps what it has done when it stops:
//! download the chosen rendition of each into a temporary folder, take answers from the answer
//! cache where it has them (free; an answer asked for more fields serves too, so a decorative
//! image, whose alt text stays empty and is chosen again, costs nothing the second time),
//! describe the rest with the AI metadata machinery (images with identical bytes are described
//! once), then write the text to the site, reading each attachment again first
//! ([`super::write`]), or add it to the review file and save that. The temporary copies are
//! removed as soon as their group is done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use altloom_shared::api::alt_text::{AltTextResult, MetadataField};
use altloom_shared::wordpress::{WordPressClient, WordPressError};
use futures_util::StreamExt;

use super::review_file::{self, ReviewFile};
use super::select::Candidate;
use super::write::{display, write_proposals, Proposal, WriteOptions, WriteOutcome, WritePlan};
use super::Retry;
use crate::alt::cache::AnswerCache;
use crate::alt::run::{describe_all, Describe, RunSettings, Task, TaskOutcome};
use crate::engine::cache::content_hash;

/// Images handled together: downloaded, described, then written.
const GROUP_SIZE: usize = 25;

/// How a fill behaves.
#[derive(Clone, Debug)]
pub struct FillSettings {
    /// How the model is asked (options, concurrency, retries).
    pub describe: RunSettings,
    /// Who answers, for the answer cache's key.
    pub answerer: String,
    /// Ask the model again even when the answer cache has an answer.
    pub refresh: bool,
    /// Replace text on the site.
    pub overwrite: bool,
    /// At most this many images are sent to the model (what the credits allow).
    pub allowed: usize,
    /// Downloads and updates in flight at once.
    pub site_concurrency: usize,
    pub retry: Retry,
}

/// Where the text goes.
pub enum Destination {
    /// Straight onto the site.
    Site,
    /// Into a review file, saved after every group.
    Review { path: PathBuf, file: ReviewFile },
}

/// What became of one image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Written to the site: the plan says which fields were written and which were kept
    /// because text appeared on the site after the listing.
    Written(WritePlan),
    /// Added to the review file.
    Proposed,
    /// Deleted from the site after the listing.
    Gone,
    Failed(String),
    /// Not tried: the run stopped first.
    NotStarted,
    /// The credits did not cover it (`--allow-partial`).
    LeftForCredits,
}

/// One image's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemOutcome {
    pub id: u64,
    pub file: String,
    pub action: Action,
    /// The text the model proposed, when it answered.
    pub proposal: Option<Proposal>,
    /// True when the answer came from the answer cache: no model call, no credit.
    pub from_earlier_answer: bool,
}

impl ItemOutcome {
    /// `#12 boats.jpg`.
    pub fn display(&self) -> String {
        display(self.id, &self.file)
    }
}

/// Told about each image as its group finishes, in the order of the candidates.
pub trait FillProgress {
    fn item_done(&self, outcome: &ItemOutcome);
}

/// What a fill did.
#[derive(Debug, Default)]
pub struct FillSummary {
    pub outcomes: Vec<ItemOutcome>,
    /// Images the model described in this run.
    pub described: usize,
    pub credits: u64,
    /// Why the run stopped early, when a failure concerned every image.
    pub stopped: Option<String>,
    pub interrupted: bool,
}

impl FillSummary {
    pub fn count(&self, wanted: impl Fn(&Action) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| wanted(&outcome.action))
            .count()
    }
}

/// A rendition on disk.
struct Downloaded {
    path: PathBuf,
    content_hash: String,
}

/// Where an image's answer comes from, within a group.
enum Answer {
    Ready(AltTextResult, bool),
    /// The model's answer for this cache key, once it arrives.
    Awaited(String),
    Failed(String),
    LeftForCredits,
}

/// Fills `candidates` on the site of `client`, sending them to `describer`.
#[allow(clippy::too_many_arguments)]
pub async fn fill<D: Describe>(
    client: &WordPressClient,
    candidates: &[Candidate],
    describer: &D,
    settings: &FillSettings,
    cache: &mut AnswerCache,
    destination: &mut Destination,
    progress: &dyn FillProgress,
    cancel: &AtomicBool,
) -> FillSummary {
    let mut summary = FillSummary::default();
    let folder = match tempfile::Builder::new().prefix("altloom-fill-").tempdir() {
        Ok(folder) => folder,
        Err(error) => {
            summary.stopped = Some(format!("cannot make a temporary folder: {error}"));
            report_all(candidates, Action::NotStarted, progress, &mut summary);
            return summary;
        }
    };
    let mut calls_left = settings.allowed;
    for group in candidates.chunks(GROUP_SIZE) {
        if summary.stopped.is_some() || cancel.load(Ordering::Relaxed) {
            report_all(group, Action::NotStarted, progress, &mut summary);
            continue;
        }
        let outcomes = fill_group(
            client,
            group,
            describer,
            settings,
            cache,
            destination,
            folder.path(),
            &mut calls_left,
            cancel,
            &mut summary,
        )
        .await;
        for outcome in outcomes {
            progress.item_done(&outcome);
            summary.outcomes.push(outcome);
        }
    }
    summary.interrupted = cancel.load(Ordering::Relaxed);
    summary
}

fn report_all(
    candidates: &[Candidate],
    action: Action,
    progress: &dyn FillProgress,
    summary: &mut FillSummary,
) {
    for candidate in candidates {
        let outcome = ItemOutcome {
            id: candidate.id,
            file: candidate.file.clone(),
            action: action.clone(),
            proposal: None,
            from_earlier_answer: false,
        };
        progress.item_done(&outcome);
        summary.outcomes.push(outcome);
    }
}

#[allow(clippy::too_many_arguments)]
async fn fill_group<D: Describe>(
    client: &WordPressClient,
    group: &[Candidate],
    describer: &D,
    settings: &FillSettings,
    cache: &mut AnswerCache,
    destination: &mut Destination,
    folder: &Path,
    calls_left: &mut usize,
    cancel: &AtomicBool,
    summary: &mut FillSummary,
) -> Vec<ItemOutcome> {
    let downloads: Vec<Result<Downloaded, WordPressError>> = futures_util::stream::iter(group)
        .map(|candidate| download(client, candidate, folder, settings.retry))
        .buffered(settings.site_concurrency.max(1))
        .collect()
        .await;
    if let Some(error) = downloads
        .iter()
        .filter_map(|download| download.as_ref().err())
        .find(|error| matches!(error, WordPressError::Unreachable { .. }))
    {
        // Tried several times already: the site (or its CDN) is down, and every other
        // download would fail the same way, slowly.
        summary.stopped = Some(error.to_string());
    }

    // Answers from the cache, or tasks for the model, one per distinct question.
    let mut answers = Vec::with_capacity(group.len());
    let mut tasks: Vec<Task> = Vec::new();
    for (candidate, download) in group.iter().zip(&downloads) {
        let downloaded = match download {
            Ok(downloaded) => downloaded,
            Err(error) => {
                answers.push(Answer::Failed(error.to_string()));
                continue;
            }
        };
        let key = AnswerCache::key(
            &downloaded.content_hash,
            &candidate.fields,
            &settings.describe.options,
            &settings.answerer,
        );
        let cached = (!settings.refresh)
            .then(|| {
                cache.covering(
                    &downloaded.content_hash,
                    &candidate.fields,
                    &settings.describe.options,
                    &settings.answerer,
                )
            })
            .flatten();
        if let Some(answer) = cached {
            answers.push(Answer::Ready(answer, true));
        } else if tasks.iter().any(|task| task_key(task, settings) == key) {
            answers.push(Answer::Awaited(key));
        } else if *calls_left == 0 {
            answers.push(Answer::LeftForCredits);
        } else {
            *calls_left -= 1;
            tasks.push(Task {
                content_hash: downloaded.content_hash.clone(),
                path: downloaded.path.clone(),
                hint: candidate.display(),
                fields: candidate.fields.clone(),
            });
            answers.push(Answer::Awaited(key));
        }
    }

    let mut received: HashMap<String, TaskOutcome> = HashMap::new();
    if !tasks.is_empty() && summary.stopped.is_none() {
        let end = describe_all(
            &tasks,
            describer,
            &settings.describe,
            cancel,
            |task, outcome| {
                let key = task_key(task, settings);
                if let TaskOutcome::Described(answer) = &outcome {
                    summary.described += 1;
                    summary.credits += answer.credits_used;
                    cache.insert(key.clone(), answer.clone());
                }
                received.insert(key, outcome);
            },
        )
        .await;
        if end.stopped.is_some() {
            summary.stopped = end.stopped;
        }
    }
    for downloaded in downloads.iter().flatten() {
        let _ = std::fs::remove_file(&downloaded.path);
    }

    let mut outcomes: Vec<ItemOutcome> = Vec::with_capacity(group.len());
    let mut proposals: Vec<(usize, Proposal)> = Vec::new();
    for (candidate, answer) in group.iter().zip(answers) {
        let (action, from_earlier_answer) = match answer {
            Answer::Ready(answer, from_cache) => {
                proposals.push((outcomes.len(), proposal_for(candidate, &answer)));
                (Action::Proposed, from_cache)
            }
            Answer::Awaited(key) => match received.get(&key) {
                Some(TaskOutcome::Described(answer)) => {
                    proposals.push((outcomes.len(), proposal_for(candidate, answer)));
                    (Action::Proposed, false)
                }
                Some(TaskOutcome::Failed(reason)) => (Action::Failed(reason.clone()), false),
                Some(TaskOutcome::NotStarted) | None => (Action::NotStarted, false),
            },
            Answer::Failed(reason) => (Action::Failed(reason), false),
            Answer::LeftForCredits => (Action::LeftForCredits, false),
        };
        outcomes.push(ItemOutcome {
            id: candidate.id,
            file: candidate.file.clone(),
            action,
            proposal: None,
            from_earlier_answer,
        });
    }
    for (index, proposal) in &proposals {
        outcomes[*index].proposal = Some(proposal.clone());
    }
    if proposals.is_empty() {
        return outcomes;
    }

    match destination {
        Destination::Site => {
            let only: Vec<Proposal> = proposals
                .iter()
                .map(|(_, proposal)| proposal.clone())
                .collect();
            let options = WriteOptions {
                overwrite: settings.overwrite,
                dry_run: false,
                concurrency: settings.site_concurrency,
                retry: settings.retry,
            };
            // What was paid for is written even after Ctrl-C: the writes are quick, and a
            // second Ctrl-C still ends the process at once.
            let keep_going = AtomicBool::new(false);
            let mut written = Vec::with_capacity(only.len());
            let stopped = write_proposals(client, &only, &options, &keep_going, |_, outcome| {
                written.push(outcome)
            })
            .await;
            for ((index, _), outcome) in proposals.iter().zip(written) {
                outcomes[*index].action = match outcome {
                    WriteOutcome::Done(plan) => Action::Written(plan),
                    WriteOutcome::Gone => Action::Gone,
                    WriteOutcome::Failed(reason) => Action::Failed(reason),
                    WriteOutcome::NotStarted => Action::NotStarted,
                };
            }
            if stopped.is_some() {
                summary.stopped = stopped;
            }
        }
        Destination::Review { path, file } => {
            file.items
                .extend(proposals.iter().map(|(_, proposal)| proposal.clone()));
            if let Err(error) = review_file::save(path, file) {
                // The answers are in the answer cache, so a run to another file gets them free.
                let reason = error.to_string();
                for (index, _) in &proposals {
                    outcomes[*index].action = Action::Failed(reason.clone());
                }
                summary.stopped = Some(reason);
            }
        }
    }
    outcomes
}

/// The answer cache's key of a task's question.
fn task_key(task: &Task, settings: &FillSettings) -> String {
    AnswerCache::key(
        &task.content_hash,
        &task.fields,
        &settings.describe.options,
        &settings.answerer,
    )
}

/// Downloads the candidate's rendition into `folder` and hashes it.
async fn download(
    client: &WordPressClient,
    candidate: &Candidate,
    folder: &Path,
    retry: Retry,
) -> Result<Downloaded, WordPressError> {
    let bytes = retry
        .run(|| client.download(&candidate.rendition_url))
        .await?;
    let path = folder.join(candidate.id.to_string());
    let target = path.clone();
    // Hashing and writing a large file are blocking work; the blocking pool keeps the other
    // downloads moving meanwhile.
    let hashed = tokio::task::spawn_blocking(move || {
        let content_hash = content_hash(&bytes);
        std::fs::write(&target, &bytes).map(|()| content_hash)
    })
    .await;
    let local_failure = |reason: String| WordPressError::BadAnswer {
        url: candidate.rendition_url.clone(),
        reason: format!("the download could not be kept in a temporary file ({reason})"),
    };
    match hashed {
        Ok(Ok(content_hash)) => Ok(Downloaded { path, content_hash }),
        Ok(Err(error)) => Err(local_failure(error.to_string())),
        Err(error) => Err(local_failure(error.to_string())),
    }
}

/// The model's answer as text for the candidate's fields only (a model may volunteer others).
fn proposal_for(candidate: &Candidate, answer: &AltTextResult) -> Proposal {
    let asked = |field: MetadataField, text: &Option<String>| {
        text.clone()
            .filter(|text| candidate.fields.contains(&field) && !text.trim().is_empty())
    };
    Proposal {
        id: candidate.id,
        file: candidate.file.clone(),
        image_url: candidate.image_url.clone(),
        alt_text: asked(MetadataField::Alt, &answer.alt_text),
        title: asked(MetadataField::Title, &answer.title),
        caption: asked(MetadataField::Caption, &answer.caption),
        description: asked(MetadataField::Description, &answer.description),
        decorative: candidate.fields.contains(&MetadataField::Alt) && answer.decorative,
        model: Some(answer.model.clone()).filter(|model| !model.is_empty()),
        language: Some(answer.language.clone()).filter(|language| !language.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_holds_only_the_fields_asked_for() {
        let candidate = Candidate {
            id: 9,
            file: "boats.jpg".into(),
            image_url: "https://example.com/boats.jpg".into(),
            rendition_url: "https://example.com/boats-1024x683.jpg".into(),
            fields: vec![MetadataField::Alt, MetadataField::Caption],
        };
        let answer = AltTextResult {
            alt_text: Some("Boats on a lake".into()),
            title: Some("Boats".into()),
            caption: Some("  ".into()),
            model: "m".into(),
            ..AltTextResult::default()
        };
        let proposal = proposal_for(&candidate, &answer);
        assert_eq!(proposal.alt_text.as_deref(), Some("Boats on a lake"));
        assert_eq!(proposal.title, None, "not asked for");
        assert_eq!(proposal.caption, None, "blank");
        assert_eq!(proposal.model.as_deref(), Some("m"));
        assert_eq!(proposal.language, None);
        assert_eq!(proposal.display(), "#9 boats.jpg");
    }
}
