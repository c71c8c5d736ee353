//! Splitting the request URL without rewriting it.
//!
//! Signatures cover the URL's exact characters, so the URL is only cut at its delimiters
//! (RFC 3986 §3) and never normalised: a WHATWG parser (the `url` crate, Node's `new URL`)
//! re-encodes characters such as `'`, which is what broke twilio-node#1183.

use std::borrow::Cow;
use std::ops::Range;

use crate::Error;
use crate::form::Pair;
use crate::limits::{MAX_FORM_FIELDS, MAX_URL_BYTES};

/// An absolute `http`/`https` URL, as byte ranges into the original text.
#[derive(Debug, Clone)]
pub(crate) struct Url<'a> {
    raw: &'a str,
    /// `scheme`, without `://`.
    scheme: Range<usize>,
    /// The host, with brackets for IPv6.
    host: Range<usize>,
    /// The port digits, without `:`.
    port: Option<Range<usize>>,
    /// Where the path starts (the end of the authority).
    path_start: usize,
    /// Where the query (`?`) or fragment (`#`) starts, or the end.
    path_end: usize,
    /// The query, without `?`.
    query: Option<Range<usize>>,
}

impl<'a> Url<'a> {
    pub(crate) fn parse(raw: &'a str) -> Result<Self, Error> {
        if raw.is_empty() {
            return Err(Error::invalid_url("the URL is empty"));
        }
        if raw.len() > MAX_URL_BYTES {
            return Err(Error::invalid_url(format!(
                "the URL is {} bytes long; the limit is {MAX_URL_BYTES}",
                raw.len()
            )));
        }
        if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::invalid_url(
                "the URL contains whitespace or control characters",
            ));
        }
        let scheme_end = raw.find("://").ok_or_else(|| {
            Error::invalid_url("the URL is not absolute: pass scheme://host/path as requested")
        })?;
        let scheme = raw.get(..scheme_end).unwrap_or_default();
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(Error::invalid_url("the URL's scheme is not http or https"));
        }
        let authority_start = scheme_end + 3;
        let after_scheme = raw.get(authority_start..).unwrap_or_default();
        let path_start = authority_start
            + after_scheme
                .find(['/', '?', '#'])
                .unwrap_or(after_scheme.len());
        let authority = raw.get(authority_start..path_start).unwrap_or_default();
        let host_start = authority_start + authority.rfind('@').map_or(0, |at| at + 1);
        let host_port = raw.get(host_start..path_start).unwrap_or_default();

        let host_len = if host_port.starts_with('[') {
            host_port
                .find(']')
                .map(|close| close + 1)
                .ok_or_else(|| Error::invalid_url("the URL's IPv6 host has no closing ]"))?
        } else {
            host_port.find(':').unwrap_or(host_port.len())
        };
        if host_len == 0 {
            return Err(Error::invalid_url("the URL has no host"));
        }
        let host_end = host_start + host_len;
        let port = match host_port.get(host_len..).unwrap_or_default() {
            "" => None,
            rest => {
                let digits = rest.strip_prefix(':').unwrap_or(rest);
                let valid = rest.starts_with(':')
                    && !digits.is_empty()
                    && digits.len() <= 5
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && digits.parse::<u32>().is_ok_and(|p| p <= 65535);
                if !valid {
                    return Err(Error::invalid_url(
                        "the URL's port is not a number up to 65535",
                    ));
                }
                Some(host_end + 1..path_start)
            }
        };

        let tail = raw.get(path_start..).unwrap_or_default();
        let path_end = path_start + tail.find(['?', '#']).unwrap_or(tail.len());
        let query = raw
            .get(path_end..)
            .filter(|rest| rest.starts_with('?'))
            .map(|rest| path_end + 1..path_end + rest.find('#').unwrap_or(rest.len()));
        Ok(Url {
            raw,
            scheme: 0..scheme_end,
            host: host_start..host_end,
            port,
            path_start,
            path_end,
            query,
        })
    }

    pub(crate) fn as_str(&self) -> &'a str {
        self.raw
    }

    fn slice(&self, range: Range<usize>) -> &'a str {
        self.raw.get(range).unwrap_or_default()
    }

    /// `scheme://userinfo@host:port/path`: the URL without query and fragment (Plivo's base).
    pub(crate) fn without_query(&self) -> &'a str {
        self.slice(0..self.path_end)
    }

    /// The path and query as given (the request target), without the fragment.
    pub(crate) fn target(&self) -> &'a str {
        let end = self.query.as_ref().map_or(self.path_end, |query| query.end);
        self.slice(self.path_start..end)
    }

    /// The query string without `?`, if the URL has one.
    pub(crate) fn query(&self) -> Option<&'a str> {
        self.query.clone().map(|range| self.slice(range))
    }

    /// The URL with its port removed, whatever the port (Twilio's first candidate).
    pub(crate) fn without_port(&self) -> Cow<'a, str> {
        match &self.port {
            None => Cow::Borrowed(self.raw),
            Some(_) => Cow::Owned(format!(
                "{}{}",
                self.slice(0..self.host.end),
                self.slice(self.path_start..self.raw.len())
            )),
        }
    }

    /// The URL with the scheme's default port added when it has none (Twilio's second
    /// candidate): 443 for https, 80 otherwise.
    pub(crate) fn with_default_port(&self) -> Cow<'a, str> {
        match &self.port {
            Some(_) => Cow::Borrowed(self.raw),
            None => {
                let port = if self
                    .slice(self.scheme.clone())
                    .eq_ignore_ascii_case("https")
                {
                    "443"
                } else {
                    "80"
                };
                Cow::Owned(format!(
                    "{}:{port}{}",
                    self.slice(0..self.host.end),
                    self.slice(self.host.end..self.raw.len())
                ))
            }
        }
    }

    /// Twilio's two URL candidates: without any port, and with the default port.
    pub(crate) fn port_candidates(&self) -> [Cow<'a, str>; 2] {
        [self.without_port(), self.with_default_port()]
    }

    /// The first decoded value of query parameter `name`.
    pub(crate) fn query_param(&self, name: &str) -> Result<Option<String>, Error> {
        let Some(query) = self.query() else {
            return Ok(None);
        };
        Ok(parse_query(query)?
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned()))
    }
}

/// Decodes a query string like a form body (`+` is a space, `%XX` decoded, blank values
/// kept), bounded in the number of fields.
pub(crate) fn parse_query(query: &str) -> Result<Vec<Pair<'_>>, Error> {
    let pairs: Vec<_> = form_urlencoded::parse(query.as_bytes())
        .take(MAX_FORM_FIELDS + 1)
        .collect();
    if pairs.len() > MAX_FORM_FIELDS {
        return Err(Error::invalid_url(format!(
            "the query has more than {MAX_FORM_FIELDS} fields"
        )));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_without_rewriting() {
        let url = Url::parse("https://u:p@Example.com:8443/a/b;c?x='1'&y=%20#frag").unwrap();
        assert_eq!(url.without_query(), "https://u:p@Example.com:8443/a/b;c");
        assert_eq!(url.query(), Some("x='1'&y=%20"));
        assert_eq!(
            url.without_port(),
            "https://u:p@Example.com/a/b;c?x='1'&y=%20#frag"
        );
        assert_eq!(url.with_default_port(), url.as_str());
    }

    #[test]
    fn adds_the_default_port_after_the_host() {
        let url = Url::parse("https://[::1]?a=b").unwrap();
        assert_eq!(url.with_default_port(), "https://[::1]:443?a=b");
        let url = Url::parse("http://h/x").unwrap();
        assert_eq!(url.with_default_port(), "http://h:80/x");
        assert_eq!(url.without_port(), "http://h/x");
    }

    #[test]
    fn rejects_what_cannot_be_a_request_url() {
        for bad in [
            "",
            "/relative/path",
            "ftp://h/x",
            "https:///x",
            "https://h:99999/x",
            "https://h:/x",
            "https://h:8a/x",
            "https://[::1/x",
            "https://h/a b",
            "https://h/\r\nX-Injected: 1",
        ] {
            assert_eq!(
                Url::parse(bad).unwrap_err().code(),
                "invalid_url",
                "{bad:?}"
            );
        }
    }
}
