"""A Flask app receiving the webhooks of every provider hooksig supports.

    RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... PORT=8000 python examples/flask_app.py

Each view verifies its provider's signature before it runs; anything else gets
{"error": "<code>"} with the core's status (401 for a forged, tampered or stale delivery).
Secrets come from the environment: RETELL_API_KEY,
SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN, RANKED_WEBHOOK_SECRET. Behind a
TLS-terminating proxy, set HOOKSIG_PUBLIC_URL=https://your.host, or HOOKSIG_TRUST_PROXY=1 when
the proxy sets X-Forwarded-Proto/-Host.
"""

import os
from collections.abc import Callable
from typing import Any

from flask import Flask, request

import hooksig.flask

PUBLIC_URL = os.environ.get("HOOKSIG_PUBLIC_URL")
TRUST_PROXY = os.environ.get("HOOKSIG_TRUST_PROXY") == "1"


def webhook(provider: str, secret_variable: str) -> Callable[[Any], Any]:
    """The verifying decorator for one provider, its secret read from the environment."""
    return hooksig.flask.webhook(
        provider,
        secret=os.environ[secret_variable],
        public_url=PUBLIC_URL,
        trust_forwarded=TRUST_PROXY,
    )


app = Flask(__name__)


@app.post("/webhooks/retell")
@webhook("retell", "RETELL_API_KEY")
def retell() -> dict[str, str]:
    return {"received": request.get_json()["event"]}


@app.post("/webhooks/signalwire")
@webhook("signalwire", "SIGNALWIRE_SIGNING_KEY")
def signalwire() -> dict[str, str]:
    return {"received": request.form["CallSid"]}


@app.post("/webhooks/twilio")
@webhook("twilio", "TWILIO_AUTH_TOKEN")
def twilio() -> dict[str, str]:
    return {"received": request.form["MessageSid"]}


@app.post("/webhooks/plivo")
@webhook("plivo", "PLIVO_AUTH_TOKEN")
def plivo() -> dict[str, str]:
    return {"received": request.form["CallUUID"]}


@app.post("/webhooks/ranked")
@webhook("ranked", "RANKED_WEBHOOK_SECRET")
def ranked() -> dict[str, str]:
    return {"received": request.get_json()["type"]}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
