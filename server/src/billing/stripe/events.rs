//! Tolerant reading of Stripe events and of the objects they carry (subscriptions, invoices,
//! Checkout Sessions).
//!
//! Webhook payloads follow the API version of the endpoint that receives them, so the same
//! fact can sit in different places: since 2025-03-31 the billing period is on each subscription
//! item (`items.data[].current_period_start/end`), before that on the subscription itself; an item
//! names its `price`, older ones only their `plan`; an invoice points at its subscription through
//! `parent.subscription_details.subscription`, older ones through `subscription`; ids may be plain
//! strings or expanded objects. Every reader here accepts each of these shapes and treats
//! anything it does not find as absent rather than as an error, so a new field or a missing
//! optional one never makes Stripe retry a delivery forever.

use serde_json::Value;

use crate::billing::plans::{Plans, FREE_PLAN};

/// Why a signed body is not a Stripe event.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the event has no `{0}`")]
    Missing(&'static str),
}

/// The envelope of one delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    /// The event type, such as `customer.subscription.updated`.
    pub kind: String,
    /// When Stripe created the event (Unix seconds): the time the carried state is from.
    pub created: i64,
    /// `data.object`: the object as it was when the event happened.
    pub object: Value,
}

/// What an event type means for billing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    CheckoutCompleted,
    SubscriptionChanged,
    SubscriptionDeleted,
    /// `invoice.paid`, and the older `invoice.payment_succeeded`.
    InvoicePaid,
    InvoicePaymentFailed,
    /// Anything else: acknowledged and ignored.
    Other,
}

impl EventKind {
    pub fn of(kind: &str) -> EventKind {
        match kind {
            "checkout.session.completed" => EventKind::CheckoutCompleted,
            "customer.subscription.created" | "customer.subscription.updated" => {
                EventKind::SubscriptionChanged
            }
            "customer.subscription.deleted" => EventKind::SubscriptionDeleted,
            "invoice.paid" | "invoice.payment_succeeded" => EventKind::InvoicePaid,
            "invoice.payment_failed" => EventKind::InvoicePaymentFailed,
            _ => EventKind::Other,
        }
    }
}

/// Reads the envelope of a delivery whose signature was already checked.
pub fn parse_event(body: &[u8]) -> Result<Event, EventError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|error| EventError::NotJson(error.to_string()))?;
    if !value.is_object() {
        return Err(EventError::NotJson("the body is not a JSON object".into()));
    }
    let id = text(&value["id"]).ok_or(EventError::Missing("id"))?;
    let kind = text(&value["type"]).ok_or(EventError::Missing("type"))?;
    let created = integer(&value["created"]).ok_or(EventError::Missing("created"))?;
    let object = value
        .get("data")
        .and_then(|data| data.get("object"))
        .filter(|object| object.is_object())
        .cloned()
        .ok_or(EventError::Missing("data.object"))?;
    Ok(Event {
        id,
        kind,
        created,
        object,
    })
}

/// One subscription item: the price (or legacy plan) it sells and its period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionItem {
    pub price: Option<String>,
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
}

/// A subscription, as much of it as billing needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub customer: Option<String>,
    pub status: String,
    pub items: Vec<SubscriptionItem>,
    /// The legacy single plan on the subscription itself.
    pub plan: Option<String>,
    /// The top-level period of API versions before 2025-03-31.
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
    pub cancel_at_period_end: bool,
    pub cancel_at: Option<i64>,
    /// `metadata.workspace_id`, set through the Checkout Session's `subscription_data`.
    pub workspace_id: Option<String>,
}

/// A subscription's state mapped onto the configured plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionState {
    /// The plan the subscription sells, or `free` when its price sells no configured plan.
    pub plan: String,
    /// The price (or legacy plan) id that decided the plan.
    pub price: Option<String>,
    /// False when no price of the subscription sells a configured plan.
    pub price_known: bool,
    pub status: String,
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
    pub cancel_at_period_end: bool,
}

impl Subscription {
    /// Reads a subscription object; `None` when it has no id.
    pub fn from_value(value: &Value) -> Option<Subscription> {
        let id = text(&value["id"])?;
        let items = value["items"]["data"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| SubscriptionItem {
                        price: id_of(&item["price"]).or_else(|| id_of(&item["plan"])),
                        period_start: integer(&item["current_period_start"]),
                        period_end: integer(&item["current_period_end"]),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Subscription {
            id,
            customer: id_of(&value["customer"]),
            // A subscription without a status is treated as one that no longer pays.
            status: text(&value["status"]).unwrap_or_else(|| "canceled".to_string()),
            items,
            plan: id_of(&value["plan"]),
            period_start: integer(&value["current_period_start"]),
            period_end: integer(&value["current_period_end"]),
            cancel_at_period_end: flag(&value["cancel_at_period_end"]),
            cancel_at: integer(&value["cancel_at"]),
            workspace_id: text(&value["metadata"]["workspace_id"]),
        })
    }

    /// Maps the subscription onto `plans`: the first item whose price sells a configured plan
    /// decides (else the first item, else the legacy top-level plan). Its period comes from the
    /// item, falling back to the subscription's top-level fields. A cancellation scheduled for
    /// the end of the period (`cancel_at_period_end`, or `cancel_at` at the period's end) is
    /// reported as such.
    pub fn state(&self, plans: &Plans) -> SubscriptionState {
        let known = self.items.iter().find_map(|item| {
            let price = item.price.as_deref()?;
            plans.by_price(price).map(|plan| (item, plan))
        });
        let (item, plan, price_known) = match known {
            Some((item, plan)) => (Some(item), Some(plan.to_string()), true),
            None => match self.plan.as_deref().and_then(|price| plans.by_price(price)) {
                Some(plan) => (self.items.first(), Some(plan.to_string()), true),
                None => (self.items.first(), None, false),
            },
        };
        let price = item
            .and_then(|item| item.price.clone())
            .or_else(|| self.plan.clone());
        let period_start = item
            .and_then(|item| item.period_start)
            .or(self.period_start);
        let period_end = item.and_then(|item| item.period_end).or(self.period_end);
        let cancel_at_period_end = self.cancel_at_period_end
            || self
                .cancel_at
                .zip(period_end)
                .is_some_and(|(cancel_at, end)| cancel_at == end);
        SubscriptionState {
            plan: plan.unwrap_or_else(|| FREE_PLAN.to_string()),
            price_known,
            price,
            status: self.status.clone(),
            period_start,
            period_end,
            cancel_at_period_end,
        }
    }
}

/// An invoice, as much of it as billing needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    pub id: String,
    pub customer: Option<String>,
    pub subscription: Option<String>,
    /// The subscription's `metadata.workspace_id` when the invoice carries it.
    pub workspace_id: Option<String>,
    /// The period of the invoice's subscription line, which is the period it pays for.
    pub line_period: Option<(i64, i64)>,
}

impl Invoice {
    /// Reads an invoice object; `None` when it has no id.
    pub fn from_value(value: &Value) -> Option<Invoice> {
        let id = text(&value["id"])?;
        let lines = value["lines"]["data"].as_array();
        let line_subscription = || {
            lines?.iter().find_map(|line| {
                id_of(&line["parent"]["subscription_item_details"]["subscription"])
                    .or_else(|| id_of(&line["subscription"]))
            })
        };
        let subscription = id_of(&value["parent"]["subscription_details"]["subscription"])
            .or_else(|| id_of(&value["subscription"]))
            .or_else(line_subscription);
        let workspace_id =
            text(&value["parent"]["subscription_details"]["metadata"]["workspace_id"])
                .or_else(|| text(&value["subscription_details"]["metadata"]["workspace_id"]));
        let line_period = lines.and_then(|lines| {
            lines.iter().find_map(|line| {
                let is_subscription_line = line["type"].as_str() == Some("subscription")
                    || line["parent"]["type"].as_str() == Some("subscription_item_details")
                    || !line["subscription"].is_null();
                if !is_subscription_line {
                    return None;
                }
                integer(&line["period"]["start"]).zip(integer(&line["period"]["end"]))
            })
        });
        Some(Invoice {
            id,
            customer: id_of(&value["customer"]),
            subscription,
            workspace_id,
            line_period,
        })
    }
}

/// A Checkout Session, as much of it as billing needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    pub mode: Option<String>,
    pub customer: Option<String>,
    /// The subscription's id; [`CheckoutSession::subscription_object`] has it when expanded.
    pub subscription: Option<String>,
    pub subscription_object: Option<Value>,
    pub client_reference_id: Option<String>,
    pub workspace_id: Option<String>,
}

impl CheckoutSession {
    /// Reads a Checkout Session object; `None` when it has no id.
    pub fn from_value(value: &Value) -> Option<CheckoutSession> {
        Some(CheckoutSession {
            id: text(&value["id"])?,
            mode: text(&value["mode"]),
            customer: id_of(&value["customer"]),
            subscription: id_of(&value["subscription"]),
            subscription_object: value
                .get("subscription")
                .filter(|subscription| subscription.is_object())
                .cloned(),
            client_reference_id: text(&value["client_reference_id"]),
            workspace_id: text(&value["metadata"]["workspace_id"]),
        })
    }
}

/// A non-empty string.
fn text(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_string)
}

/// An id given either as a string or as an expanded object with an `id`.
fn id_of(value: &Value) -> Option<String> {
    text(value).or_else(|| text(&value["id"]))
}

/// A whole number, also when sent as a string or a float.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().map(|float| float as i64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean, also when sent as the string `true`.
fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::String(text) => text == "true",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plans() -> Plans {
        Plans::defaults(Some("price_pro".into()), Some("plan_agency_legacy".into()))
    }

    /// A subscription as API version 2025-03-31.basil sends it: the period only on the items.
    fn current_subscription() -> Value {
        json!({
            "id": "sub_1",
            "object": "subscription",
            "customer": "cus_1",
            "status": "active",
            "cancel_at_period_end": false,
            "cancel_at": null,
            "metadata": {"workspace_id": "ws_1"},
            "items": {
                "object": "list",
                "data": [{
                    "id": "si_1",
                    "object": "subscription_item",
                    "current_period_start": 1_780_000_000,
                    "current_period_end": 1_782_592_000,
                    "price": {"id": "price_pro", "object": "price", "product": "prod_1"},
                    "quantity": 1
                }]
            }
        })
    }

    #[test]
    fn envelopes_are_read_and_checked() {
        let event = parse_event(
            br#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1780000000,
                 "api_version":"2025-03-31.basil","data":{"object":{"id":"in_1"}}}"#,
        )
        .unwrap();
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.created, 1_780_000_000);
        assert_eq!(EventKind::of(&event.kind), EventKind::InvoicePaid);
        assert_eq!(event.object["id"], "in_1");
        assert!(matches!(
            parse_event(b"{not json"),
            Err(EventError::NotJson(_))
        ));
        assert!(matches!(parse_event(b"[1]"), Err(EventError::NotJson(_))));
        assert!(matches!(
            parse_event(br#"{"id":"evt_1","type":"x","created":1}"#),
            Err(EventError::Missing("data.object"))
        ));
        assert!(matches!(
            parse_event(br#"{"type":"x","created":1,"data":{"object":{}}}"#),
            Err(EventError::Missing("id"))
        ));
    }

    #[test]
    fn event_types_map_to_kinds() {
        assert_eq!(
            EventKind::of("invoice.payment_succeeded"),
            EventKind::InvoicePaid
        );
        assert_eq!(
            EventKind::of("customer.subscription.created"),
            EventKind::SubscriptionChanged
        );
        assert_eq!(
            EventKind::of("customer.subscription.deleted"),
            EventKind::SubscriptionDeleted
        );
        assert_eq!(EventKind::of("charge.refunded"), EventKind::Other);
    }

    #[test]
    fn the_current_shape_reads_the_period_from_the_items() {
        let subscription = Subscription::from_value(&current_subscription()).unwrap();
        assert_eq!(subscription.customer.as_deref(), Some("cus_1"));
        assert_eq!(subscription.workspace_id.as_deref(), Some("ws_1"));
        let state = subscription.state(&plans());
        assert_eq!(
            state,
            SubscriptionState {
                plan: "pro".into(),
                price: Some("price_pro".into()),
                price_known: true,
                status: "active".into(),
                period_start: Some(1_780_000_000),
                period_end: Some(1_782_592_000),
                cancel_at_period_end: false,
            }
        );
    }

    #[test]
    fn the_period_falls_back_to_the_top_level_fields() {
        let mut value = current_subscription();
        let item = &mut value["items"]["data"][0];
        item.as_object_mut().unwrap().remove("current_period_start");
        item.as_object_mut().unwrap().remove("current_period_end");
        value["current_period_start"] = json!(1_700_000_000);
        value["current_period_end"] = json!(1_702_592_000);
        let state = Subscription::from_value(&value).unwrap().state(&plans());
        assert_eq!(state.period_start, Some(1_700_000_000));
        assert_eq!(state.period_end, Some(1_702_592_000));
    }

    #[test]
    fn cancellation_at_the_period_end_is_read_from_either_field() {
        let mut value = current_subscription();
        value["cancel_at_period_end"] = json!(true);
        assert!(
            Subscription::from_value(&value)
                .unwrap()
                .state(&plans())
                .cancel_at_period_end
        );
        let mut value = current_subscription();
        value["cancel_at"] = json!(1_782_592_000);
        assert!(
            Subscription::from_value(&value)
                .unwrap()
                .state(&plans())
                .cancel_at_period_end
        );
        // A cancellation at another moment is not one at the period's end.
        value["cancel_at"] = json!(1_781_000_000);
        assert!(
            !Subscription::from_value(&value)
                .unwrap()
                .state(&plans())
                .cancel_at_period_end
        );
    }

    #[test]
    fn an_unknown_price_maps_to_free_and_says_so() {
        let mut value = current_subscription();
        value["items"]["data"][0]["price"] = json!({"id": "price_unknown"});
        let state = Subscription::from_value(&value).unwrap().state(&plans());
        assert_eq!(state.plan, "free");
        assert_eq!(state.price.as_deref(), Some("price_unknown"));
        assert!(!state.price_known);
    }

    #[test]
    fn the_item_that_sells_a_plan_wins_over_others() {
        let mut value = current_subscription();
        let items = value["items"]["data"].as_array_mut().unwrap();
        items.insert(
            0,
            json!({"price": "price_addon", "current_period_start": 1, "current_period_end": 2}),
        );
        let state = Subscription::from_value(&value).unwrap().state(&plans());
        assert_eq!(state.plan, "pro");
        assert_eq!(state.period_start, Some(1_780_000_000));
    }

    /// What localstripe sends: API 2017-08-15, a legacy plan on the item and on the
    /// subscription, the period at the top level, ids expanded in places.
    #[test]
    fn localstripe_shapes_are_understood() {
        let value = json!({
            "id": "sub_Ls1",
            "object": "subscription",
            "customer": "cus_Ls1",
            "status": "active",
            "cancel_at_period_end": false,
            "cancel_at": null,
            "current_period_start": 1_700_000_000,
            "current_period_end": 1_702_592_000,
            "metadata": {},
            "plan": {"id": "plan_agency_legacy", "object": "plan", "amount": 2000},
            "items": {
                "object": "list",
                "data": [{
                    "id": "si_Ls1",
                    "object": "subscription_item",
                    "plan": {"id": "plan_agency_legacy", "object": "plan"},
                    "quantity": 1
                }]
            }
        });
        let subscription = Subscription::from_value(&value).unwrap();
        assert_eq!(subscription.workspace_id, None);
        let state = subscription.state(&plans());
        assert_eq!(state.plan, "agency");
        assert_eq!(state.price.as_deref(), Some("plan_agency_legacy"));
        assert_eq!(state.period_start, Some(1_700_000_000));
        assert_eq!(state.period_end, Some(1_702_592_000));

        // Only a top-level plan, no items at all.
        let bare = json!({"id": "sub_2", "status": "trialing", "plan": "plan_agency_legacy",
                          "customer": {"id": "cus_2", "object": "customer"}});
        let subscription = Subscription::from_value(&bare).unwrap();
        assert_eq!(subscription.customer.as_deref(), Some("cus_2"));
        assert_eq!(subscription.state(&plans()).plan, "agency");

        // Its invoices name the subscription at the top level and in the lines.
        let invoice = Invoice::from_value(&json!({
            "id": "in_Ls1",
            "object": "invoice",
            "customer": "cus_Ls1",
            "subscription": "sub_Ls1",
            "lines": {"data": [{"id": "sli_1", "type": "subscription", "subscription": "sub_Ls1",
                                "period": {"start": 1_700_000_000, "end": 1_702_592_000}}]}
        }))
        .unwrap();
        assert_eq!(invoice.subscription.as_deref(), Some("sub_Ls1"));
        assert_eq!(invoice.line_period, Some((1_700_000_000, 1_702_592_000)));
    }

    #[test]
    fn current_invoices_name_their_subscription_through_the_parent() {
        let invoice = Invoice::from_value(&json!({
            "id": "in_1",
            "object": "invoice",
            "customer": "cus_1",
            "parent": {
                "type": "subscription_details",
                "subscription_details": {
                    "subscription": "sub_1",
                    "metadata": {"workspace_id": "ws_1"}
                }
            },
            "lines": {"data": [{
                "id": "il_1",
                "parent": {"type": "subscription_item_details",
                           "subscription_item_details": {"subscription": "sub_1"}},
                "period": {"start": 1_780_000_000, "end": 1_782_592_000}
            }]}
        }))
        .unwrap();
        assert_eq!(invoice.subscription.as_deref(), Some("sub_1"));
        assert_eq!(invoice.workspace_id.as_deref(), Some("ws_1"));
        assert_eq!(invoice.line_period, Some((1_780_000_000, 1_782_592_000)));
        // A one-off invoice has no subscription.
        let one_off = Invoice::from_value(&json!({"id": "in_2", "customer": "cus_1"})).unwrap();
        assert_eq!(one_off.subscription, None);
    }

    #[test]
    fn checkout_sessions_link_a_workspace() {
        let session = CheckoutSession::from_value(&json!({
            "id": "cs_1",
            "object": "checkout.session",
            "mode": "subscription",
            "customer": "cus_1",
            "subscription": "sub_1",
            "client_reference_id": "ws_1",
            "metadata": {"workspace_id": "ws_1"}
        }))
        .unwrap();
        assert_eq!(session.subscription.as_deref(), Some("sub_1"));
        assert_eq!(session.subscription_object, None);
        assert_eq!(session.client_reference_id.as_deref(), Some("ws_1"));
        let expanded = CheckoutSession::from_value(&json!({
            "id": "cs_2", "subscription": current_subscription()
        }))
        .unwrap();
        assert_eq!(expanded.subscription.as_deref(), Some("sub_1"));
        assert!(expanded.subscription_object.is_some());
    }
}
