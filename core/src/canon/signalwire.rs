//! SignalWire, all three forms under one provider:
//!
//! - JSON posts (RELAY, SWML, AI agents): `X-SignalWire-Signature` = hex HMAC-SHA1 and/or
//!   `X-SignalWire-Sha256-Signature` = hex HMAC-SHA256, over URL ‖ raw body.
//! - Compatibility form posts (cXML): Twilio's form scheme, base64 HMAC-SHA1, in
//!   `X-SignalWire-Signature` or `X-Twilio-Signature`.
//! - Compatibility JSON: Twilio's `bodySHA256` scheme.
//!
//! Decisions: the JSON forms use the URL exactly as given (no port variants, as the newest
//! SDK); the compatibility forms use Twilio's two port candidates, and repeated form names
//! keep their submission order (a stable sort by name, as the newest SDK). A request is
//! valid when any signature header present matches (the newest SDK's middleware rule). Which
//! form a value is read as follows from its shape: 40 lowercase hex characters, or 28 base64.
//!
//! Which JSON scheme a request verifies under: `signalwire-json` when its SHA-1 header
//! matches, whether or not a SHA-256 header sits beside it (that is what the platform sends,
//! and the SDK checks the SHA-1 header first); `signalwire-json-sha256` only when the SHA-256
//! header alone matches. Signing is the inverse, so that what `sign` reports is what `verify`
//! reports back: `signalwire-json` signs both headers, as the platform does, and
//! `signalwire-json-sha256` signs the SHA-256 header alone. Reporting the stronger match
//! instead would change the scheme and header every existing caller sees for the platform's
//! two-header deliveries; both MACs cover the same URL and body, so neither choice covers more.

use crate::canon::twilio::{self, CompatCheck, SignedContent};
use crate::canon::{Context, label, unlabel};
use crate::encoding::{decode_base64, decode_hex_lower, hex_lower};
use crate::form::Repeated;
use crate::mac::{Algorithm, Digest, Matches, hmac};
use crate::request::SignatureValues;
use crate::url::Url;
use crate::verifier::{SignOptions, Signed};
use crate::{Coverage, Error, Request, Verified};

/// The signature header: hex HMAC-SHA1 (JSON) or base64 HMAC-SHA1 (compatibility).
pub const SIGNATURE_HEADER: &str = "X-SignalWire-Signature";
/// The hex HMAC-SHA256 header that newer platform builds add to JSON posts.
pub const SHA256_SIGNATURE_HEADER: &str = "X-SignalWire-Sha256-Signature";
/// The compatibility API also sends its signature under Twilio's name.
pub const TWILIO_SIGNATURE_HEADER: &str = twilio::SIGNATURE_HEADER;

/// The schemes, in this canonicaliser's numbering.
pub(crate) const SCHEME_IDS: &[&str] = &[
    "signalwire-json",
    "signalwire-json-sha256",
    "signalwire-form",
    "signalwire-body-sha256",
];
const JSON_SHA1_SCHEME: usize = 0;
const JSON_SHA256_SCHEME: usize = 1;
const FORM_SCHEME: usize = 2;
const BODY_SHA256_SCHEME: usize = 3;
/// Every header read.
pub(crate) const HEADER_NAMES: &[&str] = &[
    SIGNATURE_HEADER,
    SHA256_SIGNATURE_HEADER,
    TWILIO_SIGNATURE_HEADER,
    crate::request::CONTENT_TYPE,
];

// Variants, as labels for `Matches`.
const JSON_SHA1: usize = 0;
const JSON_SHA256: usize = 1;
const COMPAT: usize = 2;
const COMPAT_TWILIO_ALIAS: usize = 3;

pub(crate) fn verify(context: &Context<'_>, request: &Request<'_>) -> Result<Verified, Error> {
    let raw_url = request.require_url(context.provider)?;
    let url = Url::parse(raw_url)?;
    let primary = request.signature_values(SIGNATURE_HEADER)?;
    let sha256 = request.signature_values(SHA256_SIGNATURE_HEADER)?;
    let twilio_alias = request.signature_values(TWILIO_SIGNATURE_HEADER)?;
    if primary.values.is_empty() && sha256.values.is_empty() && twilio_alias.values.is_empty() {
        return Err(Error::MissingHeader {
            header: SIGNATURE_HEADER,
            empty: primary.present || sha256.present || twilio_alias.present,
        });
    }

    let json_sha1 = decoded(&primary, |v| decode_hex_lower(v, 20));
    let json_sha256 = decoded(&sha256, |v| decode_hex_lower(v, 32));
    let compat = decoded(&primary, |v| decode_base64(v, 20));
    let compat_alias = decoded(&twilio_alias, |v| decode_base64(v, 20));
    let no_json = json_sha1.is_empty() && json_sha256.is_empty();
    if no_json && compat.is_empty() && compat_alias.is_empty() {
        return Err(Error::malformed(
            first_present(&primary, &sha256),
            "expected 40 lowercase hex characters (JSON), 64 in the SHA-256 header, or the \
             28-character base64 of the compatibility API",
        ));
    }
    // The compatibility scheme may be unable to cover the body (a JSON body without
    // bodySHA256): that rejects the request only when no JSON signature is there to check.
    let signed = if compat.is_empty() && compat_alias.is_empty() {
        None
    } else {
        match SignedContent::of(context.provider, &url, request, Repeated::SubmissionOrder) {
            Ok(signed) => Some(signed),
            Err(err) if no_json => return Err(err),
            Err(_) => None,
        }
    };

    let body = request.body_bytes();
    let mut json = Matches::new();
    let mut compat_check = signed.as_ref().map(|signed| CompatCheck::new(&url, signed));
    for (index, key) in context.keys.iter().enumerate() {
        if !json_sha1.is_empty() {
            let computed = hmac(key, Algorithm::HmacSha1, &[raw_url.as_bytes(), body]);
            json.record_all(&computed, &json_sha1, label(index, JSON_SHA1));
        }
        if !json_sha256.is_empty() {
            let computed = hmac(key, Algorithm::HmacSha256, &[raw_url.as_bytes(), body]);
            json.record_all(&computed, &json_sha256, label(index, JSON_SHA256));
        }
        if let Some(check) = compat_check.as_mut() {
            check.record(key, Algorithm::HmacSha1, &compat, label(index, COMPAT));
            check.record(
                key,
                Algorithm::HmacSha1,
                &compat_alias,
                label(index, COMPAT_TWILIO_ALIAS),
            );
        }
    }

    let accepted = json
        .first()
        .or_else(|| compat_check.as_ref().and_then(CompatCheck::accepted));
    let Some(accepted) = accepted else {
        if compat_check
            .as_ref()
            .is_some_and(CompatCheck::signature_matched)
        {
            return Err(Error::BodyHashMismatch);
        }
        let mut checked = Vec::new();
        if !no_json {
            checked.push(raw_url.to_owned());
        }
        if let Some(check) = &compat_check {
            checked.extend(check.checked_urls().into_iter().filter(|u| u != raw_url));
        }
        return Err(Error::SignatureMismatch {
            header: if json_sha1.is_empty() && !json_sha256.is_empty() {
                SHA256_SIGNATURE_HEADER
            } else {
                SIGNATURE_HEADER
            },
            checked,
        });
    };
    let (secret_index, variant) = unlabel(accepted);
    let header = match variant {
        JSON_SHA256 => SHA256_SIGNATURE_HEADER,
        COMPAT_TWILIO_ALIAS => TWILIO_SIGNATURE_HEADER,
        _ => SIGNATURE_HEADER,
    };
    let scheme = match variant {
        JSON_SHA1 => JSON_SHA1_SCHEME,
        JSON_SHA256 => JSON_SHA256_SCHEME,
        _ if signed.as_ref().is_some_and(SignedContent::is_body_hash) => BODY_SHA256_SCHEME,
        _ => FORM_SCHEME,
    };
    Ok(Verified {
        provider: context.provider,
        scheme: context.scheme(scheme),
        header,
        secret_index,
        timestamp: None,
        covers: Coverage {
            body: true,
            url: true,
            timestamp: false,
        },
    })
}

pub(crate) fn sign(
    context: &Context<'_>,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    let scheme = match options.scheme {
        Some(scheme) => scheme.index(),
        None if request.is_form() => FORM_SCHEME,
        None => JSON_SHA1_SCHEME,
    };
    if matches!(scheme, JSON_SHA1_SCHEME | JSON_SHA256_SCHEME) {
        let url = request.require_url(context.provider)?;
        Url::parse(url)?;
        let key = context.signing_key()?;
        let parts = [url.as_bytes(), request.body_bytes()];
        let sha256 = (
            SHA256_SIGNATURE_HEADER,
            hex_lower(hmac(key, Algorithm::HmacSha256, &parts).as_slice()),
        );
        // What verify reports as `scheme` (see the module's Decisions): both headers, as the
        // platform sends them, for the SHA-1 scheme; the SHA-256 header alone for its own.
        let headers = if scheme == JSON_SHA1_SCHEME {
            let sha1 = hex_lower(hmac(key, Algorithm::HmacSha1, &parts).as_slice());
            vec![(SIGNATURE_HEADER, sha1), sha256]
        } else {
            vec![sha256]
        };
        return Ok(Signed {
            scheme: context.scheme(scheme),
            headers,
            url: None,
        });
    }
    let (body_hash, signature, url) = twilio::sign_compat(
        context,
        request,
        Some(scheme == BODY_SHA256_SCHEME),
        Algorithm::HmacSha1,
        Repeated::SubmissionOrder,
    )?;
    Ok(Signed {
        scheme: context.scheme(if body_hash {
            BODY_SHA256_SCHEME
        } else {
            FORM_SCHEME
        }),
        headers: vec![(SIGNATURE_HEADER, signature)],
        url,
    })
}

fn decoded(values: &SignatureValues<'_>, decode: impl Fn(&[u8]) -> Option<Digest>) -> Vec<Digest> {
    values.values.iter().filter_map(|v| decode(v)).collect()
}

fn first_present(primary: &SignatureValues<'_>, sha256: &SignatureValues<'_>) -> &'static str {
    if !primary.values.is_empty() {
        SIGNATURE_HEADER
    } else if !sha256.values.is_empty() {
        SHA256_SIGNATURE_HEADER
    } else {
        TWILIO_SIGNATURE_HEADER
    }
}
