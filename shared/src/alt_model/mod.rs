//! The AI metadata call, shared by the server's metered endpoint and the CLI's
//! bring-your-own-endpoint mode: one OpenAI-compatible chat completion with the image, a strict
//! JSON schema, validation of the answer (one retry when it is unusable), refusals and truncated
//! answers handled. Transport retries (429 and 5xx, with backoff honouring `Retry-After`, never
//! for `insufficient_quota`) are async-openai's own: three retries after the first attempt.
//!
//! The image and the key never appear in errors or `Debug` output.

mod answer;
pub mod prompt;

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::Client;
use serde::Deserialize;

use crate::api::alt_text::{AltTextOptions, AltTextResult, ImagePayload, DEFAULT_MAX_CHARS};

/// Where and how to call the model.
#[derive(Clone)]
pub struct ModelEndpoint {
    /// The OpenAI-compatible API base, such as `https://api.openai.com/v1` or
    /// `http://127.0.0.1:11434/v1` for Ollama.
    pub base_url: String,
    pub model: String,
    /// Optional for local servers.
    pub api_key: Option<String>,
    /// Longest one HTTP exchange may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for ModelEndpoint {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ModelEndpoint")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Why no metadata came back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the request options are not valid: {0}")]
    InvalidOptions(String),
    #[error("the model declined to describe this image: {0}")]
    Refused(String),
    #[error("the model's answer was not usable twice in a row: {0}")]
    InvalidAnswer(String),
    #[error("the model provider's account has no quota left: {0}")]
    UpstreamQuota(String),
    #[error("the model provider answered HTTP {status}: {message}")]
    Upstream { status: u16, message: String },
    #[error("the model did not answer within {0} s")]
    Timeout(u64),
    #[error("cannot reach the model at {url}: {reason}")]
    Unreachable { url: String, reason: String },
}

#[derive(Deserialize)]
struct ChatAnswer {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    model: Option<String>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

/// Asks the model for metadata about `image`.
pub async fn describe(
    endpoint: &ModelEndpoint,
    image: &ImagePayload,
    options: &AltTextOptions,
) -> Result<AltTextResult, ModelError> {
    let max_chars = options.max_chars.unwrap_or(DEFAULT_MAX_CHARS);
    if !(10..=1_000).contains(&max_chars) {
        return Err(ModelError::InvalidOptions(
            "max_chars must be between 10 and 1000".into(),
        ));
    }
    let language = options
        .language
        .as_deref()
        .map(str::trim)
        .filter(|language| !language.is_empty())
        .unwrap_or("en")
        .to_string();
    if language.len() > 35
        || !language
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    {
        return Err(ModelError::InvalidOptions(format!(
            "`{language}` is not a BCP 47 language code such as en or pt-BR"
        )));
    }
    let wanted = prompt::wanted_fields(options);
    let client = client(endpoint)?;
    let mut correction: Option<String> = None;
    for attempt in 0..2 {
        let body = prompt::request_body(
            &endpoint.model,
            image,
            options,
            max_chars,
            &language,
            correction.as_deref(),
        );
        let answer = call(&client, endpoint, &body).await?;
        let model = answer
            .model
            .clone()
            .unwrap_or_else(|| endpoint.model.clone());
        let Some(choice) = answer.choices.into_iter().next() else {
            correction = Some("the answer had no choices".into());
            continue;
        };
        if let Some(refusal) = choice
            .message
            .refusal
            .filter(|text| !text.trim().is_empty())
        {
            return Err(ModelError::Refused(refusal));
        }
        let problem = if choice.finish_reason.as_deref() == Some("length") {
            "the answer was cut off before it was complete".to_string()
        } else {
            match answer::validate(
                choice.message.content.as_deref().unwrap_or_default(),
                &wanted,
                max_chars,
                &language,
                &model,
            ) {
                Ok(result) => return Ok(result),
                Err(problem) => problem,
            }
        };
        if attempt == 1 {
            return Err(ModelError::InvalidAnswer(problem));
        }
        correction = Some(problem);
    }
    Err(ModelError::InvalidAnswer("no usable answer".into()))
}

fn client(endpoint: &ModelEndpoint) -> Result<Client<OpenAIConfig>, ModelError> {
    let http = reqwest::Client::builder()
        .timeout(endpoint.timeout)
        .connect_timeout(Duration::from_secs(10).min(endpoint.timeout))
        .build()
        .map_err(|error| ModelError::Unreachable {
            url: endpoint.base_url.clone(),
            reason: error.to_string(),
        })?;
    // The key is always set explicitly, so the library never falls back to an environment
    // variable the operator did not choose.
    let config = OpenAIConfig::new()
        .with_api_base(endpoint.base_url.trim_end_matches('/'))
        .with_api_key(endpoint.api_key.clone().unwrap_or_default());
    Ok(Client::with_config(config).with_http_client(http))
}

/// One chat completion (the library retries 429 and 5xx answers itself).
async fn call(
    client: &Client<OpenAIConfig>,
    endpoint: &ModelEndpoint,
    body: &serde_json::Value,
) -> Result<ChatAnswer, ModelError> {
    client
        .chat()
        .create_byot::<&serde_json::Value, ChatAnswer>(body)
        .await
        .map_err(|error| classify(error, endpoint))
}

/// Turns the library's error into ours, without the request (which holds the image).
fn classify(error: OpenAIError, endpoint: &ModelEndpoint) -> ModelError {
    match error {
        OpenAIError::ApiError(response) => {
            let status = response.status_code.as_u16();
            let code = response.api_error.code.clone().unwrap_or_default();
            let kind = response.api_error.r#type.clone().unwrap_or_default();
            if code == "insufficient_quota" || kind == "insufficient_quota" {
                ModelError::UpstreamQuota(response.api_error.message)
            } else {
                ModelError::Upstream {
                    status,
                    message: response.api_error.message,
                }
            }
        }
        OpenAIError::Reqwest(error) if error.is_timeout() => {
            ModelError::Timeout(endpoint.timeout.as_secs())
        }
        OpenAIError::Reqwest(error) => match error.status() {
            Some(status) => ModelError::Upstream {
                status: status.as_u16(),
                message: "no error details".into(),
            },
            None => ModelError::Unreachable {
                url: endpoint.base_url.clone(),
                reason: error.without_url().to_string(),
            },
        },
        OpenAIError::JSONDeserialize(error, _) => ModelError::Upstream {
            status: 200,
            message: format!("the answer is not a chat completion ({error})"),
        },
        other => ModelError::Upstream {
            status: 0,
            message: other.to_string(),
        },
    }
}
