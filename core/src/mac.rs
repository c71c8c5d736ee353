//! HMAC computation and the constant-time "does any candidate match" check.

use hmac::Mac;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::secret::Key;

pub(crate) use crate::spec::Algorithm;

/// Room for the longest digest (SHA-512); shorter ones are zero-padded.
pub(crate) const MAX_LEN: usize = 64;

/// Digest bytes with their length, zero-padded to a fixed size so that comparisons always
/// touch the same number of bytes whatever the lengths involved.
#[derive(Clone, Copy)]
pub(crate) struct Digest {
    bytes: [u8; MAX_LEN],
    len: u8,
}

impl Digest {
    /// Copies `bytes` in; `None` if longer than any digest.
    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut digest = Digest {
            bytes: [0; MAX_LEN],
            len: u8::try_from(bytes.len()).ok()?,
        };
        digest.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(digest)
    }

    /// A hash output, at most `MAX_LEN` bytes by construction (SHA-1, SHA-256, SHA-512).
    fn from_output(output: &[u8]) -> Self {
        Digest::from_slice(output).unwrap_or(Digest {
            bytes: [0; MAX_LEN],
            len: 0,
        })
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// Equal length and equal bytes, in constant time: as many bytes are compared as the
    /// longer of the two lengths says, whatever their content. Lengths are not secret (the
    /// algorithm fixes the computed one, the sender chose the presented one).
    pub(crate) fn ct_eq(&self, other: &Digest) -> Choice {
        let compared = usize::from(self.len.max(other.len));
        let (Some(mine), Some(theirs)) = (self.bytes.get(..compared), other.bytes.get(..compared))
        else {
            return Choice::from(0);
        };
        mine.ct_eq(theirs) & self.len.ct_eq(&other.len)
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digest([REDACTED; {} bytes])", self.len)
    }
}

/// The MAC of the concatenation of `parts` under `key`: an HMAC from the key's ready state,
/// or for [`Algorithm::Sha256`] a plain hash (the template carries the secret).
pub(crate) fn hmac(key: &Key, algorithm: Algorithm, parts: &[&[u8]]) -> Digest {
    fn run<M: Mac + Clone>(state: Option<&M>, parts: &[&[u8]]) -> Digest {
        // A key is built with a state for every algorithm its scheme uses; without one this
        // yields the empty digest, which no presented signature equals.
        let Some(state) = state else {
            return Digest::from_output(&[]);
        };
        let mut mac = state.clone();
        for part in parts {
            mac.update(part);
        }
        Digest::from_output(&mac.finalize().into_bytes())
    }
    match algorithm {
        Algorithm::HmacSha1 => run(key.sha1.as_ref(), parts),
        Algorithm::HmacSha256 => run(key.sha256.as_ref(), parts),
        Algorithm::HmacSha512 => run(key.sha512.as_ref(), parts),
        Algorithm::Sha256 => {
            use sha2::Digest as _;
            let mut hash = sha2::Sha256::new();
            for part in parts {
                hash.update(part);
            }
            Digest::from_output(&hash.finalize())
        }
    }
}

/// Plain SHA-256 (for `bodySHA256`).
pub(crate) fn sha256(data: &[u8]) -> Digest {
    use sha2::Digest as _;
    Digest::from_output(&sha2::Sha256::digest(data))
}

/// Records comparisons without ever stopping early, and remembers which one matched first.
///
/// Every candidate (several headers, comma-separated parts, secrets, URL variants) goes
/// through [`Matches::record`]; only the final answer is branched on.
pub(crate) struct Matches {
    found: Choice,
    first: u32,
}

/// Which candidate a comparison tried: the secret's index and a variant (header, entry or
/// scheme), each below 2^16 by construction (at most 16 secrets, 16 signatures per header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label(u32);

impl Label {
    pub(crate) fn new(secret_index: usize, variant: usize) -> Self {
        // Both bounds hold by the limits; saturating instead of wrapping keeps a bug visible
        // as a wrong variant, never as another secret's index.
        let secret = u16::try_from(secret_index).unwrap_or(u16::MAX);
        let variant = u16::try_from(variant).unwrap_or(u16::MAX);
        Label(u32::from(secret) << 16 | u32::from(variant))
    }

    /// `(secret_index, variant)`.
    pub(crate) fn parts(self) -> (usize, usize) {
        ((self.0 >> 16) as usize, (self.0 & 0xffff) as usize)
    }
}

impl Matches {
    pub(crate) fn new() -> Self {
        Matches {
            found: Choice::from(0),
            first: 0,
        }
    }

    /// Notes the outcome of one comparison, labelled `label`.
    pub(crate) fn record(&mut self, matched: Choice, label: Label) {
        let is_first = matched & !self.found;
        self.first.conditional_assign(&label.0, is_first);
        self.found |= matched;
    }

    /// Compares `computed` against every presented candidate, recording each.
    pub(crate) fn record_all(&mut self, computed: &Digest, presented: &[Digest], label: Label) {
        for candidate in presented {
            self.record(computed.ct_eq(candidate), label);
        }
    }

    /// The label of the first match, if any comparison matched.
    pub(crate) fn first(&self) -> Option<Label> {
        bool::from(self.found).then_some(Label(self.first))
    }
}
