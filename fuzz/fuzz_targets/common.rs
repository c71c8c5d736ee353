//! What every target shares: the fuzz input cut into fields, requests built from them, and
//! the checks every outcome must pass.
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
    verify_and_check(provider, &request(url, &fields[2..], fields[1]));
}

/// A provider's header parsing: every field is a `Name:value` header; URL and body are a
/// fixed, well-formed delivery.
pub fn header_target(provider: Provider, data: &[u8]) {
    const URL: &str = "https://example.com/webhooks/hook?id=7";
    const BODY: &[u8] = b"CallSid=CA1&From=%2B14155550123&Body=hello+there";
    let fields = fields(data, MAX_HEADERS);
    verify_and_check(provider, &request(Some(URL), &fields, BODY));
}

/// Verifies `request` with the fuzz secret and checks the outcome: a documented code, and
/// no message or Debug output holding the secret.
pub fn verify_and_check(provider: Provider, request: &Request<'_>) {
    let verifier = Verifier::new(provider, [SECRET]).expect("a valid secret");
    let now = UNIX_EPOCH + Duration::from_secs(NOW_SECONDS);
    match verifier.verify(request, Some(now)) {
        Ok(verified) => assert!(!format!("{verified:?}").contains(SECRET)),
        Err(error) => check_error(&error),
    }
}

pub fn check_error(error: &Error) {
    assert!(
        Error::CODES.contains(&error.code()),
        "undocumented code {}",
        error.code()
    );
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(SECRET),
        "a message holds the secret: {shown}"
    );
}
