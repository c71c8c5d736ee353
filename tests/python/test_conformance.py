"""One conformance table: every Python adapter x the same cases, each adapter under its real
server on 127.0.0.1 (Lambda: realistic events handed to the wrapped handler).

A new adapter gets the same checks by adding a row to ADAPTERS: an app with the endpoints
below, built with that adapter the way the README shows.

    POST /c/json        Retell (JSON, signs a timestamp)
    POST /c/form        Twilio (urlencoded form, signs the URL)
    POST /c/enc/<rest>  Twilio, reached through a percent-encoded path and query
    POST /c/consumed    Twilio, behind something that consumed the body's stream first

Each handler answers {"scheme": verified.scheme, "body": <the body as the framework parses
it>}, so a 200 also proves the body stayed readable. Every adapter's body limit is LIMIT.

# Handshake and duplicate columns: not yet. They arrive with issues 14 (handshakes) and 15
# (the duplicate guard); each adds its column here, for every row.
"""

# No `from __future__ import annotations`: FastAPI and Litestar must see real annotations.

import base64
import http.client
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

import pytest

import hooksig
import hooksig.aiohttp
import hooksig.asgi
import hooksig.aws_lambda
import hooksig.django
import hooksig.fastapi
import hooksig.flask
from conftest import (
    SECRETS,
    WRONG_SECRETS,
    ServerThread,
    django_wsgi_app,
    serve_aiohttp,
    serve_asgi,
    serve_django,
    serve_hypercorn,
    serve_wsgi,
)

LIMIT = 100_000
FORM = "application/x-www-form-urlencoded"
FIELDS = {"CallSid": "CA1", "From": "+15551234567"}
EVENT = {"event": "call_ended", "id": "c1"}
ENCODED = "/c/enc/a%20b%C3%A9%25c?x=%7E%2F&y=a+b"  # path and query, percent-encoded

ROUTES: dict[str, Any] = {
    "/c/json": {"provider": "retell", "secret": SECRETS["retell"]},
    "/c/form": {"provider": "twilio", "secret": SECRETS["twilio"]},
    "/c/enc/*": {"provider": "twilio", "secret": SECRETS["twilio"]},
    "/c/consumed": {"provider": "twilio", "secret": SECRETS["twilio"]},
}


def provider_of(path: str) -> str:
    return "retell" if path == "/c/json" else "twilio"


# --- The cases: what is sent, and what must come back -------------------------------------------


@dataclass
class Sent:
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Case:
    name: str
    status: int
    answer: Any  # the JSON answer expected (a 200's {"scheme", "body"}, or {"error": code})
    build: Callable[[str], Sent]  # base URL -> the request
    not_for: dict[str, str] = field(default_factory=dict)  # adapter -> why it does not apply
    # adapter -> (status, answer, why): a documented limit of what the adapter can gather
    differs: dict[str, tuple[int, Any, str]] = field(default_factory=dict)


def signed(base: str, target: str, body: bytes, content_type: str, *, secret: str | None = None, now: float | None = None) -> Sent:
    provider = provider_of(urlsplit(target).path)
    out = hooksig.sign(provider, secret or SECRETS[provider], url=base + target, headers={"Content-Type": content_type}, body=body, now=now)
    assert out.url in (None, base + target)
    return Sent(target, {"Content-Type": content_type, **out.headers}, body)


def json_delivery(base: str, **kw: Any) -> Sent:
    return signed(base, "/c/json", json.dumps(EVENT).encode(), "application/json", **kw)


def form_delivery(base: str, target: str = "/c/form", **kw: Any) -> Sent:
    return signed(base, target, urlencode(FIELDS).encode(), FORM, **kw)


def tampered(base: str) -> Sent:
    sent = form_delivery(base)
    return Sent(sent.target, sent.headers, sent.body.replace(b"CA1", b"CA2"))


def over_limit(base: str) -> Sent:
    return signed(base, "/c/json", json.dumps({**EVENT, "pad": "x" * LIMIT}).encode(), "application/json")


def refused(code: str) -> dict[str, str]:
    return {"error": code}


NOT_A_STREAM = "reads the body itself before anything else can"
LAMBDA_LIMIT = "AWS refuses a payload over 6 MB before the function runs"
LAMBDA_STREAM = "the event holds the whole body; there is no stream"

CASES = [
    Case("genuine json", 200, {"scheme": "retell", "body": EVENT}, json_delivery),
    Case("genuine form", 200, {"scheme": "twilio-form", "body": FIELDS}, form_delivery),
    Case("tampered", 401, refused("signature_mismatch"), tampered),
    Case("wrong secret", 401, refused("signature_mismatch"), lambda b: form_delivery(b, secret=WRONG_SECRETS["twilio"])),
    Case("stale", 401, refused("timestamp_out_of_tolerance"), lambda b: json_delivery(b, now=time.time() - 3600)),
    Case("no signature", 401, refused("missing_header"), lambda b: Sent("/c/form", {"Content-Type": FORM}, urlencode(FIELDS).encode())),
    Case(
        "percent-encoded",
        200,
        {"scheme": "twilio-form", "body": FIELDS},
        lambda b: form_delivery(b, ENCODED),
        differs={
            "lambda-rest-v1": (
                401,
                refused("signature_mismatch"),
                "a REST API event holds the query decoded only; %7E%2F and + re-encode as ~/ and %20",
            )
        },
    ),
    Case(
        "over the limit",
        413,
        refused("body_too_large"),
        over_limit,
        not_for={a: LAMBDA_LIMIT for a in ("lambda-http-api-v2", "lambda-function-url", "lambda-rest-v1", "lambda-alb")},
    ),
    Case(
        "consumed stream",
        500,
        refused("raw_body_unavailable"),
        lambda b: form_delivery(b, "/c/consumed"),
        not_for={
            **{a: NOT_A_STREAM for a in ("asgi-starlette-uvicorn", "asgi-starlette-hypercorn", "asgi-fastapi-uvicorn",
                                         "asgi-django-uvicorn", "asgi-litestar-uvicorn", "asgi-quart-hypercorn")},
            **{a: LAMBDA_STREAM for a in ("lambda-http-api-v2", "lambda-function-url", "lambda-rest-v1", "lambda-alb")},
        },
    ),
]


# --- The apps, one per adapter ----------------------------------------------------------------


def parse(path: str, body: bytes) -> Any:
    from urllib.parse import parse_qsl

    return json.loads(body) if path == "/c/json" else dict(parse_qsl(body.decode()))


def fastapi_dependency_app() -> Any:
    from fastapi import Depends, FastAPI, Request

    app = FastAPI()
    hooksig.fastapi.install(app, limit=LIMIT)

    @app.middleware("http")
    async def consume(request: Request, call_next: Any) -> Any:
        if request.url.path == "/c/consumed":
            await request.form()  # parses the stream and keeps no raw bytes
        return await call_next(request)

    def add(path: str, route: str) -> None:
        dependency = hooksig.fastapi.webhook(**ROUTES[path])

        @app.post(route)
        async def handler(request: Request, verified: hooksig.Verified = Depends(dependency)) -> Any:
            body = await request.json() if path == "/c/json" else dict(await request.form())
            return {"scheme": verified.scheme, "body": body}

    for path, route in [("/c/json", "/c/json"), ("/c/form", "/c/form"), ("/c/enc/*", "/c/enc/{rest:path}"), ("/c/consumed", "/c/consumed")]:
        add(path, route)
    return app


def flask_app() -> Any:
    from flask import Flask, g, request

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = LIMIT

    @app.before_request
    def consume() -> None:
        if request.path == "/c/consumed":
            request.form.get("CallSid")  # Werkzeug parses the stream, keeps no raw bytes

    def add(path: str, route: str) -> None:
        @hooksig.flask.webhook(**ROUTES[path])
        def handler(**_: Any) -> Any:
            body = request.get_json() if path == "/c/json" else request.form.to_dict()
            return {"scheme": g.webhook.scheme, "body": body}

        app.add_url_rule(route, endpoint=route, view_func=handler, methods=["POST"])

    for path, route in [("/c/json", "/c/json"), ("/c/form", "/c/form"), ("/c/enc/*", "/c/enc/<path:rest>"), ("/c/consumed", "/c/consumed")]:
        add(path, route)
    return app


def consume_django_stream(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A Django middleware that reads the stream of /c/consumed before the view."""

    def middleware(request: Any) -> Any:
        if request.path == "/c/consumed":
            request.read()
        return get_response(request)

    return middleware


def django_urlpatterns() -> list[Any]:
    from django.http import JsonResponse
    from django.urls import path as route
    from django.urls import re_path

    def add(path: str) -> Any:
        @hooksig.django.webhook(**ROUTES[path])
        def handler(request: Any) -> JsonResponse:
            body = json.loads(request.body) if path == "/c/json" else request.POST.dict()
            return JsonResponse({"scheme": request.webhook.scheme, "body": body})

        return handler

    return [
        route("c/json", add("/c/json")),
        route("c/form", add("/c/form")),
        re_path(r"^c/enc/", add("/c/enc/*")),
        route("c/consumed", add("/c/consumed")),
    ]


def django_handler(asgi: bool) -> Any:
    """Django's WSGI or ASGI handler for this module's URLconf, the stream consumer in its
    middleware and LIMIT as DATA_UPLOAD_MAX_MEMORY_SIZE (both read per request, so set for
    the module: see the `django_settings` fixture)."""
    django_wsgi_app(__name__)
    if asgi:
        from django.core.handlers.asgi import ASGIHandler

        return ASGIHandler()
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def starlette_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def handler(request: Request) -> JSONResponse:
        verified = hooksig.asgi.result(request.scope)
        assert verified is not None
        path = request.url.path
        body = await request.json() if path == "/c/json" else dict(await request.form())
        return JSONResponse({"scheme": verified.scheme, "body": body})

    routes = [Route(p, handler, methods=["POST"]) for p in ("/c/json", "/c/form", "/c/enc/{rest:path}", "/c/consumed")]
    return hooksig.asgi.WebhookMiddleware(Starlette(routes=routes), routes=ROUTES, max_body=LIMIT)


def fastapi_middleware_app() -> Any:
    """FastAPI under the middleware, with Form(...) parameters and no install(app): the
    dependency takes the middleware's result."""
    from fastapi import Depends, FastAPI, Form, Request

    app = FastAPI()
    json_dep = hooksig.fastapi.webhook(**ROUTES["/c/json"])
    form_dep = hooksig.fastapi.webhook(**ROUTES["/c/form"])
    for dependency in (json_dep, form_dep):
        dependency.guard.verify = _must_not_run  # type: ignore[attr-defined]

    @app.post("/c/json")
    async def on_json(request: Request, verified: hooksig.Verified = Depends(json_dep)) -> Any:
        return {"scheme": verified.scheme, "body": await request.json()}

    @app.post("/c/form")
    @app.post("/c/enc/{rest:path}")
    async def on_form(CallSid: str = Form(...), From: str = Form(...), verified: hooksig.Verified = Depends(form_dep)) -> Any:
        return {"scheme": verified.scheme, "body": {"CallSid": CallSid, "From": From}}

    return hooksig.asgi.WebhookMiddleware(app, routes=ROUTES, max_body=LIMIT)


def _must_not_run(**_: Any) -> hooksig.Verified:
    raise AssertionError("the dependency verified a request the middleware had verified")


def litestar_app() -> Any:
    from litestar import Litestar, Request, post

    @post(["/c/json", "/c/form", "/c/consumed", "/c/enc/{rest:path}"], status_code=200)
    async def handler(request: Request[Any, Any, Any]) -> dict[str, Any]:
        verified = hooksig.asgi.result(request.scope)  # type: ignore[arg-type]
        assert verified is not None
        path = request.url.path
        body = await request.json() if path == "/c/json" else dict(await request.form())
        return {"scheme": verified.scheme, "body": body}

    return hooksig.asgi.WebhookMiddleware(Litestar([handler]), routes=ROUTES, max_body=LIMIT)


def quart_app() -> Any:
    from quart import Quart, request

    app = Quart(__name__)

    @app.post("/c/json")
    @app.post("/c/form")
    @app.post("/c/enc/<path:rest>")
    async def handler(**_: Any) -> Any:
        verified = hooksig.asgi.result(request.scope)
        assert verified is not None
        body = await request.get_json() if request.path == "/c/json" else (await request.form).to_dict()
        return {"scheme": verified.scheme, "body": body}

    return hooksig.asgi.WebhookMiddleware(app, routes=ROUTES, max_body=LIMIT)


def aiohttp_app(decorator: bool) -> Any:
    from aiohttp import web

    @web.middleware
    async def consume(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/c/consumed":
            await request.content.read()  # the stream, past aiohttp's cache
        return await handler(request)

    async def echo(request: web.Request) -> web.Response:
        verified = request[hooksig.aiohttp.VERIFIED]
        body = await request.json() if request.path == "/c/json" else dict(await request.post())
        return web.json_response({"scheme": verified.scheme, "body": body})

    if decorator:
        app = web.Application(client_max_size=LIMIT, middlewares=[consume])
        for path, route in [("/c/json", "/c/json"), ("/c/form", "/c/form"), ("/c/enc/*", "/c/enc/{rest:.*}"), ("/c/consumed", "/c/consumed")]:
            app.router.add_post(route, hooksig.aiohttp.webhook(**ROUTES[path])(echo))
        return app
    # The consumer runs before hooksig's middleware here: the misordering the error names.
    app = web.Application(client_max_size=LIMIT, middlewares=[consume, hooksig.aiohttp.middleware(ROUTES)])
    for route in ("/c/json", "/c/form", "/c/enc/{rest:.*}", "/c/consumed"):
        app.router.add_post(route, echo)
    return app


# --- Lambda: the request as each event shape carries it ---------------------------------------

LAMBDA_HOST = "abc123.execute-api.us-east-1.amazonaws.com"


def lambda_event(kind: str, sent: Sent) -> dict[str, Any]:
    """The event AWS hands the function for this request (shapes as in tests/python/fixtures)."""
    path, _, query = sent.target.partition("?")
    headers = {name.lower(): value for name, value in sent.headers.items()}
    headers["host"] = LAMBDA_HOST
    encoded = base64.b64encode(sent.body).decode()
    if kind in ("http-api-v2", "function-url"):
        domain = LAMBDA_HOST if kind == "http-api-v2" else "abc123.lambda-url.us-east-1.on.aws"
        headers["host"] = domain
        return {
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": unquote(path) if kind == "http-api-v2" else path,  # an HTTP API decodes it
            "rawQueryString": query,
            "headers": headers,
            "requestContext": {"domainName": domain, "http": {"method": "POST", "path": unquote(path)}},
            "body": encoded,
            "isBase64Encoded": True,
        }
    multi_query: dict[str, list[str]] = {}
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        if kind == "alb":
            multi_query.setdefault(key, []).append(value)
        else:
            multi_query.setdefault(unquote(key.replace("+", " ")), []).append(unquote(value.replace("+", " ")))
    if kind == "alb":
        return {
            "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/hooks/1"}},
            "httpMethod": "POST",
            "path": path,
            "multiValueQueryStringParameters": multi_query,
            "multiValueHeaders": {name: [value] for name, value in {**headers, "x-forwarded-proto": "https"}.items()},
            "body": sent.body.decode(),
            "isBase64Encoded": False,
        }
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "POST",
        "headers": sent.headers | {"Host": LAMBDA_HOST},
        "multiValueHeaders": {name: [value] for name, value in (sent.headers | {"Host": LAMBDA_HOST}).items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "requestContext": {"domainName": LAMBDA_HOST, "path": path, "stage": "$default", "httpMethod": "POST"},
        "body": sent.body.decode(),
        "isBase64Encoded": False,
    }


def lambda_handlers() -> dict[str, Callable[[Any, Any], Any]]:
    def handler_for(path: str) -> Callable[[Any, Any], Any]:
        @hooksig.aws_lambda.webhook(**ROUTES[path])
        def handler(event: Any, context: Any, verified: hooksig.Verified) -> dict[str, Any]:
            body = parse(path, hooksig.aws_lambda.body(event))
            return {"statusCode": 200, "body": json.dumps({"scheme": verified.scheme, "body": body})}

        return handler

    return {path: handler_for(path) for path in ROUTES}


# --- Running them -------------------------------------------------------------------------------


class Adapter:
    """A running adapter: `send` posts a request to it and gives (status, JSON answer)."""

    base = ""

    def send(self, sent: Sent) -> tuple[int, Any]:
        raise NotImplementedError

    def stop(self) -> None:
        pass


class Served(Adapter):
    def __init__(self, server: ServerThread) -> None:
        self.server = server
        self.base = server.base

    def send(self, sent: Sent) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=20)
        try:
            connection.request("POST", sent.target, body=sent.body, headers=sent.headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data.decode("latin-1")[:200]

    def stop(self) -> None:
        self.server.stop()


class Lambda(Adapter):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.handlers = lambda_handlers()
        self.base = "https://" + ("abc123.lambda-url.us-east-1.on.aws" if kind == "function-url" else LAMBDA_HOST)

    def send(self, sent: Sent) -> tuple[int, Any]:
        path = urlsplit(sent.target).path
        route = "/c/enc/*" if path.startswith("/c/enc/") else path
        response = self.handlers[route](lambda_event(self.kind, sent), None)
        if self.kind == "alb" and response["statusCode"] != 200:
            assert response["statusDescription"].startswith(str(response["statusCode"]))
            assert response["multiValueHeaders"] == {"content-type": ["application/json"]}
        return response["statusCode"], json.loads(response["body"])


ADAPTERS: dict[str, Callable[[], Adapter]] = {
    "fastapi-dependency-uvicorn": lambda: Served(serve_asgi("c-fastapi", fastapi_dependency_app())),
    "flask-werkzeug": lambda: Served(serve_wsgi("c-flask", flask_app())),
    "django-wsgi": lambda: Served(serve_django(django_handler(asgi=False))),
    "django-asgi-uvicorn": lambda: Served(serve_asgi("c-django-asgi", django_handler(asgi=True))),
    "asgi-starlette-uvicorn": lambda: Served(serve_asgi("c-starlette", starlette_app())),
    "asgi-starlette-hypercorn": lambda: Served(serve_hypercorn("c-starlette-h", starlette_app())),
    "asgi-fastapi-uvicorn": lambda: Served(serve_asgi("c-fastapi-mw", fastapi_middleware_app())),
    "asgi-django-uvicorn": lambda: Served(
        serve_asgi("c-django-mw", hooksig.asgi.WebhookMiddleware(django_handler(asgi=True), routes=ROUTES, max_body=LIMIT))
    ),
    "asgi-litestar-uvicorn": lambda: Served(serve_asgi("c-litestar", litestar_app())),
    "asgi-quart-hypercorn": lambda: Served(serve_hypercorn("c-quart", quart_app())),
    "aiohttp-decorator": lambda: Served(serve_aiohttp("c-aiohttp", aiohttp_app(decorator=True))),
    "aiohttp-middleware": lambda: Served(serve_aiohttp("c-aiohttp-mw", aiohttp_app(decorator=False))),
    "lambda-http-api-v2": lambda: Lambda("http-api-v2"),
    "lambda-function-url": lambda: Lambda("function-url"),
    "lambda-rest-v1": lambda: Lambda("rest-v1"),
    "lambda-alb": lambda: Lambda("alb"),
}

#: adapter -> case -> "status ok" or what came back; printed at the end of the session.
RESULTS: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module", autouse=True)
def django_settings() -> Iterator[None]:
    from django.conf import settings

    django_wsgi_app(__name__)
    saved = settings.MIDDLEWARE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    settings.MIDDLEWARE = [*saved[0], f"{__name__}.consume_django_stream"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    yield
    settings.MIDDLEWARE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE = saved


urlpatterns: list[Any] = []


@pytest.fixture(scope="module", params=list(ADAPTERS))
def adapter(request: pytest.FixtureRequest, django_settings: None) -> Iterator[tuple[str, Adapter]]:
    if not urlpatterns:
        urlpatterns.extend(django_urlpatterns())
    running = ADAPTERS[request.param]()
    yield request.param, running
    running.stop()


@pytest.mark.parametrize("case", CASES, ids=[c.name.replace(" ", "-") for c in CASES])
def test_conformance(adapter: tuple[str, Adapter], case: Case) -> None:
    name, running = adapter
    row = RESULTS.setdefault(name, {})
    if name in case.not_for:
        row[case.name] = "n/a"
        return  # not a skip: the case has no meaning for this adapter (see `not_for`)
    expected: tuple[int, Any] = (case.status, case.answer)
    mark = "ok"
    if name in case.differs:
        expected, mark = case.differs[name][:2], "ok (limit)"
    status, answer = running.send(case.build(running.base))
    row[case.name] = f"{status} {mark}" if (status, answer) == expected else f"{status} WRONG {answer}"
    assert (status, answer) == expected


def conformance_table() -> str:
    if not RESULTS:
        return ""
    names = [c.name for c in CASES]
    width = max(len(n) for n in RESULTS)
    lines = [f"{'adapter':<{width}}  " + "  ".join(f"{n:<15}" for n in names)]
    for adapter_name, row in RESULTS.items():
        lines.append(f"{adapter_name:<{width}}  " + "  ".join(f"{row.get(n, '-'):<15}" for n in names))
    return "\n".join(lines)
