//! Does verify's time depend on how much of a forged signature is right? A dudect-style test
//! (Reparaz et al., 2017): two classes of forged requests measured in random interleaving,
//! compared with Welch's t-test. |t| below 4.5 finds no leak at this sample size.
//!
//!     cargo run --release -p hooksig --example timing [samples per class]
//!
//! This is a measurement, not a test: `make timing` prints it; SECURITY.md records a run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use base64::Engine;
use hooksig::{Provider, Request, SignOptions, Verifier};

/// Welch's t over streaming sums.
#[derive(Default)]
struct Welch {
    n: [f64; 2],
    mean: [f64; 2],
    m2: [f64; 2],
}

impl Welch {
    fn push(&mut self, class: usize, x: f64) {
        self.n[class] += 1.0;
        let delta = x - self.mean[class];
        self.mean[class] += delta / self.n[class];
        self.m2[class] += delta * (x - self.mean[class]);
    }

    fn t(&self) -> f64 {
        let var = |c: usize| self.m2[c] / (self.n[c] - 1.0);
        (self.mean[0] - self.mean[1]) / (var(0) / self.n[0] + var(1) / self.n[1]).sqrt()
    }
}

/// A small xorshift generator: the class order must be unpredictable to the code measured.
struct Rng(u64);

impl Rng {
    fn bit(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 & 1) as usize
    }
}

/// `signature` with the characters from `keep` on replaced (so `keep` leading ones match).
fn forged(signature: &str, keep: usize, alphabet: &[u8]) -> String {
    signature
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            if i < keep {
                b as char
            } else {
                let pos = alphabet.iter().position(|&a| a == b).unwrap_or(0);
                alphabet[(pos + 1) % alphabet.len()] as char
            }
        })
        .collect()
}

fn measure(name: &str, verifier: &Verifier, requests: [&Request<'_>; 2], samples: usize) {
    let now = Some(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut times: [Vec<f64>; 2] = [Vec::with_capacity(samples), Vec::with_capacity(samples)];
    for _ in 0..samples * 2 {
        let class = rng.bit();
        let start = Instant::now();
        let outcome = verifier.verify(black_box(requests[class]), now);
        let elapsed = start.elapsed().as_nanos() as f64;
        black_box(outcome.is_ok());
        times[class].push(elapsed);
    }
    // dudect crops the slowest measurements (interrupts, migrations) at a few percentiles.
    let mut all: Vec<f64> = times.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mut line = format!("{name:<46}");
    for percentile in [1.0, 0.9, 0.5] {
        let cap = all[((all.len() - 1) as f64 * percentile) as usize];
        let mut welch = Welch::default();
        for (class, values) in times.iter().enumerate() {
            for &x in values.iter().filter(|&&x| x <= cap) {
                welch.push(class, x);
            }
        }
        let t = welch.t();
        line += &if t.is_finite() {
            format!(" {t:>7.2}")
        } else {
            format!(" {:>7}", "-")
        };
        if percentile == 1.0 {
            line = format!("{line} ({:.0} / {:.0} ns)", welch.mean[0], welch.mean[1]);
        }
    }
    println!("{line}");
}

fn retell_request<'a>(signature: &'a str, body: &'a [u8]) -> Request<'a> {
    Request::new("POST")
        .header("X-Retell-Signature", signature)
        .body(body)
}

fn twilio_request<'a>(url: &'a str, signature: &'a str, form: &'a [u8]) -> Request<'a> {
    Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .body(form)
}

fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .map_or(200_000, |s| s.parse().unwrap());
    println!("{samples} samples per class; Welch's t (|t| < 4.5: no leak found) over all");
    println!("samples (class means), then the fastest 90% and 50%\n");
    let hex = b"0123456789abcdef";

    // Retell: a 64-hex-digit HMAC-SHA256 after "v=<ms>,d=".
    let retell = Verifier::new(Provider::RETELL, ["timing-key"]).unwrap();
    let body = vec![b'x'; 1024];
    let options = SignOptions::default().at(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let signed = retell
        .sign(&Request::new("POST").body(&body), &options)
        .unwrap();
    let header = signed.headers[0].1.clone();
    let (prefix, digest) = header.split_once(",d=").unwrap();
    let variant = |keep: usize| format!("{prefix},d={}", forged(digest, keep, hex));
    let [none, half, all_but_last] = [0, 32, 63].map(variant);
    let request = |value| retell_request(value, &body);
    let (r0, r32, r63, good) = (
        request(&none),
        request(&half),
        request(&all_but_last),
        request(&header),
    );
    measure(
        "retell: 0 vs 63 leading hex digits right",
        &retell,
        [&r0, &r63],
        samples,
    );
    measure(
        "retell: 0 vs 32 leading hex digits right",
        &retell,
        [&r0, &r32],
        samples,
    );
    measure(
        "retell: forged vs genuine (not secret: 401 vs 2xx)",
        &retell,
        [&r63, &good],
        samples,
    );
    // A wrong length is refused before any MAC: the length is the sender's own input.
    let short = format!("{prefix},d={}", &forged(digest, 0, hex)[..62]);
    let r_short = request(&short);
    measure(
        "retell: 62 vs 64 hex digits (length: not secret)",
        &retell,
        [&r_short, &r0],
        samples,
    );

    // Twilio: a base64 HMAC-SHA1 over URL + form, tried with two port variants.
    let twilio = Verifier::new(Provider::TWILIO, ["timing-token"]).unwrap();
    let url = "https://example.com/sms";
    let form = b"From=%2B14155550123&Body=hello";
    let unsigned = Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form);
    let signature = twilio.sign(&unsigned, &options).unwrap().headers[0]
        .1
        .clone();
    // Forge the MAC bytes, not the characters: base64's last character carries padding bits.
    let engine = base64::engine::general_purpose::STANDARD;
    let mac = engine.decode(&signature).unwrap();
    let variant = |keep: usize| {
        let bytes: Vec<u8> = mac
            .iter()
            .enumerate()
            .map(|(i, &b)| if i < keep { b } else { !b })
            .collect();
        engine.encode(bytes)
    };
    let [t0, t19] = [0, 19].map(variant);
    let (q0, q19) = (
        twilio_request(url, &t0, form),
        twilio_request(url, &t19, form),
    );
    measure(
        "twilio: 0 vs 19 leading MAC bytes right",
        &twilio,
        [&q0, &q19],
        samples,
    );
}
