"""The README's Python examples, run as a user would paste them: each app is served on
127.0.0.1 and receives a delivery signed with `hooksig.sign`, then a forged one.

Runs in the dev venv (`make test`) and in a fresh venv holding only the installed wheel
(`make python-package-check`); both install every framework, so a missing one is a failure,
not a skip.
"""

from __future__ import annotations

import os
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import hooksig

README = Path(__file__).resolve().parents[2] / "README.md"
FORM = "application/x-www-form-urlencoded"
ENVIRONMENT = {
    "RETELL_API_KEY": "key_readme_retell",
    "TWILIO_AUTH_TOKEN": "readme_twilio_token",
    "PLIVO_AUTH_TOKEN": "readme_plivo_token",
}


def python_blocks() -> dict[str, list[str]]:
    """Python code blocks of the README by the `###` heading they sit under."""
    blocks: dict[str, list[str]] = {}
    heading = ""
    for part in re.split(r"(^### [^\n]*$|^```python\n.*?^```$)", README.read_text(), flags=re.M | re.S):
        if part.startswith("### "):
            heading = part[4:].strip()
        elif part.startswith("```python"):
            blocks.setdefault(heading, []).append(part.removeprefix("```python\n").removesuffix("```"))
    return blocks


BLOCKS = python_blocks()


def run_block(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module  # FastAPI resolves annotations through the module
    exec(compile(source, f"README.md ({name})", "exec"), module.__dict__)
    return module


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def post(base: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
    import httpx

    return httpx.post(base + path, content=body, headers=headers, timeout=10)


def test_readme_has_the_examples() -> None:
    assert {"FastAPI", "Flask", "Django", "Any ASGI app: the middleware", "aiohttp", "AWS Lambda", "Without a framework"} <= set(BLOCKS)


def test_fastapi_example() -> None:
    from conftest import serve_asgi

    app = run_block(BLOCKS["FastAPI"][0], "readme_fastapi").app
    server = serve_asgi("readme-fastapi", app)
    try:
        body = b'{"event": "call_ended", "call": {"call_id": "c1"}}'
        signed = hooksig.sign("retell", os.environ["RETELL_API_KEY"], body=body)
        response = post(server.base, "/webhooks/retell", body, signed.headers)
        assert response.status_code == 200, response.text
        assert response.json() == {"received": "call_ended", "secret_index": 0}
        forged = post(server.base, "/webhooks/retell", body.replace(b"c1", b"c2"), signed.headers)
        assert (forged.status_code, forged.json()) == (401, {"error": "signature_mismatch"})
    finally:
        server.stop()


def test_flask_example() -> None:
    from conftest import serve_wsgi

    app = run_block(BLOCKS["Flask"][0], "readme_flask").app
    server = serve_wsgi("readme-flask", app)
    try:
        url = server.base + "/webhooks/twilio"
        body = b"From=%2B14155550123&Body=Hello"
        signed = hooksig.sign("twilio", os.environ["TWILIO_AUTH_TOKEN"], url=url, headers={"Content-Type": FORM}, body=body)
        headers = {"Content-Type": FORM, **signed.headers}
        response = post(server.base, "/webhooks/twilio", body, headers)
        assert response.status_code == 200, response.text
        assert "Got: Hello" in response.text
        forged = post(server.base, "/webhooks/twilio", body + b"&x=1", headers)
        assert (forged.status_code, forged.json()) == (401, {"error": "signature_mismatch"})
    finally:
        server.stop()


def test_django_example() -> None:
    from conftest import django_wsgi_app, serve_django

    package = types.ModuleType("readme_django")
    package.__path__ = []  # a package, so that `from . import views` works
    sys.modules["readme_django"] = package
    views, urls = BLOCKS["Django"]
    package.views = run_block(views, "readme_django.views")  # type: ignore[attr-defined]
    urls_module = types.ModuleType("readme_django.urls")
    urls_module.__package__ = "readme_django"
    sys.modules["readme_django.urls"] = urls_module
    exec(compile(urls, "README.md (urls.py)", "exec"), urls_module.__dict__)
    server = serve_django(django_wsgi_app("readme_django.urls"))
    try:
        url = server.base + "/webhooks/plivo"
        body = b"CallUUID=abc-123&From=14155550123"
        signed = hooksig.sign("plivo", os.environ["PLIVO_AUTH_TOKEN"], url=url, headers={"Content-Type": FORM}, body=body)
        headers = {"Content-Type": FORM, **signed.headers}
        response = post(server.base, "/webhooks/plivo", body, headers)
        assert (response.status_code, response.text) == (200, "call abc-123 noted")
        forged = post(server.base, "/webhooks/plivo", body.replace(b"abc", b"abd"), headers)
        assert (forged.status_code, forged.json()) == (401, {"error": "signature_mismatch"})
    finally:
        server.stop()


def test_asgi_middleware_example() -> None:
    from conftest import serve_asgi

    app = run_block(BLOCKS["Any ASGI app: the middleware"][0], "readme_asgi").app
    server = serve_asgi("readme-asgi", app)
    try:
        body = b'{"event": "call_started"}'
        signed = hooksig.sign("retell", os.environ["RETELL_API_KEY"], body=body)
        response = post(server.base, "/webhooks/retell", body, signed.headers)
        assert (response.status_code, response.json()) == (200, {"received": "call_started", "scheme": "retell"})
        forged = post(server.base, "/webhooks/retell", body.replace(b"started", b"ended"), signed.headers)
        assert (forged.status_code, forged.json()) == (401, {"error": "signature_mismatch"})
    finally:
        server.stop()


def test_aiohttp_example() -> None:
    from conftest import serve_aiohttp

    app = run_block(BLOCKS["aiohttp"][0], "readme_aiohttp").app
    server = serve_aiohttp("readme-aiohttp", app)
    try:
        url = server.base + "/webhooks/twilio"
        body = b"From=%2B14155550123&Body=Hello"
        signed = hooksig.sign("twilio", os.environ["TWILIO_AUTH_TOKEN"], url=url, headers={"Content-Type": FORM}, body=body)
        headers = {"Content-Type": FORM, **signed.headers}
        response = post(server.base, "/webhooks/twilio", body, headers)
        assert (response.status_code, response.text) == (200, "Got: Hello, twilio-form")
        forged = post(server.base, "/webhooks/twilio", body + b"&x=1", headers)
        assert (forged.status_code, forged.json()) == (401, {"error": "signature_mismatch"})
    finally:
        server.stop()


def test_aws_lambda_example() -> None:
    import base64
    import json

    handler = run_block(BLOCKS["AWS Lambda"][0], "readme_lambda").handler
    body = b'{"event": "call_ended"}'
    signed = hooksig.sign("retell", os.environ["RETELL_API_KEY"], body=body)
    event = {
        "version": "2.0",
        "rawPath": "/webhooks/retell",
        "rawQueryString": "",
        "headers": {"content-type": "application/json", **{k.lower(): v for k, v in signed.headers.items()}},
        "requestContext": {"domainName": "abc.execute-api.us-east-1.amazonaws.com", "http": {"method": "POST"}},
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }
    assert handler(event, None) == {"statusCode": 200, "body": "verified retell"}
    event["body"] = base64.b64encode(body + b" ").decode()
    response = handler(event, None)
    assert (response["statusCode"], json.loads(response["body"])) == (401, {"error": "signature_mismatch"})


def test_without_a_framework_example() -> None:
    url = "https://example.com/webhooks/signalwire"
    raw_body = b'{"event_type": "calling.call.state"}'
    signed = hooksig.sign("signalwire", "old-signing-key", url=url, headers={"Content-Type": "application/json"}, body=raw_body)
    namespace: dict[str, Any] = {"url": url, "headers": {"Content-Type": "application/json", **signed.headers}, "raw_body": raw_body}
    exec(BLOCKS["Without a framework"][0], namespace)
    assert namespace["verified"].secret_index == 1
    namespace["raw_body"] = raw_body + b" "
    exec(BLOCKS["Without a framework"][0], namespace)
    assert namespace["status"] == 401
