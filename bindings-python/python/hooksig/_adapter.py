"""What every framework adapter shares: a verifier plus the URL policy, fed the request's parts.

Adapters only gather the method, what the server received (scheme, Host, raw target), the
headers and the raw body; the native core decides everything, including the URL, the error
codes and the HTTP status each one is answered with.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypedDict, TypeVar, Union

from ._native import (
    HooksigError,
    ProviderAlias,
    ProviderId,
    Verified,
    Verifier,
    raw_body_unavailable,
    request_url,
    target_from_decoded_path,
)

Secret = str | bytes | Sequence[str | bytes]
#: What every ``provider`` argument takes: a built-in id or alias (``"stripe"``), or a
#: user-defined scheme, a spec (a dict, or its JSON text) in the format
#: :func:`hooksig.describe` returns. Any other str is refused at start-up (``unknown_provider``).
ProviderArg = Union[ProviderId, ProviderAlias, Mapping[str, object], str]
Tolerance = float | timedelta | None
View = TypeVar("View", bound=Callable[..., Any])

logger = logging.getLogger("hooksig")

#: Bodies from this size up are verified in a worker thread, off the event loop (the native
#: call releases the GIL for every body; a thread keeps a large one from stalling the loop).
THREAD_MIN_BODY = 64 * 1024


class WebhookGuard:
    """A verifier for one provider, with the URL policy for URL-signed providers.

    ``provider`` is a built-in id or a user-defined spec (see :data:`ProviderArg`), or a
    :class:`Verifier`.

    ``public_url`` (e.g. ``"https://example.com"``) is the fixed public base the provider
    calls, followed by the path and query the app received. ``trust_forwarded=True`` takes the
    scheme and host from ``Forwarded``/``X-Forwarded-*`` instead: only safe when a proxy you
    run sets them. By default the URL is the one the app received. ``allow_unsigned_body=True``
    accepts a delivery whose signature does not cover its body (Plivo V2, e.g. Plivo's SMS
    callbacks) instead of refusing it with ``body_not_covered``; the result's ``covers.body``
    is then ``False`` and the handler must take nothing from the body on trust.
    """

    def __init__(
        self,
        provider: ProviderArg | Verifier,
        secret: Secret | None = None,
        *,
        public_url: str | None = None,
        trust_forwarded: bool = False,
        tolerance: Tolerance = None,
        allow_unsigned_body: bool = False,
    ) -> None:
        if isinstance(provider, Verifier):
            # An existing verifier keeps its own secrets, tolerance and body policy.
            if secret is not None or tolerance is not None or allow_unsigned_body:
                raise TypeError("WebhookGuard(verifier): give the secret, tolerance and allow_unsigned_body to the Verifier")
            self.verifier = provider
        else:
            if secret is None:
                raise TypeError("WebhookGuard(provider, secret): the secret is missing")
            self.verifier = Verifier(provider, secret, tolerance=tolerance, allow_unsigned_body=allow_unsigned_body)
        self.public_url = public_url
        self.trust_forwarded = trust_forwarded
        # Misconfiguration fails at start-up, not on the first delivery.
        request_url("http", "localhost", "/", public_url=public_url, trust_forwarded=trust_forwarded)

    def verify(
        self,
        *,
        method: str,
        scheme: str,
        host: str,
        target: str,
        headers: Any,
        body: bytes,
    ) -> Verified:
        """Verifies the request; raises a ``WebhookVerificationError`` subclass if it is not
        genuine."""
        url = None
        if self.verifier.signs_url:
            url = request_url(
                scheme,
                host,
                target,
                headers,
                public_url=self.public_url,
                trust_forwarded=self.trust_forwarded,
            )
        return self.verifier.verify(method=method, url=url, headers=headers, body=body)

    async def verify_async(
        self,
        *,
        method: str,
        scheme: str,
        host: str,
        target: str,
        headers: Any,
        body: bytes,
    ) -> Verified:
        """:meth:`verify` for an event loop: a body from :data:`THREAD_MIN_BODY` bytes up is
        verified in a worker thread, so the loop keeps serving meanwhile."""
        parts: dict[str, Any] = {
            "method": method,
            "scheme": scheme,
            "host": host,
            "target": target,
            "headers": headers,
            "body": body,
        }
        if len(body) >= THREAD_MIN_BODY:
            return await asyncio.to_thread(lambda: self.verify(**parts))
        return self.verify(**parts)

    def __repr__(self) -> str:
        return (
            f"WebhookGuard({self.verifier!r}, public_url={self.public_url!r}, "
            f"trust_forwarded={self.trust_forwarded!r})"
        )


class GuardOptions(TypedDict, total=False):
    """A route's options, as :class:`WebhookGuard` takes them (``provider`` and ``secret``
    required)."""

    provider: ProviderArg
    secret: Secret
    public_url: str | None
    trust_forwarded: bool
    tolerance: Tolerance
    allow_unsigned_body: bool


#: What a route of :class:`hooksig.asgi.WebhookMiddleware` or
#: :func:`hooksig.aiohttp.middleware` is verified with: a guard, a verifier (the URL as
#: received), or a guard's options.
RouteSpec = Union[WebhookGuard, Verifier, GuardOptions, Mapping[str, Any]]


def as_guard(spec: RouteSpec) -> WebhookGuard:
    """The guard a route spec stands for; a bad spec raises here, at start-up."""
    if isinstance(spec, WebhookGuard):
        return spec
    if isinstance(spec, Verifier):
        return WebhookGuard(spec)
    if isinstance(spec, Mapping):
        options = dict(spec)
        try:
            provider = options.pop("provider")
        except KeyError:
            raise TypeError("a route's options need a 'provider' (and a 'secret')") from None
        return WebhookGuard(provider, **options)
    raise TypeError(f"a route takes a WebhookGuard, a Verifier or a dict of options, not {type(spec).__name__}")


class Routes:
    """Paths to guards: an exact path, or a prefix written with a trailing ``*``
    (``"/hooks/twilio/*"``); the longest prefix wins. Paths are the decoded paths the
    framework routes on; verification still uses the raw target."""

    def __init__(self, routes: Mapping[str, RouteSpec]) -> None:
        self.exact: dict[str, WebhookGuard] = {}
        self.prefixes: list[tuple[str, WebhookGuard]] = []
        for path, spec in routes.items():
            if not path.startswith("/"):
                raise ValueError(f"a route's path starts with '/': {path!r}")
            guard = as_guard(spec)
            if path.endswith("*"):
                self.prefixes.append((path[:-1], guard))
            else:
                self.exact[path] = guard
        self.prefixes.sort(key=lambda item: len(item[0]), reverse=True)

    def match(self, path: str) -> WebhookGuard | None:
        guard = self.exact.get(path)
        if guard is not None:
            return guard
        for prefix, candidate in self.prefixes:
            if path.startswith(prefix):
                return candidate
        return None


def recorded(holder: Any, guard: WebhookGuard) -> Verified | None:
    """The result :class:`hooksig.asgi.WebhookMiddleware` put in ``holder["hooksig"]`` (an
    ASGI scope) for a request it verified for the same provider, so an adapter inside it does
    not verify again; ``None`` otherwise."""
    if holder is None:
        return None
    found = holder.get(SCOPE_KEY)
    if isinstance(found, Verified) and found.provider == guard.verifier.provider:
        return found
    return None


#: Where the ASGI middleware (and the aiohttp adapters, in ``request``) put the result.
SCOPE_KEY = "hooksig"


def error_body(code: str) -> dict[str, str]:
    """The JSON body of a refusal: ``{"error": "<code>"}``."""
    return {"error": code}


def refusal(error: HooksigError) -> tuple[dict[str, str], int]:
    """The JSON body and the core's HTTP status for ``error``; a configuration error (the
    app's fault, answered 500) is logged with its message, which names the fix."""
    if not error.status < 500:
        logger.error("hooksig: %s", error)
    return error_body(error.code), error.status


def require_body(body: bytes, content_length: object, fix: str) -> None:
    """Raises ``raw_body_unavailable`` when the request declared a body but none is left:
    something read or parsed it before the adapter (``fix`` says what to change)."""
    try:
        declared = int(str(content_length)) if content_length is not None else 0
    except ValueError:
        declared = 0
    if not body and declared > 0:
        raise raw_body_unavailable(fix)


def wsgi_target(environ: Mapping[str, Any]) -> str:
    """The raw request target (path and query as sent) of a WSGI request.

    Servers that keep it (gunicorn ``RAW_URI``, Werkzeug, uWSGI and mod_wsgi
    ``REQUEST_URI``) give it as received. Servers that do not (``wsgiref``, hence Django's
    ``runserver``) leave only the decoded ``PATH_INFO``; the core rebuilds the target from it
    by its one rule (``hooksig.target_from_decoded_path``), which cannot restore an
    encoding such as ``%7E`` the decoding erased.
    """
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    # PEP 3333: the decoded path as latin-1 text, the query as received.
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1")
    return target_from_decoded_path(path, environ.get("QUERY_STRING", "").encode("latin-1"))


def asgi_host(scope: Mapping[str, Any]) -> str:
    """The Host an ASGI request was sent to: its ``Host`` header, else the server's address."""
    for name, value in scope.get("headers", ()):
        if bytes(name).lower() == b"host":
            return bytes(value).decode("latin-1")
    server = scope.get("server")
    return f"{server[0]}:{server[1]}" if server else "localhost"


def asgi_target(scope: Mapping[str, Any]) -> str:
    """The raw request target of an ASGI request: ``raw_path`` (uvicorn, hypercorn and
    daphne send it) and ``query_string``; without ``raw_path``, the core's rebuild from the
    decoded ``path``."""
    raw_path = scope.get("raw_path")
    query: bytes = scope.get("query_string", b"")
    if not raw_path:
        return target_from_decoded_path(str(scope.get("path", "/")).encode("utf-8"), query)
    path = bytes(raw_path).decode("latin-1")
    return f"{path}?{query.decode('latin-1')}" if query else path


def guard_view(view: View, check: Callable[..., Any]) -> View:
    """Wraps a (sync or async) view so that ``check(*args)`` runs first: its result, when not
    ``None``, is the response and the view does not run."""
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            rejection = check(*args)
            return rejection if rejection is not None else await view(*args, **kwargs)

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        rejection = check(*args)
        return rejection if rejection is not None else view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
