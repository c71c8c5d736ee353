"""What every framework adapter shares: a verifier plus the URL policy, fed the request's parts.

Adapters only gather the method, what the server received (scheme, Host, raw target), the
headers and the raw body; the native core decides everything, including the URL, the error
codes and the HTTP status each one is answered with.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from ._native import (
    HooksigError,
    Verified,
    Verifier,
    raw_body_unavailable,
    request_url,
    target_from_decoded_path,
)

Secret = str | bytes | Sequence[str | bytes]
Tolerance = float | timedelta | None
View = TypeVar("View", bound=Callable[..., Any])

logger = logging.getLogger("hooksig")


class WebhookGuard:
    """A verifier for one provider, with the URL policy for URL-signed providers.

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
        provider: str,
        secret: Secret,
        *,
        public_url: str | None = None,
        trust_forwarded: bool = False,
        tolerance: Tolerance = None,
        allow_unsigned_body: bool = False,
    ) -> None:
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

    def __repr__(self) -> str:
        return (
            f"WebhookGuard({self.verifier!r}, public_url={self.public_url!r}, "
            f"trust_forwarded={self.trust_forwarded!r})"
        )


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
