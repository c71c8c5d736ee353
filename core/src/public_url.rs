//! The URL a provider requested, rebuilt from what the server received and an explicit
//! trust policy.
//!
//! Twilio, SignalWire and Plivo sign the URL they called. Behind a TLS-terminating proxy
//! (a load balancer, ngrok) the app sees `http://10.0.0.5:8000/hook` while the provider
//! signed `https://example.com/hook`, so every genuine delivery fails. Honouring
//! `X-Forwarded-*` blindly is no answer either: any client can send those headers. The
//! app's owner says which source to trust, and this one function decides for every binding.

use std::fmt;
use std::str::FromStr;

use crate::limits::{MAX_HEADER_BYTES, MAX_URL_BYTES};
use crate::{Error, Request};

/// `Forwarded` (RFC 7239).
pub const FORWARDED_HEADER: &str = "Forwarded";
/// `X-Forwarded-Proto`: the scheme the client used.
pub const X_FORWARDED_PROTO_HEADER: &str = "X-Forwarded-Proto";
/// `X-Forwarded-Host`: the host the client asked for.
pub const X_FORWARDED_HOST_HEADER: &str = "X-Forwarded-Host";
/// `X-Forwarded-Port`: the port the client connected to.
pub const X_FORWARDED_PORT_HEADER: &str = "X-Forwarded-Port";

/// Every header [`UrlPolicy::TrustForwarded`] reads.
pub const FORWARDING_HEADERS: [&str; 4] = [
    FORWARDED_HEADER,
    X_FORWARDED_PROTO_HEADER,
    X_FORWARDED_HOST_HEADER,
    X_FORWARDED_PORT_HEADER,
];

/// Where the URL a provider signed comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UrlPolicy {
    /// The URL the server received: its scheme, its `Host` header, its request target. Right
    /// when the provider reaches the app directly, and the safe default.
    #[default]
    Direct,
    /// A fixed public base (`https://example.com`, or `https://example.com/prefix` when the
    /// proxy strips a path prefix) followed by the received request target. Right behind any
    /// proxy, and immune to forged forwarding headers. Build it with
    /// [`UrlPolicy::public_base`]; a [`PublicBase`] is valid by construction.
    PublicBase(PublicBase),
    /// The scheme and host from `Forwarded` (RFC 7239), else from `X-Forwarded-Proto`,
    /// `X-Forwarded-Host` and `X-Forwarded-Port`, falling back to the received ones. Of
    /// several values the last one counts: the one added by the proxy next to the app. Only
    /// safe when that proxy sets or overwrites these headers.
    TrustForwarded,
}

impl UrlPolicy {
    /// A [`UrlPolicy::PublicBase`] of `base`: `http(s)://host[:port][/prefix]`, without query
    /// or fragment. A trailing `/` is dropped.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `base` is not of that shape.
    pub fn public_base(base: &str) -> Result<Self, Error> {
        PublicBase::new(base).map(UrlPolicy::PublicBase)
    }

    /// The policy from the two options every adapter offers: a public base, or trusting the
    /// forwarding headers (neither: [`UrlPolicy::Direct`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when both are given, or the base is not a URL base.
    pub fn from_options(public_base: Option<&str>, trust_forwarded: bool) -> Result<Self, Error> {
        match (public_base, trust_forwarded) {
            (Some(_), true) => Err(Error::invalid_argument(
                "give a public URL or trust the forwarding headers, not both",
            )),
            (Some(base), false) => UrlPolicy::public_base(base),
            (None, true) => Ok(UrlPolicy::TrustForwarded),
            (None, false) => Ok(UrlPolicy::Direct),
        }
    }

    /// The URL the provider requested, from the `scheme` and `host` the server received (the
    /// `Host` header), the raw request `target` (path and query exactly as received) and, for
    /// [`UrlPolicy::TrustForwarded`], the forwarding headers of `request`.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] when the received scheme, host or target cannot be a request's;
    /// [`Error::MalformedHeader`] when a trusted forwarding header is unusable.
    ///
    /// ```
    /// use hooksig::{Request, UrlPolicy};
    ///
    /// let request = Request::new("POST")
    ///     .header("X-Forwarded-Proto", "https")
    ///     .header("X-Forwarded-Host", "example.com");
    /// let received = ("http", "10.0.0.5:8000", "/hooks/twilio?id=1");
    /// assert_eq!(
    ///     UrlPolicy::Direct.resolve(received.0, received.1, received.2, &request).unwrap(),
    ///     "http://10.0.0.5:8000/hooks/twilio?id=1"
    /// );
    /// assert_eq!(
    ///     UrlPolicy::TrustForwarded.resolve(received.0, received.1, received.2, &request).unwrap(),
    ///     "https://example.com/hooks/twilio?id=1"
    /// );
    /// ```
    pub fn resolve(
        &self,
        scheme: &str,
        host: &str,
        target: &str,
        request: &Request<'_>,
    ) -> Result<String, Error> {
        if !is_target(target) || !target.starts_with('/') {
            return Err(Error::invalid_url(
                "the request target is not a path starting with '/'",
            ));
        }
        let received_scheme = canonical_scheme(scheme)
            .ok_or_else(|| Error::invalid_url("the received scheme is not http or https"))?;
        let url = match self {
            UrlPolicy::Direct => join(received_scheme, checked_host(host)?, target),
            UrlPolicy::PublicBase(base) => format!("{}{target}", base.as_str()),
            UrlPolicy::TrustForwarded => {
                let forwarded = Forwarded::from(request)?;
                let scheme = forwarded.proto.unwrap_or(received_scheme);
                let host = match forwarded.host {
                    Some(host) => host.to_owned(),
                    None => checked_host(host)?.to_owned(),
                };
                let host = match forwarded.port {
                    Some(port) if !has_port(&host) && Some(port) != default_port(scheme) => {
                        format!("{host}:{port}")
                    }
                    _ => host,
                };
                join(scheme, &host, target)
            }
        };
        if url.len() > MAX_URL_BYTES {
            return Err(Error::invalid_url(format!(
                "the URL is {} bytes long; the limit is {MAX_URL_BYTES}",
                url.len()
            )));
        }
        Ok(url)
    }
}

/// The public base of a [`UrlPolicy::PublicBase`]: `http(s)://host[:port][/prefix]`, checked
/// when it is made (the only way to make one), so a policy cannot hold a base that would turn
/// the target into another URL (`javascript:`, credentials, a query).
///
/// ```
/// use hooksig::{Request, UrlPolicy};
///
/// let policy = UrlPolicy::public_base("https://example.com/api/").unwrap();
/// let UrlPolicy::PublicBase(base) = &policy else { unreachable!() };
/// assert_eq!(base.as_str(), "https://example.com/api");
/// let url = policy.resolve("http", "10.0.0.5", "/hook", &Request::new("POST")).unwrap();
/// assert_eq!(url, "https://example.com/api/hook");
/// assert!(UrlPolicy::public_base("javascript:alert(1)//").is_err());
/// ```
///
/// A policy cannot be built around an unchecked string:
///
/// ```compile_fail
/// let policy = hooksig::UrlPolicy::PublicBase("javascript:alert(1)//".into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicBase(String);

impl PublicBase {
    /// Checks `base`: `http(s)://host[:port][/prefix]`, without query or fragment. A trailing
    /// `/` is dropped.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `base` is not of that shape.
    pub fn new(base: &str) -> Result<Self, Error> {
        let invalid = |why: &str| Error::invalid_argument(format!("public URL base: {why}"));
        let (scheme, rest) = base
            .split_once("://")
            .ok_or_else(|| invalid("expected http(s)://host[:port][/prefix]"))?;
        canonical_scheme(scheme).ok_or_else(|| invalid("the scheme is not http or https"))?;
        let (host, prefix) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !is_host(host) {
            return Err(invalid("the host is empty or not a host name"));
        }
        if prefix.contains(['?', '#']) || !is_target(prefix) {
            return Err(invalid(
                "the prefix must be a plain path, without query or fragment",
            ));
        }
        Ok(PublicBase(base.trim_end_matches('/').to_owned()))
    }

    /// The base, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PublicBase {
    type Err = Error;

    fn from_str(base: &str) -> Result<Self, Error> {
        PublicBase::new(base)
    }
}

impl AsRef<str> for PublicBase {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for PublicBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Scheme, host and port as the forwarding headers give them.
#[derive(Default)]
struct Forwarded<'a> {
    proto: Option<&'static str>,
    host: Option<&'a str>,
    port: Option<u16>,
}

impl<'a> Forwarded<'a> {
    fn from(request: &Request<'a>) -> Result<Self, Error> {
        if let Some(element) = last_value(request, FORWARDED_HEADER)? {
            let mut forwarded = Forwarded::default();
            for pair in element.split(';') {
                let Some((name, value)) = pair.split_once('=') else {
                    continue;
                };
                let value = value.trim();
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                match name.trim().to_ascii_lowercase().as_str() {
                    "proto" => forwarded.proto = Some(proto(FORWARDED_HEADER, value)?),
                    "host" => forwarded.host = Some(forwarded_host(FORWARDED_HEADER, value)?),
                    _ => {}
                }
            }
            if forwarded.proto.is_some() || forwarded.host.is_some() {
                return Ok(forwarded);
            }
        }
        Ok(Forwarded {
            proto: last_value(request, X_FORWARDED_PROTO_HEADER)?
                .map(|value| proto(X_FORWARDED_PROTO_HEADER, value))
                .transpose()?,
            host: last_value(request, X_FORWARDED_HOST_HEADER)?
                .map(|value| forwarded_host(X_FORWARDED_HOST_HEADER, value))
                .transpose()?,
            port: last_value(request, X_FORWARDED_PORT_HEADER)?
                .map(|value| {
                    value.parse::<u16>().map_err(|_| {
                        Error::malformed(X_FORWARDED_PORT_HEADER, "the port is not a number")
                    })
                })
                .transpose()?,
        })
    }
}

/// The last comma-separated value of the last `header` line, trimmed; `None` when absent or
/// empty. Every line of the header is held to [`MAX_HEADER_BYTES`], as signature headers are.
fn last_value<'a>(request: &Request<'a>, header: &'static str) -> Result<Option<&'a str>, Error> {
    let mut last = None;
    for line in request.header_values(header) {
        if line.len() > MAX_HEADER_BYTES {
            return Err(Error::malformed(
                header,
                format!(
                    "it is {} bytes long; the limit is {MAX_HEADER_BYTES}",
                    line.len()
                ),
            ));
        }
        last = Some(line);
    }
    let Some(line) = last else {
        return Ok(None);
    };
    let line = std::str::from_utf8(line)
        .map_err(|_| Error::malformed(header, "the value is not UTF-8"))?;
    let value = line.rsplit(',').next().unwrap_or(line).trim();
    Ok((!value.is_empty()).then_some(value))
}

fn proto(header: &'static str, value: &str) -> Result<&'static str, Error> {
    canonical_scheme(value)
        .ok_or_else(|| Error::malformed(header, "the scheme is not http or https"))
}

fn forwarded_host<'a>(header: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if is_host(value) {
        Ok(value)
    } else {
        Err(Error::malformed(header, "the value is not a host name"))
    }
}

fn checked_host(host: &str) -> Result<&str, Error> {
    if is_host(host) {
        Ok(host)
    } else {
        Err(Error::invalid_url("the Host header is not a host name"))
    }
}

fn canonical_scheme(scheme: &str) -> Option<&'static str> {
    if scheme.eq_ignore_ascii_case("https") {
        Some("https")
    } else if scheme.eq_ignore_ascii_case("http") {
        Some("http")
    } else {
        None
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    }
}

/// A host, optionally with a port: a registered name, an IPv4 address or a bracketed IPv6
/// address. Nothing that would move the path, add credentials or break the line.
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 261
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']' | b'%')
        })
}

fn has_port(host: &str) -> bool {
    match host.rfind(':') {
        Some(colon) => !host.get(colon..).unwrap_or_default().contains(']'),
        None => false,
    }
}

/// Printable ASCII or UTF-8 text without whitespace or control characters.
fn is_target(target: &str) -> bool {
    !target.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn join(scheme: &str, host: &str, target: &str) -> String {
    format!("{scheme}://{host}{target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(policy: &UrlPolicy, headers: &[(&str, &str)]) -> Result<String, Error> {
        let request = Request::new("POST").headers(headers.iter().map(|(n, v)| (*n, *v)));
        policy.resolve("http", "127.0.0.1:8000", "/hook?a=1", &request)
    }

    #[test]
    fn direct_ignores_forwarding_headers() {
        let headers = [("X-Forwarded-Proto", "https"), ("Forwarded", "host=evil")];
        assert_eq!(
            resolve(&UrlPolicy::Direct, &headers).unwrap(),
            "http://127.0.0.1:8000/hook?a=1"
        );
    }

    #[test]
    fn public_base_replaces_scheme_and_host() {
        let policy = UrlPolicy::public_base("https://example.com/api/").unwrap();
        assert_eq!(
            resolve(&policy, &[("X-Forwarded-Host", "evil.example")]).unwrap(),
            "https://example.com/api/hook?a=1"
        );
        for bad in [
            "example.com",
            "ftp://x",
            "https://",
            "https://a/b?c",
            "https://a b/",
        ] {
            assert_eq!(
                UrlPolicy::public_base(bad).unwrap_err().code(),
                "invalid_argument"
            );
        }
    }

    #[test]
    fn trust_forwarded_takes_the_nearest_proxys_values() {
        let policy = UrlPolicy::TrustForwarded;
        let url = |headers: &[(&str, &str)]| resolve(&policy, headers).unwrap();
        assert_eq!(url(&[]), "http://127.0.0.1:8000/hook?a=1");
        assert_eq!(
            url(&[
                ("X-Forwarded-Proto", "forged, HTTPS"),
                ("X-Forwarded-Host", "example.com")
            ]),
            "https://example.com/hook?a=1"
        );
        assert_eq!(
            url(&[
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "example.com"),
                ("X-Forwarded-Port", "8443")
            ]),
            "https://example.com:8443/hook?a=1"
        );
        assert_eq!(
            url(&[
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "example.com"),
                ("X-Forwarded-Port", "443")
            ]),
            "https://example.com/hook?a=1"
        );
        assert_eq!(
            url(&[
                (
                    "Forwarded",
                    "for=1.2.3.4;proto=http, for=10.0.0.1;proto=https;host=\"example.com\""
                ),
                ("X-Forwarded-Proto", "http")
            ]),
            "https://example.com/hook?a=1"
        );
        for (name, value) in [
            ("X-Forwarded-Proto", "gopher"),
            ("X-Forwarded-Host", "evil.com/x"),
            ("X-Forwarded-Host", "user@evil.com"),
            ("X-Forwarded-Port", "99999"),
            ("Forwarded", "host=\"a b\""),
        ] {
            let error = resolve(&policy, &[(name, value)]).unwrap_err();
            assert_eq!(error.code(), "malformed_header", "{name}: {value}");
        }
    }

    #[test]
    fn forwarding_headers_are_held_to_the_header_limit() {
        let padding = "for=192.0.2.1, ".repeat(MAX_HEADER_BYTES / 15 + 1);
        let long = |last: &str| format!("{padding}{last}");
        for (name, value) in [
            (X_FORWARDED_PROTO_HEADER, long("https")),
            (X_FORWARDED_HOST_HEADER, long("example.com")),
            (X_FORWARDED_PORT_HEADER, long("8443")),
            (FORWARDED_HEADER, long("proto=https;host=example.com")),
        ] {
            assert!(value.len() > MAX_HEADER_BYTES);
            let error = resolve(&UrlPolicy::TrustForwarded, &[(name, &value)]).unwrap_err();
            assert_eq!(error.code(), "malformed_header", "{name}");
            assert_eq!(error.header(), Some(name));
            assert!(error.to_string().contains("the limit is 8192"), "{error}");
            // An earlier, over-long line of the header counts too.
            let error = resolve(
                &UrlPolicy::TrustForwarded,
                &[(name, &value), (name, "https")],
            )
            .unwrap_err();
            assert_eq!(error.header(), Some(name));
            // The other policies do not read them.
            assert!(resolve(&UrlPolicy::Direct, &[(name, &value)]).is_ok());
        }
        let at_limit = format!("{}https", " ".repeat(MAX_HEADER_BYTES - 5));
        assert_eq!(
            resolve(
                &UrlPolicy::TrustForwarded,
                &[(X_FORWARDED_PROTO_HEADER, &at_limit)]
            )
            .unwrap(),
            "https://127.0.0.1:8000/hook?a=1"
        );
    }

    #[test]
    fn a_public_base_is_checked_however_it_is_made() {
        for bad in [
            "javascript:alert(1)//",
            "https://user@evil/",
            "https://a/b#c",
        ] {
            assert_eq!(PublicBase::new(bad).unwrap_err().code(), "invalid_argument");
            assert!(bad.parse::<PublicBase>().is_err());
        }
        let base: PublicBase = "https://example.com/api/".parse().unwrap();
        assert_eq!(base.as_str(), "https://example.com/api");
        assert_eq!(base.to_string(), "https://example.com/api");
        assert_eq!(
            UrlPolicy::public_base("https://example.com/api").unwrap(),
            UrlPolicy::PublicBase(base)
        );
    }

    #[test]
    fn options_make_one_policy() {
        assert_eq!(
            UrlPolicy::from_options(None, false).unwrap(),
            UrlPolicy::Direct
        );
        assert_eq!(
            UrlPolicy::from_options(None, true).unwrap(),
            UrlPolicy::TrustForwarded
        );
        let base = UrlPolicy::from_options(Some("https://example.com/"), false).unwrap();
        assert_eq!(
            base,
            UrlPolicy::PublicBase(PublicBase::new("https://example.com").unwrap())
        );
        let both = UrlPolicy::from_options(Some("https://example.com"), true).unwrap_err();
        assert_eq!(both.code(), "invalid_argument");
    }

    #[test]
    fn received_parts_are_checked() {
        let request = Request::new("POST");
        let policy = UrlPolicy::Direct;
        for (scheme, host, target) in [
            ("ftp", "a", "/"),
            ("http", "", "/"),
            ("http", "a/b", "/"),
            ("http", "a", "x"),
            ("http", "a", "/a b"),
        ] {
            let error = policy.resolve(scheme, host, target, &request).unwrap_err();
            assert_eq!(error.code(), "invalid_url", "{scheme} {host} {target}");
        }
        let ipv6 = policy.resolve("HTTP", "[::1]:80", "/", &request).unwrap();
        assert_eq!(ipv6, "http://[::1]:80/");
    }
}
