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
    "[A-Za-z0-9_]{8,40}".prop_map(move |s| {
        if provider == Provider::Ranked {
            format!("whsec_{s}")
        } else {
            s
        }
    })
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
        Just(Provider::Retell),
        Just(Provider::Ranked),
        Just(Provider::SignalWire),
        Just(Provider::Twilio),
    ]
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
        let secret = if provider == Provider::Ranked { format!("whsec_{secret_seed}") } else { secret_seed };
        let case = Case { provider, secret, method: "POST", url, content_type: "application/json", body, scheme: None };
        let (verifier, signed, url) = case.round_trip();
        let mut tampered = case.body.clone();
        let index = flip_at % tampered.len();
        tampered[index] ^= 1 << bit;
        prop_assert!(case.rejects(&verifier, &url, &signed, &tampered));
        check_signature_changes(&case, &verifier, &signed, &url, pick);
    }

    /// URL-signed schemes: changing one character of the URL is rejected.
    #[test]
    fn url_changes_are_detected(
        scheme in prop_oneof![
            Just(Scheme::SignalWireJson), Just(Scheme::SignalWireForm), Just(Scheme::TwilioForm),
            Just(Scheme::TwilioBodySha256), Just(Scheme::PlivoV3),
        ],
        secret in secret(Provider::Twilio),
        url in url(),
        params in params(),
        pick in any::<usize>(),
    ) {
        let form = matches!(scheme, Scheme::SignalWireForm | Scheme::TwilioForm | Scheme::PlivoV3);
        let (content_type, body) = if form {
            (FORM, form_body(&params).into_bytes())
        } else {
            ("application/json", br#"{"a":1}"#.to_vec())
        };
        let case = Case {
            provider: scheme.provider(), secret, method: "POST", url, content_type, body,
            scheme: Some(scheme),
        };
        let (verifier, signed, url) = case.round_trip();
        // Characters after "https://"; the scheme's case is tolerated by design.
        let offset = 8 + pick % (url.len() - 8);
        if let Some(changed) = change_char(&url, offset) {
            prop_assume!(changed != url);
            prop_assert!(case.rejects(&verifier, &changed, &signed, &case.body), "{changed} accepted for {url}");
        }
        check_signature_changes(&case, &verifier, &signed, &url, pick);
    }

    /// Form schemes: any set of params round-trips, and changing one param's value (or adding
    /// one) is rejected.
    #[test]
    fn form_params_round_trip_and_detect_changes(
        scheme in prop_oneof![Just(Scheme::SignalWireForm), Just(Scheme::TwilioForm), Just(Scheme::PlivoV3)],
        secret in secret(Provider::Plivo),
        url in url(),
        params in params(),
        which in any::<usize>(),
        replacement in "\\PC{0,12}",
        get in any::<bool>(),
    ) {
        let method = if get && scheme != Scheme::SignalWireForm { "GET" } else { "POST" };
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
            prop_assume!(scheme != Scheme::TwilioForm || !params.contains(&changed[index]));
            prop_assert!(case.rejects(&verifier, &url, &signed, form_body(&changed).as_bytes()));
            let mut added = params.clone();
            added.push(("Injected".into(), "1".into()));
            prop_assert!(case.rejects(&verifier, &url, &signed, form_body(&added).as_bytes()));
        }
    }

    /// The verifier never panics, whatever the headers, URL and body.
    #[test]
    fn arbitrary_input_never_panics(
        provider in prop_oneof![
            Just(Provider::Retell), Just(Provider::Ranked), Just(Provider::SignalWire),
            Just(Provider::Twilio), Just(Provider::Plivo),
        ],
        method in "[A-Za-z]{0,7}",
        url in "\\PC{0,64}",
        headers in proptest::collection::vec((
            prop_oneof![
                Just("X-Retell-Signature".to_owned()), Just("X-Webhook-Signature".to_owned()),
                Just("X-Webhook-Timestamp".to_owned()), Just("X-SignalWire-Signature".to_owned()),
                Just("X-SignalWire-Sha256-Signature".to_owned()), Just("X-Twilio-Signature".to_owned()),
                Just("X-Twilio-Webhooks-Signature-Settings".to_owned()), Just("X-Plivo-Signature-V3".to_owned()),
                Just("X-Plivo-Signature-V3-Nonce".to_owned()), Just("X-Plivo-Signature-V2".to_owned()),
                Just("X-Plivo-Signature-Ma-V2".to_owned()), Just("Content-Type".to_owned()),
            ],
            proptest::collection::vec(any::<u8>(), 0..80),
        ), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let secret = if provider == Provider::Ranked { "whsec_abc" } else { "secret" };
        let verifier = Verifier::new(provider, [secret]).unwrap();
        let mut request = Request::new(&method).url(&url).body(&body);
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        if let Err(error) = verifier.verify(&request, Some(now())) {
            prop_assert!(hooksig::Error::CODES.contains(&error.code()));
        }
    }
}
