//! Finding a site's REST API, checking the user behind an Application Password, and learning
//! the WordPress version and which image types the site takes.

use reqwest::header::{HeaderMap, LINK};
use reqwest::{Method, Url};
use serde::Deserialize;

use super::rest::{read_limited, snippet, transport_error, RestRoot, WordPressClient};
use super::{Credentials, WordPressError};

/// The largest page read while looking for the REST API and the version.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The link relation WordPress gives its REST API in the `Link` header of every page.
const API_LINK_RELATION: &str = "https://api.w.org/";

/// What checking a site found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFacts {
    /// The site's address, normalised.
    pub url: String,
    /// The REST root, as [`RestRoot::as_string`] writes it.
    pub rest_url: String,
    /// From the home page's `generator` tag or the feed's; hidden on some sites.
    pub wordpress_version: Option<String>,
    /// MIME types of the images the site accepts.
    pub upload_types: Vec<String>,
    /// The user's display name.
    pub user_name: String,
    pub roles: Vec<String>,
    /// True when the user can edit media other people uploaded (needed by `wp fill-alt`).
    pub can_edit_others: bool,
}

/// Checks `url` and `credentials`: finds the REST API, then asks who the user is with
/// `context=edit` and refuses a user who cannot upload media.
pub async fn verify_site(
    http: &reqwest::Client,
    url: &str,
    credentials: &Credentials,
) -> Result<SiteFacts, WordPressError> {
    let url = normalise_site_url(url)?;
    let site = Url::parse(&url).map_err(|error| WordPressError::InvalidAddress {
        address: url.clone(),
        reason: error.to_string(),
    })?;
    let home = fetch_page(http, &site).await?;
    let root = find_rest_root(http, &site, home.as_ref()).await?;
    let client = WordPressClient::new(http.clone(), root.clone(), credentials.clone());
    let user = current_user(&client).await?;
    client.require_upload(&user)?;
    let mut version = home.as_ref().and_then(|page| generator_version(&page.body));
    if version.is_none() {
        version = feed_version(http, &site).await;
    }
    Ok(SiteFacts {
        url,
        rest_url: root.as_string(),
        upload_types: upload_types_for_version(version.as_deref()),
        wordpress_version: version,
        user_name: user.name,
        roles: user.roles,
        can_edit_others: user.capabilities.edit_others_posts,
    })
}

/// Checks and tidies a site address: http or https, a host, no user name or password, no query
/// or fragment; the trailing slash is dropped (`https://example.com/blog`).
pub fn normalise_site_url(address: &str) -> Result<String, WordPressError> {
    let invalid = |reason: &str| WordPressError::InvalidAddress {
        address: address.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = address.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    let mut url = Url::parse(trimmed).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("only http:// and https:// addresses are supported"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it carries a user name or password; give those separately",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "it has a query or fragment; give the site's home address",
        ));
    }
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The image types WordPress accepts by version: WebP from 5.8, AVIF from 6.5. When the version
/// is hidden, AVIF is offered too; a refusal then falls back to the next format.
pub fn upload_types_for_version(version: Option<&str>) -> Vec<String> {
    let mut types = vec![
        "image/jpeg".to_string(),
        "image/png".to_string(),
        "image/gif".to_string(),
    ];
    let parsed = version.and_then(parse_version);
    if parsed.is_none_or(|version| version >= (5, 8)) {
        types.push("image/webp".to_string());
    }
    if parsed.is_none_or(|version| version >= (6, 5)) {
        types.push("image/avif".to_string());
    }
    types
}

/// `6.1.9` → (6, 1); `6.5-beta1` → (6, 5).
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|part| part.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

/// A fetched page: its `Link` headers and body.
struct Page {
    headers: HeaderMap,
    body: String,
}

/// The home page, or `None` when it is not a page we can read (an error status); only an
/// unreachable site is an error here, since the REST API may still answer.
async fn fetch_page(http: &reqwest::Client, url: &Url) -> Result<Option<Page>, WordPressError> {
    let site = url.origin().ascii_serialization();
    let response = http
        .get(url.clone())
        .send()
        .await
        .map_err(|error| transport_error(&site, error))?;
    if !response.status().is_success() {
        return Ok(None);
    }
    let headers = response.headers().clone();
    let body = read_limited(&site, response, MAX_PAGE_BYTES).await?;
    Ok(Some(Page {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }))
}

/// The REST root: the one the home page's `Link` header names, else `/wp-json/`, else
/// `?rest_route=/`; each candidate must answer the REST index with the `wp/v2` namespace.
async fn find_rest_root(
    http: &reqwest::Client,
    site: &Url,
    home: Option<&Page>,
) -> Result<RestRoot, WordPressError> {
    let mut candidates = Vec::new();
    // The linked root is taken only on the site's own origin: the Application Password goes to
    // whatever root is chosen, and a page must not be able to send it to another host.
    if let Some(linked) = home.and_then(|page| linked_api(&page.headers)) {
        if let Ok(root) = RestRoot::parse(&linked) {
            let same_origin = match &root {
                RestRoot::Path(url) | RestRoot::Query(url) => url.origin() == site.origin(),
            };
            if same_origin {
                candidates.push(root);
            }
        }
    }
    let mut pretty = site.clone();
    pretty.set_path(&format!("{}/wp-json/", site.path().trim_end_matches('/')));
    candidates.push(RestRoot::Path(pretty));
    let mut plain = site.clone();
    plain.set_path(&format!("{}/", site.path().trim_end_matches('/')));
    candidates.push(RestRoot::Query(plain));
    candidates.dedup();

    let origin = site.origin().ascii_serialization();
    let mut last_reason = String::from("nothing answered");
    for candidate in candidates {
        let response = http
            .request(Method::GET, candidate.endpoint("", &[]))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|error| transport_error(&origin, error))?;
        let status = response.status();
        if status.is_server_error() {
            let body = read_limited(&origin, response, MAX_PAGE_BYTES).await?;
            return Err(WordPressError::Failed {
                url: origin,
                status: status.as_u16(),
                code: String::new(),
                message: snippet(&body),
            });
        }
        let body = read_limited(&origin, response, MAX_PAGE_BYTES).await?;
        if !status.is_success() {
            last_reason = format!("{} answered HTTP {status}", candidate.as_string());
            continue;
        }
        #[derive(Deserialize)]
        struct Index {
            #[serde(default)]
            namespaces: Vec<String>,
        }
        match serde_json::from_slice::<Index>(&body) {
            Ok(index) if index.namespaces.iter().any(|name| name == "wp/v2") => {
                return Ok(candidate)
            }
            Ok(_) => {
                last_reason = format!(
                    "{} answered without the wp/v2 namespace (is the REST API disabled?)",
                    candidate.as_string()
                )
            }
            Err(_) => {
                last_reason = format!("{} did not answer JSON", candidate.as_string());
            }
        }
    }
    Err(WordPressError::NotWordPress {
        url: origin,
        reason: last_reason,
    })
}

/// The REST root from `Link: <https://example.com/wp-json/>; rel="https://api.w.org/"`.
fn linked_api(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let mut parts = link.split(';');
            let target = parts.next()?.trim();
            let relation_matches = parts.any(|part| {
                let part = part.trim();
                part.strip_prefix("rel=")
                    .map(|relation| relation.trim_matches('"') == API_LINK_RELATION)
                    .unwrap_or(false)
            });
            if relation_matches && target.starts_with('<') && target.ends_with('>') {
                return Some(target[1..target.len() - 1].to_string());
            }
        }
    }
    None
}

/// `<meta name="generator" content="WordPress 6.1.9" />` → `6.1.9`.
fn generator_version(page: &str) -> Option<String> {
    let marker = "content=\"WordPress ";
    let start = page.find(marker)? + marker.len();
    let version: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    parse_version(&version).map(|_| version)
}

/// `<generator>https://wordpress.org/?v=6.1.9</generator>` from the RSS feed.
async fn feed_version(http: &reqwest::Client, site: &Url) -> Option<String> {
    let mut feed = site.clone();
    feed.set_path(&format!("{}/", site.path().trim_end_matches('/')));
    feed.set_query(Some("feed=rss2"));
    let response = http.get(feed).send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    let origin = site.origin().ascii_serialization();
    let body = read_limited(&origin, response, MAX_PAGE_BYTES).await.ok()?;
    let text = String::from_utf8_lossy(&body);
    let marker = "wordpress.org/?v=";
    let start = text.find(marker)? + marker.len();
    let version: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    parse_version(&version).map(|_| version)
}

impl WordPressClient {
    /// Checks the credentials still work and still allow uploads, with one request; a push does
    /// this first so a revoked password or a site that is down fails once, clearly.
    pub async fn check_can_upload(&self) -> Result<(), WordPressError> {
        let user = current_user(self).await?;
        self.require_upload(&user)
    }

    /// Refuses a user whose role cannot upload media (subscribers, contributors).
    fn require_upload(&self, user: &CurrentUser) -> Result<(), WordPressError> {
        if user.capabilities.upload_files {
            return Ok(());
        }
        Err(WordPressError::NotAllowed {
            url: self.site().to_string(),
            username: self.username().to_string(),
            action: "upload media".into(),
            reason: format!(
                "their role ({}) lacks the upload_files capability",
                if user.roles.is_empty() {
                    "none".to_string()
                } else {
                    user.roles.join(", ")
                }
            ),
        })
    }
}

/// The user behind the credentials.
pub(crate) struct CurrentUser {
    pub name: String,
    pub roles: Vec<String>,
    pub capabilities: Capabilities,
}

#[derive(Default, Deserialize)]
pub(crate) struct Capabilities {
    #[serde(default)]
    pub upload_files: bool,
    #[serde(default)]
    pub edit_others_posts: bool,
}

/// `GET wp/v2/users/me?context=edit`: anyone may read their own record in the edit context,
/// which is the one that lists roles and capabilities.
pub(crate) async fn current_user(client: &WordPressClient) -> Result<CurrentUser, WordPressError> {
    #[derive(Deserialize)]
    struct Me {
        #[serde(default)]
        name: String,
        #[serde(default)]
        roles: Vec<String>,
        #[serde(default)]
        capabilities: Capabilities,
    }
    let request = client.request(
        Method::GET,
        "wp/v2/users/me",
        &[("context", "edit".to_string())],
    );
    let (me, _) = client
        .send_json::<Me>(request, "read their own profile")
        .await?;
    Ok(CurrentUser {
        name: me.name,
        roles: me.roles,
        capabilities: me.capabilities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses_are_checked_and_tidied() {
        assert_eq!(
            normalise_site_url(" https://Example.com/blog/ ").unwrap(),
            "https://example.com/blog"
        );
        assert_eq!(
            normalise_site_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "https://user:pass@example.com",
            "https://example.com/?p=1",
            "https://example.com/#top",
        ] {
            assert!(normalise_site_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn avif_is_accepted_from_six_point_five() {
        let old = upload_types_for_version(Some("6.1.9"));
        assert!(old.contains(&"image/webp".to_string()));
        assert!(!old.contains(&"image/avif".to_string()));
        assert!(upload_types_for_version(Some("6.5")).contains(&"image/avif".to_string()));
        assert!(!upload_types_for_version(Some("5.7.2")).contains(&"image/webp".to_string()));
        assert!(upload_types_for_version(None).contains(&"image/avif".to_string()));
    }

    #[test]
    fn the_api_link_and_versions_are_read() {
        let mut headers = HeaderMap::new();
        headers.append(
            LINK,
            "<https://example.com/wp-json/wp/v2/pages/2>; rel=\"alternate\"; type=\"application/json\", <https://example.com/wp-json/>; rel=\"https://api.w.org/\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            linked_api(&headers).as_deref(),
            Some("https://example.com/wp-json/")
        );
        assert_eq!(
            generator_version("<meta name=\"generator\" content=\"WordPress 6.1.9\" />").as_deref(),
            Some("6.1.9")
        );
        assert_eq!(generator_version("<p>no generator</p>"), None);
    }
}
