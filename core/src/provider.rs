//! Provider ids and the signature schemes each provider uses.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A webhook provider whose signatures this crate verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// Retell AI: `X-Retell-Signature: v=<ms>,d=<hex HMAC-SHA256 of body ‖ v>`.
    Retell,
    /// SignalWire: hex HMAC over URL ‖ body (JSON posts), or Twilio's scheme (compat form posts).
    SignalWire,
    /// Twilio: base64 HMAC-SHA1 over URL ‖ sorted form params, or over a URL with `bodySHA256`.
    Twilio,
    /// Plivo: V2 (URL ‖ nonce) or V3 (URL, query, params and nonce), HMAC-SHA256, base64.
    Plivo,
    /// Ranked AI: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of body>`.
    Ranked,
}

impl Provider {
    /// Every provider, in the order of their ids.
    pub const ALL: [Provider; 5] = [
        Provider::Retell,
        Provider::SignalWire,
        Provider::Twilio,
        Provider::Plivo,
        Provider::Ranked,
    ];

    /// The stable id: `"retell"`, `"signalwire"`, `"twilio"`, `"plivo"` or `"ranked"`.
    pub fn id(self) -> &'static str {
        match self {
            Provider::Retell => "retell",
            Provider::SignalWire => "signalwire",
            Provider::Twilio => "twilio",
            Provider::Plivo => "plivo",
            Provider::Ranked => "ranked",
        }
    }

    /// The ids of every provider.
    pub fn ids() -> [&'static str; 5] {
        Provider::ALL.map(Provider::id)
    }

    /// Whether the provider's signature covers the request URL, so that the caller must pass
    /// the URL the provider requested (the public one, not the one behind a proxy).
    pub fn signs_url(self) -> bool {
        matches!(
            self,
            Provider::SignalWire | Provider::Twilio | Provider::Plivo
        )
    }

    /// Every header the provider's verification reads. A binding that copies headers out of
    /// its host language may copy just these: the outcome is the same, and a huge unrelated
    /// header (a cookie) costs nothing.
    pub fn header_names(self) -> &'static [&'static str] {
        use crate::providers::{plivo, ranked, retell, signalwire, twilio};
        match self {
            Provider::Retell => &[retell::SIGNATURE_HEADER],
            Provider::SignalWire => &[
                signalwire::SIGNATURE_HEADER,
                signalwire::SHA256_SIGNATURE_HEADER,
                signalwire::TWILIO_SIGNATURE_HEADER,
                crate::request::CONTENT_TYPE,
            ],
            Provider::Twilio => &[
                twilio::SIGNATURE_HEADER,
                twilio::SETTINGS_HEADER,
                crate::request::CONTENT_TYPE,
            ],
            Provider::Plivo => &[
                plivo::V3_SIGNATURE_HEADER,
                plivo::V3_MA_SIGNATURE_HEADER,
                plivo::V3_NONCE_HEADER,
                plivo::V2_SIGNATURE_HEADER,
                plivo::V2_MA_SIGNATURE_HEADER,
                plivo::V2_NONCE_HEADER,
                crate::request::CONTENT_TYPE,
            ],
            Provider::Ranked => &[ranked::SIGNATURE_HEADER, ranked::TIMESTAMP_HEADER],
        }
    }

    /// The default accepted distance between a request's timestamp and now, for providers
    /// that send a timestamp (Retell, Ranked: 300 s, inclusive). `None` for the others.
    pub fn default_tolerance(self) -> Option<std::time::Duration> {
        match self {
            Provider::Retell | Provider::Ranked => Some(std::time::Duration::from_secs(300)),
            _ => None,
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Provider {
    type Err = Error;

    /// Parses a provider id, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Error> {
        Provider::ALL
            .into_iter()
            .find(|p| p.id().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::UnknownProvider {
                name: name.chars().take(64).collect(),
            })
    }
}

/// One way of signing a request. A provider may use several; [`Verified::scheme`]
/// says which one a request was verified under.
///
/// [`Verified::scheme`]: crate::Verified::scheme
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scheme {
    /// Retell: HMAC-SHA256 over body ‖ timestamp.
    Retell,
    /// SignalWire JSON posts: hex HMAC-SHA1 (`X-SignalWire-Signature`) over URL ‖ body.
    SignalWireJson,
    /// SignalWire JSON posts: hex HMAC-SHA256 (`X-SignalWire-Sha256-Signature`) over URL ‖ body.
    SignalWireJsonSha256,
    /// SignalWire compatibility form posts: Twilio's form scheme, SHA-1, base64.
    SignalWireForm,
    /// SignalWire compatibility JSON: URL with `bodySHA256`, SHA-1, base64.
    SignalWireBodySha256,
    /// Twilio form posts (and GET requests): URL ‖ sorted params, base64.
    TwilioForm,
    /// Twilio JSON: URL with `bodySHA256`, base64.
    TwilioBodySha256,
    /// Plivo V2: `scheme://host/path` ‖ nonce, HMAC-SHA256, base64. Does not cover the body.
    PlivoV2,
    /// Plivo V3: URL, sorted query and params, nonce; HMAC-SHA256, base64.
    PlivoV3,
    /// Ranked: HMAC-SHA256 over the body, `sha256=` hex.
    Ranked,
}

impl Scheme {
    /// Every scheme.
    pub const ALL: [Scheme; 10] = [
        Scheme::Retell,
        Scheme::SignalWireJson,
        Scheme::SignalWireJsonSha256,
        Scheme::SignalWireForm,
        Scheme::SignalWireBodySha256,
        Scheme::TwilioForm,
        Scheme::TwilioBodySha256,
        Scheme::PlivoV2,
        Scheme::PlivoV3,
        Scheme::Ranked,
    ];

    /// The stable id, e.g. `"twilio-form"`.
    pub fn id(self) -> &'static str {
        match self {
            Scheme::Retell => "retell",
            Scheme::SignalWireJson => "signalwire-json",
            Scheme::SignalWireJsonSha256 => "signalwire-json-sha256",
            Scheme::SignalWireForm => "signalwire-form",
            Scheme::SignalWireBodySha256 => "signalwire-body-sha256",
            Scheme::TwilioForm => "twilio-form",
            Scheme::TwilioBodySha256 => "twilio-body-sha256",
            Scheme::PlivoV2 => "plivo-v2",
            Scheme::PlivoV3 => "plivo-v3",
            Scheme::Ranked => "ranked",
        }
    }

    /// The provider that uses this scheme.
    pub fn provider(self) -> Provider {
        match self {
            Scheme::Retell => Provider::Retell,
            Scheme::SignalWireJson
            | Scheme::SignalWireJsonSha256
            | Scheme::SignalWireForm
            | Scheme::SignalWireBodySha256 => Provider::SignalWire,
            Scheme::TwilioForm | Scheme::TwilioBodySha256 => Provider::Twilio,
            Scheme::PlivoV2 | Scheme::PlivoV3 => Provider::Plivo,
            Scheme::Ranked => Provider::Ranked,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Scheme {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Scheme::ALL
            .into_iter()
            .find(|s| s.id().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "unknown scheme {:?}; expected one of: {}",
                    name.chars().take(64).collect::<String>(),
                    Scheme::ALL.map(Scheme::id).join(", ")
                ))
            })
    }
}
