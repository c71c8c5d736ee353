//! The template engine on signature headers of one grammar: the signature after a fixed prefix,
//! `sha256=…` (`Prefix`). Every provider of the registry that the engine runs (no canonicaliser)
//! and whose first scheme has that grammar is fuzzed here, picked by the input
//! (`common::registry_target`): URL, body and headers from the input, checked by
//! `common::check_outcome`.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::LazyLock;

use hooksig::spec::Format;

static PROVIDERS: LazyLock<Vec<common::Covered>> =
    LazyLock::new(|| common::engine_path(|format| matches!(format, Format::Prefix(_))));

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::registry_target(&PROVIDERS, data));
