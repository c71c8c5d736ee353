//! Words for a verification outcome: what was checked, and for a rejection the usual causes.
//! Nothing here sees a secret or a computed signature; error messages never hold one.

use std::time::{Duration, SystemTime};

use hooksig::{Error, Provider, Verified};

/// What `verify` checked, for the report.
pub struct Checked<'a> {
    pub provider: Provider,
    /// The URL checked and where it came from, for URL-signed providers.
    pub url: Option<(&'a str, String)>,
    pub secret_count: usize,
    pub header_names: Vec<&'a str>,
    pub body_len: usize,
    pub now: SystemTime,
}

/// The account secret each provider signs with, as its dashboard names it.
fn secret_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Retell => "the Retell API key that has the webhook badge",
        Provider::SignalWire => "the project's Signing Key (each project has its own)",
        Provider::Twilio => {
            "the Auth Token of the account that owns the number (a subaccount has its own)"
        }
        Provider::Plivo => {
            "the Auth Token of the account or subaccount (the -Ma- headers use the main \
             account's)"
        }
        Provider::Ranked => "the endpoint's webhook secret, whsec_ prefix included",
        _ => "the provider's signing secret",
    }
}

/// The lines of an accepted request's report.
pub fn verified(verified: &Verified, checked: &Checked<'_>) -> Vec<String> {
    let mut lines = vec![
        format!("verified: a genuine {} webhook", verified.provider),
        format!("  scheme      {}", verified.scheme.id()),
        format!(
            "  signature   {}, secret {} of {}",
            verified.header,
            verified.secret_index + 1,
            checked.secret_count
        ),
    ];
    if let Some((url, source)) = &checked.url {
        lines.push(format!("  url         {url} ({source})"));
    }
    if let Some(timestamp) = verified.timestamp {
        lines.push(format!(
            "  timestamp   {} ({})",
            hooksig::seconds::since_epoch(timestamp).floor(),
            relative(timestamp, checked.now)
        ));
    }
    let covers = &verified.covers;
    let parts: Vec<&str> = [
        (covers.body, "body"),
        (covers.url, "URL"),
        (covers.timestamp, "timestamp"),
    ]
    .into_iter()
    .filter_map(|(covered, what)| covered.then_some(what))
    .collect();
    lines.push(format!("  covers      {}", parts.join(", ")));
    if !covers.body {
        lines.push(
            "  note: this signature does not cover the body; do not trust it alone".to_owned(),
        );
    }
    if !covers.timestamp {
        lines.push(format!(
            "  note: {} signs no timestamp, so a replay of this request verifies too",
            verified.provider
        ));
    }
    lines
}

/// The lines of a rejected request's report: the code, the core's message, the usual causes.
pub fn rejected(error: &Error, checked: &Checked<'_>) -> Vec<String> {
    let mut lines = vec![format!("rejected: {}", error.code()), format!("  {error}")];
    if let Some((url, source)) = &checked.url {
        lines.push(format!("  url checked {url} ({source})"));
    }
    let provider = checked.provider;
    let hints: Vec<String> = match error {
        Error::MissingHeader { header, empty } => vec![
            format!(
                "{provider} sends {header} with every webhook{}. Is this capture from \
                 {provider}, taken before any proxy that strips headers?",
                if *empty { ", never empty" } else { "" }
            ),
            format!(
                "The capture's headers: {}.",
                checked.header_names.join(", ")
            ),
        ],
        Error::MalformedHeader { header, .. } => vec![format!(
            "{header} is present but is not what {provider} sends; check that the capture \
             holds the value exactly as received."
        )],
        Error::SignatureMismatch { .. } => {
            let mut hints = Vec::new();
            if provider.signs_url() {
                hints.push(
                    "The provider signs the exact URL it delivered to: scheme, host, port, path \
                     and query. If it posted to another URL (a proxy, tunnel or load balancer in \
                     front of the server), give that URL with --url or --public-url, or \
                     --trust-forwarded when the capture holds the proxy's X-Forwarded-* headers."
                        .to_owned(),
                );
            }
            hints.push(format!(
                "The secret: {} secret(s) tried; the right one is {}.",
                checked.secret_count,
                secret_name(provider)
            ));
            hints.push(format!(
                "The body: its {} bytes must be exactly as received; re-serialised JSON, \
                 changed line endings or a newline an editor added break the signature.",
                checked.body_len
            ));
            hints
        }
        Error::TimestampOutOfTolerance { skew_ms, .. } if *skew_ms >= 0 => {
            let sent = checked
                .now
                .checked_sub(Duration::from_millis(skew_ms.unsigned_abs()))
                .map_or(0.0, hooksig::seconds::since_epoch);
            vec![
                "A delivery arrives within seconds of signing: an old timestamp means a replay, \
                 or a clock that is off."
                    .to_owned(),
                format!(
                    "To check an old capture as of when it was sent, add --now {}.",
                    sent.floor()
                ),
            ]
        }
        Error::TimestampOutOfTolerance { .. } => vec![
            "The timestamp is in the future: this machine's clock or the sender's is off."
                .to_owned(),
        ],
        Error::BodyHashMismatch => vec![
            "The URL's signature matches, so the URL is genuine, but the body is not the one \
             signed: it was changed on the way (re-serialised or re-encoded)."
                .to_owned(),
        ],
        Error::InvalidUrl { .. } => {
            vec!["Give the URL the provider posted to with --url.".to_owned()]
        }
        _ => Vec::new(),
    };
    lines.extend(hints.into_iter().map(|hint| format!("  - {hint}")));
    lines
}

/// "12 s before now", "3 s after now".
fn relative(time: SystemTime, now: SystemTime) -> String {
    match now.duration_since(time) {
        Ok(age) => format!("{} s before now", age.as_secs()),
        Err(ahead) => format!("{} s after now", ahead.duration().as_secs()),
    }
}
