//! User-defined providers: any text as a JSON spec into `Provider::from_json`, then a verify
//! with it. Fields cut at NUL: the spec, the URL, the body, then `Name:value` headers (the
//! seeds are every built-in provider's `describe` with the vectors' deliveries).
#![no_main]

#[path = "common.rs"]
mod common;

use hooksig::{Provider, Verifier};
use libfuzzer_sys::fuzz_target;

// The main claim is "no panic", in compiling a spec and in running it. Beyond it: a bad spec is
// `invalid_scheme`; a compiled one described and compiled again describes the same (what
// `describe` promises); a secret in the shape its keys need is accepted or refused as
// `invalid_secret`; and the request's outcome passes `common::check_outcome`, a message being
// allowed to quote the spec's own names.
fuzz_target!(|data: &[u8]| {
    let fields = common::fields(data, 3 + common::MAX_HEADERS);
    let Ok(json) = std::str::from_utf8(fields[0]) else {
        return;
    };
    let provider = match Provider::from_json(json) {
        Ok(provider) => provider,
        Err(error) => {
            assert_eq!(error.code(), "invalid_scheme", "{error}");
            common::check_message(&error, &[], "");
            return;
        }
    };
    assert!(!provider.is_builtin());
    let described = provider.describe();
    match Provider::from_json(&described) {
        Ok(again) => assert_eq!(again.describe(), described),
        // The process's cap on distinct specs, reached by the fuzzer's many.
        Err(error) => assert!(error.to_string().contains("already compiled"), "{error}"),
    }
    let verifier = match Verifier::new(provider, [common::provider_secret(provider)]) {
        Ok(verifier) => verifier,
        Err(error) => {
            assert_eq!(error.code(), "invalid_secret", "{error}");
            common::check_message(&error, &[], "");
            return;
        }
    };
    let url = provider.signs_url().then(|| common::text(fields[1]));
    let request = common::request(url, &fields[3..], fields[2]);
    let quotable = format!("{} {json}", url.unwrap_or_default());
    common::check_outcome(provider, &verifier, &request, &fields[3..], &quotable);
});
