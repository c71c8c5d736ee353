//! One Python exception class per core error code.
//!
//! Rejections (the request is not a genuine, fresh delivery) raise a subclass of
//! `WebhookVerificationError`; misuse (unknown provider, unusable secret, bad argument) raises
//! `ConfigurationError`. Both derive from `ValueError`, and every instance carries the core's
//! `code` and, where one is at fault, the `header`.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    hooksig,
    WebhookVerificationError,
    PyValueError,
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
    ConfigurationError,
    PyValueError,
    "The verifier cannot be used as asked: unknown provider, unusable secret or argument.\n\n\
     A programming or configuration error, not a forged request: fix the code. `code` is one \
     of `invalid_secret`, `unknown_provider`, `invalid_argument`."
);

/// Each rejection code with its class, in the core's order.
fn rejection_classes(py: Python<'_>) -> [(&'static str, Bound<'_, PyType>); 7] {
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
    ]
}

/// Adds the classes to the module, each rejection class with its `code` as a class attribute.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add(
        "WebhookVerificationError",
        py.get_type::<WebhookVerificationError>(),
    )?;
    for (code, class) in rejection_classes(py) {
        class.setattr("code", code)?;
        module.add(class.name()?, class)?;
    }
    module.add("ConfigurationError", py.get_type::<ConfigurationError>())
}

/// The Python exception for a core error: its message, `code` and `header`, never a secret or
/// signature (the core's messages carry neither).
pub(crate) fn to_py(py: Python<'_>, error: &hooksig::Error) -> PyErr {
    let code = error.code();
    let message = error.to_string();
    let err = if !error.is_rejection() {
        ConfigurationError::new_err(message)
    } else {
        match rejection_classes(py).into_iter().find(|(c, _)| *c == code) {
            Some((_, class)) => PyErr::from_type(class, message),
            None => WebhookVerificationError::new_err(message),
        }
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did,
    // the class attributes still answer.
    let _ = value.setattr("code", code);
    let _ = value.setattr("header", error.header());
    err
}
