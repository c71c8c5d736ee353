//! `hooksig`: sign test deliveries, send them to a local server, find out why a captured
//! webhook does not verify, and show the providers' specs. Every decision is the `hooksig` crate's, the same code the Python
//! and Node packages run.
//!
//! Exit status: 0 verified, or delivered and answered 2xx; 1 rejected, or not answered 2xx;
//! 2 usage error (bad arguments, unreadable files, no secret).

mod args;
mod capture;
mod describe;
mod explain;
mod message;
mod secrets;
mod send;
mod sign;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Sign, send and verify webhooks of every provider hooksig knows (`hooksig providers` lists
/// them), or of one you describe in JSON (--scheme-file; `hooksig describe` shows the format).
///
/// Secrets come from --secret-env VAR, --secret-file PATH, --secret VALUE, or else the
/// HOOKSIG_SECRET environment variable. Nothing this tool prints contains a secret, and
/// `verify` never prints a computed signature.
#[derive(Parser)]
#[command(name = "hooksig", version, about, long_about)]
#[command(
    after_help = "Exit status: 0 verified or answered 2xx, 1 rejected or not answered \
                        2xx, 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the headers (or a curl command) a provider would send with a request
    Sign(sign::SignArgs),
    /// Sign a request for its public URL and deliver it to a local server
    Send(send::SendArgs),
    /// Check a captured raw HTTP request offline and explain a rejection
    Verify(verify::VerifyArgs),
    /// Print a provider's spec as JSON, the format --scheme-file reads
    Describe(describe::DescribeArgs),
    /// List the built-in providers: ids, aliases and signature schemes
    Providers,
}

/// Why a command did not succeed.
#[derive(Debug)]
enum Failure {
    /// Rejected, or not answered 2xx: the report is already printed (exit 1).
    Rejected,
    /// The request could not be delivered (exit 1).
    Unsent(String),
    /// Bad arguments or input files (exit 2).
    Usage(String),
}

impl From<hooksig::Error> for Failure {
    /// The core's misuse errors (a bad secret, scheme, URL or time) are usage errors here.
    fn from(error: hooksig::Error) -> Self {
        Failure::Usage(error.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Sign(args) => sign::run(args),
        Command::Send(args) => send::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Describe(args) => describe::run(args),
        Command::Providers => describe::list(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected) => ExitCode::from(1),
        Err(Failure::Unsent(why)) => {
            eprintln!("hooksig: {why}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(why)) => {
            eprintln!("hooksig: {why}");
            ExitCode::from(2)
        }
    }
}
