//! The number at a JSON pointer (RFC 6901), read in one pass over the document without
//! building it: a body of any size costs a scan, not a tree of values (Linear's timestamp).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The non-negative number at `pointer` in `json` (truncated to an integer), or `None` when
/// `json` is not one JSON document, nothing is there, or it is not such a number. A key that
/// appears twice counts by its last value, as `JSON.parse` and `serde_json::Value` do.
pub(crate) fn number_at(json: &[u8], pointer: &str) -> Option<i128> {
    let path: Vec<String> = pointer
        .strip_prefix('/')?
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let found = At { path: &path }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    found
}

/// What is left of the pointer at this depth.
struct At<'p> {
    path: &'p [String],
}

impl<'de> DeserializeSeed<'de> for At<'_> {
    type Value = Option<i128>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for At<'_> {
    type Value = Option<i128>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(self.path.is_empty().then(|| i128::from(value)))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        // Truncation is the intent: a fractional timestamp counts by its whole part.
        #[allow(clippy::cast_possible_truncation)]
        let whole =
            (self.path.is_empty() && value.is_finite() && value >= 0.0).then_some(value as i128);
        Ok(whole)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let Some((first, rest)) = self.path.split_first() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(None);
        };
        while let Some(matches) = map.next_key_seed(KeyIs(first))? {
            if matches {
                found = map.next_value_seed(At { path: rest })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // RFC 6901 array indexes: digits, no leading zero (as serde_json's `pointer`).
        let index = self.path.first().and_then(|segment| {
            let canonical =
                !(segment.starts_with('+') || segment.starts_with('0') && segment.len() > 1);
            canonical.then(|| segment.parse::<usize>().ok()).flatten()
        });
        let rest = self.path.get(1..).unwrap_or_default();
        let mut found = None;
        let mut position = 0;
        loop {
            if Some(position) == index {
                match seq.next_element_seed(At { path: rest })? {
                    Some(value) => found = value,
                    None => break,
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            position += 1;
        }
        Ok(found)
    }
}

/// Whether an object's key is the pointer's segment, compared where it lies.
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_serde_json_values() {
        let documents = [
            r#"{"webhookTimestamp":1700000000000,"data":{"x":[1,2,{"t":5}]}}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"data":{"x":[1,2,{"t":5.9}]},"webhookTimestamp":"1700"}"#,
            r#"{"w\u0065bhookTimestamp":3,"a/b":{"~":4}}"#,
            r#"{"webhookTimestamp":-5}"#,
            r#"[10,20,30]"#,
            r#"{"webhookTimestamp":1} trailing"#,
            r#"{"webhookTimestamp":"#,
            "not json",
        ];
        let pointers = [
            "/webhookTimestamp",
            "/a",
            "/data/x/2/t",
            "/data/x/01",
            "/a~1b/~0",
            "/1",
            "/",
            "",
        ];
        for document in documents {
            for pointer in pointers {
                let expected = serde_json::from_str::<serde_json::Value>(document)
                    .ok()
                    .and_then(|value| {
                        let found = value.pointer(pointer)?.clone();
                        found.as_u64().map(i128::from).or_else(|| {
                            found
                                .as_f64()
                                .filter(|f| f.is_finite() && *f >= 0.0)
                                .map(|f| f as i128)
                        })
                    });
                let expected = if pointer.is_empty() { None } else { expected };
                assert_eq!(
                    number_at(document.as_bytes(), pointer),
                    expected,
                    "{document} {pointer}"
                );
            }
        }
    }
}
