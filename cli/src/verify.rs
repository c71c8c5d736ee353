//! `hooksig verify`: check a captured raw HTTP request offline, and explain a rejection.

use std::io::Read;
use std::path::PathBuf;
use std::time::SystemTime;

use clap::Args;
use hooksig::{Request, UrlPolicy, Verifier};

use crate::Failure;
use crate::args::{self, SecretArgs};
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
    --public-url https://example.com"
)]
pub struct VerifyArgs {
    /// The provider that sent the request
    #[arg(value_parser = args::provider_parser())]
    provider: String,
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
    /// The scheme the request arrived with, to rebuild its URL from the Host header
    #[arg(long, default_value = "https", value_parser = ["http", "https"])]
    received_scheme: String,
    /// Check as of this Unix time in seconds instead of the clock (e.g. when it was captured)
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<f64>,
    /// The accepted timestamp distance in seconds (default: the provider's)
    #[arg(long, value_name = "SECONDS")]
    tolerance: Option<f64>,
}

pub fn run(args: VerifyArgs) -> Result<(), Failure> {
    let provider = args::provider(&args.provider)?;
    let capture = Capture::parse(&read_capture(&args.request)?)
        .map_err(|why| Failure::Usage(format!("--request {}: {why}", args.request.display())))?;
    let secrets = crate::secrets::read(&args.secrets)?;
    let mut verifier = Verifier::new(provider, &secrets)?;
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
    let url = if provider.signs_url() {
        match signed_url(&args, &capture, &request) {
            Ok(Some(found)) => Some(found),
            Ok(None) => {
                return Err(Failure::Usage(
                    "the capture has no Host header and no absolute URL: give the URL the \
                     provider posted to with --url"
                        .to_owned(),
                ));
            }
            Err(error) => return report(Err(error), &checked),
        }
    } else {
        None
    };
    checked.url = url
        .as_ref()
        .map(|(url, source)| (url.as_str(), source.clone()));
    let request = match &url {
        Some((url, _)) => request.url(url),
        None => request,
    };
    report(verifier.verify(&request, Some(now)), &checked)
}

/// The URL the provider signed, and where it came from; an error when the capture's
/// forwarding headers are unusable; `None` when the capture has no Host.
fn signed_url(
    args: &VerifyArgs,
    capture: &Capture,
    request: &Request<'_>,
) -> Result<Option<(String, String)>, hooksig::Error> {
    if let Some(url) = &args.url {
        return Ok(Some((url.clone(), "--url".to_owned())));
    }
    if capture.target.starts_with("http://") || capture.target.starts_with("https://") {
        return Ok(Some((
            capture.target.clone(),
            "the request line's absolute URL".to_owned(),
        )));
    }
    let Some(host) = capture.header("host") else {
        return Ok(None);
    };
    let policy = UrlPolicy::from_options(args.public_url.as_deref(), args.trust_forwarded)?;
    let source = match policy {
        UrlPolicy::PublicBase(_) => "--public-url and the request target".to_owned(),
        UrlPolicy::TrustForwarded => "the forwarding headers, Host and the target".to_owned(),
        _ => format!(
            "{}:// with the Host header and the target; --url or --public-url change it",
            args.received_scheme
        ),
    };
    let url = policy.resolve(&args.received_scheme, host, &capture.target, request)?;
    Ok(Some((url, source)))
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
