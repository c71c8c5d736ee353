//! Secrets, validated once and kept as ready-keyed MAC states.

use std::fmt;

use base64::Engine;
use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

use crate::Error;
use crate::limits::MAX_SECRETS;
use crate::spec::{Algorithm, KeyDecoding};

/// One secret, decoded and keyed into the MAC states its scheme uses, so that each
/// verification only clones a state instead of hashing the key again.
#[derive(Clone)]
pub(crate) struct Key {
    pub(crate) sha1: Option<Hmac<Sha1>>,
    pub(crate) sha256: Option<Hmac<Sha256>>,
    pub(crate) sha512: Option<Hmac<Sha512>>,
    /// The decoded key itself, kept only for schemes that hash it in (HubSpot v1/v2).
    pub(crate) raw: Option<Box<[u8]>>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

/// Checks every secret once (count, emptiness, surrounding whitespace), whatever the scheme.
pub(crate) fn check_all<S: AsRef<[u8]>>(secrets: &[S]) -> Result<(), Error> {
    if secrets.is_empty() {
        return Err(invalid("no secret given"));
    }
    if secrets.len() > MAX_SECRETS {
        return Err(invalid(format!(
            "more than {MAX_SECRETS} secrets; rotation needs two or three"
        )));
    }
    for (index, secret) in secrets.iter().enumerate() {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(invalid(format!("secret #{index} is empty")));
        }
        // Every provider's secret is printable text; surrounding whitespace is a copy-paste or
        // file-read accident (a trailing newline) that would make every signature mismatch.
        if secret.first().is_some_and(u8::is_ascii_whitespace)
            || secret.last().is_some_and(u8::is_ascii_whitespace)
        {
            return Err(invalid(format!(
                "secret #{index} starts or ends with whitespace (a newline read from a file?)"
            )));
        }
    }
    Ok(())
}

/// Decodes every secret with `decoding` and keys it for `algorithms`; the first secret is the
/// one used for signing. `keep_raw` keeps the decoded bytes (for templates that hash them in).
pub(crate) fn keys_from<S: AsRef<[u8]>>(
    secrets: &[S],
    decoding: KeyDecoding,
    algorithms: &[Algorithm],
    keep_raw: bool,
) -> Result<Vec<Key>, Error> {
    check_all(secrets)?;
    secrets
        .iter()
        .enumerate()
        .map(|(index, secret)| {
            let bytes = decode(decoding, index, secret.as_ref())?;
            let keyed = |algorithm: Algorithm| algorithms.contains(&algorithm);
            let unusable = || invalid(format!("secret #{index} cannot key the MAC"));
            Ok(Key {
                sha1: keyed(Algorithm::HmacSha1)
                    .then(|| {
                        <Hmac<Sha1> as KeyInit>::new_from_slice(&bytes).map_err(|_| unusable())
                    })
                    .transpose()?,
                sha256: keyed(Algorithm::HmacSha256)
                    .then(|| {
                        <Hmac<Sha256> as KeyInit>::new_from_slice(&bytes).map_err(|_| unusable())
                    })
                    .transpose()?,
                sha512: keyed(Algorithm::HmacSha512)
                    .then(|| {
                        <Hmac<Sha512> as KeyInit>::new_from_slice(&bytes).map_err(|_| unusable())
                    })
                    .transpose()?,
                raw: keep_raw.then(|| bytes.into_boxed_slice()),
            })
        })
        .collect()
}

/// The key bytes of secret #`index`.
fn decode(decoding: KeyDecoding, index: usize, secret: &[u8]) -> Result<Vec<u8>, Error> {
    let base64_of = |text: &[u8], what: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()
            .filter(|key| !key.is_empty())
            .ok_or_else(|| {
                invalid(format!(
                    "secret #{index} is not {what}: copy it exactly as the provider's dashboard \
                     shows it"
                ))
            })
    };
    match decoding {
        KeyDecoding::Utf8 => Ok(secret.to_vec()),
        KeyDecoding::WhsecBase64 => base64_of(
            secret.strip_prefix(b"whsec_").unwrap_or(secret),
            "whsec_ followed by base64",
        ),
        KeyDecoding::Base64 => base64_of(secret, "base64"),
        KeyDecoding::Hex => base16ct::mixed::decode_vec(secret)
            .ok()
            .filter(|key| !key.is_empty())
            .ok_or_else(|| {
                invalid(format!(
                    "secret #{index} is not hex: this provider's key is shown as hex digits"
                ))
            }),
        KeyDecoding::RequirePrefix(prefix) => {
            if secret.starts_with(prefix.as_bytes()) {
                Ok(secret.to_vec())
            } else {
                // Such providers key the MAC with the whole string; users who strip the
                // prefix (as other `whsec_` schemes require) would see every delivery rejected.
                Err(invalid(format!(
                    "secret #{index} does not start with {prefix}: this provider signs with the \
                     whole secret as shown when the subscription was created, prefix included"
                )))
            }
        }
        KeyDecoding::StripPrefix(prefix) => Ok(secret
            .strip_prefix(prefix.as_bytes())
            .unwrap_or(secret)
            .to_vec()),
    }
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidSecret {
        reason: reason.into(),
    }
}
