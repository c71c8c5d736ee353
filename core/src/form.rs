//! `application/x-www-form-urlencoded` bodies and the sorted concatenations providers sign.

use std::borrow::Cow;

use crate::Error;
use crate::limits::MAX_FORM_FIELDS;

/// A decoded `(name, value)` pair.
pub(crate) type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Decodes a form body (`+` is a space, `%XX` decoded, invalid UTF-8 replaced by U+FFFD as
/// web frameworks do), keeping submission order and repeated names.
pub(crate) fn parse(body: &[u8]) -> Result<Vec<Pair<'_>>, Error> {
    let pairs: Vec<_> = fields(body)
        .filter(|field| !field.is_empty())
        .take(MAX_FORM_FIELDS + 1)
        .map(decode_field)
        .collect();
    if pairs.len() > MAX_FORM_FIELDS {
        return Err(Error::invalid_body(format!(
            "the form has more than {MAX_FORM_FIELDS} fields"
        )));
    }
    Ok(pairs)
}

/// The `&`-separated fields of `body`, found with SIMD (`memchr`).
fn fields(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(body);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr(b'&', current) {
            Some(amp) => {
                rest = current.get(amp + 1..);
                current.get(..amp)
            }
            None => rest.take(),
        }
    })
}

/// One `name=value` field, exactly as `form_urlencoded::parse` decodes it (the unit tests
/// and a property test hold the two equal). That crate takes two passes and an iterator per
/// byte, which took half of a 1 KB Twilio verify: here a field without escapes is borrowed
/// after a UTF-8 check, and the others decoded in one plain pass.
fn decode_field(field: &[u8]) -> Pair<'_> {
    let (name, value) = match memchr::memchr(b'=', field) {
        Some(eq) => (field.get(..eq), field.get(eq + 1..)),
        None => (Some(field), None),
    };
    (
        decode(name.unwrap_or_default()),
        decode(value.unwrap_or_default()),
    )
}

/// `+` as a space and `%XX` as its byte (a `%` without two hex digits stays as it is), then
/// UTF-8 with U+FFFD for invalid sequences.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if memchr::memchr2(b'%', b'+', bytes).is_none() {
        return text(bytes);
    }
    // Split at each `%`: every piece after the first starts with the escape's digits. The
    // `+` replacement over a whole piece compiles to a vectorised copy.
    let plus_as_space = |byte: &u8| if *byte == b'+' { b' ' } else { *byte };
    let mut out = Vec::with_capacity(bytes.len());
    let mut pieces = bytes.split(|&byte| byte == b'%');
    out.extend(pieces.next().unwrap_or_default().iter().map(plus_as_space));
    for piece in pieces {
        match piece {
            [high, low, rest @ ..] if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                out.push(hex_value(*high) << 4 | hex_value(*low));
                out.extend(rest.iter().map(plus_as_space));
            }
            _ => {
                out.push(b'%');
                out.extend(piece.iter().map(plus_as_space));
            }
        }
    }
    match String::from_utf8(out) {
        Ok(text) => Cow::Owned(text),
        Err(invalid) => Cow::Owned(String::from_utf8_lossy(invalid.as_bytes()).into_owned()),
    }
}

/// The value of an ASCII hex digit (checked by the caller).
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => digit.wrapping_sub(b'0'),
    }
}

/// Borrowed when valid UTF-8 (the common case, checked fast), else with U+FFFD replacements.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeated {
    /// Values sorted and duplicates dropped (Twilio's current SDKs).
    SortedUnique,
    /// Values sorted, duplicates kept (Plivo V3).
    Sorted,
    /// Values in submission order (SignalWire's newest SDK: a stable sort by name only).
    SubmissionOrder,
}

/// The pairs sorted by name (code point order), values ordered as `repeated` says.
pub(crate) fn sorted<'a>(mut pairs: Vec<Pair<'a>>, repeated: Repeated) -> Vec<Pair<'a>> {
    match repeated {
        Repeated::SubmissionOrder => pairs.sort_by(|a, b| a.0.cmp(&b.0)),
        Repeated::Sorted => pairs.sort(),
        Repeated::SortedUnique => {
            pairs.sort();
            pairs.dedup();
        }
    }
    pairs
}

/// `name value name value …` with no separators, as Twilio and Plivo V3 sign params.
pub(crate) fn concat(pairs: &[Pair<'_>]) -> String {
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len()).sum());
    for (name, value) in pairs {
        out.push_str(name);
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(body: &str) -> Vec<Pair<'_>> {
        parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn orders_repeated_values_per_policy() {
        let body = "b=2&a=z&a=y&a=z";
        assert_eq!(
            concat(&sorted(pairs(body), Repeated::SortedUnique)),
            "ayazb2"
        );
        assert_eq!(concat(&sorted(pairs(body), Repeated::Sorted)), "ayazazb2");
        assert_eq!(
            concat(&sorted(pairs(body), Repeated::SubmissionOrder)),
            "azayazb2"
        );
    }

    #[test]
    fn decodes_plus_percent_and_blank_values() {
        assert_eq!(concat(&pairs("a=x+y%21&b&c=")), "ax y!bc");
    }

    #[test]
    fn decodes_each_field_as_form_urlencoded_does() {
        let bodies = [
            "a=1&b=x+y&c=%C2%BFQu%C3%A9&&d&=e&f==g&h=%zz&i=%FF&j=\u{e9}&k=a%2Bb+c",
            "&&&",
            "",
            "=",
            "plain=value&other=thing",
        ];
        for body in bodies {
            let expected: Vec<Pair<'_>> = form_urlencoded::parse(body.as_bytes()).collect();
            assert_eq!(pairs(body), expected, "{body}");
        }
        let invalid = b"a=\xff\xfe&b\xff=1";
        let expected: Vec<Pair<'_>> = form_urlencoded::parse(invalid).collect();
        assert_eq!(parse(invalid).unwrap(), expected);
    }

    proptest::proptest! {
        #[test]
        fn decodes_any_body_as_form_urlencoded_does(
            body in proptest::collection::vec(
                proptest::sample::select(b"%+=&aF0g9\xc3\xa9\xff".to_vec()),
                0..48,
            )
        ) {
            let expected: Vec<Pair<'_>> = form_urlencoded::parse(&body).collect();
            proptest::prop_assert_eq!(parse(&body).unwrap(), expected);
        }
    }

    #[test]
    fn bounds_the_number_of_fields() {
        let body = "a=1&".repeat(MAX_FORM_FIELDS + 1);
        assert_eq!(parse(body.as_bytes()).unwrap_err().code(), "invalid_body");
    }
}
