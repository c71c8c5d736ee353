"""FastAPI (and Starlette) adapter: a dependency that verifies before the handler runs.

    from fastapi import Depends, FastAPI, Request
    import hooksig, hooksig.fastapi

    app = FastAPI()
    retell = hooksig.fastapi.webhook("retell", secret=os.environ["RETELL_API_KEY"])

    @app.post("/hooks/retell")
    async def on_retell(request: Request, verified: hooksig.Verified = Depends(retell)):
        event = await request.json()   # the body is still readable
        ...

A rejected request gets 401 ``{"error": "<code>"}`` and the handler does not run. The
verified result is also at ``request.state.webhook``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._adapter import Secret, WebhookGuard, error_body
from ._native import Verified, WebhookVerificationError

__all__ = ["WebhookRejected", "rejection_handler", "webhook"]


class WebhookRejected(HTTPException):
    """Raised by the dependency for a request that failed verification (status 401).

    ``code`` is the core's error code; ``error`` the :class:`hooksig.WebhookVerificationError`.
    """

    def __init__(self, error: WebhookVerificationError) -> None:
        super().__init__(status_code=401, detail=error.code)
        self.code: str = error.code
        self.error = error


async def rejection_handler(request: Request, exc: Exception) -> Response:
    """Answers a :class:`WebhookRejected` with 401 ``{"error": "<code>"}``."""
    code = exc.code if isinstance(exc, WebhookRejected) else "signature_mismatch"
    return JSONResponse(error_body(code), status_code=401)


def webhook(
    provider: str,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: float | None = None,
) -> Callable[[Request], Awaitable[Verified]]:
    """A dependency verifying ``provider``'s webhooks; use it with ``Depends(...)``.

    ``secret`` may be a list (rotation). For URL-signed providers (Twilio, SignalWire, Plivo)
    behind a proxy, give ``public_url`` (the public base, e.g. ``"https://example.com"``) or
    ``trust_forwarded=True``. Configuration errors raise here, at start-up.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
    )

    async def verify_webhook(request: Request) -> Verified:
        body = await request.body()  # cached on the request: the handler can read it again
        scope = request.scope
        try:
            verified = guard.verify(
                method=request.method,
                scheme=scope.get("scheme", "http"),
                host=request.headers.get("host") or _server_host(scope),
                target=_target(scope),
                headers=request.headers.raw,
                body=body,
            )
        except WebhookVerificationError as error:
            _answer_rejections_with_error_body(scope)
            raise WebhookRejected(error) from None
        request.state.webhook = verified
        return verified

    verify_webhook.guard = guard  # type: ignore[attr-defined]
    return verify_webhook


def _target(scope: Mapping[str, Any]) -> str:
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else quote(scope.get("path", "/"))
    query = scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path


def _server_host(scope: Mapping[str, Any]) -> str:
    server = scope.get("server")
    return f"{server[0]}:{server[1]}" if server else "localhost"


def _answer_rejections_with_error_body(scope: Mapping[str, Any]) -> None:
    """Makes the app answer WebhookRejected with ``{"error": code}`` instead of FastAPI's
    ``{"detail": ...}``, unless the app registered its own handler.

    Starlette's exception middleware keeps its handler table in the scope; adding ours there
    is what ``app.add_exception_handler(WebhookRejected, rejection_handler)`` would do, without
    asking every user to write that line.
    """
    handlers = scope.get("starlette.exception_handlers")
    if isinstance(handlers, tuple) and handlers and isinstance(handlers[0], dict):
        handlers[0].setdefault(WebhookRejected, rejection_handler)
