//! Property tests: whatever `sign` produces, `verify` accepts; change one byte of what the
//! signature covers, or of the signature, and `verify` rejects.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod support;

use hooksig::{Provider, Request, Scheme, SignOptions, Signed, Verifier};
use proptest::prelude::*;

const FORM: &str = "application/x-www-form-urlencoded";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(1_700_000_000_123)
}

/// URLs without ports or percent-escapes, so that every character change changes what is
/// signed (Twilio strips ports by design, and `%2b`/`%2B` decode alike).
fn url() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,12}\\.[a-z]{2,5}",
        proptest::collection::vec("[A-Za-z0-9_~'.-]{1,8}", 0..4),
        proptest::option::of(proptest::collection::vec(
            ("[a-z]{1,6}", "[A-Za-z0-9]{0,6}"),
            1..4,
        )),
    )
        .prop_map(|(host, segments, query)| {
            let mut url = format!("https://{host}/{}", segments.join("/"));
            if let Some(pairs) = query {
                url.push('?');
                let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                url.push_str(&pairs.join("&"));
            }
            url
        })
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[A-Za-z][A-Za-z0-9]{0,7}", "\\PC{0,12}"), 1..8)
}

fn secret(provider: Provider) -> impl Strategy<Value = String> {
    "[A-Za-z0-9_]{8,40}".prop_map(move |s| support::shaped_secret(provider, &s))
}

fn form_body(params: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// A request to sign, deliver and tamper with.
struct Case {
    provider: Provider,
    secret: String,
    method: &'static str,
    url: String,
    content_type: &'static str,
    body: Vec<u8>,
    scheme: Option<Scheme>,
}

impl Case {
    fn unsigned<'a>(&'a self, url: &'a str, body: &'a [u8]) -> Request<'a> {
        Request::new(self.method)
            .url(url)
            .header("Content-Type", self.content_type)
            .body(body)
    }

    /// The request with `signed`'s headers, at `url` with `body` (which tests may change).
    fn delivered<'a>(&'a self, url: &'a str, signed: &'a Signed, body: &'a [u8]) -> Request<'a> {
        self.unsigned(url, body).headers(
            signed
                .headers
                .iter()
                .map(|(name, value)| (*name, value.as_str())),
        )
    }

    fn sign(&self, verifier: &Verifier) -> Signed {
        let mut options = SignOptions::default().at(now());
        if let Some(scheme) = self.scheme {
            options = options.scheme(scheme);
        }
        verifier
            .sign(&self.unsigned(&self.url, &self.body), &options)
            .unwrap()
    }

    /// Signs, checks the round trip, and returns what the checks below need.
    fn round_trip(&self) -> (Verifier, Signed, String) {
        let verifier = Verifier::new(self.provider, [&self.secret]).unwrap();
        let signed = self.sign(&verifier);
        let url = signed.url.clone().unwrap_or_else(|| self.url.clone());
        let verified = verifier
            .verify(&self.delivered(&url, &signed, &self.body), Some(now()))
            .unwrap_or_else(|e| panic!("{} rejected its own signature: {e}", self.provider));
        assert_eq!(verified.scheme, signed.scheme);
        assert_eq!(verified.secret_index, 0);
        (verifier, signed, url)
    }

    fn rejects(&self, verifier: &Verifier, url: &str, signed: &Signed, body: &[u8]) -> bool {
        verifier
            .verify(&self.delivered(url, signed, body), Some(now()))
            .is_err()
    }
}

/// Replaces the character at `index` (modulo the length) with a different ASCII letter or
/// digit; `None` when that character is not ASCII.
fn change_char(text: &str, index: usize) -> Option<String> {
    let index = index % text.len();
    let old = *text.as_bytes().get(index)?;
    if !old.is_ascii() || !text.is_char_boundary(index) {
        return None;
    }
    let new = if old == b'a' { b'b' } else { b'a' };
    let mut bytes = text.as_bytes().to_vec();
    bytes[index] = new;
    String::from_utf8(bytes).ok()
}

/// Changing one character of every signature header is rejected. (All of them at once:
/// SignalWire JSON sends two signatures and Plivo the same one twice, and one valid header is
/// enough by design.)
fn check_signature_changes(
    case: &Case,
    verifier: &Verifier,
    signed: &Signed,
    url: &str,
    pick: usize,
) {
    let mut tampered = signed.clone();
    let mut changed_any = false;
    for (name, value) in &mut tampered.headers {
        if name.ends_with("Nonce") || name.ends_with("Timestamp") {
            continue;
        }
        if let Some(changed) = change_char(value, pick) {
            *value = changed;
            changed_any = true;
        }
    }
    assert!(changed_any);
    assert!(
        case.rejects(verifier, url, &tampered, &case.body),
        "{tampered:?} accepted"
    );
}

fn raw_body_provider() -> impl Strategy<Value = Provider> {
    prop_oneof![
        Just(Provider::RETELL),
        Just(Provider::RANKED),
        Just(Provider::SIGNALWIRE),
        Just(Provider::TWILIO),
    ]
}

/// Every header any provider reads, from `Provider::header_names`.
fn every_header_name() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Provider::ALL
        .iter()
        .flat_map(|provider| provider.header_names())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Header values: arbitrary bytes, or the shapes signatures take (hex, base64, Retell's
/// `v=…,d=…`, Ranked's `sha256=…`), so that parsing gets past the shape checks.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..80),
        "[0-9a-f]{40}|[0-9a-f]{64}|[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}="
            .prop_map(String::into_bytes),
        ("[0-9]{1,14}", "[0-9a-f]{64}").prop_map(|(v, d)| format!("v={v},d={d}").into_bytes()),
        "sha256=[0-9a-f]{64}".prop_map(String::into_bytes),
    ]
}

/// The parts of a header value that could be a signature: runs of 16 or more base64 or hex
/// characters with a letter among them (not a number, not a header name), that the URL does
/// not also hold (a message may quote the URL checked).
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

/// The shapes of request a scheme may sign: a form post, a raw (JSON) post, an empty post,
/// a GET, a JSON object carrying its own timestamp (Linear's `webhookTimestamp`). Which ones a
/// scheme takes is the core's to say (`sign` refuses the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Form,
    Raw,
    Empty,
    Get,
    TimedJson,
}

impl Shape {
    const ALL: [Shape; 5] = [
        Shape::Form,
        Shape::Raw,
        Shape::Empty,
        Shape::Get,
        Shape::TimedJson,
    ];

    fn case(
        self,
        scheme: Scheme,
        secret: &str,
        url: &str,
        params: &[(String, String)],
        raw: &[u8],
    ) -> Case {
        let (method, content_type, body) = match self {
            Shape::Form => ("POST", FORM, form_body(params).into_bytes()),
            Shape::Raw => ("POST", "application/json", raw.to_vec()),
            Shape::Empty => ("POST", "application/json", Vec::new()),
            Shape::Get => ("GET", FORM, Vec::new()),
            Shape::TimedJson => (
                "POST",
                "application/json",
                serde_json::json!({
                    "data": String::from_utf8_lossy(raw),
                    "webhookTimestamp": 1_700_000_000_000_u64,
                })
                .to_string()
                .into_bytes(),
            ),
        };
        let provider = scheme.provider();
        let secret = support::shaped_secret(provider, secret);
        Case {
            provider,
            secret,
            method,
            url: url.to_owned(),
            content_type,
            body,
            scheme: Some(scheme),
        }
    }
}

/// Signs `case` if its scheme takes its shape; then the round trip must hold exactly (the
/// scheme `sign` reports is the one asked for, and `verify` reports it back), and changing
/// anything the verified coverage claims must be rejected. `false` when `sign` refused.
fn scheme_round_trip(case: &Case, shape: Shape, params: &[(String, String)], pick: usize) -> bool {
    let verifier = Verifier::new(case.provider, [&case.secret]).unwrap();
    let mut options = SignOptions::default().at(now());
    if let Some(scheme) = case.scheme {
        options = options.scheme(scheme);
    }
    let Ok(signed) = verifier.sign(&case.unsigned(&case.url, &case.body), &options) else {
        return false;
    };
    let scheme = case.scheme.unwrap();
    assert_eq!(
        signed.scheme, scheme,
        "sign({scheme}) of a {shape:?} request"
    );
    let url = signed.url.clone().unwrap_or_else(|| case.url.clone());
    let delivered = case.delivered(&url, &signed, &case.body);
    let verified = match verifier.verify(&delivered, Some(now())) {
        // A signature that does not cover the body is refused by default, and accepted, saying
        // so, by a verifier that allows unsigned bodies.
        Err(hooksig::Error::BodyNotCovered { scheme: refused }) => {
            assert_eq!(refused, scheme);
            assert!(!case.body.is_empty(), "{scheme}: an empty body is covered");
            let verifier = verifier.clone().allow_unsigned_body(true);
            let verified = verifier.verify(&delivered, Some(now())).unwrap();
            assert!(!verified.covers.body);
            verified
        }
        outcome => {
            outcome.unwrap_or_else(|e| panic!("{scheme} rejected its own {shape:?} signature: {e}"))
        }
    };
    assert_eq!(
        verified.scheme, scheme,
        "sign({scheme}) of a {shape:?} request verified as {}",
        verified.scheme
    );
    assert_eq!(verified.secret_index, 0);
    check_signature_changes(case, &verifier, &signed, &url, pick);
    if verified.covers.url {
        let offset = 8 + pick % (url.len() - 8);
        if let Some(changed) = change_char(&url, offset).filter(|changed| *changed != url) {
            assert!(
                case.rejects(&verifier, &changed, &signed, &case.body),
                "{scheme}: {changed} accepted for {url}"
            );
        }
    }
    if verified.covers.body && !case.body.is_empty() {
        // A form is compared as decoded fields (`%2B` and `%2b` alike): change a field.
        let changed = if shape == Shape::Form {
            let mut changed = params.to_vec();
            changed.push(("Injected".into(), "1".into()));
            form_body(&changed).into_bytes()
        } else {
            let mut changed = case.body.clone();
            let index = pick % changed.len();
            changed[index] ^= 1 << (pick % 8);
            changed
        };
        assert!(
            case.rejects(&verifier, &url, &signed, &changed),
            "{scheme}: a changed {shape:?} body accepted"
        );
    }
    true
}

#[test]
fn every_scheme_signs_at_least_one_shape_of_request() {
    let params = vec![
        ("CallSid".to_owned(), "CA1".to_owned()),
        ("Body".to_owned(), "hi".to_owned()),
    ];
    for scheme in Scheme::all() {
        let signed: Vec<Shape> = Shape::ALL
            .into_iter()
            .filter(|shape| {
                let case = shape.case(
                    scheme,
                    "secret-0123",
                    "https://example.com/hook?a=1",
                    &params,
                    br#"{"a":1,"webhookTimestamp":1700000000000}"#,
                );
                scheme_round_trip(&case, *shape, &params, 7)
            })
            .collect();
        assert!(!signed.is_empty(), "{scheme}: no shape of request signs");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Raw-body schemes (Retell, Ranked, SignalWire JSON, Twilio bodySHA256): any body bytes
    /// round-trip, and any single flipped bit of the body is rejected.
    #[test]
    fn raw_bodies_round_trip_and_detect_a_flipped_bit(
        provider in raw_body_provider(),
        secret_seed in "[A-Za-z0-9_]{8,40}",
        url in url(),
        body in proptest::collection::vec(any::<u8>(), 1..2048),
        flip_at in any::<usize>(),
        bit in 0u8..8,
        pick in any::<usize>(),
    ) {
        let secret = support::shaped_secret(provider, &secret_seed);
        let case = Case { provider, secret, method: "POST", url, content_type: "application/json", body, scheme: None };
        let (verifier, signed, url) = case.round_trip();
        let mut tampered = case.body.clone();
        let index = flip_at % tampered.len();
        tampered[index] ^= 1 << bit;
        prop_assert!(case.rejects(&verifier, &url, &signed, &tampered));
        check_signature_changes(&case, &verifier, &signed, &url, pick);
    }

    /// Form schemes: any set of params round-trips, and changing one param's value (or adding
    /// one) is rejected.
    #[test]
    fn form_params_round_trip_and_detect_changes(
        scheme in prop_oneof![Just(scheme("signalwire-form")), Just(scheme("twilio-form")), Just(scheme("plivo-v3"))],
        secret in secret(Provider::PLIVO),
        url in url(),
        params in params(),
        which in any::<usize>(),
        replacement in "\\PC{0,12}",
        get in any::<bool>(),
    ) {
        let method = if get && scheme.id() != "signalwire-form" { "GET" } else { "POST" };
        let body = if method == "GET" { Vec::new() } else { form_body(&params).into_bytes() };
        let case = Case {
            provider: scheme.provider(), secret, method, url, content_type: FORM, body, scheme: Some(scheme),
        };
        let (verifier, signed, url) = case.round_trip();
        if method == "POST" {
            let mut changed = params.clone();
            let index = which % changed.len();
            prop_assume!(changed[index].1 != replacement);
            changed[index].1 = replacement;
            // Twilio de-duplicates repeated pairs: a change that only creates a duplicate of
            // another pair is not a change to what it signs.
            prop_assume!(scheme.id() != "twilio-form" || !params.contains(&changed[index]));
            prop_assert!(case.rejects(&verifier, &url, &signed, form_body(&changed).as_bytes()));
            let mut added = params.clone();
            added.push(("Injected".into(), "1".into()));
            prop_assert!(case.rejects(&verifier, &url, &signed, form_body(&added).as_bytes()));
        }
    }

    /// Every scheme of every provider (`Scheme::ALL`), for every shape of request it signs:
    /// `verify` reports the scheme `sign` was asked for, and rejects a change to what the
    /// result says is covered.
    #[test]
    fn every_scheme_round_trips_as_itself(
        scheme in proptest::sample::select(Scheme::all().collect::<Vec<_>>()),
        secret in "[A-Za-z0-9_]{8,40}",
        url in url(),
        params in params(),
        raw in proptest::collection::vec(any::<u8>(), 1..512),
        pick in any::<usize>(),
    ) {
        let mut signed_any = false;
        for shape in Shape::ALL {
            let case = shape.case(scheme, &secret, &url, &params, &raw);
            signed_any |= scheme_round_trip(&case, shape, &params, pick);
        }
        prop_assert!(signed_any, "{} signed no shape of request", scheme);
    }

    /// The verifier never panics, whatever the headers, URL and body; and what it says
    /// about a rejection can be checked: it is a rejection (request input is never a misuse
    /// error), it names one of the provider's own headers, and neither its message nor its
    /// `Debug` output holds the secret or a signature the request presented.
    #[test]
    fn arbitrary_input_is_rejected_without_echoing_it(
        provider in proptest::sample::select(Provider::ALL.to_vec()),
        method in "[A-Za-z]{0,7}",
        url in prop_oneof!["\\PC{0,64}", url()],
        headers in proptest::collection::vec((
            proptest::sample::select(every_header_name()),
            header_value(),
        ), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let secret = &support::shaped_secret(provider, "pr0pt3st-S3cr3t");
        let verifier = Verifier::new(provider, [secret]).unwrap();
        let mut request = Request::new(&method).url(&url).body(&body);
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        if let Err(error) = verifier.verify(&request, Some(now())) {
            prop_assert!(error.is_rejection(), "request input gave a misuse error: {}", error);
            if let Some(header) = error.header() {
                prop_assert!(provider.header_names().contains(&header), "{} is not a {} header", header, provider);
            }
            let mut shown = format!("{error} {error:?}");
            prop_assert!(!shown.contains(secret), "{}", shown);
            // A mismatch quotes the URLs it checked (the request's, with a port added).
            if let hooksig::Error::SignatureMismatch { checked, .. } = &error {
                for url in checked {
                    shown = shown.replace(url.as_str(), " ").replace(format!("{url:?}").as_str(), " ");
                }
            }
            for (_, value) in &headers {
                for part in signature_like_parts(value, &url) {
                    prop_assert!(!shown.contains(part), "{} echoes {}", shown, part);
                }
            }
        }
    }
}

/// A built-in scheme by id.
fn scheme(id: &str) -> Scheme {
    id.parse().unwrap()
}
