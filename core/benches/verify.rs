//! Every built-in scheme's verify at 64 B, 1 KB, 16 KB and 1 MB, beside plain SHA-256, SHA-1
//! and SHA-512 of the same bytes (the ceiling). The cases come from the registry, so a new
//! provider is benchmarked without an edit here. `make bench` turns criterion's estimates into
//! verify/hash ratios. `HOOKSIG_BENCH_SCHEMES=retell,twilio-form` limits the schemes run.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hooksig::{Provider, Request, Scheme, SignOptions, Verifier};
use sha2::Digest;

#[path = "../tests/support/mod.rs"]
mod support;

const SIZES: [usize; 4] = [64, 1024, 16 * 1024, 1024 * 1024];
const URL: &str = "https://example.com/webhooks/hook?tenant=7";
/// Signed at, and verified at, the time Linear-style bodies carry.
const NOW_SECS: u64 = 1_800_000_000;

/// A JSON body of exactly `size` bytes (from 64), carrying a `webhookTimestamp`.
fn json_body(size: usize) -> Vec<u8> {
    let mut body = format!(r#"{{"webhookTimestamp":{},"data":""#, NOW_SECS * 1000).into_bytes();
    body.resize(size.saturating_sub(2).max(body.len()), b'x');
    body.extend_from_slice(b"\"}");
    body
}

/// A form body of about `size` bytes in ten fields, as a webhook's are.
fn form_body(size: usize) -> Vec<u8> {
    let value = "v".repeat((size / 10).saturating_sub(4).max(1));
    (0..10)
        .map(|i| format!("F{i}={value}"))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The schemes whose signature covers form fields rather than raw bytes.
fn is_form(scheme: Scheme) -> bool {
    matches!(scheme.id(), "twilio-form" | "signalwire-form" | "plivo-v3")
}

/// Every built-in scheme that signs a POST of some body, optionally filtered by
/// `HOOKSIG_BENCH_SCHEMES`. Plivo V2 is left out: it signs no body, so its time is the URL's.
fn schemes() -> Vec<Scheme> {
    let wanted = std::env::var("HOOKSIG_BENCH_SCHEMES").ok();
    Provider::ALL
        .iter()
        .flat_map(|provider| provider.schemes())
        .filter(|scheme| scheme.id() != "plivo-v2")
        .filter(|scheme| {
            wanted
                .as_deref()
                .is_none_or(|list| list.split(',').any(|id| id == scheme.id()))
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let now = UNIX_EPOCH + Duration::from_secs(NOW_SECS);
    let schemes = schemes();
    for size in SIZES {
        let mut group = c.benchmark_group(format!("{size}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size >= 16 * 1024 {
            group.sample_size(20);
        }
        for &scheme in &schemes {
            let provider = scheme.provider();
            let body = if is_form(scheme) {
                form_body(size)
            } else {
                json_body(size)
            };
            let content_type = if is_form(scheme) {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            let secret = support::shaped_secret(provider, "bench-key");
            let verifier = Verifier::new(provider, [secret]).unwrap();
            let mut unsigned = Request::post(URL)
                .header("Content-Type", content_type)
                .body(&body);
            // HubSpot v1 and v2 are chosen by their version header.
            if let Some((name, value)) = scheme.spec().when {
                unsigned = unsigned.header(name, value);
            }
            let options = SignOptions::default().at(now).scheme(scheme);
            let signed = verifier.sign(&unsigned, &options).unwrap();
            let request = signed.apply(unsigned.clone());
            let verified = verifier.verify(&request, Some(now)).unwrap();
            assert_eq!(verified.scheme, scheme);
            group.bench_function(BenchmarkId::new(scheme.id(), size), |b| {
                b.iter(|| verifier.verify(black_box(&request), Some(black_box(now))))
            });
        }
        let body = json_body(size);
        group.bench_function(BenchmarkId::new("sha256", size), |b| {
            b.iter(|| sha2::Sha256::digest(black_box(&body)))
        });
        group.bench_function(BenchmarkId::new("sha1", size), |b| {
            b.iter(|| sha1::Sha1::digest(black_box(&body)))
        });
        group.bench_function(BenchmarkId::new("sha512", size), |b| {
            b.iter(|| sha2::Sha512::digest(black_box(&body)))
        });
        group.finish();
    }
}

criterion_group! {
    name = verify;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(verify);
