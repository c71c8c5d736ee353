//! Ranked's whole verify path: URL, body and headers from the input (`common::verify_target`).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::verify_target(hooksig::Provider::Ranked, data));
