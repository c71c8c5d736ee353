"""hooksig.aiohttp beyond the conformance table, under aiohttp's own server on 127.0.0.1: a
class-based view, the fix a consumed stream names, a Content-Length over client_max_size
refused before reading."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web

import hooksig
import hooksig.aiohttp
from conftest import SECRETS, ServerThread, serve_aiohttp

TWILIO = SECRETS["twilio"]
FORM = "application/x-www-form-urlencoded"


def post(server: ServerThread, target: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(data)
    except ValueError:
        return response.status, data.decode()


def twilio_delivery(url: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode({"CallSid": "CA1"}).encode()
    signed = hooksig.sign("twilio", TWILIO, url=url, headers={"Content-Type": FORM}, body=body)
    return body, {"Content-Type": FORM, **signed.headers}


def test_class_based_view_and_the_consumed_stream_fix(caplog: pytest.LogCaptureFixture) -> None:
    class Hook(web.View):
        @hooksig.aiohttp.webhook("twilio", TWILIO)
        async def post(self) -> web.Response:
            form = await self.request.post()
            return web.json_response({"CallSid": form["CallSid"], "scheme": self.request[hooksig.aiohttp.VERIFIED].scheme})

    @web.middleware
    async def eat(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/eaten":
            await request.content.read()
        return await handler(request)

    app = web.Application(middlewares=[eat])
    app.router.add_view("/hook", Hook)
    app.router.add_view("/eaten", Hook)
    server = serve_aiohttp("aiohttp-view", app)
    try:
        body, headers = twilio_delivery(server.base + "/hook")
        assert post(server, "/hook", body, headers) == (200, {"CallSid": "CA1", "scheme": "twilio-form"})
        body, headers = twilio_delivery(server.base + "/eaten")
        with caplog.at_level("ERROR", logger="hooksig"):
            assert post(server, "/eaten", body, headers) == (500, {"error": "raw_body_unavailable"})
        assert "await request.read()" in caplog.text
    finally:
        server.stop()


def test_declared_length_over_client_max_size_is_refused_before_reading() -> None:
    read: list[bool] = []

    @web.middleware
    async def watch(request: web.Request, handler: Any) -> web.StreamResponse:
        response = await handler(request)
        read.append(request.content.at_eof())
        return response

    app = web.Application(client_max_size=1000, middlewares=[watch, hooksig.aiohttp.middleware({"/hook": {"provider": "twilio", "secret": TWILIO}})])

    async def hook(request: web.Request) -> web.Response:
        return web.Response(text="ran")

    app.router.add_post("/hook", hook)
    server = serve_aiohttp("aiohttp-limit", app)
    try:
        body = urlencode({"Body": "x" * 5000}).encode()
        signed = hooksig.sign("twilio", TWILIO, url=server.base + "/hook", headers={"Content-Type": FORM}, body=body)
        assert post(server, "/hook", body, {"Content-Type": FORM, **signed.headers}) == (413, {"error": "body_too_large"})
        assert read == [False]  # the body was never read
    finally:
        server.stop()


def test_decorating_something_that_is_not_a_handler() -> None:
    import asyncio

    @hooksig.aiohttp.webhook("twilio", TWILIO)
    async def not_a_handler(x: object) -> web.Response:
        return web.Response()

    with pytest.raises(TypeError, match="handler taking the request"):
        asyncio.run(not_a_handler("x"))
