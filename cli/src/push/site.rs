//! The WordPress sites a command works on: a workspace's sites, whose credentials the server
//! hands out just in time (kept in memory only), or one site named by `--wp-url`, `--wp-user` and
//! `ALTLOOM_WP_APP_PASSWORD` without an account.

use std::sync::Arc;
use std::time::Duration;

use altloom_shared::api::sites::Site;
use altloom_shared::wordpress::{
    normalise_site_url, verify_site, Credentials, RestRoot, WordPressClient, WordPressError,
};
use thiserror::Error;

use crate::account::{Account, AccountError};
use crate::api::{ApiClient, ApiError, Timeouts};

/// The variable that carries the Application Password without an account; never a flag.
pub const PASSWORD_VARIABLE: &str = "ALTLOOM_WP_APP_PASSWORD";

/// Where the sites come from.
#[derive(Clone, Debug)]
pub enum SiteChoice {
    /// The workspace's sites with these names.
    Account { names: Vec<String> },
    /// One site, no account.
    Direct { url: String, username: String },
}

/// One site, ready to use.
pub struct SiteTarget {
    /// How the site is named in messages and summaries.
    pub name: String,
    /// The site's normalised address; the local ledger is kept per address.
    pub url: String,
    pub client: WordPressClient,
    /// MIME types the site accepts.
    pub upload_types: Vec<String>,
    pub wordpress_version: Option<String>,
    /// The server's copy of the ledger, when the site belongs to a workspace.
    pub mirror: Option<LedgerMirror>,
}

/// Where the server keeps this site's ledger.
#[derive(Clone)]
pub struct LedgerMirror {
    pub client: Arc<ApiClient>,
    pub workspace_id: String,
    pub site: String,
}

/// Why the sites cannot be used.
#[derive(Debug, Error)]
pub enum SiteError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("site {site}: {source}")]
    Api {
        site: String,
        #[source]
        source: ApiError,
    },
    #[error(transparent)]
    WordPress(#[from] WordPressError),
}

/// The HTTP client used to talk to WordPress: uploads of large files may take a while, but a
/// site that does not accept a connection within 10 s is treated as down.
pub fn wordpress_http() -> Result<reqwest::Client, SiteError> {
    reqwest::Client::builder()
        .user_agent(concat!("altloom/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(300))
        .build()
        .map_err(|error| SiteError::Usage(format!("cannot set up HTTP: {error}")))
}

/// Resolves `choice` into usable sites. With an account, each site's credentials are fetched
/// from the server (which records the access); without one, the site is checked first so a bad
/// address or password fails here with a clear message.
pub async fn resolve(
    choice: &SiteChoice,
    account: Option<&Account>,
) -> Result<Vec<SiteTarget>, SiteError> {
    let http = wordpress_http()?;
    match choice {
        SiteChoice::Direct { url, username } => {
            let password = std::env::var(PASSWORD_VARIABLE)
                .ok()
                .filter(|password| !password.trim().is_empty())
                .ok_or_else(|| {
                    SiteError::Usage(format!(
                        "--wp-url needs the Application Password in {PASSWORD_VARIABLE} (it is never a flag, so it stays out of shell history and process lists)"
                    ))
                })?;
            let credentials = Credentials::new(username.clone(), password);
            let facts = verify_site(&http, url, &credentials).await?;
            let root = RestRoot::parse(&facts.rest_url)?;
            Ok(vec![SiteTarget {
                name: display_name(&facts.url),
                url: facts.url,
                client: WordPressClient::new(http, root, credentials),
                upload_types: facts.upload_types,
                wordpress_version: facts.wordpress_version,
                mirror: None,
            }])
        }
        SiteChoice::Account { names } => {
            let account = account
                .ok_or_else(|| SiteError::Usage("--site needs an Altloom account".to_string()))?;
            let client = Arc::new(account.client(Timeouts::INTERACTIVE)?);
            let workspace = account.workspace(&client).await?;
            let mut targets = Vec::new();
            for name in names {
                let credentials =
                    client
                        .site_credentials(&workspace.id, name)
                        .await
                        .map_err(|source| SiteError::Api {
                            site: name.clone(),
                            source,
                        })?;
                let root = RestRoot::parse(&credentials.site.rest_url)?;
                let Site {
                    url,
                    upload_types,
                    wordpress_version,
                    ..
                } = credentials.site;
                targets.push(SiteTarget {
                    name: name.clone(),
                    url,
                    client: WordPressClient::new(
                        http.clone(),
                        root,
                        Credentials::new(credentials.username, credentials.application_password),
                    ),
                    upload_types,
                    wordpress_version,
                    mirror: Some(LedgerMirror {
                        client: Arc::clone(&client),
                        workspace_id: workspace.id.clone(),
                        site: name.clone(),
                    }),
                });
            }
            Ok(targets)
        }
    }
}

/// Reads `--site a,b,c` or `--wp-url` + `--wp-user` into a choice; exactly one of the two.
pub fn choose(
    sites: &[String],
    wp_url: Option<&str>,
    wp_user: Option<&str>,
) -> Result<SiteChoice, SiteError> {
    let wp_url = wp_url.filter(|url| !url.trim().is_empty());
    match (sites.is_empty(), wp_url) {
        (false, Some(_)) => Err(SiteError::Usage(
            "give either --site (a workspace's sites) or --wp-url (one site without an account), not both".into(),
        )),
        (true, None) => Err(SiteError::Usage(
            "which site? give --site NAME (see `altloom sites list`), or --wp-url URL --wp-user USER with ALTLOOM_WP_APP_PASSWORD".into(),
        )),
        (true, Some(url)) => {
            let username = wp_user
                .map(str::trim)
                .filter(|user| !user.is_empty())
                .ok_or_else(|| SiteError::Usage("--wp-url needs --wp-user".into()))?;
            Ok(SiteChoice::Direct {
                url: normalise_site_url(url)?,
                username: username.to_string(),
            })
        }
        (false, None) => {
            let mut names: Vec<String> = Vec::new();
            for name in sites.iter().map(|name| name.trim().to_string()) {
                if !altloom_shared::api::sites::is_valid_site_name(&name) {
                    return Err(SiteError::Usage(format!(
                        "`{name}` is not a site name: names are lowercase letters, digits, - and _ (see `altloom sites list`)"
                    )));
                }
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            Ok(SiteChoice::Account { names })
        }
    }
}

/// `example.com/blog` for `https://example.com/blog`.
fn display_name(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_way_of_naming_sites_is_accepted() {
        assert!(choose(&[], None, None).is_err());
        assert!(choose(&["a".into()], Some("https://example.com"), Some("u")).is_err());
        assert!(choose(&[], Some("https://example.com"), None).is_err());
        assert!(choose(&["Bad Name".into()], None, None).is_err());
        match choose(&["a".into(), "b".into(), "a".into()], None, None).unwrap() {
            SiteChoice::Account { names } => assert_eq!(names, ["a", "b"]),
            other => panic!("{other:?}"),
        }
        match choose(&[], Some("https://Example.com/"), Some("editor")).unwrap() {
            SiteChoice::Direct { url, username } => {
                assert_eq!(url, "https://example.com");
                assert_eq!(username, "editor");
            }
            other => panic!("{other:?}"),
        }
    }
}
