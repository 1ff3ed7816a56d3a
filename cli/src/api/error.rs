//! Why a request to the account server failed, phrased for the person at the terminal: every
//! message says what happened and what to run next.

use thiserror::Error;

use altloom_shared::api::billing::QuotaDetails;
use altloom_shared::api::error_code;

use crate::exit::CommandError;

/// Where the token a request carried came from, so a rejection can say what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenOrigin {
    /// The `ALTLOOM_TOKEN` environment variable.
    Environment,
    /// The token `altloom login` stored.
    StoredLogin,
    /// A token being checked before it is stored (`altloom login --with-token`).
    Candidate,
}

/// Why the server refused a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// No token was sent, or the server does not know it.
    Unknown,
    Revoked,
    Expired,
}

/// A failed request.
#[derive(Debug, Error)]
pub enum ApiError {
    #[error("`{url}` is not a usable API URL ({reason}); pass an http:// or https:// URL with --api-url or ALTLOOM_API_URL")]
    InvalidUrl { url: String, reason: String },

    #[error("cannot reach the Altloom server at {url} ({reason}); check the network, or point altloom at another server with --api-url or ALTLOOM_API_URL")]
    Unreachable { url: String, reason: String },

    #[error("the Altloom server at {url} did not answer within {seconds} s; try again later")]
    TimedOut { url: String, seconds: u64 },

    #[error("{url} answered HTTP {status} without the `altloom-api-version` header: it does not look like an Altloom server; check --api-url or ALTLOOM_API_URL")]
    NotAltloom { url: String, status: u16 },

    #[error("the server at {url}{} speaks API version {server}, newer than this altloom's version {client}: upgrade altloom", server_version_note(.server_version))]
    ServerNewer {
        url: String,
        server: String,
        client: u32,
        server_version: Option<String>,
    },

    #[error("the server at {url}{} is older than this altloom (it speaks API version {server}, this altloom speaks {client}): use an altloom release made for that server, or ask its operator to upgrade it", server_version_note(.server_version))]
    ServerOlder {
        url: String,
        server: String,
        client: u32,
        server_version: Option<String>,
    },

    #[error("{}", token_message(.url, *.problem, *.origin))]
    TokenRejected {
        url: String,
        problem: TokenProblem,
        origin: Option<TokenOrigin>,
    },

    #[error("wrong email or password for {url}")]
    InvalidCredentials { url: String },

    #[error("too many attempts at {url}: {}", retry_note(*.retry_after_seconds))]
    RateLimited {
        url: String,
        message: String,
        retry_after_seconds: Option<u64>,
    },

    #[error("the server at {url} failed (HTTP {status}{}): {message}; try again later, and quote the request id if it keeps happening", request_id_note(.request_id))]
    ServerFailure {
        url: String,
        status: u16,
        message: String,
        request_id: Option<String>,
    },

    #[error("this needs {} AI credits; {} remain in this billing period, which resets {}: see `altloom usage`, or upgrade with `altloom billing upgrade <plan>`", .quota.needed, .quota.remaining, .quota.resets_at)]
    QuotaExceeded { quota: QuotaDetails },

    #[error("{}", rejection_message(.code, .message))]
    Rejected {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    #[error("unexpected answer from {url} (HTTP {status}{}): {reason}", request_id_note(.request_id))]
    UnexpectedAnswer {
        url: String,
        status: u16,
        reason: String,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// The server's error code, when the server answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Rejected { code, .. } => Some(code),
            ApiError::InvalidCredentials { .. } => Some(error_code::INVALID_CREDENTIALS),
            ApiError::RateLimited { .. } => Some(error_code::RATE_LIMITED),
            ApiError::QuotaExceeded { .. } => Some(error_code::QUOTA_EXCEEDED),
            ApiError::TokenRejected { problem, .. } => Some(match problem {
                TokenProblem::Unknown => error_code::UNAUTHENTICATED,
                TokenProblem::Revoked => error_code::TOKEN_REVOKED,
                TokenProblem::Expired => error_code::TOKEN_EXPIRED,
            }),
            _ => None,
        }
    }

    /// True when the server found the request invalid: it comes from what the user typed, so
    /// it is a usage error (exit code 2).
    pub fn is_usage(&self) -> bool {
        self.code() == Some(error_code::INVALID_REQUEST)
    }

    /// True when the request never got an answer from the server (nothing listening, no route,
    /// a timeout), as opposed to an answer that said no.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ApiError::Unreachable { .. } | ApiError::TimedOut { .. }
        )
    }
}

/// Every API failure is a problem on the user's side or the server's (exit code 1), except a
/// request the server found invalid, which comes from what the user typed (exit code 2).
impl From<ApiError> for CommandError {
    fn from(error: ApiError) -> CommandError {
        if error.is_usage() {
            CommandError::Usage(error.to_string())
        } else {
            CommandError::User(error.to_string())
        }
    }
}

fn server_version_note(version: &Option<String>) -> String {
    version
        .as_deref()
        .map(|version| format!(" (altloom-server {version})"))
        .unwrap_or_default()
}

fn request_id_note(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(", request id {id}"))
        .unwrap_or_default()
}

fn retry_note(seconds: Option<u64>) -> String {
    match seconds {
        Some(1) => "try again in 1 second".into(),
        Some(seconds) => format!("try again in {seconds} seconds"),
        None => "try again in a minute".into(),
    }
}

fn token_message(url: &str, problem: TokenProblem, origin: Option<TokenOrigin>) -> String {
    match (problem, origin) {
        (_, None) => {
            format!("not logged in to {url}: run `altloom login`, or set ALTLOOM_TOKEN")
        }
        (TokenProblem::Revoked, Some(TokenOrigin::Environment)) => format!(
            "the token in ALTLOOM_TOKEN was revoked on {url}: create a new one with `altloom tokens create` and put it in ALTLOOM_TOKEN"
        ),
        (TokenProblem::Revoked, Some(TokenOrigin::StoredLogin)) => format!(
            "your login to {url} was revoked (by `altloom logout` or `altloom tokens revoke`): log in again with `altloom login`"
        ),
        (TokenProblem::Revoked, Some(TokenOrigin::Candidate)) => format!(
            "this token was revoked on {url}: create a new one with `altloom tokens create`"
        ),
        (TokenProblem::Expired, Some(TokenOrigin::Environment)) => format!(
            "the token in ALTLOOM_TOKEN has expired on {url}: create a new one with `altloom tokens create` and put it in ALTLOOM_TOKEN"
        ),
        (TokenProblem::Expired, Some(TokenOrigin::StoredLogin)) => {
            format!("your login to {url} has expired: log in again with `altloom login`")
        }
        (TokenProblem::Expired, Some(TokenOrigin::Candidate)) => format!(
            "this token has expired on {url}: create a new one with `altloom tokens create`"
        ),
        (TokenProblem::Unknown, Some(TokenOrigin::Environment)) => format!(
            "{url} does not recognise the token in ALTLOOM_TOKEN: check that it was made on this server (--api-url, ALTLOOM_API_URL), or create a new one with `altloom tokens create`"
        ),
        (TokenProblem::Unknown, Some(TokenOrigin::StoredLogin)) => format!(
            "{url} no longer recognises your stored login: log in again with `altloom login`"
        ),
        (TokenProblem::Unknown, Some(TokenOrigin::Candidate)) => format!(
            "{url} does not recognise this token: check that it was made on this server (--api-url, ALTLOOM_API_URL)"
        ),
    }
}

fn rejection_message(code: &str, message: &str) -> String {
    let hint = match code {
        error_code::EMAIL_TAKEN => Some("log in with `altloom login` instead"),
        error_code::INSUFFICIENT_SCOPE => Some(
            "use your login, or a token created with the needed scope (`altloom tokens create NAME --scopes ...`)",
        ),
        error_code::FORBIDDEN => Some("ask an owner or admin of the workspace"),
        error_code::NOT_FOUND => Some("check the name or id (`altloom workspaces list`, `altloom tokens list`)"),
        error_code::API_VERSION_MISMATCH => Some("upgrade altloom, or use a release made for this server"),
        error_code::EXPIRED_CODE => Some("start again"),
        error_code::INVALID_IMAGE => Some(
            "the server refused the downscaled copy altloom sent; upgrade altloom, or report it with the file",
        ),
        error_code::MODEL_REFUSED => Some(
            "write this image's text yourself with `altloom alt --review` or the CSV export",
        ),
        error_code::MODEL_INVALID_ANSWER => Some(
            "no credit was used; run again, or write this image's text with `altloom alt --review`",
        ),
        error_code::UPSTREAM_FAILED => Some("no credit was used; try again later"),
        error_code::UPSTREAM_QUOTA => Some(
            "the server's model provider is out of quota; tell the server's operator, or use your own endpoint with --provider openai-compatible",
        ),
        error_code::TOO_MANY_CONCURRENT => Some("lower --concurrency, or try again in a moment"),
        error_code::AI_UNAVAILABLE => Some(
            "this server has no AI model configured; ask its operator, or use your own endpoint with --provider openai-compatible --base-url URL --model MODEL",
        ),
        error_code::SITE_ADDRESS_REFUSED => Some(
            "the server only calls public addresses; use the site's public address, or push without an account (--wp-url)",
        ),
        error_code::SITE_UNREACHABLE => Some("check the address and that the site is up, then try again"),
        error_code::SITE_REJECTED_CREDENTIALS => Some(
            "create a new Application Password under Users → Profile and add the site again",
        ),
        error_code::PLAN_LIMIT => Some(
            "see `altloom usage`; upgrade with `altloom billing upgrade <plan>`",
        ),
        _ => None,
    };
    let message = message.trim_end_matches('.');
    match hint {
        Some(hint) => format!("{message} ({code}): {hint}"),
        None => format!("{message} ({code})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(problem: TokenProblem, origin: Option<TokenOrigin>) -> String {
        ApiError::TokenRejected {
            url: "https://example.test".into(),
            problem,
            origin,
        }
        .to_string()
    }

    #[test]
    fn token_rejections_say_what_to_run() {
        let message = rejected(TokenProblem::Unknown, None);
        assert!(message.contains("not logged in"), "{message}");
        assert!(message.contains("altloom login"), "{message}");
        assert!(message.contains("ALTLOOM_TOKEN"), "{message}");

        let message = rejected(TokenProblem::Revoked, Some(TokenOrigin::Environment));
        assert!(message.contains("revoked"), "{message}");
        assert!(message.contains("altloom tokens create"), "{message}");

        let message = rejected(TokenProblem::Revoked, Some(TokenOrigin::StoredLogin));
        assert!(message.contains("revoked"), "{message}");
        assert!(message.contains("altloom login"), "{message}");

        let message = rejected(TokenProblem::Expired, Some(TokenOrigin::StoredLogin));
        assert!(message.contains("expired"), "{message}");
        assert!(message.contains("log in again"), "{message}");

        let message = rejected(TokenProblem::Expired, Some(TokenOrigin::Environment));
        assert!(message.contains("expired"), "{message}");
        assert!(message.contains("create a new one"), "{message}");
    }

    #[test]
    fn transport_and_version_problems_name_the_url_and_the_way_out() {
        let message = ApiError::Unreachable {
            url: "http://127.0.0.1:9".into(),
            reason: "Connection refused (os error 111)".into(),
        }
        .to_string();
        assert!(message.contains("http://127.0.0.1:9"), "{message}");
        assert!(message.contains("--api-url"), "{message}");

        let message = ApiError::NotAltloom {
            url: "http://example.test".into(),
            status: 200,
        }
        .to_string();
        assert!(
            message.contains("does not look like an Altloom server"),
            "{message}"
        );

        let message = ApiError::ServerNewer {
            url: "u".into(),
            server: "2".into(),
            client: 1,
            server_version: Some("3.0.0".into()),
        }
        .to_string();
        assert!(message.contains("upgrade altloom"), "{message}");
        assert!(message.contains("3.0.0"), "{message}");

        let message = ApiError::ServerOlder {
            url: "u".into(),
            server: "0".into(),
            client: 1,
            server_version: None,
        }
        .to_string();
        assert!(
            message.contains("the server at u is older than this altloom"),
            "{message}"
        );
    }

    #[test]
    fn rate_limits_and_server_failures_say_when_and_quote_the_request() {
        let message = ApiError::RateLimited {
            url: "u".into(),
            message: "too many attempts".into(),
            retry_after_seconds: Some(42),
        }
        .to_string();
        assert_eq!(message, "too many attempts at u: try again in 42 seconds");

        let message = ApiError::ServerFailure {
            url: "u".into(),
            status: 500,
            message: "internal error".into(),
            request_id: Some("req_123".into()),
        }
        .to_string();
        assert!(message.contains("req_123"), "{message}");
        assert!(message.contains("HTTP 500"), "{message}");
    }

    #[test]
    fn invalid_requests_are_usage_errors_and_the_rest_are_user_errors() {
        let invalid = ApiError::Rejected {
            status: 400,
            code: error_code::INVALID_REQUEST.into(),
            message: "name must not be empty".into(),
            request_id: None,
        };
        assert!(matches!(
            CommandError::from(invalid),
            CommandError::Usage(message) if message.contains("name must not be empty")
        ));
        let revoked = ApiError::TokenRejected {
            url: "u".into(),
            problem: TokenProblem::Revoked,
            origin: Some(TokenOrigin::Environment),
        };
        assert!(matches!(CommandError::from(revoked), CommandError::User(_)));
        let taken = ApiError::Rejected {
            status: 409,
            code: error_code::EMAIL_TAKEN.into(),
            message: "an account with this email exists".into(),
            request_id: None,
        };
        let message = taken.to_string();
        assert!(message.contains("altloom login"), "{message}");
    }

    #[test]
    fn ai_failures_say_what_to_do() {
        let rejected = |code: &str| {
            ApiError::Rejected {
                status: 503,
                code: code.into(),
                message: "details.".into(),
                request_id: None,
            }
            .to_string()
        };
        let message = rejected(error_code::AI_UNAVAILABLE);
        assert!(
            message.contains("--provider openai-compatible"),
            "{message}"
        );
        assert!(message.starts_with("details (ai_unavailable)"), "{message}");
        let message = rejected(error_code::MODEL_REFUSED);
        assert!(message.contains("altloom alt --review"), "{message}");
        let message = rejected(error_code::TOO_MANY_CONCURRENT);
        assert!(message.contains("--concurrency"), "{message}");
        let message = rejected(error_code::UPSTREAM_QUOTA);
        assert!(message.contains("operator"), "{message}");
    }
}
