//! One Python exception class per core error code, built from the core's code list.
//!
//! Rejections (the request is not a genuine, fresh delivery) raise a subclass of
//! `WebhookVerificationError`; misuse (unknown provider, unusable secret or scheme, bad
//! argument, a raw body the framework no longer has) raises a subclass of `ConfigurationError`.
//! Both families derive from `HooksigError`, a `ValueError`, and every instance carries the
//! core's `code`, its HTTP `status` and, where one is at fault, the `header`.
//!
//! The three family roots are fixed; the per-code classes are made at import from
//! [`hooksig::ErrorCode::ALL`] (`missing_header` -> `MissingHeaderError`), so a code the core
//! adds gets its class without an edit here.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

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
    ConfigurationError,
    HooksigError,
    "The verifier cannot be used as asked: unknown provider, unusable secret, scheme or \
     argument, or a raw body the framework no longer has.\n\n\
     A programming or configuration error, not a forged request: fix the code. Each misuse \
     code has its subclass (`InvalidSchemeError` for `invalid_scheme`, ...)."
);

/// The class of each code, in the core's order, made once.
static CLASSES: PyOnceLock<Vec<(hooksig::ErrorCode, Py<PyType>)>> = PyOnceLock::new();

/// `missing_header` -> `MissingHeaderError`.
fn class_name(code: &str) -> String {
    let mut name: String = code
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    name.push_str("Error");
    name
}

fn classes(py: Python<'_>) -> PyResult<&Vec<(hooksig::ErrorCode, Py<PyType>)>> {
    CLASSES.get_or_try_init(py, || {
        let make_type = py.get_type::<PyType>();
        hooksig::ErrorCode::ALL
            .iter()
            .map(|&code| {
                let base = if code.is_rejection() {
                    py.get_type::<WebhookVerificationError>()
                } else {
                    py.get_type::<ConfigurationError>()
                };
                let namespace = PyDict::new(py);
                namespace.set_item("__module__", "hooksig")?;
                namespace.set_item(
                    "__doc__",
                    format!(
                        "{} (`{}`, HTTP {}).",
                        capitalised(code.summary()),
                        code.as_str(),
                        code.http_status()
                    ),
                )?;
                namespace.set_item("code", code.as_str())?;
                namespace.set_item("status", code.http_status())?;
                let class = make_type
                    .call1((
                        class_name(code.as_str()),
                        PyTuple::new(py, [base])?,
                        namespace,
                    ))?
                    .cast_into::<PyType>()?;
                Ok((code, class.unbind()))
            })
            .collect()
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Adds the classes to the module: the three roots, then one per code.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let hooksig_error = py.get_type::<HooksigError>();
    hooksig_error.setattr("status", 500)?;
    hooksig_error.setattr("header", py.None())?;
    module.add("HooksigError", hooksig_error)?;
    py.get_type::<WebhookVerificationError>()
        .setattr("status", 401)?;
    module.add(
        "WebhookVerificationError",
        py.get_type::<WebhookVerificationError>(),
    )?;
    module.add("ConfigurationError", py.get_type::<ConfigurationError>())?;
    for (_, class) in classes(py)? {
        let class = class.bind(py);
        module.add(class.name()?, class)?;
    }
    Ok(())
}

/// The Python exception for a core error: its message, `code` and `header`, never a secret or
/// signature (the core's messages carry neither).
pub(crate) fn to_py(py: Python<'_>, error: &hooksig::Error) -> PyErr {
    let code = error.kind();
    let message = error.to_string();
    let class = classes(py)
        .ok()
        .and_then(|all| all.iter().find(|(c, _)| *c == code))
        .map(|(_, class)| class.bind(py).clone());
    let err = match class {
        Some(class) => PyErr::from_type(class, message),
        // Only if the classes could not be made (they are made at import).
        None if error.is_rejection() => WebhookVerificationError::new_err(message),
        None => ConfigurationError::new_err(message),
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did,
    // the class attributes still answer.
    let _ = value.setattr("status", error.http_status());
    let _ = value.setattr("code", code.as_str());
    let _ = value.setattr("header", error.header());
    if let hooksig::Error::InvalidScheme { field, .. } = error {
        let _ = value.setattr("field", field.as_str());
    }
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

/// A spec that could not be turned into JSON (a value `json.dumps` refuses), as the core's
/// `invalid_scheme` error.
pub(crate) fn invalid_spec(reason: String) -> hooksig::Error {
    hooksig::Error::InvalidScheme {
        field: "spec".to_owned(),
        reason,
    }
}
