//! User-defined providers: the registry's vocabulary as plain JSON (`docs/custom-schemes.md`),
//! validated and compiled into the same [`ProviderSpec`] data the engine runs; and `describe`,
//! the inverse, for every provider.

use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::limits::{MAX_CUSTOM_SPECS, MAX_SIGNATURE_CANDIDATES, MAX_TEMPLATE_PIECES};
use crate::spec::{
    Algorithm, Canonicaliser, DedupeSource, Encoding, Format, HeaderSpec, InMac, KeyDecoding,
    Piece, ProviderSpec, SchemeSpec, SignatureSpec, TimeUnit, TimestampSource, TimestampSpec,
};
use crate::{Error, Provider, canon};

// ------------------------------------------------------------------------------------------
// The JSON form: owned mirrors of the spec types
// ------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ProviderJson {
    id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    canonicaliser: Option<String>,
    schemes: Vec<SchemeJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dedupe: Option<DedupeJson>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    secret_hint: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SchemeJson {
    id: String,
    signature: SignatureJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timestamp: Option<TimestampJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delivery_id: Option<HeaderJson>,
    signed: Vec<PieceJson>,
    #[serde(default = "utf8", skip_serializing_if = "is_utf8")]
    key: KeyJson,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    requires: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    when: Option<WhenJson>,
}

fn utf8() -> KeyJson {
    KeyJson::Utf8
}

fn is_utf8(key: &KeyJson) -> bool {
    *key == KeyJson::Utf8
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct HeaderJson {
    header: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    alternates: Vec<String>,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SignatureJson {
    header: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    alternates: Vec<String>,
    format: FormatJson,
    encoding: EncodingJson,
    algorithm: AlgorithmJson,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
enum FormatJson {
    Bare {},
    Prefix {
        prefix: String,
    },
    Kv {
        separator: String,
        signature_keys: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timestamp_key: Option<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        strict: bool,
    },
    Positional {
        separator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timestamp_index: Option<u8>,
    },
    Versioned {
        separator: String,
        version_separator: String,
        versions: Vec<String>,
    },
}

#[derive(Serialize, Deserialize, PartialEq, Clone, Copy)]
enum EncodingJson {
    #[serde(rename = "hex")]
    Hex,
    #[serde(rename = "hex-any-case")]
    HexAnyCase,
    #[serde(rename = "base64")]
    Base64,
    #[serde(rename = "base64url")]
    Base64Url,
}

#[derive(Serialize, Deserialize, PartialEq, Clone, Copy)]
enum AlgorithmJson {
    #[serde(rename = "hmac-sha1")]
    HmacSha1,
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    #[serde(rename = "hmac-sha512")]
    HmacSha512,
    #[serde(rename = "sha256")]
    Sha256,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct TimestampJson {
    source: SourceJson,
    /// Other names of a header source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    alternates: Vec<String>,
    unit: UnitJson,
    tolerance: u64,
    #[serde(default = "verbatim", skip_serializing_if = "is_verbatim")]
    in_mac: InMacJson,
}

fn verbatim() -> InMacJson {
    InMacJson::Verbatim
}

fn is_verbatim(in_mac: &InMacJson) -> bool {
    *in_mac == InMacJson::Verbatim
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum SourceJson {
    Header(String),
    Field(String),
    Json(String),
}

#[derive(Serialize, Deserialize, PartialEq, Clone, Copy)]
enum UnitJson {
    #[serde(rename = "s")]
    Seconds,
    #[serde(rename = "ms")]
    Millis,
    #[serde(rename = "rfc3339")]
    Rfc3339,
}

#[derive(Serialize, Deserialize, PartialEq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum InMacJson {
    Verbatim,
    Integer,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum PieceJson {
    Body,
    Timestamp,
    DeliveryId,
    Url,
    Uri,
    Method,
    Secret,
    Literal(String),
    Header(String),
    Field(String),
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
enum KeyJson {
    #[serde(rename = "utf8")]
    Utf8,
    #[serde(rename = "whsec-base64")]
    WhsecBase64,
    #[serde(rename = "base64")]
    Base64,
    #[serde(rename = "hex")]
    Hex,
    #[serde(rename = "require_prefix")]
    RequirePrefix(String),
    #[serde(rename = "strip_prefix")]
    StripPrefix(String),
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct WhenJson {
    header: String,
    value: String,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum DedupeJson {
    Header(String),
    Json(String),
    #[serde(rename = "body-sha256")]
    BodySha256,
}

// ------------------------------------------------------------------------------------------
// JSON -> a provider
// ------------------------------------------------------------------------------------------

/// Compiled custom specs, by their normalised JSON, so that the same spec is compiled once.
static COMPILED: Mutex<Vec<(String, &'static ProviderSpec)>> = Mutex::new(Vec::new());

pub(crate) fn provider_from_json(json: &str) -> Result<Provider, Error> {
    const MAX_SPEC_BYTES: usize = 64 * 1024;
    if json.len() > MAX_SPEC_BYTES {
        return Err(Error::invalid_scheme(
            "spec",
            format!("it is {} bytes; the limit is {MAX_SPEC_BYTES}", json.len()),
        ));
    }
    let parsed: ProviderJson = serde_json::from_str(json).map_err(|e| {
        // serde's message names the field (`unknown field `x`, expected one of ...`) and the
        // position; it never echoes a value beyond a type name or a short token.
        Error::invalid_scheme("spec", e.to_string())
    })?;
    let normalised =
        serde_json::to_string(&parsed).map_err(|e| Error::invalid_scheme("spec", e.to_string()))?;
    // A lock poisoned by a panic elsewhere holds only complete entries.
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, spec)) = compiled.iter().find(|(json, _)| *json == normalised) {
        return Ok(Provider(spec));
    }
    if compiled.len() >= MAX_CUSTOM_SPECS {
        return Err(Error::invalid_scheme(
            "spec",
            format!(
                "this process already compiled {MAX_CUSTOM_SPECS} distinct custom specs; build \
                 each once at start-up and reuse its verifier"
            ),
        ));
    }
    validate(&parsed)?;
    let spec = compile(parsed);
    // Kept for the life of the process, like an interned string: handles are `&'static`, and
    // the cache above bounds how many there can be.
    let spec: &'static ProviderSpec = Box::leak(Box::new(spec));
    compiled.push((normalised, spec));
    Ok(Provider(spec))
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leak_all<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

fn leak_strs(items: Vec<String>) -> &'static [&'static str] {
    leak_all(items.into_iter().map(leak).collect())
}

/// The validated JSON as `'static` spec data, kept for the life of the process.
fn compile(json: ProviderJson) -> ProviderSpec {
    // Validation already accepted the name.
    let canonicaliser = json
        .canonicaliser
        .as_deref()
        .and_then(|name| canonicaliser(name).ok());
    ProviderSpec {
        id: leak(json.id),
        aliases: leak_strs(json.aliases),
        schemes: leak_all(json.schemes.into_iter().map(compile_scheme).collect()),
        canonicaliser,
        dedupe: json.dedupe.map(|d| match d {
            DedupeJson::Header(name) => DedupeSource::Header(leak(name)),
            DedupeJson::Json(pointer) => DedupeSource::Json(leak(pointer)),
            DedupeJson::BodySha256 => DedupeSource::BodySha256,
        }),
        secret_hint: leak(json.secret_hint),
        source: leak(json.source),
    }
}

fn compile_scheme(json: SchemeJson) -> SchemeSpec {
    let signature = json.signature;
    SchemeSpec {
        id: leak(json.id),
        signature: SignatureSpec {
            header: HeaderSpec {
                name: leak(signature.header),
                alternates: leak_strs(signature.alternates),
            },
            format: match signature.format {
                FormatJson::Bare {} => Format::Bare,
                FormatJson::Prefix { prefix } => Format::Prefix(leak(prefix)),
                FormatJson::Kv {
                    separator,
                    signature_keys,
                    timestamp_key,
                    strict,
                } => Format::Kv {
                    separator: leak(separator),
                    signature_keys: leak_strs(signature_keys),
                    timestamp_key: timestamp_key.map(leak),
                    strict,
                },
                FormatJson::Positional {
                    separator,
                    timestamp_index,
                } => Format::Positional {
                    separator: leak(separator),
                    timestamp_index,
                },
                FormatJson::Versioned {
                    separator,
                    version_separator,
                    versions,
                } => Format::Versioned {
                    separator: leak(separator),
                    version_separator: leak(version_separator),
                    versions: leak_strs(versions),
                },
            },
            encoding: match signature.encoding {
                EncodingJson::Hex => Encoding::Hex,
                EncodingJson::HexAnyCase => Encoding::HexAnyCase,
                EncodingJson::Base64 => Encoding::Base64,
                EncodingJson::Base64Url => Encoding::Base64Url,
            },
            algorithm: match signature.algorithm {
                AlgorithmJson::HmacSha1 => Algorithm::HmacSha1,
                AlgorithmJson::HmacSha256 => Algorithm::HmacSha256,
                AlgorithmJson::HmacSha512 => Algorithm::HmacSha512,
                AlgorithmJson::Sha256 => Algorithm::Sha256,
            },
        },
        timestamp: json.timestamp.map(|t| TimestampSpec {
            source: match t.source {
                SourceJson::Header(name) => TimestampSource::Header(HeaderSpec {
                    name: leak(name),
                    alternates: leak_strs(t.alternates),
                }),
                SourceJson::Field(key) => TimestampSource::Field(leak(key)),
                SourceJson::Json(pointer) => TimestampSource::Json(leak(pointer)),
            },
            unit: match t.unit {
                UnitJson::Seconds => TimeUnit::Seconds,
                UnitJson::Millis => TimeUnit::Millis,
                UnitJson::Rfc3339 => TimeUnit::Rfc3339,
            },
            tolerance_secs: t.tolerance,
            in_mac: match t.in_mac {
                InMacJson::Verbatim => InMac::Verbatim,
                InMacJson::Integer => InMac::Integer,
            },
        }),
        delivery_id: json.delivery_id.map(|h| HeaderSpec {
            name: leak(h.header),
            alternates: leak_strs(h.alternates),
        }),
        signed: leak_all(
            json.signed
                .into_iter()
                .map(|piece| match piece {
                    PieceJson::Body => Piece::Body,
                    PieceJson::Timestamp => Piece::Timestamp,
                    PieceJson::DeliveryId => Piece::DeliveryId,
                    PieceJson::Url => Piece::Url,
                    PieceJson::Uri => Piece::Uri,
                    PieceJson::Method => Piece::Method,
                    PieceJson::Secret => Piece::Secret,
                    PieceJson::Literal(text) => Piece::Literal(leak(text)),
                    PieceJson::Header(name) => Piece::Header(leak(name)),
                    PieceJson::Field(name) => Piece::Field(leak(name)),
                })
                .collect(),
        ),
        key: match json.key {
            KeyJson::Utf8 => KeyDecoding::Utf8,
            KeyJson::WhsecBase64 => KeyDecoding::WhsecBase64,
            KeyJson::Base64 => KeyDecoding::Base64,
            KeyJson::Hex => KeyDecoding::Hex,
            KeyJson::RequirePrefix(prefix) => KeyDecoding::RequirePrefix(leak(prefix)),
            KeyJson::StripPrefix(prefix) => KeyDecoding::StripPrefix(leak(prefix)),
        },
        requires: leak_all(
            json.requires
                .into_iter()
                .map(|(name, value)| (leak(name), leak(value)))
                .collect(),
        ),
        when: json.when.map(|w| (leak(w.header), leak(w.value))),
    }
}

// ------------------------------------------------------------------------------------------
// Validation: every combination the engine cannot run, named by its field
// ------------------------------------------------------------------------------------------

/// Checks a spec in its JSON form, before anything is compiled (nothing of an invalid spec is
/// kept). Built-in specs are checked through their description, in a test.
fn validate(spec: &ProviderJson) -> Result<(), Error> {
    check_id("id", &spec.id)?;
    for (i, alias) in spec.aliases.iter().enumerate() {
        check_id(&format!("aliases[{i}]"), alias)?;
    }
    if spec.schemes.is_empty() {
        return Err(Error::invalid_scheme(
            "schemes",
            "at least one scheme is needed",
        ));
    }
    if spec.schemes.len() > MAX_SIGNATURE_CANDIDATES {
        return Err(Error::invalid_scheme(
            "schemes",
            format!("at most {MAX_SIGNATURE_CANDIDATES} schemes"),
        ));
    }
    let canonicaliser = match &spec.canonicaliser {
        None => None,
        Some(name) => Some(canonicaliser(name)?),
    };
    if let Some(canonicaliser) = canonicaliser {
        let ids: Vec<&str> = spec.schemes.iter().map(|s| s.id.as_str()).collect();
        let expected = canon::scheme_ids(canonicaliser);
        if ids != expected {
            return Err(Error::invalid_scheme(
                "schemes",
                format!(
                    "the {} canonicaliser reports the schemes {}, in that order",
                    canonicaliser.name(),
                    expected.join(", ")
                ),
            ));
        }
    }
    for (i, scheme) in spec.schemes.iter().enumerate() {
        let at = |field: &str| format!("schemes[{i}].{field}");
        check_id(&at("id"), &scheme.id)?;
        if spec.schemes.iter().take(i).any(|s| s.id == scheme.id) {
            return Err(Error::invalid_scheme(at("id"), "two schemes have this id"));
        }
        if canonicaliser.is_none() {
            validate_scheme(scheme, &at)?;
        }
    }
    match &spec.dedupe {
        Some(DedupeJson::Header(name)) => check_header("dedupe.header", name)?,
        Some(DedupeJson::Json(pointer)) => check_pointer("dedupe.json", pointer)?,
        _ => {}
    }
    Ok(())
}

/// Validates a provider's description, as a custom spec would be (the registry's own test).
#[cfg(test)]
pub(crate) fn validate_described(provider: Provider) -> Result<(), Error> {
    let json: ProviderJson = serde_json::from_str(&describe(provider))
        .map_err(|e| Error::invalid_scheme("spec", e.to_string()))?;
    validate(&json)
}

fn canonicaliser(name: &str) -> Result<Canonicaliser, Error> {
    Canonicaliser::ALL
        .iter()
        .copied()
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            Error::invalid_scheme(
                "canonicaliser",
                format!(
                    "unknown canonicaliser; expected one of: {}",
                    Canonicaliser::ALL
                        .iter()
                        .map(|c| c.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}

fn validate_scheme(scheme: &SchemeJson, at: &dyn Fn(&str) -> String) -> Result<(), Error> {
    let signature = &scheme.signature;
    check_header(&at("signature.header"), &signature.header)?;
    for (j, name) in signature.alternates.iter().enumerate() {
        check_header(&at(&format!("signature.alternates[{j}]")), name)?;
    }
    if signature.alternates.len() > 7 {
        return Err(Error::invalid_scheme(
            at("signature.alternates"),
            "at most 7 alternates",
        ));
    }
    let field_source = |key: &str| matches!(&scheme.timestamp, Some(t) if t.source == SourceJson::Field(key.to_owned()));
    match &signature.format {
        FormatJson::Bare {} => {}
        FormatJson::Prefix { prefix } => non_empty(&at("signature.format.prefix"), prefix)?,
        FormatJson::Kv {
            separator,
            signature_keys,
            timestamp_key,
            strict,
        } => {
            if separator.trim().is_empty() {
                return Err(Error::invalid_scheme(
                    at("signature.format.separator"),
                    "needs a character other than a space",
                ));
            }
            if signature_keys.is_empty() || signature_keys.iter().any(String::is_empty) {
                return Err(Error::invalid_scheme(
                    at("signature.format.signature_keys"),
                    "list at least one key, none empty",
                ));
            }
            if *strict && timestamp_key.is_none() {
                return Err(Error::invalid_scheme(
                    at("signature.format.strict"),
                    "a strict list is timestamp_key=…,signature=…: set timestamp_key",
                ));
            }
            if let Some(key) = timestamp_key
                && !field_source(key)
            {
                return Err(Error::invalid_scheme(
                    at("signature.format.timestamp_key"),
                    format!("set timestamp.source to {{\"field\": \"{key}\"}} to check it"),
                ));
            }
        }
        FormatJson::Positional {
            separator,
            timestamp_index,
        } => {
            if separator.trim().is_empty() {
                return Err(Error::invalid_scheme(
                    at("signature.format.separator"),
                    "needs a character other than a space",
                ));
            }
            if let Some(index) = timestamp_index
                && !field_source(&index.to_string())
            {
                return Err(Error::invalid_scheme(
                    at("signature.format.timestamp_index"),
                    format!("set timestamp.source to {{\"field\": \"{index}\"}} to check it"),
                ));
            }
        }
        FormatJson::Versioned {
            separator,
            version_separator,
            versions,
        } => {
            non_empty(&at("signature.format.separator"), separator)?;
            non_empty(&at("signature.format.version_separator"), version_separator)?;
            if versions.is_empty() || versions.iter().any(String::is_empty) {
                return Err(Error::invalid_scheme(
                    at("signature.format.versions"),
                    "list at least one version, none empty",
                ));
            }
        }
    }
    if scheme.signed.is_empty() {
        return Err(Error::invalid_scheme(at("signed"), "the template is empty"));
    }
    if scheme.signed.len() > MAX_TEMPLATE_PIECES {
        return Err(Error::invalid_scheme(
            at("signed"),
            format!("at most {MAX_TEMPLATE_PIECES} pieces"),
        ));
    }
    if signature.algorithm == AlgorithmJson::Sha256 && !scheme.signed.contains(&PieceJson::Secret) {
        return Err(Error::invalid_scheme(
            at("signed"),
            "algorithm sha256 is a plain hash: without \"secret\" in the template anyone could \
             compute it",
        ));
    }
    let json_timestamp =
        matches!(&scheme.timestamp, Some(t) if matches!(t.source, SourceJson::Json(_)));
    for (j, piece) in scheme.signed.iter().enumerate() {
        let field = at(&format!("signed[{j}]"));
        match piece {
            PieceJson::Timestamp if scheme.timestamp.is_none() => {
                return Err(Error::invalid_scheme(
                    field,
                    "\"timestamp\" needs a timestamp source (set timestamp)",
                ));
            }
            PieceJson::Timestamp if json_timestamp => {
                return Err(Error::invalid_scheme(
                    field,
                    "a timestamp read from the body is signed through \"body\"; remove \"timestamp\"",
                ));
            }
            PieceJson::DeliveryId if scheme.delivery_id.is_none() => {
                return Err(Error::invalid_scheme(
                    field,
                    "\"delivery_id\" needs delivery_id (the header that carries it)",
                ));
            }
            PieceJson::Header(name) => check_header(&field, name)?,
            PieceJson::Literal(text) => non_empty(&field, text)?,
            PieceJson::Field(name)
                if !matches!(signature.format, FormatJson::Kv { .. }) || name.is_empty() =>
            {
                return Err(Error::invalid_scheme(
                    field,
                    "a \"field\" piece names an item of a kv signature header",
                ));
            }
            _ => {}
        }
    }
    if let Some(t) = &scheme.timestamp {
        if t.tolerance == 0 || t.tolerance > 366 * 24 * 3600 {
            return Err(Error::invalid_scheme(
                at("timestamp.tolerance"),
                "seconds, from 1 to a year",
            ));
        }
        if !t.alternates.is_empty() && !matches!(t.source, SourceJson::Header(_)) {
            return Err(Error::invalid_scheme(
                at("timestamp.alternates"),
                "alternates are other names of a header source",
            ));
        }
        match &t.source {
            SourceJson::Header(name) => {
                for name in std::iter::once(name).chain(&t.alternates) {
                    check_header(&at("timestamp.source.header"), name)?;
                }
            }
            SourceJson::Field(key) => {
                let names_it = match &signature.format {
                    FormatJson::Kv {
                        timestamp_key: Some(k),
                        ..
                    } => k == key,
                    FormatJson::Positional {
                        timestamp_index: Some(index),
                        ..
                    } => index.to_string() == *key,
                    _ => false,
                };
                if !names_it {
                    return Err(Error::invalid_scheme(
                        at("timestamp.source.field"),
                        format!(
                            "a field source needs a kv signature format with timestamp_key \"{key}\", \
                             or a positional one with timestamp_index {key}"
                        ),
                    ));
                }
            }
            SourceJson::Json(pointer) => {
                check_pointer(&at("timestamp.source.json"), pointer)?;
                if t.unit == UnitJson::Rfc3339 {
                    return Err(Error::invalid_scheme(
                        at("timestamp.unit"),
                        "a JSON timestamp is a number: s or ms",
                    ));
                }
            }
        }
        if t.in_mac == InMacJson::Integer && t.unit == UnitJson::Rfc3339 {
            return Err(Error::invalid_scheme(
                at("timestamp.in_mac"),
                "integer applies to s and ms timestamps",
            ));
        }
    }
    if let Some(id) = &scheme.delivery_id {
        for name in std::iter::once(&id.header).chain(&id.alternates) {
            check_header(&at("delivery_id"), name)?;
        }
    }
    for (j, (name, value)) in scheme.requires.iter().enumerate() {
        check_header(&at(&format!("requires[{j}]")), name)?;
        non_empty(&at(&format!("requires[{j}]")), value)?;
    }
    if let Some(when) = &scheme.when {
        check_header(&at("when.header"), &when.header)?;
        non_empty(&at("when.value"), &when.value)?;
    }
    if let KeyJson::RequirePrefix(prefix) | KeyJson::StripPrefix(prefix) = &scheme.key {
        non_empty(&at("key"), prefix)?;
    }
    Ok(())
}

fn check_id(field: &str, id: &str) -> Result<(), Error> {
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_scheme(
            field,
            "an id is 1 to 64 characters of a-z, 0-9, - and _",
        ))
    }
}

fn check_header(field: &str, name: &str) -> Result<(), Error> {
    // RFC 9110 token characters.
    let valid = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_scheme(field, "not a valid HTTP header name"))
    }
}

fn check_pointer(field: &str, pointer: &str) -> Result<(), Error> {
    if pointer.starts_with('/') {
        Ok(())
    } else {
        Err(Error::invalid_scheme(
            field,
            "a JSON pointer starts with / (e.g. /data/id)",
        ))
    }
}

fn non_empty(field: &str, text: &str) -> Result<(), Error> {
    if text.is_empty() {
        Err(Error::invalid_scheme(field, "must not be empty"))
    } else {
        Ok(())
    }
}

// ------------------------------------------------------------------------------------------
// A provider -> JSON
// ------------------------------------------------------------------------------------------

pub(crate) fn describe(provider: Provider) -> String {
    let spec = provider.spec();
    let json = ProviderJson {
        id: spec.id.to_owned(),
        aliases: strings(spec.aliases),
        canonicaliser: spec.canonicaliser.map(|c| c.name().to_owned()),
        schemes: spec.schemes.iter().map(describe_scheme).collect(),
        dedupe: spec.dedupe.map(|d| match d {
            DedupeSource::Header(name) => DedupeJson::Header(name.to_owned()),
            DedupeSource::Json(pointer) => DedupeJson::Json(pointer.to_owned()),
            DedupeSource::BodySha256 => DedupeJson::BodySha256,
        }),
        secret_hint: spec.secret_hint.to_owned(),
        source: spec.source.to_owned(),
    };
    // Serialising plain strings, numbers and lists cannot fail.
    serde_json::to_string(&json).unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn describe_scheme(scheme: &SchemeSpec) -> SchemeJson {
    let signature = &scheme.signature;
    SchemeJson {
        id: scheme.id.to_owned(),
        signature: SignatureJson {
            header: signature.header.name.to_owned(),
            alternates: strings(signature.header.alternates),
            format: match &signature.format {
                Format::Bare => FormatJson::Bare {},
                Format::Prefix(prefix) => FormatJson::Prefix {
                    prefix: (*prefix).to_owned(),
                },
                Format::Kv {
                    separator,
                    signature_keys,
                    timestamp_key,
                    strict,
                } => FormatJson::Kv {
                    separator: (*separator).to_owned(),
                    signature_keys: strings(signature_keys),
                    timestamp_key: timestamp_key.map(str::to_owned),
                    strict: *strict,
                },
                Format::Positional {
                    separator,
                    timestamp_index,
                } => FormatJson::Positional {
                    separator: (*separator).to_owned(),
                    timestamp_index: *timestamp_index,
                },
                Format::Versioned {
                    separator,
                    version_separator,
                    versions,
                } => FormatJson::Versioned {
                    separator: (*separator).to_owned(),
                    version_separator: (*version_separator).to_owned(),
                    versions: strings(versions),
                },
            },
            encoding: match signature.encoding {
                Encoding::Hex => EncodingJson::Hex,
                Encoding::HexAnyCase => EncodingJson::HexAnyCase,
                Encoding::Base64 => EncodingJson::Base64,
                Encoding::Base64Url => EncodingJson::Base64Url,
            },
            algorithm: match signature.algorithm {
                Algorithm::HmacSha1 => AlgorithmJson::HmacSha1,
                Algorithm::HmacSha256 => AlgorithmJson::HmacSha256,
                Algorithm::HmacSha512 => AlgorithmJson::HmacSha512,
                Algorithm::Sha256 => AlgorithmJson::Sha256,
            },
        },
        timestamp: scheme.timestamp.map(|t| TimestampJson {
            alternates: match t.source {
                TimestampSource::Header(header) => strings(header.alternates),
                _ => Vec::new(),
            },
            source: match t.source {
                TimestampSource::Header(header) => SourceJson::Header(header.name.to_owned()),
                TimestampSource::Field(key) => SourceJson::Field(key.to_owned()),
                TimestampSource::Json(pointer) => SourceJson::Json(pointer.to_owned()),
            },
            unit: match t.unit {
                TimeUnit::Seconds => UnitJson::Seconds,
                TimeUnit::Millis => UnitJson::Millis,
                TimeUnit::Rfc3339 => UnitJson::Rfc3339,
            },
            tolerance: t.tolerance_secs,
            in_mac: match t.in_mac {
                InMac::Verbatim => InMacJson::Verbatim,
                InMac::Integer => InMacJson::Integer,
            },
        }),
        delivery_id: scheme.delivery_id.map(|h| HeaderJson {
            header: h.name.to_owned(),
            alternates: strings(h.alternates),
        }),
        signed: scheme
            .signed
            .iter()
            .map(|piece| match piece {
                Piece::Body => PieceJson::Body,
                Piece::Timestamp => PieceJson::Timestamp,
                Piece::DeliveryId => PieceJson::DeliveryId,
                Piece::Url => PieceJson::Url,
                Piece::Uri => PieceJson::Uri,
                Piece::Method => PieceJson::Method,
                Piece::Secret => PieceJson::Secret,
                Piece::Literal(text) => PieceJson::Literal((*text).to_owned()),
                Piece::Header(name) => PieceJson::Header((*name).to_owned()),
                Piece::Field(name) => PieceJson::Field((*name).to_owned()),
            })
            .collect(),
        key: match scheme.key {
            KeyDecoding::Utf8 => KeyJson::Utf8,
            KeyDecoding::WhsecBase64 => KeyJson::WhsecBase64,
            KeyDecoding::Base64 => KeyJson::Base64,
            KeyDecoding::Hex => KeyJson::Hex,
            KeyDecoding::RequirePrefix(prefix) => KeyJson::RequirePrefix(prefix.to_owned()),
            KeyDecoding::StripPrefix(prefix) => KeyJson::StripPrefix(prefix.to_owned()),
        },
        requires: scheme
            .requires
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        when: scheme.when.map(|(header, value)| WhenJson {
            header: header.to_owned(),
            value: value.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_describes_to_a_spec_that_compiles_to_the_same_data() {
        for provider in Provider::ALL {
            let json = provider.describe();
            let custom = Provider::from_json(&json).unwrap_or_else(|e| panic!("{provider}: {e}"));
            assert_eq!(custom.spec(), provider.spec(), "{provider}");
            assert_ne!(custom, *provider, "a custom spec is its own provider");
            assert_eq!(Provider::from_json(&json).unwrap(), custom, "compiled once");
        }
    }

    #[test]
    fn invalid_specs_name_their_field() {
        let base = r#"{"id":"acme","schemes":[{"id":"acme","signature":{"header":"X-Acme-Signature","format":{"kind":"bare"},"encoding":"hex","algorithm":"hmac-sha256"},"signed":["body"]}]}"#;
        assert!(Provider::from_json(base).is_ok());
        let cases = [
            (
                base.replace("\"signed\":[\"body\"]", "\"signed\":[]"),
                "schemes[0].signed",
            ),
            (
                base.replace(
                    "\"signed\":[\"body\"]",
                    "\"signed\":[\"timestamp\",\"body\"]",
                ),
                "schemes[0].signed[0]",
            ),
            (base.replace("hmac-sha256", "sha256"), "schemes[0].signed"),
            (
                base.replace("\"kind\":\"bare\"", "\"kind\":\"bare\",\"x\":1"),
                "spec",
            ),
            (
                base.replace(
                    "\"id\":\"acme\",\"schemes\"",
                    "\"id\":\"Acme!\",\"schemes\"",
                ),
                "id",
            ),
            (
                base.replace("X-Acme-Signature", "X Acme"),
                "schemes[0].signature.header",
            ),
            (
                base.replace("\"encoding\":\"hex\"", "\"encoding\":\"hex32\""),
                "spec",
            ),
            (
                base.replace(
                    "\"signed\":[\"body\"]",
                    "\"signed\":[\"body\"],\"colour\":1",
                ),
                "spec",
            ),
        ];
        for (json, field) in cases {
            match Provider::from_json(&json) {
                Err(Error::InvalidScheme { field: got, reason }) => {
                    assert_eq!(got, field, "{json}: {reason}")
                }
                other => panic!("{json}: {other:?}"),
            }
        }
    }
}
