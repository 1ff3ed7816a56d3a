//! Job history: the CLI reports each run's summary; members read the history.

use altloom_shared::api::jobs::{Job, JobList, JobReport};
use altloom_shared::api::tokens::Scope;
use altloom_shared::api::workspaces::Role;
use altloom_shared::api::ErrorEnvelope;
use altloom_shared::time::Timestamp;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::invalid;
use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::AppState;
use crate::store::JobReporter;
use crate::validate::check_job_report;

const DEFAULT_PAGE: u32 = 20;
const MAXIMUM_PAGE: u32 = 100;

/// Records one run's summary.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/jobs", tag = "jobs",
    security(("bearer" = [])), request_body = JobReport,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 201, body = Job), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 413, body = ErrorEnvelope)))]
pub async fn report(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(report): ApiJson<JobReport>,
) -> Result<(StatusCode, Json<Job>), ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Jobs), Role::Member)
        .await?;
    check_job_report(&report).map_err(invalid)?;
    let job = state
        .store
        .insert_job(
            &access.workspace_id,
            JobReporter {
                user_id: Some(&principal.acting_user),
                token_name: &principal.token_name,
            },
            report,
            Timestamp::now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(job)))
}

/// Paging parameters of the job list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct JobPage {
    /// How many jobs (1 to 100, default 20).
    pub limit: Option<u32>,
    /// Continue after this job id (the previous page's `next_before`).
    pub before: Option<String>,
}

/// The workspace's jobs, newest first.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/jobs", tag = "jobs",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"), JobPage),
    responses((status = 200, body = JobList), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    page: Result<Query<JobPage>, QueryRejection>,
) -> Result<Json<JobList>, ApiError> {
    let Query(page) = page.map_err(|rejection| invalid(rejection.body_text()))?;
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Jobs), Role::Member)
        .await?;
    let limit = page.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAXIMUM_PAGE).contains(&limit) {
        return Err(invalid(format!("limit: use 1 to {MAXIMUM_PAGE}")));
    }
    let (jobs, next_before) = state
        .store
        .jobs(&access.workspace_id, limit, page.before.as_deref())
        .await?;
    Ok(Json(JobList { jobs, next_before }))
}

/// One job.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/jobs/{job}", tag = "jobs",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("job" = String, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, job)): Path<(String, String)>,
) -> Result<Json<Job>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Jobs), Role::Member)
        .await?;
    state
        .store
        .job(&access.workspace_id, &job)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("job"))
}
