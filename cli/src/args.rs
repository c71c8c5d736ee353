//! Options shared by the commands.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::Args;
use clap::builder::PossibleValuesParser;
use hooksig::{Provider, Scheme};

use crate::Failure;

/// The provider argument, with the ids listed in `--help`.
pub fn provider_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(Provider::ids())
}

/// `provider`, already checked by [`provider_parser`].
pub fn provider(id: &str) -> Result<Provider, Failure> {
    Ok(id.parse()?)
}

/// Where the secrets come from. Several may be given: `verify` tries each (rotation), `sign`
/// and `send` use the first.
#[derive(Args)]
pub struct SecretArgs {
    /// Read a secret from this environment variable (repeatable)
    #[arg(long = "secret-env", value_name = "VAR")]
    pub env: Vec<String>,
    /// Read a secret from this file; one trailing newline is dropped (repeatable)
    #[arg(long = "secret-file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// A secret on the command line (repeatable). Other users may see it in the process list,
    /// and your shell history keeps it: prefer --secret-env or --secret-file
    #[arg(long = "secret", value_name = "SECRET")]
    pub values: Vec<String>,
}

/// The request to sign: method, body or form, extra headers.
#[derive(Args)]
pub struct MessageArgs {
    /// The HTTP method
    #[arg(short = 'X', long, default_value = "POST")]
    pub method: String,
    /// The body: the text itself, @FILE to read a file, or @- to read stdin. Sent as
    /// application/json unless a Content-Type header is given
    #[arg(short = 'd', long, value_name = "DATA", conflicts_with = "form")]
    pub body: Option<String>,
    /// A form field, sent as application/x-www-form-urlencoded (repeatable, in order)
    #[arg(short = 'F', long, value_name = "NAME=VALUE")]
    pub form: Vec<String>,
    /// A header to send, e.g. 'Content-Type: text/plain' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// The signature scheme, for providers with several (default: the provider's usual one
    /// for this body)
    #[arg(long, value_parser = PossibleValuesParser::new(Scheme::all().map(Scheme::id)))]
    pub scheme: Option<String>,
    /// Plivo's nonce (default: one derived from the time, URL and body)
    #[arg(long)]
    pub nonce: Option<String>,
    /// Sign as of this Unix time in seconds instead of the clock, e.g. to make a stale
    /// delivery
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub now: Option<f64>,
}

impl MessageArgs {
    /// The `--scheme`, already checked against the ids.
    pub fn scheme(&self) -> Result<Option<Scheme>, Failure> {
        Ok(self.scheme.as_deref().map(str::parse).transpose()?)
    }
}

/// `--now` as a time (`None`: the clock).
pub fn now(seconds: Option<f64>) -> Result<Option<SystemTime>, Failure> {
    Ok(seconds.map(hooksig::seconds::to_system_time).transpose()?)
}

/// `--tolerance` as a duration.
pub fn tolerance(seconds: Option<f64>) -> Result<Option<Duration>, Failure> {
    Ok(seconds
        .map(|s| hooksig::seconds::to_duration(s, "the tolerance"))
        .transpose()?)
}
