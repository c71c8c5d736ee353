//! Times as the host languages give them: seconds in an `f64`.
//!
//! Python and JavaScript pass `now` as Unix seconds and tolerances as seconds; these are the
//! one conversion both bindings use, with the one set of checks.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Error;

/// A duration of `seconds` (`what` names the argument in the error).
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative, non-finite or out-of-range number.
pub fn to_duration(seconds: f64, what: &str) -> Result<Duration, Error> {
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(Error::invalid_argument(format!(
            "{what} must be a finite, non-negative number of seconds"
        )));
    }
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Error::invalid_argument(format!("{what} is out of range")))
}

/// Unix seconds from here on (the year 3000) are taken for a time in milliseconds passed by
/// mistake: as seconds, today in milliseconds is the year 58 000.
const MILLISECONDS_FROM: f64 = 32_503_680_000.0;

/// The time `unix_seconds` after the Unix epoch.
///
/// # Errors
/// [`Error::InvalidArgument`] as for [`to_duration`], or for a time past the year 3000 (a
/// time in milliseconds, most likely).
pub fn to_system_time(unix_seconds: f64) -> Result<SystemTime, Error> {
    if unix_seconds >= MILLISECONDS_FROM {
        return Err(Error::invalid_argument(format!(
            "now is {unix_seconds:.0}, past the year 3000: it looks like milliseconds; pass Unix \
             seconds (milliseconds / 1000)"
        )));
    }
    UNIX_EPOCH
        .checked_add(to_duration(unix_seconds, "now")?)
        .ok_or_else(|| Error::invalid_argument("now is too far in the future"))
}

/// Seconds since the Unix epoch (negative before it).
pub fn since_epoch(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_nonsense() {
        let time = to_system_time(1_700_000_000.25).unwrap();
        assert!((since_epoch(time) - 1_700_000_000.25).abs() < 1e-6);
        let millis = to_system_time(1_794_352_570_835.0).unwrap_err().to_string();
        assert!(millis.contains("milliseconds"), "{millis}");
        for bad in [f64::NAN, f64::INFINITY, -1.0, 1e300] {
            assert_eq!(to_system_time(bad).unwrap_err().code(), "invalid_argument");
        }
        assert_eq!(
            to_duration(1.5, "tolerance").unwrap(),
            Duration::from_millis(1500)
        );
        assert!(
            to_duration(-1.0, "tolerance")
                .unwrap_err()
                .to_string()
                .contains("tolerance")
        );
    }
}
