"""An AWS Lambda function receiving every provider's webhooks through API Gateway (HTTP API,
payload 2.0), and a local runner that plays API Gateway for it.

    RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... PORT=8000 python examples/lambda_app.py

On AWS, `handler` is the function's handler (`lambda_app.handler`). Each provider's function
is wrapped by `hooksig.aws_lambda.webhook`: it runs only for a verified event and gets the
result as its third argument; anything else is answered with the response dict
{"statusCode": 401, "body": '{"error": "<code>"}'}. Secrets come from the environment:
RETELL_API_KEY, SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN,
RANKED_WEBHOOK_SECRET. With a custom domain whose API mapping is not in rawPath, set
HOOKSIG_PUBLIC_URL=https://api.example.com/<mapping>; HOOKSIG_TRUST_PROXY=1 takes the URL
from X-Forwarded-Proto/-Host instead.

Run as a script, it serves http://127.0.0.1:$PORT and turns each request into the event API
Gateway would send (body base64-encoded, headers lower-cased and comma-joined, rawPath and
rawQueryString), as `sam local start-api` does, and the handler's response into the HTTP
answer. The runner speaks plain http, and says so in X-Forwarded-Proto as API Gateway does
for https (the default URL policy takes https for API Gateway; the runner needs
HOOKSIG_TRUST_PROXY=1).
"""

import base64
import json
import os
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import hooksig
import hooksig.aws_lambda

SECRETS = {
    "retell": "RETELL_API_KEY",
    "signalwire": "SIGNALWIRE_SIGNING_KEY",
    "twilio": "TWILIO_AUTH_TOKEN",
    "plivo": "PLIVO_AUTH_TOKEN",
    "ranked": "RANKED_WEBHOOK_SECRET",
}
FIELD = {"retell": "event", "signalwire": "CallSid", "twilio": "MessageSid", "plivo": "CallUUID", "ranked": "type"}


def provider_function(provider: str) -> Callable[[Any, Any], Any]:
    @hooksig.aws_lambda.webhook(
        provider,
        os.environ[SECRETS[provider]],
        public_url=os.environ.get("HOOKSIG_PUBLIC_URL"),
        trust_forwarded=os.environ.get("HOOKSIG_TRUST_PROXY") == "1",
    )
    def receive(event: Any, context: Any, verified: hooksig.Verified) -> dict[str, Any]:
        body = hooksig.aws_lambda.body(event)
        if provider in ("retell", "ranked"):
            value = json.loads(body)[FIELD[provider]]
        else:
            value = urllib.parse.parse_qs(body.decode())[FIELD[provider]][0]
        return {"statusCode": 200, "headers": {"content-type": "application/json"},
                "body": json.dumps({"received": str(value), "scheme": verified.scheme})}

    return receive


FUNCTIONS = {f"/webhooks/{provider}": provider_function(provider) for provider in SECRETS}


def handler(event: Any, context: Any) -> Any:
    """The Lambda handler: one function for every provider's route."""
    function = FUNCTIONS.get(event.get("rawPath", ""))
    if function is None:
        return {"statusCode": 404, "body": json.dumps({"error": "not_found"})}
    return function(event, context)


def api_gateway_event(method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> dict[str, Any]:
    """The HTTP API (payload 2.0) event for a request, as API Gateway builds it."""
    path, _, query = target.partition("?")
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        name = name.lower()
        if name == "cookie":
            cookies.extend(c.strip() for c in value.split(";"))
        else:
            joined[name] = f"{joined[name]},{value}" if name in joined else value
    joined.setdefault("x-forwarded-proto", "http")  # the runner's own scheme
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": urllib.parse.unquote(path),  # an HTTP API hands the path decoded
        "rawQueryString": query,
        "headers": joined,
        "requestContext": {
            "domainName": joined.get("host", "localhost"),
            "http": {"method": method, "path": urllib.parse.unquote(path), "protocol": "HTTP/1.1"},
            "stage": "$default",
        },
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }
    if cookies:
        event["cookies"] = cookies
    return event


class Runner(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        event = api_gateway_event("POST", self.path, list(self.headers.items()), body)
        response = handler(event, None)
        payload = response.get("body", "")
        data = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode()
        self.send_response(response.get("statusCode", 200))
        for name, value in (response.get("headers") or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Runner).serve_forever()
