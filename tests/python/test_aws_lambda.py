"""hooksig.aws_lambda against hand-written events of every shape AWS documents
(tests/python/fixtures/lambda: REST v1, HTTP API v2, Function URLs, ALB; base64 bodies and
not). Each test signs the fixture's body with hooksig.sign for the URL the provider called,
puts the signature where AWS would (the fixture's placeholder), and calls the wrapped handler
as the Lambda runtime does."""

from __future__ import annotations

import base64
import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

import hooksig
import hooksig.aws_lambda
from conftest import SECRETS, WRONG_SECRETS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lambda"
PLACEHOLDER = "SIGNED-BY-THE-TEST"
API = "https://abc123defg.execute-api.us-east-1.amazonaws.com"
FUNCTION_URL = "https://a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.us-west-2.on.aws"
ALB = "hooks-alb-1234567890.us-east-1.elb.amazonaws.com"

# fixture -> (shape, provider, the URL the provider called, adapter options)
EVENTS: dict[str, tuple[str, str, str | None, dict[str, Any]]] = {
    "rest-v1-form": ("rest-v1", "twilio", f"{API}/prod/hooks/twilio?tenant=acme", {}),
    "rest-v1-json-base64": ("rest-v1", "retell", None, {}),
    "rest-v1-custom-domain": ("rest-v1", "twilio", "https://hooks.example.com/telephony/hooks/twilio", {}),
    "http-api-v2-form-base64": ("http-api-v2", "twilio", f"{API}/hooks/twilio?tenant=acme&note=a%20b", {}),
    "http-api-v2-json-cookies": ("http-api-v2", "retell", None, {}),
    "http-api-v2-custom-domain": (
        "http-api-v2",
        "twilio",
        "https://api.example.com/v1/hooks/twilio",
        {"public_url": "https://api.example.com/v1"},
    ),
    "function-url-json": ("function-url", "retell", None, {}),
    "function-url-form-base64": ("function-url", "twilio", f"{FUNCTION_URL}/hooks/twilio%7Eold?tenant=acme%2Bco", {}),
    "alb-form": ("alb", "twilio", f"https://{ALB}/hooks/twilio?tenant=acme%2Bco", {}),
    "alb-multivalue-json-base64": ("alb", "retell", None, {}),
}


def load(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return event


def fixture_body(event: dict[str, Any]) -> bytes:
    raw = event["body"]
    return base64.b64decode(raw) if event["isBase64Encoded"] else raw.encode()


def with_body(event: dict[str, Any], body: bytes) -> dict[str, Any]:
    event = copy.deepcopy(event)
    event["body"] = base64.b64encode(body).decode() if event["isBase64Encoded"] else body.decode()
    return event


def signed_event(name: str, *, secret: str | None = None, now: float | None = None) -> dict[str, Any]:
    """The fixture with the provider's signature headers where its placeholder is."""
    _, provider, url, _ = EVENTS[name]
    event = copy.deepcopy(load(name))
    body = fixture_body(event)
    content_type = hooksig.aws_lambda.header(event, "content-type") or ""
    out = hooksig.sign(provider, secret or SECRETS[provider], url=url, headers={"Content-Type": content_type}, body=body, now=now)
    assert out.url in (None, url)
    for name_, value in out.headers.items():
        placed = False
        for key in ("headers", "multiValueHeaders"):
            table = event.get(key) or {}
            for header in list(table):
                if header.lower() == name_.lower():
                    assert PLACEHOLDER in str(table[header])
                    table[header] = [value] if key == "multiValueHeaders" else value
                    placed = True
        assert placed, f"{name} has no placeholder for {name_}"
    return event


def handler_for(name: str, calls: list[tuple[Any, Any, hooksig.Verified]]) -> Any:
    _, provider, _, options = EVENTS[name]

    @hooksig.aws_lambda.webhook(provider, SECRETS[provider], **options)
    def handler(event: Any, context: Any, verified: hooksig.Verified) -> dict[str, Any]:
        calls.append((event, context, verified))
        return {"statusCode": 200, "body": "ok"}

    return handler


@pytest.mark.parametrize("name", list(EVENTS))
def test_shape_is_recognised(name: str) -> None:
    assert hooksig.aws_lambda.shape(load(name)) == EVENTS[name][0]


@pytest.mark.parametrize("name", list(EVENTS))
def test_genuine_event_reaches_the_handler(name: str) -> None:
    calls: list[tuple[Any, Any, hooksig.Verified]] = []
    event = signed_event(name)
    context = object()
    assert handler_for(name, calls)(event, context) == {"statusCode": 200, "body": "ok"}
    [(seen_event, seen_context, verified)] = calls
    assert seen_event is event and seen_context is context
    assert verified.provider == EVENTS[name][1]
    assert verified.covers.body
    assert hooksig.aws_lambda.body(event) == fixture_body(load(name))


@pytest.mark.parametrize("name", list(EVENTS))
def test_refused_events_get_the_response_dict(name: str) -> None:
    calls: list[tuple[Any, Any, hooksig.Verified]] = []
    handler = handler_for(name, calls)
    event = signed_event(name)
    tampered = with_body(event, fixture_body(event).replace(b"CA1", b"CA2").replace(b"c1", b"c2"))
    wrong = signed_event(name, secret=WRONG_SECRETS[EVENTS[name][1]])
    for sent in (tampered, wrong):
        response = handler(sent, None)
        assert response["statusCode"] == 401
        assert json.loads(response["body"]) == {"error": "signature_mismatch"}
        assert response["isBase64Encoded"] is False
        if EVENTS[name][0] == "alb":
            assert response["statusDescription"] == "401 Unauthorized"
            if "multiValueHeaders" in sent:  # multi-value headers on: the ALB reads only these
                assert response["multiValueHeaders"] == {"content-type": ["application/json"]}
                assert "headers" not in response
            else:
                assert response["headers"] == {"content-type": "application/json"}
        else:
            assert response["headers"] == {"content-type": "application/json"}
            assert "statusDescription" not in response
    assert calls == []


@pytest.mark.parametrize("name", [n for n, e in EVENTS.items() if e[1] == "retell"])
def test_stale_event_is_refused(name: str) -> None:
    calls: list[Any] = []
    response = handler_for(name, calls)(signed_event(name, now=time.time() - 3600), None)
    assert (response["statusCode"], json.loads(response["body"])) == (401, {"error": "timestamp_out_of_tolerance"})
    assert calls == []


def test_http_api_custom_domain_needs_public_url() -> None:
    """The API mapping (/v1) is missing from rawPath: the URL as received is not the one
    Twilio signed, and public_url with the prefix restores it."""
    event = signed_event("http-api-v2-custom-domain")
    assert hooksig.aws_lambda.request(event).target == "/hooks/twilio"

    @hooksig.aws_lambda.webhook("twilio", SECRETS["twilio"])
    def without(event: Any, context: Any, verified: hooksig.Verified) -> str:
        return "ran"

    assert json.loads(without(event, None)["body"]) == {"error": "signature_mismatch"}  # type: ignore[index]
    assert handler_for("http-api-v2-custom-domain", [])(event, None)["statusCode"] == 200


def test_rest_v1_takes_the_stage_and_base_path_from_request_context() -> None:
    assert hooksig.aws_lambda.request(load("rest-v1-form")).target == "/prod/hooks/twilio?tenant=acme"
    assert hooksig.aws_lambda.request(load("rest-v1-custom-domain")).target == "/telephony/hooks/twilio"


def test_v2_headers_and_cookies() -> None:
    """Lower-cased, comma-joined headers are passed as they are; cookies come back as one
    cookie header."""
    parts = hooksig.aws_lambda.request(load("http-api-v2-json-cookies"))
    headers = dict(parts.headers)
    assert headers["x-custom"] == "one,two"
    assert headers["cookie"] == "session=s1; theme=dark"
    assert (parts.scheme, parts.host, parts.method) == ("https", "abc123defg.execute-api.us-east-1.amazonaws.com", "POST")


def test_raw_targets_by_shape() -> None:
    """A Function URL and an ALB keep the encoding; an HTTP API decodes rawPath (the core's
    rebuild gives the normal form back)."""
    assert hooksig.aws_lambda.request(load("function-url-form-base64")).target == "/hooks/twilio%7Eold?tenant=acme%2Bco"
    assert hooksig.aws_lambda.request(load("alb-form")).target == "/hooks/twilio?tenant=acme%2Bco"
    decoded = {**load("http-api-v2-form-base64"), "rawPath": "/hooks/a b"}
    assert hooksig.aws_lambda.request(decoded).target == "/hooks/a%20b?tenant=acme&note=a%20b"
    assert hooksig.aws_lambda.request(load("alb-multivalue-json-base64")).scheme == "http"  # its x-forwarded-proto


def test_rest_v1_query_is_re_encoded() -> None:
    """The REST API hands the query decoded: it is re-encoded in the normal form, so a URL
    that used that form verifies and another encoding cannot be rebuilt."""
    event = load("rest-v1-form")
    event["multiValueQueryStringParameters"] = {"a": ["x y", "1&2"], "b": ["~/"]}
    assert hooksig.aws_lambda.request(event).target == "/prod/hooks/twilio?a=x%20y&a=1%262&b=~/"


def test_not_an_http_event() -> None:
    with pytest.raises(TypeError, match="not an HTTP event"):
        hooksig.aws_lambda.request({"Records": [{"eventSource": "aws:sqs"}]})
    bad = {**load("http-api-v2-form-base64"), "body": "not base64!"}
    with pytest.raises(TypeError, match="not base64"):
        hooksig.aws_lambda.body(bad)


def test_configuration_errors_raise_at_cold_start() -> None:
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.aws_lambda.webhook("nope", "s")
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.aws_lambda.webhook("twilio", "t", public_url="api.example.com")
