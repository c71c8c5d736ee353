//! The worked examples of `docs/custom-schemes.md`: each compiles, verifies a request whose
//! signature is computed here independently (straight from the example's description), and
//! refuses a tampered body and a stale timestamp.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use hooksig::{Provider, Request, Verifier};
use sha2::Sha256;

const NOW: u64 = 1_700_000_000;

/// The JSON blocks of the page, in order.
fn examples() -> Vec<String> {
    let page = include_str!("../../docs/custom-schemes.md");
    page.split("```json\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_owned())
        .collect()
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// Verifies `headers` + `body`, then the same with a changed body and at a later clock.
fn check(provider: Provider, secret: &str, url: &str, headers: &[(&str, String)], body: &[u8]) {
    let verifier = Verifier::new(provider, [secret]).unwrap();
    let request = |body: &'static [u8]| {
        let mut request = Request::post(url).body(body);
        for (name, value) in headers {
            request = request.header(name, value.as_str());
        }
        request
    };
    let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
    let verified = verifier.verify(&request(body), Some(now())).unwrap();
    assert!(verified.covers.body && verified.covers.timestamp);
    let tampered = verifier
        .verify(&request(b"{\"amount\":1000000}"), Some(now()))
        .unwrap_err();
    assert_eq!(tampered.code(), "signature_mismatch");
    let stale = verifier
        .verify(&request(body), Some(now() + Duration::from_secs(301)))
        .unwrap_err();
    assert_eq!(stale.code(), "timestamp_out_of_tolerance");
}

#[test]
fn the_page_has_three_examples_that_compile() {
    let examples = examples();
    assert_eq!(examples.len(), 3);
    for json in &examples {
        Provider::from_json(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    }
}

#[test]
fn vapi_hmac() {
    let provider = Provider::from_json(&examples()[0]).unwrap();
    let body = br#"{"message":{"type":"status-update","status":"in-progress"}}"#;
    let secret = "vapi-hmac-secret-8d2f";
    let mac = hmac_sha256(
        secret.as_bytes(),
        &[NOW.to_string().as_bytes(), b".", body].concat(),
    );
    let headers = [
        ("x-vapi-signature", hex(&mac)),
        ("x-vapi-timestamp", NOW.to_string()),
    ];
    check(provider, secret, "https://example.com/vapi", &headers, body);
}

#[test]
fn stripe_style_list_over_method_url_and_body() {
    let provider = Provider::from_json(&examples()[1]).unwrap();
    let body = br#"{"order":"ord_1","total":4200}"#;
    let url = "https://example.com/hooks/orders?tenant=7";
    let secret = "acme_sk_5b1e0c";
    let message = format!("{NOW}.POST.{url}.{}", std::str::from_utf8(body).unwrap());
    let mac = hmac_sha256(secret.as_bytes(), message.as_bytes());
    // Rotation on the sender's side: an old signature first, the valid one second.
    let headers = [(
        "Acme-Signature",
        format!("t={NOW},v1={},v1={}", "0".repeat(64), hex(&mac)),
    )];
    check(provider, secret, url, &headers, body);
    let unprefixed = Verifier::new(provider, ["5b1e0c"]).unwrap_err();
    assert_eq!(unprefixed.code(), "invalid_secret");
}

#[test]
fn standard_webhooks_under_other_header_names() {
    let provider = Provider::from_json(&examples()[2]).unwrap();
    let body = br#"{"type":"invoice.paid","id":"evt_9"}"#;
    let key = b"acme-events-key-0123456789abcdef";
    let secret = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    );
    let message = [b"msg_1.", NOW.to_string().as_bytes(), b".", &body[..]].concat();
    let signature = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(key, &message));
    let headers = [
        ("acme-id", "msg_1".to_owned()),
        ("acme-timestamp", NOW.to_string()),
        ("acme-signature", format!("v1a,ignored v1,{signature}")),
    ];
    check(
        provider,
        &secret,
        "https://example.com/events",
        &headers,
        body,
    );
}

/// The vocabulary no built-in provider uses yet: a positional list (Recurly's
/// `<timestamp>,<sig>,<sig>`), the request target (`uri`), and a signed item of the
/// signature header (`field`).
#[test]
fn positional_lists_uri_and_field_pieces() {
    let positional = Provider::from_json(
        r#"{"id":"recurly-like","schemes":[{"id":"recurly-like",
            "signature":{"header":"recurly-signature","format":{"kind":"positional","separator":",","timestamp_index":0},
                         "encoding":"hex","algorithm":"hmac-sha256"},
            "timestamp":{"source":{"field":"0"},"unit":"ms","tolerance":300},
            "signed":["timestamp",{"literal":"."},"body"]}]}"#,
    )
    .unwrap();
    let body = br#"{"id":"n_1"}"#;
    let ms = (NOW * 1000).to_string();
    let mac = hmac_sha256(b"recurly-key", &[ms.as_bytes(), b".", &body[..]].concat());
    let value = format!("{ms},{},{}", "ab".repeat(32), hex(&mac));
    check(
        positional,
        "recurly-key",
        "https://example.com/r",
        &[("recurly-signature", value)],
        body,
    );

    let uri_and_field = Provider::from_json(
        r#"{"id":"acme-nonce","schemes":[{"id":"acme-nonce",
            "signature":{"header":"Acme-Sig","format":{"kind":"kv","separator":",","signature_keys":["v1"],"timestamp_key":"t"},
                         "encoding":"hex","algorithm":"hmac-sha256"},
            "timestamp":{"source":{"field":"t"},"unit":"s","tolerance":300},
            "signed":["method",{"literal":" "},"uri",{"literal":"\n"},{"field":"n"},{"literal":"\n"},"timestamp",{"literal":"\n"},"body"]}]}"#,
    )
    .unwrap();
    let url = "https://example.com:8443/hooks/acme?tenant=7&x=%2F";
    let body = br#"{"order":2}"#;
    let message = [
        b"POST /hooks/acme?tenant=7&x=%2F\nnonce-9\n",
        NOW.to_string().as_bytes(),
        b"\n",
        &body[..],
    ]
    .concat();
    let mac = hmac_sha256(b"acme-key", &message);
    let headers = [("Acme-Sig", format!("t={NOW},n=nonce-9,v1={}", hex(&mac)))];
    check(uri_and_field, "acme-key", url, &headers, body);
    // The field is signed: another nonce under the same signature is refused.
    let verifier = Verifier::new(uri_and_field, ["acme-key"]).unwrap();
    let swapped_value = format!("t={NOW},n=nonce-8,v1={}", hex(&mac));
    let swapped = Request::post(url)
        .header("Acme-Sig", &swapped_value)
        .body(body);
    assert_eq!(
        verifier.verify(&swapped, Some(now())).unwrap_err().code(),
        "signature_mismatch"
    );
    let missing_value = format!("t={NOW},v1={}", hex(&mac));
    let missing = Request::post(url)
        .header("Acme-Sig", &missing_value)
        .body(body);
    assert_eq!(
        verifier.verify(&missing, Some(now())).unwrap_err().code(),
        "malformed_header"
    );
    // A covered URL: another path under the same signature is refused.
    let moved = Request::post("https://example.com:8443/hooks/other?tenant=7&x=%2F")
        .header("Acme-Sig", &headers[0].1)
        .body(body);
    assert_eq!(
        verifier.verify(&moved, Some(now())).unwrap_err().code(),
        "signature_mismatch"
    );
}
