//! Captured raw HTTP/1.x requests: the request line, the headers, a blank line, the body.

/// More headers than any webhook carries; a capture with more is refused, not cut.
const MAX_HEADERS: usize = 512;

/// A request as it was received.
pub struct Capture {
    pub method: String,
    /// The request target as sent: usually a path and query, or an absolute URL.
    pub target: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl Capture {
    /// Parses `bytes`. The body is `Content-Length` bytes, the decoded chunks of a chunked
    /// body, or else everything after the headers.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let mut slots = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut slots);
        let header_len = match request.parse(bytes) {
            Ok(httparse::Status::Complete(len)) => len,
            Ok(httparse::Status::Partial) => {
                return Err("the capture ends before the blank line after the headers; \
                            is it cut off?"
                    .to_owned());
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(format!("the capture has more than {MAX_HEADERS} headers"));
            }
            Err(e) => {
                return Err(format!(
                    "not a raw HTTP/1.x request ({e}); expected a request line such as \
                     'POST /webhook HTTP/1.1', the headers, a blank line, then the body"
                ));
            }
        };
        let method = request.method.unwrap_or_default().to_owned();
        let target = request.path.unwrap_or_default().to_owned();
        let headers: Vec<(String, Vec<u8>)> = request
            .headers
            .iter()
            .map(|h| (h.name.to_owned(), h.value.to_vec()))
            .collect();
        let rest = bytes.get(header_len..).unwrap_or_default();
        let body = if is_chunked(&headers) {
            dechunk(rest)?
        } else if let Some(length) = content_length(&headers)? {
            rest.get(..length)
                .ok_or_else(|| {
                    format!(
                        "Content-Length is {length} but the capture has {} body bytes; \
                         is it cut off?",
                        rest.len()
                    )
                })?
                .to_vec()
        } else {
            rest.to_vec()
        };
        Ok(Capture {
            method,
            target,
            headers,
            body,
        })
    }

    /// The first value of header `name` as text, if it is.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| std::str::from_utf8(value).ok())
    }
}

fn is_chunked(headers: &[(String, Vec<u8>)]) -> bool {
    headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding")
            && String::from_utf8_lossy(value)
                .to_ascii_lowercase()
                .contains("chunked")
    })
}

fn content_length(headers: &[(String, Vec<u8>)]) -> Result<Option<usize>, String> {
    let Some((_, value)) = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
    else {
        return Ok(None);
    };
    std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Some)
        .ok_or_else(|| "Content-Length is not a number".to_owned())
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let (start, size) = match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete(found)) => found,
            _ => return Err("the chunked body is malformed or cut off".to_owned()),
        };
        if size == 0 {
            return Ok(body);
        }
        let chunk = usize::try_from(size)
            .ok()
            .and_then(|size| Some((size, rest.get(start..start.checked_add(size)?)?)))
            .ok_or("a chunk of the body is cut off")?;
        body.extend_from_slice(chunk.1);
        rest = rest
            .get(start + chunk.0..)
            .and_then(|r| r.strip_prefix(b"\r\n").or_else(|| r.strip_prefix(b"\n")))
            .ok_or("a chunk of the body does not end with CRLF")?;
    }
}
