//! Sign-up, log-in, log-out, who-am-I and the device log-in flow.

use altloom_shared::api::auth::{
    DeviceApproveRequest, DevicePollRequest, DeviceStart, DeviceStartRequest, LoginRequest,
    Session, SignupRequest, WhoAmI,
};
use altloom_shared::api::tokens::TokenKind;
use altloom_shared::api::{error_code, ErrorEnvelope};
use altloom_shared::time::Timestamp;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::invalid;
use crate::access::Principal;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::AppState;
use crate::secrets::{
    hash_password, hash_token, new_api_token, new_secret, new_user_code, verify_password,
};
use crate::store::{DeviceLogin, DevicePoll, NewAccount, NewToken};
use crate::validate::{self, check_new_password, clean_name, normalize_email};

/// The token name used when the client gives none.
const DEFAULT_TOKEN_NAME: &str = "altloom CLI";

/// How long a device code can wait for approval.
const DEVICE_CODE_LIFETIME_SECONDS: u64 = 600;

/// How often the CLI may poll for a device approval.
const DEVICE_POLL_INTERVAL_SECONDS: u64 = 5;

fn token_name(requested: Option<&str>) -> Result<String, ApiError> {
    clean_name("token_name", requested.unwrap_or(DEFAULT_TOKEN_NAME), 100).map_err(invalid)
}

/// Builds the answer to a log-in: the new token's secret with who it belongs to.
async fn session(
    state: &AppState,
    user_id: &str,
    secret: String,
    token_id: &str,
) -> Result<Session, ApiError> {
    let user = state
        .store
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| ApiError::internal("user vanished while logging in"))?;
    let token = state
        .store
        .token_by_id(token_id)
        .await?
        .ok_or_else(|| ApiError::internal("token vanished while logging in"))?;
    Ok(Session {
        token: secret,
        token_info: token.to_info()?,
        user: user.to_user(),
        workspaces: state.store.workspaces_of_user(user_id).await?,
    })
}

/// Creates an account and its first workspace, and logs in.
#[utoipa::path(post, path = "/v1/auth/signup", tag = "auth", request_body = SignupRequest,
    responses(
        (status = 201, description = "Account created; the token is shown once", body = Session),
        (status = 400, description = "A field failed validation", body = ErrorEnvelope),
        (status = 409, description = "The email already has an account", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    ))]
pub async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<SignupRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    state.rate_limits.check(ip, None)?;
    let email = normalize_email(&request.email).map_err(invalid)?;
    let name = clean_name("name", &request.name, 100).map_err(invalid)?;
    let workspace_name =
        clean_name("workspace_name", &request.workspace_name, 100).map_err(invalid)?;
    let token_name = token_name(request.token_name.as_deref())?;
    check_new_password(&request.password, &email).map_err(invalid)?;
    if state.store.user_by_email(&email).await?.is_some() {
        return Err(email_taken());
    }
    let password_hash = hash_password(request.password)
        .await
        .map_err(ApiError::internal)?;
    let token = new_api_token();
    let now = Timestamp::now();
    let user_id = state
        .store
        .create_account(
            NewAccount {
                name: &name,
                email: &email,
                password_hash: &password_hash,
                workspace_name: &workspace_name,
            },
            NewToken::user_session(&token.hash, &token.hint, &token_name),
            now,
        )
        .await
        .map_err(|error| match error {
            crate::store::StoreError::Duplicate("email") => email_taken(),
            other => other.into(),
        })?;
    let record = state
        .store
        .token_by_hash(&token.hash)
        .await?
        .ok_or_else(|| ApiError::internal("new token not found"))?;
    tracing::info!(user_id = %user_id, "account created");
    let session = session(&state, &user_id, token.secret, &record.id).await?;
    Ok((StatusCode::CREATED, Json(session)))
}

fn email_taken() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        error_code::EMAIL_TAKEN,
        "an account with this email already exists; log in instead",
    )
}

/// Logs in with email and password and returns a new user token.
#[utoipa::path(post, path = "/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the token is shown once", body = Session),
        (status = 401, description = "Wrong email or password", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let email = normalize_email(&request.email).map_err(invalid)?;
    state.rate_limits.check(ip, Some(&email))?;
    let token_name = token_name(request.token_name.as_deref())?;
    let user = state.store.user_by_email(&email).await?;
    let password_fits = request.password.len() <= validate::MAXIMUM_PASSWORD_BYTES;
    let verified = password_fits
        && verify_password(
            request.password,
            user.as_ref().map(|user| user.password_hash.clone()),
        )
        .await;
    let Some(user) = user.filter(|_| verified) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            error_code::INVALID_CREDENTIALS,
            "wrong email or password",
        ));
    };
    let token = new_api_token();
    let token_id = state
        .store
        .insert_token(
            &NewToken::user_session(&token.hash, &token.hint, &token_name).for_user(&user.id),
            Timestamp::now(),
        )
        .await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(Json(
        session(&state, &user.id, token.secret, &token_id).await?,
    ))
}

/// Revokes the token that makes this call.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "The calling token is revoked"),
        (status = 401, description = "Not a valid token", body = ErrorEnvelope),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .revoke_token(&principal.token_id, Timestamp::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the token belongs to and where it can act.
#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, body = WhoAmI),
        (status = 401, description = "Missing, unknown, revoked or expired token", body = ErrorEnvelope),
    ))]
pub async fn me(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<WhoAmI>, ApiError> {
    let token = &principal.token;
    let (user, workspaces) = match principal.kind {
        TokenKind::User => (
            state
                .store
                .user_by_id(&principal.acting_user)
                .await?
                .map(|user| user.to_user()),
            state
                .store
                .workspaces_of_user(&principal.acting_user)
                .await?,
        ),
        TokenKind::Workspace => {
            let workspace_id = principal.token_workspace.as_deref().unwrap_or_default();
            let workspace = state
                .store
                .workspace_for_member(workspace_id, &principal.acting_user)
                .await?;
            (None, workspace.into_iter().collect())
        }
    };
    Ok(Json(WhoAmI {
        kind: match principal.kind {
            TokenKind::User => altloom_shared::api::auth::PrincipalKind::User,
            TokenKind::Workspace => altloom_shared::api::auth::PrincipalKind::Workspace,
        },
        user,
        workspaces,
        token: token.to_info()?,
        server_version: env!("CARGO_PKG_VERSION").to_string(),
    }))
}

/// Starts a device log-in: the CLI shows the user code and polls with the device code.
#[utoipa::path(post, path = "/v1/auth/device", tag = "auth", request_body = DeviceStartRequest,
    responses(
        (status = 200, body = DeviceStart),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    ))]
pub async fn device_start(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<DeviceStartRequest>,
) -> Result<Json<DeviceStart>, ApiError> {
    state.rate_limits.check(ip, None)?;
    let token_name = token_name(request.token_name.as_deref())?;
    let device_code = new_secret("dev_");
    let now = Timestamp::now();
    // A user-code collision is astronomically rare; one retry covers it.
    let mut user_code = new_user_code();
    for attempt in 0..2 {
        let stored = state
            .store
            .create_device_login(
                DeviceLogin {
                    device_code_hash: &device_code.hash,
                    user_code: &user_code,
                    token_name: &token_name,
                    expires_at: now.plus_seconds(DEVICE_CODE_LIFETIME_SECONDS as i64),
                    interval_seconds: DEVICE_POLL_INTERVAL_SECONDS,
                },
                now,
            )
            .await;
        match stored {
            Ok(()) => break,
            Err(crate::store::StoreError::Duplicate(_)) if attempt == 0 => {
                user_code = new_user_code();
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(Json(DeviceStart {
        device_code: device_code.secret,
        verification_url: format!("{}/device", state.config.public_url),
        verification_url_complete: Some(format!(
            "{}/device?code={user_code}",
            state.config.public_url
        )),
        user_code,
        expires_in_seconds: DEVICE_CODE_LIFETIME_SECONDS,
        interval_seconds: DEVICE_POLL_INTERVAL_SECONDS,
    }))
}

/// Polls a device log-in; answers the session once it is approved.
#[utoipa::path(post, path = "/v1/auth/device/token", tag = "auth", request_body = DevicePollRequest,
    responses(
        (status = 200, description = "Approved; the token is shown once", body = Session),
        (status = 400, description = "`authorization_pending`, `slow_down` or `expired_code`", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    ))]
pub async fn device_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<DevicePollRequest>,
) -> Result<Json<Session>, ApiError> {
    let device_code_hash = hash_token(&request.device_code);
    state.rate_limits.check(ip, Some(&device_code_hash))?;
    let token = new_api_token();
    let poll = state
        .store
        .poll_device_login(
            &device_code_hash,
            NewToken::user_session(&token.hash, &token.hint, DEFAULT_TOKEN_NAME),
            Timestamp::now(),
        )
        .await?;
    let pending = |code: &'static str, message: &str| {
        Err(ApiError::new(StatusCode::BAD_REQUEST, code, message))
    };
    match poll {
        DevicePoll::Issued { user_id, token_id } => {
            tracing::info!(user_id = %user_id, "device login completed");
            Ok(Json(
                session(&state, &user_id, token.secret, &token_id).await?,
            ))
        }
        DevicePoll::Pending => pending(
            error_code::AUTHORIZATION_PENDING,
            "waiting for the code to be approved in the browser",
        ),
        DevicePoll::SlowDown => pending(
            error_code::SLOW_DOWN,
            "polling too often; wait the interval between polls",
        ),
        DevicePoll::Expired => pending(
            error_code::EXPIRED_CODE,
            "the code expired before it was approved; start again",
        ),
        DevicePoll::Unknown => pending(
            error_code::EXPIRED_CODE,
            "this device code is unknown or was already used; start again",
        ),
    }
}

/// Approves a device log-in's user code as the calling user.
#[utoipa::path(post, path = "/v1/auth/device/approve", tag = "auth", security(("bearer" = [])),
    request_body = DeviceApproveRequest,
    responses(
        (status = 204, description = "Approved; the waiting CLI gets its token on its next poll"),
        (status = 403, description = "Needs a user login", body = ErrorEnvelope),
        (status = 404, description = "No pending code like that", body = ErrorEnvelope),
    ))]
pub async fn device_approve(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(request): ApiJson<DeviceApproveRequest>,
) -> Result<StatusCode, ApiError> {
    let user_id = principal.require_user()?;
    let user_code = request.user_code.trim().to_ascii_uppercase();
    if state
        .store
        .approve_device_login(&user_code, user_id, Timestamp::now())
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("pending device code"))
    }
}
