"""What reaches the adapters besides a plain delivery, each under its real server: FastAPI
endpoints with Form/File/Pydantic parameters, bodies a framework or middleware parsed first,
percent-encoded targets, unsigned bodies, large bodies off the event loop, errors in the
user's own handler."""

# No `from __future__ import annotations`: FastAPI must see the handlers' real annotations.

import asyncio
import http.client
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

import hooksig
import hooksig.django
import hooksig.fastapi
import hooksig.flask
from conftest import SECRETS, ServerThread, django_wsgi_app, serve_asgi, serve_django, serve_wsgi

FORM = "application/x-www-form-urlencoded"
TWILIO = SECRETS["twilio"]
FIELDS = {"CallSid": "CA1", "From": "+15551234567"}


def signed_form(url: str, body: bytes = urlencode(FIELDS).encode(), content_type: str = FORM) -> tuple[bytes, dict[str, str], str]:
    """A Twilio delivery to `url`: the body, the headers and the URL it was signed for
    (Twilio adds bodySHA256 to the URL of a body that is not a urlencoded form)."""
    signed = hooksig.sign("twilio", TWILIO, url=url, headers={"Content-Type": content_type}, body=body)
    return body, {"Content-Type": content_type, **signed.headers}, signed.url or url


def raw_post(server: ServerThread, target: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """POSTs with the target byte for byte as given (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(data)
    except ValueError:
        return response.status, data.decode("latin-1")


def multipart(fields: dict[str, str], file: bytes) -> tuple[bytes, str]:
    boundary = "hooksigboundary7f3a"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode() + file + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


# --- FastAPI: Form(...), File(...) and Pydantic bodies (item 5) -----------------------------


def fastapi_forms_app(installed: bool) -> Any:
    from fastapi import Depends, FastAPI, File, Form, UploadFile
    from pydantic import BaseModel

    class Event(BaseModel):
        event: str
        id: str

    app = FastAPI()
    if installed:
        hooksig.fastapi.install(app)
    twilio = hooksig.fastapi.webhook("twilio", TWILIO)
    retell = hooksig.fastapi.webhook("retell", SECRETS["retell"])

    @app.post("/form")
    async def form(CallSid: str = Form(...), From: str = Form(...), verified: hooksig.Verified = Depends(twilio)) -> dict[str, Any]:
        return {"CallSid": CallSid, "From": From, "scheme": verified.scheme}

    @app.post("/file")
    async def file(CallSid: str = Form(...), media: UploadFile = File(...), verified: hooksig.Verified = Depends(twilio)) -> dict[str, Any]:
        return {"CallSid": CallSid, "size": len(await media.read()), "scheme": verified.scheme}

    @app.post("/model")
    async def model(event: Event, verified: hooksig.Verified = Depends(retell)) -> dict[str, Any]:
        return {"event": event.event, "scheme": verified.scheme}

    return app


@pytest.fixture(scope="module")
def forms() -> Iterator[tuple[ServerThread, ServerThread]]:
    installed = serve_asgi("fastapi-forms", fastapi_forms_app(True))
    bare = serve_asgi("fastapi-forms-bare", fastapi_forms_app(False))
    yield installed, bare
    installed.stop()
    bare.stop()


def test_fastapi_form_parameters(forms: tuple[ServerThread, ServerThread]) -> None:
    """Before the fix: 500 `RuntimeError: Stream consumed`."""
    server, _ = forms
    body, headers, _ = signed_form(server.base + "/form")
    assert raw_post(server, "/form", body, headers) == (200, {**FIELDS, "scheme": "twilio-form"})
    tampered = body.replace(b"CA1", b"CA2")
    assert raw_post(server, "/form", tampered, headers) == (401, {"error": "signature_mismatch"})


def test_fastapi_file_parameters(forms: tuple[ServerThread, ServerThread]) -> None:
    server, _ = forms
    body, content_type = multipart({"CallSid": "CA1"}, b"\x00\x01" * 5000)
    body, headers, url = signed_form(server.base + "/file", body, content_type)
    target = url.removeprefix(server.base)
    assert "bodySHA256=" in target
    status, answer = raw_post(server, target, body, headers)
    assert (status, answer) == (200, {"CallSid": "CA1", "size": 10000, "scheme": "twilio-body-sha256"})
    assert raw_post(server, target, body.replace(b"CA1", b"CA2"), headers) == (401, {"error": "body_hash_mismatch"})


def test_fastapi_pydantic_body(forms: tuple[ServerThread, ServerThread]) -> None:
    server, bare = forms
    body = json.dumps({"event": "call_ended", "id": "c1"}).encode()
    signed = hooksig.sign("retell", SECRETS["retell"], body=body)
    headers = {"Content-Type": "application/json", **signed.headers}
    for each in (server, bare):  # FastAPI keeps a JSON body: no middleware needed
        assert raw_post(each, "/model", body, headers) == (200, {"event": "call_ended", "scheme": "retell"})
    assert raw_post(server, "/model", body.replace(b"c1", b"c2"), headers) == (401, {"error": "signature_mismatch"})
    # Without install(app), FastAPI's own handler shapes the answer; the status is the core's.
    assert raw_post(bare, "/model", body.replace(b"c1", b"c2"), headers) == (401, {"detail": "signature_mismatch"})


def test_fastapi_form_without_the_middleware_names_the_fix(forms: tuple[ServerThread, ServerThread], caplog: pytest.LogCaptureFixture) -> None:
    _, bare = forms
    body, headers, _ = signed_form(bare.base + "/form")
    with caplog.at_level("ERROR", logger="hooksig"):
        assert raw_post(bare, "/form", body, headers) == (500, {"detail": "raw_body_unavailable"})
    assert "hooksig.fastapi.install(app)" in caplog.text


# --- Bodies parsed before the adapter ran (item 8) ---------------------------------------------


def test_flask_before_request_that_reads_the_form() -> None:
    """Before the fix: every genuine delivery was a 401 signature_mismatch."""
    from flask import Flask, request

    app = Flask(__name__)
    reads: list[str] = []

    @app.before_request
    def peek() -> None:
        reads.append(request.form.get("CallSid", ""))

    @app.post("/hook")
    @hooksig.flask.webhook("twilio", TWILIO)
    def hook() -> str:
        return "ran"

    server = serve_wsgi("flask-peek", app)
    try:
        body, headers, _ = signed_form(server.base + "/hook")
        assert raw_post(server, "/hook", body, headers) == (500, {"error": "raw_body_unavailable"})
        assert reads == ["CA1"]
    finally:
        server.stop()


def test_flask_before_request_that_caches_the_body_first() -> None:
    """The fix the message names: `request.get_data(cache=True)` before `request.form`."""
    from flask import Flask, request

    app = Flask(__name__)

    @app.before_request
    def peek() -> None:
        request.get_data(cache=True)
        assert request.form["CallSid"] == "CA1"

    @app.post("/hook")
    @hooksig.flask.webhook("twilio", TWILIO)
    def hook() -> str:
        return request.form["From"]

    server = serve_wsgi("flask-peek-cached", app)
    try:
        body, headers, _ = signed_form(server.base + "/hook")
        assert raw_post(server, "/hook", body, headers) == (200, "+15551234567")
    finally:
        server.stop()


def test_flask_body_over_max_content_length() -> None:
    from flask import Flask

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1000

    @app.post("/hook")
    @hooksig.flask.webhook("twilio", TWILIO)
    def hook() -> str:
        return "ran"

    server = serve_wsgi("flask-limit", app)
    try:
        body, headers, _ = signed_form(server.base + "/hook", urlencode({"Body": "x" * 2000}).encode())
        assert raw_post(server, "/hook", body, headers) == (413, {"error": "body_too_large"})
    finally:
        server.stop()


def fastapi_peeking_app(install_before: bool, install_after: bool) -> Any:
    from fastapi import Depends, FastAPI, Request

    app = FastAPI()
    if install_before:
        hooksig.fastapi.install(app)

    @app.middleware("http")
    async def peek(request: Request, call_next: Any) -> Any:
        form = await request.form()
        request.scope.setdefault("peeked", form.get("CallSid"))
        return await call_next(request)

    if install_after:
        hooksig.fastapi.install(app)

    @app.post("/hook")
    async def hook(request: Request, verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("twilio", TWILIO))) -> dict[str, Any]:
        return {"scheme": verified.scheme, "peeked": request.scope.get("peeked")}

    return app


@pytest.mark.parametrize(
    "install_before, install_after, expected",
    [
        (False, True, (200, {"scheme": "twilio-form", "peeked": "CA1"})),  # the capture runs first
        (True, False, (500, {"error": "raw_body_unavailable"})),  # the middleware ran first
        (False, False, (500, {"detail": "raw_body_unavailable"})),
    ],
    ids=["installed-after", "installed-before", "not-installed"],
)
def test_fastapi_middleware_that_reads_the_form(install_before: bool, install_after: bool, expected: tuple[int, Any]) -> None:
    """Before the fix: 401 signature_mismatch for every genuine delivery."""
    server = serve_asgi("fastapi-peek", fastapi_peeking_app(install_before, install_after))
    try:
        body, headers, _ = signed_form(server.base + "/hook")
        assert raw_post(server, "/hook", body, headers) == expected
    finally:
        server.stop()


def django_server(patterns: list[Any], middleware: list[str], asgi: bool = False) -> ServerThread:
    from django.conf import settings

    module = __import__(__name__)
    setattr(module, "urlpatterns", patterns)
    handler = django_wsgi_app(__name__)  # configures Django, points it at this module
    settings.MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware", *middleware]
    try:
        if asgi:
            from django.core.handlers.asgi import ASGIHandler

            return serve_asgi("django-asgi", ASGIHandler())
        handler.load_middleware()
        return serve_django(handler)
    finally:
        settings.MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]


def peek_post_middleware(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A Django middleware that reads request.POST before the view."""

    def middleware(request: Any) -> Any:
        request.peeked = request.POST.get("CallSid")
        return get_response(request)

    return middleware


def test_django_middleware_that_reads_post() -> None:
    """Django keeps a urlencoded body after request.POST, not a multipart one: that request
    was a bare 500 (RawPostDataException) before the fix."""
    from django.http import HttpResponse
    from django.urls import path

    @hooksig.django.webhook("twilio", TWILIO)
    def hook(request: Any) -> HttpResponse:
        return HttpResponse(request.peeked)

    server = django_server([path("hook", hook)], [f"{__name__}.peek_post_middleware"])
    try:
        body, headers, _ = signed_form(server.base + "/hook")
        assert raw_post(server, "/hook", body, headers) == (200, "CA1")
        body, content_type = multipart({"CallSid": "CA1"}, b"data")
        body, headers, url = signed_form(server.base + "/hook", body, content_type)
        assert raw_post(server, url.removeprefix(server.base), body, headers) == (500, {"error": "raw_body_unavailable"})
    finally:
        server.stop()


# --- Percent-encoded targets (item 6) -----------------------------------------------------------

# Encodings the core's rebuild cannot restore once a server decoded them, then ones it can.
LOSSY = "/enc/a%7Eb%2Fc%27d%3Ae?x=%7E%2F%27%3A&y=a+b%20c"
NORMAL = "/enc/a%20b%C3%A9%25c?x=%7E%2F&y=a+b"


def encoded_apps() -> dict[str, Callable[[], ServerThread]]:
    def fastapi() -> ServerThread:
        from fastapi import Depends, FastAPI

        app = FastAPI()
        hooksig.fastapi.install(app)

        @app.post("/enc/{rest:path}")
        async def enc(rest: str, verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("twilio", TWILIO))) -> str:
            return verified.scheme

        return serve_asgi("fastapi-enc", app)

    def flask() -> ServerThread:
        from flask import Flask

        app = Flask(__name__)

        @app.post("/enc/<path:rest>")
        @hooksig.flask.webhook("twilio", TWILIO)
        def enc(rest: str) -> Any:
            return json.dumps("twilio-form")

        return serve_wsgi("flask-enc", app)

    def django(asgi: bool) -> ServerThread:
        from django.http import JsonResponse
        from django.urls import re_path

        @hooksig.django.webhook("twilio", TWILIO)
        def enc(request: Any) -> JsonResponse:
            return JsonResponse(request.webhook.scheme, safe=False)

        return django_server([re_path(r"^enc/", enc)], [], asgi=asgi)

    return {
        "fastapi-uvicorn": fastapi,
        "flask-werkzeug": flask,
        "django-asgi-uvicorn": lambda: django(True),
        "django-runserver": lambda: django(False),
    }


@pytest.mark.parametrize("server_name", list(encoded_apps()))
def test_percent_encoded_targets(server_name: str) -> None:
    """The raw target wherever the server keeps one: every encoding verifies. Django's
    runserver (wsgiref) keeps none: the core's rebuild restores the normal form only, and the
    README says so. Before the fix, Django under ASGI lost `%7E`... and `%25` everywhere."""
    server = encoded_apps()[server_name]()
    try:
        for target in (NORMAL, LOSSY):
            body, headers, _ = signed_form(server.base + target)
            status, answer = raw_post(server, target, body, headers)
            if server_name == "django-runserver" and target == LOSSY:
                assert (status, answer) == (401, {"error": "signature_mismatch"})
            else:
                assert (status, answer) == (200, "twilio-form"), target
    finally:
        server.stop()


# --- Unsigned bodies through every adapter ----------------------------------------------------


def unsigned_body_apps(allow: bool) -> dict[str, Callable[[], ServerThread]]:
    secret = SECRETS["plivo"]

    def fastapi() -> ServerThread:
        from fastapi import Depends, FastAPI

        app = FastAPI()
        hooksig.fastapi.install(app)

        @app.post("/sms")
        async def sms(verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("plivo", secret, allow_unsigned_body=allow))) -> Any:
            return verified.covers.body

        return serve_asgi("fastapi-sms", app)

    def flask() -> ServerThread:
        from flask import Flask, g

        app = Flask(__name__)

        @app.post("/sms")
        @hooksig.flask.webhook("plivo", secret, allow_unsigned_body=allow)
        def sms() -> Any:
            return json.dumps(g.webhook.covers.body)

        return serve_wsgi("flask-sms", app)

    def django() -> ServerThread:
        from django.http import JsonResponse
        from django.urls import path

        @hooksig.django.webhook("plivo", secret, allow_unsigned_body=allow)
        def sms(request: Any) -> JsonResponse:
            return JsonResponse(request.webhook.covers.body, safe=False)

        return django_server([path("sms", sms)], [])

    return {"fastapi": fastapi, "flask": flask, "django": django}


@pytest.mark.parametrize("framework", ["fastapi", "flask", "django"])
@pytest.mark.parametrize("allow", [False, True], ids=["default", "allow_unsigned_body"])
def test_plivo_v2_body_through_the_adapters(framework: str, allow: bool) -> None:
    server = unsigned_body_apps(allow)[framework]()
    try:
        url = server.base + "/sms"
        body = urlencode({"From": "14155550123", "Text": "hi"}).encode()
        signed = hooksig.sign("plivo", SECRETS["plivo"], url=url, headers={"Content-Type": FORM}, body=body, scheme="plivo-v2", nonce="98765")
        expected = (200, False) if allow else (401, {"error": "body_not_covered"})
        assert raw_post(server, "/sms", body, {"Content-Type": FORM, **signed.headers}) == expected
    finally:
        server.stop()


# --- Large bodies off the event loop (item 13), the user's own errors (item 7) ------------------


def test_fastapi_verifies_large_bodies_off_the_event_loop() -> None:
    """While a 100 KiB body is being verified, the loop answers another request: the verify
    waits for an event only that request sets. On the loop, it could never be set."""
    from fastapi import Depends, FastAPI

    app = FastAPI()
    hooksig.fastapi.install(app)
    dependency = hooksig.fastapi.webhook("retell", SECRETS["retell"])
    guard = dependency.guard  # type: ignore[attr-defined]
    entered, pinged = threading.Event(), threading.Event()
    threads: dict[str, int] = {}
    served_meanwhile: list[bool] = []
    real_verify = guard.verify

    def verify(**parts: Any) -> hooksig.Verified:
        threads["verify"] = threading.get_ident()
        entered.set()
        served_meanwhile.append(pinged.wait(timeout=20))
        return real_verify(**parts)

    guard.verify = verify

    @app.post("/hook")
    async def hook(verified: hooksig.Verified = Depends(dependency)) -> str:
        return verified.scheme

    @app.get("/ping")
    async def ping() -> str:
        threads["loop"] = threading.get_ident()
        pinged.set()
        return "pong"

    server = serve_asgi("fastapi-offload", app)
    try:
        body = json.dumps({"event": "call_ended", "pad": "x" * (100 << 10)}).encode()
        assert len(body) >= hooksig.fastapi.THREAD_MIN_BODY
        signed = hooksig.sign("retell", SECRETS["retell"], body=body)
        result: list[tuple[int, Any]] = []
        poster = threading.Thread(target=lambda: result.append(raw_post(server, "/hook", body, signed.headers)))
        poster.start()
        assert entered.wait(timeout=20)
        assert httpx.get(server.base + "/ping", timeout=20).text == '"pong"'
        poster.join()
        assert result == [(200, "retell")]
        assert served_meanwhile == [True]
        assert threads["verify"] != threads["loop"]
    finally:
        server.stop()


def test_an_error_in_the_users_handler_is_not_a_rejection() -> None:
    """Before the fix, the fallback handler answered any exception it was given as a 401
    signature_mismatch."""
    from fastapi import Depends, FastAPI

    app = FastAPI()
    hooksig.fastapi.install(app)
    app.add_exception_handler(Exception, hooksig.fastapi.rejection_handler)

    @app.post("/hook")
    async def hook(verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("retell", SECRETS["retell"]))) -> str:
        raise LookupError("the user's own bug")

    server = serve_asgi("fastapi-user-error", app)
    try:
        body = b"{}"
        signed = hooksig.sign("retell", SECRETS["retell"], body=body)
        status, _ = raw_post(server, "/hook", body, signed.headers)
        assert status == 500
    finally:
        server.stop()
    with pytest.raises(LookupError):
        asyncio.run(hooksig.fastapi.rejection_handler(None, LookupError("x")))  # type: ignore[arg-type]
