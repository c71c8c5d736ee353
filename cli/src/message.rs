//! The request `sign` and `send` build from their options.

use std::io::Read;

use hooksig::{Provider, Request, SignOptions, Signed, Verifier};

use crate::Failure;
use crate::args::{self, MessageArgs, SecretArgs};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A request to sign: method, headers in order, raw body.
pub struct Message {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Message {
    /// The method, body (text, `@FILE`, `@-`, or form fields) and headers of `args`, with a
    /// Content-Type added for a body when none is given.
    pub fn from_args(args: &MessageArgs) -> Result<Self, Failure> {
        let mut headers = args
            .headers
            .iter()
            .map(|line| parse_header(line))
            .collect::<Result<Vec<_>, _>>()?;
        let (body, content_type) = if !args.form.is_empty() {
            (form_body(&args.form)?, Some(FORM))
        } else if let Some(data) = &args.body {
            (read_data(data)?, Some(JSON))
        } else {
            (Vec::new(), None)
        };
        let has_content_type = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if let (Some(content_type), false) = (content_type, has_content_type) {
            headers.push(("Content-Type".to_owned(), content_type.to_owned()));
        }
        Ok(Message {
            method: args.method.clone(),
            headers,
            body,
        })
    }

    /// This message as a core request, at `url`.
    pub fn request<'a>(&'a self, url: Option<&'a str>) -> Request<'a> {
        let request = Request::new(&self.method)
            .headers(
                self.headers
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str())),
            )
            .body(&self.body);
        match url {
            Some(url) => request.url(url),
            None => request,
        }
    }

    /// Signs this message at `url` as the provider would, with the first secret.
    pub fn sign(
        &self,
        provider: Provider,
        secrets: &SecretArgs,
        url: Option<&str>,
        args: &MessageArgs,
    ) -> Result<Signed, Failure> {
        let secret = crate::secrets::read(secrets)?
            .into_iter()
            .next()
            .unwrap_or_default();
        if provider.signs_url() && url.is_none() {
            return Err(Failure::Usage(format!(
                "{provider} signs the URL it delivers to: pass it with --url"
            )));
        }
        let verifier = Verifier::new(provider, [secret])?;
        let mut options = SignOptions::default();
        if let Some(now) = args::now(args.now)? {
            options = options.at(now);
        }
        if let Some(scheme) = args.scheme(provider)? {
            options = options.scheme(scheme);
        }
        if let Some(nonce) = &args.nonce {
            options = options.nonce(nonce);
        }
        Ok(verifier.sign(&self.request(url), &options)?)
    }

    /// The headers to send: the given ones, then the signature headers.
    pub fn signed_headers<'a>(&'a self, signed: &'a Signed) -> Vec<(&'a str, &'a str)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .chain(
                signed
                    .headers
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            )
            .collect()
    }
}

/// `Name: value` (curl's -H syntax).
fn parse_header(line: &str) -> Result<(String, String), Failure> {
    let (name, value) = line
        .split_once(':')
        .ok_or_else(|| Failure::Usage(format!("--header {line:?}: expected 'Name: value'")))?;
    let name = name.trim();
    let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(is_token) {
        return Err(Failure::Usage(format!(
            "--header {line:?}: {name:?} is not a header name"
        )));
    }
    if value.contains(['\r', '\n', '\0']) {
        return Err(Failure::Usage(format!(
            "--header {name}: a value cannot contain CR, LF or NUL"
        )));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

fn form_body(fields: &[String]) -> Result<Vec<u8>, Failure> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for field in fields {
        let (name, value) = field
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--form {field:?}: expected NAME=VALUE")))?;
        form.append_pair(name, value);
    }
    Ok(form.finish().into_bytes())
}

/// curl's `-d` convention: text, `@FILE`, or `@-` for stdin.
fn read_data(data: &str) -> Result<Vec<u8>, Failure> {
    match data.strip_prefix('@') {
        Some("-") => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| Failure::Usage(format!("--body @-: {e}")))?;
            Ok(body)
        }
        Some(path) => {
            std::fs::read(path).map_err(|e| Failure::Usage(format!("--body @{path}: {e}")))
        }
        None => Ok(data.as_bytes().to_vec()),
    }
}
