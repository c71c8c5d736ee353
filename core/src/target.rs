//! Rebuilding a request target when the server kept only the decoded path.
//!
//! URL-signed providers (Twilio, SignalWire, Plivo) sign the URL exactly as they requested it,
//! so an adapter should hand over the raw target the server received (ASGI `raw_path`, WSGI
//! `RAW_URI`/`REQUEST_URI`). Some servers keep only the percent-decoded path (Python's
//! `wsgiref`, hence Django's `runserver`). Decoding loses information: `/a%7Eb` and `/a~b`
//! decode alike, so no rule can recover every target. [`from_decoded_path`] applies one rule,
//! the same for every binding, so the result does not depend on which adapter rebuilt it.
//!
//! Decisions: the rule is RFC 3986's normal form (section 6.2.2.2): a byte that may stand
//! for itself in a path segment (`pchar` without `%`: unreserved, sub-delims, `:` and `@`)
//! or `/` is written as itself; every other byte, `%` included, as `%XX` (uppercase hex).
//! So a path whose client used that normal form (as the providers' own URLs do for letters,
//! digits, `-._~`, and encoded spaces or non-ASCII) round-trips; one that encoded an
//! unreserved or reserved character the rule keeps (`%7E`, `%2F`, `%27`, `%3A`) does not,
//! and only a server that keeps the raw target can verify it. The query is not decoded by
//! servers, so it is kept byte for byte, except bytes no URL can hold (controls, space,
//! `#`, non-ASCII), which are percent-encoded.

use std::fmt::Write as _;

/// `true` for bytes the rule writes as themselves in a path.
fn path_byte_is_kept(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
        )
}

/// `true` for bytes a query keeps as received.
fn query_byte_is_kept(byte: u8) -> bool {
    byte.is_ascii_graphic() && byte != b'#'
}

fn push_escaped(out: &mut String, bytes: &[u8], keep: fn(u8) -> bool) {
    for &byte in bytes {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// The request target (`path[?query]`) for a path the server already percent-decoded (as
/// bytes: WSGI's `PATH_INFO` encoded back to latin-1, ASGI's `path` encoded to UTF-8) and the
/// query string as received, by the rule in the [module docs](self). An empty path is `/`.
///
/// ```
/// use hooksig::target::from_decoded_path;
/// assert_eq!(from_decoded_path(b"/hooks/a b", b"x=%7E&y=1"), "/hooks/a%20b?x=%7E&y=1");
/// assert_eq!(from_decoded_path("/caf\u{e9}/50%".as_bytes(), b""), "/caf%C3%A9/50%25");
/// assert_eq!(from_decoded_path(b"", b""), "/");
/// ```
pub fn from_decoded_path(path: &[u8], query: &[u8]) -> String {
    let mut target = String::with_capacity(path.len() + query.len() + 8);
    if path.is_empty() {
        target.push('/');
    }
    push_escaped(&mut target, path, path_byte_is_kept);
    if !query.is_empty() {
        target.push('?');
        push_escaped(&mut target, query, query_byte_is_kept);
    }
    target
}

/// `true` for bytes a rebuilt query key or value writes as themselves: RFC 3986's
/// unreserved characters and the sub-delimiters a query may hold literally, but not those that
/// split it (`&`, `=`, `+`, which form decoding reads as a space, and `#`).
fn query_part_byte_is_kept(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b','
                | b';'
                | b':'
                | b'@'
                | b'/'
                | b'?'
        )
}

/// A query string rebuilt from decoded `(name, value)` pairs, in order, for platforms that hand
/// over only a decoded map (AWS API Gateway REST's `multiValueQueryStringParameters`). One rule
/// for every binding: each byte other than RFC 3986's unreserved characters and the
/// sub-delimiters a query may hold literally (all but `&`, `=`, `+` and `#`, which split it or
/// read as a space) as `%XX`, pairs joined with `&`. As with the path, what the sender
/// encoded beyond that rule (or a `+` for a space) cannot be recovered.
///
/// ```
/// use hooksig::target::query_from_decoded_pairs;
/// let pairs = [("To", "+1 555"), ("q", "a&b=c/d")];
/// assert_eq!(query_from_decoded_pairs(pairs), "To=%2B1%20555&q=a%26b%3Dc/d");
/// ```
pub fn query_from_decoded_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> String
where
    K: AsRef<[u8]>,
    V: AsRef<[u8]>,
{
    let mut query = String::new();
    for (index, (name, value)) in pairs.into_iter().enumerate() {
        if index > 0 {
            query.push('&');
        }
        push_escaped(&mut query, name.as_ref(), query_part_byte_is_kept);
        query.push('=');
        push_escaped(&mut query, value.as_ref(), query_part_byte_is_kept);
    }
    query
}

#[cfg(test)]
mod tests {
    use super::{from_decoded_path, query_from_decoded_pairs};

    #[test]
    fn the_query_rule() {
        let empty: [(&str, &str); 0] = [];
        assert_eq!(query_from_decoded_pairs(empty), "");
        assert_eq!(
            query_from_decoded_pairs([("a b", "c+d#e"), ("k", "")]),
            "a%20b=c%2Bd%23e&k="
        );
        assert_eq!(
            query_from_decoded_pairs([("n", "caf\u{e9}"), ("t", "-._~!$'()*,;:@/?")]),
            "n=caf%C3%A9&t=-._~!$'()*,;:@/?"
        );
    }

    #[test]
    fn the_rule() {
        // Bytes that cannot stand for themselves, and `%` itself, are encoded.
        assert_eq!(from_decoded_path(b"/a?b#c%d", b""), "/a%3Fb%23c%25d");
        assert_eq!(from_decoded_path(b"/\x00\x7f\xff", b""), "/%00%7F%FF");
        // What RFC 3986 lets a path segment hold stays.
        let kept = b"/AZaz09-._~!$&'()*+,;=:@/";
        assert_eq!(from_decoded_path(kept, b""), "/AZaz09-._~!$&'()*+,;=:@/");
        // The query is kept as received, except bytes no URL holds.
        assert_eq!(
            from_decoded_path(b"/", b"a=%2F&b=c d#"),
            "/?a=%2F&b=c%20d%23"
        );
        assert_eq!(from_decoded_path(b"/", "q=\u{e9}".as_bytes()), "/?q=%C3%A9");
    }

    #[test]
    fn what_decoding_lost_stays_lost() {
        // `%7E`, `%2F`, `%27`, `%3A` decode to characters the rule keeps: a server that keeps
        // only the decoded path cannot give back the target a provider signed with them.
        assert_eq!(from_decoded_path(b"/a~b/c'd:e", b""), "/a~b/c'd:e");
    }
}
