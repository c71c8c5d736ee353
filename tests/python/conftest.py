"""Shared helpers for the Python suite: the vector corpus and real servers on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).resolve().parent.parent / "vectors"

# Secrets for the adapter tests, one per provider (Ranked's carry their `whsec_` prefix).
SECRETS = {
    "retell": "key_retell_7f3a9c",
    "signalwire": "PSK_signalwire_5b1e",
    "twilio": "twilio_auth_token_12ab",
    "plivo": "plivo_auth_token_34cd",
    "ranked": "whsec_" + "ab" * 32,
}
WRONG_SECRETS = {**{p: s + "x" for p, s in SECRETS.items()}, "ranked": "whsec_" + "cd" * 32}


def vector_files() -> list[Path]:
    """Every provider's vector file (one per provider; test_vectors checks they cover
    hooksig.PROVIDERS)."""
    return sorted(VECTORS.glob("*.json"))


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in vector_files():
        data = json.loads(path.read_text())
        for case in data["cases"]:
            cases.append({**case, "provider": data["provider"]})
    return cases


def secret_for(provider: Any, raw: str) -> str:
    """A usable secret for `provider` (an id or a spec) made from `raw`, in the key format its
    first scheme reads, as `describe` says: `whsec_` + base64, base64, hex, or a prefix."""
    import hooksig

    key = hooksig.describe(provider)["schemes"][0].get("key", "utf8")
    if key == "whsec-base64":
        return "whsec_" + base64.b64encode(raw.encode()).decode()
    if key == "base64":
        return base64.b64encode(raw.encode()).decode()
    if key == "hex":
        return raw.encode().hex()
    if isinstance(key, dict) and "require_prefix" in key:
        return str(key["require_prefix"]) + raw
    return raw


def case_body(case: dict[str, Any]) -> bytes:
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    return case["body"].encode()


class ServerThread:
    """Runs a server's `serve_forever`-style loop in a daemon thread until `stop()`."""

    def __init__(self, name: str, port: int, run: Any, stop: Any) -> None:
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self._stop = stop
        self._thread = threading.Thread(target=run, name=f"{name}-server", daemon=True)
        self._thread.start()
        wait_for_port(port)

    def stop(self) -> None:
        self._stop()
        self._thread.join(timeout=10)


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def serve_wsgi(name: str, app: Any) -> ServerThread:
    """A WSGI app under Werkzeug's threaded server (what `flask run` uses)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    return ServerThread(name, server.server_port, server.serve_forever, server.shutdown)


def serve_django(app: Any) -> ServerThread:
    """A Django WSGI app under Django's own threaded server (the one `LiveServerTestCase`
    and `runserver` use)."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(app)
    port = server.server_address[1]
    return ServerThread("django", port, server.serve_forever, server.shutdown)


def serve_asgi(name: str, app: Any) -> ServerThread:
    """An ASGI app under uvicorn. Uvicorn's own proxy-header handling is off, so the tests
    see hooksig's URL policy alone (by default uvicorn trusts X-Forwarded-Proto from
    127.0.0.1)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", proxy_headers=False, lifespan="off")
    server = uvicorn.Server(config)

    def run() -> None:
        server.run(sockets=[sock])

    def stop() -> None:
        server.should_exit = True

    thread = ServerThread(name, port, run, stop)
    return thread


def serve_hypercorn(name: str, app: Any) -> ServerThread:
    """An ASGI app under hypercorn (asyncio worker), in its own loop and thread."""
    import asyncio

    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    port = free_port()
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.errorlog = None
    loop = asyncio.new_event_loop()
    stopping = asyncio.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve(app, config, shutdown_trigger=stopping.wait))  # type: ignore[arg-type]
        loop.close()

    return ServerThread(name, port, run, lambda: loop.call_soon_threadsafe(stopping.set))


def serve_aiohttp(name: str, app: Any) -> ServerThread:
    """An aiohttp `web.Application` under aiohttp's own server (`AppRunner` + `TCPSite`)."""
    import asyncio

    from aiohttp import web

    port = free_port()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    stopping = asyncio.Event()

    async def main() -> None:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        await stopping.wait()
        await runner.cleanup()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(main())
        loop.close()

    return ServerThread(name, port, run, lambda: loop.call_soon_threadsafe(stopping.set))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def cases() -> list[dict[str, Any]]:
    return load_cases()


@pytest.fixture
def no_threads_leak() -> Iterator[None]:
    before = threading.active_count()
    yield
    assert threading.active_count() <= before + 1


def django_wsgi_app(urlconf: str) -> Any:
    """Django's WSGI handler for `urlconf`, configuring Django on first use (CSRF middleware
    on, as in a real project). Later callers in the same process switch the URLconf."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="test-only-not-secret",
            ALLOWED_HOSTS=["*"],
            ROOT_URLCONF=urlconf,
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        )
        django.setup()
    else:
        from django.urls import clear_url_caches

        settings.ROOT_URLCONF = urlconf
        clear_url_caches()
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


# A skipped test is a check that did not run: under `make test` (and anywhere else unless
# HOOKSIG_ALLOW_SKIPS=1) every skip, at collection or at run time, fails the session.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and os.environ.get("HOOKSIG_ALLOW_SKIPS") != "1":
        print(f"\n{len(_skipped)} skipped (a skip is a failure here; HOOKSIG_ALLOW_SKIPS=1 allows them):")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The adapter x case table of test_conformance.py, as it came out."""
    import sys

    module = sys.modules.get("test_conformance")
    table = module.conformance_table() if module is not None else ""
    if table:
        terminalreporter.write_sep("-", "conformance (adapter x case)")
        terminalreporter.write_line(table)
