//! URLs and queries: any text as the request URL of the three URL-signed providers (URL and
//! query parsing, port candidates, `bodySHA256`, Plivo's canonical form), with a form body.
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::Provider;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let body = b"CallSid=CA1&From=%2B14155550123";
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
            &[b"X-SignalWire-Signature:0123456789abcdef0123456789abcdef01234567"],
        ),
        (
            Provider::PLIVO,
            &[
                b"Content-Type:application/x-www-form-urlencoded",
                b"X-Plivo-Signature-V2:DhlG0gkiqeKH2smiGkcg0ZnH4Jn+YWFEH2p7jC4fBAs=",
                b"X-Plivo-Signature-V2-Nonce:12345678901234567890",
            ],
        ),
    ];
    for (provider, headers) in cases {
        common::verify_and_check(
            provider,
            &common::request(Some(url), headers, body),
            headers,
            url,
        );
    }
});
