"""aiohttp adapters: a route decorator, and a ``web.middleware`` for a table of routes.

    from aiohttp import web
    import hooksig.aiohttp

    @hooksig.aiohttp.webhook("twilio", secret=os.environ["TWILIO_AUTH_TOKEN"])
    async def on_twilio(request: web.Request) -> web.Response:
        form = await request.post()          # still readable: aiohttp caches the bytes
        verified = request[hooksig.aiohttp.VERIFIED]
        ...

    app = web.Application(middlewares=[hooksig.aiohttp.middleware({
        "/hooks/retell": {"provider": "retell", "secret": os.environ["RETELL_API_KEY"]},
    })])

Both read the body with ``await request.read()``, which aiohttp caches (``request.post()``,
``request.json()`` and ``request.text()`` then parse that copy), and verify the URL as
received (``request.raw_path``, path and query as sent, with ``request.scheme`` and
``request.host``). A refused request gets ``{"error": "<code>"}`` with the core's status: 401
for a forged, tampered or stale request, 413 ``body_too_large`` over the application's
``client_max_size`` (1 MiB by default; a larger ``Content-Length`` is refused before
reading), 500 ``raw_body_unavailable`` (logged with the fix) when a middleware earlier in the
chain consumed the stream (``request.multipart()``, ``request.content.read()``, or
``request.post()`` of a multipart body) without ``await request.read()`` first. The handler
does not run; the verified result is at ``request[hooksig.aiohttp.VERIFIED]`` (a
``web.RequestKey``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from aiohttp import web

from ._adapter import ProviderArg, RouteSpec, Routes, Secret, Tolerance, WebhookGuard, refusal, require_body
from ._native import HooksigError, Verified, body_too_large

__all__ = ["VERIFIED", "middleware", "verify_request", "webhook"]

#: Where the adapters put the :class:`hooksig.Verified` result: ``request[VERIFIED]``.
VERIFIED: web.RequestKey[Verified] = web.RequestKey("hooksig", Verified)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
H = TypeVar("H", bound=Callable[..., Awaitable[web.StreamResponse]])

_CONSUMED_FIX = (
    "aiohttp's body stream was read before hooksig verified it (a middleware called "
    "request.multipart(), request.content.read() or request.post() of a multipart body), "
    "and aiohttp keeps no raw bytes then: call `await request.read()` in that middleware "
    "first, or put hooksig.aiohttp.middleware(...) before it"
)


async def verify_request(guard: WebhookGuard, request: web.BaseRequest) -> Verified:
    """Verifies ``request`` with ``guard``: reads the (cached) raw body, takes the raw target,
    and raises a :class:`hooksig.HooksigError` for a refused request. The result is also put
    at ``request[VERIFIED]``."""
    limit = request.client_max_size
    declared = request.content_length
    if limit and declared is not None and declared > limit:
        raise body_too_large(limit)
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise body_too_large(limit) from None
    require_body(body, declared, _CONSUMED_FIX)
    verified = await guard.verify_async(
        method=request.method,
        scheme=request.scheme,
        host=request.host,
        target=request.raw_path,
        headers=request.headers,
        body=body,
    )
    request[VERIFIED] = verified
    return verified


def _answer(error: HooksigError) -> web.Response:
    answer, status = refusal(error)
    return web.json_response(answer, status=status)


def webhook(
    provider: ProviderArg,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: Tolerance = None,
    allow_unsigned_body: bool = False,
) -> Callable[[H], H]:
    """A decorator verifying ``provider``'s webhooks before the handler (a coroutine taking
    the request, or a ``web.View`` method) runs.

    ``provider`` is a built-in id or a user-defined spec (:data:`hooksig.ProviderArg`);
    ``secret`` may be a list (rotation). For URL-signed providers behind a proxy, give
    ``public_url`` or ``trust_forwarded=True``. Configuration errors raise here.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
        allow_unsigned_body=allow_unsigned_body,
    )

    def decorator(handler: H) -> H:
        @functools.wraps(handler)
        async def wrapper(*args: Any, **kwargs: Any) -> web.StreamResponse:
            first = args[0] if args else None
            request = first.request if isinstance(first, web.View) else first
            if not isinstance(request, web.BaseRequest):
                raise TypeError("hooksig.aiohttp.webhook decorates a handler taking the request (or a web.View method)")
            try:
                await verify_request(guard, request)
            except HooksigError as error:
                return _answer(error)
            return await handler(*args, **kwargs)

        wrapper.guard = guard  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def middleware(routes: Mapping[str, RouteSpec]) -> Any:
    """A ``web.middleware`` verifying the requests to ``routes`` (decoded paths as aiohttp
    routes on, ``request.path``; a key ending in ``*`` is a prefix) before their handler
    runs. A route is a :class:`hooksig.WebhookGuard`, a :class:`hooksig.Verifier`, or a dict
    of the guard's options (``provider``, ``secret``, ...). Put it first in ``middlewares``,
    before any middleware that reads the body."""
    table = Routes(routes)

    @web.middleware
    async def hooksig_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        guard = table.match(request.path)
        if guard is not None:
            try:
                await verify_request(guard, request)
            except HooksigError as error:
                return _answer(error)
        return await handler(request)

    hooksig_middleware.routes = table  # type: ignore[attr-defined]
    return hooksig_middleware
