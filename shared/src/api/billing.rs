//! Plans, usage and billing.
//!
//! `GET /v1/workspaces/{workspace}/usage` (and `GET /v1/usage` for a workspace token) answers
//! [`Usage`]. Metered work reserves credits first:
//! `POST /v1/workspaces/{workspace}/usage/reservations` ([`ReserveRequest`] → [`Reservation`], or
//! 402 `quota_exceeded` with [`QuotaDetails`]), then
//! `POST .../usage/reservations/{reservation}/commit` ([`CommitRequest`]) or
//! `DELETE .../usage/reservations/{reservation}` to release. A reservation nobody commits expires on
//! its own.
//!
//! `GET /v1/workspaces/{workspace}/usage/daily` answers [`DailyUsage`], the credits used per day.
//!
//! `POST /v1/workspaces/{workspace}/billing/checkout` ([`CheckoutRequest`]) and
//! `POST /v1/workspaces/{workspace}/billing/portal` answer a [`BillingLink`] to open in a browser.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// A count against a plan's allowance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allowance {
    pub used: u64,
    pub allowed: u64,
}

/// AI credits in the current billing period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credits {
    /// Credits the plan grants per period.
    pub allowance: u64,
    /// Credits spent (committed).
    pub used: u64,
    /// Credits held by reservations in flight.
    pub reserved: u64,
    /// What a new reservation can still get: allowance − used − reserved.
    pub remaining: u64,
}

/// `GET /v1/workspaces/{workspace}/usage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usage {
    /// The plan in effect (`free`, `pro`, `agency`, ...).
    pub plan: String,
    /// The subscription's state: `none` on the free plan, else Stripe's status (`active`,
    /// `past_due`, `canceled`, ...).
    pub status: String,
    /// On a paid plan that is being cancelled: when it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancels_at: Option<Timestamp>,
    pub period_start: Timestamp,
    /// When the credits reset.
    pub period_end: Timestamp,
    pub credits: Credits,
    pub sites: Allowance,
    pub members: Allowance,
}

/// `POST .../usage/reservations`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReserveRequest {
    pub credits: u64,
    /// How long the reservation holds if never committed (default 900, at most 3600).
    #[serde(default)]
    pub ttl_seconds: Option<u64>,
}

/// A granted reservation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reservation {
    pub id: String,
    pub credits: u64,
    pub expires_at: Timestamp,
}

/// `POST .../usage/reservations/{reservation}/commit`: how many of the reserved credits were
/// used; the rest go back.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitRequest {
    pub used: u64,
}

/// Carried by a 402 `quota_exceeded` error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaDetails {
    pub needed: u64,
    pub remaining: u64,
    pub resets_at: Timestamp,
}

/// `POST .../billing/checkout`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutRequest {
    pub plan: String,
}

/// A Stripe-hosted page to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingLink {
    pub url: String,
}

/// Credits used on one UTC day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayUsage {
    /// The day, `YYYY-MM-DD` (UTC).
    pub day: String,
    pub credits: u64,
}

/// `GET .../usage/daily`: one entry per day of the window, oldest first, today last; days
/// without use count 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyUsage {
    pub days: Vec<DayUsage>,
}
