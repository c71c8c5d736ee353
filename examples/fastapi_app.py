"""A FastAPI app receiving the webhooks of every provider hooksig supports.

    RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... uvicorn examples.fastapi_app:app --no-proxy-headers

Each endpoint verifies its provider's signature before the handler runs; anything else gets
{"error": "<code>"} with the core's status (401 for a forged, tampered or stale delivery).
`hooksig.fastapi.install(app)` keeps the raw body for endpoints with Form(...) parameters
(Twilio's below) and answers refusals in that shape. Secrets come from the environment: RETELL_API_KEY,
SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN, RANKED_WEBHOOK_SECRET. Behind a
TLS-terminating proxy, set HOOKSIG_PUBLIC_URL=https://your.host, or HOOKSIG_TRUST_PROXY=1 when
the proxy sets X-Forwarded-Proto/-Host.
"""

import os
from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Form, Request

import hooksig
import hooksig.fastapi

PUBLIC_URL = os.environ.get("HOOKSIG_PUBLIC_URL")
TRUST_PROXY = os.environ.get("HOOKSIG_TRUST_PROXY") == "1"


def webhook(provider: str, secret_variable: str) -> Callable[[Request], Awaitable[hooksig.Verified]]:
    """The verifying dependency for one provider, its secret read from the environment."""
    return hooksig.fastapi.webhook(
        provider,
        secret=os.environ[secret_variable],
        public_url=PUBLIC_URL,
        trust_forwarded=TRUST_PROXY,
    )


app = FastAPI()
hooksig.fastapi.install(app)


@app.post("/webhooks/retell")
async def retell(
    request: Request, verified: hooksig.Verified = Depends(webhook("retell", "RETELL_API_KEY"))
) -> dict[str, str]:
    event = await request.json()
    return {"received": event["event"]}


@app.post("/webhooks/signalwire")
async def signalwire(
    request: Request,
    verified: hooksig.Verified = Depends(webhook("signalwire", "SIGNALWIRE_SIGNING_KEY")),
) -> dict[str, str]:
    form = await request.form()
    return {"received": str(form["CallSid"])}


@app.post("/webhooks/twilio")
async def twilio(
    MessageSid: str = Form(...),  # noqa: N803 (Twilio's parameter name)
    verified: hooksig.Verified = Depends(webhook("twilio", "TWILIO_AUTH_TOKEN")),
) -> dict[str, str]:
    return {"received": MessageSid}


@app.post("/webhooks/plivo")
async def plivo(
    request: Request, verified: hooksig.Verified = Depends(webhook("plivo", "PLIVO_AUTH_TOKEN"))
) -> dict[str, str]:
    form = await request.form()
    return {"received": str(form["CallUUID"])}


@app.post("/webhooks/ranked")
async def ranked(
    request: Request,
    verified: hooksig.Verified = Depends(webhook("ranked", "RANKED_WEBHOOK_SECRET")),
) -> dict[str, str]:
    event = await request.json()
    return {"received": event["type"]}
