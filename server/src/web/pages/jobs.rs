//! A workspace's job history: what each reported run did, newest first, a page at a time.

use altloom_shared::api::jobs::Job;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

use crate::http::handlers::jobs;
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::layout::{html, size, when, workspace_layout, Layout};
use crate::web::session::SignedIn;

/// Jobs per page.
const PAGE_SIZE: u32 = 50;

/// A job as listed.
struct JobRow {
    when: String,
    command: String,
    reported_by: String,
    files: u64,
    succeeded: u64,
    unchanged: u64,
    failed: u64,
    bytes_in: String,
    bytes_out: String,
    saved: String,
}

impl JobRow {
    fn new(job: &Job) -> JobRow {
        let report = &job.report;
        let saved = if report.bytes_in == 0 {
            "–".to_string()
        } else {
            let ratio = 1.0 - report.bytes_out as f64 / report.bytes_in as f64;
            format!("{:.1} %", ratio * 100.0)
        };
        JobRow {
            when: when(&job.created_at),
            command: report.command.clone(),
            reported_by: job.token_name.clone(),
            files: report.files,
            succeeded: report.succeeded,
            unchanged: report.unchanged,
            failed: report.failed,
            bytes_in: size(&report.bytes_in),
            bytes_out: size(&report.bytes_out),
            saved,
        }
    }
}

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    layout: Layout,
    workspace_id: String,
    jobs: Vec<JobRow>,
    next_before: Option<String>,
}

/// Which page (`?before=` the last job id of the previous one).
#[derive(Default, Deserialize)]
pub struct PageQuery {
    before: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let layout = workspace_layout(&state, &signed_in, &workspace, "jobs", "Jobs").await?;
    let Json(list) = jobs::list(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.clone()),
        Ok(Query(jobs::JobPage {
            limit: Some(PAGE_SIZE),
            before: query.before,
        })),
    )
    .await?;
    html(&JobsPage {
        layout,
        workspace_id: workspace,
        jobs: list.jobs.iter().map(JobRow::new).collect(),
        next_before: list.next_before,
    })
}
