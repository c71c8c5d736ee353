//! The vector files' schema (`tests/vectors/README.md`) for the Rust suites: the core's
//! (`core/tests/vectors.rs`) and the CLI's (`cli/tests/cli.rs`) include this file, so the
//! cases are read one way. Test code: failures panic with the case id.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hooksig::Provider;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct File {
    pub provider: String,
    pub cases: Vec<Case>,
}

#[derive(Deserialize, Clone)]
pub struct Case {
    pub id: String,
    pub secrets: Vec<String>,
    pub method: String,
    pub url: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub body_base64: Option<String>,
    pub now: f64,
    pub tolerance: Option<f64>,
    #[serde(default)]
    pub allow_unsigned_body: bool,
    pub expect: Expect,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Expect {
    pub ok: bool,
    pub code: Option<String>,
    pub scheme: Option<String>,
    pub header: Option<String>,
    pub secret_index: Option<usize>,
    pub covers: Option<Covers>,
}

#[derive(Deserialize, Debug, PartialEq, Clone, Copy)]
pub struct Covers {
    pub body: bool,
    pub url: bool,
    pub timestamp: bool,
}

impl Case {
    /// The raw body, from `body` or `body_base64`.
    pub fn body(&self) -> Vec<u8> {
        match (&self.body, &self.body_base64) {
            (Some(text), None) => text.as_bytes().to_vec(),
            (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap(),
            _ => panic!(
                "{}: a case needs exactly one of body and body_base64",
                self.id
            ),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs_f64(self.now)
    }
}

/// Every case of every file, with its provider.
pub fn corpus() -> Vec<(Provider, Case)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let provider: Provider = file.provider.parse().unwrap();
        cases.extend(file.cases.into_iter().map(|case| (provider, case)));
    }
    assert!(cases.len() >= 125, "only {} vectors found", cases.len());
    cases
}
