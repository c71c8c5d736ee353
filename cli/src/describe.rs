//! `hooksig describe`: a provider's spec as JSON; `hooksig providers`: every built-in one.

use std::io::Write;

use clap::Args;
use hooksig::{Provider, Scheme};

use crate::Failure;
use crate::args::ProviderArgs;

#[derive(Args)]
#[command(
    after_help = "The spec is the format --scheme-file reads: save a built-in provider's \
    spec, change it for a provider hooksig does not know, and use it with sign, send and \
    verify.\n\n\
    Examples:\n  \
    hooksig describe stripe > acme.json\n  \
    hooksig describe --scheme-file acme.json    # checks a spec, prints it normalised"
)]
pub struct DescribeArgs {
    #[command(flatten)]
    provider: ProviderArgs,
}

pub fn run(args: DescribeArgs) -> Result<(), Failure> {
    let provider = args.provider.resolve()?;
    print(&format!("{}\n", pretty(&provider.describe())))
}

/// Every built-in provider: id, aliases, schemes (in the order they are tried).
pub fn list() -> Result<(), Failure> {
    let rows: Vec<[String; 3]> = Provider::ALL
        .iter()
        .map(|provider| {
            [
                provider.id().to_owned(),
                provider.spec().aliases.join(", "),
                provider
                    .schemes()
                    .map(Scheme::id)
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let width = |column: fn(&[String; 3]) -> &String, title: &str| {
        rows.iter()
            .map(|row| column(row).len())
            .chain([title.len()])
            .max()
            .unwrap_or_default()
    };
    let id_width = width(|[id, _, _]| id, "provider");
    let alias_width = width(|[_, aliases, _]| aliases, "aliases");
    let mut out = format!(
        "{:id_width$}  {:alias_width$}  schemes\n",
        "provider", "aliases"
    );
    for [id, aliases, schemes] in &rows {
        out.push_str(format!("{id:id_width$}  {aliases:alias_width$}  {schemes}").trim_end());
        out.push('\n');
    }
    print(&out)
}

/// Writes `text` to stdout; a reader that stopped early (`| head`) is not an error.
fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Unsent(format!("writing the output: {error}")))
        }
        _ => Ok(()),
    }
}

/// Compact JSON laid out two spaces an indent, keys in their order (the spec's own: id first),
/// as serde_json's pretty printer would; the text of strings is untouched.
fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    // An empty object or list stays on its line.
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn pretty_indents_without_touching_strings() {
        let compact = r#"{"id":"a","s":[{"k":"x,y:{\"}"},[]],"o":{},"n":5}"#;
        assert_eq!(
            pretty(compact),
            "{\n  \"id\": \"a\",\n  \"s\": [\n    {\n      \"k\": \"x,y:{\\\"}\"\n    },\n    \
             []\n  ],\n  \"o\": {},\n  \"n\": 5\n}"
        );
    }
}
