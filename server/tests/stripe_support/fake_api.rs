//! A fake of the few Stripe API endpoints the server calls, as a small axum server on
//! 127.0.0.1. It records every request and refuses what Stripe refuses, with Stripe-shaped
//! errors: no or wrong API key (401), another `Stripe-Version` than the pinned one, a body that
//! is not form-encoded, missing required parameters, unknown parameters, unknown customers or
//! prices (400), unknown URLs (404), and a reused `Idempotency-Key` with other parameters. It
//! also insists on an `Idempotency-Key` on every POST, which Stripe merely recommends, and
//! answers a repeated key with the first answer, as Stripe does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::API_VERSION;

/// One request as the fake received it, and the status it answered.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub stripe_version: Option<String>,
    pub idempotency_key: Option<String>,
    pub form: Vec<(String, String)>,
    pub status: u16,
}

impl Recorded {
    /// The value of a form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Default)]
struct FakeState {
    secret_key: String,
    prices: Vec<String>,
    requests: Vec<Recorded>,
    customers: HashMap<String, Value>,
    subscriptions: HashMap<String, Value>,
    /// Idempotency key → (method and path, body, status, answer).
    idempotency: HashMap<String, (String, String, u16, Value)>,
    counter: u32,
    rate_limit_next: u32,
}

/// A running fake.
pub struct FakeStripe {
    pub base: String,
    state: Arc<Mutex<FakeState>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeStripe {
    /// Starts a fake that accepts `secret_key` and knows the prices `prices`.
    pub async fn start(secret_key: &str, prices: &[&str]) -> FakeStripe {
        let state = Arc::new(Mutex::new(FakeState {
            secret_key: secret_key.to_string(),
            prices: prices.iter().map(|price| price.to_string()).collect(),
            ..FakeState::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let application = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            axum::serve(listener, application).await.unwrap();
        });
        FakeStripe { base, state, task }
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Makes `GET /v1/subscriptions/{id}` answer `subscription`.
    pub fn set_subscription(&self, subscription: Value) {
        let id = subscription["id"].as_str().unwrap().to_string();
        self.state
            .lock()
            .unwrap()
            .subscriptions
            .insert(id, subscription);
    }

    /// The customer objects created so far.
    pub fn customers(&self) -> Vec<Value> {
        self.state
            .lock()
            .unwrap()
            .customers
            .values()
            .cloned()
            .collect()
    }

    /// Answers the next `count` requests with 429 `rate_limit`, as Stripe does under load.
    pub fn rate_limit_next(&self, count: u32) {
        self.state.lock().unwrap().rate_limit_next = count;
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `{"error":{"type","message",...}}` with `status`.
fn stripe_error(
    status: StatusCode,
    kind: &str,
    message: &str,
    extra: Value,
) -> (StatusCode, Value) {
    let mut error = json!({"type": kind, "message": message});
    if let (Some(error), Some(extra)) = (error.as_object_mut(), extra.as_object()) {
        error.extend(extra.clone());
    }
    (status, json!({ "error": error }))
}

fn missing(param: &str) -> (StatusCode, Value) {
    stripe_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        &format!("Missing required param: {param}."),
        json!({"code": "parameter_missing", "param": param}),
    )
}

fn no_such(what: &str, id: &str, param: &str) -> (StatusCode, Value) {
    stripe_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        &format!("No such {what}: '{id}'"),
        json!({"code": "resource_missing", "param": param}),
    )
}

async fn handle(
    State(state): State<Arc<Mutex<FakeState>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let mut recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_string(),
        authorization: header("authorization"),
        stripe_version: header("stripe-version"),
        idempotency_key: header("idempotency-key"),
        form: form.clone(),
        status: 0,
    };
    let mut state = state.lock().unwrap();
    let (status, answer, retry) = answer(&mut state, &method, uri.path(), &headers, &body, &form);
    recorded.status = status.as_u16();
    state.requests.push(recorded);
    let mut response = (status, Json(answer)).into_response();
    response
        .headers_mut()
        .insert("request-id", "req_fake".parse().unwrap());
    if let Some(retry) = retry {
        response
            .headers_mut()
            .insert("stripe-should-retry", retry.to_string().parse().unwrap());
    }
    response
}

/// The status, body and `Stripe-Should-Retry` of the answer to one request.
fn answer(
    state: &mut FakeState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
    form: &[(String, String)],
) -> (StatusCode, Value, Option<bool>) {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let Some(authorization) = header("authorization") else {
        let (status, body) = stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            "You did not provide an API key. You need to provide your API key in the \
             Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            json!({}),
        );
        return (status, body, None);
    };
    let given = authorization
        .strip_prefix("Bearer ")
        .unwrap_or(authorization);
    if given != state.secret_key {
        // Stripe masks most of a wrong key; the fake repeats it whole, so a server that
        // relays Stripe's messages would be caught leaking it.
        let (status, body) = stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            &format!("Invalid API Key provided: {given}"),
            json!({}),
        );
        return (status, body, None);
    }
    if header("stripe-version") != Some(API_VERSION) {
        let (status, body) = stripe_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            &format!(
                "Invalid Stripe API version: {}",
                header("stripe-version").unwrap_or("(none sent)")
            ),
            json!({}),
        );
        return (status, body, None);
    }
    if state.rate_limit_next > 0 {
        state.rate_limit_next -= 1;
        let (status, body) = stripe_error(
            StatusCode::TOO_MANY_REQUESTS,
            "invalid_request_error",
            "Too many requests hit the API too quickly.",
            json!({"code": "rate_limit"}),
        );
        return (status, body, Some(true));
    }
    if method == Method::POST {
        let form_encoded = header("content-type")
            .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"));
        if !form_encoded {
            let (status, body) = stripe_error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "Invalid request: the body must be application/x-www-form-urlencoded.",
                json!({}),
            );
            return (status, body, None);
        }
        let Some(key) = header("idempotency-key").map(str::to_string) else {
            let (status, body) = stripe_error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "This fake requires an Idempotency-Key on every POST.",
                json!({}),
            );
            return (status, body, None);
        };
        let body = String::from_utf8_lossy(body).to_string();
        if let Some((endpoint, first_body, status, answer)) = state.idempotency.get(&key) {
            if *endpoint != format!("{method} {path}") || *first_body != body {
                let (status, body) = stripe_error(
                    StatusCode::BAD_REQUEST,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters \
                     they were first used with.",
                    json!({}),
                );
                return (status, body, Some(false));
            }
            return (StatusCode::from_u16(*status).unwrap(), answer.clone(), None);
        }
        let (status, answer) = post(state, path, form);
        state.idempotency.insert(
            key,
            (
                format!("{method} {path}"),
                body,
                status.as_u16(),
                answer.clone(),
            ),
        );
        return (status, answer, None);
    }
    let (status, answer) = match path.strip_prefix("/v1/subscriptions/") {
        Some(id) if method == Method::GET => match state.subscriptions.get(id) {
            Some(subscription) => (StatusCode::OK, subscription.clone()),
            None => {
                let (_, body) = no_such("subscription", id, "id");
                (StatusCode::NOT_FOUND, body)
            }
        },
        _ => unknown_url(method, path),
    };
    (status, answer, None)
}

fn unknown_url(method: &Method, path: &str) -> (StatusCode, Value) {
    stripe_error(
        StatusCode::NOT_FOUND,
        "invalid_request_error",
        &format!("Unrecognized request URL ({method}: {path})."),
        json!({}),
    )
}

fn post(state: &mut FakeState, path: &str, form: &[(String, String)]) -> (StatusCode, Value) {
    let param = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let unknown = |allowed: &[&str]| {
        form.iter()
            .map(|(key, _)| key)
            .find(|key| {
                !allowed.iter().any(|allowed| {
                    key.as_str() == *allowed || (allowed.ends_with('[') && key.starts_with(allowed))
                })
            })
            .cloned()
    };
    let unknown_parameter = |name: String| {
        stripe_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            &format!("Received unknown parameter: {name}"),
            json!({"param": name}),
        )
    };
    state.counter += 1;
    let number = state.counter;
    match path {
        "/v1/customers" => {
            if let Some(name) = unknown(&["description", "email", "name", "metadata["]) {
                return unknown_parameter(name);
            }
            let metadata: serde_json::Map<String, Value> = form
                .iter()
                .filter_map(|(key, value)| {
                    let name = key.strip_prefix("metadata[")?.strip_suffix(']')?;
                    Some((name.to_string(), json!(value)))
                })
                .collect();
            let id = format!("cus_Fake{number:04}");
            let customer = json!({
                "id": id,
                "object": "customer",
                "description": param("description"),
                "email": param("email"),
                "livemode": false,
                "metadata": metadata
            });
            state.customers.insert(id, customer.clone());
            (StatusCode::OK, customer)
        }
        "/v1/checkout/sessions" => {
            if let Some(name) = unknown(&[
                "mode",
                "customer",
                "line_items[0][price]",
                "line_items[0][quantity]",
                "success_url",
                "cancel_url",
                "client_reference_id",
                "metadata[",
                "subscription_data[metadata][",
            ]) {
                return unknown_parameter(name);
            }
            for required in ["mode", "line_items[0][price]", "success_url", "customer"] {
                if param(required).is_none() {
                    return missing(required);
                }
            }
            let mode = param("mode").unwrap();
            if !["payment", "setup", "subscription"].contains(&mode.as_str()) {
                return stripe_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request_error",
                    &format!("Invalid mode: {mode}"),
                    json!({"param": "mode"}),
                );
            }
            let customer = param("customer").unwrap();
            if !state.customers.contains_key(&customer) {
                return no_such("customer", &customer, "customer");
            }
            let price = param("line_items[0][price]").unwrap();
            if !state.prices.contains(&price) {
                return no_such("price", &price, "line_items[0][price]");
            }
            let id = format!("cs_test_Fake{number:04}");
            (
                StatusCode::OK,
                json!({
                    "id": id,
                    "object": "checkout.session",
                    "client_reference_id": param("client_reference_id"),
                    "customer": customer,
                    "mode": mode,
                    "status": "open",
                    "success_url": param("success_url"),
                    "cancel_url": param("cancel_url"),
                    "url": format!("https://checkout.stripe.test/c/pay/{id}#fidkdWxOYHwnPyd1blpxYHZxWjA0")
                }),
            )
        }
        "/v1/billing_portal/sessions" => {
            if let Some(name) = unknown(&["customer", "return_url", "configuration"]) {
                return unknown_parameter(name);
            }
            let Some(customer) = param("customer") else {
                return missing("customer");
            };
            if !state.customers.contains_key(&customer) {
                return no_such("customer", &customer, "customer");
            }
            (
                StatusCode::OK,
                json!({
                    "id": format!("bps_Fake{number:04}"),
                    "object": "billing_portal.session",
                    "customer": customer,
                    "return_url": param("return_url"),
                    "url": format!("https://billing.stripe.test/p/session/test_Fake{number:04}")
                }),
            )
        }
        other => unknown_url(&Method::POST, other),
    }
}
