//! The registry: every built-in provider as compiled-in `const` data, run by one
//! engine (`engine.rs`). Adding a typical HMAC provider is one entry here (with a doc comment
//! naming its source), its vectors and its SDK cross-check; nothing else names providers.
//!
//! Each entry's Decisions (where SDKs disagree or are unsafe) are in `docs/providers.md`.
//! Common to all: windows are symmetric and inclusive, every entry of a list is tried,
//! version labels are checked, and a timestamp is checked whenever the scheme has one.

use crate::Provider;
use crate::canon::{plivo, signalwire, twilio};
use crate::spec::Algorithm::{HmacSha1, HmacSha256, HmacSha512, Sha256};
use crate::spec::Encoding::{Base64, Hex};
use crate::spec::Format::{Bare, Kv, Prefix, Versioned};
use crate::spec::InMac::{Integer, Verbatim};
use crate::spec::Piece::{Body, DeliveryId, Literal, Method, Secret, Timestamp, Url as UrlPiece};
use crate::spec::TimeUnit::{Millis, Rfc3339, Seconds};
use crate::spec::TimestampSource::{Field, Header as TsHeader, Json};
use crate::spec::{
    Canonicaliser, DedupeSource, Encoding, HeaderSpec, KeyDecoding, ProviderSpec, SchemeSpec,
    SignatureSpec, TimestampSpec,
};

/// What [`Scheme::spec`](crate::Scheme::spec) answers for a spec without schemes, which is
/// never built (the registry has none, and user specs are validated).
pub(crate) static NO_SCHEME: SchemeSpec =
    SchemeSpec::new("", signature("", Bare, Hex, HmacSha256), &[]);

const fn signature(
    header: &'static str,
    format: crate::spec::Format,
    encoding: Encoding,
    algorithm: crate::spec::Algorithm,
) -> SignatureSpec {
    SignatureSpec {
        header: HeaderSpec::named(header),
        format,
        encoding,
        algorithm,
    }
}

const fn timestamp(
    source: crate::spec::TimestampSource,
    unit: crate::spec::TimeUnit,
    tolerance_secs: u64,
) -> Option<TimestampSpec> {
    Some(TimestampSpec {
        source,
        unit,
        tolerance_secs,
        in_mac: Verbatim,
    })
}

const fn provider(
    id: &'static str,
    schemes: &'static [SchemeSpec],
    dedupe: Option<DedupeSource>,
    source: &'static str,
) -> ProviderSpec {
    ProviderSpec {
        id,
        aliases: &[],
        schemes,
        canonicaliser: None,
        dedupe,
        secret_hint: "",
        source,
    }
}

/// Makes each registry `static` (one address, so handles compare by pointer) a named
/// constant of [`Provider`] and an entry of [`Provider::ALL`].
macro_rules! providers {
    ($($name:ident),* $(,)?) => {
        impl Provider {
            $(
                #[doc = concat!("The built-in provider `", stringify!($name), "` (see [`registry`](crate::registry)).")]
                pub const $name: Provider = Provider(&$name);
            )*

            /// Every built-in provider: the five seeds, then the rest by id.
            pub const ALL: &'static [Provider] = &[$(Provider::$name),*];
        }
    };
}

/// Retell AI: `X-Retell-Signature: v=<unix ms>,d=<hex HMAC-SHA256(body ‖ v)>`, ±300 s.
static RETELL: ProviderSpec = ProviderSpec {
    secret_hint: "the Retell API key that has the webhook badge",
    ..provider(
        "retell",
        &[SchemeSpec {
            timestamp: Some(TimestampSpec {
                source: Field("v"),
                unit: Millis,
                tolerance_secs: 300,
                in_mac: Integer,
            }),
            ..SchemeSpec::new(
                "retell",
                signature(
                    "X-Retell-Signature",
                    Kv {
                        separator: ",",
                        signature_keys: &["d"],
                        timestamp_key: Some("v"),
                        strict: true,
                    },
                    Hex,
                    HmacSha256,
                ),
                &[Body, Timestamp],
            )
        }],
        Some(DedupeSource::BodySha256),
        "retell-sdk (PyPI 6.2.13, npm 5.66.1) lib/webhook_auth",
    )
};

/// SignalWire: hex HMAC over URL ‖ body (JSON posts), or Twilio's scheme (compatibility).
static SIGNALWIRE: ProviderSpec = ProviderSpec {
    secret_hint: "the project's Signing Key (each project has its own)",
    canonicaliser: Some(Canonicaliser::SignalWire),
    ..provider(
        "signalwire",
        &[
            SchemeSpec::new(
                "signalwire-json",
                signature(signalwire::SIGNATURE_HEADER, Bare, Hex, HmacSha1),
                &[UrlPiece, Body],
            ),
            SchemeSpec::new(
                "signalwire-json-sha256",
                signature(signalwire::SHA256_SIGNATURE_HEADER, Bare, Hex, HmacSha256),
                &[UrlPiece, Body],
            ),
            SchemeSpec::new(
                "signalwire-form",
                signature(signalwire::SIGNATURE_HEADER, Bare, Base64, HmacSha1),
                &[UrlPiece, Body],
            ),
            SchemeSpec::new(
                "signalwire-body-sha256",
                signature(signalwire::SIGNATURE_HEADER, Bare, Base64, HmacSha1),
                &[UrlPiece, Body],
            ),
        ],
        Some(DedupeSource::BodySha256),
        "signalwire-sdk (PyPI 3.7.5) webhook_middleware; signalwire 2.1.1; @signalwire/compatibility-api",
    )
};

/// Twilio: base64 HMAC-SHA1 over URL ‖ sorted form params, or over a URL with `bodySHA256`.
static TWILIO: ProviderSpec = ProviderSpec {
    secret_hint: "the Auth Token of the account that owns the number (a subaccount has its own)",
    canonicaliser: Some(Canonicaliser::Twilio),
    ..provider(
        "twilio",
        &[
            SchemeSpec::new(
                "twilio-form",
                signature(twilio::SIGNATURE_HEADER, Bare, Base64, HmacSha1),
                &[UrlPiece, Body],
            ),
            SchemeSpec::new(
                "twilio-body-sha256",
                signature(twilio::SIGNATURE_HEADER, Bare, Base64, HmacSha1),
                &[UrlPiece, Body],
            ),
        ],
        Some(DedupeSource::Header("I-Twilio-Idempotency-Token")),
        "twilio (PyPI 9.13.0) request_validator; twilio (npm 6.2.0) webhooks",
    )
};

/// Plivo: V3 (URL, sorted query and params, nonce) or V2 (URL ‖ nonce), base64 HMAC-SHA256.
static PLIVO: ProviderSpec = ProviderSpec {
    secret_hint: "the Auth Token of the account or subaccount (the -Ma- headers use the main account's)",
    canonicaliser: Some(Canonicaliser::Plivo),
    ..provider(
        "plivo",
        &[
            SchemeSpec::new(
                "plivo-v3",
                signature(plivo::V3_SIGNATURE_HEADER, Bare, Base64, HmacSha256),
                &[UrlPiece, Body],
            ),
            SchemeSpec::new(
                "plivo-v2",
                signature(plivo::V2_SIGNATURE_HEADER, Bare, Base64, HmacSha256),
                &[UrlPiece],
            ),
        ],
        Some(DedupeSource::Header(plivo::V3_NONCE_HEADER)),
        "plivo (PyPI 4.63.0) utils/signature_v3; plivo (npm 4.79.0)",
    )
};

/// Ranked AI: `X-Webhook-Signature: sha256=<hex HMAC-SHA256(body)>` keyed with the whole
/// `whsec_…` secret; `X-Webhook-Timestamp` (seconds) is checked but not signed.
static RANKED: ProviderSpec = ProviderSpec {
    secret_hint: "the endpoint's webhook secret, whsec_ prefix included",
    ..provider(
        "ranked",
        &[SchemeSpec {
            timestamp: timestamp(
                TsHeader(HeaderSpec::named("X-Webhook-Timestamp")),
                Seconds,
                300,
            ),
            key: KeyDecoding::RequirePrefix("whsec_"),
            ..SchemeSpec::new(
                "ranked",
                signature("X-Webhook-Signature", Prefix("sha256="), Hex, HmacSha256),
                &[Body],
            )
        }],
        Some(DedupeSource::BodySha256),
        "Ranked AI webhook docs (no SDK)",
    )
};

/// Bitbucket Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`, sent only
/// when the webhook has a secret; Atlassian's docs give a test vector (in the oracle).
static BITBUCKET: ProviderSpec = provider(
    "bitbucket",
    &[SchemeSpec::new(
        "bitbucket",
        signature("X-Hub-Signature", Prefix("sha256="), Hex, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Header("X-Request-UUID")),
    "support.atlassian.com/bitbucket-cloud/docs/manage-webhooks (secure webhooks); no official SDK verifier",
);

/// `box`: `BOX-SIGNATURE-PRIMARY or BOX-SIGNATURE-SECONDARY: <base64>` over `{body}{t}`,
/// HMAC-SHA256; timestamp: signed `BOX-DELIVERY-TIMESTAMP` (RFC 3339), ±600 s.
/// Decisions: docs/providers.md.
static BOX: ProviderSpec = provider(
    "box",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("BOX-DELIVERY-TIMESTAMP")),
            Rfc3339,
            600,
        ),
        requires: &[
            ("BOX-SIGNATURE-VERSION", "1"),
            ("BOX-SIGNATURE-ALGORITHM", "HmacSHA256"),
        ],
        ..SchemeSpec::new(
            "box",
            SignatureSpec {
                header: HeaderSpec {
                    name: "BOX-SIGNATURE-PRIMARY",
                    alternates: &["BOX-SIGNATURE-SECONDARY"],
                },
                ..signature("BOX-SIGNATURE-PRIMARY", Bare, Base64, HmacSha256)
            },
            &[Body, Timestamp],
        )
    }],
    Some(DedupeSource::Header("BOX-DELIVERY-ID")),
    "box-sdk-gen 1.17.0 box_sdk_gen/managers/webhooks.py validate_message, internal/utils.py compute_webhook_signature; box-node-sdk 10.12.0 lib/managers/webhooks.js",
);

/// `calendly`: `Calendly-Webhook-Signature: t=<t>,v1=<hex>` over `{t}.{body}`, HMAC-SHA256;
/// timestamp: signed `t=` (Unix s), ±180 s.
/// Decisions: docs/providers.md.
static CALENDLY: ProviderSpec = provider(
    "calendly",
    &[SchemeSpec {
        timestamp: timestamp(Field("t"), Seconds, 180),
        ..SchemeSpec::new(
            "calendly",
            signature(
                "Calendly-Webhook-Signature",
                Kv {
                    separator: ",",
                    signature_keys: &["v1"],
                    timestamp_key: Some("t"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::BodySha256),
    "developer.calendly.com webhook-signatures docs (180 s), via the research note [S]; no official SDK verifies (PyPI calendly is a 2019 community package)",
);

/// `clerk`: `svix-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `svix-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static CLERK: ProviderSpec = provider(
    "clerk",
    &[SchemeSpec {
        timestamp: timestamp(TsHeader(HeaderSpec::named("svix-timestamp")), Seconds, 300),
        delivery_id: Some(HeaderSpec {
            name: "svix-id",
            alternates: &[],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "clerk",
            signature(
                "svix-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("svix-id")),
    "npm @clerk/backend 3.25.0 packages/backend/src/webhooks.ts verifyWebhook (reads svix-* trimmed, verifies with standardwebhooks); no Python SDK verifier checked",
);

/// `coinbase-commerce`: `X-CC-Webhook-Signature: <hex>` over `{body}`, HMAC-SHA256; timestamp:
/// none.
/// Decisions: docs/providers.md.
static COINBASE_COMMERCE: ProviderSpec = provider(
    "coinbase-commerce",
    &[SchemeSpec::new(
        "coinbase-commerce",
        signature("X-CC-Webhook-Signature", Bare, Hex, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Json("/event/id")),
    "coinbase-commerce-python 1.0.1 coinbase_commerce/webhook.py (Webhook.construct_event, WebhookSignature); coinbase-commerce-node 1.0.4 lib/Webhook.js verifyEventBody",
);

/// `elevenlabs`: `ElevenLabs-Signature: t=<t>,v0=<hex>` over `{t}.{body}`, HMAC-SHA256;
/// timestamp: signed `t=` (Unix s), ±1800 s.
/// Decisions: docs/providers.md.
static ELEVENLABS: ProviderSpec = provider(
    "elevenlabs",
    &[SchemeSpec {
        timestamp: timestamp(Field("t"), Seconds, 1800),
        ..SchemeSpec::new(
            "elevenlabs",
            signature(
                "ElevenLabs-Signature",
                Kv {
                    separator: ",",
                    signature_keys: &["v0"],
                    timestamp_key: Some("t"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::BodySha256),
    "PyPI elevenlabs 2.78.0 src/elevenlabs/webhooks_custom.py construct_event; npm @elevenlabs/elevenlabs-js 2.73.0 src/wrapper/webhooks.ts constructEvent",
);

/// `github`: `X-Hub-Signature-256: sha256=<hex>` over `{body}`, HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static GITHUB: ProviderSpec = provider(
    "github",
    &[SchemeSpec::new(
        "github",
        signature("X-Hub-Signature-256", Prefix("sha256="), Hex, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Header("X-GitHub-Delivery")),
    "@octokit/webhooks-methods 6.0.0 (sign/verify/verifyWithFallback); GitHub docs 'Validating webhook deliveries' (test vector 757107ea...)",
);

/// `hubspot`: `X-HubSpot-Signature-v3: <base64>` over `{method}{url}{body}{t}`, HMAC-SHA256;
/// timestamp: signed `X-HubSpot-Request-Timestamp` (Unix ms), ±300 s; `X-HubSpot-Signature:
/// <hex>` over `{secret}{method}{url}{body}`, SHA-256 (secret in the bytes); timestamp: none;
/// `X-HubSpot-Signature: <hex>` over `{secret}{body}`, SHA-256 (secret in the bytes);
/// timestamp: none.
/// Decisions: docs/providers.md.
static HUBSPOT: ProviderSpec = provider(
    "hubspot",
    &[
        SchemeSpec {
            timestamp: timestamp(
                TsHeader(HeaderSpec::named("X-HubSpot-Request-Timestamp")),
                Millis,
                300,
            ),
            ..SchemeSpec::new(
                "hubspot-v3",
                signature("X-HubSpot-Signature-v3", Bare, Base64, HmacSha256),
                &[Method, UrlPiece, Body, Timestamp],
            )
        },
        SchemeSpec {
            when: Some(("X-HubSpot-Signature-Version", "v2")),
            ..SchemeSpec::new(
                "hubspot-v2",
                signature("X-HubSpot-Signature", Bare, Hex, Sha256),
                &[Secret, Method, UrlPiece, Body],
            )
        },
        SchemeSpec {
            when: Some(("X-HubSpot-Signature-Version", "v1")),
            ..SchemeSpec::new(
                "hubspot-v1",
                signature("X-HubSpot-Signature", Bare, Hex, Sha256),
                &[Secret, Body],
            )
        },
    ],
    Some(DedupeSource::BodySha256),
    "hubspot-api-client 12.0.0 hubspot/utils/signature.py; @hubspot/api-client 13.5.0 lib/src/utils/signature.js",
);

/// `intercom`: `X-Hub-Signature: sha1=<hex>` over `{body}`, HMAC-SHA1; timestamp: none.
/// Decisions: docs/providers.md.
static INTERCOM: ProviderSpec = provider(
    "intercom",
    &[SchemeSpec::new(
        "intercom",
        signature("X-Hub-Signature", Prefix("sha1="), Hex, HmacSha1),
        &[Body],
    )],
    Some(DedupeSource::Json("/id")),
    "Intercom developer docs (webhooks: X-Hub-Signature sha1= HMAC-SHA1 of the body with client_secret); research note section D",
);

/// `lemonsqueezy`: `X-Signature: <hex>` over `{body}`, HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static LEMONSQUEEZY: ProviderSpec = ProviderSpec {
    aliases: &["lemon-squeezy"],
    ..provider(
        "lemonsqueezy",
        &[SchemeSpec::new(
            "lemonsqueezy",
            signature("X-Signature", Bare, Hex, HmacSha256),
            &[Body],
        )],
        Some(DedupeSource::BodySha256),
        "docs.lemonsqueezy.com/help/webhooks signing requests (via the research note: webhook-verify, verihook); @lemonsqueezy/lemonsqueezy.js 4.0.0 has no verifier (checked in its dist)",
    )
};

/// `line`: `x-line-signature: <base64>` over `{body}`, HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static LINE: ProviderSpec = provider(
    "line",
    &[SchemeSpec::new(
        "line",
        signature("x-line-signature", Bare, Base64, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Json("/events/0/webhookEventId")),
    "line-bot-sdk-python 3.27.0 linebot/v3/webhook.py SignatureValidator; @line/bot-sdk 11.0.0 dist/cjs/validate-signature.js",
);

/// `linear`: `Linear-Signature: <hex>` over `{body}`, HMAC-SHA256; timestamp: signed body
/// `/webhookTimestamp` (Unix ms), ±60 s.
/// Decisions: docs/providers.md.
static LINEAR: ProviderSpec = provider(
    "linear",
    &[SchemeSpec {
        timestamp: timestamp(Json("/webhookTimestamp"), Millis, 60),
        ..SchemeSpec::new(
            "linear",
            signature("Linear-Signature", Bare, Hex, HmacSha256),
            &[Body],
        )
    }],
    Some(DedupeSource::Header("Linear-Delivery")),
    "@linear/sdk 98.0.0 dist/webhooks-BtY8wrj8.mjs LinearWebhookClient.verify",
);

/// `meta`: `X-Hub-Signature-256: sha256=<hex>` over `{body}`, HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static META: ProviderSpec = ProviderSpec {
    aliases: &["facebook", "instagram", "messenger", "whatsapp"],
    ..provider(
        "meta",
        &[SchemeSpec::new(
            "meta",
            signature("X-Hub-Signature-256", Prefix("sha256="), Hex, HmacSha256),
            &[Body],
        )],
        Some(DedupeSource::BodySha256),
        "Meta Graph API webhooks docs (Validating payloads: X-Hub-Signature-256, app secret); no official SDK verifier",
    )
};

/// `mux`: `Mux-Signature: t=<t>,v1=<hex>` over `{t}.{body}`, HMAC-SHA256; timestamp: signed
/// `t=` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static MUX: ProviderSpec = provider(
    "mux",
    &[SchemeSpec {
        timestamp: timestamp(Field("t"), Seconds, 300),
        ..SchemeSpec::new(
            "mux",
            signature(
                "Mux-Signature",
                Kv {
                    separator: ",",
                    signature_keys: &["v1"],
                    timestamp_key: Some("t"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Json("/id")),
    "npm @mux/mux-node 15.3.0 src/resources/webhooks/webhooks.ts verifySignature (PyPI mux-python 5.1.2 has no webhook verifier)",
);

/// `openai`: `webhook-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `webhook-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static OPENAI: ProviderSpec = provider(
    "openai",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("webhook-timestamp")),
            Seconds,
            300,
        ),
        delivery_id: Some(HeaderSpec {
            name: "webhook-id",
            alternates: &[],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "openai",
            signature(
                "webhook-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("webhook-id")),
    "openai-python src/openai/lib/_webhooks.py webhook_signature_matches (PyPI openai 3.63.0); openai-node src/resources/webhooks/webhooks.ts verifySignature (npm openai 6.49.0, newest on Node 20)",
);

/// `paddle`: `Paddle-Signature: ts=<t>;h1=<hex>` over `{t}:{body}`, HMAC-SHA256; timestamp:
/// signed `ts=` (Unix s), ±5 s.
/// Decisions: docs/providers.md.
static PADDLE: ProviderSpec = provider(
    "paddle",
    &[SchemeSpec {
        timestamp: timestamp(Field("ts"), Seconds, 5),
        ..SchemeSpec::new(
            "paddle",
            signature(
                "Paddle-Signature",
                Kv {
                    separator: ";",
                    signature_keys: &["h1"],
                    timestamp_key: Some("ts"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal(":"), Body],
        )
    }],
    Some(DedupeSource::Json("/event_id")),
    "PyPI paddle-python-sdk 1.16.1 paddle_billing/Notifications/{Verifier,PaddleSignature}.py; npm @paddle/paddle-node-sdk 3.10.0 src/notifications/helpers/webhooks-validator.ts",
);

/// `paystack`: `x-paystack-signature: <hex>` over `{body}`, HMAC-SHA512; timestamp: none.
/// Decisions: docs/providers.md.
static PAYSTACK: ProviderSpec = provider(
    "paystack",
    &[SchemeSpec::new(
        "paystack",
        signature("x-paystack-signature", Bare, Hex, HmacSha512),
        &[Body],
    )],
    Some(DedupeSource::BodySha256),
    "paystack.com/docs/payments/webhooks/#verify-event-origin (via the research note); no official SDK verifier (@paystack/paystack-sdk 1.2.1 is an API client)",
);

/// `polar`: `webhook-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `webhook-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static POLAR: ProviderSpec = provider(
    "polar",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("webhook-timestamp")),
            Seconds,
            300,
        ),
        delivery_id: Some(HeaderSpec {
            name: "webhook-id",
            alternates: &[],
        }),
        ..SchemeSpec::new(
            "polar",
            signature(
                "webhook-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("webhook-id")),
    "PyPI polar-sdk 1.0.2 polar/webhooks.py _verify_signature/_signing_keys; npm @polar-sh/sdk 0.49.0 (newest on Node 20; 1.x needs Node >= 22) src/webhooks.ts validateEvent (base64-encodes the whole secret, then standardwebhooks)",
);

/// `razorpay`: `X-Razorpay-Signature: <hex>` over `{body}`, HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static RAZORPAY: ProviderSpec = provider(
    "razorpay",
    &[SchemeSpec::new(
        "razorpay",
        signature("X-Razorpay-Signature", Bare, Hex, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Header("x-razorpay-event-id")),
    "razorpay-python 2.0.1 razorpay/utility/utility.py verify_webhook_signature; razorpay-node 2.9.8 dist/utils/razorpay-utils.js validateWebhookSignature",
);

/// `replicate`: `webhook-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256;
/// timestamp: signed `webhook-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static REPLICATE: ProviderSpec = provider(
    "replicate",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("webhook-timestamp")),
            Seconds,
            300,
        ),
        delivery_id: Some(HeaderSpec {
            name: "webhook-id",
            alternates: &[],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "replicate",
            signature(
                "webhook-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("webhook-id")),
    "npm replicate 1.4.0 lib/util.js validateWebhook; PyPI replicate 1.0.7 replicate/webhook.py Webhooks.validate",
);

/// `resend`: `svix-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `svix-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static RESEND: ProviderSpec = provider(
    "resend",
    &[SchemeSpec {
        timestamp: timestamp(TsHeader(HeaderSpec::named("svix-timestamp")), Seconds, 300),
        delivery_id: Some(HeaderSpec {
            name: "svix-id",
            alternates: &[],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "resend",
            signature(
                "svix-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("svix-id")),
    "npm resend 6.38.0 src/webhooks/webhooks.ts (maps {id,timestamp,signature} onto standardwebhooks); PyPI resend 2.52.0 resend/webhooks/_webhooks.py (own implementation); Resend sends svix-* headers",
);

/// `shopify`: `X-Shopify-Hmac-Sha256 or shopify-hmac-sha256: <base64>` over `{body}`,
/// HMAC-SHA256; timestamp: none.
/// Decisions: docs/providers.md.
static SHOPIFY: ProviderSpec = provider(
    "shopify",
    &[SchemeSpec::new(
        "shopify",
        SignatureSpec {
            header: HeaderSpec {
                name: "X-Shopify-Hmac-Sha256",
                alternates: &["shopify-hmac-sha256"],
            },
            ..signature("X-Shopify-Hmac-Sha256", Bare, Base64, HmacSha256)
        },
        &[Body],
    )],
    Some(DedupeSource::Header("X-Shopify-Webhook-Id")),
    "@shopify/shopify-api 13.1.0 dist/cjs/lib/webhooks/validate.js, lib/utils/hmac-validator.js",
);

/// `slack`: `X-Slack-Signature: v0=<hex>` over `v0:{t}:{body}`, HMAC-SHA256; timestamp: signed
/// `X-Slack-Request-Timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static SLACK: ProviderSpec = provider(
    "slack",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("X-Slack-Request-Timestamp")),
            Seconds,
            300,
        ),
        ..SchemeSpec::new(
            "slack",
            signature("X-Slack-Signature", Prefix("v0="), Hex, HmacSha256),
            &[Literal("v0:"), Timestamp, Literal(":"), Body],
        )
    }],
    Some(DedupeSource::Json("/event_id")),
    "slack-sdk 3.48.0 slack_sdk/signature/__init__.py (SignatureVerifier); @slack/bolt 5.1.0 dist/receivers/verify-request.js",
);

/// `square`: `x-square-hmacsha256-signature: <base64>` over `{url}{body}`, HMAC-SHA256;
/// timestamp: none.
/// Decisions: docs/providers.md.
static SQUARE: ProviderSpec = provider(
    "square",
    &[SchemeSpec::new(
        "square",
        signature("x-square-hmacsha256-signature", Bare, Base64, HmacSha256),
        &[UrlPiece, Body],
    )],
    Some(DedupeSource::Json("/event_id")),
    "squareup 46.0.0.20260916 square/utils/webhooks_helper.py verify_signature; square (npm) 46.0.0 wrapper/WebhooksHelper.js",
);

/// `standard-webhooks`: `webhook-signature: v1,<base64> …` over `{id}.{t}.{body}`, HMAC-SHA256;
/// timestamp: signed `webhook-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static STANDARD_WEBHOOKS: ProviderSpec = provider(
    "standard-webhooks",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("webhook-timestamp")),
            Seconds,
            300,
        ),
        delivery_id: Some(HeaderSpec {
            name: "webhook-id",
            alternates: &[],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "standard-webhooks",
            signature(
                "webhook-signature",
                Versioned {
                    separator: " ",
                    version_separator: ",",
                    versions: &["v1"],
                },
                Base64,
                HmacSha256,
            ),
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("webhook-id")),
    "standard-webhooks/standard-webhooks libraries/python/standardwebhooks/webhooks.py (PyPI standardwebhooks 1.3.0) and libraries/javascript/src/index.ts (npm standardwebhooks 1.3.0); spec/standard-webhooks.md",
);

/// `stripe`: `Stripe-Signature: t=<t>,v1=<hex>` over `{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `t=` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static STRIPE: ProviderSpec = provider(
    "stripe",
    &[SchemeSpec {
        timestamp: timestamp(Field("t"), Seconds, 300),
        ..SchemeSpec::new(
            "stripe",
            signature(
                "Stripe-Signature",
                Kv {
                    separator: ",",
                    signature_keys: &["v1"],
                    timestamp_key: Some("t"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Json("/id")),
    "stripe-python stripe/_webhook.py WebhookSignature.verify_header (PyPI stripe 16.1.0); stripe-node src/Webhooks.ts constructEvent (npm stripe 23.2.0)",
);

/// `svix`: `svix-signature or webhook-signature: v1,<base64> …` over `{id}.{t}.{body}`,
/// HMAC-SHA256; timestamp: signed `svix-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static SVIX: ProviderSpec = provider(
    "svix",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec {
                name: "svix-timestamp",
                alternates: &["webhook-timestamp"],
            }),
            Seconds,
            300,
        ),
        delivery_id: Some(HeaderSpec {
            name: "svix-id",
            alternates: &["webhook-id"],
        }),
        key: KeyDecoding::WhsecBase64,
        ..SchemeSpec::new(
            "svix",
            SignatureSpec {
                header: HeaderSpec {
                    name: "svix-signature",
                    alternates: &["webhook-signature"],
                },
                ..signature(
                    "svix-signature",
                    Versioned {
                        separator: " ",
                        version_separator: ",",
                        versions: &["v1"],
                    },
                    Base64,
                    HmacSha256,
                )
            },
            &[DeliveryId, Literal("."), Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Header("svix-id")),
    "svix/svix-webhooks python/svix/webhooks.py (PyPI svix 2.9.1) and javascript/src/webhook.ts (npm svix 1.99.1, the newest on Node 20): wrappers of standardwebhooks preferring svix-* over webhook-*",
);

/// `twitch`: `Twitch-Eventsub-Message-Signature: sha256=<hex>` over `{id}{t}{body}`,
/// HMAC-SHA256; timestamp: signed `Twitch-Eventsub-Message-Timestamp` (RFC 3339), ±600 s.
/// Decisions: docs/providers.md.
static TWITCH: ProviderSpec = provider(
    "twitch",
    &[SchemeSpec {
        delivery_id: Some(HeaderSpec::named("Twitch-Eventsub-Message-Id")),
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("Twitch-Eventsub-Message-Timestamp")),
            Rfc3339,
            600,
        ),
        ..SchemeSpec::new(
            "twitch",
            signature(
                "Twitch-Eventsub-Message-Signature",
                Prefix("sha256="),
                Hex,
                HmacSha256,
            ),
            &[DeliveryId, Timestamp, Body],
        )
    }],
    Some(DedupeSource::Header("Twitch-Eventsub-Message-Id")),
    "dev.twitch.tv/docs/eventsub/handling-webhook-events (HMAC of id + timestamp + body); @twurple/eventsub-http 8.1.4 (community) EventSubHttpBase._verifyData",
);

/// `typeform`: `Typeform-Signature: sha256=<base64>` over `{body}`, HMAC-SHA256; timestamp:
/// none.
/// Decisions: docs/providers.md.
static TYPEFORM: ProviderSpec = provider(
    "typeform",
    &[SchemeSpec::new(
        "typeform",
        signature("Typeform-Signature", Prefix("sha256="), Base64, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Json("/event_id")),
    "typeform.com/developers/webhooks/secure-your-webhooks (via the research note; no official SDK verifier: @typeform/api-client is an API client)",
);

/// `vercel`: `x-vercel-signature: <hex>` over `{body}`, HMAC-SHA1; timestamp: none.
/// Decisions: docs/providers.md.
static VERCEL: ProviderSpec = provider(
    "vercel",
    &[SchemeSpec::new(
        "vercel",
        signature("x-vercel-signature", Bare, Hex, HmacSha1),
        &[Body],
    )],
    Some(DedupeSource::Json("/id")),
    "vercel.com/docs webhooks securing (via the research note); no official verifier (@vercel/sdk is an API client)",
);

/// `webflow`: `x-webflow-signature: <hex>` over `{t}:{body}`, HMAC-SHA256; timestamp: signed
/// `x-webflow-timestamp` (Unix ms), ±300 s.
/// Decisions: docs/providers.md.
static WEBFLOW: ProviderSpec = provider(
    "webflow",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("x-webflow-timestamp")),
            Millis,
            300,
        ),
        ..SchemeSpec::new(
            "webflow",
            signature("x-webflow-signature", Bare, Hex, HmacSha256),
            &[Timestamp, Literal(":"), Body],
        )
    }],
    Some(DedupeSource::BodySha256),
    "webflow-api 3.3.4 wrapper/WebhooksClient.js verifySignature; developers.webflow.com working-with-webhooks#validating-request-signatures",
);

/// `woocommerce`: `X-WC-Webhook-Signature: <base64>` over `{body}`, HMAC-SHA256; timestamp:
/// none.
/// Decisions: docs/providers.md.
static WOOCOMMERCE: ProviderSpec = provider(
    "woocommerce",
    &[SchemeSpec::new(
        "woocommerce",
        signature("X-WC-Webhook-Signature", Bare, Base64, HmacSha256),
        &[Body],
    )],
    Some(DedupeSource::Header("X-WC-Webhook-Delivery-ID")),
    "woocommerce includes/class-wc-webhook.php generate_signature (base64(hash_hmac('sha256', payload, wp_specialchars_decode(secret, ENT_QUOTES), true))) and deliver_ping",
);

/// `workos`: `WorkOS-Signature: t=<t>, v1=<hex>` over `{t}.{body}`, HMAC-SHA256; timestamp:
/// signed `t=` (Unix ms), ±180 s.
/// Decisions: docs/providers.md.
static WORKOS: ProviderSpec = provider(
    "workos",
    &[SchemeSpec {
        timestamp: timestamp(Field("t"), Millis, 180),
        ..SchemeSpec::new(
            "workos",
            signature(
                "WorkOS-Signature",
                Kv {
                    separator: ", ",
                    signature_keys: &["v1"],
                    timestamp_key: Some("t"),
                    strict: false,
                },
                Hex,
                HmacSha256,
            ),
            &[Timestamp, Literal("."), Body],
        )
    }],
    Some(DedupeSource::Json("/id")),
    "PyPI workos 10.8.0 src/workos/webhooks/_resource.py verify_header; npm @workos-inc/node 8.13.0 (newest on Node 20; 12.x needs Node >= 22.11) src/common/crypto/signature-provider.ts",
);

/// `zoom`: `x-zm-signature: v0=<hex>` over `v0:{t}:{body}`, HMAC-SHA256; timestamp: signed
/// `x-zm-request-timestamp` (Unix s), ±300 s.
/// Decisions: docs/providers.md.
static ZOOM: ProviderSpec = provider(
    "zoom",
    &[SchemeSpec {
        timestamp: timestamp(
            TsHeader(HeaderSpec::named("x-zm-request-timestamp")),
            Seconds,
            300,
        ),
        ..SchemeSpec::new(
            "zoom",
            signature("x-zm-signature", Prefix("v0="), Hex, HmacSha256),
            &[Literal("v0:"), Timestamp, Literal(":"), Body],
        )
    }],
    Some(DedupeSource::BodySha256),
    "@zoom/rivet 0.4.0 accounts/accounts.cjs CommonHttpRequest.isEventVerified; Zoom docs (v0:{ts}:{body}); research note section C",
);

providers! {
    RETELL,
    SIGNALWIRE,
    TWILIO,
    PLIVO,
    RANKED,
    BITBUCKET,
    BOX,
    CALENDLY,
    CLERK,
    COINBASE_COMMERCE,
    ELEVENLABS,
    GITHUB,
    HUBSPOT,
    INTERCOM,
    LEMONSQUEEZY,
    LINE,
    LINEAR,
    META,
    MUX,
    OPENAI,
    PADDLE,
    PAYSTACK,
    POLAR,
    RAZORPAY,
    REPLICATE,
    RESEND,
    SHOPIFY,
    SLACK,
    SQUARE,
    STANDARD_WEBHOOKS,
    STRIPE,
    SVIX,
    TWITCH,
    TYPEFORM,
    VERCEL,
    WEBFLOW,
    WOOCOMMERCE,
    WORKOS,
    ZOOM,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_scheme_ids_are_unique_and_lowercase() {
        let mut ids: Vec<&str> = Vec::new();
        for provider in Provider::ALL {
            for id in std::iter::once(provider.id()).chain(provider.spec().aliases.iter().copied())
            {
                assert_eq!(id, id.to_ascii_lowercase());
                assert!(!ids.contains(&id), "{id} twice");
                ids.push(id);
            }
            assert!(!provider.spec().schemes.is_empty(), "{provider}");
        }
        let mut schemes: Vec<&str> = crate::Scheme::all().map(crate::Scheme::id).collect();
        let count = schemes.len();
        schemes.sort_unstable();
        schemes.dedup();
        assert_eq!(schemes.len(), count, "a scheme id twice");
    }

    #[test]
    fn canonicalisers_number_their_schemes_as_the_registry_does() {
        for provider in Provider::ALL {
            if let Some(canonicaliser) = provider.spec().canonicaliser {
                let ids: Vec<&str> = provider.schemes().map(crate::Scheme::id).collect();
                assert_eq!(ids, crate::canon::scheme_ids(canonicaliser), "{provider}");
            }
        }
    }

    #[test]
    fn every_provider_validates_as_a_custom_spec() {
        for provider in Provider::ALL {
            crate::custom::validate_described(*provider)
                .unwrap_or_else(|e| panic!("{provider}: {e}"));
        }
    }
}
