//! Words for a verification outcome: what was checked, and for a rejection the usual causes.
//! Nothing here sees a secret or a computed signature; error messages never hold one.

use std::time::{Duration, SystemTime};

use hooksig::{Error, Provider, Scheme, Verified};

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
    match provider.spec().secret_hint {
        "" => "the provider's signing secret for this endpoint",
        hint => hint,
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
    let mut lines = rejected_head(error, checked);
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
                     front of the server, perhaps stripping a path prefix), give that URL with \
                     --url or --public-url (the prefix included), or --trust-forwarded when the \
                     capture holds the proxy's X-Forwarded-* headers; if it arrived over plain \
                     http, --received-scheme http. The app needs the same: public_url (Python) \
                     or publicUrl (Node), or trust_forwarded=True / trustProxy: true."
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
        Error::BodyNotCovered { scheme } => vec![format!(
            "The signature is genuine, but {scheme} does not sign the body, so anyone on the \
             way could have changed it. An app accepts it only when told to, knowingly \
             (Python allow_unsigned_body=True, Node allowUnsignedBody: true); \
             --allow-unsigned-body checks as such an app would."
        )],
        _ => Vec::new(),
    };
    lines.extend(hints.into_iter().map(|hint| format!("  - {hint}")));
    lines
}

/// The first lines of a rejection's report: the code, the core's message, the URL checked.
pub fn rejected_head(error: &Error, checked: &Checked<'_>) -> Vec<String> {
    let mut lines = vec![format!("rejected: {}", error.code()), format!("  {error}")];
    if let Some((url, source)) = &checked.url {
        lines.push(format!("  url checked {url} ({source})"));
    }
    lines
}

/// "12 s before now", "3 s after now".
fn relative(time: SystemTime, now: SystemTime) -> String {
    match now.duration_since(time) {
        Ok(age) => format!("{} s before now", age.as_secs()),
        Err(ahead) => format!("{} s after now", ahead.duration().as_secs()),
    }
}

/// The URL an app with the default URL policy checked, and what it went by.
pub struct Seen<'a> {
    pub url: &'a str,
    /// The scheme the app received.
    pub scheme: &'a str,
    /// The forwarding headers in the capture.
    pub proxy: &'a [String],
    pub secret_count: usize,
}

/// A URL the capture's forwarding headers say the provider called.
pub struct Candidate {
    pub url: String,
    /// The public base an app would be given for it: `https://example.com[/prefix]`.
    pub public_base: String,
    /// The path prefix the proxy stripped (`X-Forwarded-Prefix`), if that is what it adds.
    pub prefix: Option<String>,
}

/// The note on a verified request whose scheme was assumed to be https.
pub fn assumed_https(url: &str, target: &str) -> String {
    let plain = url.replacen("https://", "http://", 1);
    let base = url.strip_suffix(target).unwrap_or(url);
    format!(
        "  note: https:// is assumed (the capture does not say how it arrived). An app that \
         received it over plain http, behind a TLS-terminating proxy that adds no \
         X-Forwarded-Proto, checks {plain} and rejects it: give that app public_url=\"{base}\" \
         (Python) or publicUrl: '{base}' (Node); --received-scheme http checks as it would."
    )
}

/// Why a genuine delivery fails at an app behind a proxy: what the app saw, what the provider
/// signed, and the app's option that fixes it.
pub fn signed_elsewhere(seen: &Seen<'_>, signed: &Candidate, verified: &Verified) -> Vec<String> {
    let base = &signed.public_base;
    let public = format!("public_url=\"{base}\" (Python) or publicUrl: '{base}' (Node)");
    let mut hints = vec![format!(
        "The app saw {}; the provider signed {}, the URL this capture's {} give, and the \
         signature matches it ({}, secret {} of {}). This is a genuine delivery that an app \
         rebuilding the URL from what it received rejects.",
        seen.url,
        signed.url,
        seen.proxy.join(", "),
        verified.scheme.id(),
        verified.secret_index + 1,
        seen.secret_count,
    )];
    match &signed.prefix {
        Some(prefix) => hints.push(format!(
            "The proxy strips the path prefix {prefix}. Fix it in the app: give it the public \
             URL with the prefix, {public}; --public-url {base} checks the capture as that app \
             would."
        )),
        None => hints.push(format!(
            "Fix it in the app: give it the public URL, {public}, or trust the forwarding \
             headers (Python trust_forwarded=True, Node trustProxy: true) if the proxy next to \
             the app sets or overwrites them. --public-url {base} or --trust-forwarded checks \
             the capture as that app would."
        )),
    }
    if seen.scheme == "http" && signed.prefix.is_none() {
        hints.push(
            "If your server already applies X-Forwarded-Proto (uvicorn and gunicorn do for \
             127.0.0.1 by default), it saw https: --received-scheme https checks as it would."
                .to_owned(),
        );
    }
    hints
        .into_iter()
        .map(|hint| format!("  - {hint}"))
        .collect()
}

/// The hint for a capture that came through a proxy and matches none of the URLs it names.
pub fn proxied_mismatch(seen: &Seen<'_>, target: &str) -> Vec<String> {
    vec![format!(
        "  - The capture came through a proxy ({}), and neither the URL the app saw ({}) nor \
         the one the forwarding headers give matches. If the proxy strips a path prefix (the \
         provider called https://example.com/prefix{target}), check with --public-url \
         https://example.com/prefix, and give the app the same public_url (Python) or \
         publicUrl (Node).",
        seen.proxy.join(", "),
        seen.url,
    )]
}

/// What `send` did, for the words on a refusal.
pub struct Refusal<'a> {
    pub provider: Provider,
    pub scheme: Scheme,
    pub to: &'a str,
    pub public_url: Option<&'a str>,
    pub as_proxy: bool,
}

/// Why the server refused a delivery: the code it answered (a hooksig adapter answers
/// `{"error": code}`), and the likely causes.
pub fn refused(status: u16, code: Option<&str>, sent: &Refusal<'_>) -> Vec<String> {
    let provider = sent.provider;
    let Some(code) = code else {
        return if status == 401 {
            vec![
                "refused with 401 and no hooksig error code in the answer: something other \
                 than the webhook check refused it (authentication middleware, a proxy, \
                 another route?)"
                    .to_owned(),
            ]
        } else {
            Vec::new()
        };
    };
    let mut lines = vec![format!("refused: {code}")];
    let causes: Vec<String> = match code {
        "signature_mismatch" => {
            let mut causes = Vec::new();
            if provider.signs_url() {
                causes.push(url_cause(sent));
            }
            causes.push(format!(
                "The app's secret is not the one signed with here; it needs {}.",
                secret_name(provider)
            ));
            causes.push(
                "The app does not check the raw body: something parsed or re-serialised it \
                 before the webhook check."
                    .to_owned(),
            );
            causes
        }
        "body_not_covered" => vec![format!(
            "The app refuses a signature that does not cover the body, which {} does not. Sign \
             a form with --scheme plivo-v3 (-F NAME=VALUE), or let the app accept unsigned \
             bodies, knowingly (Python allow_unsigned_body=True, Node allowUnsignedBody: true).",
            sent.scheme.id()
        )],
        "timestamp_out_of_tolerance" => vec![
            "The timestamp is outside the app's window: --now signed as of another time, or \
             this machine's clock and the server's disagree."
                .to_owned(),
        ],
        "missing_header" | "malformed_header" => vec![format!(
            "The app did not find the {provider} signature it expects: is the route set up \
             for {provider}, and does no -H header or proxy change the signature headers?"
        )],
        "body_hash_mismatch" => vec![
            "The URL's signature matched but the body is not the one signed: something \
             between changed it."
                .to_owned(),
        ],
        "invalid_url" => vec![
            "The app could not rebuild the URL it was called at: give it its public URL \
             (Python public_url, Node publicUrl)."
                .to_owned(),
        ],
        "invalid_body" => vec![format!(
            "The app could not read the body as {provider} sends it: check the Content-Type \
             and the body (-F for a form)."
        )],
        "body_too_large" => vec!["The body is over the app's size limit.".to_owned()],
        "raw_body_unavailable" => vec![
            "The app cannot see the raw body: something read or parsed it before the webhook \
             check. The server's log names the fix for its framework."
                .to_owned(),
        ],
        _ => Vec::new(),
    };
    lines.extend(causes.into_iter().map(|cause| format!("  - {cause}")));
    lines
}

/// The URL the app checked was not the one signed: why, from how the delivery was sent.
fn url_cause(sent: &Refusal<'_>) -> String {
    let signed = sent.public_url.unwrap_or(sent.to);
    let base = sent
        .public_url
        .map(|url| {
            let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
            let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
            url.get(..url.len() - rest.len() + host_end).unwrap_or(url)
        })
        .unwrap_or("https://example.com");
    let public = format!("public_url=\"{base}\" (Python) or publicUrl: '{base}' (Node)");
    let trust = "trust_forwarded=True (Python) or trustProxy: true (Node)";
    match (sent.public_url, sent.as_proxy) {
        (None, _) => format!(
            "{} signs the URL it calls, and this delivery was signed for {signed}, the URL it \
             was sent to. An app configured with another URL ({public}, or behind a proxy) \
             checks that one: sign for it with --public-url.",
            sent.provider
        ),
        (Some(_), false) => format!(
            "It was signed for {signed} but delivered to {} with nothing saying so: an app \
             with the default URL policy checks the URL it received. Give the app {public}, \
             or send with --as-proxy to an app that trusts X-Forwarded-* ({trust}).",
            sent.to
        ),
        (Some(_), true) => format!(
            "It was signed for {signed} and sent with the X-Forwarded-Proto and \
             X-Forwarded-Host a proxy would add, which the app does not apply. Give the app \
             {public}, or {trust} if the proxy next to it sets or overwrites those headers. \
             If the proxy strips a path prefix, the public URL includes it."
        ),
    }
}
