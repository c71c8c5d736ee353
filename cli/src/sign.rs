//! `hooksig sign`: the headers a provider would send, or a curl command that sends them.

use clap::Args;

use crate::Failure;
use crate::args::{MessageArgs, ProviderArgs, SecretArgs};
use crate::message::Message;

#[derive(Args)]
#[command(after_help = "Examples:\n  \
    hooksig sign retell --secret-env RETELL_API_KEY --body @call.json\n  \
    hooksig sign twilio --secret-env TWILIO_AUTH_TOKEN --url https://example.com/sms \\\n    \
    -F From=+14155550123 -F Body=hello --curl\n  \
    hooksig sign --scheme-file acme.json --secret-env ACME_SECRET --body @event.json")]
pub struct SignArgs {
    #[command(flatten)]
    provider: ProviderArgs,
    #[command(flatten)]
    secrets: SecretArgs,
    /// The URL the provider delivers to; needed for the providers that sign it (twilio,
    /// signalwire, plivo, hubspot, square; a spec whose template has "url")
    #[arg(long)]
    url: Option<String>,
    #[command(flatten)]
    message: MessageArgs,
    /// Print a curl command that sends the signed request, instead of the headers
    #[arg(long, requires = "url")]
    curl: bool,
}

pub fn run(args: SignArgs) -> Result<(), Failure> {
    let provider = args.provider.resolve()?;
    let message = Message::from_args(&args.message)?;
    let signed = message.sign(provider, &args.secrets, args.url.as_deref(), &args.message)?;
    let url = signed.url.as_deref().or(args.url.as_deref());
    let headers = message.signed_headers(&signed);
    if args.curl {
        let url = url.unwrap_or_default();
        println!(
            "{}",
            curl(&message, url, &headers, args.message.body.as_deref())?
        );
        return Ok(());
    }
    for (name, value) in headers {
        println!("{name}: {value}");
    }
    if let (Some(url), true) = (url, signed.url.as_deref() != args.url.as_deref()) {
        eprintln!(
            "hooksig: deliver to {url} (the {} scheme puts the body's hash in the URL)",
            signed.scheme.id()
        );
    }
    Ok(())
}

/// A curl command line; the body inline when it is text (`--data-raw` reads no `@`), else
/// read from its file.
fn curl(
    message: &Message,
    url: &str,
    headers: &[(&str, &str)],
    body_option: Option<&str>,
) -> Result<String, Failure> {
    let mut words = vec!["curl".to_owned(), "-sS".to_owned()];
    words.extend(["-X".to_owned(), quote(&message.method), quote(url)]);
    for (name, value) in headers {
        words.extend(["-H".to_owned(), quote(&format!("{name}: {value}"))]);
    }
    if !message.body.is_empty() {
        let data = match std::str::from_utf8(&message.body) {
            Ok(text) if !text.contains('\0') => ["--data-raw".to_owned(), quote(text)],
            _ => match body_option.and_then(|b| b.strip_prefix('@')) {
                Some(path) if path != "-" => {
                    ["--data-binary".to_owned(), quote(&format!("@{path}"))]
                }
                _ => {
                    return Err(Failure::Usage(
                        "the body is binary: give it as --body @FILE to print a curl command"
                            .to_owned(),
                    ));
                }
            },
        };
        words.extend(data);
    }
    Ok(words.join(" "))
}

/// POSIX shell single quotes.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}
