//! Reading secrets from the environment, files or the command line.

use std::ffi::OsStr;

use crate::Failure;
use crate::args::SecretArgs;

/// The variable read when no secret option is given.
pub const DEFAULT_ENV: &str = "HOOKSIG_SECRET";

/// Every secret the options name, in the order env, file, value; else `$HOOKSIG_SECRET`.
/// Messages name the variable or file, never its content.
pub fn read(args: &SecretArgs) -> Result<Vec<Vec<u8>>, Failure> {
    let mut secrets = Vec::new();
    for name in &args.env {
        secrets.push(from_env(name)?.ok_or_else(|| {
            Failure::Usage(format!("--secret-env {name}: the variable is not set"))
        })?);
    }
    for path in &args.files {
        let mut content = std::fs::read(path)
            .map_err(|e| Failure::Usage(format!("--secret-file {}: {e}", path.display())))?;
        // Editors end files with a newline; the secret itself never does.
        for ending in [&b"\r\n"[..], b"\n"] {
            if content.ends_with(ending) {
                content.truncate(content.len() - ending.len());
                break;
            }
        }
        secrets.push(content);
    }
    secrets.extend(args.values.iter().map(|value| value.as_bytes().to_vec()));
    if secrets.is_empty() {
        secrets.push(from_env(DEFAULT_ENV)?.ok_or_else(|| {
            Failure::Usage(format!(
                "no secret: pass --secret-env VAR, --secret-file PATH or --secret VALUE, \
                 or set {DEFAULT_ENV}"
            ))
        })?);
    }
    Ok(secrets)
}

fn from_env(name: &str) -> Result<Option<Vec<u8>>, Failure> {
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(Failure::Usage(format!(
            "--secret-env {name:?} is not a variable name"
        )));
    }
    Ok(std::env::var_os(OsStr::new(name)).map(|value| value.into_encoded_bytes()))
}
