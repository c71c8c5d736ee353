//! Timestamp windows: both directions, inclusive, in milliseconds, without overflow.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Error;

/// Milliseconds since the Unix epoch; `now` before 1970 is an argument error.
pub(crate) fn unix_millis(now: SystemTime) -> Result<i128, Error> {
    now.duration_since(UNIX_EPOCH)
        .map(|d| i128::try_from(d.as_millis()).unwrap_or(i128::MAX))
        .map_err(|_| Error::invalid_argument("now is before 1970-01-01"))
}

/// Accepts `timestamp_ms` when `|now_ms - timestamp_ms| <= tolerance_ms`.
pub(crate) fn check(
    header: &'static str,
    timestamp_ms: i128,
    now_ms: i128,
    tolerance_ms: u64,
) -> Result<(), Error> {
    let skew = now_ms.saturating_sub(timestamp_ms);
    if skew.unsigned_abs() > u128::from(tolerance_ms) {
        return Err(Error::TimestampOutOfTolerance {
            header,
            skew_ms: i64::try_from(skew).unwrap_or(if skew < 0 { i64::MIN } else { i64::MAX }),
            tolerance_ms,
        });
    }
    Ok(())
}

/// Parses a run of ASCII digits (leading zeros allowed) into a number, saturating far beyond
/// any plausible timestamp; `None` if it is empty or holds anything but `0-9`.
pub(crate) fn parse_digits(digits: &[u8]) -> Option<i128> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0i128, |acc, d| {
        acc.saturating_mul(10).saturating_add(i128::from(d - b'0'))
    }))
}

/// The `SystemTime` of a timestamp that passed [`check`]; `None` only for a timestamp no
/// clock can represent (possible with an effectively unlimited tolerance).
pub(crate) fn system_time(timestamp_ms: i128) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_millis(u64::try_from(timestamp_ms).ok()?))
}

/// A tolerance in whole milliseconds, saturating.
pub(crate) fn millis(tolerance: Duration) -> u64 {
    u64::try_from(tolerance.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_inclusive_both_ways() {
        assert!(check("H", 1_000, 301_000, 300_000).is_ok());
        assert!(check("H", 601_000, 301_000, 300_000).is_ok());
        assert!(check("H", 999, 301_000, 300_000).is_err());
        assert!(check("H", 601_001, 301_000, 300_000).is_err());
    }

    #[test]
    fn huge_timestamps_saturate() {
        let ts = parse_digits(&[b'9'; 100]).unwrap();
        let err = check("H", ts, 0, 300_000).unwrap_err();
        assert!(matches!(
            err,
            Error::TimestampOutOfTolerance {
                skew_ms: i64::MIN,
                ..
            }
        ));
        assert_eq!(parse_digits(b"00012"), Some(12));
        assert_eq!(system_time(ts), None);
        assert!(check("H", ts, 0, u64::MAX).is_err());
        assert_eq!(parse_digits(b"1e3"), None);
        assert_eq!(parse_digits(b""), None);
    }
}
