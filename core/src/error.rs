//! The one error type of the crate, with a stable machine-readable code per variant.

use std::fmt;

/// Why a webhook request was rejected, or why a verifier could not be used as asked.
///
/// Every variant has a stable [`code`](Error::code) that the Python and Node packages expose
/// unchanged. Messages name the header, field or URL at fault; they never contain a secret, a
/// signature taken from the request, or a signature computed from a secret, and neither does
/// the `Debug` output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A header the provider always sends is absent, or present with an empty value.
    #[error("header {header} is {}", if *.empty { "empty" } else { "missing" })]
    MissingHeader {
        /// The header's canonical name.
        header: &'static str,
        /// `true` when the header was present but empty (or only whitespace).
        empty: bool,
    },

    /// A header is present but cannot be what the provider sends.
    #[error("header {header} is malformed: {reason}")]
    MalformedHeader {
        /// The header's canonical name.
        header: &'static str,
        /// What is wrong with it, in words; never the value itself.
        reason: String,
    },

    /// No signature in the request matches a signature computed with any of the secrets.
    #[error("{header} does not match this request{}", Checked(.checked))]
    SignatureMismatch {
        /// The signature header (or the first of several) that was checked.
        header: &'static str,
        /// For URL-signed providers, the URL (or URLs) the signature was checked against, with
        /// the values of query parameters left out (`?From=…&To=…`): they are request data
        /// (phone numbers, call ids) that logs must not collect.
        checked: Vec<String>,
    },

    /// The request's timestamp lies outside the accepted window around `now`.
    #[error("{header} timestamp is {} {} now; the tolerance is {}{}", Seconds(.skew_ms.unsigned_abs()), if *.skew_ms >= 0 { "before" } else { "after" }, Seconds(*.tolerance_ms), UnitHint(*.skew_ms))]
    TimestampOutOfTolerance {
        /// The header that carries the timestamp.
        header: &'static str,
        /// `now - timestamp` in milliseconds: positive when the request is old, negative when
        /// it claims to come from the future. Saturates at the bounds of `i64`.
        skew_ms: i64,
        /// The accepted distance from `now`, in milliseconds (inclusive).
        tolerance_ms: u64,
    },

    /// The signature matched, but the SHA-256 of the body differs from `bodySHA256` in the URL:
    /// the body was changed after signing.
    #[error("the body's SHA-256 does not match bodySHA256 in the URL: the body was altered")]
    BodyHashMismatch,

    /// The signature matched but does not cover the body (Plivo V2 with a body, Plivo V3 with a
    /// body that is not a form), so the body may have been changed in transit, and the
    /// verifier was not configured to accept unsigned bodies
    /// ([`Verifier::allow_unsigned_body`](crate::Verifier::allow_unsigned_body)).
    #[error(
        "the {scheme} signature does not cover the body, which may have been altered; refuse it, or accept unsigned bodies knowingly (Python allow_unsigned_body=True, Node allowUnsignedBody: true, Rust Verifier::allow_unsigned_body) and never trust the body's content"
    )]
    BodyNotCovered {
        /// The scheme that matched.
        scheme: crate::Scheme,
    },

    /// The body is larger than the limit the adapter reads (answer 413).
    #[error(
        "the body is larger than the {limit}-byte limit; raise the adapter's limit if the provider sends bodies this large"
    )]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },

    /// The URL is missing where the provider signs it, or it cannot be a request URL.
    #[error("invalid URL: {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },

    /// The body cannot be what the provider sends, or it is too large to process.
    #[error("invalid body: {reason}")]
    InvalidBody {
        /// What is wrong with it.
        reason: String,
    },

    /// A secret is unusable (empty, surrounded by whitespace, wrong shape for the provider).
    #[error("invalid secret: {reason}")]
    InvalidSecret {
        /// What is wrong with it; never the secret itself.
        reason: String,
    },

    /// The provider id is not one this crate knows.
    #[error("unknown provider {name:?}; expected one of: {}", crate::Provider::ids().join(", "))]
    UnknownProvider {
        /// The id that was asked for, cut to 64 characters.
        name: String,
    },

    /// The raw body cannot be read: a framework or middleware parsed (consumed) it before
    /// verification. A configuration error of the app, not a rejection.
    #[error("the raw request body is unavailable: {reason}")]
    RawBodyUnavailable {
        /// What consumed it, and how to keep the raw bytes.
        reason: String,
    },

    /// A user-defined scheme (a custom spec) is unusable: a field is unknown, missing, of the
    /// wrong type, or impossible with the others.
    #[error("invalid scheme: {field}: {reason}")]
    InvalidScheme {
        /// The field at fault, as a path into the spec (`schemes[0].signature.encoding`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },

    /// An argument other than the secret is unusable (a `now` before 1970, a tolerance too
    /// large, a URL missing where the provider signs it, an unknown scheme).
    #[error("invalid argument: {reason}")]
    InvalidArgument {
        /// What is wrong with it.
        reason: String,
    },
}

impl Error {
    /// Every code [`Error::code`] can return, rejections first.
    pub const CODES: &'static [&'static str] = &{
        let mut codes = [""; ErrorCode::ALL.len()];
        let mut i = 0;
        while i < codes.len() {
            // Const evaluation: an index out of range fails the build, never at run time.
            #[allow(clippy::indexing_slicing)]
            {
                codes[i] = ErrorCode::ALL[i].as_str();
            }
            i += 1;
        }
        codes
    };

    /// The stable, machine-readable code of this error, e.g. `"signature_mismatch"`.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The code as an [`ErrorCode`].
    pub fn kind(&self) -> ErrorCode {
        match self {
            Error::MissingHeader { .. } => ErrorCode::MissingHeader,
            Error::MalformedHeader { .. } => ErrorCode::MalformedHeader,
            Error::SignatureMismatch { .. } => ErrorCode::SignatureMismatch,
            Error::TimestampOutOfTolerance { .. } => ErrorCode::TimestampOutOfTolerance,
            Error::BodyHashMismatch => ErrorCode::BodyHashMismatch,
            Error::BodyNotCovered { .. } => ErrorCode::BodyNotCovered,
            Error::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            Error::InvalidBody { .. } => ErrorCode::InvalidBody,
            Error::BodyTooLarge { .. } => ErrorCode::BodyTooLarge,
            Error::InvalidSecret { .. } => ErrorCode::InvalidSecret,
            Error::UnknownProvider { .. } => ErrorCode::UnknownProvider,
            Error::InvalidScheme { .. } => ErrorCode::InvalidScheme,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::RawBodyUnavailable { .. } => ErrorCode::RawBodyUnavailable,
        }
    }

    /// `true` when the request was rejected (answer 401); `false` when the caller misused the
    /// API (a configuration or programming error: answer 500 and fix the code).
    pub fn is_rejection(&self) -> bool {
        self.kind().is_rejection()
    }

    /// The HTTP status an endpoint answers this error with: 413 for a body over the limit,
    /// 401 for every other rejection, 500 for misuse (fix the app, the sender is not at fault).
    pub fn http_status(&self) -> u16 {
        self.kind().http_status()
    }

    /// A body over `limit` bytes, for adapters that read the body themselves.
    pub fn body_too_large(limit: usize) -> Self {
        Error::BodyTooLarge { limit }
    }

    /// The raw body was consumed before verification; `reason` says what to change in the
    /// app (e.g. which middleware to move, or how to keep the raw bytes).
    pub fn raw_body_unavailable(reason: impl Into<String>) -> Self {
        Error::RawBodyUnavailable {
            reason: reason.into(),
        }
    }

    /// The header at fault, for errors about one (missing, malformed, mismatched signature,
    /// stale timestamp).
    pub fn header(&self) -> Option<&'static str> {
        match self {
            Error::MissingHeader { header, .. }
            | Error::MalformedHeader { header, .. }
            | Error::SignatureMismatch { header, .. }
            | Error::TimestampOutOfTolerance { header, .. } => Some(header),
            _ => None,
        }
    }

    /// This error with request data removed: the query values of checked URLs. Applied by
    /// [`Verifier::verify`](crate::Verifier::verify) to every error it returns.
    pub(crate) fn without_request_values(self) -> Self {
        match self {
            Error::SignatureMismatch { header, checked } => Error::SignatureMismatch {
                header,
                checked: checked
                    .iter()
                    .map(|url| without_query_values(url))
                    .collect(),
            },
            other => other,
        }
    }

    pub(crate) fn malformed(header: &'static str, reason: impl Into<String>) -> Self {
        Error::MalformedHeader {
            header,
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_url(reason: impl Into<String>) -> Self {
        Error::InvalidUrl {
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_body(reason: impl Into<String>) -> Self {
        Error::InvalidBody {
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_argument(reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_scheme(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidScheme {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// The stable codes of [`Error`], one per variant: the list the Python and Node error classes,
/// the type unions and the docs are generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// [`Error::MissingHeader`].
    MissingHeader,
    /// [`Error::MalformedHeader`].
    MalformedHeader,
    /// [`Error::SignatureMismatch`].
    SignatureMismatch,
    /// [`Error::TimestampOutOfTolerance`].
    TimestampOutOfTolerance,
    /// [`Error::BodyHashMismatch`].
    BodyHashMismatch,
    /// [`Error::BodyNotCovered`].
    BodyNotCovered,
    /// [`Error::InvalidUrl`].
    InvalidUrl,
    /// [`Error::InvalidBody`].
    InvalidBody,
    /// [`Error::BodyTooLarge`].
    BodyTooLarge,
    /// [`Error::InvalidSecret`].
    InvalidSecret,
    /// [`Error::UnknownProvider`].
    UnknownProvider,
    /// [`Error::InvalidScheme`].
    InvalidScheme,
    /// [`Error::InvalidArgument`].
    InvalidArgument,
    /// [`Error::RawBodyUnavailable`].
    RawBodyUnavailable,
}

impl ErrorCode {
    /// Every code, rejections first.
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::MissingHeader,
        ErrorCode::MalformedHeader,
        ErrorCode::SignatureMismatch,
        ErrorCode::TimestampOutOfTolerance,
        ErrorCode::BodyHashMismatch,
        ErrorCode::BodyNotCovered,
        ErrorCode::InvalidUrl,
        ErrorCode::InvalidBody,
        ErrorCode::BodyTooLarge,
        ErrorCode::InvalidSecret,
        ErrorCode::UnknownProvider,
        ErrorCode::InvalidScheme,
        ErrorCode::InvalidArgument,
        ErrorCode::RawBodyUnavailable,
    ];

    /// The code, e.g. `"signature_mismatch"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingHeader => "missing_header",
            ErrorCode::MalformedHeader => "malformed_header",
            ErrorCode::SignatureMismatch => "signature_mismatch",
            ErrorCode::TimestampOutOfTolerance => "timestamp_out_of_tolerance",
            ErrorCode::BodyHashMismatch => "body_hash_mismatch",
            ErrorCode::BodyNotCovered => "body_not_covered",
            ErrorCode::InvalidUrl => "invalid_url",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::InvalidSecret => "invalid_secret",
            ErrorCode::UnknownProvider => "unknown_provider",
            ErrorCode::InvalidScheme => "invalid_scheme",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::RawBodyUnavailable => "raw_body_unavailable",
        }
    }

    /// What the code means and what usually causes it, in one line (the docs' tables).
    pub const fn summary(self) -> &'static str {
        match self {
            ErrorCode::MissingHeader => "a signature, nonce or timestamp header is absent or empty",
            ErrorCode::MalformedHeader => {
                "a header cannot be what the provider sends (shape, length, encoding)"
            }
            ErrorCode::SignatureMismatch => {
                "no presented signature matches any secret (the message lists the URLs checked)"
            }
            ErrorCode::TimestampOutOfTolerance => {
                "the timestamp is too old or too far ahead (the message says by how much)"
            }
            ErrorCode::BodyHashMismatch => {
                "the URL's signature is valid but the body's SHA-256 differs from `bodySHA256`"
            }
            ErrorCode::BodyNotCovered => {
                "the signature is valid but does not cover the body (Plivo V2, Plivo V3 with a non-form body, a custom scheme without `body`), and unsigned bodies were not allowed"
            }
            ErrorCode::InvalidUrl => "the URL cannot be a request URL",
            ErrorCode::InvalidBody => {
                "the body cannot be what the provider signs (e.g. JSON to Twilio without `bodySHA256`), or has too many form fields"
            }
            ErrorCode::BodyTooLarge => "the body is over the adapter's size limit",
            ErrorCode::InvalidSecret => {
                "configuration: no secret, an empty one, surrounding whitespace, or not in the provider's key format (a Ranked secret without `whsec_`, a Standard Webhooks secret that is not base64)"
            }
            ErrorCode::UnknownProvider => "configuration: not a built-in provider id or alias",
            ErrorCode::InvalidScheme => {
                "configuration: a user-defined scheme (custom spec) is unusable; the message names the field"
            }
            ErrorCode::InvalidArgument => {
                "misuse: no URL for a URL-signed provider, `now` before 1970 or past the year 3000 (milliseconds given for seconds), a scheme of another provider"
            }
            ErrorCode::RawBodyUnavailable => {
                "configuration: a framework or middleware consumed the body before verification (the message names the fix)"
            }
        }
    }

    /// `true` for a rejected request, `false` for misuse of the API.
    pub const fn is_rejection(self) -> bool {
        !matches!(
            self,
            ErrorCode::InvalidSecret
                | ErrorCode::UnknownProvider
                | ErrorCode::InvalidScheme
                | ErrorCode::InvalidArgument
                | ErrorCode::RawBodyUnavailable
        )
    }

    /// 413 for a body over the limit, 401 for every other rejection, 500 for misuse.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::BodyTooLarge => 413,
            _ if self.is_rejection() => 401,
            _ => 500,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `url` with each query parameter's value replaced by `…` (names kept, as they help to
/// spot a dropped or added parameter); the fragment, never sent, is dropped.
fn without_query_values(url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(base);
    out.push('?');
    for (index, part) in query.split('&').enumerate() {
        if index > 0 {
            out.push('&');
        }
        match part.split_once('=') {
            Some((name, _)) => {
                out.push_str(name);
                out.push_str("=…");
            }
            None => out.push_str(part),
        }
    }
    out
}

/// Renders the URLs a signature was checked against, for [`Error::SignatureMismatch`].
struct Checked<'a>(&'a [String]);

impl fmt::Display for Checked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [only] => write!(f, " (URL checked: {only})"),
            [first, rest @ ..] => {
                write!(f, " (URLs checked: {first}")?;
                for url in rest {
                    write!(f, ", {url}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A hint for a skew of centuries, which is a unit mix-up rather than a stale request.
struct UnitHint(i64);

impl fmt::Display for UnitHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // 10^10 s is over 300 years: no clock is that wrong.
        if self.0.unsigned_abs() >= 10_000_000_000_000 {
            f.write_str(
                " (centuries apart: a time in milliseconds where seconds are expected? \
                 `now` is Unix seconds)",
            )
        } else {
            Ok(())
        }
    }
}

/// Renders milliseconds as seconds, without a fraction when it is zero.
struct Seconds(u64);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (secs, ms) = (self.0 / 1000, self.0 % 1000);
        if ms == 0 {
            write!(f, "{secs} s")
        } else {
            write!(f, "{secs}.{ms:03} s")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_urls_lose_query_values() {
        assert_eq!(
            without_query_values("https://example.com/h?From=%2B1555&To=2&flag#frag"),
            "https://example.com/h?From=…&To=…&flag"
        );
        assert_eq!(
            without_query_values("https://example.com/h"),
            "https://example.com/h"
        );
        let error = Error::SignatureMismatch {
            header: "X-Plivo-Signature-V3",
            checked: vec!["https://example.com/h?CallUUID=abc-123".into()],
        }
        .without_request_values();
        assert!(!error.to_string().contains("abc-123"));
        assert!(!format!("{error:?}").contains("abc-123"));
    }

    #[test]
    fn statuses() {
        assert_eq!(Error::body_too_large(10).http_status(), 413);
        assert_eq!(Error::BodyHashMismatch.http_status(), 401);
        assert_eq!(Error::raw_body_unavailable("x").http_status(), 500);
        assert!(!Error::raw_body_unavailable("x").is_rejection());
        for code in Error::CODES {
            assert!(!code.is_empty());
        }
    }
}
