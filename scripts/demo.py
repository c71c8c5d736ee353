"""`make demo`: the example apps of examples/ under attack, end to end on 127.0.0.1.

Starts the FastAPI (uvicorn), Flask, Django, Starlette (behind the pure ASGI middleware
`hooksig.asgi.WebhookMiddleware`, under uvicorn), AWS Lambda (the handler fed API Gateway
HTTP API events by the example's local runner), Express and Fastify (the `hooksig.fastify`
plugin) apps, sends each provider's endpoint a genuine delivery, a tampered one, one signed
with the wrong secret, a stale one (providers that sign a timestamp), one through a simulated
TLS-terminating proxy and one without its signature header, prints provider x case -> each
app's answer, and stops the apps. Exits 1 if any answer is not the expected one. Deliveries are
signed with `hooksig.sign`, the same core the apps verify with; `hooksig-cli` shows the command
line tool on the Express app.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import hooksig

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ORIGIN = "https://hooks.example.com"  # what the providers see, in front of the proxy

# The providers the example apps have endpoints for: a deliberate subset of hooksig.PROVIDERS,
# not the whole registry. examples/ shows how an app wires a few providers (each with its own
# route, secret variable and payload), and the five cover every path an app has to get right:
# JSON and form bodies, URL-signed providers behind a proxy (Twilio, SignalWire, Plivo), signed
# timestamps (Retell, Ranked). Every built-in provider's vectors run in `make test` instead.
# main() checks that each is still one of the package's providers.
SECRETS = {
    "retell": ("RETELL_API_KEY", "key_demo_retell_0123456789abcdef"),
    "signalwire": ("SIGNALWIRE_SIGNING_KEY", "PSK_demo_signalwire_0123456789"),
    "twilio": ("TWILIO_AUTH_TOKEN", "demo0twilio0auth0token0123456789"),
    "plivo": ("PLIVO_AUTH_TOKEN", "demo-plivo-auth-token-0123456789"),
    "ranked": ("RANKED_WEBHOOK_SECRET", "whsec_demo_ranked_0123456789"),
}

# What each provider posts: (content type, body), as its real deliveries look.
PAYLOADS = {
    "retell": ("application/json", json.dumps({"event": "call_ended", "call": {"call_id": "c_9f2"}})),
    "signalwire": (
        "application/x-www-form-urlencoded",
        urlencode({"CallSid": "b0c3f6d2-aa1e", "CallStatus": "completed", "From": "+15551230000"}),
    ),
    "twilio": (
        "application/x-www-form-urlencoded",
        urlencode({"MessageSid": "SM1f0e8ae6", "From": "+14155550123", "Body": "¿Qué tal?"}),
    ),
    "plivo": (
        "application/x-www-form-urlencoded",
        urlencode({"CallUUID": "3c2b1a-90", "Event": "Hangup", "From": "14155550123"}),
    ),
    "ranked": ("application/json", json.dumps({"type": "call.completed", "data": {"id": "rk_1"}})),
}


@dataclass
class App:
    name: str
    command: list[str]
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None


@dataclass
class Delivery:
    headers: dict[str, str]
    body: str
    target: str  # path and query on the app


@dataclass
class Case:
    name: str
    status: int
    code: str | None  # the expected error code of a 401


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def apps() -> list[App]:
    python = sys.executable
    return [
        App("fastapi", [python, "-m", "uvicorn", "examples.fastapi_app:app", "--host", "127.0.0.1",
                        "--no-proxy-headers", "--no-access-log", "--port", "{port}"]),
        App("flask", [python, "examples/flask_app.py"]),
        App("django", [python, "examples/django_app.py", "runserver", "127.0.0.1:{port}",
                       "--noreload"]),
        App("starlette", [python, "-m", "uvicorn", "examples.starlette_app:app", "--host", "127.0.0.1",
                          "--no-proxy-headers", "--no-access-log", "--port", "{port}"]),
        App("lambda", [python, "examples/lambda_app.py"]),
        App("express", ["node", "examples/express_app.js"]),
        App("fastify", ["node", "examples/fastify_app.js"]),
    ]


@contextmanager
def running(all_apps: list[App], logs: Path) -> Iterator[None]:
    env = dict(os.environ, HOOKSIG_TRUST_PROXY="1", PYTHONUNBUFFERED="1")
    env.update(dict(SECRETS.values()))
    try:
        for app in all_apps:
            app.port = free_port()
            app.log = logs / f"{app.name}.log"
            command = [part.format(port=app.port) for part in app.command]
            app.process = subprocess.Popen(
                command, cwd=ROOT, env=dict(env, PORT=str(app.port)),
                stdout=app.log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
            )
        for app in all_apps:
            wait_until_listening(app)
        yield
    finally:
        for app in all_apps:
            if app.process and app.process.poll() is None:
                os.killpg(app.process.pid, signal.SIGTERM)
        for app in all_apps:
            if app.process:
                try:
                    app.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(app.process.pid, signal.SIGKILL)


def wait_until_listening(app: App, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert app.process is not None and app.log is not None
        if app.process.poll() is not None:
            sys.exit(f"{app.name} exited at start-up:\n{app.log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", app.port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{app.name} did not listen on 127.0.0.1:{app.port} within {timeout:.0f} s")


def cases(provider: str) -> list[Case]:
    timestamped = hooksig.Verifier(provider, SECRETS[provider][1]).tolerance is not None
    return [
        Case("genuine", 200, None),
        Case("tampered body", 401, "signature_mismatch"),
        Case("wrong secret", 401, "signature_mismatch"),
        *([Case("stale (10 min)", 401, "timestamp_out_of_tolerance")] if timestamped else []),
        Case("via TLS proxy", 200, None),
        Case("no signature", 401, "missing_header"),
    ]


def delivery(provider: str, case: str, app: App) -> Delivery:
    """The request `case` sends to `app`'s endpoint for `provider`."""
    path = f"/webhooks/{provider}"
    local = f"http://127.0.0.1:{app.port}{path}"
    content_type, body = PAYLOADS[provider]
    secret = SECRETS[provider][1]
    url, now, extra = local, time.time(), {}
    if case == "wrong secret":
        secret = secret[:-4] + "beef"
    elif case.startswith("stale"):
        now -= 600
    elif case == "via TLS proxy":  # what the proxy adds in front of the app
        url = PUBLIC_ORIGIN + path
        extra = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hooks.example.com"}
    signed = hooksig.sign(provider, secret, url=url, headers={"Content-Type": content_type},
                          body=body, now=now)
    headers = {"Content-Type": content_type, **signed.headers, **extra}
    if case == "tampered body":
        body = body.replace("c_9f2", "c_9f3").replace("completed", "failed").replace(
            "Qu%C3%A9", "Qui").replace("Hangup", "Answer")
    if case == "no signature":
        headers = {"Content-Type": content_type}
    target = path + (signed.url or url).removeprefix(url)  # e.g. ?bodySHA256=... from the scheme
    return Delivery(headers, body, target)


def send(app: App, sent: Delivery) -> tuple[int, dict[str, object]]:
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    try:
        connection.request("POST", sent.target, body=sent.body.encode(), headers=sent.headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {"raw": raw[:80].decode("utf-8", "replace")}
    return response.status, answer if isinstance(answer, dict) else {"raw": answer}


def judge(case: Case, status: int, answer: dict[str, object]) -> bool:
    if case.status == 200:
        return status == 200 and "received" in answer
    return status == case.status and answer.get("error") == case.code


def main() -> int:
    unknown = sorted(set(SECRETS) - set(hooksig.PROVIDERS))
    if unknown:
        sys.exit(f"not providers of hooksig {hooksig.__version__}: {', '.join(unknown)}")
    all_apps = apps()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="hooksig-demo-") as logs, running(all_apps, Path(logs)):
        print(f"hooksig {hooksig.__version__}: {len(all_apps)} apps on 127.0.0.1, each "
              f"behind a simulated TLS proxy for {PUBLIC_ORIGIN} (HOOKSIG_TRUST_PROXY=1), "
              f"with endpoints for {len(SECRETS)} of its {len(hooksig.PROVIDERS)} providers\n")
        header = f"{'provider':<11} {'case':<15} {'expected':<31}" + "".join(
            f"{app.name:<10}" for app in all_apps)
        print(header)
        print("-" * len(header))
        for provider in SECRETS:
            for case in cases(provider):
                expected = f"{case.status} {case.code or 'verified'}"
                cells = []
                for app in all_apps:
                    status, answer = send(app, delivery(provider, case.name, app))
                    ok = judge(case, status, answer)
                    failures += not ok
                    cells.append(f"{status} {'ok' if ok else 'WRONG'}")
                    if not ok:
                        print(f"  ! {app.name}: {status} {answer}", file=sys.stderr)
                print(f"{provider:<11} {case.name:<15} {expected:<31}"
                      + "".join(f"{cell:<10}" for cell in cells))
        total = sum(len(cases(p)) for p in SECRETS) * len(all_apps)
        print(f"\n{total - failures}/{total} answers as expected.")
        cli_demo(next(app for app in all_apps if app.name == "express"), Path(logs))
    return 1 if failures else 0


def cli_demo(app: App, workdir: Path) -> None:
    """The command line tool against a running app: a signed test delivery, then the
    diagnosis of a captured request whose body was changed."""
    cli = os.environ.get("HOOKSIG_CLI")
    if not cli:
        return
    variable, secret = SECRETS["twilio"]
    env = dict(os.environ, **{variable: secret})
    to = f"http://127.0.0.1:{app.port}/webhooks/twilio"
    send_command = [cli, "send", "twilio", "--secret-env", variable, "--to", to,
                    "--public-url", f"{PUBLIC_ORIGIN}/webhooks/twilio", "--as-proxy",
                    "-F", "MessageSid=SM42", "-F", "Body=hello"]
    print(f"\n$ hooksig send twilio --secret-env {variable} --to {to} \\\n"
          f"    --public-url {PUBLIC_ORIGIN}/webhooks/twilio --as-proxy "
          "-F MessageSid=SM42 -F Body=hello")
    sys.stdout.flush()
    subprocess.run(send_command, env=env, check=False)

    sent = delivery("twilio", "tampered body", app)
    capture = workdir / "capture.http"
    head = "".join(f"{name}: {value}\r\n" for name, value in sent.headers.items())
    capture.write_bytes(
        f"POST {sent.target} HTTP/1.1\r\nHost: 127.0.0.1:{app.port}\r\n{head}"
        f"Content-Length: {len(sent.body.encode())}\r\n\r\n{sent.body}".encode()
    )
    print(f"\n$ hooksig verify twilio --secret-env {variable} --request capture.http "
          "--received-scheme http   # a delivery whose body was changed")
    sys.stdout.flush()
    subprocess.run([cli, "verify", "twilio", "--secret-env", variable, "--request", str(capture),
                    "--received-scheme", "http"], env=env, check=False)


if __name__ == "__main__":
    sys.exit(main())
