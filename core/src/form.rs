//! `application/x-www-form-urlencoded` bodies and the sorted concatenations providers sign.

use std::borrow::Cow;

use crate::Error;
use crate::limits::MAX_FORM_FIELDS;

/// A decoded `(name, value)` pair.
pub(crate) type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Decodes a form body (`+` is a space, `%XX` decoded, invalid UTF-8 replaced by U+FFFD as
/// web frameworks do), keeping submission order and repeated names.
pub(crate) fn parse(body: &[u8]) -> Result<Vec<Pair<'_>>, Error> {
    let pairs: Vec<_> = form_urlencoded::parse(body)
        .take(MAX_FORM_FIELDS + 1)
        .collect();
    if pairs.len() > MAX_FORM_FIELDS {
        return Err(Error::invalid_body(format!(
            "the form has more than {MAX_FORM_FIELDS} fields"
        )));
    }
    Ok(pairs)
}

/// How a scheme orders the values of a repeated name.
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
    fn bounds_the_number_of_fields() {
        let body = "a=1&".repeat(MAX_FORM_FIELDS + 1);
        assert_eq!(parse(body.as_bytes()).unwrap_err().code(), "invalid_body");
    }
}
