"""hooksig: constant-time webhook signature verification, one native core for every language.

Verify a delivery::

    import hooksig

    verified = hooksig.verify("retell", secret, headers=request.headers, body=raw_body)

A forged, tampered or stale request raises a :class:`WebhookVerificationError` subclass whose
``code`` is stable across Python, Node and Rust. Misuse (unknown provider, empty secret)
raises :class:`ConfigurationError`. Framework adapters live in :mod:`hooksig.fastapi`,
:mod:`hooksig.flask` and :mod:`hooksig.django`.
"""

from ._native import (
    CODES,
    PROVIDERS,
    SCHEMES,
    BodyHashMismatchError,
    ConfigurationError,
    Coverage,
    InvalidBodyError,
    InvalidUrlError,
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    Signed,
    TimestampOutOfToleranceError,
    Verified,
    Verifier,
    WebhookVerificationError,
    __version__,
    request_url,
    sign,
    verify,
)

__all__ = [
    "CODES",
    "PROVIDERS",
    "SCHEMES",
    "BodyHashMismatchError",
    "ConfigurationError",
    "Coverage",
    "InvalidBodyError",
    "InvalidUrlError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "SignatureMismatchError",
    "Signed",
    "TimestampOutOfToleranceError",
    "Verified",
    "Verifier",
    "WebhookVerificationError",
    "__version__",
    "request_url",
    "sign",
    "verify",
]
