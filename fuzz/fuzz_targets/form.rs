//! Form bodies: any bytes as an `application/x-www-form-urlencoded` body, through the three
//! providers that parse forms (decode, sort, concatenate), with well-formed signatures.
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::Provider;
use libfuzzer_sys::fuzz_target;

const URL: &str = "https://example.com/webhooks/hook";

fuzz_target!(|body: &[u8]| {
    let cases: [(Provider, &[&[u8]]); 3] = [
        (
            Provider::TWILIO,
            &[
                b"Content-Type:application/x-www-form-urlencoded",
                b"X-Twilio-Signature:LjENXZ78x7F/qfhgPzg9pBQqRws=",
            ],
        ),
        (
            Provider::SIGNALWIRE,
            &[
                b"Content-Type:application/x-www-form-urlencoded",
                b"X-SignalWire-Signature:LjENXZ78x7F/qfhgPzg9pBQqRws=",
            ],
        ),
        (
            Provider::PLIVO,
            &[
                b"Content-Type:application/x-www-form-urlencoded",
                b"X-Plivo-Signature-V3:DhlG0gkiqeKH2smiGkcg0ZnH4Jn+YWFEH2p7jC4fBAs=",
                b"X-Plivo-Signature-V3-Nonce:12345678901234567890",
            ],
        ),
    ];
    for (provider, headers) in cases {
        common::verify_and_check(
            provider,
            &common::request(Some(URL), headers, body),
            headers,
            URL,
        );
    }
});
