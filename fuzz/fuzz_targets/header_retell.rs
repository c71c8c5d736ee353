//! Retell's header parsing: its headers come from the input (`Name:value` fields cut
//! at NUL); URL and body are a fixed, well-formed delivery.
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::Provider;
use libfuzzer_sys::fuzz_target;

const URL: &str = "https://example.com/webhooks/hook?id=7";
const BODY: &[u8] = b"CallSid=CA1&From=%2B14155550123&Body=hello+there";

fuzz_target!(|data: &[u8]| {
    let fields = common::fields(data, common::MAX_HEADERS);
    let request = common::request(Some(URL), &fields, BODY);
    common::verify_and_check(Provider::Retell, &request);
});
