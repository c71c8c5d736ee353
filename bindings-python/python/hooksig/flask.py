"""Flask adapter: a view decorator that verifies before the view runs.

    from flask import Flask, g, request
    import hooksig.flask

    app = Flask(__name__)

    @app.post("/hooks/twilio")
    @hooksig.flask.webhook("twilio", secret=os.environ["TWILIO_AUTH_TOKEN"])
    def on_twilio():
        call_sid = request.form["CallSid"]   # form data still works
        ...

A rejected request gets 401 ``{"error": "<code>"}`` and the view does not run. The verified
result is at ``flask.g.webhook``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, jsonify, request

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

    Put it below ``@app.post(...)``. ``secret`` may be a list (rotation). For URL-signed
    providers behind a proxy, give ``public_url`` or ``trust_forwarded=True``.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
    )

    def verify() -> Any:
        # Read (and cache) the raw body before anything parses request.form, which would
        # consume the stream; Werkzeug parses the form from this cache later.
        body = request.get_data(cache=True)
        try:
            g.webhook = guard.verify(
                method=request.method,
                scheme=request.scheme,
                host=request.host,
                target=wsgi_target(request.environ),
                headers=request.headers,
                body=body,
            )
        except WebhookVerificationError as error:
            return jsonify(error_body(error.code)), 401
        return None

    def decorator(view: View) -> View:
        return guard_view(view, lambda *args: verify())

    return decorator

