//! Where API tokens live, in order: the `ALTLOOM_TOKEN` environment variable (never stored,
//! wins over everything), the OS keyring, and otherwise `credentials.toml` (mode 0600) in the
//! configuration folder. Tokens are keyed by API URL, so logging into a second server does not
//! replace the first server's token.

mod file;
mod keyring_store;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use file::{write_private_file, CREDENTIALS_FILE};
pub use keyring_store::{with_timeout, Keyring, KeyringError, OsKeyring, KEYRING_TIMEOUT, SERVICE};

use crate::api::TokenOrigin;
use crate::secret::Secret;

/// The environment variable that supplies a token for one run, as CI does.
pub const TOKEN_VARIABLE: &str = "ALTLOOM_TOKEN";

/// Where a stored token was put; remembered in `session.toml` so reading it back goes straight
/// there (and a machine without a keyring never waits on one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenLocation {
    Keyring,
    File,
}

/// Problems reading or writing stored tokens.
#[derive(Debug, Error)]
pub enum CredentialError {
    #[error("cannot use the credentials file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("cannot read your token from the OS keyring ({0}): log in again with `altloom login`, or set ALTLOOM_TOKEN")]
    Keyring(KeyringError),
}

/// The result of storing a token.
#[derive(Debug)]
pub struct Saved {
    pub location: TokenLocation,
    /// Said once to the user when the token went to the file because the keyring failed.
    pub warning: Option<String>,
}

/// The token store of one configuration folder.
pub struct CredentialStore {
    folder: PathBuf,
    keyring: Box<dyn Keyring>,
}

impl CredentialStore {
    pub fn new(folder: &Path, keyring: Box<dyn Keyring>) -> CredentialStore {
        CredentialStore {
            folder: folder.to_path_buf(),
            keyring,
        }
    }

    /// The file used when there is no keyring.
    pub fn file_path(&self) -> PathBuf {
        self.folder.join(CREDENTIALS_FILE)
    }

    /// The token to use for `api_url`: `ALTLOOM_TOKEN` when it is set and not empty, otherwise
    /// the stored one at `stored` (where the login put it), otherwise none.
    pub fn current_token(
        &self,
        environment_token: Option<&str>,
        api_url: &str,
        stored: Option<TokenLocation>,
    ) -> Result<Option<(Secret, TokenOrigin)>, CredentialError> {
        if let Some(token) = environment_token.map(str::trim) {
            if !token.is_empty() {
                return Ok(Some((Secret::new(token), TokenOrigin::Environment)));
            }
        }
        let Some(location) = stored else {
            return Ok(None);
        };
        Ok(self
            .load(api_url, location)?
            .map(|token| (token, TokenOrigin::StoredLogin)))
    }

    /// The token stored for `api_url` at `location`.
    pub fn load(
        &self,
        api_url: &str,
        location: TokenLocation,
    ) -> Result<Option<Secret>, CredentialError> {
        match location {
            TokenLocation::Keyring => self
                .keyring
                .get(SERVICE, api_url)
                .map_err(CredentialError::Keyring),
            TokenLocation::File => file::load(&self.file_path(), api_url),
        }
    }

    /// Stores the token for `api_url` in the keyring, or in the file when the keyring fails.
    pub fn save(&self, api_url: &str, token: &Secret) -> Result<Saved, CredentialError> {
        match self.keyring.set(SERVICE, api_url, token) {
            Ok(()) => {
                // An older token for this server in the file would only be a stale copy.
                let _ = file::remove(&self.file_path(), api_url);
                Ok(Saved {
                    location: TokenLocation::Keyring,
                    warning: None,
                })
            }
            Err(error) => {
                let path = self.file_path();
                file::save(&path, api_url, token)?;
                Ok(Saved {
                    location: TokenLocation::File,
                    warning: Some(format!(
                        "no OS keyring available ({error}); token saved to {} (readable only by you)",
                        path.display()
                    )),
                })
            }
        }
    }

    /// Forgets the token of `api_url` wherever it is stored.
    pub fn forget(
        &self,
        api_url: &str,
        location: Option<TokenLocation>,
    ) -> Result<(), CredentialError> {
        let from_file = file::remove(&self.file_path(), api_url);
        if location == Some(TokenLocation::Keyring) {
            self.keyring
                .delete(SERVICE, api_url)
                .map_err(CredentialError::Keyring)?;
        }
        from_file
    }
}

#[cfg(test)]
mod tests;
