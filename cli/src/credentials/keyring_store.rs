//! The OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service on Linux)
//! through the `keyring` crate, behind a trait so tests can stand in an unavailable or hanging
//! one. Every call runs on its own thread with a time limit, because a Secret Service that is
//! locked or half-started can block forever.

use std::sync::mpsc;
use std::time::Duration;

use thiserror::Error;

use crate::secret::Secret;

/// The keyring service name the tokens are stored under; the account is the API URL.
pub const SERVICE: &str = "altloom";

/// How long one keyring call may take before the file is used instead.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// Why the keyring could not be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum KeyringError {
    /// There is no keyring service to talk to (no D-Bus session on a headless Linux machine).
    #[error("{0}")]
    Unavailable(String),
    /// The keyring did not answer in time.
    #[error("the keyring did not answer within {0} s")]
    TimedOut(u64),
    /// The keyring answered with an error.
    #[error("{0}")]
    Failed(String),
}

/// A store of secrets keyed by service and account.
pub trait Keyring: Send + Sync {
    /// The secret, or `None` when there is no entry.
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, KeyringError>;
    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), KeyringError>;
    /// Removes the entry; a missing entry is not an error.
    fn delete(&self, service: &str, account: &str) -> Result<(), KeyringError>;
}

/// The platform's keyring, each call limited to `timeout`.
pub struct OsKeyring {
    pub timeout: Duration,
}

impl Default for OsKeyring {
    fn default() -> OsKeyring {
        OsKeyring {
            timeout: KEYRING_TIMEOUT,
        }
    }
}

impl Keyring for OsKeyring {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, KeyringError> {
        let (service, account) = (service.to_string(), account.to_string());
        with_timeout(self.timeout, move || {
            match entry(&service, &account)?.get_password() {
                Ok(password) => Ok(Some(Secret::new(password))),
                Err(::keyring::Error::NoEntry) => Ok(None),
                Err(error) => Err(classify(error)),
            }
        })?
    }

    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), KeyringError> {
        let (service, account, secret) = (service.to_string(), account.to_string(), secret.clone());
        with_timeout(self.timeout, move || {
            entry(&service, &account)?
                .set_password(secret.expose())
                .map_err(classify)
        })?
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), KeyringError> {
        let (service, account) = (service.to_string(), account.to_string());
        with_timeout(self.timeout, move || {
            match entry(&service, &account)?.delete_credential() {
                Ok(()) | Err(::keyring::Error::NoEntry) => Ok(()),
                Err(error) => Err(classify(error)),
            }
        })?
    }
}

fn entry(service: &str, account: &str) -> Result<::keyring::Entry, KeyringError> {
    ::keyring::Entry::new(service, account).map_err(|error| match error {
        // The reason the platform store could not start is kept by the crate.
        ::keyring::Error::NoDefaultStore => match ::keyring::Entry::store_status() {
            Err(reason) => KeyringError::Unavailable(reason.to_string()),
            Ok(()) => KeyringError::Unavailable("no keyring service".into()),
        },
        other => classify(other),
    })
}

fn classify(error: ::keyring::Error) -> KeyringError {
    match error {
        ::keyring::Error::NoDefaultStore
        | ::keyring::Error::PlatformFailure(_)
        | ::keyring::Error::NoStorageAccess(_) => KeyringError::Unavailable(error.to_string()),
        other => KeyringError::Failed(other.to_string()),
    }
}

/// Runs `work` on its own thread and gives up waiting after `timeout`; a call that hangs is
/// left behind on its thread, which ends with the process.
pub fn with_timeout<T: Send + 'static>(
    timeout: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, KeyringError> {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("altloom-keyring".into())
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(|error| KeyringError::Failed(format!("cannot start a thread: {error}")))?;
    receiver.recv_timeout(timeout).map_err(|error| match error {
        mpsc::RecvTimeoutError::Timeout => KeyringError::TimedOut(timeout.as_secs().max(1)),
        mpsc::RecvTimeoutError::Disconnected => {
            KeyringError::Failed("the keyring call failed unexpectedly".into())
        }
    })
}
