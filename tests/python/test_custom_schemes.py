"""User-defined schemes: a provider given as a spec (a dict, or its JSON text) wherever a
provider id is accepted. A worked Vapi-style spec checked against signatures made here with
the standard library's `hmac`; invalid specs refused with `invalid_scheme` naming the field;
`describe`; pickling; and the spec through the adapters, FastAPI and Flask (and the ASGI
middleware, aiohttp and Lambda) under their real servers."""

# No `from __future__ import annotations`: FastAPI must see the handlers' real annotations.

import base64
import copy
import hashlib
import hmac
import http.client
import json
import pickle
import time
from collections.abc import Iterator
from typing import Any

import pytest

import hooksig
from conftest import ServerThread, secret_for, serve_aiohttp, serve_asgi, serve_wsgi

SECRET = "vapi-secret-7f3a9c0d"
NOW = 1_700_000_000
BODY = json.dumps({"message": {"type": "end-of-call-report", "call": {"id": "c1"}}}).encode()

# Vapi-style: HMAC-SHA256 in hex over "{timestamp}.{body}", the timestamp (Unix seconds) in its
# own header.
VAPI: dict[str, Any] = {
    "id": "vapi",
    "schemes": [
        {
            "id": "vapi",
            "signature": {"header": "X-Vapi-Signature", "format": {"kind": "bare"}, "encoding": "hex", "algorithm": "hmac-sha256"},
            "timestamp": {"source": {"header": "X-Vapi-Timestamp"}, "unit": "s", "tolerance": 300},
            "signed": ["timestamp", {"literal": "."}, "body"],
        }
    ],
}

# A URL-signed one: base64 HMAC-SHA1 over the URL then the body (as a Twilio-like provider
# would), so the adapters' URL policy applies to a user-defined provider too.
ACME: dict[str, Any] = {
    "id": "acme",
    "schemes": [
        {
            "id": "acme-v1",
            "signature": {"header": "X-Acme-Signature", "format": {"kind": "prefix", "prefix": "v1="}, "encoding": "base64", "algorithm": "hmac-sha1"},
            "signed": ["url", "body"],
        }
    ],
}


def vapi_headers(body: bytes = BODY, *, secret: str = SECRET, now: float = NOW) -> dict[str, str]:
    """What Vapi sends, computed with the standard library only."""
    timestamp = str(int(now))
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Vapi-Signature": mac, "X-Vapi-Timestamp": timestamp}


def acme_headers(url: str, body: bytes, *, secret: str = SECRET) -> dict[str, str]:
    mac = hmac.new(secret.encode(), url.encode() + body, hashlib.sha1).digest()
    return {"Content-Type": "application/json", "X-Acme-Signature": "v1=" + base64.b64encode(mac).decode()}


# --------------------------------------------------------------------------------------------
# The worked spec
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("given_as", ["dict", "json", "json-with-whitespace", "described"])
def test_worked_spec_verifies_a_stdlib_signature(given_as: str) -> None:
    provider: Any = {
        "dict": VAPI,
        "json": json.dumps(VAPI),
        "json-with-whitespace": "\n  " + json.dumps(VAPI, indent=2),
        "described": hooksig.describe(VAPI),
    }[given_as]
    headers = vapi_headers()
    for verified in (
        hooksig.verify(provider, SECRET, headers=headers, body=BODY, now=NOW),
        hooksig.Verifier(provider, SECRET).verify(headers=headers, body=BODY, now=NOW),
        hooksig.verify(provider, ["old-secret", SECRET], headers=headers, body=BODY, now=NOW + 299),
    ):
        assert (verified.provider, verified.scheme, verified.header) == ("vapi", "vapi", "X-Vapi-Signature")
        assert verified.timestamp == float(NOW)
        covers = verified.covers
        assert (covers.body, covers.url, covers.timestamp) == (True, False, True)
    assert hooksig.verify(provider, ["old-secret", SECRET], headers=headers, body=BODY, now=NOW).secret_index == 1


def test_worked_spec_rejections() -> None:
    verifier = hooksig.Verifier(VAPI, SECRET)
    assert verifier.provider == "vapi"
    assert verifier.tolerance == 300.0 and not verifier.signs_url
    assert repr(verifier) == "Verifier(provider='vapi', secrets=<1 redacted>, tolerance=300.0, allow_unsigned_body=False)"
    headers = vapi_headers()
    with pytest.raises(hooksig.SignatureMismatchError) as mismatch:
        verifier.verify(headers=headers, body=BODY + b" ", now=NOW)
    assert (mismatch.value.code, mismatch.value.status, mismatch.value.header) == ("signature_mismatch", 401, "X-Vapi-Signature")
    with pytest.raises(hooksig.SignatureMismatchError):
        verifier.verify(headers=vapi_headers(secret="wrong"), body=BODY, now=NOW)
    with pytest.raises(hooksig.TimestampOutOfToleranceError) as stale:
        verifier.verify(headers=headers, body=BODY, now=NOW + 301)
    assert stale.value.header == "X-Vapi-Timestamp"
    assert hooksig.Verifier(VAPI, SECRET, tolerance=600).verify(headers=headers, body=BODY, now=NOW + 301)
    # The timestamp is signed: moving it breaks the signature.
    with pytest.raises(hooksig.SignatureMismatchError):
        verifier.verify(headers={**headers, "X-Vapi-Timestamp": str(NOW + 1)}, body=BODY, now=NOW)
    with pytest.raises(hooksig.MissingHeaderError) as missing:
        verifier.verify(headers={"X-Vapi-Signature": headers["X-Vapi-Signature"]}, body=BODY, now=NOW)
    assert missing.value.header == "X-Vapi-Timestamp"
    with pytest.raises(hooksig.MissingHeaderError) as unsigned:
        verifier.verify(headers={"X-Vapi-Timestamp": str(NOW)}, body=BODY, now=NOW)
    assert unsigned.value.header == "X-Vapi-Signature"
    with pytest.raises(hooksig.MalformedHeaderError):
        verifier.verify(headers={**headers, "X-Vapi-Signature": "zz" * 32}, body=BODY, now=NOW)


def test_sign_with_a_spec_matches_the_stdlib() -> None:
    expected = vapi_headers()
    for signed in (
        hooksig.sign(VAPI, SECRET, body=BODY, now=NOW),
        hooksig.sign(json.dumps(VAPI), SECRET, body=BODY, now=NOW, scheme="vapi"),
        hooksig.Verifier(VAPI, SECRET).sign(body=BODY, now=NOW, scheme="VAPI"),
    ):
        assert signed.scheme == "vapi" and signed.url is None
        assert signed.headers == {"X-Vapi-Signature": expected["X-Vapi-Signature"], "X-Vapi-Timestamp": expected["X-Vapi-Timestamp"]}
    url = "https://example.com/hooks/acme?x=1"
    signed = hooksig.sign(ACME, SECRET, url=url, body=BODY)
    assert signed.headers == {"X-Acme-Signature": acme_headers(url, BODY)["X-Acme-Signature"]}
    # A scheme id is looked up among the spec's own schemes first; another provider's is refused.
    with pytest.raises(hooksig.InvalidArgumentError):
        hooksig.sign(VAPI, SECRET, body=BODY, scheme="stripe")
    with pytest.raises(hooksig.InvalidArgumentError):
        hooksig.sign(VAPI, SECRET, body=BODY, scheme="no-such-scheme")


def test_a_copy_of_a_builtin_signs_with_its_own_scheme() -> None:
    """`describe("stripe")` as a spec is its own provider with the same ids: asking it for the
    scheme "stripe" means its own, and what it signs the built-in accepts."""
    copy_of_stripe = hooksig.describe("stripe")
    secret = "whsec_" + "s" * 24
    signed = hooksig.sign(copy_of_stripe, secret, body=BODY, now=NOW, scheme="stripe")
    builtin = hooksig.sign("stripe", secret, body=BODY, now=NOW, scheme="stripe")
    assert (signed.scheme, signed.headers) == (builtin.scheme, builtin.headers)
    assert signed != builtin  # another provider's result, though it looks the same
    verified = hooksig.verify("stripe", secret, headers=signed.headers, body=BODY, now=NOW)
    assert (verified.provider, verified.scheme) == ("stripe", "stripe")


def test_describe() -> None:
    for provider in hooksig.PROVIDERS:
        described = hooksig.describe(provider)
        assert described["id"] == provider
        assert described["schemes"] and all(s["id"] in hooksig.SCHEMES for s in described["schemes"])
        # The description of a description is itself: describe is a fixed point.
        assert hooksig.describe(described) == described
        assert hooksig.describe(json.dumps(described)) == described
    assert [s["id"] for p in hooksig.PROVIDERS for s in hooksig.describe(p)["schemes"]] == hooksig.SCHEMES
    # Aliases name the same provider, in any case.
    assert hooksig.describe("whatsapp") == hooksig.describe("meta") == hooksig.describe("META")
    # A spec comes back normalised: defaults left out, nothing else changed.
    with_defaults = copy.deepcopy(VAPI)
    with_defaults["schemes"][0]["key"] = "utf8"
    with_defaults["schemes"][0]["timestamp"]["in_mac"] = "verbatim"
    with_defaults["aliases"] = []
    assert hooksig.describe(with_defaults) == VAPI
    with pytest.raises(hooksig.UnknownProviderError):
        hooksig.describe("no-such-provider")
    with pytest.raises(TypeError):
        hooksig.describe(42)  # type: ignore[arg-type]


def test_the_docs_examples_are_valid_specs() -> None:
    """Every JSON example of docs/custom-schemes.md is a spec Python accepts as given; the Vapi
    one verifies a signature made here."""
    import re
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "custom-schemes.md").read_text()
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", docs, re.S)]
    assert len(examples) >= 3
    for example in examples:
        assert hooksig.describe(example)["id"] == example["id"]
        assert hooksig.Verifier(example, secret_for(example, SECRET)).provider == example["id"]
    [vapi] = [e for e in examples if e["id"].startswith("vapi")]
    header = vapi["schemes"][0]["signature"]["header"]
    headers = vapi_headers()
    sent = {"Content-Type": "application/json", header: headers["X-Vapi-Signature"],
            vapi["schemes"][0]["timestamp"]["source"]["header"]: headers["X-Vapi-Timestamp"]}
    assert hooksig.verify(vapi, SECRET, headers=sent, body=BODY, now=NOW).header == header


# --------------------------------------------------------------------------------------------
# Invalid specs
# --------------------------------------------------------------------------------------------


def vapi_with(change: Any) -> dict[str, Any]:
    spec = copy.deepcopy(VAPI)
    change(spec)
    return spec


def scheme_of(spec: dict[str, Any]) -> dict[str, Any]:
    scheme: dict[str, Any] = spec["schemes"][0]
    return scheme


INVALID: list[tuple[str, Any, str, str]] = [
    # (case, spec, the field named, words of the reason)
    ("empty-template", vapi_with(lambda s: scheme_of(s).update(signed=[])), "schemes[0].signed", "empty"),
    (
        "timestamp-piece-without-source",
        vapi_with(lambda s: scheme_of(s).pop("timestamp")),
        "schemes[0].signed[0]",
        "timestamp",
    ),
    ("unknown-key", vapi_with(lambda s: scheme_of(s).update(colour="blue")), "spec", "unknown field `colour`"),
    ("unknown-top-level-key", {**VAPI, "version": 2}, "spec", "unknown field `version`"),
    (
        "bad-header-name",
        vapi_with(lambda s: scheme_of(s)["signature"].update(header="X Vapi Signature")),
        "schemes[0].signature.header",
        "header name",
    ),
    (
        "bad-timestamp-header-name",
        vapi_with(lambda s: scheme_of(s)["timestamp"].update(source={"header": "X-Vapi:Timestamp"})),
        "schemes[0].timestamp.source.header",
        "header name",
    ),
    ("bad-id", {**VAPI, "id": "Vapi!"}, "id", "a-z"),
    ("no-schemes", {**VAPI, "schemes": []}, "schemes", "at least one"),
    ("unknown-encoding", vapi_with(lambda s: scheme_of(s)["signature"].update(encoding="hex32")), "spec", "hex32"),
    ("zero-tolerance", vapi_with(lambda s: scheme_of(s)["timestamp"].update(tolerance=0)), "schemes[0].timestamp.tolerance", "seconds"),
    ("missing-schemes", {"id": "vapi"}, "spec", "missing field `schemes`"),
    ("not-an-object", "{not json", "spec", "key must be a string"),
    ("a-set", {**VAPI, "aliases": {"v"}}, "spec", "not JSON-compatible"),
    ("nan", vapi_with(lambda s: scheme_of(s)["timestamp"].update(tolerance=float("nan"))), "spec", "not JSON-compatible"),
    ("tuple-keys", {**VAPI, (1, 2): "x"}, "spec", "not JSON-compatible"),
]


@pytest.mark.parametrize("case, spec, field, reason", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_specs_name_the_field(case: str, spec: Any, field: str, reason: str) -> None:
    calls = [
        lambda: hooksig.verify(spec, SECRET, headers=vapi_headers(), body=BODY, now=NOW),
        lambda: hooksig.Verifier(spec, SECRET),
        lambda: hooksig.sign(spec, SECRET, body=BODY, now=NOW),
        lambda: hooksig.describe(spec),
    ]
    if not isinstance(spec, str) and case not in ("a-set", "nan", "tuple-keys"):
        calls.append(lambda: hooksig.Verifier(json.dumps(spec), SECRET))
    for call in calls:
        with pytest.raises(hooksig.InvalidSchemeError) as caught:
            call()
        error = caught.value
        assert (error.code, error.status, error.header) == ("invalid_scheme", 500, None)
        assert error.field == field
        assert isinstance(error, hooksig.ConfigurationError)
        assert not isinstance(error, hooksig.WebhookVerificationError)
        message = str(error)
        assert message.startswith(f"invalid scheme: {field}: "), message
        assert reason in message, message
        assert SECRET not in message and len(message) < 2000


def test_provider_strings_that_are_not_ids_or_specs() -> None:
    with pytest.raises(hooksig.UnknownProviderError):
        hooksig.Verifier("vapi", SECRET)  # a custom id is not a name: give the spec
    with pytest.raises(hooksig.UnknownProviderError):
        hooksig.Verifier("\ud800", SECRET)
    with pytest.raises(hooksig.InvalidSchemeError):
        hooksig.Verifier("{\ud800}", SECRET)
    with pytest.raises(hooksig.InvalidSchemeError, match="limit"):
        hooksig.Verifier({**VAPI, "source": "x" * 70_000}, SECRET)


def test_same_spec_is_the_same_provider() -> None:
    """A spec is compiled once per distinct JSON: results from two verifiers built from equal
    specs (a dict and its JSON text, keys in another order) are equal."""
    reordered = json.loads(json.dumps(VAPI, sort_keys=True))
    first = hooksig.verify(VAPI, SECRET, headers=vapi_headers(), body=BODY, now=NOW)
    second = hooksig.Verifier(json.dumps(reordered), SECRET).verify(headers=vapi_headers(), body=BODY, now=NOW)
    assert first == second
    # A copy of a built-in is its own provider: its results are not the built-in's.
    stripe_secret = "whsec_" + "s" * 24
    signed = hooksig.sign("stripe", stripe_secret, body=BODY, now=NOW)
    builtin = hooksig.verify("stripe", stripe_secret, headers=signed.headers, body=BODY, now=NOW)
    copied = hooksig.verify(hooksig.describe("stripe"), stripe_secret, headers=signed.headers, body=BODY, now=NOW)
    assert repr(builtin) == repr(copied) and builtin != copied


# --------------------------------------------------------------------------------------------
# Pickling
# --------------------------------------------------------------------------------------------


def test_results_of_a_spec_pickle() -> None:
    """A Verified or Signed of a user-defined provider pickles with its spec and unpickles to
    an equal value (the spec compiled again if needed); a built-in's pickles by id alone."""
    verified = hooksig.verify(VAPI, SECRET, headers=vapi_headers(), body=BODY, now=NOW)
    signed = hooksig.sign(VAPI, SECRET, body=BODY, now=NOW)
    for value in (verified, signed, hooksig.verify(hooksig.describe("stripe"), "whsec_" + "s" * 24,
                                                   headers=hooksig.sign("stripe", "whsec_" + "s" * 24, body=BODY, now=NOW).headers,
                                                   body=BODY, now=NOW)):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            restored = pickle.loads(pickle.dumps(value, protocol))
            assert restored == value and type(restored) is type(value) and repr(restored) == repr(value)
        assert copy.deepcopy(value) == value
    _, state = verified.__reduce__()
    assert state[0] == "vapi" and json.loads(state[-1]) == VAPI
    assert hooksig._native._verified(*state).provider == "vapi"
    builtin = hooksig.verify("retell", "key", headers=hooksig.sign("retell", "key", body=b"{}", now=NOW).headers, body=b"{}", now=NOW)
    assert builtin.__reduce__()[1][-1] is None
    # A state that does not fit its spec is refused.
    with pytest.raises(ValueError, match="not a scheme of the spec"):
        hooksig._native._verified("other", *state[1:])
    with pytest.raises(ValueError, match="header"):
        hooksig._native._verified(state[0], "X-Other", *state[2:])
    with pytest.raises(hooksig.InvalidSchemeError):
        hooksig._native._verified(*state[:-1], '{"id": "vapi"}')
    with pytest.raises(ValueError, match="not a hooksig scheme"):
        hooksig._native._verified(*state[:-1], None)  # not a built-in scheme


# --------------------------------------------------------------------------------------------
# Adapters under real servers
# --------------------------------------------------------------------------------------------


def post(server: ServerThread, target: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return response.status, json.loads(data)


def fastapi_app() -> Any:
    from fastapi import Depends, FastAPI, Request

    import hooksig.fastapi

    app = FastAPI()
    hooksig.fastapi.install(app)
    vapi = hooksig.fastapi.webhook(VAPI, SECRET)
    acme = hooksig.fastapi.webhook(json.dumps(ACME), SECRET)

    @app.post("/hooks/vapi")
    async def vapi_handler(request: Request, verified: hooksig.Verified = Depends(vapi)) -> dict[str, Any]:
        return {"provider": verified.provider, "scheme": verified.scheme, "body": await request.json()}

    @app.post("/hooks/acme")
    async def acme_handler(request: Request, verified: hooksig.Verified = Depends(acme)) -> dict[str, Any]:
        return {"provider": verified.provider, "scheme": verified.scheme, "body": await request.json()}

    return app


def flask_app() -> Any:
    from flask import Flask, g, request

    import hooksig.flask

    app = Flask(__name__)

    @app.post("/hooks/vapi")
    @hooksig.flask.webhook(VAPI, SECRET)
    def vapi_handler() -> dict[str, Any]:
        return {"provider": g.webhook.provider, "scheme": g.webhook.scheme, "body": request.get_json()}

    @app.post("/hooks/acme")
    @hooksig.flask.webhook(json.dumps(ACME), SECRET)
    def acme_handler() -> dict[str, Any]:
        return {"provider": g.webhook.provider, "scheme": g.webhook.scheme, "body": request.get_json()}

    return app


def asgi_app() -> Any:
    """A bare ASGI app behind hooksig.asgi.WebhookMiddleware, routes given as specs."""
    import hooksig.asgi

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        verified = scope["hooksig"]
        answer = json.dumps({"provider": verified.provider, "scheme": verified.scheme, "body": json.loads(body)}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": answer})

    return hooksig.asgi.WebhookMiddleware(
        inner,
        routes={"/hooks/vapi": {"provider": VAPI, "secret": SECRET}, "/hooks/acme": {"provider": json.dumps(ACME), "secret": SECRET}},
    )


def aiohttp_app() -> Any:
    from aiohttp import web

    import hooksig.aiohttp

    async def handler(request: web.Request) -> web.Response:
        verified = request[hooksig.aiohttp.VERIFIED]
        return web.json_response({"provider": verified.provider, "scheme": verified.scheme, "body": await request.json()})

    @hooksig.aiohttp.webhook(VAPI, SECRET)
    async def vapi_handler(request: web.Request) -> web.Response:
        return await handler(request)

    app = web.Application(middlewares=[hooksig.aiohttp.middleware({"/hooks/acme": {"provider": ACME, "secret": SECRET}})])
    app.router.add_post("/hooks/vapi", vapi_handler)
    app.router.add_post("/hooks/acme", handler)
    return app


SERVERS = {
    "fastapi": lambda: serve_asgi("fastapi-custom", fastapi_app()),
    "flask": lambda: serve_wsgi("flask-custom", flask_app()),
    "asgi-middleware": lambda: serve_asgi("asgi-custom", asgi_app()),
    "aiohttp": lambda: serve_aiohttp("aiohttp-custom", aiohttp_app()),
}


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> Iterator[ServerThread]:
    running = SERVERS[request.param]()
    yield running
    running.stop()


def test_spec_through_an_adapter(server: ServerThread) -> None:
    event = {"message": {"type": "end-of-call-report", "call": {"id": "c1"}}}
    body = json.dumps(event).encode()
    now = time.time()
    assert post(server, "/hooks/vapi", body, vapi_headers(body, now=now)) == (
        200,
        {"provider": "vapi", "scheme": "vapi", "body": event},
    )
    assert post(server, "/hooks/vapi", body.replace(b"c1", b"c2"), vapi_headers(body, now=now)) == (401, {"error": "signature_mismatch"})
    assert post(server, "/hooks/vapi", body, vapi_headers(body, now=now - 3600)) == (401, {"error": "timestamp_out_of_tolerance"})
    assert post(server, "/hooks/vapi", body, {"Content-Type": "application/json"}) == (401, {"error": "missing_header"})
    # The URL-signed spec: signed for the URL the server is reached at, as received.
    target = "/hooks/acme?tenant=a%20b"
    url = server.base + target
    assert post(server, target, body, acme_headers(url, body)) == (200, {"provider": "acme", "scheme": "acme-v1", "body": event})
    assert post(server, target, body, acme_headers("https://elsewhere.example" + target, body)) == (401, {"error": "signature_mismatch"})


def test_spec_through_the_lambda_adapter() -> None:
    import hooksig.aws_lambda

    calls: list[hooksig.Verified] = []

    @hooksig.aws_lambda.webhook(VAPI, SECRET)
    def handler(event: Any, context: Any, verified: hooksig.Verified) -> dict[str, Any]:
        calls.append(verified)
        return {"statusCode": 200, "body": "ok"}

    now = time.time()
    event = {
        "version": "2.0",
        "rawPath": "/hooks/vapi",
        "rawQueryString": "",
        "headers": {k.lower(): v for k, v in vapi_headers(BODY, now=now).items()} | {"host": "abc.lambda-url.us-east-1.on.aws"},
        "requestContext": {"domainName": "abc.lambda-url.us-east-1.on.aws", "http": {"method": "POST", "path": "/hooks/vapi"}},
        "body": base64.b64encode(BODY).decode(),
        "isBase64Encoded": True,
    }
    assert handler(event, None) == {"statusCode": 200, "body": "ok"}
    assert [(v.provider, v.scheme) for v in calls] == [("vapi", "vapi")]
    tampered = {**event, "body": base64.b64encode(BODY + b" ").decode()}
    response = handler(tampered, None)
    assert response["statusCode"] == 401 and json.loads(response["body"]) == {"error": "signature_mismatch"}
    assert len(calls) == 1


def test_adapters_refuse_a_bad_spec_at_start_up() -> None:
    import hooksig.aiohttp
    import hooksig.asgi
    import hooksig.aws_lambda
    import hooksig.django
    import hooksig.fastapi
    import hooksig.flask

    bad = vapi_with(lambda s: scheme_of(s).update(signed=[]))
    for build in (
        lambda: hooksig.fastapi.webhook(bad, SECRET),
        lambda: hooksig.flask.webhook(bad, SECRET),
        lambda: hooksig.django.webhook(bad, SECRET),
        lambda: hooksig.aiohttp.webhook(bad, SECRET),
        lambda: hooksig.aiohttp.middleware({"/h": {"provider": bad, "secret": SECRET}}),
        lambda: hooksig.aws_lambda.webhook(bad, SECRET),
        lambda: hooksig.asgi.WebhookMiddleware(lambda *a: None, routes={"/h": {"provider": bad, "secret": SECRET}}),
        lambda: hooksig.WebhookGuard(json.dumps(bad), SECRET),
    ):
        with pytest.raises(hooksig.InvalidSchemeError) as caught:
            build()
        assert caught.value.field == "schemes[0].signed"
