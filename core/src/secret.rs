//! Secrets, validated once and kept as ready-keyed HMAC states.

use std::fmt;

use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::Sha256;

use crate::limits::MAX_SECRETS;
use crate::{Error, Provider};

/// One secret, keyed into HMAC-SHA1 and HMAC-SHA256 states at construction so that each
/// verification only clones a state instead of hashing the key again.
#[derive(Clone)]
pub(crate) struct Key {
    pub(crate) sha1: Hmac<Sha1>,
    pub(crate) sha256: Hmac<Sha256>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

/// Checks every secret and keys it; the first secret is the one used for signing.
pub(crate) fn keys_from<S: AsRef<[u8]>>(
    provider: Provider,
    secrets: impl IntoIterator<Item = S>,
) -> Result<Vec<Key>, Error> {
    let mut keys = Vec::new();
    for (index, secret) in secrets.into_iter().enumerate() {
        if index == MAX_SECRETS {
            return Err(invalid(format!(
                "more than {MAX_SECRETS} secrets; rotation needs two or three"
            )));
        }
        let secret = secret.as_ref();
        check(provider, index, secret)?;
        keys.push(Key {
            sha1: <Hmac<Sha1> as KeyInit>::new_from_slice(secret)
                .map_err(|_| invalid(format!("secret #{index} cannot key HMAC-SHA1")))?,
            sha256: <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
                .map_err(|_| invalid(format!("secret #{index} cannot key HMAC-SHA256")))?,
        });
    }
    if keys.is_empty() {
        return Err(invalid("no secret given"));
    }
    Ok(keys)
}

fn check(provider: Provider, index: usize, secret: &[u8]) -> Result<(), Error> {
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
    // Ranked keys the HMAC with the whole `whsec_…` string; users who strip the prefix (as
    // other `whsec_` schemes require) would otherwise see every delivery rejected.
    if provider == Provider::Ranked && !secret.starts_with(b"whsec_") {
        return Err(invalid(format!(
            "secret #{index} does not start with whsec_: Ranked signs with the whole secret as \
             shown when the subscription was created, prefix included"
        )));
    }
    Ok(())
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidSecret {
        reason: reason.into(),
    }
}
