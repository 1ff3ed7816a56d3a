//! Stripe: Checkout and the Customer Portal for workspace owners, and the webhook that keeps
//! each workspace's billing state in step with its subscription.
//!
//! - [`client`] makes the API calls (customers, Checkout Sessions, Portal sessions, subscription
//!   look-ups); [`signature`] checks webhook signatures; [`events`] reads event payloads of any
//!   API version tolerantly.
//! - [`checkout`] and [`portal`] answer the URL of a Stripe-hosted page. The workspace's Stripe
//!   customer is created on its first checkout (with `metadata[workspace_id]`) and stored.
//! - [`receive_webhook`] verifies a delivery, skips events already processed, and stores the
//!   subscription's state as Stripe reports it. Which plan is in force (grace while past due, the
//!   end of a cancelled period) is decided later, from the stored state, by
//!   [`crate::billing::effective_plan`].
//!
//! Ordering: each state is stored with the time it is from, and
//! [`Store::apply_subscription`] ignores a state older than the stored one, so deliveries that
//! arrive out of order cannot regress a workspace. Subscription events carry the whole object and
//! are stored as of the event's `created` time. Events that only point at a subscription
//! (`checkout.session.completed`, `invoice.paid`, `invoice.payment_failed`) make the server fetch
//! the subscription when a secret key is configured, and store it as of the moment it was
//! fetched; without a key, an invoice moves the stored subscription between `active` and
//! `past_due` as Stripe does, as of the event's time.

pub mod client;
pub mod events;
pub mod signature;

use altloom_shared::time::Timestamp;
use serde_json::Value;

use crate::billing::effective_plan;
use crate::billing::plans::FREE_PLAN;
use crate::config::BillingConfig;
use crate::secrets::new_id;
use crate::store::{BillingRecord, Store, StoreError, SubscriptionUpdate};
pub use client::{CheckoutSessionRequest, HostedPage, StripeClient, StripeError, STRIPE_VERSION};
use events::{CheckoutSession, Event, EventKind, Invoice, Subscription};
use signature::SignatureError;

/// Subscription states in which a subscription still stands (paying, or about to).
const STANDING_STATES: &[&str] = &["active", "trialing", "past_due", "unpaid", "incomplete"];

/// Why a checkout or portal request could not be served.
#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// The request itself is wrong (an unknown plan, the free plan).
    #[error("{0}")]
    Invalid(String),
    /// Billing is not set up on this server (no key, or the plan has no price).
    #[error("{0}")]
    Unavailable(String),
    /// The workspace's state does not allow it (no customer yet, already subscribed).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Stripe(#[from] StripeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Starts a Checkout Session that subscribes `workspace_id` to `plan_name`, creating the
/// workspace's Stripe customer first if it has none; answers the page's URL.
pub async fn checkout(
    store: &Store,
    config: &BillingConfig,
    workspace_id: &str,
    plan_name: &str,
    now: Timestamp,
) -> Result<String, BillingError> {
    let plan = config.plans.get(plan_name).ok_or_else(|| {
        BillingError::Invalid(format!(
            "plan: there is no plan `{plan_name}`; choose one of {}",
            config.plans.names().join(", ")
        ))
    })?;
    if plan_name == FREE_PLAN {
        return Err(BillingError::Invalid(
            "plan: the free plan needs no checkout; to leave a paid plan, cancel it in `altloom billing portal`"
                .to_string(),
        ));
    }
    let client = configured_client(config)?;
    let price = plan.stripe_price.clone().ok_or_else(|| {
        BillingError::Unavailable(format!(
            "the `{plan_name}` plan cannot be bought on this server (it has no Stripe price)"
        ))
    })?;
    let record = store.billing(workspace_id).await?;
    let grace = i64::try_from(config.past_due_grace.as_secs()).unwrap_or(i64::MAX);
    let current = effective_plan(record.as_ref(), &config.plans, grace, now);
    if current != FREE_PLAN {
        return Err(BillingError::Conflict(format!(
            "this workspace is already on the `{current}` plan; change or cancel it with `altloom billing portal`"
        )));
    }
    let customer = match record.and_then(|record| record.stripe_customer_id) {
        Some(customer) => customer,
        None => {
            let customer = client.create_customer(workspace_id).await?;
            store.set_stripe_customer(workspace_id, &customer).await?;
            tracing::info!(
                workspace_id,
                customer,
                "created the workspace's Stripe customer"
            );
            customer
        }
    };
    let session = client
        .create_checkout_session(
            &CheckoutSessionRequest {
                workspace_id,
                customer_id: &customer,
                price_id: &price,
                success_url: &with_query(&config.return_url, "checkout=success"),
                cancel_url: &with_query(&config.return_url, "checkout=cancelled"),
            },
            // One key per request, reused only by the client's own retry: a new checkout gets a
            // new session rather than Stripe's cached answer to an earlier one.
            &new_id("altloom-checkout"),
        )
        .await?;
    tracing::info!(
        workspace_id,
        plan = plan_name,
        session = session.id,
        "started a checkout"
    );
    Ok(session.url)
}

/// Starts a Customer Portal session for the workspace's Stripe customer; answers its URL.
pub async fn portal(
    store: &Store,
    config: &BillingConfig,
    workspace_id: &str,
) -> Result<String, BillingError> {
    let client = configured_client(config)?;
    let customer = store
        .billing(workspace_id)
        .await?
        .and_then(|record| record.stripe_customer_id)
        .ok_or_else(|| {
            BillingError::Conflict(
                "this workspace has no billing account yet; subscribe with `altloom billing upgrade <plan>` first"
                    .to_string(),
            )
        })?;
    let session = client
        .create_portal_session(&customer, &config.return_url, &new_id("altloom-portal"))
        .await?;
    Ok(session.url)
}

fn configured_client(config: &BillingConfig) -> Result<StripeClient, BillingError> {
    match StripeClient::from_config(config) {
        Ok(client) => Ok(client),
        Err(StripeError::NotConfigured) => Err(BillingError::Unavailable(
            "billing is not enabled on this server (no Stripe key is configured)".to_string(),
        )),
        Err(other) => Err(other.into()),
    }
}

/// Adds `pair` to a URL's query string.
fn with_query(url: &str, pair: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{pair}")
}

/// What became of a verified delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The workspace's billing state changed.
    Applied,
    /// The event was processed before; nothing was done.
    Duplicate,
    /// Nothing to change, with the reason (an unknown type, an older state, no workspace).
    Ignored(String),
}

impl Outcome {
    fn ignored(reason: impl Into<String>) -> Outcome {
        Outcome::Ignored(reason.into())
    }
}

/// Why a delivery was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No signing secret is configured: nothing can be verified (Stripe retries later).
    #[error("no Stripe webhook secret is configured")]
    NotConfigured,
    /// A bad signature or a body that is not an event: refused for good.
    #[error("{0}")]
    Rejected(String),
    /// The database or Stripe failed; Stripe should deliver again.
    #[error("{0}")]
    Transient(String),
}

impl From<StoreError> for WebhookError {
    fn from(error: StoreError) -> WebhookError {
        WebhookError::Transient(error.to_string())
    }
}

/// Handles one delivery: verifies `signature_header` over the raw `body` with the configured
/// secrets, then parses it, skips it if already processed, applies it, and records it.
pub async fn receive_webhook(
    store: &Store,
    config: &BillingConfig,
    signature_header: Option<&str>,
    body: &[u8],
    now: Timestamp,
) -> Result<Outcome, WebhookError> {
    let header = signature_header
        .ok_or_else(|| WebhookError::Rejected("the Stripe-Signature header is missing".into()))?;
    match signature::verify(header, body, &config.stripe_webhook_secrets, now.0) {
        Ok(()) => {}
        Err(SignatureError::NoSecrets) => return Err(WebhookError::NotConfigured),
        Err(error) => return Err(WebhookError::Rejected(error.to_string())),
    }
    let event =
        events::parse_event(body).map_err(|error| WebhookError::Rejected(error.to_string()))?;
    if store.stripe_event_seen(&event.id).await? {
        tracing::info!(
            event_id = event.id,
            event_type = event.kind,
            "duplicate Stripe event"
        );
        return Ok(Outcome::Duplicate);
    }
    let outcome = apply_event(store, config, &event).await?;
    store
        .record_stripe_event(&event.id, &event.kind, now)
        .await?;
    match &outcome {
        Outcome::Ignored(reason) => {
            tracing::info!(
                event_id = event.id,
                event_type = event.kind,
                reason,
                "Stripe event ignored"
            )
        }
        _ => tracing::info!(
            event_id = event.id,
            event_type = event.kind,
            "Stripe event applied"
        ),
    }
    Ok(outcome)
}

/// Applies a verified, new event.
async fn apply_event(
    store: &Store,
    config: &BillingConfig,
    event: &Event,
) -> Result<Outcome, WebhookError> {
    let event_time = Timestamp(event.created);
    match EventKind::of(&event.kind) {
        EventKind::SubscriptionChanged | EventKind::SubscriptionDeleted => {
            apply_subscription(store, config, &event.object, event_time, None).await
        }
        EventKind::CheckoutCompleted => checkout_completed(store, config, event).await,
        EventKind::InvoicePaid => invoice_settled(store, config, event, true).await,
        EventKind::InvoicePaymentFailed => invoice_settled(store, config, event, false).await,
        EventKind::Other => Ok(Outcome::ignored(format!(
            "`{}` events do not concern billing",
            event.kind
        ))),
    }
}

/// Stores a subscription object's state as of `state_time`, for the workspace it names
/// (`metadata.workspace_id`), else `hint` (a Checkout Session's reference), else the workspace
/// its customer belongs to.
async fn apply_subscription(
    store: &Store,
    config: &BillingConfig,
    object: &Value,
    state_time: Timestamp,
    hint: Option<&str>,
) -> Result<Outcome, WebhookError> {
    let Some(subscription) = Subscription::from_value(object) else {
        return Ok(Outcome::ignored("the subscription has no id"));
    };
    let Some(workspace_id) = find_workspace(
        store,
        &[subscription.workspace_id.as_deref(), hint],
        subscription.customer.as_deref(),
    )
    .await?
    else {
        tracing::warn!(
            subscription = subscription.id,
            customer = subscription.customer,
            "a Stripe subscription belongs to no known workspace; ignored"
        );
        return Ok(Outcome::ignored(
            "the subscription belongs to no known workspace",
        ));
    };
    let state = subscription.state(&config.plans);
    if !state.price_known {
        tracing::warn!(
            workspace_id,
            subscription = subscription.id,
            price = state.price,
            "the subscription's price sells no configured plan; the workspace stays on free"
        );
    }
    let record = store.billing(&workspace_id).await?;
    if let Some(current) = record
        .as_ref()
        .and_then(|record| record.stripe_subscription_id.as_deref())
    {
        // The end of a subscription the workspace has since replaced changes nothing.
        if current != subscription.id && !STANDING_STATES.contains(&state.status.as_str()) {
            return Ok(Outcome::ignored(
                "a subscription other than the workspace's current one ended",
            ));
        }
    }
    if let Some(customer) = &subscription.customer {
        link_customer(store, &workspace_id, record.as_ref(), customer).await?;
    }
    let update = SubscriptionUpdate {
        plan: &state.plan,
        status: &state.status,
        subscription_id: &subscription.id,
        period_start: state.period_start.map(Timestamp),
        period_end: state.period_end.map(Timestamp),
        cancel_at_period_end: state.cancel_at_period_end,
        state_time,
    };
    if store
        .apply_subscription(&workspace_id, &update, Timestamp::now())
        .await?
    {
        tracing::info!(
            workspace_id,
            subscription = subscription.id,
            plan = state.plan,
            status = state.status,
            "stored the subscription's state"
        );
        Ok(Outcome::Applied)
    } else {
        Ok(Outcome::ignored(
            "the stored state is newer than this event's",
        ))
    }
}

/// `checkout.session.completed`: links the customer to the workspace, and stores the new
/// subscription (fetched when a key is configured; otherwise its own events bring it).
async fn checkout_completed(
    store: &Store,
    config: &BillingConfig,
    event: &Event,
) -> Result<Outcome, WebhookError> {
    let Some(session) = CheckoutSession::from_value(&event.object) else {
        return Ok(Outcome::ignored("the Checkout Session has no id"));
    };
    if session
        .mode
        .as_deref()
        .is_some_and(|mode| mode != "subscription")
    {
        return Ok(Outcome::ignored("not a subscription checkout"));
    }
    let Some(workspace_id) = find_workspace(
        store,
        &[
            session.client_reference_id.as_deref(),
            session.workspace_id.as_deref(),
        ],
        session.customer.as_deref(),
    )
    .await?
    else {
        tracing::warn!(
            session = session.id,
            "a Checkout Session belongs to no known workspace; ignored"
        );
        return Ok(Outcome::ignored(
            "the session belongs to no known workspace",
        ));
    };
    let mut linked = false;
    if let Some(customer) = &session.customer {
        let record = store.billing(&workspace_id).await?;
        linked = link_customer(store, &workspace_id, record.as_ref(), customer).await?;
    }
    if let Some(object) = &session.subscription_object {
        return apply_subscription(
            store,
            config,
            object,
            Timestamp(event.created),
            Some(&workspace_id),
        )
        .await;
    }
    if let (Some(subscription_id), Ok(client)) =
        (&session.subscription, StripeClient::from_config(config))
    {
        return apply_fetched(store, config, &client, subscription_id, Some(&workspace_id)).await;
    }
    Ok(if linked {
        Outcome::Applied
    } else {
        Outcome::ignored("the subscription's own events carry its state")
    })
}

/// `invoice.paid` (`invoice.payment_succeeded`) and `invoice.payment_failed`.
async fn invoice_settled(
    store: &Store,
    config: &BillingConfig,
    event: &Event,
    paid: bool,
) -> Result<Outcome, WebhookError> {
    let Some(invoice) = Invoice::from_value(&event.object) else {
        return Ok(Outcome::ignored("the invoice has no id"));
    };
    let Some(subscription_id) = invoice.subscription.as_deref() else {
        return Ok(Outcome::ignored("the invoice is not for a subscription"));
    };
    if let Ok(client) = StripeClient::from_config(config) {
        return apply_fetched(
            store,
            config,
            &client,
            subscription_id,
            invoice.workspace_id.as_deref(),
        )
        .await;
    }
    let Some(workspace_id) = find_workspace(
        store,
        &[invoice.workspace_id.as_deref()],
        invoice.customer.as_deref(),
    )
    .await?
    else {
        return Ok(Outcome::ignored(
            "the invoice belongs to no known workspace",
        ));
    };
    let Some(record) = store.billing(&workspace_id).await? else {
        return Ok(Outcome::ignored("the workspace has no subscription yet"));
    };
    if record.stripe_subscription_id.as_deref() != Some(subscription_id) {
        return Ok(Outcome::ignored(
            "the invoice is not for the workspace's current subscription",
        ));
    }
    // What Stripe does to the subscription when one of its invoices is paid or fails.
    let status = match (paid, record.status.as_str()) {
        (true, "past_due" | "unpaid" | "incomplete") => "active",
        (false, "active" | "trialing") => "past_due",
        (_, status) => status,
    };
    let (period_start, period_end) = match (paid, invoice.line_period) {
        (true, Some((start, end))) => (Some(start), Some(end)),
        _ => (record.period_start, record.period_end),
    };
    if status == record.status
        && period_start == record.period_start
        && period_end == record.period_end
    {
        return Ok(Outcome::ignored("the invoice changes nothing"));
    }
    let update = SubscriptionUpdate {
        plan: &record.plan,
        status,
        subscription_id,
        period_start: period_start.map(Timestamp),
        period_end: period_end.map(Timestamp),
        cancel_at_period_end: record.cancel_at_period_end != 0,
        state_time: Timestamp(event.created),
    };
    if store
        .apply_subscription(&workspace_id, &update, Timestamp::now())
        .await?
    {
        Ok(Outcome::Applied)
    } else {
        Ok(Outcome::ignored(
            "the stored state is newer than this event's",
        ))
    }
}

/// Fetches a subscription and stores it as of the moment it was asked for: it is at least as
/// new as every event created before then.
async fn apply_fetched(
    store: &Store,
    config: &BillingConfig,
    client: &StripeClient,
    subscription_id: &str,
    hint: Option<&str>,
) -> Result<Outcome, WebhookError> {
    let asked_at = Timestamp::now();
    match client.subscription(subscription_id).await {
        Ok(object) => apply_subscription(store, config, &object, asked_at, hint).await,
        Err(error) if error.is_not_found() => {
            tracing::warn!(
                subscription = subscription_id,
                "Stripe does not know the subscription"
            );
            Ok(Outcome::ignored("Stripe does not know the subscription"))
        }
        Err(error) => Err(WebhookError::Transient(format!(
            "cannot fetch subscription {subscription_id}: {error}"
        ))),
    }
}

/// The workspace an object belongs to: the first of `references` that names an existing
/// workspace, else the workspace whose Stripe customer is `customer`.
async fn find_workspace(
    store: &Store,
    references: &[Option<&str>],
    customer: Option<&str>,
) -> Result<Option<String>, StoreError> {
    for reference in references.iter().flatten() {
        if store.workspace_exists(reference).await? {
            return Ok(Some(reference.to_string()));
        }
    }
    match customer {
        Some(customer) => store.workspace_for_customer(customer).await,
        None => Ok(None),
    }
}

/// Stores `customer` as the workspace's Stripe customer when it has none; answers whether it
/// did. A customer already linked to another workspace is left alone.
async fn link_customer(
    store: &Store,
    workspace_id: &str,
    record: Option<&BillingRecord>,
    customer: &str,
) -> Result<bool, StoreError> {
    if record.is_some_and(|record| record.stripe_customer_id.is_some()) {
        return Ok(false);
    }
    match store.set_stripe_customer(workspace_id, customer).await {
        Ok(()) => Ok(true),
        Err(StoreError::Duplicate(_)) => {
            tracing::warn!(
                workspace_id,
                customer,
                "the Stripe customer already pays for another workspace; not linked"
            );
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_get_the_outcome_in_their_query() {
        assert_eq!(
            with_query("https://altloom.test/billing", "checkout=success"),
            "https://altloom.test/billing?checkout=success"
        );
        assert_eq!(
            with_query(
                "https://altloom.test/billing?from=cli",
                "checkout=cancelled"
            ),
            "https://altloom.test/billing?from=cli&checkout=cancelled"
        );
    }
}
