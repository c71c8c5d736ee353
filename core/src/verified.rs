//! What a successful verification tells the caller.

use std::time::SystemTime;

use crate::{Provider, Scheme};

/// A request whose signature matched. It says how, and what the signature vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The provider the request was verified for.
    pub provider: Provider,
    /// The scheme it was verified under (e.g. Plivo V2 or V3, Twilio form or `bodySHA256`).
    pub scheme: Scheme,
    /// The header whose signature matched (for Plivo, `-Ma-` means the main account's token).
    pub header: &'static str,
    /// The index of the secret that matched, in the order given (0 is the current secret
    /// during a rotation).
    pub secret_index: usize,
    /// The request's timestamp when the provider sends one (Retell, Ranked). It was checked
    /// against the tolerance; see [`Coverage::timestamp`] for whether it is signed.
    pub timestamp: Option<SystemTime>,
    /// What the signature covers.
    pub covers: Coverage,
}

/// Which parts of the request the matching signature authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Coverage {
    /// The body the handler will read is authenticated (trivially so when it is empty).
    /// `false` for Plivo V2 with a body, which it never signs.
    pub body: bool,
    /// The whole URL, query included, is signed. Plivo V2 signs only `scheme://host/path`.
    pub url: bool,
    /// The timestamp is signed. `false` for Ranked, whose `X-Webhook-Timestamp` anyone can
    /// change: its window stops only naive replays.
    pub timestamp: bool,
}
