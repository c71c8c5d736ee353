//! The named canonicalisers: providers whose signed bytes no template expresses. Each turns a
//! request into the bytes its provider MACs, and back; the registry names them.

use crate::mac::Label;
use crate::secret::Key;
use crate::spec::Canonicaliser;
use crate::verifier::{SignOptions, Signed};
use crate::{Error, Provider, Request, Scheme, Verified};

pub(crate) mod plivo;
pub(crate) mod signalwire;
pub(crate) mod twilio;

/// What every scheme needs besides the request.
pub(crate) struct Context<'v> {
    /// The provider being verified (built-in, or a user spec naming this canonicaliser).
    pub(crate) provider: Provider,
    /// The secrets, current first.
    pub(crate) keys: &'v [Key],
    /// Milliseconds since the Unix epoch.
    pub(crate) now_ms: i128,
}

impl Context<'_> {
    /// The key used for signing: the first (current) secret.
    pub(crate) fn signing_key(&self) -> Result<&Key, Error> {
        self.keys.first().ok_or_else(|| Error::InvalidSecret {
            reason: "no secret given".into(),
        })
    }

    /// The provider's scheme numbered `index` (the canonicaliser's own numbering, which the
    /// spec's `schemes` follow).
    pub(crate) fn scheme(&self, index: usize) -> Scheme {
        Scheme::of(self.provider, index)
    }
}

/// The scheme ids each canonicaliser reports, in its numbering. A spec naming the canonicaliser
/// lists exactly these.
pub(crate) fn scheme_ids(canonicaliser: Canonicaliser) -> &'static [&'static str] {
    match canonicaliser {
        Canonicaliser::Twilio => twilio::SCHEME_IDS,
        Canonicaliser::SignalWire => signalwire::SCHEME_IDS,
        Canonicaliser::Plivo => plivo::SCHEME_IDS,
    }
}

/// Every header the canonicaliser reads.
pub(crate) fn header_names(canonicaliser: Canonicaliser) -> &'static [&'static str] {
    match canonicaliser {
        Canonicaliser::Twilio => twilio::HEADER_NAMES,
        Canonicaliser::SignalWire => signalwire::HEADER_NAMES,
        Canonicaliser::Plivo => plivo::HEADER_NAMES,
    }
}

pub(crate) fn verify(
    canonicaliser: Canonicaliser,
    context: &Context<'_>,
    request: &Request<'_>,
) -> Result<Verified, Error> {
    match canonicaliser {
        Canonicaliser::Twilio => twilio::verify(context, request),
        Canonicaliser::SignalWire => signalwire::verify(context, request),
        Canonicaliser::Plivo => plivo::verify(context, request),
    }
}

pub(crate) fn sign(
    canonicaliser: Canonicaliser,
    context: &Context<'_>,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    match canonicaliser {
        Canonicaliser::Twilio => twilio::sign(context, request, options),
        Canonicaliser::SignalWire => signalwire::sign(context, request, options),
        Canonicaliser::Plivo => plivo::sign(context, request, options),
    }
}

/// Labels a comparison with the secret and the variant (header, scheme) it tried.
pub(crate) fn label(secret_index: usize, variant: usize) -> Label {
    Label::new(secret_index, variant)
}

/// The inverse of [`label`]: `(secret_index, variant)`.
pub(crate) fn unlabel(label: Label) -> (usize, usize) {
    label.parts()
}
