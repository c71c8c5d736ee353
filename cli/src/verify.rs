//! `hooksig verify`: check a captured raw HTTP request offline, and explain a rejection.

use std::io::Read;
use std::path::PathBuf;
use std::time::SystemTime;

use clap::Args;
use hooksig::headers::proxy::FORWARDING_HEADERS;
use hooksig::{Request, UrlPolicy, Verifier};

use crate::Failure;
use crate::args::{self, ProviderArgs, SecretArgs};
use crate::capture::Capture;
use crate::explain::{self, Checked};

#[derive(Args)]
#[command(
    after_help = "The capture is the request as it came over the wire: the request line \
    (POST /webhooks/twilio HTTP/1.1), the headers, a blank line, the body. `nc -l 8000 > \
    capture.http` takes one; so do mitmproxy and most proxies' \"save raw request\".\n\n\
    Examples:\n  \
    hooksig verify retell --secret-env RETELL_API_KEY --request capture.http\n  \
    hooksig verify twilio --secret-env TWILIO_AUTH_TOKEN --request capture.http \\\n    \
    --public-url https://example.com\n  \
    hooksig verify --scheme-file acme.json --secret-env ACME_SECRET --request capture.http"
)]
pub struct VerifyArgs {
    #[command(flatten)]
    provider: ProviderArgs,
    #[command(flatten)]
    secrets: SecretArgs,
    /// The captured raw HTTP request, or - for stdin
    #[arg(short, long, value_name = "FILE")]
    request: PathBuf,
    /// The full URL the provider posted to, instead of the one rebuilt from the capture
    #[arg(long, conflicts_with_all = ["public_url", "trust_forwarded"])]
    url: Option<String>,
    /// The public base the provider posted to (https://example.com[/prefix]); the captured
    /// path and query follow it
    #[arg(long, value_name = "URL", conflicts_with = "trust_forwarded")]
    public_url: Option<String>,
    /// Take the scheme and host from the capture's Forwarded or X-Forwarded-* headers
    #[arg(long)]
    trust_forwarded: bool,
    /// The scheme the request arrived with, to rebuild its URL from the Host header (default:
    /// http when the capture holds a proxy's forwarding headers, else https)
    #[arg(long, value_parser = ["http", "https"])]
    received_scheme: Option<String>,
    /// Check as of this Unix time in seconds instead of the clock (e.g. when it was captured)
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<f64>,
    /// Accept a signature that does not cover the body (Plivo V2 with a body), as an app
    /// configured with allow_unsigned_body=True (Python) or allowUnsignedBody: true (Node)
    #[arg(long)]
    allow_unsigned_body: bool,
    /// The accepted timestamp distance in seconds (default: the provider's)
    #[arg(long, value_name = "SECONDS")]
    tolerance: Option<f64>,
}

pub fn run(args: VerifyArgs) -> Result<(), Failure> {
    let provider = args.provider.resolve()?;
    let capture = Capture::parse(&read_capture(&args.request)?)
        .map_err(|why| Failure::Usage(format!("--request {}: {why}", args.request.display())))?;
    let secrets = crate::secrets::read(&args.secrets)?;
    let mut verifier =
        Verifier::new(provider, &secrets)?.allow_unsigned_body(args.allow_unsigned_body);
    if let Some(tolerance) = args::tolerance(args.tolerance)? {
        verifier = verifier.with_tolerance(tolerance);
    }
    let now = args::now(args.now)?.unwrap_or_else(SystemTime::now);

    let request = Request::new(&capture.method)
        .headers(
            capture
                .headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_slice())),
        )
        .body(&capture.body);
    let mut checked = Checked {
        provider,
        url: None,
        secret_count: secrets.len(),
        header_names: capture.headers.iter().map(|(n, _)| n.as_str()).collect(),
        body_len: capture.body.len(),
        now,
    };
    if !provider.signs_url() {
        return report(verifier.verify(&request, Some(now)), &checked);
    }
    let (url, source) = match signed_url(&args, &capture, &request) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return Err(Failure::Usage(
                "the capture has no Host header and no absolute URL: give the URL the \
                 provider posted to with --url"
                    .to_owned(),
            ));
        }
        Err(error) => return report(Err(error), &checked),
    };
    checked.url = Some((url.as_str(), source.describe(&args)));
    let outcome = verifier.verify(&request.clone().url(&url), Some(now));
    let Source::Received { scheme, proxy } = &source else {
        return report(outcome, &checked);
    };
    match outcome {
        Ok(verified) => {
            let mut lines = explain::verified(&verified, &checked);
            if proxy.is_empty() && args.received_scheme.is_none() {
                lines.push(explain::assumed_https(&url, &capture.target));
            }
            println!("{}", lines.join("\n"));
            Ok(())
        }
        Err(error) if error.is_rejection() => {
            let lines = if proxy.is_empty() {
                explain::rejected(&error, &checked)
            } else {
                // What the provider signed, if the forwarding headers say: the URL an app
                // behind this proxy must check instead of the one it received.
                let signed = proxied_urls(&capture, &request, scheme)
                    .into_iter()
                    .filter(|candidate| candidate.url != url)
                    .find_map(|candidate| {
                        let verified = verifier
                            .verify(&request.clone().url(&candidate.url), Some(now))
                            .ok()?;
                        Some((candidate, verified))
                    });
                let seen = explain::Seen {
                    url: &url,
                    scheme,
                    proxy,
                    secret_count: checked.secret_count,
                };
                // When the signature matches the URL the provider signed, that is the whole
                // story: the secret and the body are right.
                match &signed {
                    Some((candidate, verified)) => {
                        let mut lines = explain::rejected_head(&error, &checked);
                        lines.extend(explain::signed_elsewhere(&seen, candidate, verified));
                        lines
                    }
                    None => {
                        let mut lines = explain::rejected(&error, &checked);
                        lines.extend(explain::proxied_mismatch(&seen, &capture.target));
                        lines
                    }
                }
            };
            println!("{}", lines.join("\n"));
            Err(Failure::Rejected)
        }
        Err(error) => Err(error.into()),
    }
}

/// Where the URL checked came from.
enum Source {
    /// `--url`.
    Given,
    /// The request line's absolute URL.
    Absolute,
    /// `--public-url` or `--trust-forwarded`.
    Policy(UrlPolicy),
    /// The default: the scheme the app received, the Host header and the target; `proxy`
    /// names the forwarding headers of the capture (empty when it came without a proxy).
    Received {
        scheme: &'static str,
        proxy: Vec<String>,
    },
}

impl Source {
    fn describe(&self, args: &VerifyArgs) -> String {
        match self {
            Source::Given => "--url".to_owned(),
            Source::Absolute => "the request line's absolute URL".to_owned(),
            Source::Policy(UrlPolicy::TrustForwarded) => {
                "the forwarding headers, Host and the target".to_owned()
            }
            Source::Policy(_) => "--public-url and the request target".to_owned(),
            Source::Received { scheme, proxy } => {
                match (args.received_scheme.is_some(), proxy.is_empty()) {
                    (true, _) => format!(
                        "{scheme}:// (--received-scheme) with the Host header and the target"
                    ),
                    (false, true) => format!(
                        "{scheme}:// assumed, with the Host header and the target; --received-scheme, \
                     --url or --public-url change it"
                    ),
                    (false, false) => format!(
                        "{scheme}:// as an app behind the proxy received it, with the Host header \
                         and the target"
                    ),
                }
            }
        }
    }
}

/// The URL the provider signed, and where it came from; an error when the capture's
/// forwarding headers are unusable; `None` when the capture has no Host.
fn signed_url(
    args: &VerifyArgs,
    capture: &Capture,
    request: &Request<'_>,
) -> Result<Option<(String, Source)>, hooksig::Error> {
    if let Some(url) = &args.url {
        return Ok(Some((url.clone(), Source::Given)));
    }
    if capture.target.starts_with("http://") || capture.target.starts_with("https://") {
        return Ok(Some((capture.target.clone(), Source::Absolute)));
    }
    let Some(host) = capture.header("host") else {
        return Ok(None);
    };
    let policy = UrlPolicy::from_options(args.public_url.as_deref(), args.trust_forwarded)?;
    let proxy = proxy_headers(capture);
    // Behind a TLS-terminating proxy, the app receives plain http.
    let scheme = match (args.received_scheme.as_deref(), proxy.is_empty()) {
        (Some("http"), _) | (None, false) => "http",
        _ => "https",
    };
    let url = policy.resolve(scheme, host, &capture.target, request)?;
    let source = match policy {
        UrlPolicy::Direct => Source::Received { scheme, proxy },
        policy => Source::Policy(policy),
    };
    Ok(Some((url, source)))
}

/// `X-Forwarded-Prefix`: the path prefix a proxy stripped (Traefik, Spring and others send it;
/// the core does not read it, since only a fixed public URL can say the prefix safely).
const PREFIX_HEADER: &str = "X-Forwarded-Prefix";

/// The names of the forwarding headers the capture holds.
fn proxy_headers(capture: &Capture) -> Vec<String> {
    FORWARDING_HEADERS
        .into_iter()
        .chain([PREFIX_HEADER])
        .filter(|name| capture.header(name).is_some_and(|v| !v.trim().is_empty()))
        .map(str::to_owned)
        .collect()
}

/// The URLs the capture's forwarding headers say the provider called: the scheme and host
/// they give, then with the stripped prefix they give, each with the public base an app would
/// be configured with.
fn proxied_urls(
    capture: &Capture,
    request: &Request<'_>,
    received: &str,
) -> Vec<explain::Candidate> {
    let Some(host) = capture.header("host") else {
        return Vec::new();
    };
    let Ok(forwarded) = UrlPolicy::TrustForwarded.resolve(received, host, &capture.target, request)
    else {
        return Vec::new();
    };
    let origin = forwarded
        .strip_suffix(capture.target.as_str())
        .unwrap_or(&forwarded)
        .to_owned();
    let mut candidates = vec![explain::Candidate {
        url: forwarded.clone(),
        public_base: origin.clone(),
        prefix: None,
    }];
    let prefix = capture
        .header(PREFIX_HEADER)
        .map(str::trim)
        .unwrap_or_default();
    let prefix = prefix
        .rsplit(',')
        .next()
        .unwrap_or(prefix)
        .trim()
        .trim_end_matches('/');
    if !prefix.is_empty() {
        let base = format!("{origin}/{}", prefix.trim_start_matches('/'));
        if let Ok(policy) = UrlPolicy::public_base(&base)
            && let Ok(url) = policy.resolve(received, host, &capture.target, request)
        {
            candidates.push(explain::Candidate {
                url,
                public_base: base,
                prefix: Some(prefix.to_owned()),
            });
        }
    }
    candidates
}

fn report(
    outcome: Result<hooksig::Verified, hooksig::Error>,
    checked: &Checked<'_>,
) -> Result<(), Failure> {
    match outcome {
        Ok(verified) => {
            println!("{}", explain::verified(&verified, checked).join("\n"));
            Ok(())
        }
        Err(error) if error.is_rejection() => {
            println!("{}", explain::rejected(&error, checked).join("\n"));
            Err(Failure::Rejected)
        }
        Err(error) => Err(error.into()),
    }
}

fn read_capture(path: &PathBuf) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|content| bytes = content)
    };
    read.map_err(|e| Failure::Usage(format!("--request {}: {e}", path.display())))?;
    Ok(bytes)
}
