//! A workspace's overview: plan, credits used and remaining, the chart of daily use, and the
//! billing buttons (Stripe Checkout and the Customer Portal); and the page Stripe returns to.

use altloom_shared::api::billing::{CheckoutRequest, Usage};
use altloom_shared::api::workspaces::Role;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use axum::Json;
use serde::Deserialize;

use super::{on_form, Done, NoFields};
use crate::http::extract::ApiJson;
use crate::http::handlers::{billing, usage};
use crate::http::AppState;
use crate::web::chart::{self, Chart};
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{html, when, workspace_layout, Layout};
use crate::web::session::{SignedIn, Visitor};

/// A plan offered on the overview.
struct Offer {
    name: String,
    title: String,
    ai_credits: u64,
    sites: u64,
    members: u64,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    usage: Usage,
    chart: Chart,
    chart_width: u32,
    chart_height: u32,
    can_manage_billing: bool,
    billing_enabled: bool,
    on_paid_plan: bool,
    offers: Vec<Offer>,
    period_end: String,
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    overview(&state, &signed_in, &workspace, None, done.notice()).await
}

async fn overview(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let layout = workspace_layout(state, signed_in, workspace, "overview", "Overview")
        .await?
        .with_error(error)
        .with_notice(notice);
    let Json(usage) = usage::workspace_usage(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
    )
    .await?;
    let Json(daily) = usage::daily(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
        Ok(Query(usage::DailyQuery { days: Some(30) })),
    )
    .await?;
    let role = layout.role();
    let offers = state
        .config
        .billing
        .plans
        .purchasable()
        .into_iter()
        .map(|(name, plan)| Offer {
            name: name.to_string(),
            title: title_case(name),
            ai_credits: plan.ai_credits,
            sites: plan.sites,
            members: plan.members,
        })
        .collect();
    html(&OverviewPage {
        layout,
        chart: Chart::new(&daily),
        chart_width: chart::WIDTH,
        chart_height: chart::HEIGHT,
        can_manage_billing: role >= Role::Admin,
        billing_enabled: state.config.billing.stripe_secret_key.is_some(),
        on_paid_plan: usage.plan != crate::billing::plans::FREE_PLAN,
        period_end: when(&usage.period_end),
        usage,
        offers,
    })
}

/// `pro` → `Pro`.
fn title_case(name: &str) -> String {
    let mut characters = name.chars();
    characters
        .next()
        .map(|first| first.to_uppercase().chain(characters).collect())
        .unwrap_or_default()
}

/// What the upgrade buttons send.
#[derive(Deserialize)]
pub struct CheckoutForm {
    plan: String,
}

/// Starts a Stripe Checkout through the API and sends the browser there.
pub async fn checkout(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    CheckedForm(form): CheckedForm<CheckoutForm>,
) -> Result<Response, WebError> {
    let result = billing::checkout(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.clone()),
        ApiJson(CheckoutRequest { plan: form.plan }),
    )
    .await;
    follow_link(&state, &signed_in, &workspace, result).await
}

/// Opens the Stripe Customer Portal through the API.
pub async fn portal(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    let result = billing::portal(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.clone()),
    )
    .await;
    follow_link(&state, &signed_in, &workspace, result).await
}

async fn follow_link(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    result: Result<Json<altloom_shared::api::billing::BillingLink>, crate::http::error::ApiError>,
) -> Result<Response, WebError> {
    match on_form(result)? {
        Ok(Json(link)) => Ok(axum::response::IntoResponse::into_response(Redirect::to(
            &link.url,
        ))),
        Err(message) => overview(state, signed_in, workspace, Some(message), None).await,
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    message: String,
    link: Option<(String, String)>,
}

/// Which way Stripe's Checkout ended.
#[derive(Default, Deserialize)]
pub struct CheckoutOutcome {
    checkout: Option<String>,
}

/// `/billing`: where Stripe sends the browser back after Checkout or the Portal.
pub async fn billing_return(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(outcome): Query<CheckoutOutcome>,
) -> Result<Response, WebError> {
    let (heading, message) = match outcome.checkout.as_deref() {
        Some("success") => (
            "Thank you",
            "Your payment went through. The new plan applies as soon as Stripe confirms the \
             subscription, usually within seconds; the overview shows it.",
        ),
        Some("cancelled") => (
            "Checkout cancelled",
            "Nothing was charged and your plan is unchanged.",
        ),
        _ => ("Billing", "Your billing settings are saved at Stripe."),
    };
    let layout = match &visitor.signed_in {
        Some(signed_in) => crate::web::layout::account_layout(&state, signed_in, heading).await?,
        None => Layout::public(heading, &visitor.csrf),
    };
    message_page(
        layout,
        heading,
        message.to_string(),
        Some(("/dashboard".to_string(), "Back to the overview".to_string())),
    )
}

pub(super) fn message_page(
    layout: Layout,
    heading: &str,
    message: String,
    link: Option<(String, String)>,
) -> Result<Response, WebError> {
    html(&MessagePage {
        layout,
        heading: heading.to_string(),
        message,
        link,
    })
}
