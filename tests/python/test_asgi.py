"""hooksig.asgi.WebhookMiddleware beyond the conformance table: the replayed receive, a
streamed body over the limit, a client that leaves, routes and their specs, large bodies off
the loop, and the FastAPI dependency under the middleware."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import hooksig
import hooksig.asgi
import hooksig.fastapi
from conftest import SECRETS, serve_asgi, serve_hypercorn

RETELL = SECRETS["retell"]
BODY = json.dumps({"event": "call_ended", "id": "c1"}).encode()


def retell_headers(body: bytes = BODY) -> list[tuple[bytes, bytes]]:
    signed = hooksig.sign("retell", RETELL, body=body)
    return [(b"content-type", b"application/json"), *((k.lower().encode(), v.encode()) for k, v in signed.headers.items())]


def scope(path: str = "/hook", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000"), *(headers or [])],
        "server": ("127.0.0.1", 8000),
    }


class Recorder:
    """An ASGI app that reads every message it is given until `reads` are done, and answers 200."""

    def __init__(self, reads: int = 2) -> None:
        self.reads = reads
        self.messages: list[dict[str, Any]] = []
        self.scope: dict[str, Any] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan" and self.reads:  # under a real server
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        self.scope = scope
        for _ in range(self.reads):
            self.messages.append(dict(await receive()))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def run(app: Any, request_scope: dict[str, Any], incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    queue = list(incoming)

    async def receive() -> dict[str, Any]:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    asyncio.run(app(request_scope, receive, send))
    return sent


def chunks(body: bytes, size: int) -> list[dict[str, Any]]:
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    return [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]


def test_replays_the_whole_body_once_then_passes_messages_through() -> None:
    inner = Recorder(reads=2)
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}})
    sent = run(app, scope(headers=retell_headers()), [*chunks(BODY, 7), {"type": "http.disconnect"}])
    assert sent[0]["status"] == 200
    assert inner.messages == [{"type": "http.request", "body": BODY, "more_body": False}, {"type": "http.disconnect"}]
    assert inner.scope is not None and hooksig.asgi.result(inner.scope) == inner.scope["hooksig"]
    assert inner.scope["hooksig"].provider == "retell"


def test_refusal_is_answered_without_the_app() -> None:
    inner = Recorder()
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}})
    sent = run(app, scope(headers=retell_headers()), chunks(BODY.replace(b"c1", b"c2"), 1000))
    assert sent[0]["status"] == 401
    assert (b"content-type", b"application/json") in sent[0]["headers"]
    assert json.loads(sent[1]["body"]) == {"error": "signature_mismatch"}
    assert inner.scope is None


def test_other_paths_and_scope_types_are_untouched() -> None:
    inner = Recorder(reads=2)
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}})
    incoming = chunks(b"abcdef", 2)
    run(app, scope("/other"), incoming)
    assert inner.messages == chunks(b"abcdef", 2)[:2]  # as the server sent them, not buffered
    assert "hooksig" not in (inner.scope or {})
    lifespan = Recorder(reads=0)
    run(hooksig.asgi.WebhookMiddleware(lifespan, routes={}), {"type": "lifespan"}, [])
    assert lifespan.scope == {"type": "lifespan"}


def test_a_client_that_leaves_mid_body_runs_nothing() -> None:
    inner = Recorder()
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}})
    sent = run(app, scope(headers=retell_headers()), [chunks(BODY, 5)[0], {"type": "http.disconnect"}])
    assert sent == [] and inner.scope is None


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_body_over_max_body(declared: bool) -> None:
    inner = Recorder()
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}}, max_body=100)
    body = b"x" * 250
    headers = retell_headers(body) + ([(b"content-length", b"250")] if declared else [])
    incoming = chunks(body, 60)
    sent = run(app, scope(headers=headers), incoming)
    assert (sent[0]["status"], json.loads(sent[1]["body"])) == (413, {"error": "body_too_large"})
    assert inner.scope is None


@pytest.fixture(params=["uvicorn", "hypercorn"])
def limited_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    inner = Recorder(reads=1)
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": {"provider": "retell", "secret": RETELL}}, max_body=1000)
    serve = serve_asgi if request.param == "uvicorn" else serve_hypercorn
    server = serve(f"asgi-limit-{request.param}", app)
    yield server, inner
    server.stop()


def test_chunked_body_over_the_limit_under_real_servers(limited_server: Any) -> None:
    """No Content-Length (chunked transfer): refused once the bytes pass the limit.

    The chunks go over a plain socket, and sending stops once they pass the limit: a server
    that answers and closes early would otherwise break the pipe of a client still sending,
    which says nothing about the answer."""
    server, inner = limited_server
    headers = {k.decode(): v.decode() for k, v in retell_headers(b"x" * 5000)}
    head = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(head.encode())
        for _ in range(3):  # 1500 bytes against a limit of 1000
            sock.sendall(b"1f4\r\n" + b"x" * 500 + b"\r\n")
        response = http.client.HTTPResponse(sock)
        response.begin()
        assert (response.status, json.loads(response.read())) == (413, {"error": "body_too_large"})
    assert inner.scope is None


def test_route_specs_and_prefixes() -> None:
    verifier = hooksig.Verifier("retell", RETELL)
    guard = hooksig.WebhookGuard("twilio", SECRETS["twilio"], public_url="https://example.com")
    app = hooksig.asgi.WebhookMiddleware(
        Recorder(),
        routes={"/a": verifier, "/b": guard, "/c": {"provider": "retell", "secret": RETELL}, "/p/*": verifier, "/p/q/*": guard},
    )
    assert app.guard("/a") is not None and app.guard("/a").verifier is verifier  # type: ignore[union-attr]
    assert app.guard("/b") is guard
    assert app.guard("/c") is not None and app.guard("/c").verifier.provider == "retell"  # type: ignore[union-attr]
    assert app.guard("/p/x").verifier is verifier  # type: ignore[union-attr]
    assert app.guard("/p/q/x") is guard  # the longest prefix
    assert app.guard("/a/") is None and app.guard("/pp") is None


def test_configuration_errors_raise_when_the_app_is_built() -> None:
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.asgi.WebhookMiddleware(Recorder(), routes={"/a": {"provider": "nope", "secret": "s"}})
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.asgi.WebhookMiddleware(Recorder(), routes={"/a": {"provider": "twilio", "secret": "t", "public_url": "example.com"}})
    with pytest.raises(TypeError, match="provider"):
        hooksig.asgi.WebhookMiddleware(Recorder(), routes={"/a": {"secret": "s"}})
    with pytest.raises(TypeError, match="WebhookGuard"):
        hooksig.asgi.WebhookMiddleware(Recorder(), routes={"/a": "retell"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="starts with"):
        hooksig.asgi.WebhookMiddleware(Recorder(), routes={"a": hooksig.Verifier("retell", "k")})
    with pytest.raises(TypeError, match="Verifier"):
        hooksig.WebhookGuard(hooksig.Verifier("retell", "k"), "another secret")


def test_large_bodies_are_verified_off_the_loop() -> None:
    guard = hooksig.WebhookGuard("retell", RETELL)
    threads: dict[str, int] = {}
    real = guard.verify

    def verify(**parts: Any) -> hooksig.Verified:
        threads.setdefault("verify", threading.get_ident())
        return real(**parts)

    guard.verify = verify  # type: ignore[method-assign]
    inner = Recorder(reads=1)
    app = hooksig.asgi.WebhookMiddleware(inner, routes={"/hook": guard})
    for size in (100, 100 << 10):
        threads.clear()
        body = json.dumps({"pad": "x" * size}).encode()
        sent = run(app, scope(headers=retell_headers(body)), chunks(body, 16 << 10))
        assert sent[0]["status"] == 200
        on_loop = threads["verify"] == threading.get_ident()
        assert on_loop is (len(body) < hooksig.fastapi.THREAD_MIN_BODY), size


def test_fastapi_dependency_for_another_provider_verifies_itself() -> None:
    """The middleware's result is taken only for the dependency's own provider."""
    from hooksig._adapter import recorded

    verified = hooksig.verify("retell", RETELL, headers=dict((k.decode(), v.decode()) for k, v in retell_headers()), body=BODY)
    retell = hooksig.WebhookGuard("retell", "another")
    twilio = hooksig.WebhookGuard("twilio", SECRETS["twilio"])
    assert recorded({"hooksig": verified}, retell) is verified
    assert recorded({"hooksig": verified}, twilio) is None
    assert recorded({"hooksig": "forged"}, retell) is None
    assert recorded(None, retell) is None
