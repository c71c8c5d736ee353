"""AWS Lambda adapter: verifies the HTTP event before the handler runs.

    import hooksig.aws_lambda

    @hooksig.aws_lambda.webhook("twilio", secret=os.environ["TWILIO_AUTH_TOKEN"])
    def handler(event, context, verified):
        form = urllib.parse.parse_qs(hooksig.aws_lambda.body(event).decode())
        return {"statusCode": 200, "body": "ok"}

The wrapped function is the Lambda handler, ``handler(event, context)``; the function you
write takes a third argument, the :class:`hooksig.Verified` result, and returns its response
as usual. A refused request is answered without calling it: the response dict
``{"statusCode": <the core's status>, "headers": {"content-type": "application/json"},
"body": '{"error": "<code>"}'}`` (an ALB event's has ``statusDescription``, and
``multiValueHeaders`` when the target group has multi-value headers on).

The event shapes, and what the URL is rebuilt from (the scheme is https for API Gateway and
Function URLs, and the ALB's ``x-forwarded-proto`` for an ALB; the host is
``requestContext.domainName``, else the ``Host`` header):

- **HTTP API (payload 2.0) and Function URLs**: ``rawPath`` and ``rawQueryString``; headers
  lower-cased, repeated ones comma-joined, ``cookies`` given back as one ``cookie`` header.
  An HTTP API hands ``rawPath`` percent-decoded (a Function URL does not): it is rebuilt by
  the core's rule (:func:`hooksig.target_from_decoded_path`), which cannot restore an
  encoding such as ``%7E`` the decoding erased. ``rawPath`` does not include a custom
  domain's API mapping (``https://api.example.com/v1/hooks`` arrives as ``/hooks``): give
  ``public_url="https://api.example.com/v1"`` for URL-signed providers.
- **REST API (v1) and HTTP API payload 1.0**: ``requestContext.path`` (which has the stage,
  or the custom domain's base path) else ``path``; ``multiValueHeaders`` else ``headers``.
  The query exists only decoded (``multiValueQueryStringParameters``), so it is re-encoded
  by the core's rule (:func:`hooksig.query_from_decoded_pairs`: each key and value in RFC 3986
  normal form, keys in the event's order): a provider URL whose
  query used another encoding, or interleaved repeated keys, cannot be rebuilt byte for byte
  and is refused. For URL-signed providers prefer an HTTP API (v2) or a webhook URL without a
  query, and ``public_url`` when a custom domain fronts the API.
- **ALB**: ``path`` and the query parameters as the ALB passes them (still encoded);
  ``multiValueHeaders``/``multiValueQueryStringParameters`` when multi-value headers are on.

Bodies are base64-decoded when ``isBase64Encoded`` is true (API Gateway does so for binary
media types), taken as UTF-8 otherwise. A custom authorizer never sees the body: verify in
the function behind it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

from ._adapter import ProviderArg, Secret, Tolerance, WebhookGuard, refusal
from ._native import HooksigError, Verified, query_from_decoded_pairs, target_from_decoded_path

__all__ = ["LambdaRequest", "body", "header", "refusal_response", "request", "shape", "verify", "webhook"]

Event = Mapping[str, Any]
R = TypeVar("R")


@dataclass(frozen=True)
class LambdaRequest:
    """What the adapter gathered from an event, in the shape :class:`hooksig.WebhookGuard`
    verifies."""

    shape: str  # "http-api-v2", "function-url", "rest-v1", "http-api-v1" or "alb"
    method: str
    scheme: str
    host: str
    target: str
    headers: list[tuple[str, str | list[str]]]
    body: bytes


def shape(event: Event) -> str:
    """Which kind of HTTP event ``event`` is; ``TypeError`` for an event that is not one."""
    context = event.get("requestContext") or {}
    if event.get("version") == "2.0" and "rawPath" in event:
        domain = str(context.get("domainName", ""))
        return "function-url" if ".lambda-url." in domain else "http-api-v2"
    if "httpMethod" in event:
        if "elb" in context:
            return "alb"
        return "http-api-v1" if event.get("version") == "1.0" else "rest-v1"
    raise TypeError(
        "hooksig.aws_lambda: not an HTTP event (API Gateway REST or HTTP API, a Function URL or "
        "an ALB target group): put the webhook handler behind one of those"
    )


def body(event: Event) -> bytes:
    """The event's raw body: base64-decoded when ``isBase64Encoded``, else UTF-8."""
    raw = event.get("body")
    if raw is None:
        return b""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(str(raw), validate=True)
        except binascii.Error:
            raise TypeError("hooksig.aws_lambda: isBase64Encoded is true but the body is not base64") from None
    return str(raw).encode("utf-8")


def _pairs(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    return [
        (str(key), str(value))
        for key, values in (params or {}).items()
        for value in (values if isinstance(values, list) else [values])
    ]


def _query(params: Mapping[str, Any] | None, encode: bool) -> str:
    """The query of the parameters: as passed (ALB), or decoded ones re-encoded by the core's
    rule (API Gateway REST)."""
    pairs = _pairs(params)
    if encode:
        return query_from_decoded_pairs(pairs)
    return "&".join(f"{key}={value}" for key, value in pairs)


def _headers(event: Event) -> list[tuple[str, str | list[str]]]:
    multi = event.get("multiValueHeaders")
    if multi:
        return [(str(name), [str(v) for v in values]) for name, values in multi.items() if values is not None]
    return [(str(name), str(value)) for name, value in (event.get("headers") or {}).items() if value is not None]


def _header(headers: list[tuple[str, str | list[str]]], wanted: str) -> str | None:
    for name, value in headers:
        if name.lower() == wanted:
            return value if isinstance(value, str) else (value[-1] if value else None)
    return None


def header(event: Event, name: str) -> str | None:
    """The value of the event's header ``name`` (any case; the last of repeated values)."""
    return _header(_headers(event), name.lower())


def request(event: Event) -> LambdaRequest:
    """The method, URL parts, headers and raw body of an HTTP event."""
    kind = shape(event)
    context = event.get("requestContext") or {}
    headers = _headers(event)
    if kind in ("http-api-v2", "function-url"):
        method = str((context.get("http") or {}).get("method", "POST"))
        raw_path = str(event.get("rawPath") or "/")
        query = str(event.get("rawQueryString") or "")
        if kind == "http-api-v2":  # decoded by API Gateway: the core's rebuild
            target = target_from_decoded_path(raw_path.encode("utf-8"), query.encode("utf-8"))
        else:
            target = f"{raw_path}?{query}" if query else raw_path
        cookies = event.get("cookies")
        if cookies:
            headers.append(("cookie", "; ".join(str(c) for c in cookies)))
    else:
        method = str(event.get("httpMethod", "POST"))
        params = event.get("multiValueQueryStringParameters") or event.get("queryStringParameters")
        if kind == "alb":  # the ALB passes the query as sent
            path = str(event.get("path") or "/")
            query = _query(params, encode=False)
            target = f"{path}?{query}" if query else path
        else:
            path = str(context.get("path") or event.get("path") or "/")
            query = _query(params, encode=True)
            if kind == "http-api-v1":  # decoded, as the 2.0 rawPath is
                target = target_from_decoded_path(path.encode("utf-8"), query.encode("utf-8"))
            else:
                target = f"{path}?{query}" if query else path
    if kind == "alb":
        scheme = (_header(headers, "x-forwarded-proto") or "http").strip().lower()
    else:
        scheme = "https"  # API Gateway and Function URLs take HTTPS only
    host = str(context.get("domainName") or _header(headers, "host") or "localhost")
    return LambdaRequest(kind, method, scheme, host, target, headers, body(event))


def verify(guard: WebhookGuard, event: Event) -> Verified:
    """Verifies an HTTP event with ``guard``; raises a :class:`hooksig.HooksigError` for a
    refused request."""
    parts = request(event)
    return guard.verify(
        method=parts.method,
        scheme=parts.scheme,
        host=parts.host,
        target=parts.target,
        headers=parts.headers,
        body=parts.body,
    )


def refusal_response(error: HooksigError, event: Event | None = None) -> dict[str, Any]:
    """The Lambda response for a refused request: ``{"error": "<code>"}`` with the core's
    status, shaped for the event's source (ALB or API Gateway)."""
    answer, status = refusal(error)
    response: dict[str, Any] = {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(answer),
        "isBase64Encoded": False,
    }
    if event is not None and "elb" in (event.get("requestContext") or {}):
        response["statusDescription"] = f"{status} {HTTPStatus(status).phrase}"
        if "multiValueHeaders" in event:
            response["multiValueHeaders"] = {"content-type": ["application/json"]}
            del response["headers"]
    return response


def webhook(
    provider: ProviderArg,
    secret: Secret,
    *,
    public_url: str | None = None,
    trust_forwarded: bool = False,
    tolerance: Tolerance = None,
    allow_unsigned_body: bool = False,
) -> Callable[[Callable[[Any, Any, Verified], R]], Callable[[Any, Any], R | dict[str, Any]]]:
    """A decorator turning ``handler(event, context, verified)`` into the Lambda handler
    ``(event, context)`` that verifies ``provider``'s webhooks first (see the module doc).

    ``provider`` is a built-in id or a user-defined spec (:data:`hooksig.ProviderArg`);
    ``secret`` may be a list (rotation). ``public_url`` is the public base the provider calls
    (with a custom domain's base path: ``"https://api.example.com/v1"``). Configuration errors
    raise here, at cold start.
    """
    guard = WebhookGuard(
        provider,
        secret,
        public_url=public_url,
        trust_forwarded=trust_forwarded,
        tolerance=tolerance,
        allow_unsigned_body=allow_unsigned_body,
    )

    def decorator(handler: Callable[[Any, Any, Verified], R]) -> Callable[[Any, Any], R | dict[str, Any]]:
        @functools.wraps(handler)
        def lambda_handler(event: Any, context: Any) -> R | dict[str, Any]:
            try:
                verified = verify(guard, event)
            except HooksigError as error:
                return refusal_response(error, event)
            return handler(event, context, verified)

        lambda_handler.guard = guard  # type: ignore[attr-defined]
        return lambda_handler

    return decorator
