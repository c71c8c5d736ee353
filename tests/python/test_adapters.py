"""The FastAPI, Flask and Django adapters behind real servers on 127.0.0.1, over real HTTP.

Genuine deliveries reach the handler with the body still readable; tampered, wrong-secret,
stale and unsigned ones get 401 {"error": code} and the handler never runs; behind a
TLS-terminating proxy the URL policy decides.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

import hooksig
from conftest import SECRETS, WRONG_SECRETS, ServerThread, serve_asgi, serve_django, serve_wsgi
from webhook_apps import FORM_PROVIDERS, JSON_PROVIDERS, PUBLIC_BASE, django_app, fastapi_app, flask_app

FRAMEWORKS = ["fastapi", "flask", "django"]
PROVIDERS = [*JSON_PROVIDERS, *FORM_PROVIDERS]
FORM_TYPE = "application/x-www-form-urlencoded"


class Running:
    def __init__(self, server: ServerThread, calls: list[str]) -> None:
        self.server = server
        self.calls = calls
        self.client = httpx.Client(base_url=server.base, timeout=10)

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        self.calls.clear()
        return self.client.post(path, content=body, headers=headers)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def app(request: pytest.FixtureRequest) -> Iterator[Running]:
    calls: list[str] = []
    if request.param == "fastapi":
        server = serve_asgi("fastapi", fastapi_app(calls))
    elif request.param == "flask":
        server = serve_wsgi("flask", flask_app(calls))
    else:
        server = serve_django(django_app(calls))
    running = Running(server, calls)
    yield running
    running.client.close()
    server.stop()


def delivery(
    provider: str,
    url: str,
    *,
    secret: str | None = None,
    now: float | None = None,
    body: bytes | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A body and the headers the provider would send for it to `url`."""
    if provider in JSON_PROVIDERS:
        content_type = "application/json"
        body = body if body is not None else json.dumps({"event": "call_ended", "id": "c1"}).encode()
    else:
        content_type = FORM_TYPE
        body = body if body is not None else urlencode({"CallSid": "CA1", "From": "+15551234567"}).encode()
    signed = hooksig.sign(
        provider,
        secret or SECRETS[provider],
        url=url,
        headers={"Content-Type": content_type},
        body=body,
        now=now,
    )
    assert signed.url in (None, url)
    return body, {"Content-Type": content_type, **signed.headers}


def expect_rejection(response: httpx.Response, code: str, app: Running) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"error": code}
    assert app.calls == [], "the handler ran for a rejected request"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_genuine_delivery_reaches_the_handler(app: Running, provider: str) -> None:
    path = f"/hooks/{provider}"
    body, headers = delivery(provider, app.server.base + path)
    response = app.post(path, body, headers)
    assert response.status_code == 200, response.text
    assert app.calls == [path]
    echoed = response.json()["body"]
    if provider in JSON_PROVIDERS:
        assert echoed == {"event": "call_ended", "id": "c1"}
    else:
        assert echoed == {"CallSid": "CA1", "From": "+15551234567"}  # form still parsed


@pytest.mark.parametrize("provider", PROVIDERS)
def test_tampered_body_is_rejected(app: Running, provider: str) -> None:
    path = f"/hooks/{provider}"
    body, headers = delivery(provider, app.server.base + path)
    tampered = body.replace(b"c1", b"c2") if provider in JSON_PROVIDERS else body.replace(b"CA1", b"CA2")
    expect_rejection(app.post(path, tampered, headers), "signature_mismatch", app)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_secret_is_rejected(app: Running, provider: str) -> None:
    path = f"/hooks/{provider}"
    body, headers = delivery(provider, app.server.base + path, secret=WRONG_SECRETS[provider])
    expect_rejection(app.post(path, body, headers), "signature_mismatch", app)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_missing_signature_is_rejected(app: Running, provider: str) -> None:
    path = f"/hooks/{provider}"
    body, headers = delivery(provider, app.server.base + path)
    unsigned = {"Content-Type": headers["Content-Type"]}
    expect_rejection(app.post(path, body, unsigned), "missing_header", app)


@pytest.mark.parametrize("provider", JSON_PROVIDERS)  # the providers that send a timestamp
def test_stale_delivery_is_rejected(app: Running, provider: str) -> None:
    path = f"/hooks/{provider}"
    body, headers = delivery(provider, app.server.base + path, now=time.time() - 3600)
    expect_rejection(app.post(path, body, headers), "timestamp_out_of_tolerance", app)


PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "example.com"}


def test_behind_a_proxy_the_received_url_does_not_match(app: Running) -> None:
    """Twilio signed https://example.com/...; the app, by default, checks the URL it
    received (http://127.0.0.1:port/...) and refuses."""
    body, headers = delivery("twilio", PUBLIC_BASE + "/hooks/twilio")
    expect_rejection(app.post("/hooks/twilio", body, {**headers, **PROXIED}), "signature_mismatch", app)


def test_behind_a_proxy_with_trust_forwarded(app: Running) -> None:
    body, headers = delivery("twilio", PUBLIC_BASE + "/trusted/twilio")
    response = app.post("/trusted/twilio", body, {**headers, **PROXIED})
    assert response.status_code == 200, response.text
    assert app.calls == ["/trusted/twilio"]
    # Without the forwarding headers the same delivery is checked against 127.0.0.1: refused.
    expect_rejection(app.post("/trusted/twilio", body, headers), "signature_mismatch", app)


def test_behind_a_proxy_with_public_url(app: Running) -> None:
    body, headers = delivery("twilio", PUBLIC_BASE + "/public/twilio")
    forged = {"X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example"}
    response = app.post("/public/twilio", body, {**headers, **forged})  # ignored: base is fixed
    assert response.status_code == 200, response.text
    assert app.calls == ["/public/twilio"]


def test_get_webhook_signs_the_query(app: Running) -> None:
    """Twilio can be configured to call with GET: the parameters are in the signed URL."""
    path = "/get/twilio?CallSid=CA1&From=%2B1555"
    signed = hooksig.sign("twilio", SECRETS["twilio"], method="GET", url=app.server.base + path)
    app.calls.clear()
    response = app.client.get(path, headers=signed.headers)
    assert response.status_code == 200, response.text
    assert response.json()["body"] == {"CallSid": "CA1", "From": "+1555"}
    app.calls.clear()
    forged = app.client.get(path.replace("CA1", "CA2"), headers=signed.headers)
    expect_rejection(forged, "signature_mismatch", app)


def test_query_string_is_part_of_the_signed_url(app: Running) -> None:
    path = "/hooks/twilio?From=%2B1555&note=a%20b"
    body, headers = delivery("twilio", app.server.base + path)
    assert app.post(path, body, headers).status_code == 200
    expect_rejection(app.post("/hooks/twilio?From=%2B1556&note=a%20b", body, headers), "signature_mismatch", app)


def test_malformed_forwarding_header_is_rejected(app: Running) -> None:
    body, headers = delivery("twilio", PUBLIC_BASE + "/trusted/twilio")
    response = app.post("/trusted/twilio", body, {**headers, "X-Forwarded-Host": "example.com/x"})
    expect_rejection(response, "malformed_header", app)


def test_configuration_errors_raise_at_start_up() -> None:
    import hooksig.fastapi
    import hooksig.flask

    for factory in (hooksig.fastapi.webhook, hooksig.flask.webhook):
        with pytest.raises(hooksig.ConfigurationError):
            factory("nope", "s")
        with pytest.raises(hooksig.ConfigurationError):
            factory("twilio", "")
        with pytest.raises(hooksig.ConfigurationError):
            factory("twilio", "t", public_url="https://example.com", trust_forwarded=True)
        with pytest.raises(hooksig.ConfigurationError):
            factory("twilio", "t", public_url="example.com")


def test_user_exception_handler_is_kept() -> None:
    """An app that registers its own handler for WebhookRejected keeps it."""
    from fastapi import Depends, FastAPI
    from fastapi.responses import PlainTextResponse

    import hooksig.fastapi

    app = FastAPI()

    async def teapot(request: Any, exc: Exception) -> PlainTextResponse:
        assert isinstance(exc, hooksig.fastapi.WebhookRejected)
        return PlainTextResponse(f"no: {exc.code}", status_code=418)

    app.add_exception_handler(hooksig.fastapi.WebhookRejected, teapot)

    @app.post("/hook")
    async def hook(verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("retell", "k"))) -> str:
        return "ran"

    server = serve_asgi("fastapi-own-handler", app)
    try:
        response = httpx.post(server.base + "/hook", content=b"{}")
    finally:
        server.stop()
    assert (response.status_code, response.text) == (418, "no: missing_header")


def test_guard_view_wraps_sync_and_async_views() -> None:
    """The Flask and Django decorators share one wrapper: the check's answer, when not None,
    replaces the view's, for sync and async views alike."""
    import asyncio
    import inspect

    from hooksig._adapter import guard_view

    ran: list[str] = []

    def sync_view(request: str) -> str:
        ran.append(request)
        return "view"

    async def async_view(request: str) -> str:
        ran.append(request)
        return "view"

    def reject_b(request: str) -> str | None:
        return "401" if request == "b" else None

    wrapped_sync = guard_view(sync_view, reject_b)
    wrapped_async = guard_view(async_view, reject_b)
    assert inspect.iscoroutinefunction(wrapped_async)
    assert wrapped_async.__name__ == "async_view"
    assert [wrapped_sync("a"), wrapped_sync("b")] == ["view", "401"]
    assert [asyncio.run(wrapped_async("a")), asyncio.run(wrapped_async("b"))] == ["view", "401"]
    assert ran == ["a", "a"]
