//! Bounds on the work done for one request, so hostile input stays cheap to reject.
//!
//! Hashing is linear in the body, so the body itself is not bounded here: bound it where the
//! body is read (the web server or framework). Everything else the verifier parses is.

/// The longest header value read (signatures, nonces, timestamps, settings): 8 KiB. Real
/// values are under 200 bytes; a longer one is `malformed_header`.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// The most signatures taken from one header (repeats and comma-separated parts together).
pub const MAX_SIGNATURE_CANDIDATES: usize = 16;

/// The most secrets one verifier holds (for rotation).
pub const MAX_SECRETS: usize = 16;

/// The longest URL accepted: 16 KiB; a longer one is `invalid_url`.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// The most fields parsed from a form body or a query string; more is `invalid_body`
/// (or `invalid_url`). Real deliveries carry under a hundred.
pub const MAX_FORM_FIELDS: usize = 1024;

/// The most distinct custom specs one process compiles ([`Provider::from_json`]); each is kept
/// for the life of the process, so a program that builds them from request data is refused
/// instead of growing without bound.
///
/// [`Provider::from_json`]: crate::Provider::from_json
pub const MAX_CUSTOM_SPECS: usize = 1024;

/// The most pieces a scheme's template holds (`signed`); a custom spec with more is refused.
pub const MAX_TEMPLATE_PIECES: usize = 32;
