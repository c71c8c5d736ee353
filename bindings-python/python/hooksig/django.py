"""Django adapter: a view decorator that verifies before the view runs (and exempts the view
from CSRF, which a provider cannot satisfy; the signature is the protection instead).

    from django.http import HttpResponse
    import hooksig.django

    @hooksig.django.webhook("plivo", secret=os.environ["PLIVO_AUTH_TOKEN"])
    def on_plivo(request):
        call_uuid = request.POST["CallUUID"]   # form data still works
        ...

A rejected request gets 401 ``{"error": "<code>"}`` and the view does not run. The verified
result is at ``request.webhook``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

# Django ships no type information (django-stubs is a separate, heavy plugin).
from django.http import (  # type: ignore[import-untyped,unused-ignore]
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]

from ._adapter import Secret, View, WebhookGuard, error_body, guard_view, wsgi_target
from ._native import WebhookVerificationError

__all__ = ["webhook"]


def webhook(
    provider: str,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: float | None = None,
) -> Callable[[View], View]:
    """A decorator verifying ``provider``'s webhooks before the view runs.

    ``secret`` may be a list (rotation). For URL-signed providers behind a proxy, give
    ``public_url`` or ``trust_forwarded=True``; Django's own ``SECURE_PROXY_SSL_HEADER`` and
    ``USE_X_FORWARDED_HOST`` settings also shape the scheme and host it starts from.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
    )

    def verify(request: HttpRequest, *_: object) -> HttpResponse | None:
        try:
            request.webhook = guard.verify(
                method=request.method or "POST",
                scheme=request.scheme or "http",
                host=request.get_host(),
                target=wsgi_target(request.META),
                headers=request.headers,
                body=request.body,
            )
        except WebhookVerificationError as error:
            return JsonResponse(error_body(error.code), status=401)
        return None

    def decorator(view: View) -> View:
        return cast(View, csrf_exempt(guard_view(view, verify)))

    return decorator
