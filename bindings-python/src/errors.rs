//! One Python exception class per core error code.
//!
//! Rejections (the request is not a genuine, fresh delivery) raise a subclass of
//! `WebhookVerificationError`; misuse (unknown provider, unusable secret, bad argument, a raw
//! body the framework no longer has) raises `ConfigurationError` (or its subclass). Both
//! families derive from `HooksigError`, a `ValueError`, and every instance carries the core's
//! `code`, its HTTP `status` and, where one is at fault, the `header`.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    hooksig,
    HooksigError,
    PyValueError,
    "Any error hooksig raises for a request or a configuration: the root of \
     `WebhookVerificationError` and `ConfigurationError`.\n\n\
     `code` is the core's stable error code, `status` the HTTP status to answer with, \
     `header` the header at fault, if any."
);
create_exception!(
    hooksig,
    WebhookVerificationError,
    HooksigError,
    "The request is not a genuine, fresh, untampered delivery: answer 401.\n\n\
     `code` is the core's stable error code; `header` names the header at fault, if any."
);
create_exception!(
    hooksig,
    MissingHeaderError,
    WebhookVerificationError,
    "A header the provider always sends is absent or empty (`missing_header`)."
);
create_exception!(
    hooksig,
    MalformedHeaderError,
    WebhookVerificationError,
    "A header cannot be what the provider sends (`malformed_header`)."
);
create_exception!(
    hooksig,
    SignatureMismatchError,
    WebhookVerificationError,
    "No signature matches this request with any secret (`signature_mismatch`)."
);
create_exception!(
    hooksig,
    TimestampOutOfToleranceError,
    WebhookVerificationError,
    "The signed timestamp is outside the tolerance around now (`timestamp_out_of_tolerance`)."
);
create_exception!(
    hooksig,
    BodyHashMismatchError,
    WebhookVerificationError,
    "The body differs from the bodySHA256 the URL was signed with (`body_hash_mismatch`)."
);
create_exception!(
    hooksig,
    InvalidUrlError,
    WebhookVerificationError,
    "The URL cannot be the request's (`invalid_url`)."
);
create_exception!(
    hooksig,
    InvalidBodyError,
    WebhookVerificationError,
    "The body cannot be what the provider sends, or is too large (`invalid_body`)."
);
create_exception!(
    hooksig,
    BodyNotCoveredError,
    WebhookVerificationError,
    "The signature matched but does not cover the body, and unsigned bodies were not allowed \
     (`body_not_covered`)."
);
create_exception!(
    hooksig,
    BodyTooLargeError,
    WebhookVerificationError,
    "The body is larger than the limit in force (`body_too_large`, HTTP 413)."
);
create_exception!(
    hooksig,
    ConfigurationError,
    HooksigError,
    "The verifier cannot be used as asked: unknown provider, unusable secret or argument, or \
     a raw body the framework no longer has.\n\n\
     A programming or configuration error, not a forged request: fix the code. `code` is one \
     of `invalid_secret`, `unknown_provider`, `invalid_argument`, `raw_body_unavailable`."
);
create_exception!(
    hooksig,
    RawBodyUnavailableError,
    ConfigurationError,
    "The framework consumed or parsed the body before verification, so its raw bytes are \
     gone (`raw_body_unavailable`): the message names the fix for the framework at hand."
);

/// Each code with its own class (the other misuse codes raise `ConfigurationError` itself).
fn code_classes(py: Python<'_>) -> [(&'static str, Bound<'_, PyType>); 10] {
    [
        ("missing_header", py.get_type::<MissingHeaderError>()),
        ("malformed_header", py.get_type::<MalformedHeaderError>()),
        (
            "signature_mismatch",
            py.get_type::<SignatureMismatchError>(),
        ),
        (
            "timestamp_out_of_tolerance",
            py.get_type::<TimestampOutOfToleranceError>(),
        ),
        ("body_hash_mismatch", py.get_type::<BodyHashMismatchError>()),
        ("invalid_url", py.get_type::<InvalidUrlError>()),
        ("invalid_body", py.get_type::<InvalidBodyError>()),
        ("body_not_covered", py.get_type::<BodyNotCoveredError>()),
        ("body_too_large", py.get_type::<BodyTooLargeError>()),
        (
            "raw_body_unavailable",
            py.get_type::<RawBodyUnavailableError>(),
        ),
    ]
}

/// The HTTP status an adapter answers `error` with: the core's.
fn status(error: &hooksig::Error) -> u16 {
    error.http_status()
}

/// Adds the classes to the module, each rejection class with its `code` as a class attribute.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let hooksig_error = py.get_type::<HooksigError>();
    hooksig_error.setattr("status", 500)?;
    module.add("HooksigError", hooksig_error)?;
    py.get_type::<WebhookVerificationError>()
        .setattr("status", 401)?;
    py.get_type::<BodyTooLargeError>().setattr("status", 413)?;
    module.add(
        "WebhookVerificationError",
        py.get_type::<WebhookVerificationError>(),
    )?;
    module.add("ConfigurationError", py.get_type::<ConfigurationError>())?;
    for (code, class) in code_classes(py) {
        class.setattr("code", code)?;
        module.add(class.name()?, class)?;
    }
    Ok(())
}

/// The Python exception for a core error: its message, `code` and `header`, never a secret or
/// signature (the core's messages carry neither).
pub(crate) fn to_py(py: Python<'_>, error: &hooksig::Error) -> PyErr {
    let code = error.code();
    let message = error.to_string();
    let err = match code_classes(py).into_iter().find(|(c, _)| *c == code) {
        Some((_, class)) => PyErr::from_type(class, message),
        None if error.is_rejection() => WebhookVerificationError::new_err(message),
        None => ConfigurationError::new_err(message),
    };
    let value = err.value(py);
    let _ = value.setattr("status", status(error));
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did,
    // the class attributes still answer.
    let _ = value.setattr("code", code);
    let _ = value.setattr("header", error.header());
    err
}

/// The core's `raw_body_unavailable` error, as its Python exception (for the adapters).
pub(crate) fn raw_body_unavailable(py: Python<'_>, reason: String) -> PyErr {
    to_py(py, &hooksig::Error::raw_body_unavailable(reason))
}

/// The core's `body_too_large` error, as its Python exception (for the adapters).
pub(crate) fn body_too_large(py: Python<'_>, limit: usize) -> PyErr {
    to_py(py, &hooksig::Error::body_too_large(limit))
}
