//! Job history: the summaries the CLI reports after each run.

use altloom_shared::api::jobs::{Job, JobFailure, JobReport};
use altloom_shared::time::Timestamp;

use super::{signed, unsigned, Store, StoreError};
use crate::secrets::new_time_ordered_id;

#[derive(sqlx::FromRow)]
struct JobRow {
    id: String,
    workspace_id: String,
    reported_by: Option<String>,
    token_name: String,
    created_at: i64,
    tool_version: String,
    command: String,
    started_at: i64,
    duration_ms: i64,
    files: i64,
    succeeded: i64,
    unchanged: i64,
    failed: i64,
    outputs_written: i64,
    bytes_in: i64,
    bytes_out: i64,
    formats: String,
    failures: String,
    paths: Option<String>,
}

impl JobRow {
    fn into_job(self) -> Result<Job, StoreError> {
        let corrupt = |error: serde_json::Error| StoreError::Corrupt(error.to_string());
        Ok(Job {
            id: self.id,
            workspace_id: self.workspace_id,
            reported_by: self.reported_by,
            token_name: self.token_name,
            created_at: Timestamp(self.created_at),
            report: JobReport {
                tool_version: self.tool_version,
                command: self.command,
                started_at: Timestamp(self.started_at),
                duration_ms: unsigned(self.duration_ms),
                files: unsigned(self.files),
                succeeded: unsigned(self.succeeded),
                unchanged: unsigned(self.unchanged),
                failed: unsigned(self.failed),
                outputs_written: unsigned(self.outputs_written),
                bytes_in: unsigned(self.bytes_in),
                bytes_out: unsigned(self.bytes_out),
                formats: serde_json::from_str(&self.formats).map_err(corrupt)?,
                failures: serde_json::from_str::<Vec<JobFailure>>(&self.failures)
                    .map_err(corrupt)?,
                paths: self
                    .paths
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(corrupt)?,
            },
        })
    }
}

const JOB_COLUMNS: &str = "id, workspace_id, reported_by, token_name, created_at, tool_version, \
     command, started_at, duration_ms, files, succeeded, unchanged, failed, outputs_written, \
     bytes_in, bytes_out, formats, failures, paths";

/// Who reported a job.
pub struct JobReporter<'a> {
    pub user_id: Option<&'a str>,
    pub token_name: &'a str,
}

impl Store {
    /// Stores a validated job report.
    pub async fn insert_job(
        &self,
        workspace_id: &str,
        reporter: JobReporter<'_>,
        report: JobReport,
        now: Timestamp,
    ) -> Result<Job, StoreError> {
        let id = new_time_ordered_id("job");
        sqlx::query(&format!(
            "INSERT INTO jobs ({JOB_COLUMNS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
        ))
        .bind(&id)
        .bind(workspace_id)
        .bind(reporter.user_id)
        .bind(reporter.token_name)
        .bind(now.0)
        .bind(&report.tool_version)
        .bind(&report.command)
        .bind(report.started_at.0)
        .bind(signed(report.duration_ms))
        .bind(signed(report.files))
        .bind(signed(report.succeeded))
        .bind(signed(report.unchanged))
        .bind(signed(report.failed))
        .bind(signed(report.outputs_written))
        .bind(signed(report.bytes_in))
        .bind(signed(report.bytes_out))
        .bind(to_json(&report.formats))
        .bind(to_json(&report.failures))
        .bind(report.paths.as_ref().map(to_json))
        .execute(&self.pool)
        .await?;
        Ok(Job {
            id,
            workspace_id: workspace_id.to_string(),
            reported_by: reporter.user_id.map(str::to_string),
            token_name: reporter.token_name.to_string(),
            created_at: now,
            report,
        })
    }

    /// A page of a workspace's jobs, newest first, starting after the job `before` when given.
    /// Returns the jobs and the id to pass as `before` for the next page.
    pub async fn jobs(
        &self,
        workspace_id: &str,
        limit: u32,
        before: Option<&str>,
    ) -> Result<(Vec<Job>, Option<String>), StoreError> {
        let limit = i64::from(limit);
        let rows = match before {
            Some(before) => {
                sqlx::query_as::<_, JobRow>(&format!(
                    "SELECT {JOB_COLUMNS} FROM jobs j WHERE workspace_id = $1 AND EXISTS \
                     (SELECT 1 FROM jobs b WHERE b.id = $2 AND b.workspace_id = $1 AND \
                      (j.created_at < b.created_at OR \
                       (j.created_at = b.created_at AND j.id < b.id))) \
                     ORDER BY created_at DESC, id DESC LIMIT $3"
                ))
                .bind(workspace_id)
                .bind(before)
                .bind(limit + 1)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as::<_, JobRow>(&format!(
                    "SELECT {JOB_COLUMNS} FROM jobs WHERE workspace_id = $1 \
                     ORDER BY created_at DESC, id DESC LIMIT $2"
                ))
                .bind(workspace_id)
                .bind(limit + 1)
                .fetch_all(&self.pool)
                .await?
            }
        };
        let mut jobs = rows
            .into_iter()
            .map(JobRow::into_job)
            .collect::<Result<Vec<_>, _>>()?;
        let next = if jobs.len() as i64 > limit {
            jobs.truncate(limit as usize);
            jobs.last().map(|job| job.id.clone())
        } else {
            None
        };
        Ok((jobs, next))
    }

    /// One job of this workspace.
    pub async fn job(&self, workspace_id: &str, job_id: &str) -> Result<Option<Job>, StoreError> {
        sqlx::query_as::<_, JobRow>(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1 AND workspace_id = $2"
        ))
        .bind(job_id)
        .bind(workspace_id)
        .fetch_optional(&self.pool)
        .await?
        .map(JobRow::into_job)
        .transpose()
    }

    /// Jobs a user reported, for the data export.
    pub async fn jobs_reported_by(&self, user_id: &str) -> Result<Vec<Job>, StoreError> {
        sqlx::query_as::<_, JobRow>(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE reported_by = $1 ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(JobRow::into_job)
        .collect()
    }
}

/// Serialises a JSON column. The values are plain maps and lists of strings and numbers, which
/// always serialise.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}
