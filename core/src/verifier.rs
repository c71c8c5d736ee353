//! `Verifier`: a provider, its secrets and options, configured once and used per request.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::canon::{self, Context};
use crate::secret::{self, Key};
use crate::spec::{Algorithm, Piece};
use crate::{Error, Provider, Request, Scheme, Verified, engine, window};

/// Verifies (and signs) one provider's webhooks with one or more secrets.
///
/// Build it once at start-up and share it: verification borrows it immutably, and the
/// secrets are keyed into HMAC states only once. With several secrets (a rotation), a request
/// signed with any of them is accepted and [`Verified::secret_index`] says which; signing
/// always uses the first.
#[derive(Clone)]
pub struct Verifier {
    provider: Provider,
    /// The secrets keyed for each scheme (`keys[i]` for the provider's scheme `i`), or a
    /// single set for a canonicaliser.
    keys: Vec<Vec<Key>>,
    /// What each scheme's signature covers, computed once from its template.
    covers: Vec<crate::Coverage>,
    /// Every header verification reads (`Provider::header_names`), computed once.
    header_names: Vec<&'static str>,
    tolerance: Option<Duration>,
    allow_unsigned_body: bool,
}

impl Verifier {
    /// A verifier for `provider` with `secrets` (at least one, none empty).
    ///
    /// # Errors
    /// [`Error::InvalidSecret`] when no secret is given, one is empty or surrounded by
    /// whitespace, more than [`MAX_SECRETS`](crate::limits::MAX_SECRETS) are given, or one is
    /// not in the shape the provider's key decoding needs (a Ranked secret without its `whsec_`
    /// prefix, a Standard Webhooks secret that is not base64).
    pub fn new<S: AsRef<[u8]>>(
        provider: Provider,
        secrets: impl IntoIterator<Item = S>,
    ) -> Result<Self, Error> {
        let secrets: Vec<S> = secrets.into_iter().collect();
        let spec = provider.spec();
        let keys = if spec.canonicaliser.is_some() {
            let algorithms = [Algorithm::HmacSha1, Algorithm::HmacSha256];
            vec![secret::keys_from(
                &secrets,
                crate::spec::KeyDecoding::Utf8,
                &algorithms,
                false,
            )?]
        } else {
            spec.schemes
                .iter()
                .map(|scheme| {
                    secret::keys_from(
                        &secrets,
                        scheme.key,
                        &[scheme.signature.algorithm],
                        scheme.signs(Piece::Secret),
                    )
                })
                .collect::<Result<_, _>>()?
        };
        Ok(Verifier {
            provider,
            keys,
            covers: spec
                .schemes
                .iter()
                .map(crate::spec::SchemeSpec::covers)
                .collect(),
            header_names: provider.header_names(),
            tolerance: None,
            allow_unsigned_body: false,
        })
    }

    /// Every header verification reads; see [`Provider::header_names`].
    pub fn header_names(&self) -> &[&'static str] {
        &self.header_names
    }

    /// Sets how far a request's timestamp may be from now, either way (inclusive). For
    /// providers that send no timestamp it has no effect.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Accepts requests whose signature does not cover their body (Plivo V2 with any body,
    /// Plivo V3 with a body that is not a form, a custom scheme that signs no body). By default such a request is rejected with
    /// [`Error::BodyNotCovered`], since anyone on the path can change its body; with this set
    /// it verifies with [`Coverage::body`](crate::Coverage::body) `false`, and the handler must
    /// not trust the body (e.g. fetch the message from the provider's API by its id).
    #[must_use]
    pub fn allow_unsigned_body(mut self, allow: bool) -> Self {
        self.allow_unsigned_body = allow;
        self
    }

    /// Whether [`Verifier::allow_unsigned_body`] is set.
    pub fn allows_unsigned_body(&self) -> bool {
        self.allow_unsigned_body
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The tolerance in force: the one set, or the provider's default.
    pub fn tolerance(&self) -> Option<Duration> {
        self.tolerance.or(self.provider.default_tolerance())
    }

    /// How many secrets the verifier holds.
    pub fn secret_count(&self) -> usize {
        self.keys.first().map_or(0, Vec::len)
    }

    /// Verifies `request` as of `now` (the system clock when `None`).
    ///
    /// # Errors
    /// A rejection ([`Error::is_rejection`]): the request is not a genuine, fresh, untampered
    /// delivery, or its signature does not cover its body ([`Error::BodyNotCovered`], unless
    /// [`Verifier::allow_unsigned_body`] is set). Or [`Error::InvalidArgument`]: a URL-signed provider was given no URL, or
    /// `now` is before 1970.
    pub fn verify(
        &self,
        request: &Request<'_>,
        now: Option<SystemTime>,
    ) -> Result<Verified, Error> {
        let now_ms = window::unix_millis(now.unwrap_or_else(SystemTime::now))?;
        let verified = match self.provider.spec().canonicaliser {
            Some(canonicaliser) => canon::verify(canonicaliser, &self.context(now_ms), request),
            None => engine::verify(
                self.provider,
                &self.keys,
                &self.covers,
                now_ms,
                self.tolerance.map(window::millis),
                request,
            ),
        }
        .map_err(Error::without_request_values)?;
        if !verified.covers.body && !self.allow_unsigned_body {
            return Err(Error::BodyNotCovered {
                scheme: verified.scheme,
            });
        }
        Ok(verified)
    }

    /// The headers (and, where the scheme changes it, the URL) the provider would send for
    /// `request`. For tests, tooling and demos.
    ///
    /// # Errors
    /// As for [`Verifier::verify`] when the request cannot be signed (no URL for a URL-signed
    /// provider, an invalid URL or body), or [`Error::InvalidArgument`] for a scheme of another
    /// provider.
    pub fn sign(&self, request: &Request<'_>, options: &SignOptions<'_>) -> Result<Signed, Error> {
        if let Some(scheme) = options.scheme
            && scheme.provider() != self.provider
        {
            return Err(Error::invalid_argument(format!(
                "scheme {scheme} belongs to {}, not {}",
                scheme.provider(),
                self.provider
            )));
        }
        let now = options.now.unwrap_or_else(SystemTime::now);
        let mut signed = match self.provider.spec().canonicaliser {
            Some(canonicaliser) => canon::sign(
                canonicaliser,
                &self.context(window::unix_millis(now)?),
                request,
                options,
            )?,
            None => engine::sign(self.provider, &self.keys, now, request, options)?,
        };
        if signed.url.is_none() && self.provider.signs_url() {
            signed.url = request.url_str().map(str::to_owned);
        }
        Ok(signed)
    }

    fn context(&self, now_ms: i128) -> Context<'_> {
        Context {
            provider: self.provider,
            keys: self.keys.first().map_or(&[][..], Vec::as_slice),
            now_ms,
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &self.provider)
            .field(
                "secrets",
                &format_args!("[REDACTED; {}]", self.keys.first().map_or(0, Vec::len)),
            )
            .field("tolerance", &self.tolerance())
            .field("allow_unsigned_body", &self.allow_unsigned_body)
            .finish()
    }
}

/// Options for [`Verifier::sign`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SignOptions<'a> {
    /// The time to sign at (the system clock when `None`).
    pub now: Option<SystemTime>,
    /// The scheme to sign with, when the provider has several. By default the provider's first
    /// scheme, except that Twilio and SignalWire sign a form body with the form scheme and any
    /// other body with `bodySHA256` (Twilio) or the JSON scheme (SignalWire).
    pub scheme: Option<Scheme>,
    /// Plivo's nonce. By default the request's nonce header, else one derived from the time,
    /// URL and body. (A template scheme's delivery id likewise comes from the request's header
    /// when it has one.)
    pub nonce: Option<&'a str>,
}

impl<'a> SignOptions<'a> {
    /// Signs at `now`.
    #[must_use]
    pub fn at(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Signs with `scheme`.
    #[must_use]
    pub fn scheme(mut self, scheme: Scheme) -> Self {
        self.scheme = Some(scheme);
        self
    }

    /// Uses `nonce` (Plivo).
    #[must_use]
    pub fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }
}

/// What a provider would send: signature headers, and for URL-signed providers the URL to
/// deliver to (with `bodySHA256` appended where the scheme puts the body's hash in it).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// The scheme used.
    pub scheme: Scheme,
    /// The headers to send, in order.
    pub headers: Vec<(&'static str, String)>,
    /// The URL to deliver to, for providers that sign the URL: the request's, or a new one
    /// where the scheme changed it (`bodySHA256` appended). `None` for the others.
    pub url: Option<String>,
}

impl Signed {
    /// `request` as the provider would deliver it: these headers added, and the URL set to
    /// [`Signed::url`] where there is one.
    pub fn apply<'a>(&'a self, request: Request<'a>) -> Request<'a> {
        let request = match &self.url {
            Some(url) => request.url(url),
            None => request,
        };
        request.headers(
            self.headers
                .iter()
                .map(|(name, value)| (*name, value.as_str())),
        )
    }
}

impl fmt::Debug for Signed {
    /// Header values are left out: they are computed signatures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("scheme", &self.scheme)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>(),
            )
            .field("url", &self.url)
            .finish()
    }
}

/// Verifies one request; see [`Verifier::verify`]. The keyed verifier is kept in a small
/// cache ([`Verifier::cached`]), so calling this per request costs what a `Verifier` does.
///
/// # Errors
/// As [`Verifier::new`] and [`Verifier::verify`].
pub fn verify<S: AsRef<[u8]>>(
    provider: Provider,
    secrets: impl IntoIterator<Item = S>,
    request: &Request<'_>,
    now: Option<SystemTime>,
) -> Result<Verified, Error> {
    let secrets: Vec<S> = secrets.into_iter().collect();
    Verifier::cached(provider, &secrets, None, false)?.verify(request, now)
}

/// Signs one request with a one-off verifier; see [`Verifier::sign`].
///
/// # Errors
/// As [`Verifier::new`] and [`Verifier::sign`].
pub fn sign(
    provider: Provider,
    secret: impl AsRef<[u8]>,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    Verifier::new(provider, [secret])?.sign(request, options)
}
