//! The URL policy: a public base, and the received scheme, host and target with forwarding
//! headers (fields cut at NUL: base, scheme, host, target, then the forwarding
//! headers), through all three policies. Rebuilt URLs stay bounded in size.
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::headers::proxy::FORWARDING_HEADERS;
use hooksig::{Request, UrlPolicy};
use libfuzzer_sys::fuzz_target;

// The main claim is "no panic"; the assertions are what else can fail: a bad base is an
// argument error, a bad received part an invalid URL, a bad forwarding header a malformed
// header naming one of the forwarding headers, and no message echoes what it was given.
fuzz_target!(|data: &[u8]| {
    let fields = common::fields(data, 4 + common::MAX_HEADERS);
    let [base, scheme, host, target] = [0, 1, 2, 3].map(|i| common::text(fields[i]));
    let request: Request<'_> = common::request(None, &fields[4..], b"");
    let mut policies = vec![UrlPolicy::Direct, UrlPolicy::TrustForwarded];
    match UrlPolicy::public_base(base) {
        Ok(policy) => policies.push(policy),
        Err(error) => {
            assert_eq!(error.code(), "invalid_argument", "{error}");
            common::check_message(&error, &fields[..1], "");
        }
    }
    for policy in policies {
        match policy.resolve(scheme, host, target, &request) {
            Ok(url) => assert!(url.len() <= base.len() + data.len() + 16, "{url}"),
            Err(error) => {
                match error.code() {
                    "invalid_url" => assert_eq!(error.header(), None),
                    "malformed_header" => assert!(
                        error
                            .header()
                            .is_some_and(|h| FORWARDING_HEADERS.contains(&h)),
                        "{error}"
                    ),
                    code => panic!("resolve gave {code}: {error}"),
                }
                common::check_message(&error, &fields, "");
            }
        }
    }
});
