//! A named canonicaliser, Twilio's: the URL and the sorted form parameters, or a URL with
//! `bodySHA256`. Every provider of the registry that uses it is fuzzed here, picked by the input
//! (`common::registry_target`): URL, body and headers from the input, checked by
//! `common::check_outcome`.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::LazyLock;

use hooksig::spec::Canonicaliser;

static PROVIDERS: LazyLock<Vec<common::Covered>> = LazyLock::new(|| {
    common::registry_where(|spec| spec.canonicaliser == Some(Canonicaliser::Twilio))
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::registry_target(&PROVIDERS, data));
