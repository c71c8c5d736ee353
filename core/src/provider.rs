//! Provider and scheme handles: small `Copy` references to [`ProviderSpec`] data, built in
//! (the [registry](crate::registry)) or user-defined ([`Provider::from_json`]).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::spec::{ProviderSpec, SchemeSpec};
use crate::{Error, canon};

/// A webhook provider: a handle to its [`ProviderSpec`].
///
/// Every built-in provider is a named constant (`Provider::STRIPE`) and in [`Provider::ALL`];
/// [`FromStr`] takes an id or an alias. A user-defined provider comes from
/// [`Provider::from_json`]. Two handles are equal when they refer to the same spec.
#[derive(Clone, Copy)]
pub struct Provider(pub(crate) &'static ProviderSpec);

impl Provider {
    /// The spec: its schemes, headers and windows.
    pub fn spec(self) -> &'static ProviderSpec {
        self.0
    }

    /// The stable id, e.g. `"stripe"`.
    pub fn id(self) -> &'static str {
        self.0.id
    }

    /// The ids of every built-in provider.
    pub fn ids() -> Vec<&'static str> {
        Provider::ALL.iter().map(|p| p.id()).collect()
    }

    /// Its schemes, in the order they are tried.
    pub fn schemes(self) -> impl ExactSizeIterator<Item = Scheme> {
        (0..self.scheme_count()).map(move |index| Scheme::of(self, index))
    }

    fn scheme_count(self) -> usize {
        self.0.schemes.len()
    }

    /// Whether a built-in one (from the registry), rather than user-defined.
    pub fn is_builtin(self) -> bool {
        Provider::ALL.contains(&self)
    }

    /// Whether the signature covers the request URL, so that the caller must pass the URL the
    /// provider requested (the public one, not the one behind a proxy).
    pub fn signs_url(self) -> bool {
        self.0.canonicaliser.is_some()
            || self
                .0
                .schemes
                .iter()
                .any(|s| s.signs(crate::spec::Piece::Url))
    }

    /// Every header the provider's verification reads, each once (ASCII case ignored). A
    /// binding that copies headers out of its host language may copy just these: the outcome
    /// is the same, and a huge unrelated header (a cookie) costs nothing.
    pub fn header_names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        let mut add = |name: &'static str| {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
        };
        if let Some(canonicaliser) = self.0.canonicaliser {
            canon::header_names(canonicaliser)
                .iter()
                .for_each(|n| add(n));
        }
        for scheme in self.0.schemes {
            scheme.signature.header.names().for_each(&mut add);
            if let Some(timestamp) = scheme.timestamp
                && let crate::spec::TimestampSource::Header(header) = timestamp.source
            {
                header.names().for_each(&mut add);
            }
            if let Some(id) = &scheme.delivery_id {
                id.names().for_each(&mut add);
            }
            for piece in scheme.signed {
                if let crate::spec::Piece::Header(name) = piece {
                    add(name);
                }
            }
            scheme.requires.iter().for_each(|(name, _)| add(name));
            if let Some((name, _)) = scheme.when {
                add(name);
            }
        }
        names
    }

    /// The default accepted distance between a request's timestamp and now, for providers
    /// whose first scheme has a timestamp. `None` for the others.
    pub fn default_tolerance(self) -> Option<std::time::Duration> {
        self.0
            .schemes
            .iter()
            .find_map(|s| s.timestamp)
            .map(|t| std::time::Duration::from_secs(t.tolerance_secs))
    }

    /// A user-defined provider from its JSON spec (the format `describe` returns; see
    /// `docs/custom-schemes.md`), validated.
    ///
    /// The spec is compiled once per process and kept, like an interned string: the same JSON
    /// again returns the same provider. A process holds at most
    /// [`MAX_CUSTOM_SPECS`](crate::limits::MAX_CUSTOM_SPECS) distinct ones.
    ///
    /// # Errors
    /// [`Error::InvalidScheme`] naming the field at fault.
    pub fn from_json(json: &str) -> Result<Provider, Error> {
        crate::custom::provider_from_json(json)
    }

    /// The spec as JSON, in the format [`Provider::from_json`] reads: handing it back gives a
    /// provider with the same outcomes.
    pub fn describe(self) -> String {
        crate::custom::describe(self)
    }
}

impl PartialEq for Provider {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Provider {}

impl Hash for Provider {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Provider({})", self.id())
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Provider {
    type Err = Error;

    /// Parses a built-in provider's id or alias, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Error> {
        Provider::ALL
            .iter()
            .copied()
            .find(|p| {
                p.id().eq_ignore_ascii_case(name)
                    || p.0.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| Error::UnknownProvider {
                name: name.chars().take(64).collect(),
            })
    }
}

/// One way of signing a request: a provider and the index of one of its schemes.
/// [`Verified::scheme`](crate::Verified::scheme) says which one a request was verified under.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scheme {
    provider: Provider,
    index: u8,
}

impl Scheme {
    /// The provider's scheme numbered `index` (clamped to its last scheme: indexes come from
    /// the registry and canonicalisers, which agree with the spec by construction).
    pub(crate) fn of(provider: Provider, index: usize) -> Scheme {
        let last = provider.scheme_count().saturating_sub(1);
        Scheme {
            provider,
            index: u8::try_from(index.min(last)).unwrap_or(u8::MAX),
        }
    }

    /// Every built-in scheme, provider by provider.
    pub fn all() -> impl Iterator<Item = Scheme> {
        Provider::ALL.iter().flat_map(|p| p.schemes())
    }

    /// The stable id, e.g. `"twilio-form"`.
    pub fn id(self) -> &'static str {
        self.spec().id
    }

    /// The provider that uses this scheme.
    pub fn provider(self) -> Provider {
        self.provider
    }

    /// Its position among the provider's schemes.
    pub fn index(self) -> usize {
        usize::from(self.index)
    }

    /// The spec.
    pub fn spec(self) -> &'static SchemeSpec {
        // `of` keeps the index in range, and a spec without schemes is refused when it is built.
        let schemes = self.provider.0.schemes;
        schemes
            .get(usize::from(self.index))
            .or(schemes.last())
            .unwrap_or(&crate::registry::NO_SCHEME)
    }
}

impl fmt::Debug for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scheme({})", self.id())
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Scheme {
    type Err = Error;

    /// Parses a built-in scheme id, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Error> {
        Scheme::all()
            .find(|s| s.id().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "unknown scheme {:?}; expected one of: {}",
                    name.chars().take(64).collect::<String>(),
                    Scheme::all().map(Scheme::id).collect::<Vec<_>>().join(", ")
                ))
            })
    }
}
