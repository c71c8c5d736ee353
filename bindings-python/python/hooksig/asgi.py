"""A pure ASGI middleware that verifies webhook routes before the app sees them: FastAPI,
Starlette, Litestar, Quart, Django under ASGI, any ASGI 3 app.

    import hooksig.asgi

    app = hooksig.asgi.WebhookMiddleware(app, routes={
        "/hooks/retell": {"provider": "retell", "secret": os.environ["RETELL_API_KEY"]},
        "/hooks/twilio": hooksig.WebhookGuard("twilio", token, public_url="https://example.com"),
    })

For a request whose path is one of ``routes`` (the decoded ``scope["path"]``; a key ending
in ``*`` is a prefix), the middleware reads the whole body (at most ``max_body`` bytes: a
larger ``Content-Length``, or more bytes than that, is answered 413 ``{"error":
"body_too_large"}`` without reading further), verifies it against the URL as received (the
scope's ``raw_path`` and ``query_string``) by the route's URL policy, and:

- answers a refused request itself, with ``{"error": "<code>"}`` and the core's status (401
  for a forged, tampered or stale request); the app does not run;
- otherwise puts the :class:`hooksig.Verified` result in ``scope["hooksig"]`` and calls the
  app, whose ``receive`` gives the whole body again as one ``http.request`` message, then
  whatever the server sends next (``http.disconnect``). Body parsers downstream (FastAPI's
  ``Form(...)``, Django's ``request.POST``) work as without the middleware.

A route is a :class:`hooksig.WebhookGuard`, a :class:`hooksig.Verifier` (URL as received),
or a dict of the guard's options (``provider``, ``secret``, ``public_url``,
``trust_forwarded``, ``tolerance``, ``allow_unsigned_body``). Bodies from 64 KiB up are
verified in a worker thread (asyncio), so the loop keeps serving meanwhile. The FastAPI
dependency and the Django decorator take the middleware's result for their provider instead
of verifying again.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from ._adapter import SCOPE_KEY, RouteSpec, Routes, WebhookGuard, asgi_host, asgi_target, refusal
from ._native import HooksigError, Verified, body_too_large

__all__ = ["DEFAULT_MAX_BODY", "SCOPE_KEY", "WebhookMiddleware", "result"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The default largest body :class:`WebhookMiddleware` buffers (1 MiB; providers' deliveries
#: are a few KiB, Twilio's media callbacks under that).
DEFAULT_MAX_BODY = 1024 * 1024


class BodyBuffer:
    """The bytes of one request's body as its ``http.request`` messages arrive, up to
    ``limit``; past it, ``overflow`` is set and nothing more is kept."""

    __slots__ = ("chunks", "complete", "limit", "overflow", "size")

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.complete = False
        self.overflow = False

    def add(self, message: Message) -> None:
        chunk = message.get("body", b"")
        self.size += len(chunk)
        if self.size > self.limit:
            self.overflow = True
            self.chunks = []
        elif chunk:
            self.chunks.append(bytes(chunk))
        if not message.get("more_body", False):
            self.complete = True

    def body(self) -> bytes:
        return b"".join(self.chunks)


def declared_length(scope: Scope) -> int | None:
    """The request's ``Content-Length``, when it has one that is a number."""
    for name, value in scope.get("headers", ()):
        if bytes(name).lower() == b"content-length":
            try:
                return int(bytes(value))
            except ValueError:
                return None
    return None


async def send_refusal(send: Send, error: HooksigError) -> None:
    """Answers ``error`` with ``{"error": "<code>"}`` and the core's status."""
    answer, status = refusal(error)
    payload = json.dumps(answer).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def result(scope: Mapping[str, Any]) -> Verified | None:
    """The middleware's result for this request (``scope["hooksig"]``), or ``None`` when the
    middleware did not verify it (not one of its routes, or no middleware)."""
    found = scope.get(SCOPE_KEY)
    return found if isinstance(found, Verified) else None


class WebhookMiddleware:
    """Verifies the requests to ``routes`` before ``app`` runs; see the module's doc.

    Configuration errors (an unknown provider, an empty secret, a bad ``public_url``) raise
    here, when the app is built.
    """

    def __init__(self, app: ASGIApp, routes: Mapping[str, RouteSpec], *, max_body: int = DEFAULT_MAX_BODY) -> None:
        if max_body < 0:
            raise ValueError("max_body is a number of bytes, at least 0")
        self.app = app
        self.routes = Routes(routes)
        self.max_body = max_body

    def guard(self, path: str) -> WebhookGuard | None:
        """The guard of the route ``path`` (a decoded path) falls under, if any."""
        return self.routes.match(path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        guard = self.routes.match(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if guard is None:
            await self.app(scope, receive, send)
            return
        try:
            declared = declared_length(scope)
            if declared is not None and declared > self.max_body:
                raise body_too_large(self.max_body)
            buffer = BodyBuffer(self.max_body)
            while not buffer.complete:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left: nothing to answer, nothing to run
                if message["type"] == "http.request":
                    buffer.add(message)
                    if buffer.overflow:
                        raise body_too_large(self.max_body)
            body = buffer.body()
            verified = await guard.verify_async(
                method=str(scope.get("method", "POST")),
                scheme=str(scope.get("scheme", "http")),
                host=asgi_host(scope),
                target=asgi_target(scope),
                headers=scope.get("headers", []),
                body=body,
            )
        except HooksigError as error:
            await send_refusal(send, error)
            return
        scope[SCOPE_KEY] = verified
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
