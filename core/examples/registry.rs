//! Prints the registry as JSON, for `scripts/generate_lists.py` (the type unions, stub
//! Literals and docs tables generated from it): every built-in provider's spec as `describe`
//! gives it, and every error code with its class and HTTP status.
#![allow(clippy::unwrap_used, missing_docs)]

use hooksig::{ErrorCode, Provider};

fn main() {
    let providers: Vec<serde_json::Value> = Provider::ALL
        .iter()
        .map(|provider| serde_json::from_str(&provider.describe()).unwrap())
        .collect();
    let codes: Vec<serde_json::Value> = ErrorCode::ALL
        .iter()
        .map(|code| {
            serde_json::json!({
                "code": code.as_str(),
                "rejection": code.is_rejection(),
                "summary": code.summary(),
                "status": code.http_status(),
            })
        })
        .collect();
    let registry = serde_json::json!({ "providers": providers, "codes": codes });
    println!("{}", serde_json::to_string_pretty(&registry).unwrap());
}
