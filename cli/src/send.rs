//! `hooksig send`: sign a request for its public URL, deliver it to a local server, and print
//! the answer.

use std::time::Duration;

use clap::Args;

use crate::Failure;
use crate::args::{MessageArgs, ProviderArgs, SecretArgs};
use crate::explain;
use crate::message::Message;

#[derive(Args)]
#[command(after_help = "Examples:\n  \
    hooksig send retell --secret-env RETELL_API_KEY --to http://127.0.0.1:8000/webhooks/retell \
    --body @call.json\n  \
    hooksig send twilio --secret-env TWILIO_AUTH_TOKEN --to http://127.0.0.1:8000/sms \\\n    \
    --public-url https://example.com/sms --as-proxy -F From=+14155550123 -F Body=hello")]
pub struct SendArgs {
    #[command(flatten)]
    provider: ProviderArgs,
    #[command(flatten)]
    secrets: SecretArgs,
    /// Where to deliver: your server's URL, e.g. http://127.0.0.1:8000/webhooks/twilio
    #[arg(long, value_name = "URL")]
    to: String,
    /// The URL the provider would have posted to, when your server sits behind a proxy or
    /// tunnel (default: --to). URL-signed providers sign this one
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Add X-Forwarded-Proto and X-Forwarded-Host for --public-url, as a TLS-terminating proxy
    /// in front of your server would
    #[arg(long, requires = "public_url")]
    as_proxy: bool,
    #[command(flatten)]
    message: MessageArgs,
    /// Give up after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
}

pub fn run(args: SendArgs) -> Result<(), Failure> {
    let provider = args.provider.resolve()?;
    let message = Message::from_args(&args.message)?;
    let public_url = args.public_url.as_deref().unwrap_or(&args.to);
    let signed = message.sign(provider, &args.secrets, Some(public_url), &args.message)?;
    // A scheme may extend the signed URL (bodySHA256); the local URL gets the same suffix.
    let deliver_to = match signed
        .url
        .as_deref()
        .map(|url| url.strip_prefix(public_url))
    {
        Some(Some(suffix)) => format!("{}{suffix}", args.to),
        _ => args.to.clone(),
    };
    let mut headers = message.signed_headers(&signed);
    let forwarded;
    if args.as_proxy {
        forwarded = forwarded_headers(public_url)?;
        headers.extend(forwarded.iter().map(|(n, v)| (*n, v.as_str())));
    }

    eprintln!(
        "hooksig: {} {deliver_to}{} ({} scheme)",
        message.method,
        match &args.public_url {
            Some(url) => format!(", signed for {url}"),
            None => String::new(),
        },
        signed.scheme.id()
    );
    let mut request = ureq::http::Request::builder()
        .method(message.method.as_str())
        .uri(&deliver_to);
    for (name, value) in &headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(message.body.as_slice())
        .map_err(|e| Failure::Usage(format!("cannot build the request: {e}")))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(args.timeout)))
        .build()
        .into();
    let mut response = agent
        .run(request)
        .map_err(|e| Failure::Unsent(format!("could not deliver to {deliver_to}: {e}")))?;
    let status = response.status();
    let body = response
        .body_mut()
        .read_to_vec()
        .map_err(|e| Failure::Unsent(format!("reading the answer: {e}")))?;
    println!(
        "HTTP {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    if !body.is_empty() {
        println!("{}", String::from_utf8_lossy(&body));
    }
    if status.is_success() {
        return Ok(());
    }
    let refusal = explain::Refusal {
        provider,
        scheme: signed.scheme,
        to: &args.to,
        public_url: args.public_url.as_deref(),
        as_proxy: args.as_proxy,
    };
    for line in explain::refused(status.as_u16(), error_code(&body).as_deref(), &refusal) {
        eprintln!("hooksig: {line}");
    }
    Err(Failure::Rejected)
}

/// The code of a hooksig adapter's answer, `{"error": "<code>"}`.
fn error_code(body: &[u8]) -> Option<String> {
    let answer: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = answer.get("error")?.as_str()?;
    hooksig::Error::CODES
        .contains(&code)
        .then(|| code.to_owned())
}

/// The headers a TLS-terminating proxy adds for a request to `public_url`.
fn forwarded_headers(public_url: &str) -> Result<[(&'static str, String); 2], Failure> {
    let (scheme, rest) = public_url
        .split_once("://")
        .ok_or_else(|| Failure::Usage(format!("--public-url {public_url:?} is not a URL")))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    Ok([
        ("X-Forwarded-Proto", scheme.to_ascii_lowercase()),
        ("X-Forwarded-Host", host.to_owned()),
    ])
}
