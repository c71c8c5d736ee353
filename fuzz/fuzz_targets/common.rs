//! What every target shares: the fuzz input cut into fields, requests built from them, and
//! the checks every outcome must pass. The main claim of every target is "no panic"; the
//! checks below are the claims beyond it that can fail.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hooksig::spec::{KeyDecoding, ProviderSpec};
use hooksig::{Error, Provider, Request, Verifier};

/// The secret every target verifies with, before it is put in the shape a provider's keys need
/// (`secret`); no message may ever contain it, in any shape.
pub const SECRET: &str = "fuzz-secret-0123456789";
/// `SECRET` in standard base64.
const SECRET_BASE64: &str = "ZnV6ei1zZWNyZXQtMDEyMzQ1Njc4OQ==";
/// A fixed clock: 2023-11-14T22:13:20Z, the vectors' `now`.
pub const NOW_SECONDS: u64 = 1_700_000_000;

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECONDS)
}

/// `SECRET` in the shape `key` decodes (`whsec_` and base64 for Standard Webhooks, a required
/// prefix, hex).
pub fn secret(key: KeyDecoding) -> String {
    match key {
        KeyDecoding::WhsecBase64 => format!("whsec_{SECRET_BASE64}"),
        KeyDecoding::Base64 => SECRET_BASE64.to_owned(),
        KeyDecoding::Hex => SECRET.bytes().map(|b| format!("{b:02x}")).collect(),
        KeyDecoding::RequirePrefix(prefix) | KeyDecoding::StripPrefix(prefix) => {
            format!("{prefix}{SECRET}")
        }
        _ => SECRET.to_owned(),
    }
}

/// The secret `provider`'s first scheme takes.
pub fn provider_secret(provider: Provider) -> String {
    secret(
        provider
            .schemes()
            .next()
            .map_or(KeyDecoding::Utf8, |s| s.spec().key),
    )
}

/// Every shape of the secret, none of which a message may hold.
pub fn secret_shapes() -> [String; 4] {
    [
        SECRET.to_owned(),
        SECRET_BASE64.to_owned(),
        secret(KeyDecoding::Hex),
        secret(KeyDecoding::WhsecBase64),
    ]
}

/// The input cut at NUL bytes; missing fields are empty.
pub fn fields(data: &[u8], count: usize) -> Vec<&[u8]> {
    let mut fields: Vec<&[u8]> = data.splitn(count, |&b| b == 0).collect();
    fields.resize(count, b"");
    fields
}

pub fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("\u{fffd}")
}

/// A request whose headers are the `Name:value` fields (a field without `:` or with a
/// non-UTF-8 name is skipped).
pub fn request<'a>(url: Option<&'a str>, headers: &[&'a [u8]], body: &'a [u8]) -> Request<'a> {
    let headers = headers.iter().filter_map(|field| {
        let colon = field.iter().position(|&b| b == b':')?;
        let name = std::str::from_utf8(field.get(..colon)?).ok()?;
        Some((name, field.get(colon + 1..)?))
    });
    let request = Request::new("POST").headers(headers).body(body);
    match url {
        Some(url) => request.url(url),
        None => request,
    }
}

/// A provider a target covers: its verifier, and its spec as text (names a message may quote).
pub struct Covered {
    pub provider: Provider,
    pub verifier: Verifier,
    pub spec: String,
}

/// The registry's providers whose spec `keep` selects, each with its verifier; chosen from
/// [`Provider::ALL`] when the target starts, so a provider added to the registry is fuzzed
/// by the target of its engine path without a change here.
pub fn registry_where(keep: impl Fn(&ProviderSpec) -> bool) -> Vec<Covered> {
    let chosen: Vec<Covered> = Provider::ALL
        .iter()
        .copied()
        .filter(|provider| keep(provider.spec()))
        .map(|provider| Covered {
            provider,
            verifier: Verifier::new(provider, [provider_secret(provider)]).expect("a valid secret"),
            spec: provider.describe(),
        })
        .collect();
    assert!(
        !chosen.is_empty(),
        "no provider of the registry has this path"
    );
    chosen
}

/// The providers the template engine runs (no canonicaliser) whose first scheme's signature
/// header has the grammar `format` selects: one engine path.
pub fn engine_path(format: impl Fn(&hooksig::spec::Format) -> bool) -> Vec<Covered> {
    registry_where(|spec| {
        spec.canonicaliser.is_none()
            && spec
                .schemes
                .first()
                .is_some_and(|scheme| format(&scheme.signature.format))
    })
}

/// The provider an input names: its first field is an id among `set` (as the seeds write it),
/// else a pick by that field's bytes, so that mutations move between providers.
pub fn pick<'a>(set: &'a [Covered], id: &[u8]) -> &'a Covered {
    let by_id = set.iter().find(|c| c.provider.id().as_bytes() == id);
    by_id.unwrap_or_else(|| {
        let sum: usize = id.iter().map(|&b| usize::from(b)).sum();
        &set[sum % set.len()]
    })
}

/// The whole verify path of one of `set`: fields cut at NUL are the provider's id (see
/// [`pick`]), the URL (used where the provider signs it), the body, then `Name:value` headers.
/// A message may quote the URL and the spec's own names (a header, a JSON pointer).
pub fn registry_target(set: &[Covered], data: &[u8]) {
    let fields = fields(data, 3 + MAX_HEADERS);
    let covered = pick(set, fields[0]);
    let provider = covered.provider;
    let url = provider.signs_url().then(|| text(fields[1]));
    let request = request(url, &fields[3..], fields[2]);
    let quotable = format!("{} {}", url.unwrap_or_default(), covered.spec);
    check_outcome(
        provider,
        &covered.verifier,
        &request,
        &fields[3..],
        &quotable,
    );
}

/// At most this many header fields are read from an input.
pub const MAX_HEADERS: usize = 8;

/// Verifies `request` with the fuzz secret and checks the outcome.
///
/// The main claim of every target is "no panic": libFuzzer reports a panic, an abort or a
/// sanitizer finding as a crash. Beyond that, each outcome is checked for what can fail: an
/// accepted request's Debug output holds no secret; a rejection is a rejection (request input
/// is never a misuse error), names one of the provider's own headers, and its message and
/// Debug output hold neither the secret nor a signature the request presented (`fields`).
pub fn verify_and_check(provider: Provider, request: &Request<'_>, fields: &[&[u8]], url: &str) {
    let verifier = Verifier::new(provider, [provider_secret(provider)]).expect("a valid secret");
    check_outcome(provider, &verifier, request, fields, url);
}

/// [`verify_and_check`] with a verifier already built; `quotable` as for [`check_message`].
pub fn check_outcome(
    provider: Provider,
    verifier: &Verifier,
    request: &Request<'_>,
    fields: &[&[u8]],
    quotable: &str,
) {
    match verifier.verify(request, Some(now())) {
        Ok(verified) => {
            assert_eq!(verified.provider, provider);
            assert_eq!(verified.scheme.provider(), provider);
            let shown = format!("{verified:?}");
            for secret in secret_shapes() {
                assert!(!shown.contains(&secret), "{shown}");
            }
        }
        Err(error) => {
            assert!(
                error.is_rejection(),
                "request input gave a misuse error: {error}"
            );
            if let Some(header) = error.header() {
                assert!(
                    verifier.header_names().contains(&header),
                    "{header} is not a {provider} header"
                );
            }
            check_message(&error, fields, quotable);
        }
    }
}

/// Neither the message nor the Debug output of `error` holds the secret, or a signature-like
/// part of any of `fields` that `quotable` does not also hold (a message may quote the URL, and
/// the names the provider's spec gives: a header, a JSON pointer).
pub fn check_message(error: &Error, fields: &[&[u8]], quotable: &str) {
    let shown = format!("{error} {error:?}");
    for secret in secret_shapes() {
        assert!(
            !shown.contains(&secret),
            "a message holds the secret: {shown}"
        );
    }
    let shown = without_checked_urls(error, shown);
    for field in fields {
        for part in signature_like_parts(field, quotable) {
            assert!(!shown.contains(part), "a message holds {part:?}: {shown}");
        }
    }
}

/// `shown` without the URLs a mismatch says it checked (as written and as `Debug` escapes
/// them): they are the request's URL, in the forms tried (with a port added, values elided).
fn without_checked_urls(error: &Error, mut shown: String) -> String {
    if let Error::SignatureMismatch { checked, .. } = error {
        for url in checked {
            let escaped = format!("{url:?}");
            shown = shown
                .replace(url.as_str(), " ")
                .replace(escaped.as_str(), " ");
        }
    }
    shown
}

/// The parts of a value that could be a signature: runs of 16 or more base64 or hex characters
/// with a letter among them (not a number, not a header name, which has dashes), that
/// `quotable` does not also hold.
fn signature_like_parts<'a>(value: &'a [u8], quotable: &str) -> Vec<&'a str> {
    let Ok(value) = std::str::from_utf8(value) else {
        return Vec::new();
    };
    value
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'))
        .filter(|part| part.len() >= 16 && part.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|part| !quotable.contains(part))
        .collect()
}
