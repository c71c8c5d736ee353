//! The URL policy: a public base, and the received scheme, host and target with forwarding
//! headers (fields cut at NUL: base, scheme, host, target, then the forwarding
//! headers), through all three policies. Rebuilt URLs stay bounded in size.
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::{Request, UrlPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = common::fields(data, 4 + common::MAX_HEADERS);
    let [base, scheme, host, target] = [0, 1, 2, 3].map(|i| common::text(fields[i]));
    let request: Request<'_> = common::request(None, &fields[4..], b"");
    let mut policies = vec![UrlPolicy::Direct, UrlPolicy::TrustForwarded];
    match UrlPolicy::public_base(base) {
        Ok(policy) => policies.push(policy),
        Err(error) => common::check_error(&error),
    }
    for policy in policies {
        match policy.resolve(scheme, host, target, &request) {
            Ok(url) => assert!(url.len() <= base.len() + data.len() + 16, "{url}"),
            Err(error) => common::check_error(&error),
        }
    }
});
