//! The job report sent after `altloom optimize`: a summary of the run (counts, bytes, outputs
//! per format, duration, failure reasons) for the workspace's job history. It never carries
//! image content, and carries file paths only with `--report-paths`; without it, paths are
//! also taken out of failure reasons. Everything is trimmed to the server's limits first.

use std::collections::BTreeMap;
use std::path::Path;

use thiserror::Error;

use altloom_shared::api::jobs::{limits, Job, JobFailure, JobReport};
use altloom_shared::report::{FileStatus, OptimizeReport, OutputStatus};
use altloom_shared::time::Timestamp;

use crate::account::{Account, AccountError, ChosenWorkspace};
use crate::api::{self, ApiError, Timeouts};

/// What stands in for a path taken out of a failure reason.
pub const PATH_PLACEHOLDER: &str = "<path>";

/// Why a job could not be reported.
#[derive(Debug, Error)]
pub enum JobReportError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("the server did not answer within {0} s")]
    TimedOut(u64),
    #[error("cannot start the network runtime: {0}")]
    Runtime(String),
}

/// Builds the job report of a finished run. `started_at` is when the run began;
/// `current_folder` makes reported paths relative when they are inside it.
pub fn build(
    report: &OptimizeReport,
    started_at: Timestamp,
    include_paths: bool,
    current_folder: Option<&Path>,
) -> JobReport {
    let summary = &report.summary;
    let mut formats: BTreeMap<String, u64> = BTreeMap::new();
    for output in report.files.iter().flat_map(|file| &file.outputs) {
        if matches!(
            output.status,
            OutputStatus::Written | OutputStatus::AlreadyOptimal
        ) {
            *formats.entry(output.format.clone()).or_default() += 1;
        }
    }
    // Keep the most used formats when there are more than the server accepts.
    if formats.len() > limits::MAX_FORMATS {
        let mut by_count: Vec<(String, u64)> = formats.into_iter().collect();
        by_count.sort_by(|first, second| second.1.cmp(&first.1).then(first.0.cmp(&second.0)));
        by_count.truncate(limits::MAX_FORMATS);
        formats = by_count.into_iter().collect();
    }
    let shown_path = |path: &str| trim_text(&relative_path(path, current_folder));
    let known_paths = known_paths(report);
    let failures = report
        .files
        .iter()
        .filter(|file| file.status == FileStatus::Failed)
        .take(limits::MAX_FAILURES)
        .map(|file| {
            let reason = file.error.as_deref().unwrap_or("unknown error");
            let reason = if include_paths {
                reason.to_string()
            } else {
                redact_paths(reason, &known_paths)
            };
            JobFailure {
                reason: trim_text(&reason),
                path: include_paths.then(|| shown_path(&file.path)),
            }
        })
        .collect();
    let paths = include_paths.then(|| {
        report
            .files
            .iter()
            .take(limits::MAX_PATHS)
            .map(|file| shown_path(&file.path))
            .collect()
    });
    JobReport {
        tool_version: report.tool_version.clone(),
        command: "optimize".into(),
        started_at,
        duration_ms: (summary.elapsed_seconds * 1000.0).round().max(0.0) as u64,
        files: summary.files as u64,
        succeeded: summary.succeeded as u64,
        unchanged: summary.unchanged as u64,
        failed: summary.failed as u64,
        outputs_written: summary.outputs_written as u64,
        bytes_in: summary.bytes_in,
        bytes_out: summary.bytes_out,
        formats,
        failures,
        paths,
    }
}

/// Sends `job` to the workspace of the current login or `ALTLOOM_TOKEN`, within the short
/// job-report time limit. Answers `None` without a word when there is no token at all.
pub fn send(
    account: &Account,
    job: &JobReport,
) -> Result<Option<(Job, ChosenWorkspace)>, JobReportError> {
    // Checked before starting a runtime, so runs without an account cost nothing.
    if account.token()?.is_none() {
        return Ok(None);
    }
    let client = account.client(Timeouts::JOB_REPORT)?;
    let runtime = api::runtime().map_err(|error| JobReportError::Runtime(error.to_string()))?;
    let limit = Timeouts::JOB_REPORT.total;
    runtime.block_on(async {
        let work = async {
            let workspace = account.workspace(&client).await?;
            let stored = client.report_job(&workspace.id, job).await?;
            Ok::<_, JobReportError>(Some((stored, workspace)))
        };
        // One limit for the whole exchange, which may take two requests.
        tokio::time::timeout(limit, work)
            .await
            .map_err(|_| JobReportError::TimedOut(limit.as_secs()))?
    })
}

/// Every path the report names (inputs and outputs) and the folders holding them, longest
/// first so that a path is replaced before the folder it sits in.
fn known_paths(report: &OptimizeReport) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for file in &report.files {
        paths.push(file.path.clone());
        paths.extend(file.outputs.iter().map(|output| output.path.clone()));
    }
    let folders: Vec<String> = paths
        .iter()
        .filter_map(|path| Path::new(path).parent())
        .map(|folder| folder.display().to_string())
        .filter(|folder| folder.len() > 1)
        .collect();
    paths.extend(folders);
    paths.sort_by_key(|path| std::cmp::Reverse(path.len()));
    paths.dedup();
    paths
}

/// Takes paths out of a failure reason: every known path, then anything else that looks like
/// an absolute path (a word starting with `/`, or a drive letter and `\`).
pub fn redact_paths(reason: &str, known_paths: &[String]) -> String {
    let mut text = reason.to_string();
    for path in known_paths.iter().filter(|path| !path.is_empty()) {
        text = text.replace(path.as_str(), PATH_PLACEHOLDER);
    }
    let mut redacted = String::with_capacity(text.len());
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            redacted.push(' ');
        }
        let inner = word.trim_start_matches(['(', '`', '\'', '"']);
        let prefix = &word[..word.len() - inner.len()];
        let looks_like_path = inner.starts_with('/')
            || inner.starts_with(&format!("{PATH_PLACEHOLDER}/"))
            || (inner.len() > 2 && inner.as_bytes()[1] == b':' && inner.as_bytes()[2] == b'\\');
        if looks_like_path && inner.len() > 1 {
            let kept_end = inner.trim_end_matches([':', ',', ';', ')', '`', '\'', '"']);
            redacted.push_str(prefix);
            redacted.push_str(PATH_PLACEHOLDER);
            redacted.push_str(&inner[kept_end.len()..]);
        } else {
            redacted.push_str(word);
        }
    }
    redacted
}

fn relative_path(path: &str, current_folder: Option<&Path>) -> String {
    current_folder
        .and_then(|folder| Path::new(path).strip_prefix(folder).ok())
        .map(|relative| relative.display().to_string())
        .unwrap_or_else(|| path.to_string())
}

/// Cuts text to the server's length limit, on a character boundary, marking the cut.
pub fn trim_text(text: &str) -> String {
    if text.len() <= limits::MAX_TEXT_BYTES {
        return text.to_string();
    }
    let marker = "…";
    let mut end = limits::MAX_TEXT_BYTES - marker.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{marker}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::report::{
        FileReport, MetadataReport, OutputReport, Summary, REPORT_SCHEMA_VERSION,
    };

    fn output(path: &str, format: &str, status: OutputStatus) -> OutputReport {
        OutputReport {
            path: path.into(),
            format: format.into(),
            width: 10,
            height: 10,
            bytes: 100,
            status,
            full_size: true,
            same_format: format == "jpeg",
            note: None,
            target: None,
        }
    }

    fn file(path: &str, status: FileStatus, error: Option<String>) -> FileReport {
        FileReport {
            path: path.into(),
            content_hash: "00".into(),
            format: Some("jpeg".into()),
            width: Some(10),
            height: Some(10),
            bytes: 200,
            status,
            outputs: Vec::new(),
            metadata: MetadataReport::default(),
            colour: None,
            warnings: Vec::new(),
            error,
        }
    }

    fn report(files: Vec<FileReport>) -> OptimizeReport {
        OptimizeReport {
            schema_version: REPORT_SCHEMA_VERSION,
            tool_version: "0.1.0".into(),
            dry_run: false,
            output_folder: None,
            summary: Summary {
                files: files.len(),
                succeeded: 1,
                failed: files.len() - 1,
                unchanged: 0,
                outputs_written: 2,
                bytes_in: 200,
                bytes_out: 100,
                bytes_written: 200,
                saved_percent: 50.0,
                elapsed_seconds: 1.2345,
            },
            files,
            check: None,
        }
    }

    fn sample() -> OptimizeReport {
        let mut good = file("/home/ana/site/images/cat.jpg", FileStatus::Optimized, None);
        good.outputs = vec![
            output("/home/ana/site/out/cat.jpg", "jpeg", OutputStatus::Written),
            output("/home/ana/site/out/cat.webp", "webp", OutputStatus::Written),
            output(
                "/home/ana/site/out/cat-480w.webp",
                "webp",
                OutputStatus::Skipped,
            ),
        ];
        let bad = file(
            "/home/ana/site/images/secret plans.jpg",
            FileStatus::Failed,
            Some("cannot write /home/ana/site/out/.altloom-tmp-x1: disk full".into()),
        );
        let collision = file(
            "/home/ana/site/images/dog.png",
            FileStatus::Failed,
            Some("its outputs would overwrite those of /home/ana/site/images/secret plans.jpg (same name, another extension); rename one of them".into()),
        );
        report(vec![good, bad, collision])
    }

    #[test]
    fn counts_bytes_formats_and_duration_come_from_the_run() {
        let job = build(&sample(), Timestamp(1_000), false, None);
        assert_eq!(job.command, "optimize");
        assert_eq!(job.tool_version, "0.1.0");
        assert_eq!(job.started_at, Timestamp(1_000));
        assert_eq!((job.files, job.succeeded, job.failed), (3, 1, 2));
        assert_eq!(
            (job.bytes_in, job.bytes_out, job.outputs_written),
            (200, 100, 2)
        );
        assert_eq!(job.duration_ms, 1_235);
        assert_eq!(job.formats.get("jpeg"), Some(&1));
        assert_eq!(
            job.formats.get("webp"),
            Some(&1),
            "skipped outputs do not count"
        );
        assert_eq!(job.failures.len(), 2);
    }

    #[test]
    fn without_report_paths_no_path_leaves_the_machine() {
        let job = build(&sample(), Timestamp(0), false, None);
        assert!(job.paths.is_none());
        assert!(job.failures.iter().all(|failure| failure.path.is_none()));
        let json = serde_json::to_string(&job).unwrap();
        assert!(!json.contains("/home/ana"), "{json}");
        assert!(!json.contains("secret plans"), "{json}");
        assert!(!json.contains("paths"), "{json}");
        assert_eq!(job.failures[0].reason, "cannot write <path>: disk full");
        assert!(
            job.failures[1]
                .reason
                .starts_with("its outputs would overwrite those of <path> (same name"),
            "{}",
            job.failures[1].reason
        );
    }

    #[test]
    fn with_report_paths_paths_are_sent_relative_to_the_current_folder() {
        let job = build(
            &sample(),
            Timestamp(0),
            true,
            Some(Path::new("/home/ana/site")),
        );
        assert_eq!(
            job.paths.as_deref().unwrap(),
            [
                "images/cat.jpg",
                "images/secret plans.jpg",
                "images/dog.png"
            ]
        );
        assert_eq!(
            job.failures[0].path.as_deref(),
            Some("images/secret plans.jpg")
        );
        assert!(job.failures[0].reason.contains("/home/ana/site/out"));
    }

    #[test]
    fn reports_are_trimmed_to_the_server_limits() {
        let mut files = vec![file("/a/ok.jpg", FileStatus::Optimized, None)];
        let long_reason = "é".repeat(limits::MAX_TEXT_BYTES);
        for index in 0..limits::MAX_FAILURES + 5 {
            files.push(file(
                &format!("/a/{index}.jpg"),
                FileStatus::Failed,
                Some(long_reason.clone()),
            ));
        }
        let mut run = report(files);
        run.files[0].outputs = (0..limits::MAX_FORMATS + 3)
            .map(|index| output("/a/x", &format!("format{index:02}"), OutputStatus::Written))
            .collect();
        let job = build(&run, Timestamp(0), true, None);
        assert_eq!(job.failures.len(), limits::MAX_FAILURES);
        assert_eq!(job.formats.len(), limits::MAX_FORMATS);
        for failure in &job.failures {
            assert!(failure.reason.len() <= limits::MAX_TEXT_BYTES);
            assert!(failure.reason.ends_with('…'));
        }
        let long_path = format!("/{}", "p".repeat(limits::MAX_TEXT_BYTES * 2));
        let mut run = report(vec![file(&long_path, FileStatus::Optimized, None)]);
        run.files.extend(
            (0..limits::MAX_PATHS + 1)
                .map(|index| file(&format!("/b/{index}.jpg"), FileStatus::Optimized, None)),
        );
        let job = build(&run, Timestamp(0), true, None);
        let paths = job.paths.unwrap();
        assert_eq!(paths.len(), limits::MAX_PATHS);
        assert!(paths[0].len() <= limits::MAX_TEXT_BYTES);
    }

    #[test]
    fn unknown_absolute_paths_are_redacted_too() {
        assert_eq!(
            redact_paths("cannot open `/tmp/x/y.jpg`: denied", &[]),
            "cannot open `<path>`: denied"
        );
        assert_eq!(
            redact_paths(r"cannot write C:\Users\ana\a.jpg, sorry", &[]),
            "cannot write <path>, sorry"
        );
        assert_eq!(redact_paths("ratio 1/2 kept", &[]), "ratio 1/2 kept");
    }
}
