//! Strict decoding of the signatures found in headers, and encoding for signing.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::mac::{Digest, MAX_LEN};
use crate::spec::Encoding;

/// Lowercase hex of exactly `len` bytes; uppercase, odd lengths and other lengths are `None`.
pub(crate) fn decode_hex_lower(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != len * 2 {
        return None;
    }
    let mut buf = [0u8; MAX_LEN];
    let out = base16ct::lower::decode(text, buf.get_mut(..len)?).ok()?;
    Digest::from_slice(out)
}

/// Hex in either case (not mixed within a pair is not required) of exactly `len` bytes.
fn decode_hex_any(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != len * 2 {
        return None;
    }
    let mut buf = [0u8; MAX_LEN];
    let out = base16ct::mixed::decode(text, buf.get_mut(..len)?).ok()?;
    Digest::from_slice(out)
}

/// Canonical padded base64 of exactly `len` bytes.
pub(crate) fn decode_base64(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != len.div_ceil(3) * 4 {
        return None;
    }
    let mut buf = [0u8; MAX_LEN + 3];
    let written = STANDARD.decode_slice(text, &mut buf).ok()?;
    (written == len).then(|| Digest::from_slice(buf.get(..len)?))?
}

/// Canonical unpadded URL-safe base64 of exactly `len` bytes.
fn decode_base64url(text: &[u8], len: usize) -> Option<Digest> {
    if text.len() != (len * 4).div_ceil(3) {
        return None;
    }
    let mut buf = [0u8; MAX_LEN + 3];
    let written = URL_SAFE_NO_PAD.decode_slice(text, &mut buf).ok()?;
    (written == len).then(|| Digest::from_slice(buf.get(..len)?))?
}

/// `text` as a signature of `len` bytes in `encoding`; `None` when it is not one.
pub(crate) fn decode(encoding: Encoding, text: &[u8], len: usize) -> Option<Digest> {
    match encoding {
        Encoding::Hex => decode_hex_lower(text, len),
        Encoding::HexAnyCase => decode_hex_any(text, len),
        Encoding::Base64 => decode_base64(text, len),
        Encoding::Base64Url => decode_base64url(text, len),
    }
}

/// `bytes` in `encoding` (hex in lowercase).
pub(crate) fn encode(encoding: Encoding, bytes: &[u8]) -> String {
    match encoding {
        Encoding::Hex | Encoding::HexAnyCase => hex_lower(bytes),
        Encoding::Base64 => base64(bytes),
        Encoding::Base64Url => URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// What a signature in `encoding` of `len` bytes looks like, for error messages.
pub(crate) fn describe(encoding: Encoding, len: usize) -> String {
    match encoding {
        Encoding::Hex => format!("{} lowercase hex characters", len * 2),
        Encoding::HexAnyCase => format!("{} hex characters", len * 2),
        Encoding::Base64 => format!(
            "the base64 of {len} bytes ({} characters)",
            len.div_ceil(3) * 4
        ),
        Encoding::Base64Url => format!(
            "the unpadded base64url of {len} bytes ({} characters)",
            (len * 4).div_ceil(3)
        ),
    }
}

/// Lowercase hex.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Padded standard base64.
pub(crate) fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips_every_length() {
        for len in [20, 32, 64] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            for encoding in [
                Encoding::Hex,
                Encoding::HexAnyCase,
                Encoding::Base64,
                Encoding::Base64Url,
            ] {
                let text = encode(encoding, &bytes);
                let digest = decode(encoding, text.as_bytes(), len).unwrap();
                assert_eq!(digest.as_slice(), &bytes[..]);
                assert!(decode(encoding, text.as_bytes(), len - 1).is_none());
            }
        }
        assert!(decode(Encoding::Hex, "AB".repeat(20).as_bytes(), 20).is_none());
        assert!(decode(Encoding::HexAnyCase, "AB".repeat(20).as_bytes(), 20).is_some());
    }
}
