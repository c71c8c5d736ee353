//! HMAC computation and the constant-time "does any candidate match" check.

use hmac::Mac;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::secret::Key;

/// The hash under the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Sha1,
    Sha256,
}

impl Algorithm {
    pub(crate) fn output_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
        }
    }
}

/// Room for the longest digest (SHA-256); shorter ones are zero-padded.
const MAX_LEN: usize = 32;

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

    /// A hash output, at most `MAX_LEN` bytes by construction (SHA-1 or SHA-256).
    fn from_output(output: &[u8]) -> Self {
        Digest::from_slice(output).unwrap_or(Digest {
            bytes: [0; MAX_LEN],
            len: 0,
        })
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// Equal length and equal bytes, in constant time: all `MAX_LEN` bytes are compared even
    /// when the lengths differ.
    pub(crate) fn ct_eq(&self, other: &Digest) -> Choice {
        self.bytes.ct_eq(&other.bytes) & self.len.ct_eq(&other.len)
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digest([REDACTED; {} bytes])", self.len)
    }
}

/// HMAC of the concatenation of `parts`, keyed by `key`.
pub(crate) fn hmac(key: &Key, algorithm: Algorithm, parts: &[&[u8]]) -> Digest {
    fn run<M: Mac + Clone>(state: &M, parts: &[&[u8]]) -> Digest {
        let mut mac = state.clone();
        for part in parts {
            mac.update(part);
        }
        Digest::from_output(&mac.finalize().into_bytes())
    }
    match algorithm {
        Algorithm::Sha1 => run(&key.sha1, parts),
        Algorithm::Sha256 => run(&key.sha256, parts),
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

impl Matches {
    pub(crate) fn new() -> Self {
        Matches {
            found: Choice::from(0),
            first: 0,
        }
    }

    /// Notes the outcome of one comparison, labelled `label`.
    pub(crate) fn record(&mut self, matched: Choice, label: u32) {
        let is_first = matched & !self.found;
        self.first.conditional_assign(&label, is_first);
        self.found |= matched;
    }

    /// Compares `computed` against every presented candidate, recording each.
    pub(crate) fn record_all(&mut self, computed: &Digest, presented: &[Digest], label: u32) {
        for candidate in presented {
            self.record(computed.ct_eq(candidate), label);
        }
    }

    /// The label of the first match, if any comparison matched.
    pub(crate) fn first(&self) -> Option<u32> {
        bool::from(self.found).then_some(self.first)
    }
}
