//! The guard on the server's calls to WordPress sites: a site address is chosen by a user, so
//! without it anyone could make the server call its own loopback, the cloud metadata service or
//! the private network behind it (server-side request forgery).
//!
//! [`client`] builds the one `reqwest::Client` site calls use. Every address is checked at each
//! place a request can go:
//! - a DNS resolver that refuses a name when any of its addresses is not public, before any
//!   connection is made;
//! - [`check_url`] on the address a user gives, since an IP literal never reaches a resolver;
//! - a redirect policy that checks each hop the same way (IP literals directly, names through the
//!   resolver), refuses a downgrade from https to http, and follows at most [`MAX_REDIRECTS`];
//! - a check of the connected peer before any byte of a request is sent, which also catches IP
//!   literals that come from a site's answers (such as the REST root its `Link` header names).
//!
//! Every refusal is an [`AddressRefused`] somewhere in the error's `source()` chain
//! ([`find_refusal`]), so the API can answer `site_address_refused` instead of "unreachable".
//! What counts as allowed is an [`AddressPolicy`]: public addresses only, or (with
//! `ALTLOOM_ALLOW_PRIVATE_SITES=true`, for local development and tests) any address.

use std::error::Error as StdError;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::connect::{Connection, HttpInfo};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;
use reqwest::Url;

/// Longest wait for a connection to a site.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest one request to a site may take, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Redirects followed per request.
pub const MAX_REDIRECTS: usize = 5;

/// A site address the server will not call: it is, resolves to, or redirects to an address that
/// is not on the public internet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct AddressRefused {
    pub host: String,
    pub address: IpAddr,
}

impl std::fmt::Display for AddressRefused {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let literal = self.host.trim_start_matches('[').trim_end_matches(']');
        if literal.parse::<IpAddr>().ok() == Some(self.address) {
            write!(formatter, "{}", self.address)?;
        } else {
            write!(
                formatter,
                "{} resolves to {}, which",
                self.host, self.address
            )?;
        }
        write!(
            formatter,
            " is not a public internet address (loopback, private, link-local or reserved); \
             Altloom only connects to sites on the public internet"
        )
    }
}

/// A redirect the server will not follow, for a reason other than its address.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedirectRefused {
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooMany,
    #[error("a redirect to {0}, which is not an http or https address")]
    Scheme(String),
    #[error("a redirect from https to plain http")]
    Downgrade,
    #[error("a redirect to an unusable address: {0}")]
    Invalid(String),
}

/// Why a URL given for a site cannot be called.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefused {
    #[error(transparent)]
    Address(#[from] AddressRefused),
    #[error("{0}")]
    Invalid(String),
}

/// True for an address on the public internet: not loopback, private, link-local, shared
/// (CGNAT), multicast, broadcast, documentation, benchmarking or otherwise reserved, and for
/// IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4), the same for that
/// address.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(address: Ipv4Addr) -> bool {
    let bits = u32::from(address);
    // (network, prefix length) of every range that is not globally reachable.
    const REFUSED: &[(u32, u32)] = &[
        (0x0000_0000, 8),  // 0.0.0.0/8: "this network", including the unspecified address
        (0x0A00_0000, 8),  // 10.0.0.0/8: private
        (0x6440_0000, 10), // 100.64.0.0/10: shared address space (CGNAT)
        (0x7F00_0000, 8),  // 127.0.0.0/8: loopback
        (0xA9FE_0000, 16), // 169.254.0.0/16: link-local, including cloud metadata services
        (0xAC10_0000, 12), // 172.16.0.0/12: private
        (0xC000_0000, 24), // 192.0.0.0/24: IETF protocol assignments
        (0xC000_0200, 24), // 192.0.2.0/24: documentation
        (0xC058_6300, 24), // 192.88.99.0/24: 6to4 relay anycast
        (0xC0A8_0000, 16), // 192.168.0.0/16: private
        (0xC612_0000, 15), // 198.18.0.0/15: benchmarking
        (0xC633_6400, 24), // 198.51.100.0/24: documentation
        (0xCB00_7100, 24), // 203.0.113.0/24: documentation
        (0xE000_0000, 4),  // 224.0.0.0/4: multicast
        (0xF000_0000, 4),  // 240.0.0.0/4: reserved, including broadcast 255.255.255.255
    ];
    !REFUSED
        .iter()
        .any(|&(network, length)| bits >> (32 - length) == network >> (32 - length))
}

fn is_public_v6(address: Ipv6Addr) -> bool {
    let bits = u128::from(address);
    let within = |network: u128, length: u32| bits >> (128 - length) == network >> (128 - length);
    let embedded_v4 = Ipv4Addr::from((bits & 0xFFFF_FFFF) as u32);
    if address.is_unspecified() || address.is_loopback() {
        return false;
    }
    // IPv4-mapped (::ffff:0:0/96) and the deprecated IPv4-compatible (::/96) forms reach the
    // embedded IPv4 address; so does NAT64 (64:ff9b::/96).
    if within(0xFFFF << 32, 96) || within(0, 96) || within(0x0064_FF9B << 96, 96) {
        return is_public_v4(embedded_v4);
    }
    // 6to4 (2002::/16) carries its IPv4 address in bits 16 to 48.
    if within(0x2002 << 112, 16) {
        return is_public_v4(Ipv4Addr::from(((bits >> 80) & 0xFFFF_FFFF) as u32));
    }
    const REFUSED: &[(u128, u32)] = &[
        (0x0064_FF9B_0001 << 80, 48), // 64:ff9b:1::/48: local-use NAT64
        (0x0100 << 112, 64),          // 100::/64: discard
        (0x2001 << 112, 32),          // 2001::/32: Teredo, which tunnels to IPv4 addresses
        (0x2001_0002 << 96, 48),      // 2001:2::/48: benchmarking
        (0x2001_0010 << 96, 28),      // 2001:10::/28: ORCHID
        (0x2001_0DB8 << 96, 32),      // 2001:db8::/32: documentation
        (0x3FFF << 112, 20),          // 3fff::/20: documentation
        (0xFC00 << 112, 7),           // fc00::/7: unique local
        (0xFE80 << 112, 10),          // fe80::/10: link-local
        (0xFEC0 << 112, 10),          // fec0::/10: site-local (deprecated)
        (0xFF00 << 112, 8),           // ff00::/8: multicast
    ];
    !REFUSED
        .iter()
        .any(|&(network, length)| within(network, length))
}

/// Which addresses site calls may reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    allow_private: bool,
    stand_ins: Vec<SocketAddr>,
}

impl AddressPolicy {
    /// Public addresses only, or any address when `allow_private`
    /// (`ALTLOOM_ALLOW_PRIVATE_SITES`).
    pub fn new(allow_private: bool) -> AddressPolicy {
        AddressPolicy {
            allow_private,
            stand_ins: Vec::new(),
        }
    }

    /// Lets this exact socket address (address and port) count as public. Tests use it for a
    /// local server that stands in for a public site, so that what it redirects or links to
    /// meets the same checks as in production.
    pub fn with_stand_in(mut self, address: SocketAddr) -> AddressPolicy {
        self.stand_ins.push(address);
        self
    }

    /// Whether private addresses are allowed at all.
    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    fn allows(&self, address: SocketAddr) -> bool {
        self.allow_private || is_public(address.ip()) || self.stand_ins.contains(&address)
    }
}

/// Checks an address a site call is about to use: http or https, no credentials in it, and an IP
/// literal host must be allowed (host names are checked when they are resolved).
pub fn check_url(url: &str, policy: &AddressPolicy) -> Result<(), UrlRefused> {
    let parsed =
        Url::parse(url).map_err(|error| UrlRefused::Invalid(format!("not an address: {error}")))?;
    check_parsed(&parsed, policy)
}

fn check_parsed(url: &Url, policy: &AddressPolicy) -> Result<(), UrlRefused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlRefused::Invalid(
            "only http:// and https:// addresses are supported".to_string(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefused::Invalid(
            "the address must not carry a user name or password".to_string(),
        ));
    }
    let literal = match url.host() {
        Some(url::Host::Ipv4(address)) => Some(IpAddr::V4(address)),
        Some(url::Host::Ipv6(address)) => Some(IpAddr::V6(address)),
        Some(url::Host::Domain(_)) => None,
        None => return Err(UrlRefused::Invalid("the address has no host".to_string())),
    };
    let port = url.port_or_known_default().unwrap_or(0);
    match literal {
        Some(address) if !policy.allows(SocketAddr::new(address, port)) => Err(AddressRefused {
            host: url.host_str().unwrap_or_default().to_string(),
            address,
        }
        .into()),
        _ => Ok(()),
    }
}

/// The refusal in an error's `source()` chain, if the guard is why it failed.
pub fn find_refusal<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a AddressRefused> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(refusal) = error.downcast_ref::<AddressRefused>() {
            return Some(refusal);
        }
        current = error.source();
    }
    None
}

/// The redirect decision for one hop: `Ok` to follow, or why not.
pub fn check_redirect(
    next: &Url,
    previous: &[Url],
    policy: &AddressPolicy,
) -> Result<(), Box<dyn StdError + Send + Sync>> {
    if previous.len() > MAX_REDIRECTS {
        return Err(Box::new(RedirectRefused::TooMany));
    }
    if !matches!(next.scheme(), "http" | "https") {
        return Err(Box::new(RedirectRefused::Scheme(next.scheme().to_string())));
    }
    if next.scheme() == "http" && previous.last().is_some_and(|url| url.scheme() == "https") {
        return Err(Box::new(RedirectRefused::Downgrade));
    }
    match check_parsed(next, policy) {
        Ok(()) => Ok(()),
        Err(UrlRefused::Address(refusal)) => Err(Box::new(refusal)),
        Err(UrlRefused::Invalid(reason)) => Err(Box::new(RedirectRefused::Invalid(reason))),
    }
}

/// A resolver that answers only with public addresses, and refuses a name outright when any of
/// its addresses is not public (a name that mixes both is an attempt, not an accident).
#[derive(Clone, Copy, Debug)]
struct PublicOnlyResolver;

impl Resolve for PublicOnlyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(refused) = addresses.iter().find(|address| !is_public(address.ip())) {
                return Err(Box::new(AddressRefused {
                    host,
                    address: refused.ip(),
                }) as Box<dyn StdError + Send + Sync>);
            }
            if addresses.is_empty() {
                return Err(format!("{host} has no address").into());
            }
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

/// A connector layer that looks at the address a connection reached before the connection is
/// used: a request to an IP literal the other checks did not see fails here, before any byte
/// of the request is written.
#[derive(Clone, Debug)]
struct PeerCheckLayer {
    policy: AddressPolicy,
}

impl<S> tower::Layer<S> for PeerCheckLayer {
    type Service = PeerCheck<S>;

    fn layer(&self, inner: S) -> PeerCheck<S> {
        PeerCheck {
            inner,
            policy: self.policy.clone(),
        }
    }
}

#[derive(Clone, Debug)]
struct PeerCheck<S> {
    inner: S,
    policy: AddressPolicy,
}

type BoxError = Box<dyn StdError + Send + Sync>;

impl<S, Request> tower::Service<Request> for PeerCheck<S>
where
    S: tower::Service<Request>,
    S::Response: Connection + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(context).map_err(Into::into)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let connecting = self.inner.call(request);
        let policy = self.policy.clone();
        Box::pin(async move {
            let connection = connecting.await.map_err(Into::into)?;
            let mut extensions = http::Extensions::new();
            connection.connected().get_extras(&mut extensions);
            match extensions.get::<HttpInfo>().map(HttpInfo::remote_addr) {
                Some(peer) if policy.allows(peer) => Ok(connection),
                Some(peer) => Err(Box::new(AddressRefused {
                    host: peer.ip().to_string(),
                    address: peer.ip(),
                }) as BoxError),
                // Without the peer's address the connection cannot be vouched for.
                None => Err("the connection did not report its peer address".into()),
            }
        })
    }
}

/// The builder of the site client with every guard in place; [`client`] builds it. Tests use
/// the builder to add fixed DNS answers (`resolve`) for a site that stands in for a public one
/// (see [`AddressPolicy::with_stand_in`]).
pub fn client_builder(policy: AddressPolicy) -> reqwest::ClientBuilder {
    let redirect_policy = policy.clone();
    let builder = reqwest::Client::builder()
        .user_agent(concat!("altloom-server/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        // A proxy would resolve names itself, out of the guard's sight.
        .no_proxy()
        .redirect(Policy::custom(move |attempt| {
            match check_redirect(attempt.url(), attempt.previous(), &redirect_policy) {
                Ok(()) => attempt.follow(),
                Err(error) => attempt.error(error),
            }
        }));
    if policy.allows_private() {
        builder
    } else {
        builder
            .dns_resolver(PublicOnlyResolver)
            .connector_layer(PeerCheckLayer { policy })
    }
}

/// The client the server calls WordPress sites with.
pub fn client(policy: AddressPolicy) -> Result<reqwest::Client, reqwest::Error> {
    client_builder(policy).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn only_public_addresses_pass() {
        for refused in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.10",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
        ] {
            assert!(!public(refused), "{refused} must be refused");
        }
        for allowed in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.215.14",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "2002:0808:0808::",
        ] {
            assert!(public(allowed), "{allowed} must be allowed");
        }
    }

    #[test]
    fn literal_addresses_are_checked_before_any_request() {
        let strict = AddressPolicy::new(false);
        let open = AddressPolicy::new(true);
        for url in [
            "http://127.0.0.1:8080",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::ffff:7f00:1]/",
        ] {
            assert!(
                matches!(check_url(url, &strict), Err(UrlRefused::Address(_))),
                "{url} must be refused"
            );
            assert_eq!(check_url(url, &open), Ok(()));
        }
        assert_eq!(check_url("https://example.com/blog", &strict), Ok(()));
        assert_eq!(check_url("http://93.184.215.14/", &strict), Ok(()));
        assert!(matches!(
            check_url("https://user:pass@example.com/", &open),
            Err(UrlRefused::Invalid(_))
        ));
        assert!(matches!(
            check_url("ftp://example.com/", &open),
            Err(UrlRefused::Invalid(_))
        ));
        // A stand-in is that address and port only.
        let stand_in = AddressPolicy::new(false).with_stand_in("127.0.0.1:8080".parse().unwrap());
        assert_eq!(check_url("http://127.0.0.1:8080/", &stand_in), Ok(()));
        assert!(check_url("http://127.0.0.1:8081/", &stand_in).is_err());
    }

    #[test]
    fn every_redirect_hop_is_checked() {
        let url = |text: &str| Url::parse(text).unwrap();
        let strict = AddressPolicy::new(false);
        let open = AddressPolicy::new(true);
        let start = [url("https://example.com/")];
        assert!(check_redirect(&url("https://www.example.com/"), &start, &strict).is_ok());
        for target in [
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://169.254.169.254/",
            "https://[fe80::1]/",
        ] {
            let error = check_redirect(&url(target), &start, &strict).unwrap_err();
            assert!(
                error.downcast_ref::<AddressRefused>().is_some(),
                "{target}: {error}"
            );
            assert!(check_redirect(&url(target), &start, &open).is_ok());
        }
        let downgrade = check_redirect(&url("http://example.com/"), &start, &strict).unwrap_err();
        assert_eq!(
            downgrade.downcast_ref::<RedirectRefused>(),
            Some(&RedirectRefused::Downgrade)
        );
        let many: Vec<Url> = (0..=MAX_REDIRECTS)
            .map(|_| url("https://example.com/"))
            .collect();
        assert!(check_redirect(&url("https://example.com/"), &many, &open).is_err());
        assert!(check_redirect(&url("file:///etc/passwd"), &start, &open).is_err());
    }

    #[tokio::test]
    async fn names_that_resolve_to_private_addresses_are_refused_by_the_resolver() {
        let name: Name = "localhost".parse().unwrap();
        let error = match PublicOnlyResolver.resolve(name).await {
            Ok(_) => panic!("localhost must be refused"),
            Err(error) => error,
        };
        let refusal = find_refusal(error.as_ref()).expect("the refusal is in the chain");
        assert!(refusal.address.is_loopback());
    }
}
