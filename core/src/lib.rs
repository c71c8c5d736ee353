#![doc = include_str!("../../README.md")]

mod cache;
mod canon;
mod custom;
mod encoding;
mod engine;
mod error;
mod form;
mod json_pointer;
pub mod limits;
mod mac;
mod provider;
mod public_url;
pub mod registry;
mod request;
pub mod seconds;
mod secret;
pub mod spec;
pub mod target;
mod url;
mod verified;
mod verifier;
mod window;

pub use error::{Error, ErrorCode};
pub use provider::{Provider, Scheme};
pub use public_url::{PublicBase, UrlPolicy};
pub use request::Request;
pub use verified::{Coverage, Verified};
pub use verifier::{SignOptions, Signed, Verifier, sign, verify};

/// Header names, one module per provider.
pub mod headers {
    /// SignalWire.
    pub mod signalwire {
        pub use crate::canon::signalwire::{
            SHA256_SIGNATURE_HEADER, SIGNATURE_HEADER, TWILIO_SIGNATURE_HEADER,
        };
    }
    /// Twilio.
    pub mod twilio {
        pub use crate::canon::twilio::{BODY_SHA256_PARAM, SETTINGS_HEADER, SIGNATURE_HEADER};
    }
    /// Plivo.
    pub mod plivo {
        pub use crate::canon::plivo::{
            V2_MA_SIGNATURE_HEADER, V2_NONCE_HEADER, V2_SIGNATURE_HEADER, V3_MA_SIGNATURE_HEADER,
            V3_NONCE_HEADER, V3_SIGNATURE_HEADER,
        };
    }
    /// The forwarding headers [`UrlPolicy::TrustForwarded`](crate::UrlPolicy::TrustForwarded)
    /// reads.
    pub mod proxy {
        pub use crate::public_url::{
            FORWARDED_HEADER, FORWARDING_HEADERS, X_FORWARDED_HOST_HEADER, X_FORWARDED_PORT_HEADER,
            X_FORWARDED_PROTO_HEADER,
        };
    }
}
