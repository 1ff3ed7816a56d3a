//! What the Stripe tests share: signing a delivery exactly as Stripe does (written here from
//! Stripe's documentation, independently of the server's own code), delivering it to a running
//! server, and fixtures of events in the shape API version 2025-03-31.basil sends.

#![allow(dead_code)]

pub mod fake_api;

use std::sync::{Arc, Mutex, OnceLock};

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::common::TestServer;

/// Everything the process logs, at every level, from the first call on: the Stripe tests search
/// it for secrets. One subscriber serves the whole test binary, so it holds every test's lines.
pub fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogSink(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        logs
    })
    .clone()
}

/// The captured log text.
pub fn log_text() -> String {
    String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned()
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The API version the fixtures follow (the one the server pins).
pub const API_VERSION: &str = "2025-03-31.basil";

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The `v1` signature: hex HMAC-SHA256 keyed with the endpoint secret over `"<t>.<body>"`.
pub fn v1(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// A `Stripe-Signature` header as Stripe sends it for one secret, signed now.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let timestamp = now();
    format!("t={timestamp},v1={}", v1(secret, timestamp, body))
}

/// Posts `body` to the server's webhook endpoint with `header` as `Stripe-Signature`; answers
/// the status and the JSON answer.
pub async fn deliver(
    server: &TestServer,
    body: &[u8],
    header: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = server
        .http
        .post(format!("{}/v1/stripe/webhook", server.base))
        .header("content-type", "application/json; charset=utf-8")
        .header(
            "user-agent",
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        )
        .body(body.to_vec());
    if let Some(header) = header {
        request = request.header("stripe-signature", header);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, value)
}

/// Signs `event` with `secret` now and delivers it.
pub async fn deliver_signed(
    server: &TestServer,
    secret: &str,
    event: &Value,
) -> (StatusCode, Value) {
    let body = serde_json::to_vec_pretty(event).unwrap();
    deliver(server, &body, Some(&signature(secret, &body))).await
}

/// The workspace's usage as its owner sees it.
pub async fn usage(server: &TestServer, token: &str, workspace: &str) -> Value {
    let (status, usage) = server
        .get(&format!("/v1/workspaces/{workspace}/usage"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{usage}");
    usage
}

/// An event envelope around `object`.
pub fn event(id: &str, kind: &str, created: i64, object: Value) -> Value {
    json!({
        "id": id,
        "object": "event",
        "api_version": API_VERSION,
        "created": created,
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind
    })
}

/// What a subscription fixture says.
#[derive(Clone, Debug)]
pub struct SubscriptionFixture {
    pub id: String,
    pub customer: String,
    pub workspace_id: Option<String>,
    pub price: String,
    pub status: String,
    pub period_start: i64,
    pub period_end: i64,
    pub cancel_at_period_end: bool,
}

impl SubscriptionFixture {
    /// An active subscription to `price` whose current period started a day ago.
    pub fn active(id: &str, customer: &str, workspace_id: Option<&str>, price: &str) -> Self {
        let start = now() - 86_400;
        SubscriptionFixture {
            id: id.to_string(),
            customer: customer.to_string(),
            workspace_id: workspace_id.map(str::to_string),
            price: price.to_string(),
            status: "active".to_string(),
            period_start: start,
            period_end: start + 30 * 86_400,
            cancel_at_period_end: false,
        }
    }

    pub fn with_status(mut self, status: &str) -> Self {
        self.status = status.to_string();
        self
    }

    pub fn cancelling(mut self) -> Self {
        self.cancel_at_period_end = true;
        self
    }

    pub fn period(mut self, start: i64, end: i64) -> Self {
        self.period_start = start;
        self.period_end = end;
        self
    }

    /// The subscription object as API 2025-03-31.basil renders it: the period lives on the
    /// item, not on the subscription.
    pub fn object(&self) -> Value {
        let metadata = match &self.workspace_id {
            Some(workspace) => json!({"workspace_id": workspace}),
            None => json!({}),
        };
        let price = json!({
            "id": self.price,
            "object": "price",
            "active": true,
            "billing_scheme": "per_unit",
            "currency": "eur",
            "livemode": false,
            "lookup_key": null,
            "metadata": {},
            "product": "prod_altloom",
            "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
            "type": "recurring",
            "unit_amount": 1500
        });
        json!({
            "id": self.id,
            "object": "subscription",
            "application": null,
            "automatic_tax": {"enabled": false},
            "billing_cycle_anchor": self.period_start,
            "cancel_at": if self.cancel_at_period_end { json!(self.period_end) } else { json!(null) },
            "cancel_at_period_end": self.cancel_at_period_end,
            "canceled_at": null,
            "collection_method": "charge_automatically",
            "created": self.period_start,
            "currency": "eur",
            "customer": self.customer,
            "default_payment_method": "pm_card_visa",
            "ended_at": if self.status == "canceled" { json!(now()) } else { json!(null) },
            "items": {
                "object": "list",
                "data": [{
                    "id": format!("si_{}", self.id.trim_start_matches("sub_")),
                    "object": "subscription_item",
                    "created": self.period_start,
                    "current_period_end": self.period_end,
                    "current_period_start": self.period_start,
                    "metadata": {},
                    "plan": {"id": self.price, "object": "plan", "active": true, "amount": 1500,
                             "currency": "eur", "interval": "month", "product": "prod_altloom"},
                    "price": price,
                    "quantity": 1,
                    "subscription": self.id,
                    "tax_rates": []
                }],
                "has_more": false,
                "total_count": 1,
                "url": format!("/v1/subscription_items?subscription={}", self.id)
            },
            "latest_invoice": format!("in_{}", self.id.trim_start_matches("sub_")),
            "livemode": false,
            "metadata": metadata,
            "start_date": self.period_start,
            "status": self.status,
            "trial_end": null,
            "trial_start": null
        })
    }
}

/// An invoice for `subscription` in the 2025-03-31.basil shape (`parent.subscription_details`,
/// line items with a `parent` and a period).
pub fn invoice(subscription: &SubscriptionFixture, status: &str) -> Value {
    let metadata = match &subscription.workspace_id {
        Some(workspace) => json!({"workspace_id": workspace}),
        None => json!({}),
    };
    json!({
        "id": format!("in_{}_{status}", subscription.id.trim_start_matches("sub_")),
        "object": "invoice",
        "amount_due": 1500,
        "amount_paid": if status == "paid" { 1500 } else { 0 },
        "attempt_count": 1,
        "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically",
        "currency": "eur",
        "customer": subscription.customer,
        "lines": {
            "object": "list",
            "data": [{
                "id": "il_1",
                "object": "line_item",
                "amount": 1500,
                "currency": "eur",
                "parent": {
                    "type": "subscription_item_details",
                    "subscription_item_details": {
                        "invoice_item": null,
                        "proration": false,
                        "subscription": subscription.id,
                        "subscription_item": format!("si_{}", subscription.id.trim_start_matches("sub_"))
                    }
                },
                "period": {"start": subscription.period_start, "end": subscription.period_end},
                "pricing": {"price_details": {"price": subscription.price, "product": "prod_altloom"},
                            "type": "price_details"},
                "quantity": 1
            }],
            "has_more": false,
            "url": "/v1/invoices/in_1/lines"
        },
        "livemode": false,
        "parent": {
            "type": "subscription_details",
            "quote_details": null,
            "subscription_details": {"metadata": metadata, "subscription": subscription.id}
        },
        "period_end": subscription.period_start,
        "period_start": subscription.period_start - 30 * 86_400,
        "status": status,
        "total": 1500
    })
}

/// A completed subscription Checkout Session.
pub fn checkout_session(workspace: &str, customer: &str, subscription: &str) -> Value {
    json!({
        "id": format!("cs_test_{}", subscription.trim_start_matches("sub_")),
        "object": "checkout.session",
        "client_reference_id": workspace,
        "customer": customer,
        "livemode": false,
        "metadata": {"workspace_id": workspace},
        "mode": "subscription",
        "payment_status": "paid",
        "status": "complete",
        "subscription": subscription,
        "success_url": "https://altloom.test/billing?checkout=success",
        "url": null
    })
}
