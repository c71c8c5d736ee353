//! Retell's whole verify path: URL, body and every header it reads, all from the input
//! (fields cut at NUL: URL, body, then `Name:value` headers).
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::Provider;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = common::fields(data, 2 + common::MAX_HEADERS);
    let url = None;
    let request = common::request(url, &fields[2..], fields[1]);
    common::verify_and_check(Provider::Retell, &request);
});
