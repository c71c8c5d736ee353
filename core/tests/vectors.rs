//! Runs every case in `tests/vectors/*.json` (the cross-language corpus) through the core.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use hooksig::{Provider, Request, Verifier};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    provider: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    secrets: Vec<String>,
    method: String,
    url: Option<String>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    body_base64: Option<String>,
    now: f64,
    tolerance: Option<f64>,
    expect: Expect,
}

#[derive(Deserialize, Debug)]
struct Expect {
    ok: bool,
    code: Option<String>,
    scheme: Option<String>,
    header: Option<String>,
    secret_index: Option<usize>,
    covers: Option<Covers>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Covers {
    body: bool,
    url: bool,
    timestamp: bool,
}

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Runs one case; `Err` describes how it went wrong.
fn run(provider: Provider, case: &Case) -> Result<(), String> {
    let body = match (&case.body, &case.body_base64) {
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| e.to_string())?,
        _ => return Err("a case needs exactly one of body and body_base64".into()),
    };
    let mut request = Request::new(&case.method).body(&body);
    if let Some(url) = &case.url {
        request = request.url(url);
    }
    for (name, value) in &case.headers {
        request = request.header(name, value);
    }
    let now = UNIX_EPOCH + Duration::from_secs_f64(case.now);
    let outcome = Verifier::new(provider, &case.secrets).and_then(|verifier| {
        let verifier = match case.tolerance {
            Some(seconds) => verifier.with_tolerance(Duration::from_secs_f64(seconds)),
            None => verifier,
        };
        verifier.verify(&request, Some(now))
    });
    let expect = &case.expect;
    match (expect.ok, outcome) {
        (true, Ok(verified)) => {
            let got = (
                verified.scheme.id(),
                verified.header,
                verified.secret_index,
                Covers {
                    body: verified.covers.body,
                    url: verified.covers.url,
                    timestamp: verified.covers.timestamp,
                },
            );
            let want = (
                expect.scheme.as_deref().unwrap_or_default(),
                expect.header.as_deref().unwrap_or_default(),
                expect.secret_index.unwrap_or_default(),
                expect.covers.as_ref().map_or(
                    Covers {
                        body: true,
                        url: true,
                        timestamp: false,
                    },
                    |c| Covers { ..*c },
                ),
            );
            if got == want {
                Ok(())
            } else {
                Err(format!("verified as {got:?}, expected {want:?}"))
            }
        }
        (true, Err(error)) => Err(format!("rejected with {}: {error}", error.code())),
        (false, Ok(verified)) => Err(format!("accepted ({verified:?}), expected {expect:?}")),
        (false, Err(error)) if Some(error.code()) == expect.code.as_deref() => Ok(()),
        (false, Err(error)) => Err(format!(
            "rejected with {} ({error}), expected {:?}",
            error.code(),
            expect.code
        )),
    }
}

#[test]
fn every_vector_gives_its_expected_outcome() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in vector_files() {
        let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let provider: Provider = file.provider.parse().unwrap();
        for case in &file.cases {
            count += 1;
            if let Err(why) = run(provider, case) {
                failures.push(format!("{}: {why}", case.id));
            }
        }
    }
    assert!(count >= 125, "only {count} vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn error_messages_never_contain_a_secret() {
    for path in vector_files() {
        let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let provider: Provider = file.provider.parse().unwrap();
        for case in &file.cases {
            let body = case.body.clone().unwrap_or_default();
            let mut request = Request::new(&case.method).body(&body);
            if let Some(url) = &case.url {
                request = request.url(url);
            }
            for (name, value) in &case.headers {
                request = request.header(name, value);
            }
            let now = UNIX_EPOCH + Duration::from_secs_f64(case.now);
            let text = match Verifier::new(provider, &case.secrets) {
                Ok(verifier) => match verifier.verify(&request, Some(now)) {
                    Ok(verified) => format!("{verified:?} {verifier:?}"),
                    Err(error) => format!("{error} {error:?} {verifier:?}"),
                },
                Err(error) => format!("{error} {error:?}"),
            };
            for secret in case.secrets.iter().filter(|s| s.len() >= 4) {
                assert!(!text.contains(secret.as_str()), "{}: {text}", case.id);
            }
        }
    }
}
