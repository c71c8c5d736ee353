"""hooksig: constant-time webhook signature verification, one native core for every language.

Verify a delivery::

    import hooksig

    verified = hooksig.verify("retell", secret, headers=request.headers, body=raw_body)

``provider`` is a built-in id (:data:`PROVIDERS`) or alias, or a user-defined scheme: a spec
(a dict, or its JSON text) in the format :func:`describe` returns for any provider; a bad spec
raises :class:`InvalidSchemeError` naming the field.

A forged, tampered or stale request raises a :class:`WebhookVerificationError` subclass whose
``code`` is stable across Python, Node and Rust. Misuse (unknown provider, empty secret, a bad
spec, a raw body the framework no longer has) raises a :class:`ConfigurationError` subclass. Both derive from
:class:`HooksigError`; each error's ``status`` is the HTTP status to answer with. Framework adapters live in :mod:`hooksig.fastapi`,
:mod:`hooksig.flask`, :mod:`hooksig.django`, :mod:`hooksig.aiohttp`, :mod:`hooksig.aws_lambda`
and :mod:`hooksig.asgi` (a pure ASGI middleware for any ASGI app); :class:`WebhookGuard` is a
verifier with its URL policy, as they use it.
"""

from ._native import (
    CODES,
    PROVIDERS,
    SCHEMES,
    BodyHashMismatchError,
    BodyNotCoveredError,
    BodyTooLargeError,
    ConfigurationError,
    Coverage,
    ErrorCode,
    HooksigError,
    InvalidArgumentError,
    InvalidBodyError,
    InvalidSchemeError,
    InvalidSecretError,
    InvalidUrlError,
    MalformedHeaderError,
    MissingHeaderError,
    ProviderAlias,
    ProviderId,
    RawBodyUnavailableError,
    SchemeId,
    SignatureMismatchError,
    Signed,
    TimestampOutOfToleranceError,
    UnknownProviderError,
    Verified,
    Verifier,
    WebhookVerificationError,
    __version__,
    describe,
    request_url,
    sign,
    query_from_decoded_pairs,
    target_from_decoded_path,
    verify,
)
from ._adapter import ProviderArg, WebhookGuard

__all__ = [
    "CODES",
    "PROVIDERS",
    "SCHEMES",
    "BodyHashMismatchError",
    "BodyNotCoveredError",
    "BodyTooLargeError",
    "ConfigurationError",
    "Coverage",
    "ErrorCode",
    "HooksigError",
    "InvalidArgumentError",
    "InvalidBodyError",
    "InvalidSchemeError",
    "InvalidSecretError",
    "InvalidUrlError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "ProviderAlias",
    "ProviderArg",
    "ProviderId",
    "RawBodyUnavailableError",
    "SchemeId",
    "SignatureMismatchError",
    "Signed",
    "TimestampOutOfToleranceError",
    "UnknownProviderError",
    "Verified",
    "Verifier",
    "WebhookGuard",
    "WebhookVerificationError",
    "__version__",
    "describe",
    "request_url",
    "sign",
    "query_from_decoded_pairs",
    "target_from_decoded_path",
    "verify",
]
