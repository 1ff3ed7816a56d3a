//! The WordPress REST client both sides share: the server checks a site's credentials with it
//! before keeping them, and the CLI pushes media and fills alt text with it.
//!
//! - [`verify_site`] finds the REST API (the `Link` header, `/wp-json/`, or `?rest_route=` on sites
//!   without pretty permalinks), checks the user behind an Application Password can upload media,
//!   and learns the WordPress version and the image types the site accepts.
//! - [`WordPressClient`] makes the authenticated calls: upload, update, look up and list media, and
//!   download renditions ([`media`]).
//!
//! The caller builds the `reqwest::Client`, so the server can give it a guard against private
//! addresses and the CLI its own timeouts. Errors are [`WordPressError`]: one sentence a person
//! can act on, never the password.

mod discovery;
pub mod media;
mod rest;

pub use discovery::{normalise_site_url, upload_types_for_version, verify_site, SiteFacts};
pub use rest::{RestRoot, WordPressClient};

/// A WordPress user name and one of their Application Passwords.
#[derive(Clone)]
pub struct Credentials {
    pub username: String,
    pub application_password: String,
}

impl Credentials {
    pub fn new(username: impl Into<String>, application_password: impl Into<String>) -> Self {
        Credentials {
            username: username.into(),
            application_password: application_password.into(),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Credentials")
            .field("username", &self.username)
            .field("application_password", &"<redacted>")
            .finish()
    }
}

/// The boxed cause of a transport failure, kept so callers can look for their own error types
/// (the server's private-address guard) in the chain.
pub type TransportError = Box<dyn std::error::Error + Send + Sync>;

/// Why a WordPress call failed, in words a site owner can act on.
#[derive(Debug, thiserror::Error)]
pub enum WordPressError {
    #[error("{address:?} is not a usable site address: {reason}")]
    InvalidAddress { address: String, reason: String },
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        url: String,
        reason: String,
        #[source]
        source: Option<TransportError>,
    },
    #[error("no WordPress REST API found at {url}: {reason}")]
    NotWordPress { url: String, reason: String },
    #[error("WordPress at {url} refused the credentials of {username:?}: check the user name and the Application Password (Users → Profile → Application Passwords); sites served over plain HTTP accept Application Passwords only in a local environment")]
    RejectedCredentials { url: String, username: String },
    #[error("the WordPress user {username:?} may not {action} on {url} ({reason}); use an Author, Editor or Administrator account")]
    NotAllowed {
        url: String,
        username: String,
        action: String,
        reason: String,
    },
    #[error("{url} does not accept {mime_type} uploads ({message})")]
    TypeRefused {
        url: String,
        mime_type: String,
        message: String,
    },
    #[error("attachment {id} no longer exists on {url}")]
    NotFound { url: String, id: u64 },
    #[error("{url} answered HTTP {status}{}: {message}", code_suffix(code))]
    Failed {
        url: String,
        status: u16,
        code: String,
        message: String,
    },
    #[error("{url} gave an answer that cannot be read: {reason}")]
    BadAnswer { url: String, reason: String },
}

fn code_suffix(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(" ({code})")
    }
}

impl WordPressError {
    /// The Altloom API error code that stands for this failure.
    pub fn code(&self) -> &'static str {
        use crate::api::error_code;
        match self {
            WordPressError::InvalidAddress { .. } => error_code::INVALID_REQUEST,
            WordPressError::Unreachable { .. } => error_code::SITE_UNREACHABLE,
            WordPressError::NotWordPress { .. } | WordPressError::BadAnswer { .. } => {
                error_code::SITE_NOT_WORDPRESS
            }
            WordPressError::RejectedCredentials { .. } => error_code::SITE_REJECTED_CREDENTIALS,
            WordPressError::NotAllowed { .. } | WordPressError::TypeRefused { .. } => {
                error_code::SITE_CANNOT_UPLOAD
            }
            WordPressError::NotFound { .. } => error_code::NOT_FOUND,
            WordPressError::Failed { status, .. } if *status >= 500 => error_code::SITE_UNREACHABLE,
            WordPressError::Failed { .. } => error_code::SITE_NOT_WORDPRESS,
        }
    }

    /// True when trying again later may succeed: the site could not be reached, timed out,
    /// was overloaded (429) or failed on its side (5xx other than a refused file type).
    pub fn is_transient(&self) -> bool {
        match self {
            WordPressError::Unreachable { .. } => true,
            WordPressError::Failed { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}
