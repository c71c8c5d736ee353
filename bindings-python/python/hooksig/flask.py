"""Flask adapter: a view decorator that verifies before the view runs.

    from flask import Flask, g, request
    import hooksig.flask

    app = Flask(__name__)

    @app.post("/hooks/twilio")
    @hooksig.flask.webhook("twilio", secret=os.environ["TWILIO_AUTH_TOKEN"])
    def on_twilio():
        call_sid = request.form["CallSid"]   # form data still works
        ...

A refused request gets ``{"error": "<code>"}`` with the core's status (401 for a forged,
tampered or stale request; 413 ``body_too_large`` over ``MAX_CONTENT_LENGTH``; 500
``raw_body_unavailable``, logged with the fix, when a ``before_request`` hook parsed
``request.form`` first: read ``request.get_data(cache=True)`` in that hook before
``request.form``). The view does not run. The verified result is at ``flask.g.webhook``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ._adapter import ProviderArg, Secret, Tolerance, View, WebhookGuard, guard_view, refusal, require_body, wsgi_target
from ._native import HooksigError, body_too_large

_CONSUMED_FIX = (
    "Flask parsed the body (request.form, request.files or request.stream was read, e.g. in "
    "a before_request hook) before the view's hooksig.flask.webhook ran, and kept no raw "
    "bytes: call request.get_data(cache=True) before reading request.form there"
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

    Put it below ``@app.post(...)``. ``provider`` is a built-in id or a user-defined spec
    (:data:`hooksig.ProviderArg`); ``secret`` may be a list (rotation). For URL-signed
    providers behind a proxy, give ``public_url`` or ``trust_forwarded=True``.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
        allow_unsigned_body=allow_unsigned_body,
    )

    def verify() -> Any:
        try:
            # Read (and cache) the raw body before the view parses request.form, which
            # would consume the stream; Werkzeug parses the form from this cache later.
            try:
                body = request.get_data(cache=True)
            except RequestEntityTooLarge:
                raise body_too_large(request.max_content_length or 0) from None
            require_body(body, request.content_length, _CONSUMED_FIX)
            g.webhook = guard.verify(
                method=request.method,
                scheme=request.scheme,
                host=request.host,
                target=wsgi_target(request.environ),
                headers=request.headers,
                body=body,
            )
        except HooksigError as error:
            answer, status = refusal(error)
            return jsonify(answer), status
        return None

    def decorator(view: View) -> View:
        return guard_view(view, lambda *args: verify())

    return decorator

