//! Twilio: `X-Twilio-Signature` = base64(HMAC(key, URL ‖ Σ name‖value)) over the form params
//! sorted by name, or over a URL carrying `bodySHA256=<hex SHA-256 of the body>` for JSON.
//!
//! Decisions: the URL is MACed verbatim (query kept, never re-encoded), tried without any
//! port and with the default port, as both SDKs do; repeated names have their values sorted
//! and de-duplicated (current SDKs); `bodySHA256` is always checked against the body; the
//! `X-Twilio-Webhooks-Signature-Settings` header alone decides between HMAC-SHA1 and
//! HMAC-SHA256, with no fallback. A non-empty body that is neither a form nor covered by
//! `bodySHA256` is rejected (`invalid_body`): Twilio never sends one, and the signature could
//! not vouch for it. SignalWire's compatibility scheme reuses this module.

use std::borrow::Cow;

use subtle::Choice;

use crate::canon::{Context, label, unlabel};
use crate::encoding::{base64, decode_base64, decode_hex_lower, hex_lower};
use crate::form::{self, Repeated};
use crate::mac::{Algorithm, Digest, Label, Matches, hmac, sha256};
use crate::request::{SignatureValues, trim};
use crate::url::Url;
use crate::verifier::{SignOptions, Signed};
use crate::{Coverage, Error, Provider, Request, Verified};

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";
/// Present when a Webhooks SharedKey rule signs the request: `key=<id>,algorithm=<alg>`.
pub const SETTINGS_HEADER: &str = "X-Twilio-Webhooks-Signature-Settings";
/// The query parameter that carries the body's SHA-256 on JSON requests.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// The schemes, in this canonicaliser's numbering.
pub(crate) const SCHEME_IDS: &[&str] = &["twilio-form", "twilio-body-sha256"];
const FORM: usize = 0;
const BODY_SHA256: usize = 1;
/// Every header read.
pub(crate) const HEADER_NAMES: &[&str] = &[
    SIGNATURE_HEADER,
    SETTINGS_HEADER,
    crate::request::CONTENT_TYPE,
];

pub(crate) fn verify(context: &Context<'_>, request: &Request<'_>) -> Result<Verified, Error> {
    let url = Url::parse(request.require_url(context.provider)?)?;
    let algorithm = algorithm(request)?;
    let values = request.signature_values(SIGNATURE_HEADER)?;
    let presented = decode_all(SIGNATURE_HEADER, &values, algorithm)?;
    let signed = SignedContent::of(context.provider, &url, request, Repeated::SortedUnique)?;

    let mut check = CompatCheck::new(&url, &signed);
    for (index, key) in context.keys.iter().enumerate() {
        check.record(key, algorithm, &presented, label(index, 0));
    }
    let (secret_index, _) = check.outcome(SIGNATURE_HEADER)?;
    Ok(Verified {
        provider: context.provider,
        scheme: context.scheme(if signed.is_body_hash() {
            BODY_SHA256
        } else {
            FORM
        }),
        header: SIGNATURE_HEADER,
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
    let algorithm = algorithm(request)?;
    let (scheme, signature, url) = sign_compat(
        context,
        request,
        options.scheme.map(|s| s.index() == BODY_SHA256),
        algorithm,
        Repeated::SortedUnique,
    )?;
    Ok(Signed {
        scheme: context.scheme(if scheme { BODY_SHA256 } else { FORM }),
        headers: vec![(SIGNATURE_HEADER, signature)],
        url,
    })
}

/// The algorithm named by the settings header: HMAC-SHA1 when absent or silent.
fn algorithm(request: &Request<'_>) -> Result<Algorithm, Error> {
    let Some(settings) = request.single_value(SETTINGS_HEADER)? else {
        return Ok(Algorithm::HmacSha1);
    };
    let named = settings.split(|&b| b == b',').find_map(|part| {
        let eq = part.iter().position(|&b| b == b'=')?;
        let (name, value) = (part.get(..eq)?, part.get(eq + 1..)?);
        (trim(name) == b"algorithm").then(|| trim(value))
    });
    match named {
        None | Some(b"") => Ok(Algorithm::HmacSha1),
        Some(name) if name.eq_ignore_ascii_case(b"HMAC_SHA1") => Ok(Algorithm::HmacSha1),
        Some(name) if name.eq_ignore_ascii_case(b"HMAC_SHA256") => Ok(Algorithm::HmacSha256),
        Some(_) => Err(Error::malformed(
            SETTINGS_HEADER,
            "it names an algorithm other than HMAC_SHA1 or HMAC_SHA256",
        )),
    }
}

/// Decodes every value as base64 of one `algorithm` digest: an error if none is one.
fn decode_all(
    header: &'static str,
    values: &SignatureValues<'_>,
    algorithm: Algorithm,
) -> Result<Vec<Digest>, Error> {
    if values.values.is_empty() {
        return Err(Error::MissingHeader {
            header,
            empty: values.present,
        });
    }
    let decoded: Vec<Digest> = values
        .values
        .iter()
        .filter_map(|value| decode_base64(value, algorithm.output_len()))
        .collect();
    if decoded.is_empty() {
        return Err(Error::malformed(
            header,
            match algorithm {
                Algorithm::HmacSha1 => "expected the base64 of an HMAC-SHA1 (28 characters)",
                _ => "expected the base64 of an HMAC-SHA256 (44 characters)",
            },
        ));
    }
    Ok(decoded)
}

/// What the compatibility (form) scheme signs besides the URL.
pub(crate) enum SignedContent {
    /// Form params, sorted and concatenated.
    Form(String),
    /// Nothing: an empty body (a GET, or a POST with nothing in it).
    Nothing,
    /// The URL's `bodySHA256` value, decoded (`None` if it is not 64 lowercase hex), and the
    /// body's actual SHA-256.
    BodyHash {
        expected: Option<Digest>,
        actual: Digest,
    },
}

impl SignedContent {
    pub(crate) fn of(
        provider: Provider,
        url: &Url<'_>,
        request: &Request<'_>,
        repeated: Repeated,
    ) -> Result<Self, Error> {
        let body = request.body_bytes();
        if let Some(expected) = url.query_param(BODY_SHA256_PARAM)? {
            return Ok(SignedContent::BodyHash {
                expected: decode_hex_lower(expected.as_bytes(), 32),
                actual: sha256(body),
            });
        }
        if request.is_form() {
            return Ok(SignedContent::Form(form::concat(&form::sorted(
                form::parse(body)?,
                repeated,
            ))));
        }
        if body.is_empty() {
            return Ok(SignedContent::Nothing);
        }
        Err(Error::invalid_body(format!(
            "the body is not application/x-www-form-urlencoded and the URL has no \
             {BODY_SHA256_PARAM}, so {provider}'s signature cannot cover it"
        )))
    }

    pub(crate) fn is_body_hash(&self) -> bool {
        matches!(self, SignedContent::BodyHash { .. })
    }

    fn params(&self) -> &[u8] {
        match self {
            SignedContent::Form(params) => params.as_bytes(),
            _ => b"",
        }
    }

    /// Whether the body matches `bodySHA256` (always true for the other kinds).
    fn body_hash_matches(&self) -> Choice {
        match self {
            SignedContent::BodyHash {
                expected: Some(expected),
                actual,
            } => expected.ct_eq(actual),
            SignedContent::BodyHash { expected: None, .. } => Choice::from(0),
            _ => Choice::from(1),
        }
    }
}

/// Runs the compatibility scheme over every secret and both URL candidates, keeping apart
/// "a signature matched" and "a signature matched and the body hash too" so that a tampered
/// body is reported as such.
pub(crate) struct CompatCheck<'c> {
    candidates: [Cow<'c, str>; 2],
    signed: &'c SignedContent,
    hash_ok: Choice,
    signature: Matches,
    accepted: Matches,
}

impl<'c> CompatCheck<'c> {
    pub(crate) fn new(url: &Url<'c>, signed: &'c SignedContent) -> Self {
        CompatCheck {
            candidates: url.port_candidates(),
            signed,
            hash_ok: signed.body_hash_matches(),
            signature: Matches::new(),
            accepted: Matches::new(),
        }
    }

    pub(crate) fn record(
        &mut self,
        key: &crate::secret::Key,
        algorithm: Algorithm,
        presented: &[Digest],
        label: Label,
    ) {
        for candidate in &self.candidates {
            let computed = hmac(
                key,
                algorithm,
                &[candidate.as_bytes(), self.signed.params()],
            );
            for digest in presented {
                let matched = computed.ct_eq(digest);
                self.signature.record(matched, label);
                self.accepted.record(matched & self.hash_ok, label);
            }
        }
    }

    /// The label of the accepted match, or the error that explains the rejection.
    pub(crate) fn outcome(&self, header: &'static str) -> Result<(usize, usize), Error> {
        match (self.accepted.first(), self.signature.first()) {
            (Some(label), _) => Ok(unlabel(label)),
            (None, Some(_)) => Err(Error::BodyHashMismatch),
            (None, None) => Err(self.mismatch(header)),
        }
    }

    pub(crate) fn accepted(&self) -> Option<Label> {
        self.accepted.first()
    }

    pub(crate) fn signature_matched(&self) -> bool {
        self.signature.first().is_some()
    }

    /// The URLs tried, for error messages.
    pub(crate) fn checked_urls(&self) -> Vec<String> {
        self.candidates.iter().map(|c| c.to_string()).collect()
    }

    pub(crate) fn mismatch(&self, header: &'static str) -> Error {
        Error::SignatureMismatch {
            header,
            checked: self.checked_urls(),
        }
    }
}

/// Signs with the compatibility scheme; `body_hash` forces (or forbids) the `bodySHA256`
/// form, which is otherwise used for any non-form, non-empty body. Returns whether the body
/// hash form was used, the base64 signature and the new URL if it changed.
pub(crate) fn sign_compat(
    context: &Context<'_>,
    request: &Request<'_>,
    body_hash: Option<bool>,
    algorithm: Algorithm,
    repeated: Repeated,
) -> Result<(bool, String, Option<String>), Error> {
    let provider = context.provider;
    let original = request.require_url(provider)?;
    let parsed = Url::parse(original)?;
    let has_hash = parsed.query_param(BODY_SHA256_PARAM)?.is_some();
    let use_hash =
        body_hash.unwrap_or(has_hash || (!request.is_form() && !request.body_bytes().is_empty()));
    let url = if use_hash && !has_hash {
        let separator = match parsed.query() {
            None => "?",
            Some("") => "",
            Some(_) => "&",
        };
        let (before_fragment, fragment) =
            original.split_at(original.find('#').unwrap_or(original.len()));
        Some(format!(
            "{before_fragment}{separator}{BODY_SHA256_PARAM}={}{fragment}",
            hex_lower(sha256(request.body_bytes()).as_slice())
        ))
    } else {
        None
    };
    let final_url = Url::parse(url.as_deref().unwrap_or(original))?;
    let signed = SignedContent::of(provider, &final_url, request, repeated)?;
    let digest = hmac(
        context.signing_key()?,
        algorithm,
        &[final_url.as_str().as_bytes(), signed.params()],
    );
    Ok((signed.is_body_hash(), base64(digest.as_slice()), url))
}
