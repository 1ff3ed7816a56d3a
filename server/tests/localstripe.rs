//! End to end against localstripe, a stateful fake of the Stripe API started by the test
//! command (`scripts/test.sh` runs `scripts/localstripe.sh` and exports
//! `ALTLOOM_TEST_LOCALSTRIPE_URL`): the server creates the workspace's customer there, a
//! subscription created there reaches the running server through localstripe's own signed
//! webhook deliveries and moves the workspace to `pro`, and deleting it moves the workspace back
//! to `free`.
//!
//! localstripe has no Prices, Checkout Sessions or Portal, so the subscription sells a legacy
//! Plan and is created directly; its events are the 2017-shaped ones (`invoice.payment_succeeded`,
//! the period at the top of the subscription), which the server reads too.

mod common;

use std::time::Duration;

use common::{Account, Backend, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

const KEY: &str = "sk_test_altloom_localstripe_e2e";
/// The first secret is one being rotated out; localstripe signs with the second.
const WEBHOOK_SECRETS: &str = "whsec_rotated_out_e2e,whsec_localstripe_e2e";
const LOCALSTRIPE_SECRET: &str = "whsec_localstripe_e2e";

fn localstripe_url() -> String {
    std::env::var("ALTLOOM_TEST_LOCALSTRIPE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| {
            panic!(
                "ALTLOOM_TEST_LOCALSTRIPE_URL is not set. The end-to-end billing test needs \
                 localstripe: run `scripts/test.sh` (it starts one), or export \
                 ALTLOOM_TEST_LOCALSTRIPE_URL=\"$(scripts/localstripe.sh)\" and stop it \
                 afterwards with `scripts/localstripe.sh stop`"
            )
        })
}

/// A small client for localstripe's API, speaking form-encoded requests as Stripe's do.
struct Localstripe {
    http: reqwest::Client,
    base: String,
}

impl Localstripe {
    async fn call(&self, method: reqwest::Method, path: &str, form: &[(&str, &str)]) -> Value {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter().copied())
            .finish();
        let response = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(KEY)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap_or_else(|error| {
                panic!("localstripe at {} is not answering: {error}", self.base)
            });
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(
            status.is_success(),
            "localstripe: {method} {path} answered {status}: {text}"
        );
        if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        }
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        self.call(reqwest::Method::POST, path, form).await
    }
}

/// Waits until the workspace's usage shows `plan` and `status`, or fails saying what it shows.
async fn wait_for(server: &TestServer, account: &Account, plan: &str, status: &str) -> Value {
    let path = format!("/v1/workspaces/{}/usage", account.workspace_id);
    let mut last = Value::Null;
    for _ in 0..150 {
        let (code, usage) = server.get(&path, &account.token).await;
        assert_eq!(code, StatusCode::OK, "{usage}");
        if usage["plan"] == plan && usage["status"] == status {
            return usage;
        }
        last = usage;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "after 30 s the workspace is not on {plan} ({status}) but shows {last}; \
         localstripe's log is target/localstripe/log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_in_localstripe_moves_the_plan_through_signed_webhooks() {
    let base = localstripe_url().trim_end_matches('/').to_string();
    let stripe = Localstripe {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        base: base.clone(),
    };
    // A plan id of this run's own, so runs against the same localstripe never collide.
    let plan_id = altloom_server::secrets::new_id("altloom_pro").to_lowercase();
    let server = TestServer::start(
        Backend::Sqlite,
        &[
            ("ALTLOOM_STRIPE_SECRET_KEY", KEY),
            ("ALTLOOM_STRIPE_API_BASE", &base),
            ("ALTLOOM_STRIPE_PRICE_PRO", &plan_id),
            ("ALTLOOM_STRIPE_WEBHOOK_SECRETS", WEBHOOK_SECRETS),
        ],
    )
    .await;
    let webhook_url = format!("{}/v1/stripe/webhook", server.base);
    stripe
        .post(
            "/_config/webhooks/altloom-e2e",
            &[
                ("url", webhook_url.as_str()),
                ("secret", LOCALSTRIPE_SECRET),
            ],
        )
        .await;
    let ana = server.signup("Ana").await;

    // The server's checkout creates and stores the workspace's customer in localstripe; the
    // Checkout Session itself is beyond localstripe, so that step fails as billing_unavailable.
    let (status, answer) = server
        .post(
            &format!("/v1/workspaces/{}/billing/checkout", ana.workspace_id),
            Some(&ana.token),
            json!({"plan": "pro"}),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["error"]["code"], "billing_unavailable");
    assert!(!answer.to_string().contains(KEY));
    let customer = server
        .state
        .store
        .billing(&ana.workspace_id)
        .await
        .unwrap()
        .and_then(|record| record.stripe_customer_id)
        .expect("the checkout stored the workspace's Stripe customer");
    let stored = stripe
        .call(
            reqwest::Method::GET,
            &format!("/v1/customers/{customer}"),
            &[],
        )
        .await;
    assert_eq!(
        stored["metadata"]["workspace_id"],
        ana.workspace_id.as_str()
    );

    // A card for the customer, and the product and legacy plan the configuration sells as pro.
    let card = stripe
        .post(
            "/v1/payment_methods",
            &[
                ("type", "card"),
                ("card[number]", "4242424242424242"),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2034"),
                ("card[cvc]", "123"),
            ],
        )
        .await;
    let card = card["id"].as_str().unwrap();
    stripe
        .post(
            &format!("/v1/payment_methods/{card}/attach"),
            &[("customer", customer.as_str())],
        )
        .await;
    stripe
        .post(
            &format!("/v1/customers/{customer}"),
            &[("invoice_settings[default_payment_method]", card)],
        )
        .await;
    let product = stripe
        .post("/v1/products", &[("name", "Altloom Pro")])
        .await;
    stripe
        .post(
            "/v1/plans",
            &[
                ("id", plan_id.as_str()),
                ("product", product["id"].as_str().unwrap()),
                ("amount", "1500"),
                ("currency", "eur"),
                ("interval", "month"),
            ],
        )
        .await;

    // The subscription: localstripe charges the card and delivers its signed events.
    let subscription = stripe
        .post(
            "/v1/subscriptions",
            &[
                ("customer", customer.as_str()),
                ("items[0][plan]", plan_id.as_str()),
            ],
        )
        .await;
    assert_eq!(subscription["status"], "active", "{subscription}");
    let subscription_id = subscription["id"].as_str().unwrap().to_string();
    let usage = wait_for(&server, &ana, "pro", "active").await;
    assert_eq!(usage["credits"]["allowance"], 2_000);
    let record = server
        .state
        .store
        .billing(&ana.workspace_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        record.stripe_subscription_id.as_deref(),
        Some(subscription_id.as_str())
    );
    assert_eq!(
        record.period_end,
        subscription["current_period_end"].as_i64(),
        "the period comes from the subscription's top-level fields in localstripe's shape"
    );

    // Deleting the subscription there moves the workspace back to free here.
    stripe
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/subscriptions/{subscription_id}"),
            &[],
        )
        .await;
    wait_for(&server, &ana, "free", "canceled").await;

    // Point the registration somewhere harmless, so later runs' events do not come here.
    stripe
        .post(
            "/_config/webhooks/altloom-e2e",
            &[
                ("url", "http://127.0.0.1:9/closed"),
                ("secret", LOCALSTRIPE_SECRET),
            ],
        )
        .await;
    server.stop().await;
}
