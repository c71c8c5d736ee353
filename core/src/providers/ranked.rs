//! Ranked AI: `X-Webhook-Signature: sha256=<hex HMAC-SHA256(key, body)>`, with an unsigned
//! `X-Webhook-Timestamp` in Unix seconds.
//!
//! Decisions: the key is the whole `whsec_…` string (as the docs' sample uses it); the
//! signature must be exactly `sha256=` + 64 lowercase hex; the timestamp must lie within
//! ±300 s of now, inclusive. The timestamp is not signed, so [`Coverage::timestamp`] is false:
//! the window stops only naive replays.

use crate::encoding::{decode_hex_lower, hex_lower};
use crate::mac::{Algorithm, Matches, hmac};
use crate::providers::{Context, label, unlabel};
use crate::verifier::Signed;
use crate::{Coverage, Error, Provider, Request, Scheme, Verified, window};

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Webhook-Signature";
/// The (unsigned) timestamp header, Unix seconds.
pub const TIMESTAMP_HEADER: &str = "X-Webhook-Timestamp";

pub(crate) fn verify(context: &Context<'_>, request: &Request<'_>) -> Result<Verified, Error> {
    let signature = request.required_value(SIGNATURE_HEADER)?;
    let digest = signature
        .strip_prefix(b"sha256=")
        .and_then(|hex| decode_hex_lower(hex, 32))
        .ok_or_else(|| {
            Error::malformed(
                SIGNATURE_HEADER,
                "expected sha256= followed by 64 lowercase hex characters",
            )
        })?;
    let seconds = window::parse_digits(request.required_value(TIMESTAMP_HEADER)?)
        .ok_or_else(|| Error::malformed(TIMESTAMP_HEADER, "expected Unix seconds (digits only)"))?;
    let timestamp_ms = seconds.saturating_mul(1000);
    window::check(
        TIMESTAMP_HEADER,
        timestamp_ms,
        context.now_ms,
        context.tolerance_ms,
    )?;

    let mut matches = Matches::new();
    for (index, key) in context.keys.iter().enumerate() {
        let computed = hmac(key, Algorithm::Sha256, &[request.body_bytes()]);
        matches.record_all(&computed, &[digest], label(index, 0));
    }
    let (secret_index, _) = unlabel(matches.first().ok_or(Error::SignatureMismatch {
        header: SIGNATURE_HEADER,
        checked: Vec::new(),
    })?);
    Ok(Verified {
        provider: Provider::Ranked,
        scheme: Scheme::Ranked,
        header: SIGNATURE_HEADER,
        secret_index,
        timestamp: window::system_time(timestamp_ms),
        covers: Coverage {
            body: true,
            url: false,
            timestamp: false,
        },
    })
}

pub(crate) fn sign(context: &Context<'_>, request: &Request<'_>) -> Result<Signed, Error> {
    let digest = hmac(
        context.signing_key()?,
        Algorithm::Sha256,
        &[request.body_bytes()],
    );
    Ok(Signed {
        scheme: Scheme::Ranked,
        headers: vec![
            (
                SIGNATURE_HEADER,
                format!("sha256={}", hex_lower(digest.as_slice())),
            ),
            (TIMESTAMP_HEADER, (context.now_ms / 1000).to_string()),
        ],
        url: None,
    })
}
