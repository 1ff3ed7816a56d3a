//! The non-secret login state in `session.toml` (next to `config.toml`): which server the last
//! login was for, and for each server the account, the current workspace and where its token is
//! stored. Tokens themselves are never written here (see `credentials`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use altloom_shared::time::Timestamp;

use crate::credentials::{write_private_file, TokenLocation};

/// The file's name inside the configuration folder.
pub const SESSION_FILE: &str = "session.toml";

/// Problems with `session.toml`.
#[derive(Debug, Error)]
pub enum SessionError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} is damaged ({reason}); delete it and log in again with `altloom login`")]
    Damaged { path: PathBuf, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// Everything in `session.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SessionState {
    /// The server of the most recent login, used when no flag, variable or config file names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// State per server, keyed by API URL.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub servers: BTreeMap<String, ServerSession>,
}

/// What is remembered about one server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ServerSession {
    /// Where the login's token is stored; absent when there is no stored login (only a
    /// workspace chosen with `workspaces switch` while using `ALTLOOM_TOKEN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_location: Option<TokenLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The workspace commands act in, chosen at login or with `altloom workspaces switch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_in_at: Option<Timestamp>,
}

impl SessionState {
    /// Reads the file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<SessionState, SessionError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SessionState::default())
            }
            Err(error) => {
                return Err(SessionError::Read {
                    path: path.to_path_buf(),
                    reason: error.to_string(),
                })
            }
        };
        toml::from_str(&text).map_err(|error| SessionError::Damaged {
            path: path.to_path_buf(),
            reason: error.message().to_string(),
        })
    }

    /// Writes the file atomically, readable only by its owner (it names the account).
    pub fn save(&self, path: &Path) -> Result<(), SessionError> {
        let write_error = |reason: String| SessionError::Write {
            path: path.to_path_buf(),
            reason,
        };
        let text = toml::to_string(self).map_err(|error| write_error(error.to_string()))?;
        let text = format!("# Login state of altloom (no secrets). Written by altloom; `altloom logout` clears a server.\n{text}");
        write_private_file(path, text.as_bytes()).map_err(|error| write_error(error.to_string()))
    }

    pub fn server(&self, api_url: &str) -> Option<&ServerSession> {
        self.servers.get(api_url)
    }

    /// The entry of `api_url`, created empty when missing.
    pub fn server_mut(&mut self, api_url: &str) -> &mut ServerSession {
        self.servers.entry(api_url.to_string()).or_default()
    }

    /// Forgets `api_url`; when it was the last login's server, another logged-in server (if
    /// any) becomes the default.
    pub fn forget(&mut self, api_url: &str) {
        self.servers.remove(api_url);
        if self.api_url.as_deref() == Some(api_url) {
            self.api_url = self
                .servers
                .iter()
                .find(|(_, server)| server.token_location.is_some())
                .map(|(url, _)| url.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_forgetting_moves_the_default() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("altloom").join(SESSION_FILE);
        assert_eq!(SessionState::load(&path).unwrap(), SessionState::default());

        let mut state = SessionState {
            api_url: Some("https://b.example".into()),
            ..SessionState::default()
        };
        for url in ["https://a.example", "https://b.example"] {
            let server = state.server_mut(url);
            server.token_location = Some(TokenLocation::File);
            server.email = Some(format!("me@{url}"));
            server.workspace_id = Some("ws_1".into());
        }
        state.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("alt_"),
            "no token in the session file: {text}"
        );
        let mut loaded = SessionState::load(&path).unwrap();
        assert_eq!(loaded, state);

        loaded.forget("https://b.example");
        assert_eq!(loaded.api_url.as_deref(), Some("https://a.example"));
        assert!(loaded.server("https://b.example").is_none());
        loaded.forget("https://a.example");
        assert_eq!(loaded.api_url, None);
    }

    #[test]
    fn a_damaged_file_says_how_to_recover() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(SESSION_FILE);
        std::fs::write(&path, "servers = 3\n").unwrap();
        let error = SessionState::load(&path).unwrap_err();
        assert!(error.to_string().contains("altloom login"), "{error}");
    }
}
