"""A one-file Django project receiving the webhooks of every provider hooksig supports.

    RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... python examples/django_app.py runserver 127.0.0.1:8000

In a real project the views go in views.py and the patterns in urls.py. Each view verifies its
provider's signature before it runs (and is exempt from CSRF: the signature protects it);
anything else gets {"error": "<code>"} with the core's status (401 for a forged delivery).
Secrets come from the environment: RETELL_API_KEY,
SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN, RANKED_WEBHOOK_SECRET. Behind a
TLS-terminating proxy, set HOOKSIG_PUBLIC_URL=https://your.host, or HOOKSIG_TRUST_PROXY=1 when
the proxy sets X-Forwarded-Proto/-Host.
"""

import json
import os
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(","),
    ROOT_URLCONF=__name__,
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret"),
    MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
)

from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

import hooksig.django  # noqa: E402

PUBLIC_URL = os.environ.get("HOOKSIG_PUBLIC_URL")
TRUST_PROXY = os.environ.get("HOOKSIG_TRUST_PROXY") == "1"


def webhook(provider: str, secret_variable: str) -> Callable[[Any], Any]:
    """The verifying decorator for one provider, its secret read from the environment."""
    return hooksig.django.webhook(
        provider,
        secret=os.environ[secret_variable],
        public_url=PUBLIC_URL,
        trust_forwarded=TRUST_PROXY,
    )


@require_POST
@webhook("retell", "RETELL_API_KEY")
def retell(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"received": json.loads(request.body)["event"]})


@require_POST
@webhook("signalwire", "SIGNALWIRE_SIGNING_KEY")
def signalwire(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"received": request.POST["CallSid"]})


@require_POST
@webhook("twilio", "TWILIO_AUTH_TOKEN")
def twilio(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"received": request.POST["MessageSid"]})


@require_POST
@webhook("plivo", "PLIVO_AUTH_TOKEN")
def plivo(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"received": request.POST["CallUUID"]})


@require_POST
@webhook("ranked", "RANKED_WEBHOOK_SECRET")
def ranked(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"received": json.loads(request.body)["type"]})


urlpatterns = [
    path("webhooks/retell", retell),
    path("webhooks/signalwire", signalwire),
    path("webhooks/twilio", twilio),
    path("webhooks/plivo", plivo),
    path("webhooks/ranked", ranked),
]

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
