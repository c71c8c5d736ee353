//! Options shared by the commands.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser};
use hooksig::{Provider, Scheme};

use crate::Failure;

/// The provider argument: the built-in ids, listed in `--help`, with their aliases accepted
/// (`whatsapp` for `meta`) but not listed.
pub fn provider_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(Provider::ALL.iter().map(|provider| {
        PossibleValue::new(provider.id()).aliases(provider.spec().aliases.iter().copied())
    }))
}

/// `provider`, already checked by [`provider_parser`].
pub fn provider(id: &str) -> Result<Provider, Failure> {
    Ok(id.parse()?)
}

/// Which provider: a built-in one by id or alias, or a user-defined one from its JSON spec.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct ProviderArgs {
    /// The provider: an id or alias (`hooksig providers` lists them)
    #[arg(value_name = "PROVIDER", value_parser = provider_parser(), ignore_case = true)]
    provider: Option<String>,
    /// A user-defined provider instead of PROVIDER: its JSON spec, in the format `hooksig
    /// describe` prints
    #[arg(long, value_name = "SPEC.json")]
    scheme_file: Option<PathBuf>,
}

impl ProviderArgs {
    /// The provider named, or compiled from `--scheme-file` (its errors are usage errors,
    /// with the core's message naming the field at fault).
    pub fn resolve(&self) -> Result<Provider, Failure> {
        match (&self.provider, &self.scheme_file) {
            (_, Some(path)) => from_spec_file(path),
            (Some(id), None) => provider(id),
            (None, None) => Err(Failure::Usage(
                "name a provider, or give --scheme-file SPEC.json".to_owned(),
            )),
        }
    }
}

/// A user-defined provider from a JSON spec file.
fn from_spec_file(path: &Path) -> Result<Provider, Failure> {
    let json = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("--scheme-file {}: {e}", path.display())))?;
    Provider::from_json(&json)
        .map_err(|error| Failure::Usage(format!("--scheme-file {}: {error}", path.display())))
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
    /// for this body); `hooksig providers` lists each provider's schemes
    #[arg(long, value_name = "SCHEME")]
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
    /// The `--scheme`: one of `provider`'s schemes (a user-defined provider's too), by id,
    /// ignoring ASCII case.
    pub fn scheme(&self, provider: Provider) -> Result<Option<Scheme>, Failure> {
        let Some(name) = self.scheme.as_deref() else {
            return Ok(None);
        };
        let found = provider
            .schemes()
            .find(|scheme| scheme.id().eq_ignore_ascii_case(name));
        found.map(Some).ok_or_else(|| {
            Failure::Usage(format!(
                "--scheme {:?}: {provider} has no such scheme; its schemes: {}",
                name.chars().take(64).collect::<String>(),
                provider
                    .schemes()
                    .map(Scheme::id)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
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
