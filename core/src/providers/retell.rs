//! Retell AI: `X-Retell-Signature: v=<unix ms>,d=<hex HMAC-SHA256(key, body ‖ v)>`.
//!
//! Decisions: the header must be exactly `v=<digits>,d=<64 lowercase hex>` (the Python SDK's
//! rule; the Node SDK also takes uppercase); the MAC input uses the integer value of `v`, so
//! leading zeros are tolerated; the window is ±300 000 ms, inclusive, like both SDKs.

use crate::encoding::{decode_hex_lower, hex_lower};
use crate::mac::{Algorithm, Matches, hmac};
use crate::providers::{Context, label, unlabel};
use crate::verifier::Signed;
use crate::{Coverage, Error, Provider, Request, Scheme, Verified, window};

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Retell-Signature";

const SHAPE: &str = "expected v=<unix milliseconds>,d=<64 lowercase hex characters>";

pub(crate) fn verify(context: &Context<'_>, request: &Request<'_>) -> Result<Verified, Error> {
    let value = request.required_value(SIGNATURE_HEADER)?;
    let (digits, digest) = parse(value)?;
    let timestamp_ms = window::parse_digits(digits).unwrap_or(i128::MAX);
    window::check(
        SIGNATURE_HEADER,
        timestamp_ms,
        context.now_ms,
        context.tolerance_ms,
    )?;

    let signed_timestamp = canonical_digits(digits);
    let body = request.body_bytes();
    let mut matches = Matches::new();
    for (index, key) in context.keys.iter().enumerate() {
        let computed = hmac(key, Algorithm::Sha256, &[body, signed_timestamp]);
        matches.record_all(&computed, &[digest], label(index, 0));
    }
    let (secret_index, _) = unlabel(matches.first().ok_or(Error::SignatureMismatch {
        header: SIGNATURE_HEADER,
        checked: Vec::new(),
    })?);
    Ok(Verified {
        provider: Provider::Retell,
        scheme: Scheme::Retell,
        header: SIGNATURE_HEADER,
        secret_index,
        timestamp: window::system_time(timestamp_ms),
        covers: Coverage {
            body: true,
            url: false,
            timestamp: true,
        },
    })
}

pub(crate) fn sign(context: &Context<'_>, request: &Request<'_>) -> Result<Signed, Error> {
    let timestamp = context.now_ms.to_string();
    let digest = hmac(
        context.signing_key()?,
        Algorithm::Sha256,
        &[request.body_bytes(), timestamp.as_bytes()],
    );
    Ok(Signed {
        scheme: Scheme::Retell,
        headers: vec![(
            SIGNATURE_HEADER,
            format!("v={timestamp},d={}", hex_lower(digest.as_slice())),
        )],
        url: None,
    })
}

/// Splits `v=<digits>,d=<hex>` into the digits and the decoded digest.
fn parse(value: &[u8]) -> Result<(&[u8], crate::mac::Digest), Error> {
    let malformed = || Error::malformed(SIGNATURE_HEADER, SHAPE);
    let rest = value.strip_prefix(b"v=").ok_or_else(malformed)?;
    let comma = rest.iter().position(|&b| b == b',').ok_or_else(malformed)?;
    let (digits, rest) = rest.split_at(comma);
    let hex = rest.strip_prefix(b",d=").ok_or_else(malformed)?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(malformed());
    }
    let digest = decode_hex_lower(hex, 32).ok_or_else(malformed)?;
    Ok((digits, digest))
}

/// The decimal of the integer the digits spell: leading zeros dropped, `0` kept.
fn canonical_digits(digits: &[u8]) -> &[u8] {
    let first_significant = digits
        .iter()
        .position(|&b| b != b'0')
        .unwrap_or(digits.len().saturating_sub(1));
    digits.get(first_significant..).unwrap_or(b"0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_digits_drop_leading_zeros() {
        assert_eq!(canonical_digits(b"000123"), b"123");
        assert_eq!(canonical_digits(b"0000"), b"0");
        assert_eq!(canonical_digits(b"7"), b"7");
    }

    #[test]
    fn parse_is_strict() {
        let hex = "a".repeat(64);
        assert!(parse(format!("v=1,d={hex}").as_bytes()).is_ok());
        for bad in [
            format!("v=1,d={}", "A".repeat(64)),
            format!("d={hex},v=1"),
            format!("v=1, d={hex}"),
            format!("v=,d={hex}"),
            format!("v=1,d={hex},x=1"),
            format!("v=-1,d={hex}"),
            format!("v=1,d={}", "a".repeat(63)),
        ] {
            assert_eq!(
                parse(bad.as_bytes()).unwrap_err().code(),
                "malformed_header",
                "{bad}"
            );
        }
    }
}
