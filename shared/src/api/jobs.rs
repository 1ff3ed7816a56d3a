//! Job history: `POST|GET /v1/workspaces/{workspace}/jobs`,
//! `GET /v1/workspaces/{workspace}/jobs/{job}`.
//!
//! A job is the summary of one `altloom optimize` run: counts, bytes, formats, duration and
//! failure reasons. It never carries image content, and carries file names only when the user
//! asked for it with `--report-paths`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Limits the server enforces on a job report, shared so the CLI can trim before sending.
pub mod limits {
    /// Most failure entries kept per job.
    pub const MAX_FAILURES: usize = 1_000;
    /// Most paths kept per job.
    pub const MAX_PATHS: usize = 10_000;
    /// Longest path or failure reason, in bytes.
    pub const MAX_TEXT_BYTES: usize = 1_024;
    /// Most distinct output formats.
    pub const MAX_FORMATS: usize = 16;
}

/// `POST /v1/workspaces/{workspace}/jobs`: what the CLI reports after a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobReport {
    /// The CLI's version.
    pub tool_version: String,
    /// `optimize` for now; later commands report their own kind.
    pub command: String,
    pub started_at: Timestamp,
    pub duration_ms: u64,
    pub files: u64,
    pub succeeded: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub outputs_written: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Outputs written per format (`jpeg`, `png`, `webp`, `avif`).
    #[serde(default)]
    pub formats: BTreeMap<String, u64>,
    /// Why files failed; `path` only with `--report-paths`.
    #[serde(default)]
    pub failures: Vec<JobFailure>,
    /// The input paths, only with `--report-paths`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
}

/// One failed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobFailure {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A stored job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    pub id: String,
    pub workspace_id: String,
    /// The user who ran it, or who created the workspace token that reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    /// The name of the token that reported it (for example `ci-main`).
    pub token_name: String,
    pub created_at: Timestamp,
    #[serde(flatten)]
    pub report: JobReport,
}

/// `GET /v1/workspaces/{workspace}/jobs?limit=N&before=JOB_ID`, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobList {
    pub jobs: Vec<Job>,
    /// Pass as `before` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
}
