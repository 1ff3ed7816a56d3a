//! Checkout, the Customer Portal and subscription look-ups against a fake Stripe API that
//! records every request and refuses what Stripe refuses (see `stripe_support/fake_api.rs`).

mod common;
mod stripe_support;

use common::{Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use stripe_support::fake_api::FakeStripe;
use stripe_support::{
    captured_logs, deliver_signed, event, invoice, log_text, now, usage, SubscriptionFixture,
    API_VERSION,
};

const KEY: &str = "sk_test_51AltloomFakeKey0123456789abcdefABCDEF";
const WEBHOOK_SECRET: &str = "whsec_fake_api_0123456789";
const PRO_PRICE: &str = "price_1ProMonthly";
const RETURN_URL: &str = "https://app.altloom.test/billing";

async fn server_for(fake: &FakeStripe, key: &str) -> TestServer {
    TestServer::start(
        Backend::Sqlite,
        &[
            ("ALTLOOM_STRIPE_SECRET_KEY", key),
            ("ALTLOOM_STRIPE_API_BASE", &fake.base),
            ("ALTLOOM_STRIPE_PRICE_PRO", PRO_PRICE),
            ("ALTLOOM_STRIPE_WEBHOOK_SECRETS", WEBHOOK_SECRET),
            ("ALTLOOM_BILLING_RETURN_URL", RETURN_URL),
        ],
    )
    .await
}

/// Calls the server and keeps the answer's text, so the test can check afterwards that no
/// answer ever carried the secret key.
struct Answers(Vec<String>);

impl Answers {
    async fn post(
        &mut self,
        server: &TestServer,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (status, answer) = server.call(Method::POST, path, Some(token), body).await;
        self.0.push(answer.to_string());
        (status, answer)
    }

    fn assert_no_secret(&self, secret: &str) {
        for answer in &self.0 {
            assert!(
                !answer.contains(secret),
                "an answer carries the key: {answer}"
            );
            assert!(
                !answer.contains(&secret[8..20]),
                "an answer carries part of the key: {answer}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_and_portal_go_through_stripe_with_one_customer_per_workspace() {
    captured_logs();
    let fake = FakeStripe::start(KEY, &[PRO_PRICE]).await;
    let server = server_for(&fake, KEY).await;
    let ana = server.signup("Ana").await;
    let workspace = ana.workspace_id.clone();
    let checkout = format!("/v1/workspaces/{workspace}/billing/checkout");
    let portal = format!("/v1/workspaces/{workspace}/billing/portal");
    let mut answers = Answers(Vec::new());

    // Refused before Stripe is asked anything.
    let (status, answer) = answers
        .post(
            &server,
            &checkout,
            &ana.token,
            Some(json!({"plan": "platinum"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_request");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("agency, free, pro"),
        "{answer}"
    );
    let (status, answer) = answers
        .post(
            &server,
            &checkout,
            &ana.token,
            Some(json!({"plan": "free"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = answers
        .post(
            &server,
            &checkout,
            &ana.token,
            Some(json!({"plan": "agency"})),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["error"]["code"], "billing_unavailable");
    let (status, answer) = answers.post(&server, &portal, &ana.token, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("billing upgrade"),
        "{answer}"
    );
    // A token without the admin scope may not spend the workspace's money.
    let (ci_token, _) = server
        .workspace_token(&ana.token, &workspace, &["jobs"])
        .await;
    let (status, answer) = answers
        .post(&server, &checkout, &ci_token, Some(json!({"plan": "pro"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());

    // The first checkout creates the customer, then the session.
    let (status, answer) = answers
        .post(&server, &checkout, &ana.token, Some(json!({"plan": "pro"})))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let first_url = answer["url"].as_str().unwrap().to_string();
    assert!(
        first_url.starts_with("https://checkout.stripe.test/c/pay/cs_test_"),
        "{answer}"
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    for request in &requests {
        assert_eq!(request.status, 200, "{request:?}");
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {KEY}").as_str())
        );
        assert_eq!(request.stripe_version.as_deref(), Some(API_VERSION));
        assert!(
            request
                .idempotency_key
                .as_deref()
                .is_some_and(|key| key.len() >= 16),
            "{request:?}"
        );
    }
    let (customer_request, session_request) = (&requests[0], &requests[1]);
    assert_eq!(customer_request.path, "/v1/customers");
    assert_eq!(
        customer_request.param("metadata[workspace_id]"),
        Some(workspace.as_str())
    );
    let customer = fake.customers()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        server
            .state
            .store
            .billing(&workspace)
            .await
            .unwrap()
            .unwrap()
            .stripe_customer_id,
        Some(customer.clone())
    );
    assert_eq!(session_request.path, "/v1/checkout/sessions");
    for (name, value) in [
        ("mode", "subscription"),
        ("customer", customer.as_str()),
        ("line_items[0][price]", PRO_PRICE),
        ("line_items[0][quantity]", "1"),
        ("client_reference_id", workspace.as_str()),
        ("metadata[workspace_id]", workspace.as_str()),
        (
            "subscription_data[metadata][workspace_id]",
            workspace.as_str(),
        ),
        (
            "success_url",
            "https://app.altloom.test/billing?checkout=success",
        ),
        (
            "cancel_url",
            "https://app.altloom.test/billing?checkout=cancelled",
        ),
    ] {
        assert_eq!(
            session_request.param(name),
            Some(value),
            "{name} in {session_request:?}"
        );
    }

    // The second checkout reuses the customer. Stripe is busy once (429): the server sends the
    // same request again with the same idempotency key, and the new session has a key of its own.
    fake.rate_limit_next(1);
    let (status, answer) = answers
        .post(&server, &checkout, &ana.token, Some(json!({"plan": "pro"})))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_ne!(answer["url"].as_str().unwrap(), first_url);
    let requests = fake.requests();
    let again: Vec<_> = requests[2..].iter().collect();
    assert_eq!(again.len(), 2, "{again:?}");
    assert!(
        again
            .iter()
            .all(|request| request.path == "/v1/checkout/sessions"),
        "{again:?}"
    );
    assert_eq!((again[0].status, again[1].status), (429, 200));
    assert_eq!(again[0].idempotency_key, again[1].idempotency_key);
    assert_ne!(again[1].idempotency_key, session_request.idempotency_key);
    assert_eq!(again[1].param("customer"), Some(customer.as_str()));
    assert_eq!(fake.customers().len(), 1);

    // The portal opens for the customer.
    let (status, answer) = answers.post(&server, &portal, &ana.token, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["url"]
        .as_str()
        .unwrap()
        .starts_with("https://billing.stripe.test/p/session/"));
    let portal_request = fake.requests().last().unwrap().clone();
    assert_eq!(portal_request.path, "/v1/billing_portal/sessions");
    assert_eq!(portal_request.param("customer"), Some(customer.as_str()));
    assert_eq!(portal_request.param("return_url"), Some(RETURN_URL));

    // Checkout completed: with a key, the server fetches the subscription and stores what
    // Stripe says now.
    let subscription =
        SubscriptionFixture::active("sub_1FakeAna", &customer, Some(&workspace), PRO_PRICE);
    fake.set_subscription(subscription.object());
    let completed = event(
        "evt_1FakeCompleted",
        "checkout.session.completed",
        now() - 5,
        stripe_support::checkout_session(&workspace, &customer, &subscription.id),
    );
    let (status, answer) = deliver_signed(&server, WEBHOOK_SECRET, &completed).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    let fetch = fake.requests().last().unwrap().clone();
    assert_eq!(
        (fetch.method.as_str(), fetch.path.as_str()),
        ("GET", "/v1/subscriptions/sub_1FakeAna")
    );
    assert_eq!(fetch.stripe_version.as_deref(), Some(API_VERSION));
    let now_usage = usage(&server, &ana.token, &workspace).await;
    assert_eq!(
        (now_usage["plan"].as_str(), now_usage["status"].as_str()),
        (Some("pro"), Some("active"))
    );

    // An update created before that fetch arrives late: the fetched state is newer, so it stays.
    let late = event(
        "evt_0FakeLate",
        "customer.subscription.updated",
        now() - 60,
        subscription.clone().with_status("incomplete").object(),
    );
    let (status, answer) = deliver_signed(&server, WEBHOOK_SECRET, &late).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("ignored")),
        "{answer}"
    );
    assert_eq!(usage(&server, &ana.token, &workspace).await["plan"], "pro");

    // On a paid plan, a new checkout is refused: plan changes go through the portal.
    let (status, answer) = answers
        .post(&server, &checkout, &ana.token, Some(json!({"plan": "pro"})))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");

    // A failed payment: the server fetches the subscription, which Stripe now reports past due.
    fake.set_subscription(subscription.clone().with_status("past_due").object());
    let failed = event(
        "evt_2FakeFailed",
        "invoice.payment_failed",
        now(),
        invoice(&subscription, "open"),
    );
    let (status, answer) = deliver_signed(&server, WEBHOOK_SECRET, &failed).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    let now_usage = usage(&server, &ana.token, &workspace).await;
    assert_eq!(
        (now_usage["plan"].as_str(), now_usage["status"].as_str()),
        (Some("pro"), Some("past_due"))
    );

    answers.assert_no_secret(KEY);
    let logs = log_text();
    assert!(
        logs.contains("stored the subscription's state"),
        "the logs were captured"
    );
    for secret in [KEY, WEBHOOK_SECRET] {
        assert!(!logs.contains(secret), "the logs carry a secret:\n{logs}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_usable_key_billing_is_unavailable_and_the_key_never_leaks() {
    captured_logs();
    // No key at all: billing is off.
    let unconfigured =
        TestServer::start(Backend::Sqlite, &[("ALTLOOM_STRIPE_PRICE_PRO", PRO_PRICE)]).await;
    let ben = unconfigured.signup("Ben").await;
    let mut answers = Answers(Vec::new());
    for (path, body) in [
        ("billing/checkout", Some(json!({"plan": "pro"}))),
        ("billing/portal", None),
    ] {
        let (status, answer) = answers
            .post(
                &unconfigured,
                &format!("/v1/workspaces/{}/{path}", ben.workspace_id),
                &ben.token,
                body,
            )
            .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
        assert_eq!(answer["error"]["code"], "billing_unavailable");
    }
    unconfigured.stop().await;

    // A key Stripe refuses: Stripe's message (which names the key) is logged, never relayed,
    // and no customer is stored.
    let fake = FakeStripe::start(KEY, &[PRO_PRICE]).await;
    let wrong_key = "sk_test_51WrongKeyThatStripeRefuses987654321";
    let server = server_for(&fake, wrong_key).await;
    let cleo = server.signup("Cleo").await;
    let (status, answer) = answers
        .post(
            &server,
            &format!("/v1/workspaces/{}/billing/checkout", cleo.workspace_id),
            &cleo.token,
            Some(json!({"plan": "pro"})),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["error"]["code"], "billing_unavailable");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("misconfigured"),
        "{answer}"
    );
    let requests = fake.requests();
    assert_eq!(
        requests.len(),
        1,
        "a refused key is not retried: {requests:?}"
    );
    assert_eq!(requests[0].status, 401);
    assert!(server
        .state
        .store
        .billing(&cleo.workspace_id)
        .await
        .unwrap()
        .is_none());
    answers.assert_no_secret(wrong_key);
    answers.assert_no_secret(KEY);
    // Stripe's refusal is in the log, with the key it repeated taken out.
    let logs = log_text();
    assert!(logs.contains("Stripe refused a call"), "{logs}");
    assert!(
        logs.contains("Invalid API Key provided: <redacted>"),
        "{logs}"
    );
    assert!(!logs.contains(wrong_key), "the logs carry the key:\n{logs}");
    server.stop().await;
}

/// The fake is only worth something if it refuses what Stripe refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_refuses_what_stripe_refuses() {
    let fake = FakeStripe::start(KEY, &[PRO_PRICE]).await;
    let http = reqwest::Client::new();
    let send = |request: reqwest::RequestBuilder| async move {
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json::<Value>().await.unwrap())
    };
    let url = |path: &str| format!("{}{path}", fake.base);
    let form = "application/x-www-form-urlencoded";

    let (status, answer) = send(
        http.post(url("/v1/customers"))
            .header("stripe-version", API_VERSION),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    assert_eq!(answer["error"]["type"], "invalid_request_error");
    let (status, _) = send(
        http.post(url("/v1/customers"))
            .bearer_auth("sk_test_other")
            .header("stripe-version", API_VERSION),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, answer) = send(
        http.post(url("/v1/customers"))
            .bearer_auth(KEY)
            .header("stripe-version", "2020-08-27")
            .header("idempotency-key", "k1")
            .header("content-type", form),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("API version"));
    let authorised = |request: reqwest::RequestBuilder| {
        request
            .bearer_auth(KEY)
            .header("stripe-version", API_VERSION)
    };
    let (status, _) =
        send(authorised(http.post(url("/v1/customers"))).header("content-type", form)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no idempotency key");
    let (status, _) = send(
        authorised(http.post(url("/v1/customers")))
            .header("idempotency-key", "k2")
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a JSON body");
    let (status, answer) = send(
        authorised(http.post(url("/v1/checkout/sessions")))
            .header("idempotency-key", "k3")
            .header("content-type", form)
            .body("success_url=https%3A%2F%2Fx.test"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["code"], "parameter_missing");
    assert_eq!(answer["error"]["param"], "mode");
    let (status, answer) = send(
        authorised(http.post(url("/v1/billing_portal/sessions")))
            .header("idempotency-key", "k4")
            .header("content-type", form)
            .body("return_url=https%3A%2F%2Fx.test"),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["param"].clone()),
        (StatusCode::BAD_REQUEST, json!("customer"))
    );
    let (status, _) = send(
        authorised(http.post(url("/v1/customers")))
            .header("idempotency-key", "k5")
            .header("content-type", form)
            .body("colour=blue"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an unknown parameter");
    // The same key with other parameters is an idempotency error; with the same ones, the same
    // customer comes back.
    let create = |body: &'static str| {
        authorised(http.post(url("/v1/customers")))
            .header("idempotency-key", "k6")
            .header("content-type", form)
            .body(body)
    };
    let (status, first) = send(create("metadata%5Bworkspace_id%5D=ws_1")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (_, second) = send(create("metadata%5Bworkspace_id%5D=ws_1")).await;
    assert_eq!(first["id"], second["id"]);
    let (status, answer) = send(create("metadata%5Bworkspace_id%5D=ws_2")).await;
    assert_eq!(
        (status, answer["error"]["type"].clone()),
        (StatusCode::BAD_REQUEST, json!("idempotency_error"))
    );
    let (status, _) = send(authorised(http.get(url("/v1/subscriptions/sub_none")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(authorised(http.get(url("/v1/charges")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
