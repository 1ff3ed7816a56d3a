//! The REST plumbing: where routes live on a site (`/wp-json/...` or `?rest_route=...`), the
//! authenticated client, size-limited reading of answers, and turning WordPress's error answers
//! (`{"code":..,"message":..}`) into [`WordPressError`].

use reqwest::{Method, Response, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{Credentials, WordPressError};

/// The largest JSON answer read from a site; a media page of 100 items is well under 1 MiB.
const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// Where a site's REST routes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestRoot {
    /// Pretty permalinks: routes are paths below this URL, which ends in `/` (`.../wp-json/`).
    Path(Url),
    /// Plain permalinks: routes go in the `rest_route` query parameter of this URL (`.../`).
    Query(Url),
}

impl RestRoot {
    /// Reads the form [`RestRoot::as_string`] writes (what the server stores as `rest_url`).
    pub fn parse(text: &str) -> Result<RestRoot, WordPressError> {
        let invalid = |reason: &str| WordPressError::InvalidAddress {
            address: text.to_string(),
            reason: reason.to_string(),
        };
        let mut url = Url::parse(text).map_err(|error| invalid(&error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("only http and https addresses are supported"));
        }
        if url.query_pairs().any(|(key, _)| key == "rest_route") {
            url.set_query(None);
            return Ok(RestRoot::Query(url));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(RestRoot::Path(url))
    }

    /// `https://example.com/wp-json/` or `https://example.com/?rest_route=/`.
    pub fn as_string(&self) -> String {
        match self {
            RestRoot::Path(url) => url.to_string(),
            RestRoot::Query(url) => {
                let mut url = url.clone();
                url.query_pairs_mut().append_pair("rest_route", "/");
                // WordPress writes the slash unescaped in its own links; so do we, for people.
                url.to_string().replace("rest_route=%2F", "rest_route=/")
            }
        }
    }

    /// The URL of `route` (such as `wp/v2/media`) with `query` appended.
    pub fn endpoint(&self, route: &str, query: &[(&str, String)]) -> Url {
        let route = route.trim_start_matches('/');
        let mut url = match self {
            RestRoot::Path(base) => {
                let mut url = base.clone();
                let path = format!("{}{route}", base.path());
                url.set_path(&path);
                url
            }
            RestRoot::Query(base) => {
                let mut url = base.clone();
                url.query_pairs_mut()
                    .append_pair("rest_route", &format!("/{route}"));
                url
            }
        };
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
        }
        url
    }
}

/// An authenticated client for one site.
#[derive(Clone, Debug)]
pub struct WordPressClient {
    http: reqwest::Client,
    root: RestRoot,
    credentials: Credentials,
    /// The site's address, for messages.
    site: String,
}

/// WordPress's error answer.
#[derive(Deserialize)]
struct ErrorAnswer {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

impl WordPressClient {
    pub fn new(http: reqwest::Client, root: RestRoot, credentials: Credentials) -> Self {
        let site = match &root {
            RestRoot::Path(url) | RestRoot::Query(url) => url.origin().ascii_serialization(),
        };
        WordPressClient {
            http,
            root,
            credentials,
            site,
        }
    }

    pub fn root(&self) -> &RestRoot {
        &self.root
    }

    pub fn username(&self) -> &str {
        &self.credentials.username
    }

    /// The site's origin, for messages.
    pub fn site(&self) -> &str {
        &self.site
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// An authenticated request to `route`.
    pub(crate) fn request(
        &self,
        method: Method,
        route: &str,
        query: &[(&str, String)],
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.root.endpoint(route, query))
            .basic_auth(
                &self.credentials.username,
                Some(&self.credentials.application_password),
            )
            .header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends `request` and reads a JSON answer of type `T`, or the error WordPress gave. `action`
    /// names what a refusal (403) stops, for the message.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        action: &str,
    ) -> Result<(T, reqwest::header::HeaderMap), WordPressError> {
        let response = request
            .send()
            .await
            .map_err(|error| transport_error(&self.site, error))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_limited(&self.site, response, MAX_JSON_BYTES).await?;
        if !status.is_success() {
            return Err(self.error_from(status, &body, action));
        }
        let value = serde_json::from_slice(&body).map_err(|error| WordPressError::BadAnswer {
            url: self.site.clone(),
            reason: format!("{error} (HTTP {status}, {})", snippet(&body)),
        })?;
        Ok((value, headers))
    }

    /// Turns an error answer into the matching [`WordPressError`].
    pub(crate) fn error_from(
        &self,
        status: StatusCode,
        body: &[u8],
        action: &str,
    ) -> WordPressError {
        let answer: Option<ErrorAnswer> = serde_json::from_slice(body).ok();
        let (code, message) = match answer {
            Some(answer) => (answer.code, strip_tags(&answer.message)),
            None => (String::new(), snippet(body)),
        };
        match status.as_u16() {
            401 => WordPressError::RejectedCredentials {
                url: self.site.clone(),
                username: self.credentials.username.clone(),
            },
            403 => WordPressError::NotAllowed {
                url: self.site.clone(),
                username: self.credentials.username.clone(),
                action: action.to_string(),
                reason: if code.is_empty() { message } else { code },
            },
            status_code => WordPressError::Failed {
                url: self.site.clone(),
                status: status_code,
                code,
                message,
            },
        }
    }
}

/// A failure before any answer: DNS, connection, TLS, timeout.
pub(crate) fn transport_error(site: &str, error: reqwest::Error) -> WordPressError {
    let reason = if error.is_timeout() {
        "the site did not answer in time".to_string()
    } else if error.is_connect() {
        format!("cannot connect ({})", innermost(&error))
    } else if error.is_redirect() {
        format!(
            "too many redirects or a refused redirect ({})",
            innermost(&error)
        )
    } else {
        innermost(&error)
    };
    WordPressError::Unreachable {
        url: site.to_string(),
        reason,
        source: Some(Box::new(error)),
    }
}

/// The deepest cause's message: reqwest's own is "error sending request", which says little.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Reads at most `limit` bytes of an answer's body.
pub(crate) async fn read_limited(
    site: &str,
    mut response: Response,
    limit: usize,
) -> Result<Vec<u8>, WordPressError> {
    if let Some(length) = response.content_length() {
        if length > limit as u64 {
            return Err(WordPressError::BadAnswer {
                url: site.to_string(),
                reason: format!("the answer is {length} bytes, more than the {limit} accepted"),
            });
        }
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| transport_error(site, error))?
    {
        if body.len() + chunk.len() > limit {
            return Err(WordPressError::BadAnswer {
                url: site.to_string(),
                reason: format!("the answer is more than the {limit} bytes accepted"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The start of a non-JSON answer, tags removed, for messages (a PHP fatal error page, a proxy's
/// error page).
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = strip_tags(&String::from_utf8_lossy(&body[..body.len().min(2_000)]));
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        "an empty answer".to_string()
    } else {
        text.chars().take(200).collect()
    }
}

/// WordPress messages sometimes carry HTML (`<strong>Error</strong>`); people read text.
fn strip_tags(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut in_tag = false;
    for character in text.chars() {
        match character {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => result.push(character),
            _ => {}
        }
    }
    result.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_roots_put_routes_in_the_path() {
        let root = RestRoot::parse("https://example.com/blog/wp-json").unwrap();
        assert_eq!(root.as_string(), "https://example.com/blog/wp-json/");
        let url = root.endpoint("wp/v2/media", &[("per_page", "100".into())]);
        assert_eq!(
            url.as_str(),
            "https://example.com/blog/wp-json/wp/v2/media?per_page=100"
        );
    }

    #[test]
    fn plain_roots_put_routes_in_the_query() {
        let root = RestRoot::parse("http://127.0.0.1:8080/?rest_route=/").unwrap();
        assert_eq!(root.as_string(), "http://127.0.0.1:8080/?rest_route=/");
        let url = root.endpoint("/wp/v2/media/7", &[("context", "edit".into())]);
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/?rest_route=%2Fwp%2Fv2%2Fmedia%2F7&context=edit"
        );
        assert_eq!(RestRoot::parse(&root.as_string()).unwrap(), root);
    }

    #[test]
    fn other_schemes_are_refused() {
        assert!(RestRoot::parse("ftp://example.com/wp-json/").is_err());
    }

    #[test]
    fn snippets_are_text_without_markup() {
        assert_eq!(
            snippet(b"<html><body><h1>Error establishing a database connection</h1></body></html>"),
            "Error establishing a database connection"
        );
        assert_eq!(snippet(b""), "an empty answer");
    }
}
