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
        /// For URL-signed providers, the URL (or URLs) the signature was checked against.
        checked: Vec<String>,
    },

    /// The request's timestamp lies outside the accepted window around `now`.
    #[error("{header} timestamp is {} {} now; the tolerance is {}", Seconds(.skew_ms.unsigned_abs()), if *.skew_ms >= 0 { "before" } else { "after" }, Seconds(*.tolerance_ms))]
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
    pub const CODES: &'static [&'static str] = &[
        "missing_header",
        "malformed_header",
        "signature_mismatch",
        "timestamp_out_of_tolerance",
        "body_hash_mismatch",
        "invalid_url",
        "invalid_body",
        "invalid_secret",
        "unknown_provider",
        "invalid_argument",
    ];

    /// The stable, machine-readable code of this error, e.g. `"signature_mismatch"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::MissingHeader { .. } => "missing_header",
            Error::MalformedHeader { .. } => "malformed_header",
            Error::SignatureMismatch { .. } => "signature_mismatch",
            Error::TimestampOutOfTolerance { .. } => "timestamp_out_of_tolerance",
            Error::BodyHashMismatch => "body_hash_mismatch",
            Error::InvalidUrl { .. } => "invalid_url",
            Error::InvalidBody { .. } => "invalid_body",
            Error::InvalidSecret { .. } => "invalid_secret",
            Error::UnknownProvider { .. } => "unknown_provider",
            Error::InvalidArgument { .. } => "invalid_argument",
        }
    }

    /// `true` when the request was rejected (answer 401); `false` when the caller misused the
    /// API (a configuration or programming error: answer 500 and fix the code).
    pub fn is_rejection(&self) -> bool {
        !matches!(
            self,
            Error::InvalidSecret { .. }
                | Error::UnknownProvider { .. }
                | Error::InvalidArgument { .. }
        )
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
