//! `hooksig._native`: the hooksig core for Python. Types in, core call, errors out; every
//! decision is the core's.

mod convert;
mod errors;

use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString, PyTuple};

use convert::Bytes;

/// Bodies from this size up are verified with the GIL released, so other Python threads run
/// meanwhile (a mutable buffer is copied first, so no Python code can change it mid-hash).
/// Below it, releasing and re-taking the GIL costs more than the hashing it frees
/// (the same threshold as hashlib's `HASHLIB_GIL_MINSIZE`).
const DETACH_MIN_BODY: usize = 2048;

/// Verifies one provider's webhooks with one or more secrets: configure once, verify per
/// request.
#[pyclass(module = "hooksig", frozen)]
struct Verifier {
    inner: hooksig::Verifier,
}

/// What a verified request's signature covered.
#[pyclass(module = "hooksig", frozen, get_all, eq)]
#[derive(Clone, Copy, PartialEq)]
struct Coverage {
    /// The body's bytes (or, for a form post, every parameter).
    body: bool,
    /// The request URL.
    url: bool,
    /// A timestamp, so a replay is refused once the tolerance has passed.
    timestamp: bool,
}

/// A request that passed verification.
#[pyclass(module = "hooksig", frozen, eq)]
#[derive(PartialEq)]
struct Verified {
    /// The scheme that matched (and through it the provider, built in or user-defined).
    scheme: hooksig::Scheme,
    /// The header that carried the matching signature.
    #[pyo3(get)]
    header: &'static str,
    /// Which secret matched (its index in the list given).
    #[pyo3(get)]
    secret_index: usize,
    /// The signed timestamp in Unix seconds, for providers that sign one.
    #[pyo3(get)]
    timestamp: Option<f64>,
    /// What the signature covered.
    #[pyo3(get)]
    covers: Coverage,
}

/// The headers (and URL) a provider would send for a request.
#[pyclass(module = "hooksig", frozen, eq)]
#[derive(PartialEq)]
struct Signed {
    scheme: hooksig::Scheme,
    headers: Vec<(String, String)>,
    url: Option<String>,
}

#[pymethods]
impl Verifier {
    /// `Verifier(provider, secret, *, tolerance=None, allow_unsigned_body=False)`: `provider`
    /// is a built-in id or alias, or a user-defined spec (a dict, or its JSON text); `secret` is
    /// a str, bytes or a list of them (a rotation, current first); `tolerance` in seconds or a
    /// `timedelta`; `allow_unsigned_body=True` accepts a request whose signature does not
    /// cover its body (Plivo V2, Plivo V3 with a non-form body) instead of refusing it with
    /// `body_not_covered`, and `covers.body` is then `False`.
    #[new]
    #[pyo3(signature = (provider, secret, *, tolerance = None, allow_unsigned_body = false))]
    fn new(
        py: Python<'_>,
        provider: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        tolerance: Option<&Bound<'_, PyAny>>,
        allow_unsigned_body: bool,
    ) -> PyResult<Self> {
        let (provider, secrets, tolerance) = configuration(py, provider, secret, tolerance)?;
        let secrets = secrets
            .iter()
            .map(Bytes::as_slice)
            .collect::<PyResult<Vec<_>>>()?;
        let mut inner = hooksig::Verifier::new(provider, secrets)
            .map_err(|e| errors::to_py(py, &e))?
            .allow_unsigned_body(allow_unsigned_body);
        if let Some(tolerance) = tolerance {
            inner = inner.with_tolerance(tolerance);
        }
        Ok(Verifier { inner })
    }

    /// Verifies a request; raises a `WebhookVerificationError` subclass if it is not genuine.
    /// `body` is the raw body; `now` in Unix seconds (the clock when `None`).
    #[pyo3(signature = (*, method = "POST", url = None, headers, body, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        method: &str,
        url: Option<&str>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        verify_with(py, &self.inner, method, url, headers, body, now)
    }

    /// The headers (and URL) the provider would send for this request, as a `Signed`.
    #[pyo3(signature = (*, method = "POST", url = None, headers = None, body = None, now = None, scheme = None, nonce = None))]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        py: Python<'_>,
        method: &str,
        url: Option<&str>,
        headers: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        scheme: Option<&str>,
        nonce: Option<&str>,
    ) -> PyResult<Signed> {
        sign_with(
            py,
            &self.inner,
            method,
            url,
            headers,
            body,
            now,
            scheme,
            nonce,
        )
    }

    /// The provider id (a user-defined spec's `id` for one).
    #[getter]
    fn provider(&self) -> &'static str {
        self.inner.provider().id()
    }

    /// `True` when the provider signs the request URL (then `verify` needs `url`).
    #[getter]
    fn signs_url(&self) -> bool {
        self.inner.provider().signs_url()
    }

    /// The tolerance in force in seconds (Retell, Ranked), else `None`.
    #[getter]
    fn tolerance(&self) -> Option<f64> {
        self.inner.tolerance().map(|t| t.as_secs_f64())
    }

    /// `True` when a body the signature does not cover is accepted (`allow_unsigned_body`).
    #[getter]
    fn allows_unsigned_body(&self) -> bool {
        self.inner.allows_unsigned_body()
    }

    /// How many secrets the verifier holds.
    #[getter]
    fn secret_count(&self) -> usize {
        self.inner.secret_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "Verifier(provider='{}', secrets=<{} redacted>, tolerance={}, allow_unsigned_body={})",
            self.inner.provider().id(),
            self.inner.secret_count(),
            py_float(self.tolerance()),
            py_bool(self.inner.allows_unsigned_body())
        )
    }
}

#[pymethods]
impl Coverage {
    #[classattr]
    fn __match_args__() -> (&'static str, &'static str, &'static str) {
        ("body", "url", "timestamp")
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (bool, bool, bool))> {
        Ok((
            restorer(py, "_coverage")?,
            (self.body, self.url, self.timestamp),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Coverage(body={}, url={}, timestamp={})",
            py_bool(self.body),
            py_bool(self.url),
            py_bool(self.timestamp)
        )
    }
}

type VerifiedState = (
    &'static str,
    &'static str,
    usize,
    Option<f64>,
    (bool, bool, bool),
    Option<String>,
);

/// What a pickle needs besides a scheme id: nothing for a built-in provider, the spec (as
/// `describe` gives it) for a user-defined one, compiled again when unpickled.
fn spec_for_pickle(scheme: hooksig::Scheme) -> Option<String> {
    let provider = scheme.provider();
    (!provider.is_builtin()).then(|| provider.describe())
}

#[pymethods]
impl Verified {
    #[classattr]
    fn __match_args__() -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        (
            "provider",
            "scheme",
            "header",
            "secret_index",
            "timestamp",
            "covers",
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, VerifiedState)> {
        let c = self.covers;
        Ok((
            restorer(py, "_verified")?,
            (
                self.scheme.id(),
                self.header,
                self.secret_index,
                self.timestamp,
                (c.body, c.url, c.timestamp),
                spec_for_pickle(self.scheme),
            ),
        ))
    }

    /// The provider id, e.g. `"twilio"` (a user-defined spec's `id` for one).
    #[getter]
    fn provider(&self) -> &'static str {
        self.scheme.provider().id()
    }

    /// The signature scheme that matched, e.g. `"twilio-form"`.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.scheme.id()
    }

    fn __repr__(&self) -> String {
        format!(
            "Verified(provider='{}', scheme='{}', header='{}', secret_index={}, timestamp={}, covers={})",
            self.provider(),
            self.scheme.id(),
            self.header,
            self.secret_index,
            py_float(self.timestamp),
            self.covers.__repr__()
        )
    }
}

#[pymethods]
impl Signed {
    #[classattr]
    fn __match_args__() -> (&'static str, &'static str, &'static str) {
        ("scheme", "headers", "url")
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (
            &'static str,
            Vec<(String, String)>,
            Option<String>,
            Option<String>,
        ),
    )> {
        Ok((
            restorer(py, "_signed")?,
            (
                self.scheme.id(),
                self.headers.clone(),
                self.url.clone(),
                spec_for_pickle(self.scheme),
            ),
        ))
    }

    /// The scheme signed with, e.g. `"twilio-body-sha256"`.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.scheme.id()
    }

    /// The headers to send, name to value.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in &self.headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    /// The URL to deliver to: changed where the scheme adds to it (Twilio's `bodySHA256`),
    /// else the URL given; `None` for providers that do not sign the URL.
    #[getter]
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    fn __repr__(&self) -> String {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        format!(
            "Signed(scheme='{}', headers=<{} redacted>, url={})",
            self.scheme.id(),
            names.join(", "),
            self.url
                .as_deref()
                .map_or("None".to_owned(), |u| format!("'{u}'"))
        )
    }
}

/// The module function that rebuilds a pickled result (`hooksig._native._<name>`).
fn restorer<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("hooksig._native")?.getattr(name)
}

/// A pickled scheme: a built-in one by its id, or one of the user-defined spec's schemes.
fn scheme_by_id(py: Python<'_>, id: &str, spec: Option<&str>) -> PyResult<hooksig::Scheme> {
    match spec {
        None => id
            .parse()
            .map_err(|_| PyValueError::new_err("not a hooksig scheme")),
        Some(spec) => hooksig::Provider::from_json(spec)
            .map_err(|e| errors::to_py(py, &e))?
            .schemes()
            .find(|scheme| scheme.id() == id)
            .ok_or_else(|| PyValueError::new_err("not a scheme of the spec")),
    }
}

/// Unpickles a `Coverage`.
#[pyfunction]
fn _coverage(body: bool, url: bool, timestamp: bool) -> Coverage {
    Coverage {
        body,
        url,
        timestamp,
    }
}

/// Unpickles a `Verified`: the scheme and header must be the core's, or those of `spec` (a
/// user-defined provider's, as `describe` gives it).
#[pyfunction]
#[pyo3(signature = (scheme, header, secret_index, timestamp, covers, spec = None))]
fn _verified(
    py: Python<'_>,
    scheme: &str,
    header: &str,
    secret_index: usize,
    timestamp: Option<f64>,
    covers: (bool, bool, bool),
    spec: Option<&str>,
) -> PyResult<Verified> {
    let scheme = scheme_by_id(py, scheme, spec)?;
    let provider = scheme.provider();
    let header = provider
        .header_names()
        .into_iter()
        .find(|name| *name == header)
        .ok_or_else(|| PyValueError::new_err("not the provider's header"))?;
    Ok(Verified {
        scheme,
        header,
        secret_index,
        timestamp,
        covers: _coverage(covers.0, covers.1, covers.2),
    })
}

/// Unpickles a `Signed`.
#[pyfunction]
#[pyo3(signature = (scheme, headers, url, spec = None))]
fn _signed(
    py: Python<'_>,
    scheme: &str,
    headers: Vec<(String, String)>,
    url: Option<String>,
    spec: Option<&str>,
) -> PyResult<Signed> {
    Ok(Signed {
        scheme: scheme_by_id(py, scheme, spec)?,
        headers,
        url,
    })
}

/// The provider, the secrets and the tolerance of a `Verifier(...)` or one-shot call.
fn configuration<'py>(
    py: Python<'py>,
    provider: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    tolerance: Option<&Bound<'py, PyAny>>,
) -> PyResult<(
    hooksig::Provider,
    Vec<Bytes<'py>>,
    Option<std::time::Duration>,
)> {
    let provider = provider_of(py, provider)?;
    let secrets = convert::secrets(secret)?;
    let tolerance = convert::tolerance(tolerance)?
        .map(|seconds| hooksig::seconds::to_duration(seconds, "tolerance"))
        .transpose()
        .map_err(|e| errors::to_py(py, &e))?;
    Ok((provider, secrets, tolerance))
}

/// A provider argument: a built-in id or alias (`"stripe"`, `"whatsapp"`), or a user-defined
/// spec (`docs/custom-schemes.md`) as a mapping or as its JSON text (a str starting with `{`).
/// A spec is compiled once per distinct JSON (the core interns it).
fn provider_of(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<hooksig::Provider> {
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_string_lossy();
        let result = if !text.trim_start().starts_with('{') {
            // A lone surrogate, replaced, cannot be in an id either: unknown_provider.
            text.parse()
        } else if let std::borrow::Cow::Owned(_) = text {
            Err(errors::invalid_spec(
                "the JSON text holds a lone surrogate".to_owned(),
            ))
        } else {
            hooksig::Provider::from_json(&text)
        };
        return result.map_err(|e| errors::to_py(py, &e));
    }
    if let Ok(mapping) = value.cast::<PyMapping>() {
        let json = spec_json(py, mapping)?;
        return hooksig::Provider::from_json(&json).map_err(|e| errors::to_py(py, &e));
    }
    Err(PyTypeError::new_err(format!(
        "provider must be a provider id (str) or a user-defined spec (a dict, or its JSON as a \
         str), not {}",
        convert::type_name(value)
    )))
}

/// A spec given as a mapping, as JSON text (`json.dumps`, no NaN or infinity).
fn spec_json(py: Python<'_>, mapping: &Bound<'_, PyMapping>) -> PyResult<String> {
    let dict = match mapping.cast::<PyDict>() {
        Ok(dict) => dict.clone(),
        Err(_) => {
            let dict = PyDict::new(py);
            dict.update(mapping)?;
            dict
        }
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("allow_nan", false)?;
    let dumped = py.import(pyo3::intern!(py, "json"))?.call_method(
        pyo3::intern!(py, "dumps"),
        (dict,),
        Some(&kwargs),
    );
    match dumped {
        Ok(text) => text.extract(),
        // A value JSON has no form for (a set, bytes, NaN, a cycle): the spec is unusable.
        Err(e)
            if e.is_instance_of::<PyTypeError>(py)
                || e.is_instance_of::<PyValueError>(py)
                || e.is_instance_of::<PyRecursionError>(py) =>
        {
            Err(errors::to_py(
                py,
                &errors::invalid_spec(format!("not JSON-compatible: {}", e.value(py))),
            ))
        }
        Err(e) => Err(e),
    }
}

/// A provider's spec as a dict, in the format a user-defined spec is written in (handing it
/// back as `provider` gives the same outcomes): for a built-in id or alias, or a spec (then
/// validated and normalised, defaults left out).
#[pyfunction]
fn describe<'py>(py: Python<'py>, provider: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let provider = provider_of(py, provider)?;
    py.import(pyo3::intern!(py, "json"))?
        .call_method1(pyo3::intern!(py, "loads"), (provider.describe(),))
}

/// `Union[Literal[a], Literal[b], ...]`: a type alias of the values, for annotations, made from
/// the core's lists (the stubs spell the same alias out).
fn literal_alias<'py>(py: Python<'py>, values: &[&str]) -> PyResult<Bound<'py, PyAny>> {
    let typing = py.import("typing")?;
    let literal = typing.getattr("Literal")?;
    let members = values
        .iter()
        .map(|value| literal.get_item(*value))
        .collect::<PyResult<Vec<_>>>()?;
    typing
        .getattr("Union")?
        .get_item(PyTuple::new(py, members)?)
}

/// The core's cached verifier for a one-shot call: keyed once per configuration, not per call.
fn cached<'py>(
    py: Python<'py>,
    provider: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    tolerance: Option<&Bound<'py, PyAny>>,
    allow_unsigned_body: bool,
) -> PyResult<std::sync::Arc<hooksig::Verifier>> {
    let (provider, secrets, tolerance) = configuration(py, provider, secret, tolerance)?;
    let secrets = secrets
        .iter()
        .map(Bytes::as_slice)
        .collect::<PyResult<Vec<_>>>()?;
    hooksig::Verifier::cached(provider, &secrets, tolerance, allow_unsigned_body)
        .map_err(|e| errors::to_py(py, &e))
}

fn py_float(value: Option<f64>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("{v:?}"))
}

fn py_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

fn verify_with(
    py: Python<'_>,
    verifier: &hooksig::Verifier,
    method: &str,
    url: Option<&str>,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verified> {
    let now = convert::now(now)?
        .map(hooksig::seconds::to_system_time)
        .transpose()
        .map_err(|e| errors::to_py(py, &e))?;
    let headers = convert::headers(headers, verifier.header_names())?;
    let header_views = convert::header_views(&headers)?;
    let body = convert::body(body)?;
    let borrowed = body.as_slice()?;
    let detach = borrowed.len() >= DETACH_MIN_BODY;
    // A mutable buffer (bytearray, writable memoryview) could change under the hash once the
    // GIL is released: it is copied first (a memcpy, a small fraction of the hashing).
    let copy;
    let body_bytes = if detach && !body.is_immutable() {
        copy = borrowed.to_vec();
        copy.as_slice()
    } else {
        borrowed
    };
    let mut request = hooksig::Request::new(method)
        .headers(header_views.iter().map(|(n, v)| (*n, *v)))
        .body(body_bytes);
    if let Some(url) = url {
        request = request.url(url);
    }
    let result = if detach {
        py.detach(|| verifier.verify(&request, now))
    } else {
        verifier.verify(&request, now)
    };
    let verified = result.map_err(|e| errors::to_py(py, &e))?;
    Ok(Verified {
        scheme: verified.scheme,
        header: verified.header,
        secret_index: verified.secret_index,
        timestamp: verified.timestamp.map(hooksig::seconds::since_epoch),
        covers: Coverage {
            body: verified.covers.body,
            url: verified.covers.url,
            timestamp: verified.covers.timestamp,
        },
    })
}

#[allow(clippy::too_many_arguments)]
fn sign_with(
    py: Python<'_>,
    verifier: &hooksig::Verifier,
    method: &str,
    url: Option<&str>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    scheme: Option<&str>,
    nonce: Option<&str>,
) -> PyResult<Signed> {
    let headers = headers
        .map(|headers| convert::headers(headers, verifier.header_names()))
        .transpose()?
        .unwrap_or_default();
    let header_views = convert::header_views(&headers)?;
    let body = body.map(convert::body).transpose()?;
    let body_bytes = match &body {
        Some(body) => body.as_slice()?,
        None => b"",
    };
    let mut request = hooksig::Request::new(method)
        .headers(header_views.iter().map(|(n, v)| (*n, *v)))
        .body(body_bytes);
    if let Some(url) = url {
        request = request.url(url);
    }
    let mut options = hooksig::SignOptions::default();
    options.now = convert::now(now)?
        .map(hooksig::seconds::to_system_time)
        .transpose()
        .map_err(|e| errors::to_py(py, &e))?;
    if let Some(scheme) = scheme {
        // The provider's own schemes first (a user-defined provider's are not global ids),
        // then any built-in id, which the core refuses if it is another provider's.
        let own = verifier
            .provider()
            .schemes()
            .find(|s| s.id().eq_ignore_ascii_case(scheme));
        options.scheme = Some(match own {
            Some(own) => own,
            None => scheme.parse().map_err(|e| errors::to_py(py, &e))?,
        });
    }
    options.nonce = nonce;
    let signed = verifier
        .sign(&request, &options)
        .map_err(|e| errors::to_py(py, &e))?;
    Ok(Signed {
        scheme: signed.scheme,
        headers: signed
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
        url: signed.url,
    })
}

/// Verifies a webhook request; raises a `WebhookVerificationError` subclass if it is not
/// genuine. `provider` is a built-in id or alias, or a user-defined spec (a dict, or its JSON
/// text; build a `Verifier` once rather than passing a dict per call). The verifier comes from the core's small cache of keyed verifiers, so a one-shot
/// call costs about what a `Verifier` call costs.
#[pyfunction]
#[pyo3(signature = (provider, secret, *, method = "POST", url = None, headers, body, now = None, tolerance = None, allow_unsigned_body = false))]
#[allow(clippy::too_many_arguments)]
fn verify(
    py: Python<'_>,
    provider: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    method: &str,
    url: Option<&str>,
    headers: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    tolerance: Option<&Bound<'_, PyAny>>,
    allow_unsigned_body: bool,
) -> PyResult<Verified> {
    let verifier = cached(py, provider, secret, tolerance, allow_unsigned_body)?;
    verify_with(py, &verifier, method, url, headers, body, now)
}

/// The headers (and URL) the provider would send for this request, for tests and tooling.
#[pyfunction]
#[pyo3(signature = (provider, secret, *, method = "POST", url = None, headers = None, body = None, now = None, scheme = None, nonce = None))]
#[allow(clippy::too_many_arguments)]
fn sign(
    py: Python<'_>,
    provider: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    method: &str,
    url: Option<&str>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    scheme: Option<&str>,
    nonce: Option<&str>,
) -> PyResult<Signed> {
    let verifier = cached(py, provider, secret, None, false)?;
    sign_with(
        py, &verifier, method, url, headers, body, now, scheme, nonce,
    )
}

/// The URL the provider requested, from what the server received and the URL policy.
#[pyfunction]
#[pyo3(signature = (scheme, host, target, headers = None, *, public_url = None, trust_forwarded = false))]
fn request_url(
    py: Python<'_>,
    scheme: &str,
    host: &str,
    target: &str,
    headers: Option<&Bound<'_, PyAny>>,
    public_url: Option<&str>,
    trust_forwarded: bool,
) -> PyResult<String> {
    let policy = hooksig::UrlPolicy::from_options(public_url, trust_forwarded)
        .map_err(|e| errors::to_py(py, &e))?;
    let forwarding = &hooksig::headers::proxy::FORWARDING_HEADERS;
    let headers = headers
        .map(|headers| convert::headers(headers, forwarding))
        .transpose()?
        .unwrap_or_default();
    let header_views = convert::header_views(&headers)?;
    let request = hooksig::Request::new("GET").headers(header_views.iter().map(|(n, v)| (*n, *v)));
    policy
        .resolve(scheme, host, target, &request)
        .map_err(|e| errors::to_py(py, &e))
}

/// A query string rebuilt from decoded `(name, value)` pairs by the core's one rule (see
/// `hooksig::target::query_from_decoded_pairs`): for platforms that keep only a decoded map.
#[pyfunction]
fn query_from_decoded_pairs(pairs: Vec<(String, String)>) -> String {
    hooksig::target::query_from_decoded_pairs(pairs)
}

/// The request target for a path the server already percent-decoded, by the core's one rule
/// (see `hooksig::target`): for servers that keep no raw target. `path` as bytes (WSGI's
/// `PATH_INFO` encoded back to latin-1, ASGI's `path` to UTF-8) or str (UTF-8); `query` as
/// received.
#[pyfunction]
#[pyo3(signature = (path, query = None))]
fn target_from_decoded_path(
    path: &Bound<'_, PyAny>,
    query: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let path = convert::text_or_bytes(path, "path")?;
    let query = query
        .map(|q| convert::text_or_bytes(q, "query"))
        .transpose()?;
    Ok(hooksig::target::from_decoded_path(
        path.as_slice()?,
        match &query {
            Some(q) => q.as_slice()?,
            None => b"",
        },
    ))
}

/// The core's `raw_body_unavailable` configuration error for `reason` (which names the fix
/// for the framework at hand), to raise: for framework adapters.
#[pyfunction]
fn raw_body_unavailable(py: Python<'_>, reason: String) -> Py<pyo3::exceptions::PyBaseException> {
    errors::raw_body_unavailable(py, reason).into_value(py)
}

/// The core's `body_too_large` rejection for a body over `limit` bytes, to raise: for
/// framework adapters.
#[pyfunction]
fn body_too_large(py: Python<'_>, limit: usize) -> Py<pyo3::exceptions::PyBaseException> {
    errors::body_too_large(py, limit).into_value(py)
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("PROVIDERS", hooksig::Provider::ids())?;
    module.add(
        "SCHEMES",
        hooksig::Scheme::all()
            .map(hooksig::Scheme::id)
            .collect::<Vec<_>>(),
    )?;
    module.add("CODES", hooksig::Error::CODES)?;
    let py = module.py();
    let schemes: Vec<&str> = hooksig::Scheme::all().map(hooksig::Scheme::id).collect();
    let aliases: Vec<&str> = hooksig::Provider::ALL
        .iter()
        .flat_map(|p| p.spec().aliases.iter().copied())
        .collect();
    module.add("ProviderId", literal_alias(py, &hooksig::Provider::ids())?)?;
    module.add("ProviderAlias", literal_alias(py, &aliases)?)?;
    module.add("SchemeId", literal_alias(py, &schemes)?)?;
    module.add("ErrorCode", literal_alias(py, hooksig::Error::CODES)?)?;
    module.add("DETACH_MIN_BODY", DETACH_MIN_BODY)?;
    module.add_class::<Verifier>()?;
    module.add_class::<Verified>()?;
    module.add_class::<Coverage>()?;
    module.add_class::<Signed>()?;
    module.add_function(wrap_pyfunction!(verify, module)?)?;
    module.add_function(wrap_pyfunction!(sign, module)?)?;
    module.add_function(wrap_pyfunction!(describe, module)?)?;
    module.add_function(wrap_pyfunction!(request_url, module)?)?;
    module.add_function(wrap_pyfunction!(target_from_decoded_path, module)?)?;
    module.add_function(wrap_pyfunction!(query_from_decoded_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(raw_body_unavailable, module)?)?;
    module.add_function(wrap_pyfunction!(body_too_large, module)?)?;
    module.add_function(wrap_pyfunction!(_coverage, module)?)?;
    module.add_function(wrap_pyfunction!(_verified, module)?)?;
    module.add_function(wrap_pyfunction!(_signed, module)?)?;
    errors::register(module)?;
    Ok(())
}
