//! Behaviour of the public API beyond the vectors: misuse, limits, hostile input, redaction.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod support;

use hooksig::limits::{MAX_FORM_FIELDS, MAX_HEADER_BYTES, MAX_SECRETS, MAX_SIGNATURE_CANDIDATES};
use hooksig::{Error, Provider, Request, Scheme, SignOptions, Verifier};

const SECRET: &str = "test-secret-0123456789";
/// A JSON body every provider can sign (Linear reads its timestamp from the body).
const JSON: &[u8] = br#"{"a":"b","webhookTimestamp":1700000000000}"#;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// `SECRET` in the shape the provider's key decoding takes.
fn secret_for(provider: Provider) -> String {
    support::shaped_secret(provider, SECRET)
}

/// A signed request for `provider`, as owned header pairs. The verifier accepts unsigned
/// bodies (Plivo V3 signs no JSON body): these tests are about headers, URLs and limits, and
/// `a_body_the_signature_does_not_cover_is_rejected_unless_allowed` is about coverage.
fn signed(
    provider: Provider,
    url: &str,
    content_type: &str,
    body: &[u8],
) -> (Verifier, Vec<(String, String)>, String) {
    let verifier = Verifier::new(provider, [secret_for(provider)])
        .unwrap()
        .allow_unsigned_body(true);
    let request = Request::post(url)
        .header("Content-Type", content_type)
        .body(body);
    let signed = verifier
        .sign(&request, &SignOptions::default().at(now()))
        .unwrap();
    let mut headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
    headers.extend(
        signed
            .headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone())),
    );
    (
        verifier,
        headers,
        signed.url.unwrap_or_else(|| url.to_owned()),
    )
}

fn request<'a>(url: &'a str, headers: &'a [(String, String)], body: &'a [u8]) -> Request<'a> {
    Request::post(url)
        .headers(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .body(body)
}

#[test]
fn header_names_are_case_insensitive() {
    for &provider in Provider::ALL {
        let body = JSON;
        let (verifier, headers, url) = signed(
            provider,
            "https://example.com/hook",
            "application/json",
            body,
        );
        for transform in [str::to_ascii_lowercase, str::to_ascii_uppercase] {
            let renamed: Vec<_> = headers
                .iter()
                .map(|(n, v)| (transform(n), v.clone()))
                .collect();
            verifier
                .verify(&request(&url, &renamed, body), Some(now()))
                .unwrap_or_else(|e| panic!("{provider}: {e}"));
        }
    }
}

#[test]
fn a_ten_megabyte_header_is_a_malformed_header_for_every_provider() {
    let huge = "a".repeat(10 * 1024 * 1024);
    for &provider in Provider::ALL {
        let (verifier, mut headers, url) = signed(
            provider,
            "https://example.com/hook",
            "application/json",
            JSON,
        );
        let name = headers[1].0.clone();
        headers.retain(|(n, _)| !n.contains("Signature") || n.ends_with("Nonce"));
        headers.push((name.clone(), huge.clone()));
        let error = verifier
            .verify(&request(&url, &headers, JSON), Some(now()))
            .unwrap_err();
        assert_eq!(error.code(), "malformed_header", "{provider}: {error}");
        assert!(
            error.to_string().contains(&MAX_HEADER_BYTES.to_string()),
            "{error}"
        );
    }
}

#[test]
fn non_utf8_header_values_are_rejected_cleanly() {
    for &provider in Provider::ALL {
        let (verifier, headers, url) = signed(
            provider,
            "https://example.com/hook",
            "application/json",
            JSON,
        );
        let mut request = Request::post(&url).body(JSON);
        let garbage: &[u8] = b"\xff\xfe\x00v=1,d=\x80";
        for (name, value) in &headers {
            let is_signature = provider.spec().schemes.iter().any(|scheme| {
                scheme
                    .signature
                    .header
                    .names()
                    .any(|n| n.eq_ignore_ascii_case(name))
            });
            let value: &[u8] = if is_signature
                || name.to_ascii_lowercase().contains("signature") && !name.ends_with("Nonce")
            {
                garbage
            } else {
                value.as_bytes()
            };
            request = request.header(name, value);
        }
        let error = verifier.verify(&request, Some(now())).unwrap_err();
        assert!(
            matches!(error.code(), "malformed_header" | "signature_mismatch"),
            "{provider}: {error}"
        );
    }
}

#[test]
fn secrets_are_checked_when_the_verifier_is_built() {
    let cases: [(Provider, Vec<&str>, &str); 6] = [
        (Provider::TWILIO, vec![], "no secret"),
        (Provider::TWILIO, vec![""], "#0 is empty"),
        (Provider::RETELL, vec!["key", ""], "#1 is empty"),
        (Provider::PLIVO, vec!["token\n"], "whitespace"),
        (Provider::SIGNALWIRE, vec![" PSK_x"], "whitespace"),
        (Provider::RANKED, vec!["0123abcd"], "whsec_"),
    ];
    for (provider, secrets, says) in cases {
        let error = Verifier::new(provider, &secrets).unwrap_err();
        assert_eq!(error.code(), "invalid_secret");
        assert!(!error.is_rejection());
        assert!(error.to_string().contains(says), "{error}");
    }
    let many = vec!["k"; MAX_SECRETS + 1];
    assert_eq!(
        Verifier::new(Provider::TWILIO, &many).unwrap_err().code(),
        "invalid_secret"
    );
    assert_eq!(
        Verifier::new(Provider::TWILIO, &many[1..])
            .unwrap()
            .secret_count(),
        MAX_SECRETS
    );
}

#[test]
fn provider_ids_parse_and_unknown_ones_say_what_exists() {
    for &provider in Provider::ALL {
        assert_eq!(provider.id().parse::<Provider>().unwrap(), provider);
        assert_eq!(
            provider.id().to_uppercase().parse::<Provider>().unwrap(),
            provider
        );
    }
    assert_eq!("WhatsApp".parse::<Provider>().unwrap(), Provider::META);
    let error = "acme".parse::<Provider>().unwrap_err();
    assert_eq!(error.code(), "unknown_provider");
    assert_eq!(
        error.to_string(),
        format!(
            r#"unknown provider "acme"; expected one of: {}"#,
            Provider::ids().join(", ")
        )
    );
    let long = "x".repeat(10_000);
    let message = long.parse::<Provider>().unwrap_err().to_string();
    assert!(message.contains(&"x".repeat(64)) && !message.contains(&"x".repeat(65)));
    for scheme in Scheme::all() {
        assert_eq!(scheme.id().parse::<Scheme>().unwrap(), scheme);
    }
}

#[test]
fn url_signed_providers_need_a_url() {
    for provider in [Provider::TWILIO, Provider::SIGNALWIRE, Provider::PLIVO] {
        assert!(provider.signs_url());
        let verifier = Verifier::new(provider, [SECRET]).unwrap();
        let error = verifier
            .verify(
                &Request::new("POST").header("X-Twilio-Signature", "x"),
                Some(now()),
            )
            .unwrap_err();
        assert_eq!(error.code(), "invalid_argument", "{provider}");
        assert!(!error.is_rejection());
    }
    // Retell and Ranked do not sign the URL and do not need it.
    for provider in [Provider::RETELL, Provider::RANKED] {
        assert!(!provider.signs_url());
        let verifier = Verifier::new(provider, [secret_for(provider)]).unwrap();
        let unsigned = Request::new("POST").body("{}");
        let signed = verifier
            .sign(&unsigned, &SignOptions::default().at(now()))
            .unwrap();
        let request = signed.apply(unsigned);
        verifier.verify(&request, Some(now())).unwrap();
    }
}

#[test]
fn now_before_1970_is_an_argument_error() {
    let verifier = Verifier::new(Provider::RETELL, [SECRET]).unwrap();
    let error = verifier
        .verify(
            &Request::new("POST"),
            Some(UNIX_EPOCH - Duration::from_secs(1)),
        )
        .unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
}

#[test]
fn signing_with_another_providers_scheme_is_an_argument_error() {
    let verifier = Verifier::new(Provider::TWILIO, [SECRET]).unwrap();
    let options = SignOptions::default().scheme(scheme("plivo-v3"));
    let error = verifier
        .sign(&Request::post("https://example.com/x"), &options)
        .unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
}

#[test]
fn rotation_reports_the_secret_that_matched() {
    let old = Verifier::new(Provider::TWILIO, ["old-token"]).unwrap();
    let both = Verifier::new(Provider::TWILIO, ["new-token", "old-token"]).unwrap();
    let url = "https://example.com/sms";
    let request = Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("Body=hi");
    let signed = old.sign(&request, &SignOptions::default()).unwrap();
    let delivered = request
        .clone()
        .header(signed.headers[0].0, &signed.headers[0].1);
    assert_eq!(both.verify(&delivered, None).unwrap().secret_index, 1);
    // The same secret twice: the first index is reported.
    let twice = Verifier::new(Provider::TWILIO, ["old-token", "old-token"]).unwrap();
    assert_eq!(twice.verify(&delivered, None).unwrap().secret_index, 0);
}

#[test]
fn repeated_signature_headers_are_each_tried() {
    let (verifier, headers, url) = signed(
        Provider::PLIVO,
        "https://example.com/answer",
        "application/x-www-form-urlencoded",
        b"A=1",
    );
    let good = headers
        .iter()
        .find(|(n, _)| n == "X-Plivo-Signature-V3")
        .unwrap()
        .1
        .clone();
    let nonce = headers
        .iter()
        .find(|(n, _)| n.ends_with("Nonce"))
        .unwrap()
        .clone();
    let wrong = "A".repeat(43) + "=";
    let repeated = vec![
        (
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ),
        ("X-Plivo-Signature-V3".to_owned(), wrong.clone()),
        ("X-Plivo-Signature-V3".to_owned(), good),
        nonce.clone(),
    ];
    verifier
        .verify(&request(&url, &repeated, b"A=1"), Some(now()))
        .unwrap();

    let too_many = vec![wrong; MAX_SIGNATURE_CANDIDATES + 1].join(",");
    let flooded = vec![("X-Plivo-Signature-V3".to_owned(), too_many), nonce];
    let error = verifier
        .verify(&request(&url, &flooded, b"A=1"), Some(now()))
        .unwrap_err();
    assert_eq!(error.code(), "malformed_header");
}

#[test]
fn a_form_with_too_many_fields_is_an_invalid_body() {
    let body = "a=1&".repeat(MAX_FORM_FIELDS + 1);
    for provider in [Provider::TWILIO, Provider::SIGNALWIRE, Provider::PLIVO] {
        let (verifier, headers, url) = signed(
            provider,
            "https://example.com/hook",
            "application/x-www-form-urlencoded",
            b"a=1",
        );
        let error = verifier
            .verify(&request(&url, &headers, body.as_bytes()), Some(now()))
            .unwrap_err();
        assert_eq!(error.code(), "invalid_body", "{provider}: {error}");
    }
}

#[test]
fn messages_name_the_header_and_the_skew() {
    let verifier = Verifier::new(Provider::RANKED, [format!("whsec_{SECRET}")]).unwrap();
    let unsigned = Request::new("POST").body("{}");
    let signed = verifier
        .sign(&unsigned, &SignOptions::default().at(now()))
        .unwrap();
    let request = signed.apply(unsigned);
    let later = now() + Duration::from_millis(301_500);
    let error = verifier.verify(&request, Some(later)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "X-Webhook-Timestamp timestamp is 301.500 s before now; the tolerance is 300 s"
    );
    let missing = verifier
        .verify(&Request::new("POST"), Some(now()))
        .unwrap_err();
    assert_eq!(missing.to_string(), "header X-Webhook-Signature is missing");

    let twilio = Verifier::new(Provider::TWILIO, [SECRET]).unwrap();
    let forged = Request::post("https://example.com:8443/sms")
        .header("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("Body=hi");
    assert_eq!(
        twilio.verify(&forged, Some(now())).unwrap_err().to_string(),
        "X-Twilio-Signature does not match this request (URLs checked: https://example.com/sms, https://example.com:8443/sms)"
    );
}

#[test]
fn debug_output_never_shows_secrets_or_signatures() {
    for &provider in Provider::ALL {
        let secret = secret_for(provider);
        let body = JSON;
        let (verifier, headers, url) = signed(
            provider,
            "https://example.com/hook",
            "application/json",
            body,
        );
        let delivered = request(&url, &headers, body);
        let signed = verifier
            .sign(&delivered, &SignOptions::default().at(now()))
            .unwrap();
        let verified = verifier.verify(&delivered, Some(now())).unwrap();
        let text = format!("{verifier:?} {signed:?} {delivered:?} {verified:?}");
        assert!(!text.contains(SECRET), "{text}");
        let signatures = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(signed.headers.iter().map(|(n, v)| (*n, v.as_str())))
            .filter(|(n, _)| n.contains("Signature") && !n.ends_with("Nonce"));
        for (name, value) in signatures {
            assert!(!text.contains(value), "{provider}: {name} shown in {text}");
        }
        assert!(!text.contains(&secret), "{text}");
    }
}

#[test]
fn error_codes_are_stable_and_complete() {
    let errors = [
        Error::MissingHeader {
            header: "H",
            empty: false,
        },
        Error::MalformedHeader {
            header: "H",
            reason: String::new(),
        },
        Error::SignatureMismatch {
            header: "H",
            checked: vec![],
        },
        Error::TimestampOutOfTolerance {
            header: "H",
            skew_ms: 1,
            tolerance_ms: 0,
        },
        Error::BodyHashMismatch,
        Error::BodyNotCovered {
            scheme: scheme("plivo-v2"),
        },
        Error::InvalidUrl {
            reason: String::new(),
        },
        Error::InvalidBody {
            reason: String::new(),
        },
        Error::body_too_large(1),
        Error::InvalidSecret {
            reason: String::new(),
        },
        Error::UnknownProvider {
            name: String::new(),
        },
        Error::InvalidScheme {
            field: String::new(),
            reason: String::new(),
        },
        Error::InvalidArgument {
            reason: String::new(),
        },
        Error::raw_body_unavailable(""),
    ];
    let codes: Vec<_> = errors.iter().map(Error::code).collect();
    assert_eq!(codes, Error::CODES);
    let rejections: Vec<_> = errors
        .iter()
        .filter(|e| e.is_rejection())
        .map(Error::code)
        .collect();
    assert_eq!(rejections, &Error::CODES[..9]);
    let statuses: Vec<_> = errors.iter().map(Error::http_status).collect();
    assert_eq!(
        statuses,
        [
            401, 401, 401, 401, 401, 401, 401, 401, 413, 500, 500, 500, 500, 500
        ]
    );
}

#[test]
fn a_body_the_signature_does_not_cover_is_rejected_unless_allowed() {
    let url = "https://example.com/hooks/plivo?a=1";
    let cases = [
        (
            scheme("plivo-v2"),
            "application/x-www-form-urlencoded",
            &b"Digits=1"[..],
        ),
        (scheme("plivo-v2"), "application/json", br#"{"amount":1}"#),
        (scheme("plivo-v3"), "application/json", br#"{"amount":1}"#),
    ];
    for (scheme, content_type, body) in cases {
        let strict = Verifier::new(Provider::PLIVO, [SECRET]).unwrap();
        let request = Request::post(url)
            .header("Content-Type", content_type)
            .body(body);
        let signed = strict
            .sign(&request, &SignOptions::default().at(now()).scheme(scheme))
            .unwrap();
        let delivered = signed.apply(request.clone());
        let error = strict.verify(&delivered, Some(now())).unwrap_err();
        assert_eq!(error.code(), "body_not_covered", "{scheme} {content_type}");
        assert!(error.is_rejection());
        assert!(error.to_string().contains("allow_unsigned_body"), "{error}");
        let lenient = strict.clone().allow_unsigned_body(true);
        let verified = lenient.verify(&delivered, Some(now())).unwrap();
        assert_eq!(verified.scheme, scheme);
        assert!(!verified.covers.body, "{scheme} {content_type}");
        // A forgery is still a mismatch, not a coverage question.
        let forged = Verifier::new(Provider::PLIVO, ["another-secret"]).unwrap();
        assert_eq!(
            forged.verify(&delivered, Some(now())).unwrap_err().code(),
            "signature_mismatch"
        );
    }
    // What the signature covers needs no option: a V3 form, an empty V2 body.
    let strict = Verifier::new(Provider::PLIVO, [SECRET]).unwrap();
    for (scheme, body) in [
        (scheme("plivo-v3"), &b"Digits=1"[..]),
        (scheme("plivo-v2"), b""),
    ] {
        let request = Request::post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        let signed = strict
            .sign(&request, &SignOptions::default().at(now()).scheme(scheme))
            .unwrap();
        let verified = strict
            .verify(&signed.apply(request.clone()), Some(now()))
            .unwrap();
        assert!(verified.covers.body);
    }
}

#[test]
fn mismatch_messages_show_no_parameter_values() {
    for provider in [Provider::TWILIO, Provider::PLIVO, Provider::SIGNALWIRE] {
        let url = "https://example.com/hook?CallSid=CAsecretcall&From=%2B15551234567";
        let (verifier, headers, url) = signed(
            provider,
            url,
            "application/x-www-form-urlencoded",
            b"CallUUID=uuid-0001&To=%2B15557654321",
        );
        let tampered = b"CallUUID=uuid-0001&To=%2B15557654322";
        let error = verifier
            .verify(&request(&url, &headers, tampered), Some(now()))
            .unwrap_err();
        let text = format!("{error} {error:?}");
        assert_eq!(error.code(), "signature_mismatch", "{provider}: {text}");
        for value in [
            "CAsecretcall",
            "15551234567",
            "uuid-0001",
            "15557654321",
            "15557654322",
        ] {
            assert!(!text.contains(value), "{provider}: {value} in {text}");
        }
        assert!(text.contains("CallSid="), "{provider}: names help: {text}");
    }
}

#[test]
fn public_types_can_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Verifier>();
    send_sync::<hooksig::Verified>();
    send_sync::<hooksig::Signed>();
    send_sync::<Error>();
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    error::<Error>();
}

#[test]
fn over_long_forwarding_headers_are_malformed_headers_naming_the_header() {
    use hooksig::UrlPolicy;
    use hooksig::headers::proxy::FORWARDING_HEADERS;
    for name in FORWARDING_HEADERS {
        // Valid as a last element, after 8 KiB of earlier hops.
        let last = match name {
            "Forwarded" => "proto=https;host=example.com",
            "X-Forwarded-Port" => "8443",
            "X-Forwarded-Host" => "example.com",
            _ => "https",
        };
        let value = format!(
            "{}{last}",
            "203.0.113.7, ".repeat(MAX_HEADER_BYTES / 13 + 1)
        );
        let request = Request::new("POST").header(name, &value);
        let error = UrlPolicy::TrustForwarded
            .resolve("http", "10.0.0.5:8000", "/hook", &request)
            .unwrap_err();
        assert_eq!(error.code(), "malformed_header", "{name}: {error}");
        assert_eq!(error.header(), Some(name));
        assert!(
            error.to_string().contains(&MAX_HEADER_BYTES.to_string()),
            "{error}"
        );
    }
}

#[test]
fn a_public_base_policy_is_always_a_checked_one() {
    use hooksig::UrlPolicy;
    let request = Request::new("POST");
    for bad in ["javascript:alert(1)//", "https://a/b?c", "ftp://x"] {
        let error = UrlPolicy::public_base(bad).unwrap_err();
        assert_eq!(error.code(), "invalid_argument", "{bad}");
        assert!(UrlPolicy::from_options(Some(bad), false).is_err());
    }
    let policy = UrlPolicy::from_options(Some("https://example.com/api/"), false).unwrap();
    let UrlPolicy::PublicBase(base) = &policy else {
        panic!("{policy:?}")
    };
    assert_eq!(base.as_str(), "https://example.com/api");
    assert_eq!(
        policy.resolve("http", "10.0.0.5", "/x", &request).unwrap(),
        "https://example.com/api/x"
    );
}

/// A built-in scheme by id.
fn scheme(id: &str) -> Scheme {
    id.parse().unwrap()
}
