"""A Starlette app behind hooksig's pure ASGI middleware, receiving every provider's webhooks.

    RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... uvicorn examples.starlette_app:app --no-proxy-headers

`hooksig.asgi.WebhookMiddleware` verifies each /webhooks/<provider> request before Starlette
routes it, answers anything else with {"error": "<code>"} and the core's status (401 for a
forged, tampered or stale delivery), and hands the handlers the body again with the result in
`scope["hooksig"]`. The same middleware wraps FastAPI, Litestar, Quart or Django's ASGI app.
Secrets come from the environment: RETELL_API_KEY, SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN,
PLIVO_AUTH_TOKEN, RANKED_WEBHOOK_SECRET. Behind a TLS-terminating proxy, set
HOOKSIG_PUBLIC_URL=https://your.host, or HOOKSIG_TRUST_PROXY=1 when the proxy sets
X-Forwarded-Proto/-Host.
"""

import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import hooksig
import hooksig.asgi

SECRETS = {
    "retell": "RETELL_API_KEY",
    "signalwire": "SIGNALWIRE_SIGNING_KEY",
    "twilio": "TWILIO_AUTH_TOKEN",
    "plivo": "PLIVO_AUTH_TOKEN",
    "ranked": "RANKED_WEBHOOK_SECRET",
}
# What each handler answers with: a field of the JSON event or of the form.
FIELD = {"retell": "event", "signalwire": "CallSid", "twilio": "MessageSid", "plivo": "CallUUID", "ranked": "type"}


async def receive(request: Request) -> JSONResponse:
    verified = hooksig.asgi.result(request.scope)
    assert verified is not None  # the middleware let it through
    provider = request.path_params["provider"]
    if provider in ("retell", "ranked"):
        value = (await request.json())[FIELD[provider]]
    else:
        value = (await request.form())[FIELD[provider]]
    return JSONResponse({"received": str(value), "scheme": verified.scheme})


routes = {
    f"/webhooks/{provider}": hooksig.WebhookGuard(
        provider,
        os.environ[variable],
        public_url=os.environ.get("HOOKSIG_PUBLIC_URL"),
        trust_forwarded=os.environ.get("HOOKSIG_TRUST_PROXY") == "1",
    )
    for provider, variable in SECRETS.items()
}
app = hooksig.asgi.WebhookMiddleware(
    Starlette(routes=[Route("/webhooks/{provider}", receive, methods=["POST"])]),
    routes=routes,
)
