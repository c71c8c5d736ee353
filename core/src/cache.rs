//! The verifiers behind the one-shot calls (`hooksig.verify(provider, secret, ...)` in Python
//! and Node), kept so that a one-shot call costs what a [`Verifier`] call costs.
//!
//! Keying a secret into HMAC states costs more than verifying a small webhook, and many users
//! call the one-shot function per request, as they call the SDKs' static functions. The cache
//! holds the few most recently used configurations; a hit is a short scan under a mutex.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::{Error, Provider, Verifier};

/// How many configurations are kept: an app has a handful of endpoints, each with a secret
/// or two; more than this and the oldest is keyed again when next used.
const CAPACITY: usize = 32;

struct Entry {
    provider: Provider,
    /// The secrets as given. Compared with `==`: they are the app's own configuration, not
    /// attacker input, so the comparison's timing reveals nothing to a sender.
    secrets: Vec<Box<[u8]>>,
    tolerance: Option<Duration>,
    allow_unsigned_body: bool,
    verifier: Arc<Verifier>,
}

impl Entry {
    fn is<S: AsRef<[u8]>>(
        &self,
        provider: Provider,
        secrets: &[S],
        tolerance: Option<Duration>,
        allow_unsigned_body: bool,
    ) -> bool {
        self.provider == provider
            && self.tolerance == tolerance
            && self.allow_unsigned_body == allow_unsigned_body
            && self.secrets.len() == secrets.len()
            && self
                .secrets
                .iter()
                .zip(secrets)
                .all(|(kept, given)| **kept == *given.as_ref())
    }
}

/// Most recently used last.
static ENTRIES: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

impl Verifier {
    /// The verifier for this configuration, from a small process-wide cache of recently used
    /// ones, built (and kept) on a miss. For one-shot calls; an app that can hold a
    /// [`Verifier`] should.
    ///
    /// # Errors
    /// As [`Verifier::new`].
    pub fn cached<S: AsRef<[u8]>>(
        provider: Provider,
        secrets: &[S],
        tolerance: Option<Duration>,
        allow_unsigned_body: bool,
    ) -> Result<Arc<Verifier>, Error> {
        // A panic elsewhere while the lock was held leaves only a list of complete entries.
        let mut entries = ENTRIES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = entries
            .iter()
            .rposition(|entry| entry.is(provider, secrets, tolerance, allow_unsigned_body))
        {
            let entry = entries.remove(found);
            let verifier = Arc::clone(&entry.verifier);
            entries.push(entry);
            return Ok(verifier);
        }
        let mut verifier =
            Verifier::new(provider, secrets)?.allow_unsigned_body(allow_unsigned_body);
        if let Some(tolerance) = tolerance {
            verifier = verifier.with_tolerance(tolerance);
        }
        let verifier = Arc::new(verifier);
        if entries.len() == CAPACITY {
            entries.remove(0);
        }
        entries.push(Entry {
            provider,
            secrets: secrets.iter().map(|s| Box::from(s.as_ref())).collect(),
            tolerance,
            allow_unsigned_body,
            verifier: Arc::clone(&verifier),
        });
        Ok(verifier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_configuration_same_verifier() {
        let a = Verifier::cached(Provider::RETELL, &["key-a"], None, false).unwrap();
        let again = Verifier::cached(Provider::RETELL, &["key-a"], None, false).unwrap();
        assert!(Arc::ptr_eq(&a, &again));
        for other in [
            Verifier::cached(Provider::RETELL, &["key-b"], None, false).unwrap(),
            Verifier::cached(Provider::RETELL, &["key-a", "key-b"], None, false).unwrap(),
            Verifier::cached(Provider::RANKED, &["whsec_key-a"], None, false).unwrap(),
            Verifier::cached(
                Provider::RETELL,
                &["key-a"],
                Some(Duration::from_secs(1)),
                false,
            )
            .unwrap(),
            Verifier::cached(Provider::RETELL, &["key-a"], None, true).unwrap(),
        ] {
            assert!(!Arc::ptr_eq(&a, &other));
        }
        assert!(
            Verifier::cached(Provider::RETELL, &["key-a"], None, true)
                .unwrap()
                .allows_unsigned_body()
        );
        assert_eq!(
            Verifier::cached(Provider::RETELL, &[""], None, false)
                .unwrap_err()
                .code(),
            "invalid_secret"
        );
    }

    #[test]
    fn bounded() {
        for n in 0..CAPACITY * 3 {
            Verifier::cached(Provider::RETELL, &[format!("bounded-{n}")], None, false).unwrap();
        }
        assert!(ENTRIES.lock().unwrap().len() <= CAPACITY);
    }
}
