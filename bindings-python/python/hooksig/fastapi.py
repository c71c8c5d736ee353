"""FastAPI (and Starlette) adapter: a dependency that verifies before the handler runs.

    from fastapi import Depends, FastAPI, Request
    import hooksig, hooksig.fastapi

    app = FastAPI()
    hooksig.fastapi.install(app)   # after app.add_middleware(...) calls, if any
    retell = hooksig.fastapi.webhook("retell", secret=os.environ["RETELL_API_KEY"])

    @app.post("/hooks/retell")
    async def on_retell(request: Request, verified: hooksig.Verified = Depends(retell)):
        event = await request.json()   # the body is still readable
        ...

``install(app)`` adds two things, both through Starlette's public API:

- :class:`RawBodyMiddleware`, which keeps a copy of the raw body as it streams in (up to
  ``limit``, 16 MiB by default; a body over it is answered 413 ``body_too_large``). FastAPI
  parses ``Form(...)``/``File(...)`` parameters before any dependency runs and does not keep
  the bytes; without the middleware such an endpoint answers 500
  ``{"error": "raw_body_unavailable"}`` (and logs the fix). Add it last so it runs first,
  before any middleware that reads the form.
- :func:`rejection_handler` for :class:`WebhookRejected` (unless the app registered its own),
  which answers ``{"error": "<code>"}`` with the core's status: 401 for a forged, tampered or
  stale request, 413 ``body_too_large``, 500 ``raw_body_unavailable``. Without it FastAPI's
  own handler answers ``{"detail": "<code>"}`` with the same status.

The handler does not run for a refused request; the verified result is also at
``request.state.webhook``. Under :class:`hooksig.asgi.WebhookMiddleware` (which buffers and
verifies the body before FastAPI parses anything, so ``install(app)`` is then not needed for
its routes), the dependency takes the middleware's result for its provider from
``scope["hooksig"]`` instead of verifying again. Bodies from 64 KiB are verified in a worker thread, so the event
loop keeps serving meanwhile.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._adapter import (
    ProviderArg,
    THREAD_MIN_BODY,
    Secret,
    Tolerance,
    WebhookGuard,
    asgi_host,
    asgi_target,
    error_body,
    logger,
    recorded,
    require_body,
)
from ._native import HooksigError, Verified, body_too_large, raw_body_unavailable
from .asgi import ASGIApp, BodyBuffer, Message, Receive, Scope, Send

__all__ = [
    "RawBodyMiddleware",
    "THREAD_MIN_BODY",
    "WebhookRejected",
    "install",
    "rejection_handler",
    "webhook",
]

#: The default largest body :class:`RawBodyMiddleware` keeps a copy of.
CAPTURE_LIMIT = 16 * 1024 * 1024

_CAPTURE = "hooksig.raw_body"

_FORM_FIX = (
    "FastAPI parsed the form (a Form(...) or File(...) parameter) before the dependency ran "
    "and kept no raw bytes: call hooksig.fastapi.install(app) (or "
    "app.add_middleware(hooksig.fastapi.RawBodyMiddleware)) so the raw body is captured first"
)
_CONSUMED_FIX = (
    "something read the body before the dependency ran (e.g. a middleware that awaits "
    "request.form()): call hooksig.fastapi.install(app) after adding that middleware, so "
    "the capture runs first (the middleware added last runs first)"
)

class RawBodyMiddleware:
    """A pure ASGI middleware that keeps a copy of each HTTP request's raw body (up to
    ``limit`` bytes) as the app reads it, for :func:`webhook` to verify after FastAPI or
    another middleware parsed the form. Nothing is buffered ahead or replayed: the app reads
    the body as it would without it."""

    def __init__(self, app: ASGIApp, limit: int = CAPTURE_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        capture = BodyBuffer(self.limit)
        scope[_CAPTURE] = capture

        async def tee() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not capture.complete:
                capture.add(message)
            return message

        await self.app(scope, tee, send)


class WebhookRejected(HTTPException):
    """Raised by the dependency for a request it refused: ``status_code`` is the core's
    (401 for a rejection, 413 ``body_too_large``, 500 ``raw_body_unavailable``).

    ``code`` is the core's error code; ``error`` the :class:`hooksig.HooksigError`.
    """

    def __init__(self, error: HooksigError) -> None:
        super().__init__(status_code=error.status, detail=error.code)
        self.code: str = error.code
        self.error = error
        if not error.status < 500:
            logger.error("hooksig: %s", error)


async def rejection_handler(request: Request, exc: Exception) -> Response:
    """Answers a :class:`WebhookRejected` with ``{"error": "<code>"}`` and its status. Any
    other exception is not hooksig's to answer: it is raised again, unchanged."""
    if not isinstance(exc, WebhookRejected):
        raise exc
    return JSONResponse(error_body(exc.code), status_code=exc.status_code)


def install(app: Any, *, limit: int = CAPTURE_LIMIT) -> None:
    """Adds :class:`RawBodyMiddleware` (outermost of the middleware added so far) and, unless
    the app has its own, :func:`rejection_handler` for :class:`WebhookRejected`. Call it
    before the app starts, after any ``app.add_middleware(...)`` that reads the body."""
    app.add_middleware(RawBodyMiddleware, limit=limit)
    if WebhookRejected not in app.exception_handlers:
        app.add_exception_handler(WebhookRejected, rejection_handler)


async def _raw_body(request: Request) -> bytes:
    capture = request.scope.get(_CAPTURE)
    body: bytes | None
    try:
        body = await request.body()  # cached on the request: the handler can read it again
    except RuntimeError:  # "Stream consumed": FastAPI parsed a Form(...)/File(...) first
        body = None
    if isinstance(capture, BodyBuffer):
        if capture.overflow:  # over install(app, limit=...): refused whether or not it was parsed
            raise body_too_large(capture.limit)
        if capture.complete and (body is None or (not body and capture.size)):
            return capture.body()
    if body is None:
        raise raw_body_unavailable(_FORM_FIX)
    require_body(body, request.headers.get("content-length"), _CONSUMED_FIX)
    return body


def webhook(
    provider: ProviderArg,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: Tolerance = None,
    allow_unsigned_body: bool = False,
) -> Callable[[Request], Awaitable[Verified]]:
    """A dependency verifying ``provider``'s webhooks; use it with ``Depends(...)``.

    ``provider`` is a built-in id or a user-defined spec (:data:`hooksig.ProviderArg`);
    ``secret`` may be a list (rotation). ``allow_unsigned_body=True`` accepts Plivo V2 deliveries,
    whose signature does not cover the body (``verified.covers.body`` is then ``False``). For URL-signed providers (Twilio, SignalWire, Plivo)
    behind a proxy, give ``public_url`` (the public base, e.g. ``"https://example.com"``) or
    ``trust_forwarded=True``. Configuration errors raise here, at start-up.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
        allow_unsigned_body=allow_unsigned_body,
    )

    async def verify_webhook(request: Request) -> Verified:
        scope = request.scope
        verified = recorded(scope, guard)  # hooksig.asgi.WebhookMiddleware verified it already
        if verified is not None:
            request.state.webhook = verified
            return verified
        try:
            verified = await guard.verify_async(
                method=request.method,
                scheme=scope.get("scheme", "http"),
                host=request.headers.get("host") or asgi_host(scope),
                target=asgi_target(scope),
                headers=request.headers.raw,
                body=await _raw_body(request),
            )
        except HooksigError as error:
            raise WebhookRejected(error) from None
        request.state.webhook = verified
        return verified

    verify_webhook.guard = guard  # type: ignore[attr-defined]
    return verify_webhook

