//! Python objects in, borrowed Rust views out: no body is copied, no decision is made.

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

/// Bytes borrowed from a Python object (or, for secrets given as `bytearray`, copied).
pub(crate) enum Bytes<'py> {
    ByteString(Bound<'py, PyBytes>),
    Str(Bound<'py, PyString>),
    Buffer(PyBuffer<u8>),
    Owned(Vec<u8>),
}

impl Bytes<'_> {
    pub(crate) fn as_slice(&self) -> PyResult<&[u8]> {
        Ok(match self {
            Bytes::ByteString(bytes) => bytes.as_bytes(),
            Bytes::Str(text) => text.to_str()?.as_bytes(),
            Bytes::Buffer(buffer) => buffer_slice(buffer),
            Bytes::Owned(bytes) => bytes,
        })
    }

    /// `true` when no Python code can change the bytes while the GIL is released.
    pub(crate) fn is_immutable(&self) -> bool {
        match self {
            Bytes::ByteString(_) | Bytes::Str(_) | Bytes::Owned(_) => true,
            Bytes::Buffer(buffer) => buffer.readonly(),
        }
    }
}

#[allow(unsafe_code)]
fn buffer_slice(buffer: &PyBuffer<u8>) -> &[u8] {
    // SAFETY: `body` only builds a `Buffer` for a C-contiguous buffer of `u8` items, so
    // `buf_ptr` points to `len_bytes` initialised bytes, and they stay valid while `buffer`
    // holds the export (the exporter cannot resize or free them). The slice does not outlive
    // `buffer`. A writable buffer is read with the GIL held (see `Bytes::is_immutable`), so
    // no Python code runs and changes it meanwhile.
    unsafe { std::slice::from_raw_parts(buffer.buf_ptr().cast::<u8>(), buffer.len_bytes()) }
}

/// The raw body: `bytes`, `bytearray`, `memoryview` or any C-contiguous byte buffer, borrowed;
/// or `str`, as UTF-8.
pub(crate) fn body<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bytes<'py>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Bytes::ByteString(bytes.clone()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Bytes::Str(text.clone()));
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() || value.is_none() {
        return Err(PyTypeError::new_err(format!(
            "body must be the raw request body (bytes or str), not {}: the signature covers \
             the exact bytes received, which parsed JSON or form data no longer has. Read it \
             with `await request.body()` (FastAPI/Starlette), `request.get_data()` (Flask) or \
             `request.body` (Django)",
            type_name(value)
        )));
    }
    match PyBuffer::<u8>::get(value) {
        Ok(buffer) if buffer.is_c_contiguous() => Ok(Bytes::Buffer(buffer)),
        Ok(_) => Err(PyTypeError::new_err(
            "body must be a contiguous buffer; pass bytes(body)",
        )),
        Err(_) => Err(PyTypeError::new_err(format!(
            "body must be bytes, bytearray, memoryview or str, not {}",
            type_name(value)
        ))),
    }
}

/// One secret or a sequence of them (a rotation): each `str` (UTF-8) or bytes-like.
pub(crate) fn secrets<'py>(value: &Bound<'py, PyAny>) -> PyResult<Vec<Bytes<'py>>> {
    if let Some(secret) = secret(value)? {
        return Ok(vec![secret]);
    }
    let message = || {
        PyTypeError::new_err(format!(
            "secret must be a str, bytes or a list of them (a rotation), not {}",
            type_name(value)
        ))
    };
    // Any sequence (list, tuple, collections.abc.Sequence): ordered, so the index of the
    // matching secret means something.
    if value.cast::<pyo3::types::PySequence>().is_err() {
        return Err(message());
    }
    let mut all = Vec::new();
    for item in value.try_iter()? {
        let item = item?;
        all.push(secret(&item)?.ok_or_else(|| {
            PyTypeError::new_err(format!(
                "each secret must be a str or bytes, not {}",
                type_name(&item)
            ))
        })?);
        if all.len() > hooksig::limits::MAX_SECRETS {
            break; // the core names the limit
        }
    }
    Ok(all)
}

fn secret<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Bytes<'py>>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        Ok(Some(Bytes::ByteString(bytes.clone())))
    } else if let Ok(text) = value.cast::<PyString>() {
        Ok(Some(Bytes::Str(text.clone())))
    } else if value.is_instance_of::<pyo3::types::PyByteArray>() {
        Ok(Some(Bytes::Owned(value.extract::<Vec<u8>>()?)))
    } else {
        Ok(None)
    }
}

/// A header name and value, each `str` or `bytes`, kept alive for the borrow.
pub(crate) struct Header<'py> {
    name: Bound<'py, PyAny>,
    value: Bytes<'py>,
}

/// Headers from a mapping (`dict`, Starlette `Headers`, Werkzeug `EnvironHeaders`, Django
/// `HttpHeaders`, anything with `items()`) or an iterable of `(name, value)` pairs. A value
/// that is a list or tuple stands for a repeated header. Only the headers named in `wanted` are
/// kept (the ones verification reads).
pub(crate) fn headers<'py>(
    value: &Bound<'py, PyAny>,
    wanted: &[&str],
) -> PyResult<Vec<Header<'py>>> {
    if value.is_none() {
        return Ok(Vec::new());
    }
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(headers_type_error(value));
    }
    let mut headers = Vec::new();
    // A dict is walked directly, without `.items()` and a tuple per header.
    if let Ok(dict) = value.cast::<PyDict>() {
        for (name, item) in dict.iter() {
            add_header(&mut headers, name, &item, wanted)?;
        }
        return Ok(headers);
    }
    let pairs = if value.hasattr(pyo3::intern!(value.py(), "items"))? {
        value.call_method0(pyo3::intern!(value.py(), "items"))?
    } else {
        value.clone()
    };
    let iter = pairs.try_iter().map_err(|_| headers_type_error(value))?;
    for pair in iter {
        let (name, item) = header_pair(&pair?)?;
        add_header(&mut headers, name, &item, wanted)?;
    }
    Ok(headers)
}

/// Adds `name`'s value (or each of a list of values) when `name` is one of `wanted` (any
/// case): the others are never converted, which took a third of a verify with a
/// framework's usual dozen headers.
fn add_header<'py>(
    headers: &mut Vec<Header<'py>>,
    name: Bound<'py, PyAny>,
    item: &Bound<'py, PyAny>,
    wanted: &[&str],
) -> PyResult<()> {
    let is_wanted = |name: &[u8]| {
        wanted
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(name))
    };
    let read = if let Ok(text) = name.cast::<PyString>() {
        text.to_str().is_ok_and(|text| is_wanted(text.as_bytes()))
    } else if let Ok(bytes) = name.cast::<PyBytes>() {
        is_wanted(bytes.as_bytes())
    } else {
        return Err(PyTypeError::new_err(format!(
            "a header name must be str or bytes, not {}",
            type_name(&name)
        )));
    };
    if !read {
        return Ok(());
    }
    if item.is_instance_of::<PyList>() || item.is_instance_of::<PyTuple>() {
        for each in item.try_iter()? {
            let value = header_value(&each?)?;
            headers.push(Header {
                name: name.clone(),
                value,
            });
        }
    } else {
        let value = header_value(item)?;
        headers.push(Header { name, value });
    }
    Ok(())
}

/// A `(name, value)` tuple or a two-item list (as JSON gives them).
fn header_pair<'py>(pair: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let items = if let Ok(tuple) = pair.cast::<PyTuple>() {
        (tuple.len() == 2).then(|| (tuple.get_item(0), tuple.get_item(1)))
    } else if let Ok(list) = pair.cast::<PyList>() {
        (list.len() == 2).then(|| (list.get_item(0), list.get_item(1)))
    } else {
        None
    };
    match items {
        Some((Ok(name), Ok(value))) => Ok((name, value)),
        _ => Err(PyTypeError::new_err(format!(
            "headers must yield (name, value) pairs, got {}",
            type_name(pair)
        ))),
    }
}

fn header_value<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bytes<'py>> {
    if let Ok(text) = value.cast::<PyString>() {
        if text.to_str().is_ok() {
            return Ok(Bytes::Str(text.clone()));
        }
        // Lone surrogates (a header decoded with surrogateescape): keep them as the bytes they
        // stand for, which the core refuses as a malformed header rather than a crash.
        let bytes = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
        Ok(Bytes::Owned(bytes.extract()?))
    } else if let Ok(bytes) = value.cast::<PyBytes>() {
        Ok(Bytes::ByteString(bytes.clone()))
    } else {
        Err(PyTypeError::new_err(format!(
            "a header value must be str or bytes, not {}",
            type_name(value)
        )))
    }
}

fn headers_type_error(value: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "headers must be a mapping or an iterable of (name, value) pairs, not {}",
        type_name(value)
    ))
}

/// `(name, value)` views of `headers`, for `hooksig::Request::headers`. Header names that are
/// not UTF-8 cannot be any provider's, so they are left out.
pub(crate) fn header_views<'a>(headers: &'a [Header<'_>]) -> PyResult<Vec<(&'a str, &'a [u8])>> {
    let mut views = Vec::with_capacity(headers.len());
    for header in headers {
        let name = if let Ok(text) = header.name.cast::<PyString>() {
            text.to_str().ok()
        } else if let Ok(bytes) = header.name.cast::<PyBytes>() {
            std::str::from_utf8(bytes.as_bytes()).ok()
        } else {
            None
        };
        if let Some(name) = name {
            views.push((name, header.value.as_slice()?));
        }
    }
    Ok(views)
}

/// A tolerance in seconds, or a `datetime.timedelta`.
pub(crate) fn tolerance(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.hasattr(pyo3::intern!(value.py(), "total_seconds"))? {
        return value.call_method0("total_seconds")?.extract().map(Some);
    }
    value.extract().map(Some).map_err(|_| {
        PyTypeError::new_err(format!(
            "tolerance must be seconds (a number) or a timedelta, not {}",
            type_name(value)
        ))
    })
}

/// `now`: Unix seconds (any real number) or an aware `datetime`. A naive `datetime` is
/// refused: its zone is unknown, and guessing one shifts the tolerance window by hours.
pub(crate) fn now(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(seconds) = value.extract::<f64>() {
        return Ok(Some(seconds));
    }
    let py = value.py();
    let datetime = py
        .import(pyo3::intern!(py, "datetime"))?
        .getattr(pyo3::intern!(py, "datetime"))?;
    if value.is_instance(&datetime)? {
        if value
            .call_method0(pyo3::intern!(py, "utcoffset"))?
            .is_none()
        {
            return Err(PyTypeError::new_err(
                "now must be Unix seconds or an aware datetime, not a naive datetime (its time \
                 zone is unknown): pass datetime.now(timezone.utc) or attach a tzinfo",
            ));
        }
        return value
            .call_method0(pyo3::intern!(py, "timestamp"))?
            .extract()
            .map(Some);
    }
    Err(PyTypeError::new_err(format!(
        "now must be Unix seconds (a number) or an aware datetime, not {}",
        type_name(value)
    )))
}

/// A `str` (as UTF-8) or bytes-like argument named `what`.
pub(crate) fn text_or_bytes<'py>(value: &Bound<'py, PyAny>, what: &str) -> PyResult<Bytes<'py>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Bytes::Str(text.clone()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Bytes::ByteString(bytes.clone()));
    }
    if value.is_instance_of::<pyo3::types::PyByteArray>() {
        return Ok(Bytes::Owned(value.extract::<Vec<u8>>()?));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be str or bytes, not {}",
        type_name(value)
    )))
}

pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .qualname()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}
