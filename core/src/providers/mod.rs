//! One file per provider; each turns a request into the bytes its provider MACs, and back.

use crate::secret::Key;
use crate::verifier::{SignOptions, Signed};
use crate::{Error, Provider, Request, Verified};

pub(crate) mod plivo;
pub(crate) mod ranked;
pub(crate) mod retell;
pub(crate) mod signalwire;
pub(crate) mod twilio;

/// What every scheme needs besides the request.
pub(crate) struct Context<'v> {
    /// The secrets, current first.
    pub(crate) keys: &'v [Key],
    /// Milliseconds since the Unix epoch.
    pub(crate) now_ms: i128,
    /// The accepted distance from `now_ms`, inclusive.
    pub(crate) tolerance_ms: u64,
}

impl Context<'_> {
    /// The key used for signing: the first (current) secret.
    pub(crate) fn signing_key(&self) -> Result<&Key, Error> {
        self.keys.first().ok_or_else(|| Error::InvalidSecret {
            reason: "no secret given".into(),
        })
    }
}

pub(crate) fn verify(
    provider: Provider,
    context: &Context<'_>,
    request: &Request<'_>,
) -> Result<Verified, Error> {
    match provider {
        Provider::Retell => retell::verify(context, request),
        Provider::SignalWire => signalwire::verify(context, request),
        Provider::Twilio => twilio::verify(context, request),
        Provider::Plivo => plivo::verify(context, request),
        Provider::Ranked => ranked::verify(context, request),
    }
}

pub(crate) fn sign(
    provider: Provider,
    context: &Context<'_>,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    match provider {
        Provider::Retell => retell::sign(context, request),
        Provider::SignalWire => signalwire::sign(context, request, options),
        Provider::Twilio => twilio::sign(context, request, options),
        Provider::Plivo => plivo::sign(context, request, options),
        Provider::Ranked => ranked::sign(context, request),
    }
}

/// Labels a comparison with the secret and the variant (header, scheme) it tried, so that
/// [`crate::mac::Matches`] can report which one matched.
pub(crate) fn label(secret_index: usize, variant: usize) -> u32 {
    u32::try_from(secret_index * VARIANTS + variant).unwrap_or(u32::MAX)
}

/// The inverse of [`label`]: `(secret_index, variant)`.
pub(crate) fn unlabel(label: u32) -> (usize, usize) {
    let label = label as usize;
    (label / VARIANTS, label % VARIANTS)
}

const VARIANTS: usize = 16;
