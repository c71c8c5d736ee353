//! The `hooksig` binary, driven as a user would: `sign` output verified by the core, `send`
//! delivered to a server on 127.0.0.1 whose raw capture `verify` then checks, the explanations
//! of each rejection, the exit codes, and every vector of `tests/vectors/` as a capture.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hooksig::{Provider, Request};

const NOW: u64 = 1_800_000_000;

#[path = "../../core/tests/support/mod.rs"]
mod support;

/// A secret of the shape each provider uses.
fn secret(provider: Provider) -> &'static str {
    // Test-only: a handful of small strings, kept for the test's life.
    Box::leak(support::shaped_secret(provider, "cli-test-secret-0123456789").into_boxed_str())
}

/// A delivery each provider would make at `now_ms`: a form for the URL-signed ones, JSON for
/// the others (with Linear's `webhookTimestamp`, the only time some providers sign).
fn delivery(provider: Provider, now_ms: u64) -> Vec<&'static str> {
    if provider.signs_url() {
        vec![
            "-F",
            "CallSid=CA123",
            "-F",
            "From=+14155550123",
            "-F",
            "Body=¿Qué tal?",
        ]
    } else {
        vec!["--body", json_body(now_ms)]
    }
}

/// The JSON body of `delivery`, kept for the test's life.
fn json_body(now_ms: u64) -> &'static str {
    Box::leak(
        format!(
            r#"{{"event":"call_ended","call":{{"call_id":"c-1"}},"webhookTimestamp":{now_ms}}}"#
        )
        .into_boxed_str(),
    )
}

fn hooksig(args: &[&str]) -> Output {
    assert_cmd::cargo_bin_cmd!("hooksig")
        .env_remove("HOOKSIG_SECRET")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code, printing the output otherwise.
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hooksig-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A one-request HTTP server on 127.0.0.1 that answers `status` with `body` and returns the
/// raw bytes it received.
fn capture_server(status: u16, body: &'static str) -> (String, JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut raw = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut request = httparse::Request::new(&mut headers);
            if let httparse::Status::Complete(head) = request.parse(&raw).unwrap() {
                let length = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .map_or(0, |h| {
                        std::str::from_utf8(h.value).unwrap().parse().unwrap()
                    });
                if raw.len() >= head + length {
                    break;
                }
            }
            let read = stream.read(&mut buffer).unwrap();
            assert!(
                read > 0,
                "the client closed before the request was complete"
            );
            raw.extend_from_slice(&buffer[..read]);
        }
        write!(
            stream,
            "HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        raw
    });
    (origin, handle)
}

fn write_file(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_owned()
}

/// `capture` with one byte of its body changed.
fn tampered(capture: &[u8]) -> Vec<u8> {
    let mut changed = capture.to_vec();
    let last = changed.len() - 2;
    changed[last] = if changed[last] == b'1' { b'2' } else { b'1' };
    changed
}

#[test]
fn every_command_has_help() {
    for command in [
        &[][..],
        &["sign"],
        &["send"],
        &["verify"],
        &["describe"],
        &["providers"],
    ] {
        let output = hooksig(&[command, &["--help"]].concat());
        assert_exit(&output, 0);
        assert!(text(&output.stdout).contains("Usage: hooksig"));
    }
    assert!(text(&hooksig(&["--help"]).stdout).contains("Exit status: 0 verified"));
    assert!(text(&hooksig(&["verify", "--help"]).stdout).contains("--secret-env <VAR>"));
    for command in ["sign", "send", "verify", "describe"] {
        let help = text(&hooksig(&[command, "--help"]).stdout);
        assert!(
            help.contains("<PROVIDER|--scheme-file <SPEC.json>>"),
            "{command}: {help}"
        );
    }
}

#[test]
fn sign_prints_headers_the_core_accepts() {
    for &provider in Provider::ALL {
        let url = "https://example.com/webhooks/hook?id=7";
        let now = NOW.to_string();
        let mut args = vec![
            "sign",
            provider.id(),
            "--secret",
            secret(provider),
            "--now",
            &now,
        ];
        if provider.signs_url() {
            args.extend(["--url", url]);
        }
        args.extend(delivery(provider, NOW * 1000));
        let output = hooksig(&args);
        assert_exit(&output, 0);
        let stdout = text(&output.stdout);
        let headers: Vec<(&str, &str)> = stdout
            .lines()
            .map(|line| line.split_once(": ").unwrap())
            .collect();
        assert!(headers.iter().any(|(name, _)| *name == "Content-Type"));
        let body = match provider.signs_url() {
            true => "CallSid=CA123&From=%2B14155550123&Body=%C2%BFQu%C3%A9+tal%3F",
            false => json_body(NOW * 1000),
        };
        let request = Request::post(url).headers(headers).body(body);
        let verified = hooksig::verify(
            provider,
            [secret(provider)],
            &request,
            Some(UNIX_EPOCH + Duration::from_secs(NOW)),
        );
        assert!(verified.is_ok(), "{provider}: {verified:?}\n{stdout}");
    }
}

#[test]
fn sign_prints_a_curl_command_and_the_changed_url() {
    let output = hooksig(&[
        "sign",
        "twilio",
        "--secret",
        "token",
        "--url",
        "https://example.com/hook",
        "--body",
        "{\"it's\":1}",
        "--curl",
    ]);
    assert_exit(&output, 0);
    let curl = text(&output.stdout);
    assert!(curl.starts_with("curl -sS -X 'POST' 'https://example.com/hook?bodySHA256="));
    assert!(curl.contains("-H 'X-Twilio-Signature: "));
    assert!(curl.contains(r#"--data-raw '{"it'\''s":1}'"#), "{curl}");

    let output = hooksig(&[
        "sign",
        "twilio",
        "--secret",
        "token",
        "--url",
        "https://example.com/hook",
        "-d",
        "{}",
    ]);
    assert_exit(&output, 0);
    assert!(text(&output.stderr).contains("deliver to https://example.com/hook?bodySHA256="));
}

#[test]
fn secrets_come_from_env_files_and_arguments() {
    let dir = temp_dir("secrets");
    let file = write_file(&dir, "secret", b"from-a-file\n");
    let sign = |extra: &[&str], env: Option<&str>| {
        let mut command = assert_cmd::cargo_bin_cmd!("hooksig");
        command.env_remove("HOOKSIG_SECRET");
        if let Some(value) = env {
            command.env("HOOKSIG_SECRET", value).env("MY_SECRET", value);
        }
        let args = [
            &["sign", "retell", "--now", "1800000000", "-d", "{}"],
            extra,
        ]
        .concat();
        command.args(args).output().unwrap()
    };
    let by_argument = sign(&["--secret", "from-a-file"], None);
    assert_exit(&by_argument, 0);
    for (extra, env) in [
        (&["--secret-file", file.as_str()][..], None),
        (&["--secret-env", "MY_SECRET"][..], Some("from-a-file")),
        (&[][..], Some("from-a-file")),
    ] {
        let output = sign(extra, env);
        assert_exit(&output, 0);
        assert_eq!(output.stdout, by_argument.stdout, "{extra:?}");
    }
    let none = sign(&[], None);
    assert_exit(&none, 2);
    assert!(text(&none.stderr).contains("no secret"));
    let unset = sign(&["--secret-env", "HOOKSIG_TEST_UNSET_VARIABLE"], None);
    assert_exit(&unset, 2);
    assert!(text(&unset.stderr).contains("HOOKSIG_TEST_UNSET_VARIABLE"));
}

#[test]
fn send_delivers_and_verify_accepts_the_capture_but_not_a_tampered_one() {
    let dir = temp_dir("send");
    for &provider in Provider::ALL {
        let (origin, server) = capture_server(204, "");
        let to = format!("{origin}/webhooks/{provider}?tenant=a%20b");
        let mut args = vec![
            "send",
            provider.id(),
            "--secret",
            secret(provider),
            "--to",
            &to,
        ];
        args.extend(delivery(provider, clock_ms()));
        let output = hooksig(&args);
        assert_exit(&output, 0);
        assert!(text(&output.stdout).starts_with("HTTP 204"));
        let capture = server.join().unwrap();
        let file = write_file(&dir, &format!("{provider}.http"), &capture);

        let wrong = format!(
            "--secret={}",
            support::shaped_secret(provider, "cli-test-secret-but-wrong")
        );
        let verify = |file: &str| {
            hooksig(&[
                "verify",
                provider.id(),
                &wrong,
                "--secret",
                secret(provider),
                "--request",
                file,
                "--received-scheme",
                "http",
            ])
        };
        let output = verify(&file);
        assert_exit(&output, 0);
        let report = text(&output.stdout);
        assert!(report.starts_with(&format!("verified: a genuine {provider} webhook")));
        assert!(report.contains("secret 2 of 2"), "{report}");
        if provider.signs_url() {
            assert!(report.contains(&format!("url         {to}")), "{report}");
        }

        let file = write_file(
            &dir,
            &format!("{provider}-tampered.http"),
            &tampered(&capture),
        );
        let output = verify(&file);
        assert_exit(&output, 1);
        let report = text(&output.stdout);
        assert!(
            report.starts_with("rejected: signature_mismatch"),
            "{report}"
        );
        assert!(report.contains("The body: its"), "{report}");
        assert!(!report.contains(secret(provider)));
        assert!(!text(&output.stderr).contains(secret(provider)));
        // No signature, received or computed, appears in the report.
        let received = text(&capture);
        for line in received
            .lines()
            .filter(|l| l.to_lowercase().contains("signature"))
        {
            let value = line.split_once(": ").unwrap().1.trim();
            assert!(!report.contains(value), "{report}");
        }
    }
}

#[test]
fn send_through_a_proxy_and_the_url_it_was_signed_for() {
    let dir = temp_dir("proxy");
    let (origin, server) = capture_server(200, r#"{"ok":true}"#);
    let output = hooksig(&[
        "send",
        "twilio",
        "--secret",
        "token",
        "--to",
        &format!("{origin}/sms"),
        "--public-url",
        "https://example.com/sms",
        "--as-proxy",
        "-F",
        "Body=hi",
    ]);
    assert_exit(&output, 0);
    assert_eq!(text(&output.stdout), "HTTP 200 OK\n{\"ok\":true}\n");
    let file = write_file(&dir, "capture.http", &server.join().unwrap());
    let verify = |extra: &[&str]| {
        let args = [
            &["verify", "twilio", "--secret", "token", "--request", &file],
            extra,
        ];
        hooksig(&args.concat())
    };
    assert_exit(&verify(&["--trust-forwarded"]), 0);
    assert_exit(&verify(&["--public-url", "https://example.com"]), 0);
    assert_exit(&verify(&["--url", "https://example.com/sms"]), 0);

    // As the app received it: plain http from the proxy, at the proxy's upstream Host.
    let direct = verify(&[]);
    assert_exit(&direct, 1);
    let report = text(&direct.stdout);
    let host = origin.trim_start_matches("http://");
    assert!(
        report.contains(&format!("url checked http://{host}/sms")),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "The app saw http://{host}/sms; the provider signed https://example.com/sms"
        )),
        "{report}"
    );
    assert!(
        report.contains("--public-url https://example.com"),
        "{report}"
    );
}

/// A capture taken at an app behind a TLS-terminating proxy: the request line and Host the
/// app received, the proxy's `extra` headers, and the signature for `signed_for`.
fn proxied_capture(signed_for: &str, target: &str, extra: &str) -> Vec<u8> {
    let body = "CallSid=CA1&Body=hi";
    let signed = hooksig(&[
        "sign",
        "twilio",
        "--secret",
        "token",
        "--url",
        signed_for,
        "-H",
        "Content-Type: application/x-www-form-urlencoded",
        "-d",
        body,
    ]);
    assert_exit(&signed, 0);
    format!(
        "POST {target} HTTP/1.1\r\nHost: example.com\r\n{extra}{}Content-Length: {}\r\n\r\n{body}",
        text(&signed.stdout).replace('\n', "\r\n"),
        body.len()
    )
    .into_bytes()
}

#[test]
fn verify_says_what_an_app_behind_a_proxy_saw_and_the_option_that_fixes_it() {
    let dir = temp_dir("behind-proxy");
    let verify = |file: &str, extra: &[&str]| {
        let args = [
            &["verify", "twilio", "--secret", "token", "--request", file],
            extra,
        ];
        hooksig(&args.concat())
    };

    // The proxy keeps Host and adds X-Forwarded-Proto; the app receives http.
    let capture = proxied_capture(
        "https://example.com/sms",
        "/sms",
        "X-Forwarded-Proto: https\r\n",
    );
    let file = write_file(&dir, "proto.http", &capture);
    let output = verify(&file, &[]);
    assert_exit(&output, 1);
    let report = text(&output.stdout);
    assert!(
        report.starts_with("rejected: signature_mismatch"),
        "{report}"
    );
    assert!(
        report.contains(
            "url checked http://example.com/sms (http:// as an app behind the proxy received it"
        ),
        "{report}"
    );
    assert!(
        report.contains("The app saw http://example.com/sms; the provider signed https://example.com/sms, the URL this capture's X-Forwarded-Proto give"),
        "{report}"
    );
    for option in [
        "public_url=\"https://example.com\" (Python)",
        "publicUrl: 'https://example.com' (Node)",
        "trust_forwarded=True",
        "trustProxy: true",
        "--received-scheme https",
    ] {
        assert!(report.contains(option), "{option}: {report}");
    }
    // As an app configured either way, or whose server applied X-Forwarded-Proto.
    for fixed in [
        &["--trust-forwarded"][..],
        &["--public-url", "https://example.com"],
        &["--received-scheme", "https"],
    ] {
        assert_exit(&verify(&file, fixed), 0);
    }

    // The same through RFC 7239 Forwarded.
    let capture = proxied_capture(
        "https://example.com/sms",
        "/sms",
        "Forwarded: for=192.0.2.1;proto=https\r\n",
    );
    let report = text(&verify(&write_file(&dir, "forwarded.http", &capture), &[]).stdout);
    assert!(
        report.contains(
            "the provider signed https://example.com/sms, the URL this capture's Forwarded give"
        ),
        "{report}"
    );

    // The proxy also strips a path prefix, and says so.
    let capture = proxied_capture(
        "https://example.com/api/sms",
        "/sms",
        "X-Forwarded-Proto: https\r\nX-Forwarded-Prefix: /api\r\n",
    );
    let file = write_file(&dir, "prefix.http", &capture);
    let output = verify(&file, &[]);
    assert_exit(&output, 1);
    let report = text(&output.stdout);
    assert!(
        report.contains("the provider signed https://example.com/api/sms"),
        "{report}"
    );
    assert!(report.contains("strips the path prefix /api"), "{report}");
    assert!(
        report.contains("public_url=\"https://example.com/api\""),
        "{report}"
    );
    assert!(
        !report.contains("trust_forwarded=True"),
        "trusting the headers does not add a prefix: {report}"
    );
    assert_exit(
        &verify(&file, &["--public-url", "https://example.com/api"]),
        0,
    );

    // A stripped prefix the proxy does not name: nothing matches, and the hint says why.
    let capture = proxied_capture(
        "https://example.com/api/sms",
        "/sms",
        "X-Forwarded-Proto: https\r\n",
    );
    let report = text(&verify(&write_file(&dir, "hidden-prefix.http", &capture), &[]).stdout);
    assert!(
        report.contains("If the proxy strips a path prefix"),
        "{report}"
    );

    // No forwarding headers: https is assumed, and the report says what an app that got plain
    // http would check.
    let capture = proxied_capture("https://example.com/sms", "/sms", "");
    let output = verify(&write_file(&dir, "direct.http", &capture), &[]);
    assert_exit(&output, 0);
    let report = text(&output.stdout);
    assert!(report.contains("https:// is assumed"), "{report}");
    assert!(
        report.contains("checks http://example.com/sms and rejects it"),
        "{report}"
    );
    assert!(
        report.contains("--received-scheme http checks as it would"),
        "{report}"
    );
}

#[test]
fn send_says_why_the_app_refused() {
    let send = |provider: &str, answer: &'static str, extra: &[&str]| {
        let (origin, server) = capture_server(401, answer);
        let to = format!("{origin}/hook");
        let args = [
            &["send", provider, "--secret", "token", "--to", to.as_str()][..],
            extra,
        ]
        .concat();
        let output = hooksig(&args);
        server.join().unwrap();
        assert_exit(&output, 1);
        text(&output.stderr)
    };
    let why = send(
        "twilio",
        r#"{"error":"signature_mismatch"}"#,
        &[
            "--public-url",
            "https://example.com/hook",
            "--as-proxy",
            "-F",
            "Body=hi",
        ],
    );
    assert!(
        why.contains("hooksig: refused: signature_mismatch"),
        "{why}"
    );
    for cause in [
        "signed for https://example.com/hook and sent with the X-Forwarded-Proto",
        "public_url=\"https://example.com\" (Python) or publicUrl: 'https://example.com' (Node)",
        "trust_forwarded=True (Python) or trustProxy: true (Node)",
        "the Auth Token of the account",
    ] {
        assert!(why.contains(cause), "{cause}: {why}");
    }
    let why = send(
        "twilio",
        r#"{"error":"signature_mismatch"}"#,
        &["--public-url", "https://example.com/hook", "-F", "Body=hi"],
    );
    assert!(why.contains("send with --as-proxy"), "{why}");

    let why = send(
        "plivo",
        r#"{"error":"body_not_covered"}"#,
        &["--scheme", "plivo-v2", "-d", "{}"],
    );
    assert!(why.contains("hooksig: refused: body_not_covered"), "{why}");
    assert!(why.contains("which plivo-v2 does not"), "{why}");
    assert!(why.contains("allow_unsigned_body=True"), "{why}");
    assert!(why.contains("allowUnsignedBody: true"), "{why}");

    let why = send("retell", "Unauthorized", &["-d", "{}"]);
    assert!(why.contains("no hooksig error code"), "{why}");
}

#[test]
fn send_reports_a_refusal_and_an_unreachable_server() {
    let (origin, server) = capture_server(401, r#"{"error":"signature_mismatch"}"#);
    let to = format!("{origin}/hook");
    let output = hooksig(&[
        "send", "retell", "--secret", "wrong", "--to", &to, "-d", "{}",
    ]);
    server.join().unwrap();
    assert_exit(&output, 1);
    assert_eq!(
        text(&output.stdout),
        "HTTP 401 Unauthorized\n{\"error\":\"signature_mismatch\"}\n"
    );
    assert!(text(&output.stderr).contains("refused: signature_mismatch"));

    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let output = hooksig(&["send", "retell", "--secret", "s", "--to", &to, "-d", "{}"]);
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("could not deliver"));
}

#[test]
fn verify_explains_a_stale_timestamp_and_a_missing_header() {
    let dir = temp_dir("stale");
    let body = r#"{"event":"call_started"}"#;
    let signed = hooksig(&[
        "sign",
        "retell",
        "--secret",
        "key",
        "--now",
        "1800000000",
        "-d",
        body,
    ]);
    assert_exit(&signed, 0);
    let capture = format!(
        "POST /webhooks/retell HTTP/1.1\r\nHost: example.com\r\n{}Content-Length: {}\r\n\r\n{body}",
        text(&signed.stdout).replace('\n', "\r\n"),
        body.len()
    );
    let file = write_file(&dir, "retell.http", capture.as_bytes());
    let verify = |now: &str| {
        hooksig(&[
            "verify",
            "retell",
            "--secret",
            "key",
            "--request",
            &file,
            "--now",
            now,
        ])
    };
    let late = verify("1800003600");
    assert_exit(&late, 1);
    let report = text(&late.stdout);
    assert!(
        report.starts_with("rejected: timestamp_out_of_tolerance"),
        "{report}"
    );
    assert!(report.contains("3600 s before now"), "{report}");
    assert!(report.contains("add --now 1800000000"), "{report}");
    let on_time = verify("1800000000");
    assert_exit(&on_time, 0);
    assert!(text(&on_time.stdout).contains("timestamp   1800000000 (0 s before now)"));

    let unsigned = capture
        .lines()
        .filter(|line| !line.starts_with("X-Retell-Signature"))
        .collect::<Vec<_>>()
        .join("\n");
    let file = write_file(&dir, "unsigned.http", unsigned.as_bytes());
    let output = hooksig(&["verify", "retell", "--secret", "key", "--request", &file]);
    assert_exit(&output, 1);
    let report = text(&output.stdout);
    assert!(report.starts_with("rejected: missing_header"), "{report}");
    assert!(
        report.contains("header X-Retell-Signature is missing"),
        "{report}"
    );
    assert!(report.contains("The capture's headers: Host, Content-Type, Content-Length."));
}

#[test]
fn usage_errors_exit_2_with_a_reason() {
    let dir = temp_dir("usage");
    let garbage = write_file(&dir, "garbage.http", b"\x00\x01 not http\r\n\r\n");
    let cut = write_file(
        &dir,
        "cut.http",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc",
    );
    let cases: [(&[&str], &str); 8] = [
        (&["sign", "nope", "--secret", "s"], "invalid value 'nope'"),
        (
            &["sign", "retell", "--secret", "s", "--scheme", "twilio-form"],
            "retell has no such scheme; its schemes: retell",
        ),
        (
            &["sign", "twilio", "--secret", "s", "-d", "x"],
            "pass it with --url",
        ),
        (
            &["sign", "retell", "--secret", "s", "-H", "no colon"],
            "expected 'Name: value'",
        ),
        (&["sign", "retell", "--secret", " padded"], "invalid secret"),
        (
            &["sign", "ranked", "--secret", "no-prefix"],
            "invalid secret",
        ),
        (
            &["verify", "retell", "--secret", "s", "--request", &garbage],
            "not a raw HTTP/1.x",
        ),
        (
            &["verify", "retell", "--secret", "s", "--request", &cut],
            "is it cut off?",
        ),
    ];
    for (args, expected) in cases {
        let output = hooksig(args);
        assert_exit(&output, 2);
        assert!(
            text(&output.stderr).contains(expected),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(!text(&output.stderr).contains("padded"));
    }
}

// ---- providers, describe, aliases and user-defined specs (--scheme-file) ----

#[test]
fn providers_lists_every_id_alias_and_scheme() {
    let output = hooksig(&["providers"]);
    assert_exit(&output, 0);
    let listing = text(&output.stdout);
    let mut lines = listing.lines();
    let head: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(head, ["provider", "aliases", "schemes"]);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), Provider::ALL.len(), "{listing}");
    for (&provider, row) in Provider::ALL.iter().zip(&rows) {
        let words: Vec<&str> = row
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let schemes: Vec<&str> = provider.schemes().map(hooksig::Scheme::id).collect();
        let expected: Vec<&str> = [provider.id()]
            .into_iter()
            .chain(provider.spec().aliases.iter().copied())
            .chain(schemes)
            .collect();
        assert_eq!(words, expected, "{row}");
    }
    assert!(
        rows.iter()
            .any(|row| row.starts_with("meta ") && row.contains("whatsapp")),
        "{listing}"
    );
}

#[test]
fn describe_prints_each_spec_as_pretty_json_that_compiles_back() {
    for &provider in Provider::ALL {
        let output = hooksig(&["describe", provider.id()]);
        assert_exit(&output, 0);
        let pretty = text(&output.stdout);
        assert!(
            pretty.starts_with(&format!("{{\n  \"id\": \"{provider}\",\n")),
            "{pretty}"
        );
        let shown: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        let described: serde_json::Value = serde_json::from_str(&provider.describe()).unwrap();
        assert_eq!(shown, described, "{provider}");
        let compiled = Provider::from_json(&pretty).unwrap();
        assert_eq!(compiled.describe(), provider.describe(), "{provider}");
    }
    // An alias names the same provider, in any case.
    let meta = hooksig(&["describe", "meta"]);
    for alias in ["whatsapp", "WhatsApp", "instagram"] {
        let output = hooksig(&["describe", alias]);
        assert_exit(&output, 0);
        assert_eq!(output.stdout, meta.stdout, "{alias}");
    }
}

#[test]
fn an_alias_signs_and_verifies_as_its_provider() {
    let dir = temp_dir("alias");
    let sign = |provider: &str| {
        let output = hooksig(&[
            "sign",
            provider,
            "--secret",
            "app-secret",
            "--now",
            "1800000000",
            "-d",
            "{}",
        ]);
        assert_exit(&output, 0);
        output.stdout
    };
    let headers = sign("meta");
    assert_eq!(sign("whatsapp"), headers);
    assert_eq!(sign("Messenger"), headers);
    let headers = text(&headers).replace('\n', "\r\n");
    let capture = format!(
        "POST /hook HTTP/1.1\r\nHost: example.com\r\n{headers}Content-Length: 2\r\n\r\n{{}}"
    );
    let file = write_file(&dir, "meta.http", capture.as_bytes());
    let output = hooksig(&[
        "verify",
        "whatsapp",
        "--secret",
        "app-secret",
        "--request",
        &file,
    ]);
    assert_exit(&output, 0);
    assert!(text(&output.stdout).starts_with("verified: a genuine meta webhook"));
}

/// Stripe's spec made into another provider's: its own id, signature header and window.
fn acme_spec() -> String {
    let output = hooksig(&["describe", "stripe"]);
    assert_exit(&output, 0);
    let mut spec: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    spec["id"] = "acme".into();
    spec["source"] = "a test".into();
    let scheme = &mut spec["schemes"][0];
    scheme["id"] = "acme-v1".into();
    scheme["signature"]["header"] = "Acme-Signature".into();
    scheme["timestamp"]["tolerance"] = 60.into();
    serde_json::to_string_pretty(&spec).unwrap()
}

#[test]
fn a_described_spec_signs_sends_and_verifies_through_scheme_file() {
    let dir = temp_dir("scheme-file");
    let secret = "acme-secret-0123456789";
    let body = r#"{"id":"evt_1","type":"invoice.paid"}"#;

    // Stripe's own spec, as described, gives what the built-in provider gives.
    let stripe = hooksig(&["describe", "stripe"]);
    let stripe_file = write_file(&dir, "stripe.json", &stripe.stdout);
    let sign = |provider: &[&str]| {
        let args = [
            provider,
            &["--secret", secret, "--now", "1800000000", "-d", body],
        ]
        .concat();
        let output = hooksig(&[&["sign"][..], &args].concat());
        assert_exit(&output, 0);
        text(&output.stdout)
    };
    assert_eq!(sign(&["--scheme-file", &stripe_file]), sign(&["stripe"]));

    // A provider hooksig does not know: signed, checked by the core, sent and verified.
    let spec = acme_spec();
    let acme_file = write_file(&dir, "acme.json", spec.as_bytes());
    let acme = Provider::from_json(&spec).unwrap();
    let signed = sign(&["--scheme-file", &acme_file, "--scheme", "acme-v1"]);
    assert!(
        signed.contains("\nAcme-Signature: t=1800000000,v1="),
        "{signed}"
    );
    let headers: Vec<(&str, &str)> = signed
        .lines()
        .map(|line| line.split_once(": ").unwrap())
        .collect();
    let request = Request::post("https://example.com/acme")
        .headers(headers)
        .body(body);
    let verified = hooksig::verify(
        acme,
        [secret],
        &request,
        Some(UNIX_EPOCH + Duration::from_secs(NOW)),
    )
    .unwrap();
    assert_eq!(verified.scheme.id(), "acme-v1");

    let (origin, server) = capture_server(204, "");
    let output = hooksig(&[
        "send",
        "--scheme-file",
        &acme_file,
        "--secret",
        secret,
        "--to",
        &format!("{origin}/acme"),
        "-d",
        body,
    ]);
    assert_exit(&output, 0);
    assert!(text(&output.stderr).contains("(acme-v1 scheme)"));
    let capture = server.join().unwrap();
    let file = write_file(&dir, "acme.http", &capture);
    let verify = |provider: &[&str], file: &str| {
        let args = [provider, &["--secret", secret, "--request", file]].concat();
        hooksig(&[&["verify"][..], &args].concat())
    };
    let output = verify(&["--scheme-file", &acme_file], &file);
    assert_exit(&output, 0);
    let report = text(&output.stdout);
    assert!(
        report.starts_with("verified: a genuine acme webhook\n  scheme      acme-v1\n"),
        "{report}"
    );
    assert!(
        report.contains("  signature   Acme-Signature, secret 1 of 1"),
        "{report}"
    );

    // Tampered: rejected, and the report holds neither the secret nor the signature.
    let tampered_file = write_file(&dir, "acme-tampered.http", &tampered(&capture));
    let output = verify(&["--scheme-file", &acme_file], &tampered_file);
    assert_exit(&output, 1);
    let report = text(&output.stdout);
    assert!(
        report.starts_with("rejected: signature_mismatch"),
        "{report}"
    );
    let received = text(&capture);
    let signature = received
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(": ")?;
            name.eq_ignore_ascii_case("Acme-Signature").then_some(value)
        })
        .unwrap();
    let v1 = signature.split_once("v1=").unwrap().1.trim();
    for shown in [&report, &text(&output.stderr)] {
        assert!(!shown.contains(secret) && !shown.contains(v1), "{shown}");
    }

    // The built-in Stripe does not read Acme's header.
    let output = verify(&["stripe"], &file);
    assert_exit(&output, 1);
    assert!(
        text(&output.stdout)
            .starts_with("rejected: missing_header\n  header Stripe-Signature is missing"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_bad_scheme_file_is_a_usage_error_with_the_cores_reason() {
    let dir = temp_dir("bad-spec");
    let mut spec: serde_json::Value = serde_json::from_str(&acme_spec()).unwrap();
    spec["schemes"][0]["signed"] = serde_json::json!([]);
    let empty_template = write_file(&dir, "empty.json", spec.to_string().as_bytes());
    spec["schemes"][0]["signature"]["encoding"] = "rot13".into();
    let bad_encoding = write_file(&dir, "encoding.json", spec.to_string().as_bytes());
    let not_json = write_file(&dir, "not.json", b"id: acme\n");
    let missing = dir.join("missing.json").to_str().unwrap().to_owned();
    let good = write_file(&dir, "acme.json", acme_spec().as_bytes());
    let secret = "do-not-show-this-secret";
    let cases: [(&[&str], &str); 7] = [
        (
            &["sign", "--scheme-file", &empty_template, "-d", "{}"],
            "invalid scheme: schemes[0].signed: the template is empty",
        ),
        (
            &["verify", "--scheme-file", &bad_encoding, "--request", &good],
            "invalid scheme: spec: unknown variant `rot13`",
        ),
        (
            &[
                "send",
                "--scheme-file",
                &not_json,
                "--to",
                "http://127.0.0.1:9/",
            ],
            "invalid scheme: spec:",
        ),
        (&["describe", "--scheme-file", &missing], "missing.json: "),
        (
            &[
                "sign",
                "--scheme-file",
                &good,
                "--scheme",
                "stripe",
                "-d",
                "{}",
            ],
            "acme has no such scheme; its schemes: acme-v1",
        ),
        (
            &["sign", "stripe", "--scheme-file", &good, "-d", "{}"],
            "cannot be used with",
        ),
        (
            &["sign", "--secret-env", "X"],
            "<PROVIDER|--scheme-file <SPEC.json>>",
        ),
    ];
    for (args, expected) in cases {
        let secret_args: &[&str] = match args[0] {
            "describe" => &[],
            _ => &["--secret", secret],
        };
        let args = [args, secret_args].concat();
        let output = hooksig(&args);
        assert_exit(&output, 2);
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains(secret), "{stderr}");
    }
    // describe prints a valid spec normalised: the same as describing its provider.
    let output = hooksig(&["describe", "--scheme-file", &good]);
    assert_exit(&output, 0);
    let acme = Provider::from_json(&acme_spec()).unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        shown,
        serde_json::from_str::<serde_json::Value>(&acme.describe()).unwrap()
    );
}

// ---- every vector of tests/vectors/, as a raw capture ----

#[path = "../../tests/vectors/corpus.rs"]
mod corpus;

use corpus::Case;

impl Case {
    /// The request as it would come over the wire, unless a header cannot be written there.
    fn capture(&self) -> Option<Vec<u8>> {
        let body = self.body();
        let is_token = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
        };
        let mut raw = format!("{} /vector HTTP/1.1\r\nHost: example.com\r\n", self.method);
        for (name, value) in &self.headers {
            let writable = is_token(name)
                && !value.contains(['\r', '\n', '\0'])
                && value.trim() == value
                && !name.eq_ignore_ascii_case("content-length");
            if !writable {
                return None;
            }
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut raw = raw.into_bytes();
        raw.extend_from_slice(&body);
        Some(raw)
    }
}

#[test]
fn every_vector_through_verify_gives_its_expected_outcome() {
    let dir = temp_dir("vectors");
    let (mut checked, mut skipped) = (0, Vec::new());
    for (provider, case) in corpus::corpus() {
        let capture = case.capture();
        let (Some(capture), false) = (capture, provider.signs_url() && case.url.is_none()) else {
            skipped.push(case.id);
            continue;
        };
        let path = write_file(&dir, "case.http", &capture);
        let now = case.now.to_string();
        let mut args = vec!["verify".to_owned(), provider.id().to_owned()];
        args.extend(case.secrets.iter().map(|s| format!("--secret={s}")));
        args.extend(["--request".to_owned(), path, format!("--now={now}")]);
        if let Some(url) = &case.url {
            args.push(format!("--url={url}"));
        }
        if let Some(tolerance) = case.tolerance {
            args.push(format!("--tolerance={tolerance}"));
        }
        if case.allow_unsigned_body {
            args.push("--allow-unsigned-body".to_owned());
        }
        let output = hooksig(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let stdout = text(&output.stdout);
        let (code, expected) = match (&case.expect.ok, case.expect.code.as_deref()) {
            (true, _) => (
                0,
                format!("  scheme      {}\n", case.expect.scheme.unwrap()),
            ),
            (false, Some(code @ ("invalid_secret" | "invalid_argument"))) => {
                (2, code.replace('_', " "))
            }
            (false, Some(code)) => (1, format!("rejected: {code}\n")),
            (false, None) => panic!("{}: a rejection without a code", case.id),
        };
        assert_eq!(output.status.code(), Some(code), "{}: {stdout}", case.id);
        let shown = if code == 2 {
            text(&output.stderr)
        } else {
            stdout
        };
        assert!(shown.contains(&expected), "{}: {shown}", case.id);
        checked += 1;
    }
    eprintln!("{checked} vectors checked through the CLI; skipped: {skipped:?}");
    assert!(
        checked >= 150,
        "only {checked} vectors could be written as captures"
    );
}

#[test]
fn the_clock_is_the_default_now() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signed = hooksig(&["sign", "ranked", "--secret", "whsec_x", "-d", "{}"]);
    assert_exit(&signed, 0);
    let stdout = text(&signed.stdout);
    let timestamp: u64 = stdout
        .lines()
        .find_map(|line| line.strip_prefix("X-Webhook-Timestamp: "))
        .unwrap_or_else(|| panic!("{stdout}"))
        .parse()
        .unwrap();
    assert!(timestamp.abs_diff(now) < 60);
}

/// The system clock in Unix milliseconds.
fn clock_ms() -> u64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    u64::try_from(since.as_millis()).unwrap()
}
