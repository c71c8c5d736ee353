//! Every provider's verify at 64 B, 1 KB, 16 KB and 1 MB, beside plain SHA-256 and SHA-1 of the
//! same bytes (the ceiling). `make bench` turns criterion's estimates into verify/hash ratios.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hooksig::{Provider, Request, Scheme, SignOptions, Verifier};
use sha2::Digest;

const SIZES: [usize; 4] = [64, 1024, 16 * 1024, 1024 * 1024];
const URL: &str = "https://example.com/webhooks/hook?tenant=7";

/// A JSON body of exactly `size` bytes.
fn json_body(size: usize) -> Vec<u8> {
    let mut body = br#"{"event":"call_ended","data":""#.to_vec();
    body.resize(size.saturating_sub(2).max(body.len()), b'x');
    body.extend_from_slice(b"\"}");
    body.truncate(size.max(8));
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

/// What one benchmark verifies.
struct Case {
    label: &'static str,
    provider: Provider,
    secret: &'static str,
    body: fn(usize) -> Vec<u8>,
    scheme: Scheme,
}

const fn case(
    label: &'static str,
    provider: Provider,
    body: fn(usize) -> Vec<u8>,
    scheme: Scheme,
) -> Case {
    let secret = match provider {
        Provider::Ranked => "whsec_key",
        _ => "key",
    };
    Case {
        label,
        provider,
        secret,
        body,
        scheme,
    }
}

const CASES: [Case; 6] = [
    case("retell", Provider::Retell, json_body, Scheme::Retell),
    case("ranked", Provider::Ranked, json_body, Scheme::Ranked),
    // SignalWire sends both its SHA-1 and SHA-256 headers: both are checked.
    case(
        "signalwire-json",
        Provider::SignalWire,
        json_body,
        Scheme::SignalWireJson,
    ),
    case(
        "twilio-body-sha256",
        Provider::Twilio,
        json_body,
        Scheme::TwilioBodySha256,
    ),
    case(
        "twilio-form",
        Provider::Twilio,
        form_body,
        Scheme::TwilioForm,
    ),
    case("plivo-v3", Provider::Plivo, form_body, Scheme::PlivoV3),
];

fn content_type(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::TwilioForm | Scheme::PlivoV3 => "application/x-www-form-urlencoded",
        _ => "application/json",
    }
}

fn benches(c: &mut Criterion) {
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    for size in SIZES {
        let mut group = c.benchmark_group(format!("{size}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size >= 16 * 1024 {
            group.sample_size(20);
        }
        for Case {
            label,
            provider,
            secret,
            body,
            scheme,
        } in CASES
        {
            let body = body(size);
            let verifier = Verifier::new(provider, [secret]).unwrap();
            let unsigned = Request::post(URL)
                .header("Content-Type", content_type(scheme))
                .body(&body);
            let options = SignOptions::default().at(now).scheme(scheme);
            let signed = verifier.sign(&unsigned, &options).unwrap();
            let request = signed.apply(unsigned);
            assert!(verifier.verify(&request, Some(now)).is_ok(), "{label}");
            group.bench_function(BenchmarkId::new(label, size), |b| {
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
