"""Type stubs of the native module; ``hooksig`` re-exports everything here."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import ClassVar, Final, final

from typing_extensions import Buffer

__all__ = [
    "__version__",
    "PROVIDERS",
    "SCHEMES",
    "CODES",
    "DETACH_MIN_BODY",
    "Verifier",
    "Verified",
    "Coverage",
    "Signed",
    "verify",
    "sign",
    "request_url",
    "target_from_decoded_path",
    "query_from_decoded_pairs",
    "raw_body_unavailable",
    "body_too_large",
    "_coverage",
    "_verified",
    "_signed",
    "HooksigError",
    "WebhookVerificationError",
    "MissingHeaderError",
    "MalformedHeaderError",
    "SignatureMismatchError",
    "TimestampOutOfToleranceError",
    "BodyHashMismatchError",
    "InvalidUrlError",
    "InvalidBodyError",
    "BodyNotCoveredError",
    "BodyTooLargeError",
    "ConfigurationError",
    "RawBodyUnavailableError",
]

__version__: Final[str]
PROVIDERS: Final[list[str]]
SCHEMES: Final[list[str]]
CODES: Final[list[str]]
DETACH_MIN_BODY: Final[int]

_Secret = str | bytes | bytearray | Sequence[str | bytes | bytearray]
# A list or tuple of values stands for a repeated header (other sequences are refused).
_HeaderValue = str | bytes | list[str | bytes] | tuple[str | bytes, ...]
_Headers = (
    Mapping[str, _HeaderValue]
    | Mapping[bytes, _HeaderValue]
    | Iterable[tuple[str | bytes, _HeaderValue] | list[str | bytes | list[str | bytes] | tuple[str | bytes, ...]]]
)
# bytes, bytearray, memoryview or any C-contiguous byte buffer; str as UTF-8.
_Body = Buffer | str
# Unix seconds, or an aware datetime (a naive one is a TypeError).
_Now = float | datetime | None

@final
class Coverage:
    """What a verified request's signature covered."""

    @property
    def body(self) -> bool: ...
    @property
    def url(self) -> bool: ...
    @property
    def timestamp(self) -> bool: ...
    __match_args__: ClassVar[tuple[str, str, str]]
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Verified:
    """A request that passed verification."""

    @property
    def provider(self) -> str: ...
    @property
    def scheme(self) -> str: ...
    @property
    def header(self) -> str: ...
    @property
    def secret_index(self) -> int: ...
    @property
    def timestamp(self) -> float | None: ...
    @property
    def covers(self) -> Coverage: ...
    __match_args__: ClassVar[tuple[str, str, str, str, str, str]]
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Signed:
    """The headers (and URL) a provider would send for a request."""

    @property
    def scheme(self) -> str: ...
    @property
    def headers(self) -> dict[str, str]: ...
    @property
    def url(self) -> str | None: ...
    __match_args__: ClassVar[tuple[str, str, str]]
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Verifier:
    """Verifies one provider's webhooks with one or more secrets."""

    def __new__(
        cls,
        provider: str,
        secret: _Secret,
        *,
        tolerance: float | timedelta | None = None,
        allow_unsigned_body: bool = False,
    ) -> Verifier: ...
    def verify(
        self,
        *,
        method: str = "POST",
        url: str | None = None,
        headers: _Headers,
        body: _Body,
        now: _Now = None,
    ) -> Verified:
        """Verifies a request; raises a :class:`WebhookVerificationError` subclass if it is
        not genuine. ``body`` is the raw body; ``now`` in Unix seconds."""
    def sign(
        self,
        *,
        method: str = "POST",
        url: str | None = None,
        headers: _Headers | None = None,
        body: _Body | None = None,
        now: _Now = None,
        scheme: str | None = None,
        nonce: str | None = None,
    ) -> Signed: ...
    @property
    def provider(self) -> str: ...
    @property
    def signs_url(self) -> bool: ...
    @property
    def tolerance(self) -> float | None: ...
    @property
    def allows_unsigned_body(self) -> bool: ...
    @property
    def secret_count(self) -> int: ...

def verify(
    provider: str,
    secret: _Secret,
    *,
    method: str = "POST",
    url: str | None = None,
    headers: _Headers,
    body: _Body,
    now: _Now = None,
    tolerance: float | timedelta | None = None,
    allow_unsigned_body: bool = False,
) -> Verified:
    """Verifies a webhook request; raises a :class:`WebhookVerificationError` subclass if it
    is not genuine, :class:`ConfigurationError` on misuse, ``TypeError`` on wrong types."""
def sign(
    provider: str,
    secret: _Secret,
    *,
    method: str = "POST",
    url: str | None = None,
    headers: _Headers | None = None,
    body: _Body | None = None,
    now: _Now = None,
    scheme: str | None = None,
    nonce: str | None = None,
) -> Signed:
    """The headers (and URL) the provider would send for this request: for tests and tools."""
def request_url(
    scheme: str,
    host: str,
    target: str,
    headers: _Headers | None = None,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
) -> str:
    """The URL the provider requested, from the received scheme, ``Host`` and raw target,
    by the URL policy: as received (default), ``public_url`` base, or ``trust_forwarded``."""

def target_from_decoded_path(path: str | bytes | bytearray, query: str | bytes | bytearray | None = None) -> str:
    """The request target for a path the server already percent-decoded, by the core's one
    rule: for servers that keep no raw target."""
def query_from_decoded_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """A query string rebuilt from decoded ``(name, value)`` pairs by the core's one rule: for
    platforms that keep only a decoded map (API Gateway REST)."""
def raw_body_unavailable(reason: str) -> RawBodyUnavailableError:
    """The core's ``raw_body_unavailable`` error for ``reason`` (naming the fix), to raise."""
def body_too_large(limit: int) -> BodyTooLargeError:
    """The core's ``body_too_large`` rejection for a body over ``limit`` bytes, to raise."""

class HooksigError(ValueError):
    """Any error hooksig raises: the root of both families."""

    code: str
    header: str | None
    status: int

class WebhookVerificationError(HooksigError):
    """The request is not a genuine, fresh, untampered delivery: answer ``status`` (401;
    413 for ``body_too_large``)."""

class MissingHeaderError(WebhookVerificationError): ...
class MalformedHeaderError(WebhookVerificationError): ...
class SignatureMismatchError(WebhookVerificationError): ...
class TimestampOutOfToleranceError(WebhookVerificationError): ...
class BodyHashMismatchError(WebhookVerificationError): ...
class InvalidUrlError(WebhookVerificationError): ...
class InvalidBodyError(WebhookVerificationError): ...
class BodyNotCoveredError(WebhookVerificationError): ...
class BodyTooLargeError(WebhookVerificationError): ...

class ConfigurationError(HooksigError):
    """The verifier cannot be used as asked (unknown provider, unusable secret or argument,
    a raw body the framework no longer has): answer 500, fix the code."""

class RawBodyUnavailableError(ConfigurationError): ...

# Unpickling: rebuild a result from its state (the scheme and header must be the core's).
def _coverage(body: bool, url: bool, timestamp: bool) -> Coverage: ...
def _verified(
    scheme: str, header: str, secret_index: int, timestamp: float | None, covers: tuple[bool, bool, bool]
) -> Verified: ...
def _signed(scheme: str, headers: list[tuple[str, str]], url: str | None) -> Signed: ...
