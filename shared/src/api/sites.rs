//! WordPress sites of a workspace, their encrypted credentials and the push ledger.
//!
//! - `GET /v1/workspaces/{workspace}/sites` → [`SiteList`] (scope `push`, any member).
//! - `POST /v1/workspaces/{workspace}/sites` with [`AddSiteRequest`] → 201 [`Site`] (scope `admin`,
//!   owner or admin). The server checks the credentials against the site before it keeps them.
//! - `GET /v1/workspaces/{workspace}/sites/{site}` → [`Site`]; `{site}` is the site's name.
//! - `POST /v1/workspaces/{workspace}/sites/{site}/test` → [`Site`]: checks the stored
//!   credentials again and refreshes what the site accepts (scope `push`).
//! - `DELETE /v1/workspaces/{workspace}/sites/{site}` → 204: forgets the credentials and the
//!   ledger (scope `admin`, owner or admin).
//! - `POST /v1/workspaces/{workspace}/sites/{site}/credentials` → [`SiteCredentials`] (scope
//!   `push`): the Application Password, just in time for a push; every call leaves an audit record,
//!   listed by `GET .../sites/{site}/access` → [`SiteAccessList`] (owner or admin).
//! - `GET /v1/workspaces/{workspace}/sites/{site}/ledger` → [`Ledger`] and
//!   `POST .../sites/{site}/ledger` with [`LedgerUpdate`] → 204 (scope `push`): what has been pushed
//!   where, so another machine or CI runner does not upload it again.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Limits the server enforces on site requests; the CLI checks them first for clearer errors.
pub mod limits {
    /// A site name: 1 to 64 of `a-z`, `0-9`, `-`, `_`, starting with a letter or digit.
    pub const NAME_MAX_CHARS: usize = 64;
    /// A site address.
    pub const URL_MAX_CHARS: usize = 2_048;
    /// A WordPress user name.
    pub const USERNAME_MAX_CHARS: usize = 200;
    /// An Application Password (WordPress makes 24 letters, shown in groups of four).
    pub const PASSWORD_MAX_CHARS: usize = 200;
    /// Entries (added or removed together) in one ledger update.
    pub const LEDGER_UPDATE_MAX_ENTRIES: usize = 1_000;
}

/// True for a valid site name (see [`limits::NAME_MAX_CHARS`]).
pub fn is_valid_site_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= limits::NAME_MAX_CHARS
        && name
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `POST /v1/workspaces/{workspace}/sites`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddSiteRequest {
    /// How commands name the site (`--site client-a`); unique in the workspace.
    pub name: String,
    /// The site's address, such as `https://example.com` or `https://example.com/blog`.
    pub url: String,
    /// The WordPress user the Application Password belongs to.
    pub username: String,
    /// The Application Password (spaces are allowed and ignored by WordPress).
    pub application_password: String,
}

impl std::fmt::Debug for AddSiteRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("AddSiteRequest")
            .field("name", &self.name)
            .field("url", &self.url)
            .field("username", &self.username)
            .field("application_password", &"<redacted>")
            .finish()
    }
}

/// A connected site, without its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    pub id: String,
    pub name: String,
    /// The site's address as given, normalised (no trailing slash).
    pub url: String,
    /// The REST API root found by discovery: `https://example.com/wp-json/`, or
    /// `https://example.com/?rest_route=/` on sites without pretty permalinks.
    pub rest_url: String,
    pub username: String,
    /// The WordPress version, when the site tells it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wordpress_version: Option<String>,
    /// The image types the site accepts for upload (`image/jpeg`, `image/webp`, `image/avif`, ...).
    pub upload_types: Vec<String>,
    /// When the credentials were last checked against the site.
    pub verified_at: Timestamp,
    pub created_at: Timestamp,
}

/// `GET /v1/workspaces/{workspace}/sites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteList {
    pub sites: Vec<Site>,
    /// How many sites the workspace's plan allows.
    pub limit: u64,
}

/// `POST .../sites/{site}/credentials`: what a push needs, kept in memory only.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteCredentials {
    pub site: Site,
    pub username: String,
    pub application_password: String,
}

impl std::fmt::Debug for SiteCredentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SiteCredentials")
            .field("site", &self.site)
            .field("username", &self.username)
            .field("application_password", &"<redacted>")
            .finish()
    }
}

/// One release of a site's credentials, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteAccess {
    pub at: Timestamp,
    /// The user the token acts for.
    pub user_email: String,
    /// The token's name (`altloom CLI on laptop`, `CI deploy`).
    pub token_name: String,
    /// The client's address as the server saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// `GET .../sites/{site}/access`: newest first, at most the last 100.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteAccessList {
    pub access: Vec<SiteAccess>,
}

/// What one source image became on one site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    /// BLAKE3 (hex) of the source image: the same key as `altloom-meta.json`.
    pub content_hash: String,
    /// The WordPress attachment id.
    pub attachment_id: u64,
    /// The uploaded file's name.
    pub file_name: String,
    /// BLAKE3 (hex) of the uploaded bytes.
    pub file_hash: String,
    pub mime_type: String,
    /// BLAKE3 (hex) of the alt text, title, caption and description last set on the attachment.
    pub metadata_hash: String,
    /// The file's address on the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub pushed_at: Timestamp,
}

/// `GET .../sites/{site}/ledger`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
}

/// `POST .../sites/{site}/ledger`: entries to add or replace (by content hash) and content hashes
/// to forget (an attachment deleted on the site).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerUpdate {
    #[serde(default)]
    pub upsert: Vec<LedgerEntry>,
    #[serde(default)]
    pub remove: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_short_lowercase_slugs() {
        assert!(is_valid_site_name("client-a"));
        assert!(is_valid_site_name("shop_2"));
        assert!(!is_valid_site_name(""));
        assert!(!is_valid_site_name("-lead"));
        assert!(!is_valid_site_name("Client"));
        assert!(!is_valid_site_name("a b"));
        assert!(!is_valid_site_name(&"a".repeat(65)));
    }

    #[test]
    fn secrets_never_reach_debug_output() {
        let request = AddSiteRequest {
            name: "a".into(),
            url: "https://example.com".into(),
            username: "editor".into(),
            application_password: "abcd efgh ijkl".into(),
        };
        assert!(!format!("{request:?}").contains("abcd"));
        let credentials = SiteCredentials {
            site: Site {
                id: "s".into(),
                name: "a".into(),
                url: "https://example.com".into(),
                rest_url: "https://example.com/wp-json/".into(),
                username: "editor".into(),
                wordpress_version: None,
                upload_types: vec![],
                verified_at: Timestamp(0),
                created_at: Timestamp(0),
            },
            username: "editor".into(),
            application_password: "abcd efgh ijkl".into(),
        };
        assert!(!format!("{credentials:?}").contains("abcd"));
    }
}
