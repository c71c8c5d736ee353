"""Django adapter: a view decorator that verifies before the view runs (and exempts the view
from CSRF, which a provider cannot satisfy; the signature is the protection instead).

    from django.http import HttpResponse
    import hooksig.django

    @hooksig.django.webhook("plivo", secret=os.environ["PLIVO_AUTH_TOKEN"])
    def on_plivo(request):
        call_uuid = request.POST["CallUUID"]   # form data still works
        ...

A refused request gets ``{"error": "<code>"}`` with the core's status (401 for a forged,
tampered or stale request; 413 ``body_too_large`` over ``DATA_UPLOAD_MAX_MEMORY_SIZE``; 500
``raw_body_unavailable``, logged with the fix, when a middleware read ``request.POST`` of a
multipart body or the stream first). The view does not run. The verified result is at
``request.webhook``. Under ASGI the target is the scope's ``raw_path``; under WSGI the server's
``RAW_URI``/``REQUEST_URI`` (gunicorn, uWSGI, mod_wsgi), and under ``runserver``, which keeps
neither, the core's rebuild from the decoded path (see the README). Under
:class:`hooksig.asgi.WebhookMiddleware` (wrapping Django's ASGI application), a view the
middleware verified for the same provider takes its result instead of verifying again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

# Django ships no type information (django-stubs is a separate, heavy plugin).
from django.core.exceptions import RequestDataTooBig  # type: ignore[import-untyped,unused-ignore]
from django.http import (  # type: ignore[import-untyped,unused-ignore]
    HttpRequest,
    HttpResponse,
    JsonResponse,
    RawPostDataException,
)
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]

from ._adapter import (
    ProviderArg,
    Secret,
    Tolerance,
    View,
    WebhookGuard,
    asgi_target,
    guard_view,
    recorded,
    refusal,
    require_body,
)
from ._native import HooksigError, body_too_large, raw_body_unavailable, target_from_decoded_path

_CONSUMED_FIX = (
    "Django read the body's stream before the view's hooksig.django.webhook ran (a "
    "middleware read request.POST or request.FILES of a multipart body, or called "
    "request.read()), and kept no raw bytes: read request.body in that middleware first"
)

__all__ = ["webhook"]


def webhook(
    provider: ProviderArg,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: Tolerance = None,
    allow_unsigned_body: bool = False,
) -> Callable[[View], View]:
    """A decorator verifying ``provider``'s webhooks before the view runs.

    ``provider`` is a built-in id or a user-defined spec (:data:`hooksig.ProviderArg`);
    ``secret`` may be a list (rotation). ``allow_unsigned_body=True`` accepts Plivo V2 deliveries,
    whose signature does not cover the body (``verified.covers.body`` is then ``False``). For URL-signed providers behind a proxy, give
    ``public_url`` or ``trust_forwarded=True``; Django's own ``SECURE_PROXY_SSL_HEADER`` and
    ``USE_X_FORWARDED_HOST`` settings also shape the scheme and host it starts from.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
        allow_unsigned_body=allow_unsigned_body,
    )

    def verify(request: HttpRequest, *_: object) -> HttpResponse | None:
        verified = recorded(getattr(request, "scope", None), guard)  # hooksig.asgi.WebhookMiddleware's
        if verified is not None:
            request.webhook = verified
            return None
        try:
            try:
                body = request.body
            except RawPostDataException:
                raise raw_body_unavailable(_CONSUMED_FIX) from None
            except RequestDataTooBig:
                from django.conf import settings  # type: ignore[import-untyped,unused-ignore]

                raise body_too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) from None
            require_body(body, request.META.get("CONTENT_LENGTH"), _CONSUMED_FIX)
            request.webhook = guard.verify(
                method=request.method or "POST",
                scheme=request.scheme or "http",
                host=request.get_host(),
                target=_target(request),
                headers=request.headers,
                body=body,
            )
        except HooksigError as error:
            answer, status = refusal(error)
            return JsonResponse(answer, status=status)
        return None

    def decorator(view: View) -> View:
        return cast(View, csrf_exempt(guard_view(view, verify)))

    return decorator


def _target(request: HttpRequest) -> str:
    """The raw target: the ASGI scope's ``raw_path``, or the WSGI server's ``RAW_URI`` /
    ``REQUEST_URI``; else (``runserver``) the core's rebuild from Django's decoded path,
    which Django keeps as text (``META["PATH_INFO"]`` is re-decoded as UTF-8)."""
    scope = getattr(request, "scope", None)  # ASGIRequest
    if scope is not None:
        return asgi_target(scope)
    meta = request.META
    raw = meta.get("RAW_URI") or meta.get("REQUEST_URI")
    if raw:
        return str(raw)
    query = str(meta.get("QUERY_STRING", "")).encode("latin-1")
    return target_from_decoded_path(str(request.path).encode("utf-8"), query)
