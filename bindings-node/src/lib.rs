//! The hooksig core for Node (`hooksig.<platform>.node`). JavaScript values in, core call,
//! outcome out; every decision is the core's. `index.js` turns the outcomes into the public
//! API (error classes, header normalisation, Express middleware).
//!
//! The entry points catch panics (`catch_unwind`): the core has none, but a panic must
//! become a JavaScript exception, never abort the host process.
//!
//! Verification never throws from here: it returns either the verified result or a
//! `Failure` carrying the core's code, so that `index.js` raises one error class per kind with
//! the code and header attached.
//!
//! Crossing N-API costs more than verifying a small webhook, so the hot path is compact
//! (measured in docs/benchmarks.md): a verified result is one number (`pack`), and each header
//! is one string, its value behind a one-character index into the names the caller reads
//! (`Verifier::header_names`, or the forwarding headers), instead of a name and a value.

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// What a verified request's signature covered.
#[napi(object, object_from_js = false)]
pub struct Coverage {
    /// The body (or every form parameter).
    pub body: bool,
    /// The request URL.
    pub url: bool,
    /// A timestamp, so a replay is refused once the tolerance has passed.
    pub timestamp: bool,
}

/// A request that passed verification.
#[napi(object, object_from_js = false)]
pub struct Verified {
    /// The provider id.
    pub provider: &'static str,
    /// The scheme that matched.
    pub scheme: &'static str,
    /// The header that carried the matching signature.
    pub header: &'static str,
    /// Which secret matched.
    pub secret_index: u32,
    /// The request's timestamp in Unix seconds, for providers that send one.
    pub timestamp: Option<f64>,
    /// What the signature covered.
    pub covers: Coverage,
}

/// Why something failed: the core's code, message and the header at fault.
#[napi(object, object_from_js = false)]
pub struct Failure {
    /// The core's stable code.
    pub code: &'static str,
    /// The core's message (never a secret or signature).
    pub message: String,
    /// The header at fault, if any.
    pub header: Option<&'static str>,
    /// `true` for a rejected request, `false` for misuse.
    pub rejection: bool,
    /// The HTTP status to answer with (`Error::http_status`): 401, 413 or 500.
    pub status: u16,
}

/// A provider resolved once: a built-in one by id or alias, or a user-defined one compiled from
/// its JSON spec (`Provider::from_json`). `index.js` keeps one per name or spec and hands it to
/// the verify calls, so that a one-shot call neither looks the name up nor parses the spec.
#[napi]
pub struct NativeProvider {
    inner: hooksig::Provider,
    header_names: Vec<&'static str>,
}

#[napi]
impl NativeProvider {
    /// The provider id (a custom spec's own `id`).
    #[napi(getter)]
    pub fn id(&self) -> &'static str {
        self.inner.id()
    }

    /// The headers the provider's verification reads, in the order the header indexes use.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<&'static str> {
        self.header_names.clone()
    }

    /// Its scheme ids, in the order a packed result numbers them.
    #[napi(getter)]
    pub fn schemes(&self) -> Vec<&'static str> {
        self.inner.schemes().map(hooksig::Scheme::id).collect()
    }

    /// Whether a built-in provider (from the registry), rather than a custom spec.
    #[napi(getter)]
    pub fn builtin(&self) -> bool {
        self.inner.is_builtin()
    }

    /// The provider's spec as JSON (`Provider::describe`): handed back as a custom spec, it
    /// gives the same outcomes.
    #[napi(catch_unwind)]
    pub fn describe(&self) -> String {
        self.inner.describe()
    }
}

/// One header to send.
#[napi(object, object_from_js = false)]
pub struct SignedHeader {
    /// The header name.
    pub name: &'static str,
    /// The header value.
    pub value: String,
}

/// What the provider would send.
#[napi(object, object_from_js = false)]
pub struct Signed {
    /// The scheme signed with.
    pub scheme: &'static str,
    /// The headers to send.
    pub headers: Vec<SignedHeader>,
    /// The URL to deliver to, where the scheme changes it.
    pub url: Option<String>,
}

/// A provider with its secrets, keyed once.
#[napi]
pub struct NativeVerifier {
    inner: Arc<hooksig::Verifier>,
}

#[napi]
impl NativeVerifier {
    /// Verifies a request. `headers` are index-prefixed values of `headerNames`. The result
    /// is packed (see `pack`): a number, or `[number, timestamp]` where there is a timestamp.
    #[napi(catch_unwind)]
    pub fn verify(
        &self,
        method: String,
        url: Option<String>,
        headers: Vec<String>,
        body: BufferSlice,
        now_seconds: Option<f64>,
    ) -> Either4<f64, Vec<f64>, Verified, Failure> {
        verify(
            &self.inner,
            &method,
            url.as_deref(),
            &headers,
            &body,
            now_seconds,
        )
    }

    /// Verifies a request on the libuv thread pool. The body is copied here, on the JavaScript
    /// thread: the caller's buffer may be detached (transferred, `postMessage`d) and collected
    /// while the pool hashes, so the task must own its bytes.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<number | number[] | Verified | Failure>"
    )]
    pub fn verify_async(
        &self,
        method: String,
        url: Option<String>,
        headers: Vec<String>,
        body: BufferSlice,
        now_seconds: Option<f64>,
    ) -> AsyncTask<VerifyTask> {
        AsyncTask::new(VerifyTask {
            verifier: Ok(Arc::clone(&self.inner)),
            method,
            url,
            headers,
            body: body.to_vec(),
            now_seconds,
        })
    }

    /// The headers (and URL) the provider would send for a request.
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        &self,
        method: String,
        url: Option<String>,
        headers: Vec<String>,
        body: BufferSlice,
        now_seconds: Option<f64>,
        scheme: Option<String>,
        nonce: Option<String>,
    ) -> Either<Signed, Failure> {
        let signed = (|| {
            let names = self.inner.header_names();
            let request = request(names, &method, url.as_deref(), &headers, &body);
            let mut options = hooksig::SignOptions::default();
            options.now = now_seconds
                .map(hooksig::seconds::to_system_time)
                .transpose()?;
            options.scheme = scheme
                .as_deref()
                .map(|name| scheme_of(self.inner.provider(), name))
                .transpose()?;
            options.nonce = nonce.as_deref();
            let signed = self.inner.sign(&request, &options)?;
            Ok(Signed {
                scheme: signed.scheme.id(),
                headers: signed
                    .headers
                    .into_iter()
                    .map(|(name, value)| SignedHeader { name, value })
                    .collect(),
                url: signed.url,
            })
        })();
        outcome(signed)
    }

    /// The provider id.
    #[napi(getter)]
    pub fn provider(&self) -> &'static str {
        self.inner.provider().id()
    }

    /// Whether the provider signs the URL (then `verify` needs one).
    #[napi(getter)]
    pub fn signs_url(&self) -> bool {
        self.inner.provider().signs_url()
    }

    /// The tolerance in force, in seconds, for providers that send a timestamp.
    #[napi(getter)]
    pub fn tolerance(&self) -> Option<f64> {
        self.inner.tolerance().map(|t| t.as_secs_f64())
    }

    /// How many secrets the verifier holds.
    #[napi(getter)]
    pub fn secret_count(&self) -> u32 {
        u32::try_from(self.inner.secret_count()).unwrap_or(u32::MAX)
    }

    /// The headers the provider's verification reads (the others need not be passed).
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<&'static str> {
        self.inner.header_names().to_vec()
    }

    /// Whether a request whose signature does not cover its body is accepted.
    #[napi(getter)]
    pub fn allows_unsigned_body(&self) -> bool {
        self.inner.allows_unsigned_body()
    }
}

/// A scheme by id: the provider's own first (a custom spec's schemes have ids no list holds),
/// else any built-in one, for the core to refuse as another provider's.
fn scheme_of(
    provider: hooksig::Provider,
    name: &str,
) -> std::result::Result<hooksig::Scheme, hooksig::Error> {
    match provider
        .schemes()
        .find(|scheme| scheme.id().eq_ignore_ascii_case(name))
    {
        Some(scheme) => Ok(scheme),
        None => name.parse(),
    }
}

/// Secrets as JavaScript passes them: one string, or an array of strings and Buffers.
type Secrets<'a> = Either<String, Vec<Either<String, BufferSlice<'a>>>>;

fn secret_bytes<'a>(secrets: &'a Secrets<'_>) -> Vec<&'a [u8]> {
    match secrets {
        Either::A(one) => vec![one.as_bytes()],
        Either::B(list) => list
            .iter()
            .map(|secret| match secret {
                Either::A(text) => text.as_bytes(),
                Either::B(bytes) => bytes.as_ref(),
            })
            .collect(),
    }
}

/// The verifier for a configuration from the core's cache (`Verifier::cached`): what the
/// one-shot calls use, so that they create no JavaScript object and key no secret per call.
fn cached(
    provider: hooksig::Provider,
    secrets: &Secrets<'_>,
    tolerance_seconds: Option<f64>,
    allow_unsigned_body: bool,
) -> std::result::Result<Arc<hooksig::Verifier>, hooksig::Error> {
    let tolerance = tolerance_seconds
        .map(|seconds| hooksig::seconds::to_duration(seconds, "tolerance"))
        .transpose()?;
    hooksig::Verifier::cached(
        provider,
        &secret_bytes(secrets),
        tolerance,
        allow_unsigned_body,
    )
}

/// One-shot `verify`: `Verifier#verify` through the core's cache of keyed verifiers.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn verify_once(
    provider: &NativeProvider,
    secrets: Either<String, Vec<Either<String, BufferSlice>>>,
    tolerance_seconds: Option<f64>,
    allow_unsigned_body: bool,
    method: String,
    url: Option<String>,
    headers: Vec<String>,
    body: BufferSlice,
    now_seconds: Option<f64>,
) -> Either4<f64, Vec<f64>, Verified, Failure> {
    match cached(
        provider.inner,
        &secrets,
        tolerance_seconds,
        allow_unsigned_body,
    ) {
        Ok(verifier) => verify(
            &verifier,
            &method,
            url.as_deref(),
            &headers,
            &body,
            now_seconds,
        ),
        Err(error) => Either4::D(failure(&error)),
    }
}

/// One-shot `verifyAsync`: as `verify_once`, hashing a copy of the body on the libuv pool.
#[napi(
    catch_unwind,
    ts_return_type = "Promise<number | number[] | Verified | Failure>"
)]
#[allow(clippy::too_many_arguments)]
pub fn verify_once_async(
    provider: &NativeProvider,
    secrets: Either<String, Vec<Either<String, BufferSlice>>>,
    tolerance_seconds: Option<f64>,
    allow_unsigned_body: bool,
    method: String,
    url: Option<String>,
    headers: Vec<String>,
    body: BufferSlice,
    now_seconds: Option<f64>,
) -> AsyncTask<VerifyTask> {
    AsyncTask::new(VerifyTask {
        verifier: cached(
            provider.inner,
            &secrets,
            tolerance_seconds,
            allow_unsigned_body,
        ),
        method,
        url,
        headers,
        body: body.to_vec(),
        now_seconds,
    })
}

/// A provider by built-in id or alias (any case), or a user-defined one from its JSON spec (a
/// string that starts with `{`); else the failure: `unknown_provider`, or `invalid_scheme`
/// naming the spec's field at fault.
#[napi(catch_unwind)]
pub fn provider_info(provider: String) -> Either<NativeProvider, Failure> {
    outcome(resolve(&provider).map(|inner| NativeProvider {
        inner,
        header_names: inner.header_names(),
    }))
}

/// The one rule for a provider argument: a JSON object is a custom spec, anything else a name.
fn resolve(provider: &str) -> std::result::Result<hooksig::Provider, hooksig::Error> {
    if provider.trim_start().starts_with('{') {
        hooksig::Provider::from_json(provider)
    } else {
        provider.parse()
    }
}

/// The core's failure for a body over `limit` bytes (`body_too_large`, 413), for adapters
/// that read the body themselves.
#[napi(catch_unwind)]
pub fn body_too_large(limit: f64) -> Failure {
    // A limit is a whole, non-negative number of bytes; JavaScript numbers saturate here.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let limit = limit.max(0.0) as usize;
    failure(&hooksig::Error::body_too_large(limit))
}

/// The core's failure for a body consumed before verification (`raw_body_unavailable`,
/// misuse, 500); `reason` says what to change in the app.
#[napi(catch_unwind)]
pub fn raw_body_unavailable(reason: String) -> Failure {
    failure(&hooksig::Error::raw_body_unavailable(reason))
}

/// A verifier for a resolved provider, or the failure that prevents one (an unusable secret
/// or tolerance).
#[napi(catch_unwind)]
pub fn create_verifier(
    provider: &NativeProvider,
    secrets: Either<String, Vec<Either<String, BufferSlice>>>,
    tolerance_seconds: Option<f64>,
    allow_unsigned_body: bool,
) -> Either<NativeVerifier, Failure> {
    let made = (|| {
        let verifier = hooksig::Verifier::new(provider.inner, secret_bytes(&secrets))?
            .allow_unsigned_body(allow_unsigned_body);
        Ok(match tolerance_seconds {
            Some(seconds) => {
                verifier.with_tolerance(hooksig::seconds::to_duration(seconds, "tolerance")?)
            }
            None => verifier,
        })
    })();
    match made {
        Ok(verifier) => Either::A(NativeVerifier {
            inner: Arc::new(verifier),
        }),
        Err(error) => Either::B(failure(&error)),
    }
}

/// `verifyAsync`'s work: owned inputs, computed off the main thread.
pub struct VerifyTask {
    /// The verifier, or (one-shot) the failure that prevented one, answered as a result.
    verifier: std::result::Result<Arc<hooksig::Verifier>, hooksig::Error>,
    method: String,
    url: Option<String>,
    headers: Vec<String>,
    /// A copy of the body, never a view of JavaScript memory.
    body: Vec<u8>,
    now_seconds: Option<f64>,
}

impl Task for VerifyTask {
    type Output = Either4<f64, Vec<f64>, Verified, Failure>;
    type JsValue = Either4<f64, Vec<f64>, Verified, Failure>;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match &self.verifier {
            Ok(verifier) => verify(
                verifier,
                &self.method,
                self.url.as_deref(),
                &self.headers,
                &self.body,
                self.now_seconds,
            ),
            Err(error) => Either4::D(failure(error)),
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// The URL the provider requested, from what the server received and the URL policy.
/// `headers` are index-prefixed values of `forwardingHeaderNames()`.
#[napi(catch_unwind)]
pub fn request_url(
    scheme: String,
    host: String,
    target: String,
    headers: Vec<String>,
    public_url: Option<String>,
    trust_forwarded: bool,
) -> Either<String, Failure> {
    let resolved = (|| {
        let policy = hooksig::UrlPolicy::from_options(public_url.as_deref(), trust_forwarded)?;
        let names = &hooksig::headers::proxy::FORWARDING_HEADERS;
        let request = request(names, "GET", None, &headers, &[]);
        policy.resolve(&scheme, &host, &target, &request)
    })();
    outcome(resolved)
}

/// The request target for a path the platform already percent-decoded, by the core's one
/// rule (`hooksig::target::from_decoded_path`); `query` as received.
#[napi(catch_unwind)]
pub fn target_from_decoded_path(path: String, query: String) -> String {
    hooksig::target::from_decoded_path(path.as_bytes(), query.as_bytes())
}

/// A query rebuilt from decoded pairs, given flat as `[name, value, name, value, ...]`, by the
/// core's one rule (`hooksig::target::query_from_decoded_pairs`).
#[napi(catch_unwind)]
pub fn query_from_decoded_pairs(flat: Vec<String>) -> String {
    hooksig::target::query_from_decoded_pairs(flat.chunks(2).map(|pair| {
        (
            pair.first().map_or("", String::as_str),
            pair.get(1).map_or("", String::as_str),
        )
    }))
}

/// The ids of every built-in provider, in the registry's order.
#[napi]
pub fn providers() -> Vec<&'static str> {
    hooksig::Provider::ids().to_vec()
}

/// Every built-in scheme id.
#[napi]
pub fn schemes() -> Vec<&'static str> {
    hooksig::Scheme::all().map(hooksig::Scheme::id).collect()
}

/// Every error code, rejections first.
#[napi]
pub fn codes() -> Vec<&'static str> {
    hooksig::Error::CODES.to_vec()
}

/// One error code as the core classes it.
#[napi(object, object_from_js = false)]
pub struct CodeInfo {
    /// The stable code.
    pub code: &'static str,
    /// `true` for a rejected request (`WebhookVerificationError`), `false` for misuse
    /// (`ConfigurationError`).
    pub rejection: bool,
    /// The HTTP status to answer with: 401, 413 or 500.
    pub status: u16,
}

/// Every error code with its class and status, rejections first: what `index.js` builds its
/// error classes' code lists from.
#[napi]
pub fn code_table() -> Vec<CodeInfo> {
    hooksig::ErrorCode::ALL
        .iter()
        .map(|code| CodeInfo {
            code: code.as_str(),
            rejection: code.is_rejection(),
            status: code.http_status(),
        })
        .collect()
}

/// The headers the URL policy `trustProxy` reads.
#[napi]
pub fn forwarding_header_names() -> Vec<&'static str> {
    hooksig::headers::proxy::FORWARDING_HEADERS.to_vec()
}

/// The crate version (the package's, too).
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn verify(
    verifier: &hooksig::Verifier,
    method: &str,
    url: Option<&str>,
    headers: &[String],
    body: &[u8],
    now_seconds: Option<f64>,
) -> Either4<f64, Vec<f64>, Verified, Failure> {
    let verified = now_seconds
        .map(hooksig::seconds::to_system_time)
        .transpose()
        .and_then(|now| {
            let names = verifier.header_names();
            verifier.verify(&request(names, method, url, headers, body), now)
        });
    match verified {
        Ok(verified) => match (pack(&verified, verifier.header_names()), verified.timestamp) {
            (Some(packed), None) => Either4::A(packed),
            (Some(packed), Some(time)) => {
                Either4::B(vec![packed, hooksig::seconds::since_epoch(time)])
            }
            (None, _) => Either4::C(Verified {
                provider: verified.provider.id(),
                scheme: verified.scheme.id(),
                header: verified.header,
                secret_index: u32::try_from(verified.secret_index).unwrap_or(u32::MAX),
                timestamp: verified.timestamp.map(hooksig::seconds::since_epoch),
                covers: Coverage {
                    body: verified.covers.body,
                    url: verified.covers.url,
                    timestamp: verified.covers.timestamp,
                },
            }),
        },
        Err(error) => Either4::D(failure(&error)),
    }
}

/// A verified result but its timestamp as one small number, which `index.js` decodes (an
/// object costs about 1 µs to build through N-API, a number nothing): the scheme's index
/// among its provider's | header index in `Verifier::header_names` << 4 | covers (body 1,
/// url 2, timestamp 4) << 7 | secret index << 10. `None` if a part does not fit.
fn pack(verified: &hooksig::Verified, header_names: &[&'static str]) -> Option<f64> {
    let scheme = verified.scheme.index();
    let header = header_names
        .iter()
        .position(|name| *name == verified.header)?;
    let covers = &verified.covers;
    let covers =
        u8::from(covers.body) | u8::from(covers.url) << 1 | u8::from(covers.timestamp) << 2;
    if scheme >= 16 || header >= 8 || verified.secret_index >= 16 {
        return None;
    }
    let packed = scheme | header << 4 | usize::from(covers) << 7 | verified.secret_index << 10;
    Some(f64::from(u16::try_from(packed).ok()?))
}

/// A core request. Each header is its value behind one character: the index of its name in
/// `names`. A header with an index out of range is dropped (`index.js` never sends one).
fn request<'a>(
    names: &'a [&'static str],
    method: &'a str,
    url: Option<&'a str>,
    headers: &'a [String],
    body: &'a [u8],
) -> hooksig::Request<'a> {
    let pairs = headers.iter().filter_map(|header| {
        let mut chars = header.chars();
        let index = chars.next()? as usize;
        Some((*names.get(index)?, chars.as_str()))
    });
    let request = hooksig::Request::new(method).headers(pairs).body(body);
    match url {
        Some(url) => request.url(url),
        None => request,
    }
}

fn outcome<T>(result: std::result::Result<T, hooksig::Error>) -> Either<T, Failure> {
    match result {
        Ok(value) => Either::A(value),
        Err(error) => Either::B(failure(&error)),
    }
}

fn failure(error: &hooksig::Error) -> Failure {
    Failure {
        code: error.code(),
        message: error.to_string(),
        header: error.header(),
        rejection: error.is_rejection(),
        status: error.http_status(),
    }
}

#[cfg(test)]
mod tests {
    /// `pack` fits every result, so the object fallback is only a guard.
    #[test]
    fn every_result_packs() {
        const { assert!(hooksig::limits::MAX_SECRETS <= 16) };
        for provider in hooksig::Provider::ALL {
            assert!(provider.schemes().len() <= 16, "{provider}");
            assert!(provider.header_names().len() <= 8, "{provider}");
        }
    }
}
