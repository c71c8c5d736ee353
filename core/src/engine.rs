//! The one engine that runs every template scheme: choose the scheme by the headers present,
//! parse the signature header by the spec's grammar, check the window, build the signed bytes
//! from the template and compare every candidate in constant time.
//!
//! Rules (shared with the vector oracle, and documented in `docs/custom-schemes.md`): the first
//! scheme whose signature header is present decides; a header's alternates are read too and
//! their signatures pooled; an entry that does not decode is skipped while another does; the
//! window is symmetric, inclusive and checked before the MAC.

use std::time::SystemTime;

use crate::encoding;
use smallvec::SmallVec;

use crate::limits::MAX_SIGNATURE_CANDIDATES;
use crate::mac::{Digest, Label, Matches, hmac, sha256};
use crate::request::{checked_len, too_many, trim};
use crate::secret::Key;
use crate::spec::{Format, HeaderSpec, InMac, Piece, SchemeSpec, TimeUnit, TimestampSource};
use crate::verifier::{SignOptions, Signed};
use crate::{Coverage, Error, Provider, Request, Scheme, Verified, window};

/// At most this many entries a list holds: the signature candidates of one request.
const CAP: usize = MAX_SIGNATURE_CANDIDATES;

/// A list kept inline for the usual one or two entries (the verify path allocates nothing
/// then), spilling to the heap up to its bound.
type Inline<T, const N: usize> = SmallVec<[T; N]>;

/// Appends `item` unless the list holds `CAP` already.
fn push_bounded<T, const N: usize>(list: &mut Inline<T, N>, item: T) -> bool {
    if list.len() == CAP {
        return false;
    }
    list.push(item);
    true
}

/// Verifies `request` under the provider's first applicable scheme. `keys[i]` are the secrets
/// keyed for scheme `i`; `tolerance_ms` overrides the scheme's default window when set.
pub(crate) fn verify(
    provider: Provider,
    keys: &[Vec<Key>],
    covers: &[Coverage],
    now_ms: i128,
    tolerance_ms: Option<u64>,
    request: &Request<'_>,
) -> Result<Verified, Error> {
    let (index, values) = choose(provider, request)?;
    let scheme = Scheme::of(provider, index);
    let spec = scheme.spec();
    let keys = keys.get(index).map_or(&[][..], Vec::as_slice);
    check_requirements(spec, request)?;

    let parsed = parse(spec, &values)?;
    let timestamp = match &spec.timestamp {
        Some(ts) => Some(read_timestamp(spec, ts.source, ts.unit, &parsed, request)?),
        None => None,
    };
    if let (Some(ts), Some(read)) = (&spec.timestamp, &timestamp) {
        let tolerance = tolerance_ms.unwrap_or(ts.tolerance_secs.saturating_mul(1000));
        window::check(read.header, read.millis, now_ms, tolerance)?;
    }
    let delivery_id = delivery_id(spec, request)?;
    let url = if spec.signs(Piece::Url) || spec.signs(Piece::Uri) {
        Some(crate::url::Url::parse(request.require_url(provider)?)?)
    } else {
        None
    };
    let timestamp_in_mac = timestamp.as_ref().map(|read| match spec.timestamp {
        Some(ts) if ts.in_mac == InMac::Integer => canonical_digits(read.text),
        _ => read.text,
    });

    let mut matches = Matches::new();
    for (secret_index, key) in keys.iter().enumerate() {
        let mut parts: Inline<&[u8], 8> = SmallVec::new();
        for piece in spec.signed {
            parts.push(match piece {
                Piece::Body => request.body_bytes(),
                Piece::Timestamp => timestamp_in_mac.unwrap_or_default(),
                Piece::DeliveryId => delivery_id.unwrap_or_default(),
                Piece::Url => url.as_ref().map_or("", |u| u.as_str()).as_bytes(),
                Piece::Uri => url.as_ref().map_or("", |u| u.target()).as_bytes(),
                Piece::Method => request.method().as_bytes(),
                Piece::Secret => key.raw.as_deref().unwrap_or_default(),
                Piece::Literal(text) => text.as_bytes(),
                Piece::Header(name) => request.required_value(name)?,
                Piece::Field(name) => parsed.field(name).ok_or_else(|| {
                    Error::malformed(
                        spec.signature.header.name,
                        format!("it has no {name}= item, which the signature covers"),
                    )
                })?,
            });
        }
        let computed = hmac(key, spec.signature.algorithm, &parts);
        for (header_index, digest) in &parsed.signatures {
            matches.record(
                computed.ct_eq(digest),
                Label::new(secret_index, *header_index),
            );
        }
    }
    let Some(label) = matches.first() else {
        return Err(Error::SignatureMismatch {
            header: spec.signature.header.name,
            checked: url.map(|u| u.as_str().to_owned()).into_iter().collect(),
        });
    };
    let (secret_index, header_index) = label.parts();
    Ok(Verified {
        provider,
        scheme,
        header: spec
            .signature
            .header
            .names()
            .nth(header_index)
            .unwrap_or(spec.signature.header.name),
        secret_index,
        timestamp: timestamp.and_then(|read| window::system_time(read.millis)),
        covers: covers.get(index).copied().unwrap_or_else(|| spec.covers()),
    })
}

/// Signature header values, each with the index of the name (primary 0, then alternates)
/// it came under.
type Values<'a> = Inline<(usize, &'a [u8]), 4>;

/// The first scheme whose signature header is present (and whose condition holds), with
/// that header's values.
fn choose<'a>(provider: Provider, request: &Request<'a>) -> Result<(usize, Values<'a>), Error> {
    let schemes = provider.spec().schemes;
    let mut any_present = false;
    let mut unmet_condition = None;
    for (index, spec) in schemes.iter().enumerate() {
        let mut values: Values<'a> = SmallVec::new();
        for (name_index, name) in spec.signature.header.names().enumerate() {
            for value in request.header_values(name) {
                any_present = true;
                let value = trim(checked_len(name, value)?);
                if !value.is_empty() && !push_bounded(&mut values, (name_index, value)) {
                    return Err(too_many(name));
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        if let Some((header, value)) = spec.when
            && request.single_value(header)? != Some(value.as_bytes())
        {
            unmet_condition.get_or_insert(header);
            continue;
        }
        return Ok((index, values));
    }
    if let Some(header) = unmet_condition {
        let expected: Vec<&str> = schemes
            .iter()
            .filter_map(|s| s.when.filter(|(h, _)| *h == header).map(|(_, v)| v))
            .collect();
        return Err(Error::malformed(
            header,
            format!("expected one of: {}", expected.join(", ")),
        ));
    }
    Err(Error::MissingHeader {
        header: schemes.first().map_or("", |s| s.signature.header.name),
        empty: any_present,
    })
}

fn check_requirements(spec: &SchemeSpec, request: &Request<'_>) -> Result<(), Error> {
    for (header, value) in spec.requires {
        if request.required_value(header)? != value.as_bytes() {
            return Err(Error::malformed(header, format!("expected {value}")));
        }
    }
    Ok(())
}

/// The signature header's content: every candidate signature (with the index of the header
/// name it came under) and the timestamp item, if the format has one.
struct Parsed<'a> {
    signatures: Inline<(usize, Digest), 2>,
    timestamp: Option<&'a [u8]>,
    /// The items the template signs by key (`Piece::Field`).
    fields: Inline<(&'static str, &'a [u8]), 2>,
}

impl<'a> Parsed<'a> {
    fn field(&self, name: &str) -> Option<&'a [u8]> {
        self.fields
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }
}

fn parse<'a>(spec: &SchemeSpec, values: &Values<'a>) -> Result<Parsed<'a>, Error> {
    let signature = &spec.signature;
    let header = signature.header.name;
    let len = signature.algorithm.output_len();
    let shape = || shape(spec);
    let mut texts: Values<'a> = SmallVec::new();
    let mut timestamp: Option<&'a [u8]> = None;
    let mut fields: Inline<(&'static str, &'a [u8]), 2> = SmallVec::new();
    let push = |texts: &mut Values<'a>, item| {
        if push_bounded(texts, item) {
            Ok(())
        } else {
            Err(too_many(header))
        }
    };
    for &(name_index, value) in values {
        match &signature.format {
            Format::Bare => push(&mut texts, (name_index, value))?,
            Format::Prefix(prefix) => {
                let rest = value
                    .strip_prefix(prefix.as_bytes())
                    .ok_or_else(|| Error::malformed(header, shape()))?;
                push(&mut texts, (name_index, rest))?;
            }
            Format::Kv {
                separator,
                signature_keys,
                timestamp_key,
                strict,
            } => {
                let split = separator.trim().bytes().next().unwrap_or(b',');
                let mut found_signature = false;
                for (position, item) in split_byte(value, split).enumerate() {
                    if *strict && position >= 2 {
                        return Err(Error::malformed(header, shape()));
                    }
                    let item = if *strict { item } else { trim(item) };
                    let Some(eq) = memchr::memchr(b'=', item) else {
                        if *strict {
                            return Err(Error::malformed(header, shape()));
                        }
                        continue;
                    };
                    let (key, text) = (
                        item.get(..eq).unwrap_or_default(),
                        item.get(eq + 1..).unwrap_or_default(),
                    );
                    let is_timestamp = timestamp_key.is_some_and(|k| k.as_bytes() == key);
                    let is_signature = signature_keys.iter().any(|k| k.as_bytes() == key);
                    if *strict && !(position == 0 && is_timestamp || position == 1 && is_signature)
                    {
                        return Err(Error::malformed(header, shape()));
                    }
                    for piece in spec.signed {
                        if let Piece::Field(name) = *piece
                            && name.as_bytes() == key
                        {
                            match fields.iter().find(|(k, _)| *k == name) {
                                Some((_, seen)) if *seen != text => {
                                    return Err(Error::malformed(
                                        header,
                                        format!("it holds two different {name}= items"),
                                    ));
                                }
                                Some(_) => {}
                                None => fields.push((name, text)),
                            }
                        }
                    }
                    if is_timestamp {
                        match timestamp {
                            Some(seen) if seen != text => {
                                return Err(Error::malformed(
                                    header,
                                    "it holds two different timestamps",
                                ));
                            }
                            _ => timestamp = Some(text),
                        }
                    } else if is_signature {
                        found_signature = true;
                        push(&mut texts, (name_index, text))?;
                    }
                }
                if !found_signature {
                    return Err(Error::malformed(header, shape()));
                }
            }
            Format::Positional {
                separator,
                timestamp_index,
            } => {
                let split = separator.trim().bytes().next().unwrap_or(b',');
                for (position, item) in split_byte(value, split).enumerate() {
                    let item = trim(item);
                    if timestamp_index.is_some_and(|at| usize::from(at) == position) {
                        timestamp = Some(item);
                    } else if !item.is_empty() {
                        push(&mut texts, (name_index, item))?;
                    }
                }
                if let Some(at) = timestamp_index
                    && timestamp.is_none_or(<[u8]>::is_empty)
                {
                    return Err(Error::malformed(
                        header,
                        format!("it has no timestamp at position {at}"),
                    ));
                }
            }
            Format::Versioned {
                separator,
                version_separator,
                versions,
            } => {
                for entry in split_str(value, separator.as_bytes()) {
                    let Some(at) = find(entry, version_separator.as_bytes()) else {
                        continue;
                    };
                    let version = entry.get(..at).unwrap_or_default();
                    if versions.iter().any(|v| v.as_bytes() == version) {
                        let text = entry
                            .get(at + version_separator.len()..)
                            .unwrap_or_default();
                        push(&mut texts, (name_index, text))?;
                    }
                }
            }
        }
    }
    if let Format::Kv {
        timestamp_key: Some(_),
        ..
    } = signature.format
        && timestamp.is_none()
    {
        return Err(Error::malformed(header, shape()));
    }
    let mut signatures = SmallVec::new();
    for &(name_index, text) in &texts {
        if let Some(digest) = encoding::decode(signature.encoding, text, len) {
            signatures.push((name_index, digest));
        }
    }
    if signatures.is_empty() {
        return Err(Error::malformed(header, shape()));
    }
    Ok(Parsed {
        signatures,
        timestamp,
        fields,
    })
}

/// What the signature header should look like, for `malformed_header` messages.
fn shape(spec: &SchemeSpec) -> String {
    let signature = &spec.signature;
    let encoded = encoding::describe(signature.encoding, signature.algorithm.output_len());
    match &signature.format {
        Format::Bare => format!("expected {encoded}"),
        Format::Prefix(prefix) => format!("expected {prefix} followed by {encoded}"),
        Format::Kv {
            separator,
            signature_keys,
            timestamp_key,
            ..
        } => {
            let first = signature_keys.first().copied().unwrap_or("v1");
            match timestamp_key {
                Some(t) => format!(
                    "expected {t}=<timestamp>{separator}{first}=<{encoded}>, more {first}= items allowed"
                ),
                None => format!("expected {first}=<{encoded}>"),
            }
        }
        Format::Positional {
            separator,
            timestamp_index,
        } => match timestamp_index {
            Some(at) => format!(
                "expected a timestamp at position {at} and signatures ({encoded}), separated by {separator:?}"
            ),
            None => format!("expected signatures ({encoded}) separated by {separator:?}"),
        },
        Format::Versioned {
            separator,
            version_separator,
            versions,
        } => {
            let first = versions.first().copied().unwrap_or("v1");
            format!(
                "expected {first}{version_separator}<{encoded}> entries separated by {separator:?}"
            )
        }
    }
}

/// A timestamp as read: its text, its value in ms and the header it came from (for errors).
struct ReadTimestamp<'a> {
    text: &'a [u8],
    millis: i128,
    header: &'static str,
}

fn read_timestamp<'a>(
    spec: &SchemeSpec,
    source: TimestampSource,
    unit: TimeUnit,
    parsed: &Parsed<'a>,
    request: &Request<'a>,
) -> Result<ReadTimestamp<'a>, Error> {
    let signature_header = spec.signature.header.name;
    let (header, text) = match source {
        TimestampSource::Header(header) => (header.name, first_value(&header, request)?),
        TimestampSource::Field(_) => (
            signature_header,
            parsed
                .timestamp
                .ok_or_else(|| Error::malformed(signature_header, shape(spec)))?,
        ),
        TimestampSource::Json(pointer) => {
            let millis = json_timestamp(request.body_bytes(), pointer, unit)?;
            return Ok(ReadTimestamp {
                text: b"",
                millis,
                header: signature_header,
            });
        }
    };
    let millis = parse_time(text, unit).ok_or_else(|| {
        Error::malformed(
            header,
            match unit {
                TimeUnit::Seconds => "expected a Unix time in seconds (digits only)",
                TimeUnit::Millis => "expected a Unix time in milliseconds (digits only)",
                TimeUnit::Rfc3339 => "expected an RFC 3339 date-time",
            },
        )
    })?;
    Ok(ReadTimestamp {
        text,
        millis,
        header,
    })
}

/// Milliseconds since the epoch of a timestamp written in `unit`.
fn parse_time(text: &[u8], unit: TimeUnit) -> Option<i128> {
    match unit {
        TimeUnit::Seconds => window::parse_digits(text).map(|s| s.saturating_mul(1000)),
        TimeUnit::Millis => window::parse_digits(text),
        TimeUnit::Rfc3339 => {
            let text = std::str::from_utf8(text).ok()?;
            let parsed =
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .ok()?;
            Some(parsed.unix_timestamp_nanos() / 1_000_000)
        }
    }
}

/// The timestamp a JSON body carries at `pointer` (Linear's `webhookTimestamp`).
fn json_timestamp(body: &[u8], pointer: &str, unit: TimeUnit) -> Result<i128, Error> {
    let missing = || {
        Error::invalid_body(format!(
            "the JSON body has no numeric timestamp at {pointer}"
        ))
    };
    let whole = crate::json_pointer::number_at(body, pointer).ok_or_else(missing)?;
    Ok(match unit {
        TimeUnit::Millis => whole,
        _ => whole.saturating_mul(1000),
    })
}

fn delivery_id<'a>(spec: &SchemeSpec, request: &Request<'a>) -> Result<Option<&'a [u8]>, Error> {
    spec.delivery_id
        .as_ref()
        .map(|id| first_value(id, request))
        .transpose()
}

/// The value of the first of the header's names that is present and not empty.
fn first_value<'a>(header: &HeaderSpec, request: &Request<'a>) -> Result<&'a [u8], Error> {
    for name in header.names() {
        if let Some(value) = request.single_value(name)? {
            return Ok(value);
        }
    }
    Err(Error::MissingHeader {
        header: header.name,
        empty: header
            .names()
            .any(|n| request.header_values(n).next().is_some()),
    })
}

/// The decimal of the integer the digits spell: leading zeros dropped, `0` kept.
fn canonical_digits(digits: &[u8]) -> &[u8] {
    let first_significant = digits
        .iter()
        .position(|&b| b != b'0')
        .unwrap_or(digits.len().saturating_sub(1));
    digits.get(first_significant..).unwrap_or(b"0")
}

/// The pieces of `value` between occurrences of `separator`, found with SIMD (`memchr`).
fn split_byte(value: &[u8], separator: u8) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr(separator, current) {
            Some(at) => {
                rest = current.get(at + 1..);
                current.get(..at)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn split_str<'a>(value: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        loop {
            let current = rest?;
            let (item, next) = match find(current, separator) {
                Some(at) => (
                    current.get(..at).unwrap_or_default(),
                    current.get(at + separator.len().max(1)..),
                ),
                None => (current, None),
            };
            rest = next;
            if !item.is_empty() {
                return Some(item);
            }
        }
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The headers the provider would send for `request` under `options.scheme` (or the
/// provider's first scheme), signed with the first secret.
pub(crate) fn sign(
    provider: Provider,
    keys: &[Vec<Key>],
    now: SystemTime,
    request: &Request<'_>,
    options: &SignOptions<'_>,
) -> Result<Signed, Error> {
    let scheme = options.scheme.unwrap_or(Scheme::of(provider, 0));
    let spec = scheme.spec();
    let key = keys
        .get(scheme.index())
        .and_then(|k| k.first())
        .ok_or_else(|| Error::InvalidSecret {
            reason: "no secret given".into(),
        })?;
    let now_ms = window::unix_millis(now)?;
    let mut headers: Vec<(&'static str, String)> = Vec::new();

    let timestamp_text: Option<String> = match spec.timestamp {
        None => None,
        Some(ts) => match ts.source {
            // The body carries it; a body without one could never verify.
            TimestampSource::Json(pointer) => {
                json_timestamp(request.body_bytes(), pointer, ts.unit)?;
                None
            }
            _ => Some(format_time(now_ms, ts.unit)?),
        },
    };
    let delivery_id: Option<String> = match &spec.delivery_id {
        None => None,
        Some(id) => Some(
            match id.names().find_map(|n| request.single_value(n).transpose()) {
                Some(value) => String::from_utf8_lossy(value?).into_owned(),
                None => derived_id(now_ms, request.body_bytes()),
            },
        ),
    };
    let url = if spec.signs(Piece::Url) || spec.signs(Piece::Uri) {
        Some(crate::url::Url::parse(request.require_url(provider)?)?)
    } else {
        None
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for piece in spec.signed {
        parts.push(match piece {
            Piece::Body => request.body_bytes(),
            Piece::Timestamp => timestamp_text.as_deref().unwrap_or_default().as_bytes(),
            Piece::DeliveryId => delivery_id.as_deref().unwrap_or_default().as_bytes(),
            Piece::Url => url.as_ref().map_or("", |u| u.as_str()).as_bytes(),
            Piece::Uri => url.as_ref().map_or("", |u| u.target()).as_bytes(),
            Piece::Method => request.method().as_bytes(),
            Piece::Secret => key.raw.as_deref().unwrap_or_default(),
            Piece::Literal(text) => text.as_bytes(),
            Piece::Header(name) => request.required_value(name)?,
            Piece::Field(name) => {
                return Err(Error::invalid_argument(format!(
                    "{} signs its header's {name}= item, which sign cannot make up: sign such \
                     requests with the sender's own tools",
                    scheme.id()
                )));
            }
        });
    }
    let encoded = encoding::encode(
        spec.signature.encoding,
        hmac(key, spec.signature.algorithm, &parts).as_slice(),
    );
    let value = match &spec.signature.format {
        Format::Bare => encoded,
        Format::Prefix(prefix) => format!("{prefix}{encoded}"),
        Format::Kv {
            separator,
            signature_keys,
            timestamp_key,
            ..
        } => {
            let key = signature_keys.first().copied().unwrap_or("v1");
            match (timestamp_key, &timestamp_text) {
                (Some(t), Some(text)) => format!("{t}={text}{separator}{key}={encoded}"),
                _ => format!("{key}={encoded}"),
            }
        }
        Format::Positional {
            separator,
            timestamp_index,
        } => match (timestamp_index, &timestamp_text) {
            (Some(0), Some(text)) => format!("{text}{separator}{encoded}"),
            (Some(_), Some(text)) => format!("{encoded}{separator}{text}"),
            _ => encoded,
        },
        Format::Versioned {
            version_separator,
            versions,
            ..
        } => format!(
            "{}{version_separator}{encoded}",
            versions.first().copied().unwrap_or("v1")
        ),
    };
    headers.push((spec.signature.header.name, value));
    if let (Some(ts), Some(text)) = (spec.timestamp, timestamp_text)
        && let TimestampSource::Header(header) = ts.source
    {
        headers.push((header.name, text));
    }
    if let (Some(id), Some(value)) = (&spec.delivery_id, delivery_id) {
        headers.push((id.name, value));
    }
    for (name, value) in spec.requires {
        headers.push((name, (*value).to_owned()));
    }
    if let Some((name, value)) = spec.when {
        headers.push((name, value.to_owned()));
    }
    Ok(Signed {
        scheme,
        headers,
        url: None,
    })
}

/// `now_ms` written in `unit`.
fn format_time(now_ms: i128, unit: TimeUnit) -> Result<String, Error> {
    Ok(match unit {
        TimeUnit::Seconds => (now_ms / 1000).to_string(),
        TimeUnit::Millis => now_ms.to_string(),
        TimeUnit::Rfc3339 => time::OffsetDateTime::from_unix_timestamp_nanos(now_ms * 1_000_000)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .ok_or_else(|| Error::invalid_argument("now cannot be written as RFC 3339"))?,
    })
}

/// A delivery id for test deliveries: `msg_` and 24 hex digits of the SHA-256 of the time and
/// body. Not secret-derived.
fn derived_id(now_ms: i128, body: &[u8]) -> String {
    let seed = [now_ms.to_string().as_bytes(), b"\n", body].concat();
    let digest = sha256(&seed);
    format!(
        "msg_{}",
        encoding::hex_lower(digest.as_slice().get(..12).unwrap_or_default())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_digits_drop_leading_zeros() {
        assert_eq!(canonical_digits(b"000123"), b"123");
        assert_eq!(canonical_digits(b"0000"), b"0");
        assert_eq!(canonical_digits(b"7"), b"7");
    }

    #[test]
    fn rfc3339_with_fraction_and_offset() {
        assert_eq!(
            parse_time(b"2023-11-14T22:13:20.123456789Z", TimeUnit::Rfc3339),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            parse_time(b"2023-11-14T23:13:20+01:00", TimeUnit::Rfc3339),
            Some(1_700_000_000_000)
        );
        assert_eq!(parse_time(b"1700000000", TimeUnit::Rfc3339), None);
        assert_eq!(parse_time(b"17e8", TimeUnit::Seconds), None);
    }

    #[test]
    fn split_skips_runs_of_the_separator() {
        let items: Vec<&[u8]> = split_str(b"  v1,a  v1,b ", b" ").collect();
        assert_eq!(items, [&b"v1,a"[..], b"v1,b"]);
    }
}
