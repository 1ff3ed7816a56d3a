//! The Stripe webhook against a running server: deliveries signed exactly as Stripe signs them,
//! in the shape of API version 2025-03-31.basil, and what each does to the workspace's plan as
//! `GET /v1/workspaces/{id}/usage` reports it. No secret key is configured here, so the server
//! works from the events alone (the fetching path is in `stripe_api.rs`).

mod common;
mod stripe_support;

use common::{Account, Backend, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};
use stripe_support::{
    checkout_session, deliver, deliver_signed, event, invoice, now, signature, usage, v1,
    SubscriptionFixture,
};

const CURRENT_SECRET: &str = "whsec_current_0123456789abcdef";
const PREVIOUS_SECRET: &str = "whsec_previous_0123456789abcdef";
const PRO_PRICE: &str = "price_1ProMonthly";
const AGENCY_PRICE: &str = "price_1AgencyMonthly";

async fn server(extra: &[(&str, &str)]) -> TestServer {
    let secrets = format!("{CURRENT_SECRET},{PREVIOUS_SECRET}");
    let mut overrides = vec![
        ("ALTLOOM_STRIPE_WEBHOOK_SECRETS", secrets.as_str()),
        ("ALTLOOM_STRIPE_PRICE_PRO", PRO_PRICE),
        ("ALTLOOM_STRIPE_PRICE_AGENCY", AGENCY_PRICE),
    ];
    overrides.extend_from_slice(extra);
    TestServer::start(Backend::Sqlite, &overrides).await
}

/// Plan, status and end of a cancelled period, as the usage endpoint reports them.
async fn plan_of(server: &TestServer, account: &Account) -> (String, String, Option<i64>) {
    let usage = usage(server, &account.token, &account.workspace_id).await;
    let cancels_at = usage["cancels_at"]
        .as_str()
        .map(|text| altloom_shared::time::Timestamp::parse(text).unwrap().0);
    (
        usage["plan"].as_str().unwrap().to_string(),
        usage["status"].as_str().unwrap().to_string(),
        cancels_at,
    )
}

fn owned(plan: &str, status: &str, cancels_at: Option<i64>) -> (String, String, Option<i64>) {
    (plan.to_string(), status.to_string(), cancels_at)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_drive_the_plan_and_bad_ones_change_nothing() {
    let server = server(&[]).await;
    let ana = server.signup("Ana").await;
    let workspace = ana.workspace_id.as_str();
    let free = owned("free", "none", None);
    let subscription =
        SubscriptionFixture::active("sub_1Ana", "cus_1Ana", Some(workspace), PRO_PRICE);
    let created = event(
        "evt_1Created",
        "customer.subscription.created",
        now() - 60,
        subscription.object(),
    );
    let body = serde_json::to_vec_pretty(&created).unwrap();

    // Forged: signed with a secret the server does not have.
    let (status, answer) = deliver(&server, &body, Some(&signature("whsec_forged", &body))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_request");
    // No signature at all.
    let (status, _) = deliver(&server, &body, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Genuine but stale: signed ten minutes ago (a captured delivery replayed later).
    let stale_time = now() - 600;
    let stale = format!(
        "t={stale_time},v1={}",
        v1(CURRENT_SECRET, stale_time, &body)
    );
    let (status, answer) = deliver(&server, &body, Some(&stale)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // A signature over other bytes: the body was altered after signing.
    let altered = String::from_utf8(body.clone())
        .unwrap()
        .replace(PRO_PRICE, AGENCY_PRICE);
    let (status, _) = deliver(
        &server,
        altered.as_bytes(),
        Some(&signature(CURRENT_SECRET, &body)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(plan_of(&server, &ana).await, free);

    // Genuine: the workspace is on pro, with the period from the subscription item.
    let header = signature(CURRENT_SECRET, &body);
    let (status, answer) = deliver(&server, &body, Some(&header)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "applied");
    let after_created = usage(&server, &ana.token, workspace).await;
    assert_eq!(after_created["plan"], "pro");
    assert_eq!(after_created["status"], "active");
    assert_eq!(after_created["credits"]["allowance"], 2_000);
    assert_eq!(
        after_created["period_start"],
        altloom_shared::time::Timestamp(subscription.period_start).to_string()
    );
    assert_eq!(
        after_created["period_end"],
        altloom_shared::time::Timestamp(subscription.period_end).to_string()
    );

    // Replayed, with the same header and with a fresh one: nothing happens.
    for replay_header in [header.clone(), signature(CURRENT_SECRET, &body)] {
        let (status, answer) = deliver(&server, &body, Some(&replay_header)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["outcome"], "duplicate");
    }
    assert_eq!(usage(&server, &ana.token, workspace).await, after_created);

    // Out of order: the later update (cancel at period end) arrives before an earlier one
    // (past due). The earlier one must not undo the later.
    let later = event(
        "evt_3Later",
        "customer.subscription.updated",
        now() - 20,
        subscription.clone().cancelling().object(),
    );
    let earlier = event(
        "evt_2Earlier",
        "customer.subscription.updated",
        now() - 40,
        subscription.clone().with_status("past_due").object(),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &later).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied"))
    );
    let cancelling = owned("pro", "active", Some(subscription.period_end));
    assert_eq!(plan_of(&server, &ana).await, cancelling);
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &earlier).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "ignored", "{answer}");
    assert_eq!(plan_of(&server, &ana).await, cancelling);

    // Secret rotation: a delivery signed with the previous secret is accepted, and so is a
    // header carrying several v1 values of which one matches.
    let resumed = event(
        "evt_4Resumed",
        "customer.subscription.updated",
        now() - 10,
        subscription.object(),
    );
    let (status, answer) = deliver_signed(&server, PREVIOUS_SECRET, &resumed).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied"))
    );
    assert_eq!(plan_of(&server, &ana).await, owned("pro", "active", None));
    let upgraded = event(
        "evt_5Upgraded",
        "customer.subscription.updated",
        now() - 5,
        SubscriptionFixture {
            price: AGENCY_PRICE.into(),
            ..subscription.clone()
        }
        .object(),
    );
    let body = serde_json::to_vec(&upgraded).unwrap();
    let timestamp = now();
    let two_values = format!(
        "t={timestamp},v1={},v1={},v0={}",
        v1("whsec_stripe_rolled_this_one", timestamp, &body),
        v1(CURRENT_SECRET, timestamp, &body),
        v1(CURRENT_SECRET, timestamp, &body)
    );
    let (status, answer) = deliver(&server, &body, Some(&two_values)).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied"))
    );
    assert_eq!(
        plan_of(&server, &ana).await,
        owned("agency", "active", None)
    );

    // An event type billing does not use: acknowledged, ignored.
    let unknown = event(
        "evt_6Unknown",
        "charge.dispute.created",
        now(),
        json!({"id": "dp_1", "object": "dispute", "amount": 1500}),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &unknown).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "ignored");

    // Malformed JSON with a valid signature: refused, not stored.
    let broken = br#"{"id": "evt_7Broken", "type": "customer.subscription.deleted", "data": {"#;
    let (status, answer) = deliver(&server, broken, Some(&signature(CURRENT_SECRET, broken))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // JSON, but not an event.
    let not_event = br#"{"hello": "world"}"#;
    let (status, _) = deliver(
        &server,
        not_event,
        Some(&signature(CURRENT_SECRET, not_event)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        plan_of(&server, &ana).await,
        owned("agency", "active", None)
    );

    // A failed renewal: past due keeps the plan during the grace period; paying restores it.
    let agency = SubscriptionFixture {
        price: AGENCY_PRICE.into(),
        ..subscription.clone()
    };
    let failed = event(
        "evt_8Failed",
        "invoice.payment_failed",
        now() - 3,
        invoice(&agency, "open"),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &failed).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    assert_eq!(
        plan_of(&server, &ana).await,
        owned("agency", "past_due", None)
    );
    let paid = event(
        "evt_9Paid",
        "invoice.paid",
        now() - 2,
        invoice(&agency, "paid"),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &paid).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    assert_eq!(
        plan_of(&server, &ana).await,
        owned("agency", "active", None)
    );

    // Deleted: back to free at once.
    let deleted = event(
        "evt_10Deleted",
        "customer.subscription.deleted",
        now() - 1,
        agency.clone().with_status("canceled").object(),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &deleted).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied"))
    );
    let canceled = owned("free", "canceled", None);
    assert_eq!(plan_of(&server, &ana).await, canceled);

    // Every delivery again, in another order: all duplicates, and nothing moves.
    let snapshot = usage(&server, &ana.token, workspace).await;
    for replayed in [
        &paid, &created, &upgraded, &later, &failed, &deleted, &resumed, &unknown,
    ] {
        let (status, answer) = deliver_signed(&server, CURRENT_SECRET, replayed).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["outcome"], "duplicate", "{replayed}");
    }
    assert_eq!(usage(&server, &ana.token, workspace).await, snapshot);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_are_found_through_checkout_and_customer_and_unknown_ones_are_ignored() {
    let server = server(&[]).await;
    let ben = server.signup("Ben").await;
    let cleo = server.signup("Cleo").await;

    // Checkout completed: the session names the workspace and links its customer.
    let completed = event(
        "evt_20Checkout",
        "checkout.session.completed",
        now() - 30,
        checkout_session(&ben.workspace_id, "cus_2Ben", "sub_2Ben"),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &completed).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    let record = server
        .state
        .store
        .billing(&ben.workspace_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.stripe_customer_id.as_deref(), Some("cus_2Ben"));
    assert_eq!(plan_of(&server, &ben).await, owned("free", "none", None));

    // The subscription carries no workspace metadata: its customer leads to Ben's workspace.
    let subscription = SubscriptionFixture::active("sub_2Ben", "cus_2Ben", None, PRO_PRICE);
    let created = event(
        "evt_21Created",
        "customer.subscription.created",
        now() - 20,
        subscription.object(),
    );
    let (status, answer) = deliver_signed(&server, CURRENT_SECRET, &created).await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    assert_eq!(plan_of(&server, &ben).await, owned("pro", "active", None));
    assert_eq!(plan_of(&server, &cleo).await, owned("free", "none", None));

    // Neither a known workspace nor a known customer: acknowledged and ignored, so Stripe does
    // not retry it for days.
    let stranger =
        SubscriptionFixture::active("sub_9", "cus_9Unknown", Some("ws_doesnotexist"), PRO_PRICE);
    let (status, answer) = deliver_signed(
        &server,
        CURRENT_SECRET,
        &event(
            "evt_22Stranger",
            "customer.subscription.created",
            now(),
            stranger.object(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "ignored");

    // A price no plan sells: the webhook succeeds and the workspace stays on free.
    let odd = SubscriptionFixture::active(
        "sub_3Cleo",
        "cus_3Cleo",
        Some(&cleo.workspace_id),
        "price_1Legacy2019",
    );
    let (status, answer) = deliver_signed(
        &server,
        CURRENT_SECRET,
        &event(
            "evt_23OddPrice",
            "customer.subscription.created",
            now(),
            odd.object(),
        ),
    )
    .await;
    assert_eq!(
        (status, answer["outcome"].clone()),
        (StatusCode::OK, json!("applied")),
        "{answer}"
    );
    assert_eq!(plan_of(&server, &cleo).await, owned("free", "active", None));

    // The end of a subscription Ben has since replaced does not touch the current one.
    let old =
        SubscriptionFixture::active("sub_1Old", "cus_2Ben", Some(&ben.workspace_id), PRO_PRICE)
            .with_status("canceled");
    let (status, answer) = deliver_signed(
        &server,
        CURRENT_SECRET,
        &event(
            "evt_24OldEnded",
            "customer.subscription.deleted",
            now(),
            old.object(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "ignored");
    assert_eq!(plan_of(&server, &ben).await, owned("pro", "active", None));

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grace_and_cancellation_follow_the_stored_state() {
    // No grace at all: past due falls back to free at once, and the status still says why.
    let server = server(&[("ALTLOOM_PAST_DUE_GRACE_DAYS", "0")]).await;
    let dana = server.signup("Dana").await;
    let subscription = SubscriptionFixture::active(
        "sub_4Dana",
        "cus_4Dana",
        Some(&dana.workspace_id),
        PRO_PRICE,
    );
    let (status, _) = deliver_signed(
        &server,
        CURRENT_SECRET,
        &event(
            "evt_30",
            "customer.subscription.updated",
            now() - 10,
            subscription.clone().with_status("past_due").object(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        plan_of(&server, &dana).await,
        owned("free", "past_due", None)
    );

    // A cancellation at the end of a period that has already ended: free.
    let ended = subscription
        .clone()
        .period(now() - 40 * 86_400, now() - 10 * 86_400)
        .cancelling();
    let (status, _) = deliver_signed(
        &server,
        CURRENT_SECRET,
        &event(
            "evt_31",
            "customer.subscription.updated",
            now() - 5,
            ended.object(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (plan, state, cancels_at) = plan_of(&server, &dana).await;
    assert_eq!((plan.as_str(), state.as_str()), ("free", "active"));
    assert_eq!(cancels_at, Some(ended.period_end));

    // Without any webhook secret the endpoint cannot verify anything: 503, and Stripe retries.
    let unconfigured = TestServer::start(Backend::Sqlite, &[]).await;
    let body = serde_json::to_vec(&event(
        "evt_32",
        "invoice.paid",
        now(),
        json!({"id": "in_1"}),
    ))
    .unwrap();
    let (status, answer): (StatusCode, Value) = deliver(
        &unconfigured,
        &body,
        Some(&signature(CURRENT_SECRET, &body)),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["error"]["code"], "billing_unavailable");
    unconfigured.stop().await;
    server.stop().await;
}
