//! The few Stripe API calls billing makes, as plain form-encoded requests over reqwest.
//!
//! Every request goes to the configured base URL (`ALTLOOM_STRIPE_API_BASE`, a test double in
//! tests) with `Authorization: Bearer <secret key>` and the pinned [`STRIPE_VERSION`], and gives
//! up after [`TIMEOUT`]. Every POST carries an `Idempotency-Key`, and a request that failed in a
//! way worth retrying (no answer, 429, 5xx, or Stripe's `Stripe-Should-Retry: true`) is sent once
//! more with the same key, so Stripe performs it at most once. The secret key is never part of
//! an error message or of `Debug` output.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::config::{BillingConfig, SecretText};

/// The Stripe API version every request pins.
pub const STRIPE_VERSION: &str = "2025-03-31.basil";

/// How long one request to Stripe may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How many times a request is sent at most.
const ATTEMPTS: u32 = 2;

/// The pause before sending a request again.
const RETRY_PAUSE: Duration = Duration::from_millis(500);

/// Why a Stripe call failed.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("no Stripe secret key is configured")]
    NotConfigured,
    #[error("cannot reach Stripe: {0}")]
    Transport(String),
    #[error("Stripe answered {status} ({kind}): {message}")]
    Api {
        status: u16,
        kind: String,
        code: Option<String>,
        message: String,
    },
    #[error("Stripe's answer was not understood: {0}")]
    Unexpected(String),
}

impl StripeError {
    /// Whether the object asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, StripeError::Api { status: 404, .. })
    }

    /// Whether trying again later may succeed (Stripe was unreachable, busy or failing).
    pub fn is_transient(&self) -> bool {
        match self {
            StripeError::Transport(_) => true,
            StripeError::Api { status, .. } => *status == 429 || *status >= 500,
            StripeError::NotConfigured | StripeError::Unexpected(_) => false,
        }
    }
}

/// A page Stripe hosts for the customer: a Checkout Session or a Customer Portal session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostedPage {
    pub id: String,
    pub url: String,
}

/// What a Checkout Session for a subscription needs.
#[derive(Clone, Debug)]
pub struct CheckoutSessionRequest<'a> {
    pub workspace_id: &'a str,
    pub customer_id: &'a str,
    pub price_id: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
}

/// A client for one Stripe account.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    base: String,
    secret_key: SecretText,
}

impl std::fmt::Debug for StripeClient {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StripeClient")
            .field("base", &self.base)
            .field("secret_key", &self.secret_key)
            .finish()
    }
}

/// The HTTP client all Stripe calls share (connection pool and TLS set-up are made once).
fn shared_http() -> Result<reqwest::Client, StripeError> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .timeout(TIMEOUT)
                .connect_timeout(Duration::from_secs(5))
                .user_agent(concat!("altloom-server/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|error| error.to_string())
        })
        .clone()
        .map_err(StripeError::Transport)
}

impl StripeClient {
    /// The client the billing configuration describes; [`StripeError::NotConfigured`] without
    /// a secret key.
    pub fn from_config(config: &BillingConfig) -> Result<StripeClient, StripeError> {
        let secret_key = config
            .stripe_secret_key
            .clone()
            .ok_or(StripeError::NotConfigured)?;
        StripeClient::new(&config.stripe_api_base, secret_key)
    }

    /// A client for the API at `base` (such as `https://api.stripe.com`).
    pub fn new(base: &str, secret_key: SecretText) -> Result<StripeClient, StripeError> {
        Ok(StripeClient {
            http: shared_http()?,
            base: base.trim_end_matches('/').to_string(),
            secret_key,
        })
    }

    /// Creates the customer that pays for a workspace, with `metadata[workspace_id]`. The
    /// idempotency key is derived from the workspace and the request, so a retry, or two first
    /// checkouts racing, yield the same customer.
    pub async fn create_customer(&self, workspace_id: &str) -> Result<String, StripeError> {
        let form = [
            ("description", format!("Altloom workspace {workspace_id}")),
            ("metadata[workspace_id]", workspace_id.to_string()),
        ];
        let key = format!(
            "altloom-customer-{workspace_id}-{}",
            content_digest(&encode_form(&form))
        );
        let customer = self.post("/v1/customers", &form, &key).await?;
        required_text(&customer, "id")
    }

    /// Creates a Checkout Session selling `price_id` as a subscription to `customer_id`.
    pub async fn create_checkout_session(
        &self,
        request: &CheckoutSessionRequest<'_>,
        idempotency_key: &str,
    ) -> Result<HostedPage, StripeError> {
        let form = [
            ("mode", "subscription".to_string()),
            ("customer", request.customer_id.to_string()),
            ("line_items[0][price]", request.price_id.to_string()),
            ("line_items[0][quantity]", "1".to_string()),
            ("success_url", request.success_url.to_string()),
            ("cancel_url", request.cancel_url.to_string()),
            ("client_reference_id", request.workspace_id.to_string()),
            ("metadata[workspace_id]", request.workspace_id.to_string()),
            (
                "subscription_data[metadata][workspace_id]",
                request.workspace_id.to_string(),
            ),
        ];
        let session = self
            .post("/v1/checkout/sessions", &form, idempotency_key)
            .await?;
        hosted_page(&session)
    }

    /// Creates a Customer Portal session for `customer_id`.
    pub async fn create_portal_session(
        &self,
        customer_id: &str,
        return_url: &str,
        idempotency_key: &str,
    ) -> Result<HostedPage, StripeError> {
        let form = [
            ("customer", customer_id.to_string()),
            ("return_url", return_url.to_string()),
        ];
        let session = self
            .post("/v1/billing_portal/sessions", &form, idempotency_key)
            .await?;
        hosted_page(&session)
    }

    /// The subscription as Stripe has it now.
    pub async fn subscription(&self, subscription_id: &str) -> Result<Value, StripeError> {
        if subscription_id.is_empty()
            || !subscription_id
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        {
            return Err(StripeError::Unexpected(format!(
                "`{subscription_id}` is not a subscription id"
            )));
        }
        self.send(
            Method::GET,
            &format!("/v1/subscriptions/{subscription_id}"),
            None,
            None,
        )
        .await
    }

    async fn post(
        &self,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: &str,
    ) -> Result<Value, StripeError> {
        let body = encode_form(form);
        self.send(Method::POST, path, Some(body), Some(idempotency_key))
            .await
    }

    /// Sends one request, and once more when the failure is worth retrying.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<Value, StripeError> {
        let mut attempt = 1;
        loop {
            let (result, should_retry) = self
                .send_once(method.clone(), path, body.clone(), idempotency_key)
                .await;
            let retry = match &result {
                Ok(_) => false,
                Err(error) => should_retry.unwrap_or_else(|| error.is_transient()),
            };
            if !retry || attempt >= ATTEMPTS {
                return result;
            }
            if let Err(error) = &result {
                tracing::warn!(%method, path, %error, "a Stripe request failed; trying once more");
            }
            attempt += 1;
            tokio::time::sleep(RETRY_PAUSE).await;
        }
    }

    /// One request; also answers what Stripe's `Stripe-Should-Retry` header said, if anything.
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> (Result<Value, StripeError>, Option<bool>) {
        let mut authorization =
            match HeaderValue::from_str(&format!("Bearer {}", self.secret_key.expose())) {
                Ok(value) => value,
                Err(_) => {
                    return (
                        Err(StripeError::Unexpected(
                            "the Stripe secret key is not a valid header value".into(),
                        )),
                        Some(false),
                    )
                }
            };
        authorization.set_sensitive(true);
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(AUTHORIZATION, authorization)
            .header("Stripe-Version", STRIPE_VERSION);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return (Err(self.transport(&error)), None),
        };
        let status = response.status();
        let should_retry = response
            .headers()
            .get("Stripe-Should-Retry")
            .and_then(|value| value.to_str().ok())
            .map(|value| value.eq_ignore_ascii_case("true"));
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(error) => return (Err(self.transport(&error)), None),
        };
        let parsed = serde_json::from_slice::<Value>(&bytes);
        if status.is_success() {
            let result = parsed.map_err(|error| {
                StripeError::Unexpected(format!("the answer is not JSON: {error}"))
            });
            return (result, None);
        }
        (Err(self.api_error(status, parsed.ok())), should_retry)
    }

    fn transport(&self, error: &reqwest::Error) -> StripeError {
        let reason = if error.is_timeout() {
            format!("no answer within {} s", TIMEOUT.as_secs())
        } else {
            innermost(error)
        };
        StripeError::Transport(self.redact(&reason))
    }

    /// Stripe's error body is `{"error":{"type","code","message","param"}}`.
    fn api_error(&self, status: StatusCode, body: Option<Value>) -> StripeError {
        let error = body.as_ref().map(|body| &body["error"]);
        let field = |name: &str| {
            error
                .and_then(|error| error[name].as_str())
                .map(|text| self.redact(text))
        };
        StripeError::Api {
            status: status.as_u16(),
            kind: field("type").unwrap_or_else(|| "unknown".to_string()),
            code: field("code"),
            message: field("message")
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
        }
    }

    /// Removes the secret key from text that may be logged.
    fn redact(&self, text: &str) -> String {
        let key = self.secret_key.expose();
        if key.is_empty() {
            text.to_string()
        } else {
            text.replace(key, "<redacted>")
        }
    }
}

/// `application/x-www-form-urlencoded`, with Stripe's `a[b][0]` names for nested parameters.
pub fn encode_form(form: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(name, value)| (*name, value.as_str())))
        .finish()
}

/// A short digest of a request body, for idempotency keys derived from content.
fn content_digest(body: &str) -> String {
    hex::encode(&Sha256::digest(body.as_bytes())[..12])
}

fn required_text(value: &Value, field: &'static str) -> Result<String, StripeError> {
    value[field]
        .as_str()
        .filter(|text| !text.is_empty())
        .map(str::to_string)
        .ok_or_else(|| StripeError::Unexpected(format!("the answer has no `{field}`")))
}

fn hosted_page(value: &Value) -> Result<HostedPage, StripeError> {
    Ok(HostedPage {
        id: required_text(value, "id")?,
        url: required_text(value, "url")?,
    })
}

/// The most specific message in an error's chain.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_use_stripe_bracket_names() {
        let body = encode_form(&[
            ("mode", "subscription".to_string()),
            ("line_items[0][price]", "price_1".to_string()),
            (
                "success_url",
                "https://altloom.test/billing?checkout=done".to_string(),
            ),
        ]);
        assert_eq!(
            body,
            "mode=subscription&line_items%5B0%5D%5Bprice%5D=price_1&\
             success_url=https%3A%2F%2Faltloom.test%2Fbilling%3Fcheckout%3Ddone"
        );
    }

    #[test]
    fn the_secret_key_stays_out_of_debug_output_and_errors() {
        let client = StripeClient::new(
            "https://api.stripe.test/",
            SecretText::new("sk_test_very_secret".into()),
        )
        .unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("sk_test_very_secret"), "{debug}");
        assert!(debug.contains("https://api.stripe.test\""), "{debug}");
        let error = client.api_error(
            StatusCode::UNAUTHORIZED,
            Some(serde_json::json!({"error": {
                "type": "invalid_request_error",
                "message": "Invalid API Key provided: sk_test_very_secret"
            }})),
        );
        assert!(
            !error.to_string().contains("sk_test_very_secret"),
            "{error}"
        );
        assert!(!error.is_transient());
    }

    #[test]
    fn errors_say_whether_to_retry() {
        let api = |status| StripeError::Api {
            status,
            kind: "api_error".into(),
            code: None,
            message: String::new(),
        };
        assert!(api(500).is_transient());
        assert!(api(429).is_transient());
        assert!(!api(400).is_transient());
        assert!(api(404).is_not_found());
        assert!(StripeError::Transport("refused".into()).is_transient());
    }
}
