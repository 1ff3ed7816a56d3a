//! The account side of a command: which server to talk to, with which token, in which
//! workspace. It joins the settings (`api-url`, `workspace`), the login state (`session.toml`)
//! and the token store, and is what every account command and the job report start from.

use std::path::PathBuf;

use thiserror::Error;

use altloom_shared::api::auth::{PrincipalKind, Session, WhoAmI};
use altloom_shared::api::workspaces::WorkspaceSummary;
use altloom_shared::time::Timestamp;

use crate::api::{normalise_api_url, ApiClient, ApiError, Timeouts, TokenOrigin};
use crate::credentials::{
    CredentialError, CredentialStore, OsKeyring, Saved, TokenLocation, TOKEN_VARIABLE,
};
use crate::exit::CommandError;
use crate::secret::Secret;
use crate::session::{SessionError, SessionState, SESSION_FILE};
use crate::settings::{Settings, SettingsError, Source};

/// Why the account side of a command cannot go on.
#[derive(Debug, Error)]
pub enum AccountError {
    #[error("not logged in to {url}: run `altloom login`, or set ALTLOOM_TOKEN")]
    NotLoggedIn { url: String },
    #[error("cannot find a configuration folder for the login state: set HOME or XDG_CONFIG_HOME")]
    NoConfigFolder,
    #[error("no workspace `{wanted}` (from {source_name}) among those this login can act in ({known}): see `altloom workspaces list`")]
    UnknownWorkspace {
        wanted: String,
        source_name: String,
        known: String,
    },
    #[error(
        "`{wanted}` (from {source_name}) names several workspaces ({known}): use the workspace id"
    )]
    AmbiguousWorkspaceName {
        wanted: String,
        source_name: String,
        known: String,
    },
    #[error("this login can act in several workspaces ({known}): choose one with `altloom workspaces switch NAME`, --workspace or ALTLOOM_WORKSPACE")]
    SeveralWorkspaces { known: String },
    #[error("this login has no workspace: create one with `altloom workspaces create NAME`")]
    NoWorkspace,
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
}

impl AccountError {
    /// True for problems with what the user typed or configured (exit code 2).
    pub fn is_usage(&self) -> bool {
        match self {
            AccountError::Api(error) => error.is_usage(),
            AccountError::Settings(_) => true,
            _ => false,
        }
    }
}

impl From<AccountError> for CommandError {
    fn from(error: AccountError) -> CommandError {
        match error {
            AccountError::Api(error) => error.into(),
            AccountError::Settings(error) => CommandError::Usage(error.to_string()),
            other => CommandError::User(other.to_string()),
        }
    }
}

/// A workspace chosen for a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenWorkspace {
    pub id: String,
    pub name: String,
}

/// The account context of one command.
pub struct Account {
    /// The normalised API URL.
    pub api_url: String,
    pub api_url_source: Source,
    /// The `workspace` setting (flag, variable or config file), with where it came from.
    workspace_setting: Option<(String, Source)>,
    session_path: PathBuf,
    pub session: SessionState,
    pub credentials: CredentialStore,
    environment_token: Option<String>,
}

impl Account {
    /// The context from merged settings, the real configuration folder, OS keyring and
    /// environment.
    pub fn from_settings(settings: &Settings) -> Result<Account, AccountError> {
        let folder = crate::settings::config_folder().ok_or(AccountError::NoConfigFolder)?;
        let session_path = folder.join(SESSION_FILE);
        Account::new(
            settings,
            SessionState::load(&session_path)?,
            session_path,
            CredentialStore::new(&folder, Box::new(OsKeyring::default())),
            std::env::var(TOKEN_VARIABLE).ok(),
        )
    }

    /// The context from explicit parts (tests use temporary folders and stand-in keyrings).
    pub fn new(
        settings: &Settings,
        session: SessionState,
        session_path: PathBuf,
        credentials: CredentialStore,
        environment_token: Option<String>,
    ) -> Result<Account, AccountError> {
        let api_url_text = settings.parsed::<String>("api-url")?;
        let api_url_source = settings.source("api-url").clone();
        let api_url = normalise_api_url(&api_url_text).map_err(|error| {
            AccountError::Settings(SettingsError::Invalid {
                key: "api-url".into(),
                source_name: api_url_source.to_string(),
                reason: error.to_string(),
            })
        })?;
        let workspace_setting = settings
            .optional_text("workspace")?
            .map(|name| (name, settings.source("workspace").clone()));
        Ok(Account {
            api_url,
            api_url_source,
            workspace_setting,
            session_path,
            session,
            credentials,
            environment_token: environment_token.filter(|token| !token.trim().is_empty()),
        })
    }

    /// True when `ALTLOOM_TOKEN` is set.
    pub fn has_environment_token(&self) -> bool {
        self.environment_token.is_some()
    }

    /// Where the stored login of this server keeps its token, if there is one.
    pub fn stored_location(&self) -> Option<TokenLocation> {
        self.session
            .server(&self.api_url)
            .and_then(|server| server.token_location)
    }

    /// The token to use: `ALTLOOM_TOKEN`, else this server's stored login, else none.
    pub fn token(&self) -> Result<Option<(Secret, TokenOrigin)>, AccountError> {
        Ok(self.credentials.current_token(
            self.environment_token.as_deref(),
            &self.api_url,
            self.stored_location(),
        )?)
    }

    /// A client without a token (sign-up, log-in, the device flow).
    pub fn anonymous_client(&self, timeouts: Timeouts) -> Result<ApiClient, AccountError> {
        Ok(ApiClient::new(&self.api_url, timeouts)?)
    }

    /// A client carrying the current token; not being logged in is an error.
    pub fn client(&self, timeouts: Timeouts) -> Result<ApiClient, AccountError> {
        let (token, origin) = self.token()?.ok_or_else(|| AccountError::NotLoggedIn {
            url: self.api_url.clone(),
        })?;
        Ok(ApiClient::new(&self.api_url, timeouts)?.with_token(token, origin))
    }

    /// The workspace id the session remembers, when it applies: only to the stored login (a
    /// token from `ALTLOOM_TOKEN` may belong to another workspace), or when set by `switch`.
    fn session_workspace(&self, origin: Option<TokenOrigin>) -> Option<ChosenWorkspace> {
        let server = self.session.server(&self.api_url)?;
        let applies = origin == Some(TokenOrigin::StoredLogin) || server.token_location.is_none();
        if !applies {
            return None;
        }
        Some(ChosenWorkspace {
            id: server.workspace_id.clone()?,
            name: server
                .workspace_name
                .clone()
                .unwrap_or_else(|| server.workspace_id.clone().unwrap_or_default()),
        })
    }

    /// The workspace id to show as current without asking the server, if one is known.
    pub fn known_workspace_id(&self, origin: Option<TokenOrigin>) -> Option<String> {
        match &self.workspace_setting {
            Some((wanted, _)) => Some(wanted.clone()),
            None => self.session_workspace(origin).map(|workspace| workspace.id),
        }
    }

    /// The workspace a command acts in: the `workspace` setting (flag, `ALTLOOM_WORKSPACE`,
    /// config file) by id or name, else the one chosen at login or with `workspaces switch`,
    /// else the only workspace the token can act in.
    pub async fn workspace(&self, client: &ApiClient) -> Result<ChosenWorkspace, AccountError> {
        if let Some((wanted, source)) = &self.workspace_setting {
            let me = client.me().await?;
            return find_workspace(&me.workspaces, wanted, &source.to_string());
        }
        if let Some(workspace) = self.session_workspace(client.token_origin()) {
            return Ok(workspace);
        }
        let me = client.me().await?;
        match me.workspaces.as_slice() {
            [] => Err(AccountError::NoWorkspace),
            [only] => Ok(ChosenWorkspace {
                id: only.id.clone(),
                name: only.name.clone(),
            }),
            several => Err(AccountError::SeveralWorkspaces {
                known: describe_workspaces(several),
            }),
        }
    }

    /// Stores the token of a new login and remembers the account; answers where the token went
    /// and the workspace that became current.
    pub fn remember_login(
        &mut self,
        token: &Secret,
        who: &LoginIdentity,
    ) -> Result<(Saved, Option<ChosenWorkspace>), AccountError> {
        let saved = self.credentials.save(&self.api_url, token)?;
        let previous_workspace = self
            .session
            .server(&self.api_url)
            .and_then(|server| server.workspace_id.clone());
        let workspace = previous_workspace
            .and_then(|id| who.workspaces.iter().find(|workspace| workspace.id == id))
            .or_else(|| who.workspaces.first())
            .map(|workspace| ChosenWorkspace {
                id: workspace.id.clone(),
                name: workspace.name.clone(),
            });
        let server = self.session.server_mut(&self.api_url);
        *server = crate::session::ServerSession {
            token_location: Some(saved.location),
            token_id: Some(who.token_id.clone()),
            token_name: Some(who.token_name.clone()),
            user_name: who.user_name.clone(),
            email: who.email.clone(),
            workspace_id: workspace.as_ref().map(|workspace| workspace.id.clone()),
            workspace_name: workspace.as_ref().map(|workspace| workspace.name.clone()),
            logged_in_at: Some(Timestamp::now()),
        };
        self.session.api_url = Some(self.api_url.clone());
        self.save_session()?;
        Ok((saved, workspace))
    }

    /// Forgets this server's stored login locally (the token and the session entry).
    pub fn forget_login(&mut self) -> Result<(), AccountError> {
        let location = self.stored_location();
        let forgotten = self.credentials.forget(&self.api_url, location);
        self.session.forget(&self.api_url);
        self.save_session()?;
        Ok(forgotten?)
    }

    /// Makes `workspace` the current one for this server.
    pub fn set_current_workspace(
        &mut self,
        workspace: &ChosenWorkspace,
    ) -> Result<(), AccountError> {
        let server = self.session.server_mut(&self.api_url);
        server.workspace_id = Some(workspace.id.clone());
        server.workspace_name = Some(workspace.name.clone());
        self.save_session()
    }

    fn save_session(&self) -> Result<(), AccountError> {
        Ok(self.session.save(&self.session_path)?)
    }
}

/// Who a new token belongs to, from a [`Session`] (password or device login) or a [`WhoAmI`]
/// (`login --with-token`).
pub struct LoginIdentity {
    pub kind: PrincipalKind,
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub token_id: String,
    pub token_name: String,
    pub workspaces: Vec<WorkspaceSummary>,
}

impl From<&Session> for LoginIdentity {
    fn from(session: &Session) -> LoginIdentity {
        LoginIdentity {
            kind: PrincipalKind::User,
            user_name: Some(session.user.name.clone()),
            email: Some(session.user.email.clone()),
            token_id: session.token_info.id.clone(),
            token_name: session.token_info.name.clone(),
            workspaces: session.workspaces.clone(),
        }
    }
}

impl From<&WhoAmI> for LoginIdentity {
    fn from(who: &WhoAmI) -> LoginIdentity {
        LoginIdentity {
            kind: who.kind,
            user_name: who.user.as_ref().map(|user| user.name.clone()),
            email: who.user.as_ref().map(|user| user.email.clone()),
            token_id: who.token.id.clone(),
            token_name: who.token.name.clone(),
            workspaces: who.workspaces.clone(),
        }
    }
}

/// Finds a workspace by id, or else by name (ignoring case).
pub fn find_workspace(
    workspaces: &[WorkspaceSummary],
    wanted: &str,
    source_name: &str,
) -> Result<ChosenWorkspace, AccountError> {
    let chosen = |workspace: &WorkspaceSummary| ChosenWorkspace {
        id: workspace.id.clone(),
        name: workspace.name.clone(),
    };
    let wanted_trimmed = wanted.trim();
    if let Some(workspace) = workspaces
        .iter()
        .find(|workspace| workspace.id == wanted_trimmed)
    {
        return Ok(chosen(workspace));
    }
    let named: Vec<&WorkspaceSummary> = workspaces
        .iter()
        .filter(|workspace| workspace.name.trim().eq_ignore_ascii_case(wanted_trimmed))
        .collect();
    match named.as_slice() {
        [only] => Ok(chosen(only)),
        [] => Err(AccountError::UnknownWorkspace {
            wanted: wanted.to_string(),
            source_name: source_name.to_string(),
            known: describe_workspaces(workspaces),
        }),
        several => Err(AccountError::AmbiguousWorkspaceName {
            wanted: wanted.to_string(),
            source_name: source_name.to_string(),
            known: describe_workspaces(&several.iter().map(|w| (*w).clone()).collect::<Vec<_>>()),
        }),
    }
}

fn describe_workspaces(workspaces: &[WorkspaceSummary]) -> String {
    if workspaces.is_empty() {
        return "none".into();
    }
    workspaces
        .iter()
        .map(|workspace| format!("{} ({})", workspace.name, workspace.id))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::workspaces::Role;

    fn workspace(id: &str, name: &str) -> WorkspaceSummary {
        WorkspaceSummary {
            id: id.into(),
            name: name.into(),
            role: Role::Owner,
            member_count: 1,
            created_at: Timestamp(0),
        }
    }

    #[test]
    fn workspaces_are_found_by_id_then_by_name() {
        let list = [
            workspace("ws_1", "Studio"),
            workspace("ws_2", "Clients"),
            workspace("ws_3", "clients"),
        ];
        assert_eq!(
            find_workspace(&list, "ws_2", "flag").unwrap().name,
            "Clients"
        );
        assert_eq!(find_workspace(&list, "studio", "flag").unwrap().id, "ws_1");
        let error = find_workspace(&list, "Clients", "flag --workspace").unwrap_err();
        assert!(
            matches!(error, AccountError::AmbiguousWorkspaceName { .. }),
            "{error}"
        );
        let error = find_workspace(&list, "Nope", "environment ALTLOOM_WORKSPACE").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("ALTLOOM_WORKSPACE"), "{message}");
        assert!(message.contains("Studio (ws_1)"), "{message}");
        assert!(message.contains("altloom workspaces list"), "{message}");
    }
}
