//! The request as any web framework has it: method, URL, headers, raw body.

use std::fmt;

use crate::Error;
use crate::limits::{MAX_HEADER_BYTES, MAX_SIGNATURE_CANDIDATES};

/// `Content-Type`: form posts are parsed, other bodies are taken as bytes.
pub(crate) const CONTENT_TYPE: &str = "Content-Type";

/// A webhook request, borrowed from whatever the web framework hands over.
///
/// Header names are matched ignoring ASCII case, and a header may appear more than once. The
/// body is the raw bytes as received: never re-serialise parsed JSON or form data, since the
/// signature covers the exact bytes.
///
/// ```
/// use hooksig::Request;
///
/// let request = Request::post("https://example.com/hooks/twilio")
///     .header("Content-Type", "application/x-www-form-urlencoded")
///     .header("X-Twilio-Signature", "0rTkXlL0TrCQTmZ4M2GcFkKyjCY=")
///     .body(b"CallSid=CA123&From=%2B15551234567");
/// assert_eq!(request.method(), "POST");
/// ```
#[derive(Clone, Default)]
pub struct Request<'a> {
    method: &'a str,
    url: Option<&'a str>,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
}

impl<'a> Request<'a> {
    /// A request with the given method, no URL, no headers and an empty body.
    pub fn new(method: &'a str) -> Self {
        Request {
            method,
            ..Request::default()
        }
    }

    /// A `POST` to `url`, the usual shape of a webhook delivery.
    pub fn post(url: &'a str) -> Self {
        Request::new("POST").url(url)
    }

    /// A `GET` of `url` (Twilio and Plivo can be configured to call with GET).
    pub fn get(url: &'a str) -> Self {
        Request::new("GET").url(url)
    }

    /// Sets the full URL the provider requested: scheme, host, port if any, path and query,
    /// exactly as the provider sent them.
    pub fn url(mut self, url: &'a str) -> Self {
        self.url = Some(url);
        self
    }

    /// Adds a header. Call it again with the same name for a repeated header.
    pub fn header(mut self, name: &'a str, value: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        self.headers.push((name, value.as_ref()));
        self
    }

    /// Adds every header of an iterator of `(name, value)` pairs.
    pub fn headers<V>(mut self, headers: impl IntoIterator<Item = (&'a str, &'a V)>) -> Self
    where
        V: AsRef<[u8]> + ?Sized + 'a,
    {
        self.headers.extend(
            headers
                .into_iter()
                .map(|(name, value)| (name, value.as_ref())),
        );
        self
    }

    /// Sets the raw body.
    pub fn body(mut self, body: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        self.body = body.as_ref();
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The URL, if one was set.
    pub fn url_str(&self) -> Option<&'a str> {
        self.url
    }

    /// The raw body.
    pub fn body_bytes(&self) -> &'a [u8] {
        self.body
    }

    /// Every value of the header `name` (ASCII case ignored), in the order given.
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    pub(crate) fn require_url(&self, provider: crate::Provider) -> Result<&'a str, Error> {
        self.url.ok_or_else(|| {
            Error::invalid_argument(format!(
                "{provider} signs the request URL: pass the full URL the provider requested"
            ))
        })
    }

    /// The values of a signature header, trimmed, empty ones dropped, each within the size
    /// limit. An empty result means the header is missing or empty.
    pub(crate) fn signature_values(
        &self,
        header: &'static str,
    ) -> Result<SignatureValues<'a>, Error> {
        let mut values = Vec::new();
        let mut present = false;
        for value in self.header_values(header) {
            present = true;
            let value = trim(checked_len(header, value)?);
            if value.is_empty() {
                continue;
            }
            if values.len() == MAX_SIGNATURE_CANDIDATES {
                return Err(too_many(header));
            }
            values.push(value);
        }
        Ok(SignatureValues { values, present })
    }

    /// The one value of a header that must not be repeated: `Ok(None)` when missing or empty.
    pub(crate) fn single_value(&self, header: &'static str) -> Result<Option<&'a [u8]>, Error> {
        let mut found: Option<&'a [u8]> = None;
        for value in self.header_values(header) {
            let value = trim(checked_len(header, value)?);
            match found {
                Some(seen) if seen != value => {
                    return Err(Error::malformed(
                        header,
                        "it appears more than once, with different values",
                    ));
                }
                _ => found = Some(value),
            }
        }
        Ok(found.filter(|v| !v.is_empty()))
    }

    /// Like [`Request::single_value`], but a missing or empty header is an error.
    pub(crate) fn required_value(&self, header: &'static str) -> Result<&'a [u8], Error> {
        self.single_value(header)?
            .ok_or_else(|| Error::MissingHeader {
                header,
                empty: self.header_values(header).next().is_some(),
            })
    }

    /// Whether the body is `application/x-www-form-urlencoded`, by its `Content-Type`.
    pub(crate) fn is_form(&self) -> bool {
        self.header_values(CONTENT_TYPE).any(|value| {
            let media_type = value.split(|&b| b == b';').next().unwrap_or_default();
            trim(media_type).eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
        })
    }
}

/// The non-empty values of a signature header.
pub(crate) struct SignatureValues<'a> {
    pub(crate) values: Vec<&'a [u8]>,
    /// Whether the header appeared at all, even empty.
    pub(crate) present: bool,
}

impl fmt::Debug for Request<'_> {
    /// Shows header names and sizes only: header values carry signatures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, value)| format!("{name}: <{} bytes>", value.len()))
                    .collect::<Vec<_>>(),
            )
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

pub(crate) fn checked_len<'a>(header: &'static str, value: &'a [u8]) -> Result<&'a [u8], Error> {
    if value.len() > MAX_HEADER_BYTES {
        return Err(Error::malformed(
            header,
            format!(
                "it is {} bytes long; the limit is {MAX_HEADER_BYTES}",
                value.len()
            ),
        ));
    }
    Ok(value)
}

pub(crate) fn too_many(header: &'static str) -> Error {
    Error::malformed(
        header,
        format!("it holds more than {MAX_SIGNATURE_CANDIDATES} signatures"),
    )
}

/// Strips HTTP optional whitespace (spaces and tabs) from both ends.
pub(crate) fn trim(value: &[u8]) -> &[u8] {
    let start = value
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |i| i + 1);
    value.get(start..end).unwrap_or_default()
}
