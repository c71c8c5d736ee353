//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use base64::Engine;
use hooksig::Provider;
use hooksig::spec::KeyDecoding;

/// `raw` in the shape the provider's key decoding takes: `whsec_` + base64 for Standard
/// Webhooks, hex for hex keys, the required prefix for Ranked; as is otherwise.
pub fn shaped_secret(provider: Provider, raw: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
    match provider.schemes().next().map(|s| s.spec().key) {
        Some(KeyDecoding::WhsecBase64) => format!("whsec_{b64}"),
        Some(KeyDecoding::Base64) => b64,
        Some(KeyDecoding::Hex) => raw.bytes().map(|b| format!("{b:02x}")).collect(),
        Some(KeyDecoding::RequirePrefix(prefix) | KeyDecoding::StripPrefix(prefix)) => {
            format!("{prefix}{raw}")
        }
        _ => raw.to_owned(),
    }
}
