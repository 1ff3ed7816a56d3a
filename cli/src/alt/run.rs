//! Describing images, several at once: each task makes the downscaled copy on the blocking
//! pool, asks the model (through the account server or the user's own endpoint), retries a
//! busy or failing service with exponential backoff, and hands each outcome to the caller as it
//! arrives. A failure that concerns every image (no credits left, a rejected token, no model
//! configured) stops new work; one that concerns a single image only fails that image.

use std::cell::RefCell;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use altloom_shared::api::alt_text::{AltTextOptions, AltTextResult, ImagePayload, MetadataField};
use futures_util::StreamExt;

use crate::engine::alt_source::model_copy;

/// One image to describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub content_hash: String,
    pub path: PathBuf,
    /// The path as the metadata file records it.
    pub hint: String,
    /// The fields to ask for.
    pub fields: Vec<MetadataField>,
}

/// How far a failure reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// This image could not be described; the others may be.
    Image,
    /// The service is busy or failed for a moment: the same request may succeed later.
    Transient,
    /// Nothing else can succeed either (no credits, no access, no model): stop the run.
    Fatal,
}

/// Why an image was not described.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribeFailure {
    pub kind: FailureKind,
    pub message: String,
    /// How long the service asked us to wait, when it said.
    pub retry_after: Option<Duration>,
}

impl DescribeFailure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> DescribeFailure {
        DescribeFailure {
            kind,
            message: message.into(),
            retry_after: None,
        }
    }
}

/// Something that writes metadata for an image: the account server or a model endpoint.
pub trait Describe {
    /// Who answers, as part of the answer cache's key (answers from another model or another
    /// server are not reused).
    fn answerer(&self) -> String;

    /// Metadata for one downscaled image.
    fn describe(
        &self,
        image: &ImagePayload,
        options: &AltTextOptions,
    ) -> impl Future<Output = Result<AltTextResult, DescribeFailure>>;
}

/// How the tasks are run.
#[derive(Clone, Debug)]
pub struct RunSettings {
    /// Language, keywords, context and length; each task sets its own fields.
    pub options: AltTextOptions,
    /// Images in flight at once.
    pub concurrency: usize,
    /// Images with more pixels are refused before decoding.
    pub max_pixels: u64,
    /// Tries per image when the service is busy or failing (1: no retry).
    pub attempts: u32,
    /// The first wait before a retry; it doubles each time.
    pub first_backoff: Duration,
}

/// What became of one task.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskOutcome {
    Described(AltTextResult),
    Failed(String),
    /// The run stopped (Ctrl-C or a failure that concerns every image) before this task began.
    NotStarted,
}

/// How the run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunEnd {
    /// The failure that stopped the run, if one did.
    pub stopped: Option<String>,
    pub interrupted: bool,
}

/// Describes every task, at most `settings.concurrency` at once, and calls `on_outcome` for each
/// as it finishes (on the calling task, so the callback needs no locking).
pub async fn describe_all<D: Describe>(
    tasks: &[Task],
    describer: &D,
    settings: &RunSettings,
    cancel: &AtomicBool,
    mut on_outcome: impl FnMut(&Task, TaskOutcome),
) -> RunEnd {
    let stopped: RefCell<Option<String>> = RefCell::new(None);
    let stopped_reference = &stopped;
    let mut outcomes = futures_util::stream::iter(tasks)
        .map(|task| async move {
            if cancel.load(Ordering::Relaxed) || stopped_reference.borrow().is_some() {
                return (task, Err(None));
            }
            let result = describe_one(task, describer, settings, cancel).await;
            (task, result.map_err(Some))
        })
        .buffer_unordered(settings.concurrency.max(1));
    while let Some((task, result)) = outcomes.next().await {
        let outcome = match result {
            Ok(answer) => TaskOutcome::Described(answer),
            Err(None) => TaskOutcome::NotStarted,
            Err(Some(failure)) => {
                if failure.kind == FailureKind::Fatal {
                    stopped.borrow_mut().get_or_insert(failure.message.clone());
                }
                TaskOutcome::Failed(failure.message)
            }
        };
        on_outcome(task, outcome);
    }
    drop(outcomes);
    RunEnd {
        stopped: stopped.into_inner(),
        interrupted: cancel.load(Ordering::Relaxed),
    }
}

async fn describe_one<D: Describe>(
    task: &Task,
    describer: &D,
    settings: &RunSettings,
    cancel: &AtomicBool,
) -> Result<AltTextResult, DescribeFailure> {
    let path = task.path.clone();
    let hash = task.content_hash.clone();
    let max_pixels = settings.max_pixels;
    // Decoding and encoding are CPU work; the blocking pool keeps the requests of the other
    // tasks moving meanwhile.
    let image = tokio::task::spawn_blocking(move || model_copy(&path, &hash, max_pixels))
        .await
        .map_err(|error| DescribeFailure::new(FailureKind::Image, error.to_string()))?
        .map_err(|error| DescribeFailure::new(FailureKind::Image, error.to_string()))?;
    let options = AltTextOptions {
        fields: Some(task.fields.clone()),
        ..settings.options.clone()
    };
    let attempts = settings.attempts.max(1);
    let mut backoff = settings.first_backoff;
    for attempt in 1..=attempts {
        match describer.describe(&image, &options).await {
            Ok(answer) => return Ok(answer),
            Err(failure) if failure.kind == FailureKind::Transient => {
                if attempt == attempts || cancel.load(Ordering::Relaxed) {
                    return Err(DescribeFailure {
                        kind: FailureKind::Image,
                        message: format!("{} (after {attempts} tries)", failure.message),
                        retry_after: None,
                    });
                }
                tokio::time::sleep(failure.retry_after.unwrap_or(backoff)).await;
                backoff = backoff.saturating_mul(2);
            }
            Err(failure) => return Err(failure),
        }
    }
    unreachable!("the loop returns on its last attempt")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Answers from a script: one result per call, in order, and counts the calls in flight.
    struct Scripted {
        answers: RefCell<Vec<Result<AltTextResult, DescribeFailure>>>,
        calls: Cell<usize>,
        in_flight: Cell<usize>,
        most_in_flight: Cell<usize>,
    }

    impl Scripted {
        fn new(mut answers: Vec<Result<AltTextResult, DescribeFailure>>) -> Scripted {
            answers.reverse();
            Scripted {
                answers: RefCell::new(answers),
                calls: Cell::new(0),
                in_flight: Cell::new(0),
                most_in_flight: Cell::new(0),
            }
        }
    }

    impl Describe for Scripted {
        fn answerer(&self) -> String {
            "script".into()
        }

        async fn describe(
            &self,
            _image: &ImagePayload,
            options: &AltTextOptions,
        ) -> Result<AltTextResult, DescribeFailure> {
            assert!(options.fields.is_some());
            self.calls.set(self.calls.get() + 1);
            self.in_flight.set(self.in_flight.get() + 1);
            self.most_in_flight
                .set(self.most_in_flight.get().max(self.in_flight.get()));
            tokio::time::sleep(Duration::from_millis(20)).await;
            self.in_flight.set(self.in_flight.get() - 1);
            self.answers
                .borrow_mut()
                .pop()
                .unwrap_or_else(|| Ok(answer("default")))
        }
    }

    fn answer(alt: &str) -> AltTextResult {
        AltTextResult {
            alt_text: Some(alt.into()),
            ..AltTextResult::default()
        }
    }

    fn tasks(count: usize) -> (tempfile::TempDir, Vec<Task>) {
        let folder = tempfile::tempdir().unwrap();
        let image = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            4,
            4,
            image::Rgb([10, 20, 30]),
        ));
        let mut bytes = Vec::new();
        image
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        let hash = crate::engine::cache::content_hash(&bytes);
        let tasks = (0..count)
            .map(|index| {
                let path = folder.path().join(format!("{index}.png"));
                std::fs::write(&path, &bytes).unwrap();
                Task {
                    content_hash: hash.clone(),
                    path,
                    hint: format!("{index}.png"),
                    fields: vec![MetadataField::Alt],
                }
            })
            .collect();
        (folder, tasks)
    }

    fn settings(concurrency: usize) -> RunSettings {
        RunSettings {
            options: AltTextOptions::default(),
            concurrency,
            max_pixels: u64::MAX,
            attempts: 3,
            first_backoff: Duration::from_millis(1),
        }
    }

    fn run(
        tasks: &[Task],
        describer: &Scripted,
        settings: &RunSettings,
    ) -> (RunEnd, Vec<TaskOutcome>) {
        let cancel = AtomicBool::new(false);
        let mut outcomes = Vec::new();
        let end = crate::api::runtime().unwrap().block_on(describe_all(
            tasks,
            describer,
            settings,
            &cancel,
            |_, outcome| outcomes.push(outcome),
        ));
        (end, outcomes)
    }

    #[test]
    fn concurrency_is_bounded_and_busy_answers_are_retried() {
        let (_folder, tasks) = tasks(6);
        let busy = DescribeFailure::new(FailureKind::Transient, "busy");
        let describer = Scripted::new(vec![Err(busy.clone()), Err(busy)]);
        let (end, outcomes) = run(&tasks, &describer, &settings(2));
        assert_eq!(end, RunEnd::default());
        assert_eq!(outcomes.len(), 6);
        assert!(outcomes
            .iter()
            .all(|outcome| matches!(outcome, TaskOutcome::Described(_))));
        assert_eq!(describer.calls.get(), 8);
        assert_eq!(describer.most_in_flight.get(), 2);
    }

    #[test]
    fn an_image_failure_fails_one_and_a_fatal_one_stops_the_rest() {
        let (_folder, tasks) = tasks(5);
        let describer = Scripted::new(vec![
            Err(DescribeFailure::new(FailureKind::Image, "refused")),
            Ok(answer("second")),
            Err(DescribeFailure::new(FailureKind::Fatal, "no credits")),
        ]);
        let (end, outcomes) = run(&tasks, &describer, &settings(1));
        assert_eq!(end.stopped.as_deref(), Some("no credits"));
        assert_eq!(outcomes[0], TaskOutcome::Failed("refused".into()));
        assert_eq!(outcomes[1], TaskOutcome::Described(answer("second")));
        assert_eq!(outcomes[2], TaskOutcome::Failed("no credits".into()));
        assert_eq!(
            outcomes[3..],
            [TaskOutcome::NotStarted, TaskOutcome::NotStarted]
        );
        assert_eq!(describer.calls.get(), 3);
    }

    #[test]
    fn a_service_that_stays_busy_fails_the_image_after_the_last_try() {
        let (_folder, tasks) = tasks(1);
        let busy = DescribeFailure::new(FailureKind::Transient, "busy");
        let describer = Scripted::new(vec![Err(busy.clone()), Err(busy.clone()), Err(busy)]);
        let (end, outcomes) = run(&tasks, &describer, &settings(1));
        assert_eq!(end.stopped, None);
        assert_eq!(
            outcomes,
            [TaskOutcome::Failed("busy (after 3 tries)".into())]
        );
    }
}
