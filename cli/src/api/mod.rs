//! The HTTP client of the account server: one typed method per endpoint of
//! `altloom_shared::api`, with the API version sent on every request and checked on every answer,
//! timeouts, and errors turned into [`ApiError`] values that tell the user what to do.
//!
//! The methods are async (reqwest on tokio); commands create a runtime with [`runtime`] and block
//! on them, so the engine and the rest of the CLI stay synchronous.

mod error;

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use altloom_shared::api::account::{AccountDeletion, AccountExport};
use altloom_shared::api::alt_text::{AltTextRequest, AltTextResult};
use altloom_shared::api::auth::{
    DeviceApproveRequest, DevicePollRequest, DeviceStart, DeviceStartRequest, LoginRequest,
    Session, SignupRequest, WhoAmI,
};
use altloom_shared::api::billing::{
    BillingLink, CheckoutRequest, CommitRequest, Reservation, ReserveRequest, Usage,
};
use altloom_shared::api::jobs::{Job, JobList, JobReport};
use altloom_shared::api::sites::{
    AddSiteRequest, Ledger, LedgerUpdate, Site, SiteCredentials, SiteList,
};
use altloom_shared::api::tokens::{CreateTokenRequest, CreatedToken, TokenList};
use altloom_shared::api::workspaces::{
    AcceptInviteRequest, CreateInviteRequest, CreateWorkspaceRequest, CreatedInvite, InviteList,
    Member, MemberList, UpdateMemberRequest, WorkspaceList, WorkspaceSummary,
};
use altloom_shared::api::{
    error_code, ErrorEnvelope, API_VERSION, API_VERSION_HEADER, REQUEST_ID_HEADER,
    SERVER_VERSION_HEADER,
};

pub use error::{ApiError, TokenOrigin, TokenProblem};

use crate::secret::Secret;

/// How long to wait for the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

impl Timeouts {
    /// For commands a person waits on.
    pub const INTERACTIVE: Timeouts = Timeouts {
        connect: Duration::from_secs(10),
        total: Duration::from_secs(30),
    };

    /// For the job report after `altloom optimize`, which must never hold the run up for long.
    pub const JOB_REPORT: Timeouts = Timeouts {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(5),
    };

    /// For AI metadata: the server waits on a model, which may take a while for one image.
    pub const AI: Timeouts = Timeouts {
        connect: Duration::from_secs(10),
        total: Duration::from_secs(120),
    };
}

/// A single-threaded tokio runtime for one command's requests.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Removes trailing slashes and checks that the URL is http or https.
pub fn normalise_api_url(text: &str) -> Result<String, ApiError> {
    let trimmed = text.trim().trim_end_matches('/');
    let invalid = |reason: String| ApiError::InvalidUrl {
        url: text.to_string(),
        reason,
    };
    let url = reqwest::Url::parse(trimmed).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!("the scheme is {}", url.scheme())));
    }
    if url.host_str().is_none() {
        return Err(invalid("there is no host".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query or fragment".into()));
    }
    Ok(trimmed.to_string())
}

/// A client for one server, optionally carrying a token.
pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    token: Option<(Secret, TokenOrigin)>,
    timeouts: Timeouts,
}

impl ApiClient {
    /// A client for the server at `api_url` (already normalised or not).
    pub fn new(api_url: &str, timeouts: Timeouts) -> Result<ApiClient, ApiError> {
        let base_url = normalise_api_url(api_url)?;
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .user_agent(concat!("altloom/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| ApiError::InvalidUrl {
                url: base_url.clone(),
                reason: format!("cannot set up the HTTP client: {}", innermost(&error)),
            })?;
        Ok(ApiClient {
            http,
            base_url,
            token: None,
            timeouts,
        })
    }

    /// The same client, sending `token` as `Authorization: Bearer ...`.
    pub fn with_token(mut self, token: Secret, origin: TokenOrigin) -> ApiClient {
        self.token = Some((token, origin));
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where the token this client sends came from.
    pub fn token_origin(&self) -> Option<TokenOrigin> {
        self.token.as_ref().map(|(_, origin)| *origin)
    }

    // Authentication.

    pub async fn signup(&self, request: &SignupRequest) -> Result<Session, ApiError> {
        self.json(Method::POST, "/v1/auth/signup", Some(request))
            .await
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<Session, ApiError> {
        self.json(Method::POST, "/v1/auth/login", Some(request))
            .await
    }

    /// Revokes the token this client carries.
    pub async fn logout(&self) -> Result<(), ApiError> {
        self.empty(Method::POST, "/v1/auth/logout", None::<&()>)
            .await
    }

    pub async fn me(&self) -> Result<WhoAmI, ApiError> {
        self.json(Method::GET, "/v1/me", None::<&()>).await
    }

    pub async fn device_start(
        &self,
        request: &DeviceStartRequest,
    ) -> Result<DeviceStart, ApiError> {
        self.json(Method::POST, "/v1/auth/device", Some(request))
            .await
    }

    /// One poll of a device login: the session once approved, otherwise an error whose
    /// [`ApiError::code`] is `authorization_pending`, `slow_down` or `expired_code`.
    pub async fn device_poll(&self, request: &DevicePollRequest) -> Result<Session, ApiError> {
        self.json(Method::POST, "/v1/auth/device/token", Some(request))
            .await
    }

    pub async fn device_approve(&self, request: &DeviceApproveRequest) -> Result<(), ApiError> {
        self.empty(Method::POST, "/v1/auth/device/approve", Some(request))
            .await
    }

    // Workspaces, members and invites.

    pub async fn workspaces(&self) -> Result<WorkspaceList, ApiError> {
        self.json(Method::GET, "/v1/workspaces", None::<&()>).await
    }

    pub async fn create_workspace(
        &self,
        request: &CreateWorkspaceRequest,
    ) -> Result<WorkspaceSummary, ApiError> {
        self.json(Method::POST, "/v1/workspaces", Some(request))
            .await
    }

    pub async fn workspace(&self, workspace_id: &str) -> Result<WorkspaceSummary, ApiError> {
        let path = format!("/v1/workspaces/{}", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    pub async fn delete_workspace(&self, workspace_id: &str) -> Result<(), ApiError> {
        let path = format!("/v1/workspaces/{}", segment(workspace_id));
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    pub async fn members(&self, workspace_id: &str) -> Result<MemberList, ApiError> {
        let path = format!("/v1/workspaces/{}/members", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    pub async fn update_member(
        &self,
        workspace_id: &str,
        user_id: &str,
        request: &UpdateMemberRequest,
    ) -> Result<Member, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/members/{}",
            segment(workspace_id),
            segment(user_id)
        );
        self.json(Method::PATCH, &path, Some(request)).await
    }

    pub async fn remove_member(&self, workspace_id: &str, user_id: &str) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/members/{}",
            segment(workspace_id),
            segment(user_id)
        );
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    pub async fn create_invite(
        &self,
        workspace_id: &str,
        request: &CreateInviteRequest,
    ) -> Result<CreatedInvite, ApiError> {
        let path = format!("/v1/workspaces/{}/invites", segment(workspace_id));
        self.json(Method::POST, &path, Some(request)).await
    }

    pub async fn invites(&self, workspace_id: &str) -> Result<InviteList, ApiError> {
        let path = format!("/v1/workspaces/{}/invites", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    pub async fn revoke_invite(&self, workspace_id: &str, invite_id: &str) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/invites/{}",
            segment(workspace_id),
            segment(invite_id)
        );
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    pub async fn accept_invite(
        &self,
        request: &AcceptInviteRequest,
    ) -> Result<WorkspaceSummary, ApiError> {
        self.json(Method::POST, "/v1/invites/accept", Some(request))
            .await
    }

    // Tokens.

    pub async fn tokens(&self, workspace_id: &str) -> Result<TokenList, ApiError> {
        let path = format!("/v1/workspaces/{}/tokens", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    pub async fn create_token(
        &self,
        workspace_id: &str,
        request: &CreateTokenRequest,
    ) -> Result<CreatedToken, ApiError> {
        let path = format!("/v1/workspaces/{}/tokens", segment(workspace_id));
        self.json(Method::POST, &path, Some(request)).await
    }

    pub async fn revoke_token(&self, workspace_id: &str, token_id: &str) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/tokens/{}",
            segment(workspace_id),
            segment(token_id)
        );
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    // Jobs.

    pub async fn report_job(
        &self,
        workspace_id: &str,
        report: &JobReport,
    ) -> Result<Job, ApiError> {
        let path = format!("/v1/workspaces/{}/jobs", segment(workspace_id));
        self.json(Method::POST, &path, Some(report)).await
    }

    /// A page of job history, newest first; `before` is the `next_before` of the previous page.
    pub async fn jobs(
        &self,
        workspace_id: &str,
        limit: Option<u32>,
        before: Option<&str>,
    ) -> Result<JobList, ApiError> {
        let mut path = format!("/v1/workspaces/{}/jobs", segment(workspace_id));
        let mut separator = '?';
        if let Some(limit) = limit {
            path.push_str(&format!("{separator}limit={limit}"));
            separator = '&';
        }
        if let Some(before) = before {
            path.push_str(&format!("{separator}before={}", segment(before)));
        }
        self.json(Method::GET, &path, None::<&()>).await
    }

    pub async fn job(&self, workspace_id: &str, job_id: &str) -> Result<Job, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/jobs/{}",
            segment(workspace_id),
            segment(job_id)
        );
        self.json(Method::GET, &path, None::<&()>).await
    }

    // Usage and credits.

    /// Plan, credits, sites and members of a workspace.
    pub async fn usage(&self, workspace_id: &str) -> Result<Usage, ApiError> {
        let path = format!("/v1/workspaces/{}/usage", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    /// Holds `credits` for metered work; a 402 answer becomes `ApiError::QuotaExceeded`.
    pub async fn reserve_credits(
        &self,
        workspace_id: &str,
        request: &ReserveRequest,
    ) -> Result<Reservation, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/usage/reservations",
            segment(workspace_id)
        );
        self.json(Method::POST, &path, Some(request)).await
    }

    /// Spends `used` credits of a reservation and returns the rest.
    pub async fn commit_credits(
        &self,
        workspace_id: &str,
        reservation_id: &str,
        used: u64,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/usage/reservations/{}/commit",
            segment(workspace_id),
            segment(reservation_id)
        );
        self.empty(Method::POST, &path, Some(&CommitRequest { used }))
            .await
    }

    /// Gives a reservation's credits back unspent.
    pub async fn release_credits(
        &self,
        workspace_id: &str,
        reservation_id: &str,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/usage/reservations/{}",
            segment(workspace_id),
            segment(reservation_id)
        );
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    // Billing.

    /// Starts a Stripe Checkout that subscribes the workspace to a plan; answers the page.
    pub async fn billing_checkout(
        &self,
        workspace_id: &str,
        request: &CheckoutRequest,
    ) -> Result<BillingLink, ApiError> {
        let path = format!("/v1/workspaces/{}/billing/checkout", segment(workspace_id));
        self.json(Method::POST, &path, Some(request)).await
    }

    /// Opens a Stripe Customer Portal session for the workspace; answers the page.
    pub async fn billing_portal(&self, workspace_id: &str) -> Result<BillingLink, ApiError> {
        let path = format!("/v1/workspaces/{}/billing/portal", segment(workspace_id));
        self.json(Method::POST, &path, None::<&()>).await
    }

    // AI metadata.

    /// Alt text, title, caption and description for one downscaled image. The server reserves
    /// and settles the credit itself: an answer costs one, a failure nothing.
    pub async fn alt_text(
        &self,
        workspace_id: &str,
        request: &AltTextRequest,
    ) -> Result<AltTextResult, ApiError> {
        let path = format!("/v1/workspaces/{}/alt-text", segment(workspace_id));
        self.json(Method::POST, &path, Some(request)).await
    }

    // WordPress sites.

    pub async fn sites(&self, workspace_id: &str) -> Result<SiteList, ApiError> {
        let path = format!("/v1/workspaces/{}/sites", segment(workspace_id));
        self.json(Method::GET, &path, None::<&()>).await
    }

    /// Connects a site; the server checks the credentials against it first.
    pub async fn add_site(
        &self,
        workspace_id: &str,
        request: &AddSiteRequest,
    ) -> Result<Site, ApiError> {
        let path = format!("/v1/workspaces/{}/sites", segment(workspace_id));
        self.json(Method::POST, &path, Some(request)).await
    }

    /// Checks the stored credentials against the site again.
    pub async fn test_site(&self, workspace_id: &str, site: &str) -> Result<Site, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/sites/{}/test",
            segment(workspace_id),
            segment(site)
        );
        self.json(Method::POST, &path, None::<&()>).await
    }

    pub async fn remove_site(&self, workspace_id: &str, site: &str) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/sites/{}",
            segment(workspace_id),
            segment(site)
        );
        self.empty(Method::DELETE, &path, None::<&()>).await
    }

    /// The site's Application Password, for one push; the server records who asked.
    pub async fn site_credentials(
        &self,
        workspace_id: &str,
        site: &str,
    ) -> Result<SiteCredentials, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/sites/{}/credentials",
            segment(workspace_id),
            segment(site)
        );
        self.json(Method::POST, &path, None::<&()>).await
    }

    /// What has been pushed to the site, from any machine.
    pub async fn ledger(&self, workspace_id: &str, site: &str) -> Result<Ledger, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/sites/{}/ledger",
            segment(workspace_id),
            segment(site)
        );
        self.json(Method::GET, &path, None::<&()>).await
    }

    /// Records pushes (and forgets deleted attachments) in the site's ledger on the server.
    pub async fn update_ledger(
        &self,
        workspace_id: &str,
        site: &str,
        update: &LedgerUpdate,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/v1/workspaces/{}/sites/{}/ledger",
            segment(workspace_id),
            segment(site)
        );
        self.empty(Method::POST, &path, Some(update)).await
    }

    // Data rights.

    pub async fn export_account(&self) -> Result<AccountExport, ApiError> {
        self.json(Method::GET, "/v1/account/export", None::<&()>)
            .await
    }

    pub async fn delete_account(&self) -> Result<AccountDeletion, ApiError> {
        self.json(Method::DELETE, "/v1/account", None::<&()>).await
    }

    // The plumbing every method shares.

    async fn json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let (status, request_id, answer) = self.send(method, path, body).await?;
        serde_json::from_slice(&answer).map_err(|error| ApiError::UnexpectedAnswer {
            url: self.base_url.clone(),
            status: status.as_u16(),
            reason: format!("the body of {path} is not what this altloom expects: {error}"),
            request_id,
        })
    }

    async fn empty<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        self.send(method, path, body).await.map(|_| ())
    }

    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<(StatusCode, Option<String>, Vec<u8>), ApiError> {
        let url = format!("{}{path}", self.base_url);
        let mut request = self
            .http
            .request(method, &url)
            .header(API_VERSION_HEADER, API_VERSION.to_string());
        if let Some((token, _)) = &self.token {
            // `bearer_auth` marks the header sensitive, so reqwest never prints it.
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let headers = response.headers().clone();
        check_api_version(&self.base_url, status, &headers)?;
        let request_id = header_text(&headers, REQUEST_ID_HEADER);
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(&error))?;
        if status.is_success() {
            return Ok((status, request_id, body.to_vec()));
        }
        Err(self.error_answer(status, &headers, &body, request_id))
    }

    fn transport_error(&self, error: &reqwest::Error) -> ApiError {
        if error.is_timeout() {
            let seconds = if error.is_connect() {
                self.timeouts.connect
            } else {
                self.timeouts.total
            };
            return ApiError::TimedOut {
                url: self.base_url.clone(),
                seconds: seconds.as_secs(),
            };
        }
        ApiError::Unreachable {
            url: self.base_url.clone(),
            reason: innermost(error),
        }
    }

    /// Turns an error answer (already known to come from an Altloom server) into an [`ApiError`].
    fn error_answer(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        request_id: Option<String>,
    ) -> ApiError {
        let url = self.base_url.clone();
        let envelope = serde_json::from_slice::<ErrorEnvelope>(body).ok();
        let request_id = envelope
            .as_ref()
            .and_then(|envelope| envelope.error.request_id.clone())
            .or(request_id);
        let Some(ErrorEnvelope { error }) = envelope else {
            if status.is_server_error() {
                return ApiError::ServerFailure {
                    url,
                    status: status.as_u16(),
                    message: "no error details".into(),
                    request_id,
                };
            }
            return ApiError::UnexpectedAnswer {
                url,
                status: status.as_u16(),
                reason: "the error body is not an Altloom error".into(),
                request_id,
            };
        };
        let origin = self.token_origin();
        match error.code.as_str() {
            error_code::TOKEN_REVOKED => ApiError::TokenRejected {
                url,
                problem: TokenProblem::Revoked,
                origin,
            },
            error_code::TOKEN_EXPIRED => ApiError::TokenRejected {
                url,
                problem: TokenProblem::Expired,
                origin,
            },
            error_code::UNAUTHENTICATED => ApiError::TokenRejected {
                url,
                problem: TokenProblem::Unknown,
                origin,
            },
            error_code::INVALID_CREDENTIALS => ApiError::InvalidCredentials { url },
            error_code::QUOTA_EXCEEDED if error.quota.is_some() => ApiError::QuotaExceeded {
                quota: error.quota.unwrap_or_default(),
            },
            // The AI codes keep their code whatever the status (429, 502, 503), so callers can
            // tell a busy workspace from a refused image or a server without a model.
            error_code::INVALID_IMAGE
            | error_code::MODEL_REFUSED
            | error_code::MODEL_INVALID_ANSWER
            | error_code::UPSTREAM_FAILED
            | error_code::UPSTREAM_QUOTA
            | error_code::TOO_MANY_CONCURRENT
            | error_code::AI_UNAVAILABLE => ApiError::Rejected {
                status: status.as_u16(),
                code: error.code,
                message: error.message,
                request_id,
            },
            _ if status == StatusCode::TOO_MANY_REQUESTS => ApiError::RateLimited {
                url,
                message: error.message,
                retry_after_seconds: header_text(headers, RETRY_AFTER.as_str())
                    .and_then(|text| text.trim().parse().ok()),
            },
            // The server worked; the WordPress site it called did not answer.
            error_code::SITE_UNREACHABLE => ApiError::Rejected {
                status: status.as_u16(),
                code: error.code,
                message: error.message,
                request_id,
            },
            _ if status.is_server_error() => ApiError::ServerFailure {
                url,
                status: status.as_u16(),
                message: error.message,
                request_id,
            },
            _ => ApiError::Rejected {
                status: status.as_u16(),
                code: error.code,
                message: error.message,
                request_id,
            },
        }
    }
}

/// Every answer of an Altloom server carries its API version; anything else is another server.
fn check_api_version(url: &str, status: StatusCode, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(version) = header_text(headers, API_VERSION_HEADER) else {
        return Err(ApiError::NotAltloom {
            url: url.to_string(),
            status: status.as_u16(),
        });
    };
    let server_version = header_text(headers, SERVER_VERSION_HEADER);
    match version.trim().parse::<u32>() {
        Ok(number) if number == API_VERSION => Ok(()),
        Ok(number) if number > API_VERSION => Err(ApiError::ServerNewer {
            url: url.to_string(),
            server: version,
            client: API_VERSION,
            server_version,
        }),
        Ok(_) => Err(ApiError::ServerOlder {
            url: url.to_string(),
            server: version,
            client: API_VERSION,
            server_version,
        }),
        Err(_) => Err(ApiError::UnexpectedAnswer {
            url: url.to_string(),
            status: status.as_u16(),
            reason: format!("the API version header says `{version}`, not a number"),
            request_id: header_text(headers, REQUEST_ID_HEADER),
        }),
    }
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// The most specific message in an error's chain, such as `Connection refused (os error 111)`.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

/// Percent-encodes one path segment, so an id typed by the user cannot change the path.
fn segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests;
