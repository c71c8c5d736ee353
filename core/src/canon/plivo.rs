//! Plivo, both families under one provider, chosen by the headers present (V3 first):
//!
//! - V2 (messaging): `X-Plivo-Signature-V2` = base64(HMAC-SHA256(token, scheme://host/path ‖
//!   nonce)). The query and the body are not covered.
//! - V3 (voice): `X-Plivo-Signature-V3` = base64(HMAC-SHA256(token, canonical ‖ "." ‖ nonce)),
//!   where canonical is the URL without query, then `?` and the decoded query sorted as
//!   `k=v&…`, then for a POST with params `.` (if there was a query) and the params sorted as
//!   `kv…`. The header may list several signatures separated by commas.
//!
//! Decisions: no port normalisation (neither SDK has one); V3 headers are split on `,`
//! without trimming, V2 headers are compared whole; the `-Ma-` header (signed with the main
//! account's token) is checked too, and the request is valid when either matches. A body
//! the scheme does not sign is accepted but reported: [`Coverage::body`] is false.

use crate::canon::{Context, label, unlabel};
use crate::encoding::{base64, decode_base64};
use crate::form::{self, Pair, Repeated};
use crate::mac::{Algorithm, Digest, Matches, hmac, sha256};
use crate::request::too_many;
use crate::url::{Url, parse_query};
use crate::verifier::{SignOptions, Signed};
use crate::{Coverage, Error, Request, Verified};

use crate::limits::MAX_SIGNATURE_CANDIDATES;

/// V3 signature header (the account or subaccount's token).
pub const V3_SIGNATURE_HEADER: &str = "X-Plivo-Signature-V3";
/// V3 signature header made with the main account's token.
pub const V3_MA_SIGNATURE_HEADER: &str = "X-Plivo-Signature-Ma-V3";
/// V3 nonce header.
pub const V3_NONCE_HEADER: &str = "X-Plivo-Signature-V3-Nonce";
/// V2 signature header (the account or subaccount's token).
pub const V2_SIGNATURE_HEADER: &str = "X-Plivo-Signature-V2";
/// V2 signature header made with the main account's token.
pub const V2_MA_SIGNATURE_HEADER: &str = "X-Plivo-Signature-Ma-V2";
/// V2 nonce header.
pub const V2_NONCE_HEADER: &str = "X-Plivo-Signature-V2-Nonce";

/// The schemes, in this canonicaliser's numbering.
pub(crate) const SCHEME_IDS: &[&str] = &["plivo-v3", "plivo-v2"];
const V3_SCHEME: usize = 0;
const V2_SCHEME: usize = 1;
/// Every header read.
pub(crate) const HEADER_NAMES: &[&str] = &[
    V3_SIGNATURE_HEADER,
    V3_MA_SIGNATURE_HEADER,
    V3_NONCE_HEADER,
    V2_SIGNATURE_HEADER,
    V2_MA_SIGNATURE_HEADER,
    V2_NONCE_HEADER,
    crate::request::CONTENT_TYPE,
];

/// One family's header names.
struct Family {
    scheme: usize,
    headers: [&'static str; 2],
    nonce: &'static str,
}

impl Family {
    fn header(&self, index: usize) -> &'static str {
        let [plain, main_account] = self.headers;
        if index == 0 { plain } else { main_account }
    }
}

/// Signature header values, each with the index of the family header it came from.
type Values<'a> = Vec<(usize, &'a [u8])>;

const V3: Family = Family {
    scheme: V3_SCHEME,
    headers: [V3_SIGNATURE_HEADER, V3_MA_SIGNATURE_HEADER],
    nonce: V3_NONCE_HEADER,
};
const V2: Family = Family {
    scheme: V2_SCHEME,
    headers: [V2_SIGNATURE_HEADER, V2_MA_SIGNATURE_HEADER],
    nonce: V2_NONCE_HEADER,
};

pub(crate) fn verify(context: &Context<'_>, request: &Request<'_>) -> Result<Verified, Error> {
    let url = Url::parse(request.require_url(context.provider)?)?;
    let (family, values) = match signature_values(request, &V3)? {
        (v3, _) if !v3.is_empty() => (V3, v3),
        (_, v3_present) => match signature_values(request, &V2)? {
            (v2, _) if !v2.is_empty() => (V2, v2),
            (_, v2_present) => {
                return Err(Error::MissingHeader {
                    header: V3_SIGNATURE_HEADER,
                    empty: v3_present || v2_present,
                });
            }
        },
    };
    let nonce = request.required_value(family.nonce)?;

    // Every candidate signature (V3: every comma-separated part), with its header's index.
    let split = family.scheme == V3_SCHEME;
    let mut presented: Vec<(usize, Digest)> = Vec::new();
    for (header_index, value) in values {
        for part in value.split(|&b| split && b == b',') {
            if presented.len() == MAX_SIGNATURE_CANDIDATES {
                return Err(too_many(family.header(header_index)));
            }
            if let Some(digest) = decode_base64(part, 32) {
                presented.push((header_index, digest));
            }
        }
    }
    if presented.is_empty() {
        return Err(Error::malformed(
            family.headers[0],
            "expected the base64 of an HMAC-SHA256 (44 characters)",
        ));
    }

    let message = message(family.scheme, &url, request)?;
    let mut matches = Matches::new();
    for (index, key) in context.keys.iter().enumerate() {
        let computed = hmac(
            key,
            Algorithm::HmacSha256,
            &[message.signed.as_bytes(), message.separator, nonce],
        );
        for (header_index, digest) in &presented {
            matches.record(computed.ct_eq(digest), label(index, *header_index));
        }
    }
    let (secret_index, header_index) =
        unlabel(matches.first().ok_or_else(|| Error::SignatureMismatch {
            header: family.headers[0],
            checked: vec![url.as_str().to_owned()],
        })?);
    Ok(Verified {
        provider: context.provider,
        scheme: context.scheme(family.scheme),
        header: family.header(header_index),
        secret_index,
        timestamp: None,
        covers: Coverage {
            body: message.covers_body,
            url: family.scheme == V3_SCHEME,
            timestamp: false,
        },
    })
}

pub(crate) fn sign(
    context: &Context<'_>,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    let family = match options.scheme.map(|scheme| scheme.index()) {
        Some(V2_SCHEME) => V2,
        _ => V3,
    };
    let url = Url::parse(request.require_url(context.provider)?)?;
    let message = message(family.scheme, &url, request)?;
    let nonce = match options.nonce {
        Some(nonce) => nonce.to_owned(),
        None => match request.single_value(family.nonce)? {
            Some(nonce) => String::from_utf8_lossy(nonce).into_owned(),
            None => derived_nonce(context.now_ms, url.as_str(), request.body_bytes()),
        },
    };
    let digest = hmac(
        context.signing_key()?,
        Algorithm::HmacSha256,
        &[
            message.signed.as_bytes(),
            message.separator,
            nonce.as_bytes(),
        ],
    );
    let signature = base64(digest.as_slice());
    Ok(Signed {
        scheme: context.scheme(family.scheme),
        headers: vec![
            (family.headers[0], signature.clone()),
            (family.headers[1], signature),
            (family.nonce, nonce),
        ],
        url: None,
    })
}

/// The values of a family's two signature headers, with the index of the header each came
/// from, and whether either header was present at all (even empty).
fn signature_values<'a>(
    request: &Request<'a>,
    family: &Family,
) -> Result<(Values<'a>, bool), Error> {
    let mut values = Vec::new();
    let mut present = false;
    for (index, header) in family.headers.into_iter().enumerate() {
        let found = request.signature_values(header)?;
        present |= found.present;
        values.extend(found.values.into_iter().map(|value| (index, value)));
    }
    Ok((values, present))
}

/// What a family signs before the nonce.
struct Message {
    signed: String,
    /// Between the signed string and the nonce: `.` for V3, nothing for V2.
    separator: &'static [u8],
    covers_body: bool,
}

fn message(scheme: usize, url: &Url<'_>, request: &Request<'_>) -> Result<Message, Error> {
    let body = request.body_bytes();
    if scheme == V2_SCHEME {
        return Ok(Message {
            signed: url.without_query().to_owned(),
            separator: b"",
            covers_body: body.is_empty(),
        });
    }
    let query: Vec<Pair<'_>> = match url.query() {
        Some(query) => form::sorted(parse_query(query)?, Repeated::Sorted),
        None => Vec::new(),
    };
    let is_get = request.method().eq_ignore_ascii_case("GET");
    let params: Vec<Pair<'_>> = if !is_get && request.is_form() {
        form::sorted(form::parse(body)?, Repeated::Sorted)
    } else {
        Vec::new()
    };
    let mut signed = url.without_query().to_owned();
    let query_string = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    if !query_string.is_empty() || !params.is_empty() {
        signed.push('?');
        signed.push_str(&query_string);
    }
    if !params.is_empty() {
        if !query_string.is_empty() {
            signed.push('.');
        }
        signed.push_str(&form::concat(&params));
    }
    Ok(Message {
        signed,
        separator: b".",
        covers_body: body.is_empty() || (!is_get && request.is_form()),
    })
}

/// A nonce for test deliveries: 20 digits from the SHA-256 of time, URL and body (Plivo's
/// nonces are 20 digits). Not secret-derived.
fn derived_nonce(now_ms: i128, url: &str, body: &[u8]) -> String {
    let seed = format!("{now_ms}\n{url}\n");
    let digest = sha256(&[seed.as_bytes(), body].concat());
    let mut number = [0u8; 8];
    number.copy_from_slice(digest.as_slice().get(..8).unwrap_or(&[0; 8]));
    format!("{:020}", u64::from_be_bytes(number))
}
