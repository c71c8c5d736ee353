"""The same webhook endpoints in FastAPI, Flask and Django, each using its hooksig adapter the
way the README shows. Every handler records that it ran and echoes the parsed body, proving
the body is still readable after verification."""

# No `from __future__ import annotations`: FastAPI must see the handlers' real annotations,
# and the apps import their frameworks inside the builder functions.

from typing import Any

from conftest import SECRETS

JSON_PROVIDERS = ("retell", "ranked")
FORM_PROVIDERS = ("signalwire", "twilio", "plivo")
PUBLIC_BASE = "https://example.com"

# (path, provider, adapter options, method): one route per provider, Twilio behind a proxy
# with each URL policy, and Twilio configured to call with GET.
ROUTES: list[tuple[str, str, dict[str, Any], str]] = [
    *[(f"/hooks/{p}", p, {}, "POST") for p in (*JSON_PROVIDERS, *FORM_PROVIDERS)],
    ("/trusted/twilio", "twilio", {"trust_forwarded": True}, "POST"),
    ("/public/twilio", "twilio", {"public_url": PUBLIC_BASE}, "POST"),
    ("/get/twilio", "twilio", {}, "GET"),
]


def parsed_body(provider: str, method: str, json_body: Any, form: Any, query: Any) -> Any:
    if method == "GET":
        return dict(query)
    return json_body() if provider in JSON_PROVIDERS else dict(form())


def fastapi_app(calls: list[str]) -> Any:
    from fastapi import Depends, FastAPI, Request

    import hooksig
    import hooksig.fastapi

    app = FastAPI()
    hooksig.fastapi.install(app)

    def add(path: str, provider: str, options: dict[str, Any], method: str) -> None:
        dependency = hooksig.fastapi.webhook(provider, secret=SECRETS[provider], **options)

        @app.api_route(path, methods=[method])
        async def handler(request: Request, verified: hooksig.Verified = Depends(dependency)) -> dict[str, Any]:
            calls.append(path)
            if method == "GET":
                parsed: Any = dict(request.query_params)
            elif provider in JSON_PROVIDERS:
                parsed = await request.json()
            else:
                parsed = dict(await request.form())
            assert request.state.webhook is verified
            return {"scheme": verified.scheme, "body": parsed}

    for route in ROUTES:
        add(*route)
    return app


def flask_app(calls: list[str]) -> Any:
    from flask import Flask, g, request

    import hooksig.flask

    app = Flask(__name__)

    def add(path: str, provider: str, options: dict[str, Any], method: str) -> None:
        @hooksig.flask.webhook(provider, secret=SECRETS[provider], **options)
        def handler() -> dict[str, Any]:
            calls.append(path)
            parsed = parsed_body(provider, method, request.get_json, request.form.to_dict, request.args.to_dict())
            return {"scheme": g.webhook.scheme, "body": parsed}

        app.add_url_rule(path, endpoint=path, view_func=handler, methods=[method])

    for route in ROUTES:
        add(*route)
    return app


def django_app(calls: list[str]) -> Any:
    import json

    from conftest import django_wsgi_app

    from django.http import HttpRequest, JsonResponse
    from django.urls import path as route

    import hooksig.django

    patterns = []

    def add(path: str, provider: str, options: dict[str, Any], method: str) -> None:
        @hooksig.django.webhook(provider, secret=SECRETS[provider], **options)
        def handler(request: HttpRequest) -> JsonResponse:
            calls.append(path)
            parsed = parsed_body(provider, method, lambda: json.loads(request.body), request.POST.dict, request.GET.dict())
            return JsonResponse({"scheme": request.webhook.scheme, "body": parsed})

        patterns.append(route(path.lstrip("/"), handler))

    for r in ROUTES:
        add(*r)
    globals()["urlpatterns"] = patterns
    return django_wsgi_app(__name__)
