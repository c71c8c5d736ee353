"""What every framework adapter shares: a verifier plus the URL policy, fed the request's parts.

Adapters only gather the method, what the server received (scheme, Host, raw target), the
headers and the raw body; the native core decides everything, including the URL.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ._native import Verified, Verifier, request_url

Secret = str | bytes | Sequence[str | bytes]
View = TypeVar("View", bound=Callable[..., Any])


class WebhookGuard:
    """A verifier for one provider, with the URL policy for URL-signed providers.

    ``public_url`` (e.g. ``"https://example.com"``) is the fixed public base the provider
    calls, followed by the path and query the app received. ``trust_forwarded=True`` takes the
    scheme and host from ``Forwarded``/``X-Forwarded-*`` instead: only safe when a proxy you
    run sets them. By default the URL is the one the app received.
    """

    def __init__(
        self,
        provider: str,
        secret: Secret,
        *,
        public_url: str | None = None,
        trust_forwarded: bool = False,
        tolerance: float | None = None,
    ) -> None:
        self.verifier = Verifier(provider, secret, tolerance=tolerance)
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
    """The JSON body of a 401: ``{"error": "<code>"}``."""
    return {"error": code}


def wsgi_target(environ: dict[str, Any]) -> str:
    """The raw request target (path and query as sent) of a WSGI request."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    from urllib.parse import quote

    # PEP 3333 hands the path over %-decoded as latin-1; re-encode what was sent.
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1")
    target = quote(path, safe="/:@!$&'()*+,;=-._~%") or "/"
    query = environ.get("QUERY_STRING")
    return f"{target}?{query}" if query else target


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
