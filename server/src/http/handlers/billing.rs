//! Billing through Stripe: Checkout and Customer Portal links for a workspace's owners and
//! admins, and the webhook Stripe delivers subscription changes to.

use altloom_shared::api::billing::{BillingLink, CheckoutRequest};
use altloom_shared::api::tokens::Scope;
use altloom_shared::api::workspaces::Role;
use altloom_shared::api::{error_code, ErrorEnvelope};
use altloom_shared::time::Timestamp;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::access::Principal;
use crate::billing::stripe::{self, BillingError, Outcome, StripeError, WebhookError};
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::AppState;

/// Starts a Stripe Checkout for a paid plan; answers the page to open.
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/billing/checkout", tag = "billing",
    security(("bearer" = [])), request_body = CheckoutRequest,
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = BillingLink),
              (status = 400, description = "Unknown plan, or the free plan", body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "Already on a paid plan", body = ErrorEnvelope),
              (status = 503, description = "`billing_unavailable`", body = ErrorEnvelope)))]
pub async fn checkout(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
    ApiJson(request): ApiJson<CheckoutRequest>,
) -> Result<Json<BillingLink>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let url = stripe::checkout(
        &state.store,
        &state.config.billing,
        &access.workspace_id,
        request.plan.trim(),
        Timestamp::now(),
    )
    .await?;
    Ok(Json(BillingLink { url }))
}

/// Opens the Stripe Customer Portal (change plan, payment method, invoices, cancel).
#[utoipa::path(post, path = "/v1/workspaces/{workspace}/billing/portal", tag = "billing",
    security(("bearer" = [])),
    params(("workspace" = String, Path, description = "Workspace id")),
    responses((status = 200, body = BillingLink),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "The workspace has no Stripe customer yet", body = ErrorEnvelope),
              (status = 503, description = "`billing_unavailable`", body = ErrorEnvelope)))]
pub async fn portal(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace): Path<String>,
) -> Result<Json<BillingLink>, ApiError> {
    let access = principal
        .workspace(&state.store, &workspace, Some(Scope::Admin), Role::Admin)
        .await?;
    let url = stripe::portal(&state.store, &state.config.billing, &access.workspace_id).await?;
    Ok(Json(BillingLink { url }))
}

/// What the webhook did with a delivery (for Stripe's delivery log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebhookReceipt {
    /// `applied`, `duplicate` (processed before) or `ignored`.
    pub outcome: String,
    /// Why an event was ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Receives Stripe's events. Authenticated by the `Stripe-Signature` header over the raw body,
/// not by a bearer token.
#[utoipa::path(post, path = "/v1/stripe/webhook", tag = "billing",
    request_body(content = String, content_type = "application/json",
                 description = "A Stripe event, exactly as Stripe sent it"),
    params(("Stripe-Signature" = String, Header, description = "`t=<unix>,v1=<hex>`")),
    responses((status = 200, body = WebhookReceipt),
              (status = 400, description = "Bad signature or not an event", body = ErrorEnvelope),
              (status = 500, description = "A transient failure; Stripe delivers again", body = ErrorEnvelope),
              (status = 503, description = "No webhook secret is configured", body = ErrorEnvelope)))]
pub async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, ApiError> {
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok());
    let outcome = stripe::receive_webhook(
        &state.store,
        &state.config.billing,
        signature,
        &body,
        Timestamp::now(),
    )
    .await?;
    let (outcome, reason) = match outcome {
        Outcome::Applied => ("applied", None),
        Outcome::Duplicate => ("duplicate", None),
        Outcome::Ignored(reason) => ("ignored", Some(reason)),
    };
    Ok(Json(WebhookReceipt {
        outcome: outcome.to_string(),
        reason,
    }))
}

fn billing_unavailable(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        error_code::BILLING_UNAVAILABLE,
        message,
    )
}

impl From<BillingError> for ApiError {
    fn from(error: BillingError) -> ApiError {
        match error {
            BillingError::Invalid(message) => ApiError::invalid(message),
            BillingError::Unavailable(message) => billing_unavailable(message),
            BillingError::Conflict(message) => ApiError::conflict(message),
            BillingError::Store(error) => error.into(),
            // Stripe's own words go to the log only: the client learns that billing failed and
            // whether trying again may help.
            BillingError::Stripe(error) if error.is_transient() => {
                tracing::warn!(%error, "a Stripe call failed");
                billing_unavailable("Stripe is not answering; try again in a minute")
            }
            BillingError::Stripe(error) => {
                tracing::error!(%error, "Stripe refused a call");
                let message = match error {
                    StripeError::Api {
                        status: 401 | 403, ..
                    } => "billing is misconfigured on this server (Stripe refused its key)",
                    _ => "billing failed on this server; quote the request id when reporting this",
                };
                billing_unavailable(message)
            }
        }
    }
}

impl From<WebhookError> for ApiError {
    fn from(error: WebhookError) -> ApiError {
        match error {
            WebhookError::NotConfigured => {
                tracing::error!("a Stripe webhook arrived but no webhook secret is configured");
                billing_unavailable("no Stripe webhook secret is configured on this server")
            }
            WebhookError::Rejected(message) => {
                tracing::warn!(reason = message, "refused a Stripe webhook delivery");
                ApiError::invalid(message)
            }
            WebhookError::Transient(detail) => ApiError::internal(detail),
        }
    }
}
