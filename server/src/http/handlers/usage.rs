//! Usage and credit reservations: what the plan allows and what is left, and the reserve →
//! commit or release cycle metered work goes through.

use altloom_shared::api::billing::{
    CommitRequest, DailyUsage, DayUsage, Reservation, ReserveRequest, Usage,
};
use altloom_shared::api::tokens::{Scope, TokenKind};
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
use crate::billing::credits;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::AppState;
use crate::store::day_of;

/// The most credits one reservation can hold.
const MAXIMUM_RESERVATION: u64 = 100_000;

/// The longest a reservation can hold without being committed.
const MAXIMUM_TTL_SECONDS: u64 = 3_600;

/// Plan, credits, sites and members of a workspace.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/usage", tag = "billing",
    security(("bearer" = [])), params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = Usage), (status = 404, body = ErrorEnvelope)))]
pub async fn workspace_usage(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<Usage>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, None, Role::Member)
        .await?;
    Ok(Json(
        credits::usage(
            &state.store,
            &state.config.billing,
            &access.workspace_id,
            Timestamp::now(),
        )
        .await?,
    ))
}

/// The most days `GET .../usage/daily` covers.
const MAXIMUM_DAYS: u32 = 366;

/// How many days of daily use to answer.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DailyQuery {
    /// Days up to and including today (default 30, at most 366).
    pub days: Option<u32>,
}

/// Credits used per UTC day, today included, for the dashboard's chart.
#[utoipa::path(get, path = "/v1/workspaces/{workspace}/usage/daily", tag = "billing",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"), DailyQuery),
    responses((status = 200, body = DailyUsage), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn daily(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    query: Result<Query<DailyQuery>, QueryRejection>,
) -> Result<Json<DailyUsage>, ApiError> {
    let Query(query) = query.map_err(|rejection| invalid(rejection.body_text()))?;
    let access = principal
        .workspace(&state.store, &workspace, None, Role::Member)
        .await?;
    let days = query.days.unwrap_or(30);
    if !(1..=MAXIMUM_DAYS).contains(&days) {
        return Err(invalid(format!("days: use 1 to {MAXIMUM_DAYS}")));
    }
    let today = day_of(Timestamp::now());
    let first = today - i64::from(days) + 1;
    let used: std::collections::HashMap<i64, u64> = state
        .store
        .daily_usage(&access.workspace_id, first, today)
        .await?
        .into_iter()
        .collect();
    let days = (first..=today)
        .map(|day| DayUsage {
            day: day_label(day),
            credits: used.get(&day).copied().unwrap_or(0),
        })
        .collect();
    Ok(Json(DailyUsage { days }))
}

/// `YYYY-MM-DD` for a day number since the Unix epoch.
fn day_label(day: i64) -> String {
    const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
    i32::try_from(day + UNIX_EPOCH_JULIAN_DAY)
        .ok()
        .and_then(|julian| time::Date::from_julian_day(julian).ok())
        .map(|date| date.to_string())
        .unwrap_or_else(|| format!("day {day}"))
}

/// Which workspace `GET /v1/usage` is about.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UsageQuery {
    /// Needed with a user token that belongs to several workspaces.
    workspace: Option<String>,
}

/// Usage of the token's workspace: the workspace token's own, or a user's only (or named) one.
#[utoipa::path(get, path = "/v1/usage", tag = "billing", security(("bearer" = [])),
    params(UsageQuery),
    responses((status = 200, body = Usage), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn token_usage(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<UsageQuery>, QueryRejection>,
) -> Result<Json<Usage>, ApiError> {
    let Query(query) = query.map_err(|rejection| invalid(rejection.body_text()))?;
    let workspace = match (principal.kind, &principal.token_workspace, query.workspace) {
        (_, _, Some(workspace)) => workspace,
        (TokenKind::Workspace, Some(own), None) => own.clone(),
        _ => {
            let mut workspaces = state
                .store
                .workspaces_of_user(&principal.acting_user)
                .await?;
            if workspaces.len() != 1 {
                return Err(invalid(
                    "workspace: this account has several workspaces; name one with ?workspace=ID"
                        .to_string(),
                ));
            }
            workspaces.remove(0).id
        }
    };
    workspace_usage(State(state), principal, Path(workspace)).await
}

/// Holds credits for metered work; 402 `quota_exceeded` when fewer remain.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/usage/reservations", tag = "billing",
    security(("bearer" = [])), request_body = ReserveRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 201, body = Reservation), (status = 400, body = ErrorEnvelope),
              (status = 402, description = "Not enough credits; `quota` says what remains", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn reserve(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<ReserveRequest>,
) -> Result<(StatusCode, Json<Reservation>), ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::AltText), Role::Member)
        .await?;
    if !(1..=MAXIMUM_RESERVATION).contains(&request.credits) {
        return Err(invalid(format!("credits: use 1 to {MAXIMUM_RESERVATION}")));
    }
    let ttl = request
        .ttl_seconds
        .unwrap_or(state.config.billing.reservation_ttl.as_secs());
    if !(10..=MAXIMUM_TTL_SECONDS).contains(&ttl) {
        return Err(invalid(format!(
            "ttl_seconds: use 10 to {MAXIMUM_TTL_SECONDS}"
        )));
    }
    match credits::reserve(
        &state.store,
        &state.config.billing,
        &access.workspace_id,
        request.credits,
        ttl,
        Timestamp::now(),
    )
    .await?
    {
        Ok(granted) => Ok((
            StatusCode::CREATED,
            Json(Reservation {
                id: granted.id,
                credits: granted.credits,
                expires_at: granted.expires_at,
            }),
        )),
        Err(quota) => Err(ApiError::quota_exceeded(quota)),
    }
}

/// Ends a reservation: `used` credits are spent, the rest go back.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/usage/reservations/{reservation}/commit",
    tag = "billing", security(("bearer" = [])), request_body = CommitRequest,
    params(("workspace" = String, Path, description = "Workspace id"),
           ("reservation" = String, Path, description = "Reservation id")),
    responses((status = 204), (status = 404, description = "Unknown, settled or expired", body = ErrorEnvelope)))]
pub async fn commit(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, reservation)): Path<(String, String)>,
    ApiJson(request): ApiJson<CommitRequest>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::AltText), Role::Member)
        .await?;
    match state
        .store
        .settle_reservation(
            &access.workspace_id,
            &reservation,
            request.used,
            Timestamp::now(),
        )
        .await?
    {
        Some(reserved) if request.used > reserved => Err(invalid(format!(
            "used: the reservation held {reserved} credits; {reserved} were counted"
        ))),
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::not_found("reservation")),
    }
}

/// Releases a reservation without spending anything.
#[utoipa::path(delete, path = "/v1/workspaces/{workspace}/usage/reservations/{reservation}",
    tag = "billing", security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id"),
           ("reservation" = String, Path, description = "Reservation id")),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn release(
    State(state): State<AppState>,
    principal: Principal,
    Path((workspace, reservation)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::AltText), Role::Member)
        .await?;
    match state
        .store
        .settle_reservation(&access.workspace_id, &reservation, 0, Timestamp::now())
        .await?
    {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::not_found("reservation")),
    }
}

#[cfg(test)]
mod tests {
    use super::day_label;

    #[test]
    fn day_numbers_become_calendar_dates() {
        assert_eq!(day_label(0), "1970-01-01");
        // 2026-12-05 00:00 UTC is 1 796 428 800 s after the epoch.
        assert_eq!(day_label(1_796_428_800 / 86_400), "2026-12-05");
        assert_eq!(day_label(20_513), "2026-03-01");
    }
}
