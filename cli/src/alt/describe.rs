//! The two ways an image gets described: through the Altloom account server (one credit per
//! answer, charged by the server), or straight from the user's own OpenAI-compatible endpoint
//! (no account, no credits). Each failure is sorted into what it means for the run.

use std::time::Duration;

use altloom_shared::alt_model::{self, ModelEndpoint, ModelError};
use altloom_shared::api::alt_text::{AltTextOptions, AltTextRequest, AltTextResult, ImagePayload};
use altloom_shared::api::error_code;

use super::run::{Describe, DescribeFailure, FailureKind};
use crate::api::{ApiClient, ApiError};

/// Describes through `POST /v1/workspaces/{workspace}/alt-text`.
pub struct AccountDescriber {
    pub client: ApiClient,
    pub workspace_id: String,
}

impl Describe for AccountDescriber {
    fn answerer(&self) -> String {
        format!("altloom {} {}", self.client.base_url(), self.workspace_id)
    }

    async fn describe(
        &self,
        image: &ImagePayload,
        options: &AltTextOptions,
    ) -> Result<AltTextResult, DescribeFailure> {
        let request = AltTextRequest {
            image: image.clone(),
            options: options.clone(),
        };
        self.client
            .alt_text(&self.workspace_id, &request)
            .await
            .map_err(|error| account_failure(&error))
    }
}

/// Either way of describing, chosen at run time. `Describe` has async methods, so it cannot be
/// a trait object; this enum is what commands hold instead.
pub enum Describer {
    Account(AccountDescriber),
    Endpoint(EndpointDescriber),
}

impl Describe for Describer {
    fn answerer(&self) -> String {
        match self {
            Describer::Account(describer) => describer.answerer(),
            Describer::Endpoint(describer) => describer.answerer(),
        }
    }

    async fn describe(
        &self,
        image: &ImagePayload,
        options: &AltTextOptions,
    ) -> Result<AltTextResult, DescribeFailure> {
        match self {
            Describer::Account(describer) => describer.describe(image, options).await,
            Describer::Endpoint(describer) => describer.describe(image, options).await,
        }
    }
}

/// Longest one exchange with the user's own endpoint may take (a local model on a CPU is slow).
const ENDPOINT_TIMEOUT: Duration = Duration::from_secs(180);

/// Describes straight from the user's own OpenAI-compatible endpoint: no account, no credits.
/// The shared model call retries 429, 5xx and connection failures itself.
pub struct EndpointDescriber {
    endpoint: ModelEndpoint,
}

impl EndpointDescriber {
    /// `api_key` is optional: local servers (Ollama, vLLM) usually need none.
    pub fn new(base_url: &str, model: &str, api_key: Option<String>) -> EndpointDescriber {
        EndpointDescriber {
            endpoint: ModelEndpoint {
                base_url: base_url.to_string(),
                model: model.to_string(),
                api_key,
                timeout: ENDPOINT_TIMEOUT,
            },
        }
    }
}

impl Describe for EndpointDescriber {
    fn answerer(&self) -> String {
        format!(
            "openai-compatible {} {}",
            self.endpoint.base_url, self.endpoint.model
        )
    }

    async fn describe(
        &self,
        image: &ImagePayload,
        options: &AltTextOptions,
    ) -> Result<AltTextResult, DescribeFailure> {
        alt_model::describe(&self.endpoint, image, options)
            .await
            .map(|mut answer| {
                // Nobody charges for the user's own endpoint.
                answer.credits_used = 0;
                answer
            })
            .map_err(|error| endpoint_failure(&error, &self.endpoint))
    }
}

/// What a failure of the user's own endpoint means for the run, with what to check.
pub fn endpoint_failure(error: &ModelError, endpoint: &ModelEndpoint) -> DescribeFailure {
    let (kind, hint) = match error {
        ModelError::Refused(_) | ModelError::InvalidAnswer(_) | ModelError::Timeout(_) => {
            (FailureKind::Image, None)
        }
        ModelError::Upstream { status, .. } if *status == 429 || *status >= 500 => {
            (FailureKind::Image, None)
        }
        ModelError::Upstream {
            status: 401 | 403, ..
        } => (
            FailureKind::Fatal,
            Some("check the key in OPENAI_API_KEY".to_string()),
        ),
        ModelError::Upstream { status: 404, .. } => (
            FailureKind::Fatal,
            Some(format!(
                "check --base-url ({}; it usually ends in /v1) and --model ({})",
                endpoint.base_url, endpoint.model
            )),
        ),
        ModelError::Upstream { .. } => (
            FailureKind::Fatal,
            Some(format!(
                "check that the model {} takes images and JSON-schema answers",
                endpoint.model
            )),
        ),
        ModelError::Unreachable { .. } => (
            FailureKind::Fatal,
            Some("check --base-url, and that the server is running".to_string()),
        ),
        ModelError::UpstreamQuota(_) => (
            FailureKind::Fatal,
            Some("add credit with the provider, or use another endpoint".to_string()),
        ),
        ModelError::InvalidOptions(_) => (FailureKind::Fatal, None),
    };
    let message = match hint {
        Some(hint) => format!("{error}: {hint}"),
        None => error.to_string(),
    };
    DescribeFailure::new(kind, message)
}

/// What an account-server failure means for the run.
pub fn account_failure(error: &ApiError) -> DescribeFailure {
    let message = error.to_string();
    let kind = match error {
        ApiError::RateLimited { .. }
        | ApiError::ServerFailure { .. }
        | ApiError::TimedOut { .. } => FailureKind::Transient,
        ApiError::UnexpectedAnswer { .. } => FailureKind::Image,
        ApiError::Rejected { code, .. } => match code.as_str() {
            error_code::TOO_MANY_CONCURRENT | error_code::UPSTREAM_FAILED => FailureKind::Transient,
            error_code::INVALID_IMAGE
            | error_code::MODEL_REFUSED
            | error_code::MODEL_INVALID_ANSWER
            | error_code::PAYLOAD_TOO_LARGE
            | error_code::TIMEOUT => FailureKind::Image,
            _ => FailureKind::Fatal,
        },
        _ => FailureKind::Fatal,
    };
    let retry_after = match error {
        ApiError::RateLimited {
            retry_after_seconds: Some(seconds),
            ..
        } => Some(Duration::from_secs((*seconds).min(60))),
        _ => None,
    };
    DescribeFailure {
        kind,
        message,
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::billing::QuotaDetails;

    fn rejected(code: &str) -> ApiError {
        ApiError::Rejected {
            status: 400,
            code: code.into(),
            message: "m".into(),
            request_id: None,
        }
    }

    #[test]
    fn failures_are_sorted_by_how_far_they_reach() {
        let kind = |error: ApiError| account_failure(&error).kind;
        assert_eq!(
            kind(rejected("too_many_concurrent")),
            FailureKind::Transient
        );
        assert_eq!(kind(rejected("upstream_failed")), FailureKind::Transient);
        assert_eq!(kind(rejected("model_refused")), FailureKind::Image);
        assert_eq!(kind(rejected("model_invalid_answer")), FailureKind::Image);
        assert_eq!(kind(rejected("ai_unavailable")), FailureKind::Fatal);
        assert_eq!(kind(rejected("upstream_quota")), FailureKind::Fatal);
        assert_eq!(
            kind(ApiError::QuotaExceeded {
                quota: QuotaDetails::default()
            }),
            FailureKind::Fatal
        );
        let endpoint = ModelEndpoint {
            base_url: "http://127.0.0.1:9/v1".into(),
            model: "llava".into(),
            api_key: None,
            timeout: Duration::from_secs(1),
        };
        let failure = |error: ModelError| endpoint_failure(&error, &endpoint);
        assert_eq!(
            failure(ModelError::Refused("no".into())).kind,
            FailureKind::Image
        );
        let unauthorised = failure(ModelError::Upstream {
            status: 401,
            message: "bad key".into(),
        });
        assert_eq!(unauthorised.kind, FailureKind::Fatal);
        assert!(unauthorised.message.contains("OPENAI_API_KEY"));
        let missing = failure(ModelError::Upstream {
            status: 404,
            message: "no such model".into(),
        });
        assert!(missing.message.contains("llava"), "{}", missing.message);

        let limited = account_failure(&ApiError::RateLimited {
            url: "u".into(),
            message: "slow down".into(),
            retry_after_seconds: Some(3),
        });
        assert_eq!(limited.kind, FailureKind::Transient);
        assert_eq!(limited.retry_after, Some(Duration::from_secs(3)));
    }
}
