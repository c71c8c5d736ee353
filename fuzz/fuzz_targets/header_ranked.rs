//! Ranked's header parsing: headers from the input, a fixed delivery (`common::header_target`).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::header_target(hooksig::Provider::Ranked, data));
