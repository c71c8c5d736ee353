//! The vocabulary a provider is written in: `const` data the engine (`engine.rs`) runs.
//!
//! A built-in provider is one [`ProviderSpec`] in the [registry](crate::registry); a
//! user-defined one is the same data read from JSON (`custom.rs`, documented in
//! `docs/custom-schemes.md`). Everything here is plain data: no behaviour changes with a config
//! file beyond what these fields say.

/// A provider: its id, the schemes it signs with, and where a delivery's unique id is.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderSpec {
    /// The stable id, e.g. `"stripe"`.
    pub id: &'static str,
    /// Other ids users know it by (`"whatsapp"` for Meta).
    pub aliases: &'static [&'static str],
    /// The schemes, tried in this order: the first whose signature header is present decides
    /// (never a later, weaker one: no downgrade).
    pub schemes: &'static [SchemeSpec],
    /// A named canonicaliser that verifies instead of the template engine (Twilio's sorted
    /// form, Plivo's V2/V3, SignalWire's shape dispatch); then `schemes` are the ids and
    /// headers it reports, in the order it numbers them.
    pub canonicaliser: Option<Canonicaliser>,
    /// Where the delivery's unique id is, for the duplicate guard.
    pub dedupe: Option<DedupeSource>,
    /// Which secret to configure, as the provider's dashboard names it (empty: the endpoint's
    /// signing secret). For messages and docs.
    pub secret_hint: &'static str,
    /// Where the facts come from (SDK file or docs page), and the Decisions taken.
    pub source: &'static str,
}

/// One way of signing a request.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemeSpec {
    /// The stable id, e.g. `"stripe"` or `"hubspot-v3"`.
    pub id: &'static str,
    /// Where the signature is and how it is written.
    pub signature: SignatureSpec,
    /// The timestamp, when the scheme has one.
    pub timestamp: Option<TimestampSpec>,
    /// The header carrying the delivery id that the template signs (`webhook-id`).
    pub delivery_id: Option<HeaderSpec>,
    /// What is MACed: these pieces, concatenated.
    pub signed: &'static [Piece],
    /// How each configured secret becomes the MAC key.
    pub key: KeyDecoding,
    /// Headers that must carry exactly these values (Box's version and algorithm).
    pub requires: &'static [(&'static str, &'static str)],
    /// The scheme applies only when this header has this value (HubSpot's version header).
    pub when: Option<(&'static str, &'static str)>,
}

/// A header name with the alternates a provider also sends it under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderSpec {
    /// The name as the provider documents it (reported in results and errors).
    pub name: &'static str,
    /// Other names for the same value (`svix-signature` beside `webhook-signature`); matching
    /// ignores ASCII case.
    pub alternates: &'static [&'static str],
}

impl HeaderSpec {
    /// A header with no alternates.
    pub const fn named(name: &'static str) -> Self {
        HeaderSpec {
            name,
            alternates: &[],
        }
    }

    /// The name, then the alternates.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.name).chain(self.alternates.iter().copied())
    }
}

/// Where the signature is and how it is written.
#[derive(Debug, PartialEq, Eq)]
pub struct SignatureSpec {
    /// The header (and alternates, whose signatures are tried too).
    pub header: HeaderSpec,
    /// The grammar of the header's value.
    pub format: Format,
    /// How each signature is encoded.
    pub encoding: Encoding,
    /// The MAC (or hash).
    pub algorithm: Algorithm,
}

/// The grammar of a signature header's value.
#[derive(Debug, PartialEq, Eq)]
pub enum Format {
    /// The whole value is one signature.
    Bare,
    /// The signature after a fixed prefix (`sha256=`).
    Prefix(&'static str),
    /// `key=value` items (`t=…,v1=…,v1=…`): items split on `separator`'s first non-blank
    /// character and trimmed; those named in `signature_keys` are signatures, others ignored.
    Kv {
        /// Between items, as the provider writes it when signing (`","`, `", "`, `";"`).
        separator: &'static str,
        /// The keys whose values are signatures (`["v1"]`; Stripe's `v0` is not one).
        signature_keys: &'static [&'static str],
        /// The key of the timestamp item, if the timestamp is in this header.
        timestamp_key: Option<&'static str>,
        /// Exactly `<timestamp_key>=…<separator><signature key>=…`, nothing else (Retell).
        strict: bool,
    },
    /// Items by position (Recurly's `<timestamp>,<sig>,<sig>`): split on `separator` and
    /// trimmed; the item at `timestamp_index`, if any, is the timestamp, every other one a
    /// signature.
    Positional {
        /// Between items.
        separator: &'static str,
        /// The position of the timestamp item.
        timestamp_index: Option<u8>,
    },
    /// `v1,<sig> v1,<sig>` (Standard Webhooks): entries split on `separator`, each
    /// `<version><version_separator><signature>`; other versions are ignored.
    Versioned {
        /// Between entries.
        separator: &'static str,
        /// Between a version and its signature.
        version_separator: &'static str,
        /// The versions accepted.
        versions: &'static [&'static str],
    },
}

/// How a signature is encoded in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Lowercase hexadecimal (what SDKs that compare strings accept).
    Hex,
    /// Hexadecimal in either case.
    HexAnyCase,
    /// Standard base64, padded.
    Base64,
    /// URL-safe base64 without padding.
    Base64Url,
}

/// The MAC, or a plain hash for schemes that put the secret in the hashed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC-SHA1.
    HmacSha1,
    /// HMAC-SHA256.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
    /// SHA-256 of the template, which includes [`Piece::Secret`] (HubSpot v1 and v2).
    Sha256,
}

impl Algorithm {
    /// The digest's length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 | Algorithm::Sha256 => 32,
            Algorithm::HmacSha512 => 64,
        }
    }
}

/// One piece of the signed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// The raw body.
    Body,
    /// The timestamp as received (or its integer, per [`TimestampSpec::in_mac`]).
    Timestamp,
    /// The value of [`SchemeSpec::delivery_id`]'s header.
    DeliveryId,
    /// The request URL, exactly as given.
    Url,
    /// The URL's path and query (the request target), exactly as given.
    Uri,
    /// The HTTP method, as given.
    Method,
    /// The secret itself (plain-hash schemes).
    Secret,
    /// Fixed text (`"v0:"`, `"."`).
    Literal(&'static str),
    /// The value of another header (required).
    Header(&'static str),
    /// The value of an item of a `key=value` signature header (`h=…`); required.
    Field(&'static str),
}

/// A timestamp: where it is, how it is written, how old (or new) it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampSpec {
    /// Where it is.
    pub source: TimestampSource,
    /// How it is written.
    pub unit: TimeUnit,
    /// The default accepted distance from now, either way, in seconds (inclusive).
    pub tolerance_secs: u64,
    /// Whether the template signs the text as received or its integer value.
    pub in_mac: InMac,
}

/// Where a timestamp is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampSource {
    /// Its own header (and alternates: Svix's `svix-timestamp` or `webhook-timestamp`).
    Header(HeaderSpec),
    /// An item of the signature header: `t` in `t=…,v1=…`, or the position (`"0"`) in a
    /// positional list.
    Field(&'static str),
    /// A number in the JSON body, by JSON pointer (`/webhookTimestamp`).
    Json(&'static str),
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Unix seconds, digits only.
    Seconds,
    /// Unix milliseconds, digits only.
    Millis,
    /// RFC 3339 (`2023-11-14T22:13:20.5Z`, offsets allowed).
    Rfc3339,
}

/// What of the timestamp enters the MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InMac {
    /// The text exactly as received.
    Verbatim,
    /// The decimal of its integer value (leading zeros dropped), as SDKs that parse it first.
    Integer,
}

/// How a configured secret becomes the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyDecoding {
    /// The secret's bytes as given, prefix and all.
    Utf8,
    /// Standard Webhooks: an optional `whsec_` prefix dropped, the rest base64-decoded.
    WhsecBase64,
    /// Base64-decoded.
    Base64,
    /// Hex-decoded.
    Hex,
    /// The whole secret as given, which must start with this prefix (Ranked).
    RequirePrefix(&'static str),
    /// The secret with this prefix removed when present.
    StripPrefix(&'static str),
}

/// Where a delivery's unique id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DedupeSource {
    /// A header.
    Header(&'static str),
    /// A JSON pointer into the body.
    Json(&'static str),
    /// The SHA-256 of the body (nothing better is sent).
    BodySha256,
}

/// The named canonicalisers: request shapes no template expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Canonicaliser {
    /// Twilio: URL ‖ sorted form params, or a URL with `bodySHA256`.
    Twilio,
    /// SignalWire: hex over URL ‖ body, or Twilio's scheme, by the signature's shape.
    SignalWire,
    /// Plivo V3 (URL, sorted query and params, nonce) and V2 (URL ‖ nonce).
    Plivo,
}

impl Canonicaliser {
    /// Every canonicaliser.
    pub const ALL: &'static [Canonicaliser] = &[
        Canonicaliser::Twilio,
        Canonicaliser::SignalWire,
        Canonicaliser::Plivo,
    ];

    /// The name a spec refers to it by.
    pub const fn name(self) -> &'static str {
        match self {
            Canonicaliser::Twilio => "twilio",
            Canonicaliser::SignalWire => "signalwire",
            Canonicaliser::Plivo => "plivo",
        }
    }
}

impl SchemeSpec {
    /// A scheme with no timestamp, id, requirements or condition: fill in the rest with
    /// struct update syntax.
    pub const fn new(id: &'static str, signature: SignatureSpec, signed: &'static [Piece]) -> Self {
        SchemeSpec {
            id,
            signature,
            timestamp: None,
            delivery_id: None,
            signed,
            key: KeyDecoding::Utf8,
            requires: &[],
            when: None,
        }
    }

    /// Whether `piece` is in the template.
    pub fn signs(&self, piece: Piece) -> bool {
        self.signed.contains(&piece)
    }

    /// What a signature under this scheme authenticates.
    pub fn covers(&self) -> crate::Coverage {
        let body = self.signs(Piece::Body);
        crate::Coverage {
            body,
            url: self.signs(Piece::Url) || self.signs(Piece::Uri),
            timestamp: self.signs(Piece::Timestamp)
                || (body
                    && matches!(self.timestamp, Some(t) if matches!(t.source, TimestampSource::Json(_)))),
        }
    }
}
