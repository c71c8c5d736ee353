//! What every target shares: the fuzz input cut into fields, requests built from them, and
//! the checks every outcome must pass. The main claim of every target is "no panic"; the
//! checks below are the claims beyond it that can fail.
#![allow(dead_code)]

use std::time::{Duration, UNIX_EPOCH};

use hooksig::{Error, Provider, Request, Verifier};

/// The secret every target verifies with; no message may ever contain it.
pub const SECRET: &str = "whsec_fuzz-secret-0123456789";
/// A fixed clock: 2023-11-14T22:13:20Z, the vectors' `now`.
pub const NOW_SECONDS: u64 = 1_700_000_000;

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

/// At most this many header fields are read from an input.
pub const MAX_HEADERS: usize = 8;

/// A provider's whole verify path: fields cut at NUL are the URL (used where the provider
/// signs it), the body, then `Name:value` headers.
pub fn verify_target(provider: Provider, data: &[u8]) {
    let fields = fields(data, 2 + MAX_HEADERS);
    let url = provider.signs_url().then(|| text(fields[0]));
    let request = request(url, &fields[2..], fields[1]);
    verify_and_check(provider, &request, &fields[2..], url.unwrap_or_default());
}

/// A provider's header parsing: every field is a `Name:value` header; URL and body are a
/// fixed, well-formed delivery.
pub fn header_target(provider: Provider, data: &[u8]) {
    const URL: &str = "https://example.com/webhooks/hook?id=7";
    const BODY: &[u8] = b"CallSid=CA1&From=%2B14155550123&Body=hello+there";
    let fields = fields(data, MAX_HEADERS);
    verify_and_check(provider, &request(Some(URL), &fields, BODY), &fields, URL);
}

/// Verifies `request` with the fuzz secret and checks the outcome.
///
/// The main claim of every target is "no panic": libFuzzer reports a panic, an abort or a
/// sanitizer finding as a crash. Beyond that, each outcome is checked for what can fail: an
/// accepted request's Debug output holds no secret; a rejection is a rejection (request input
/// is never a misuse error), names one of the provider's own headers, and its message and
/// Debug output hold neither the secret nor a signature the request presented (`fields`).
pub fn verify_and_check(provider: Provider, request: &Request<'_>, fields: &[&[u8]], url: &str) {
    let verifier = Verifier::new(provider, [SECRET]).expect("a valid secret");
    let now = UNIX_EPOCH + Duration::from_secs(NOW_SECONDS);
    match verifier.verify(request, Some(now)) {
        Ok(verified) => assert!(!format!("{verified:?}").contains(SECRET)),
        Err(error) => {
            assert!(
                error.is_rejection(),
                "request input gave a misuse error: {error}"
            );
            if let Some(header) = error.header() {
                assert!(
                    provider.header_names().contains(&header),
                    "{header} is not a {provider} header"
                );
            }
            check_message(&error, fields, url);
        }
    }
}

/// Neither the message nor the Debug output of `error` holds the secret, or a signature-like
/// part of any of `fields` that `url` does not also hold (a message may quote the URL).
pub fn check_message(error: &Error, fields: &[&[u8]], url: &str) {
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(SECRET),
        "a message holds the secret: {shown}"
    );
    let shown = without_checked_urls(error, shown);
    for field in fields {
        for part in signature_like_parts(field, url) {
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
/// with a letter among them (not a number, not a header name, which has dashes), that `url`
/// does not also hold.
fn signature_like_parts<'a>(value: &'a [u8], url: &str) -> Vec<&'a str> {
    let Ok(value) = std::str::from_utf8(value) else {
        return Vec::new();
    };
    value
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'))
        .filter(|part| part.len() >= 16 && part.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|part| !url.contains(part))
        .collect()
}
