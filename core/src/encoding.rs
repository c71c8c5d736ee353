//! Strict decoding of the signatures found in headers, and encoding for signing.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::mac::Digest;

/// Lowercase hex of exactly `len` bytes; uppercase, odd lengths and other lengths are `None`.
pub(crate) fn decode_hex_lower(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != len * 2 {
        return None;
    }
    let mut buf = [0u8; 32];
    let out = base16ct::lower::decode(text, buf.get_mut(..len)?).ok()?;
    Digest::from_slice(out)
}

/// Canonical padded base64 of exactly `len` bytes.
pub(crate) fn decode_base64(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != len.div_ceil(3) * 4 {
        return None;
    }
    let mut buf = [0u8; 33];
    let written = STANDARD.decode_slice(text, &mut buf).ok()?;
    (written == len).then(|| Digest::from_slice(buf.get(..len)?))?
}

/// Lowercase hex.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Padded standard base64.
pub(crate) fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}
