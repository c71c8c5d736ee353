"""Hostile input through every public function: arbitrary values and types (None, numbers,
nested containers, huge strings, invalid UTF-8, lone surrogates, NUL bytes), 10 MB headers and
thousands of form fields. Only the documented errors come out (a WebhookVerificationError
subclass, ConfigurationError, TypeError), never a PanicException or a crash, and no message,
repr or result ever holds a secret or a computed signature.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import hooksig
from conftest import secret_for

DOCUMENTED = (hooksig.WebhookVerificationError, hooksig.ConfigurationError, TypeError)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECRET = "hostile-secret-0123456789abcdef"
URL = "https://example.com/webhooks/hook?id=7"

text = st.text(st.characters(codec=None, exclude_categories=()), max_size=64)  # surrogates too
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | text
           | st.binary(max_size=64) | st.just("\0") | st.just("x" * 100_000))
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(text | st.binary(max_size=8), inner, max_size=4),
    max_leaves=12,
)
header_names = st.sampled_from(["X-Twilio-Signature", "X-Retell-Signature", "Content-Type",
                                "X-Webhook-Signature", "X-Webhook-Timestamp",
                                "X-Plivo-Signature-V3", "X-Plivo-Signature-V3-Nonce",
                                "X-SignalWire-Signature", "X-Forwarded-Proto", "Forwarded"]) | text
header_values = text | st.binary(max_size=128) | anything
headers = (st.dictionaries(header_names, header_values, max_size=6)
           | st.lists(st.tuples(header_names, header_values), max_size=6) | anything)
# A user-defined spec, valid, to mutate: hostile specs are refused with invalid_scheme.
SPEC = {"id": "acme", "schemes": [{"id": "acme", "signature": {
    "header": "X-Acme-Signature", "format": {"kind": "prefix", "prefix": "sha256="},
    "encoding": "hex", "algorithm": "hmac-sha256"}, "signed": ["body"]}]}
specs = (st.just(SPEC) | st.dictionaries(st.sampled_from(["id", "schemes", "aliases", "dedupe", "x"]), anything, max_size=4)
         | st.builds(lambda extra: {**SPEC, **extra}, st.dictionaries(st.sampled_from(["id", "schemes", "aliases", "x"]), anything, max_size=2))
         | text.map(lambda t: "{" + t))
providers = st.sampled_from(list(hooksig.PROVIDERS)) | specs | anything
secrets = st.just(SECRET) | st.just([SECRET, "whsec_" + SECRET]) | anything


def call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Calls `function`, allowing only the documented errors, and checks what comes out."""
    try:
        result = function(*args, **kwargs)
    except DOCUMENTED as error:
        assert SECRET not in str(error) and SECRET not in repr(error)
        if isinstance(error, (hooksig.WebhookVerificationError, hooksig.ConfigurationError)):
            assert error.code in hooksig.CODES
        return None
    assert SECRET not in repr(result)
    return result


@SETTINGS
@given(provider=providers, secret=secrets, method=anything | st.just("POST"),
       url=anything | st.just(URL) | text, headers=headers,
       body=anything | st.binary(max_size=256), now=anything, tolerance=anything)
def test_verify_takes_anything(provider: Any, secret: Any, method: Any, url: Any, headers: Any,
                               body: Any, now: Any, tolerance: Any) -> None:
    call(hooksig.verify, provider, secret, method=method, url=url, headers=headers, body=body,
         now=now, tolerance=tolerance)
    verifier = call(hooksig.Verifier, provider, secret, tolerance=tolerance)
    if verifier is not None:
        call(verifier.verify, method=method, url=url, headers=headers, body=body, now=now)


def with_signature(headers: Any, signed: dict[str, str]) -> list[tuple[Any, Any]]:
    """`headers` (any shape sign accepted) with the signed headers in place of any of the
    same name, as (name, value) pairs."""
    names = {name.lower() for name in signed}
    if isinstance(headers, dict):
        pairs = list(headers.items())
    elif isinstance(headers, list) and all(isinstance(p, tuple) and len(p) == 2 for p in headers):
        pairs = list(headers)
    else:  # None, or a shape that held no header sign reads
        pairs = []
    def name_of(name: Any) -> str:
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    kept = [(n, v) for n, v in pairs if name_of(n).lower() not in names]
    return kept + list(signed.items())


@SETTINGS
@given(provider=providers, secret=secrets, url=anything | st.just(URL), headers=headers,
       body=anything | st.binary(max_size=256), now=anything, scheme=anything, nonce=anything)
def test_sign_takes_anything(provider: Any, secret: Any, url: Any, headers: Any, body: Any,
                             now: Any, scheme: Any, nonce: Any) -> None:
    signed = call(hooksig.sign, provider, secret, url=url, headers=headers, body=body, now=now,
                  scheme=scheme, nonce=nonce)
    if signed is None:
        return
    # The repr names no signature.
    for value in signed.headers.values():
        assert value not in repr(signed)
    # What was signed verifies: the same request with the signed headers (and URL), at the
    # same time, allowing an unsigned body (a Plivo V2 signature never covers one).
    verified = hooksig.verify(provider, secret, url=signed.url or url,
                              headers=with_signature(headers, signed.headers),
                              body=b"" if body is None else body, now=now,
                              tolerance=None, allow_unsigned_body=True)
    assert verified.scheme == signed.scheme
    assert verified.header in signed.headers


# Every provider, and a user-defined one, with a secret in its key format.
PROVIDER_SECRETS = {p: secret_for(p, SECRET) for p in hooksig.PROVIDERS}
content_types = st.sampled_from(["application/x-www-form-urlencoded", "application/json",
                                 "text/plain", "multipart/form-data; boundary=x", ""])
unicode = st.text(st.characters(exclude_categories=["Cs"]), max_size=32)
form_bodies = st.lists(st.tuples(unicode, unicode), max_size=6).map(
    lambda pairs: "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs).encode())
urls = st.builds(lambda path, query: f"https://example.com/{quote(path)}" + (f"?{query}" if query else ""),
                 unicode, st.sampled_from(["", "a=1", "b=%2F&c=d+e", "x"]))


@SETTINGS
@given(data=st.data(), provider=st.sampled_from([*PROVIDER_SECRETS, "acme"]), url=urls,
       content_type=content_types, body=form_bodies | st.binary(max_size=256),
       now=st.floats(min_value=1e9, max_value=4e9), nonce=st.none() | st.text(
           alphabet="0123456789abcdef", min_size=1, max_size=20))
def test_what_was_signed_verifies(data: st.DataObject, provider: str, url: str, content_type: str,
                                  body: bytes, now: float, nonce: str | None) -> None:
    """Well-formed requests of every provider and scheme: whatever `sign` signs, `verify`
    accepts, as the same scheme, with the same URL, headers, body and time."""
    given_as: Any = SPEC if provider == "acme" else provider
    secret = PROVIDER_SECRETS.get(provider, SECRET)
    schemes = [s["id"] for s in hooksig.describe(given_as)["schemes"]]
    scheme = data.draw(st.none() | st.sampled_from(schemes))
    headers = {"Content-Type": content_type} if content_type else {}
    signed = call(hooksig.sign, given_as, secret, url=url, headers=headers,
                  body=body, now=now, scheme=scheme, nonce=nonce)
    assume(signed is not None)
    verified = hooksig.verify(given_as, secret, url=signed.url or url,
                              headers={**headers, **signed.headers}, body=body, now=now,
                              allow_unsigned_body=True)
    assert verified.provider == provider
    assert verified.scheme == signed.scheme or scheme is None
    if scheme is not None:
        assert verified.scheme == scheme


@SETTINGS
@given(scheme=anything | st.sampled_from(["http", "https"]), host=anything | text,
       target=anything | text, headers=headers, public_url=anything, trust=anything)
def test_request_url_takes_anything(scheme: Any, host: Any, target: Any, headers: Any,
                                    public_url: Any, trust: Any) -> None:
    call(hooksig.request_url, scheme, host, target, headers, public_url=public_url,
         trust_forwarded=trust)


@pytest.mark.parametrize("provider", hooksig.PROVIDERS)
@pytest.mark.parametrize("value", [
    "x" * 10_000_000,
    b"\xff\xfe\x00" * 1000,
    "\udcff\udc80",
    "\0" * 64,
    "v=1700000000000,d=" + "a" * 64 + ",d=" * 10_000,
    ",".join(["sha256=" + "0" * 64] * 10_000),
])
def test_hostile_header_values(provider: str, value: str | bytes) -> None:
    """Every header the provider reads (as its spec names them) holds the hostile value."""
    secret = PROVIDER_SECRETS[provider]
    headers = {name: value for name in read_headers(provider)}
    with pytest.raises(hooksig.WebhookVerificationError) as caught:
        hooksig.verify(provider, secret, url=URL, headers=headers, body=b"a=1", now=1.7e9)
    assert len(str(caught.value)) < 1000  # the message does not echo the value


def read_headers(provider: str) -> set[str]:
    """The headers a provider's verification reads, from its spec, and Content-Type."""
    names = {"Content-Type", "X-Twilio-Signature", "X-Plivo-Signature-V3", "X-Plivo-Signature-V3-Nonce",
             "X-Plivo-Signature-V2", "X-Plivo-Signature-V2-Nonce", "X-SignalWire-Signature",
             "X-SignalWire-Sha256-Signature", "X-Twilio-Webhooks-Signature-Settings"}
    for scheme in hooksig.describe(provider)["schemes"]:
        names.add(scheme["signature"]["header"])
        names.update(scheme["signature"].get("alternates", []))
        timestamp = scheme.get("timestamp", {})
        if "header" in timestamp.get("source", {}):
            names.add(timestamp["source"]["header"])
            names.update(timestamp.get("alternates", []))
        if "delivery_id" in scheme:
            names.add(scheme["delivery_id"]["header"])
        names.update(piece["header"] for piece in scheme["signed"] if isinstance(piece, dict) and "header" in piece)
        names.update(name for name, _ in scheme.get("requires", []))
        if "when" in scheme:
            names.add(scheme["when"]["header"])
    return names


@pytest.mark.parametrize("provider", ["twilio", "signalwire", "plivo"])
def test_many_form_fields_are_bounded(provider: str) -> None:
    body = "&".join(f"f{i}={i}" for i in range(100_000)).encode()
    signature = {"twilio": "X-Twilio-Signature", "signalwire": "X-SignalWire-Signature",
                 "plivo": "X-Plivo-Signature-V3"}[provider]
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               signature: "LjENXZ78x7F/qfhgPzg9pBQqRws=", "X-Plivo-Signature-V3-Nonce": "1"}
    with pytest.raises(hooksig.WebhookVerificationError) as caught:
        hooksig.verify(provider, SECRET, url=URL, headers=headers, body=body, now=1.7e9)
    assert caught.value.code in {"invalid_body", "malformed_header"}


def body_pair(provider: str) -> tuple[bytes, bytes, dict[str, str]]:
    """A body the provider signs, a tampered copy and the Content-Type: a form, or JSON that
    holds the timestamp where the provider's spec reads it from the body."""
    for scheme in hooksig.describe(provider)["schemes"]:
        pointer = scheme.get("timestamp", {}).get("source", {}).get("json")
        if pointer:
            def document(b: int) -> bytes:
                value: Any = 1_700_000_000 * (1000 if scheme["timestamp"]["unit"] == "ms" else 1)
                for key in reversed(pointer.strip("/").split("/")):
                    value = {key: value}
                return json.dumps({**value, "b": b}).encode()
            return document(2), document(3), {"Content-Type": "application/json"}
    return b"a=1&b=2", b"a=1&b=3", {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("provider", hooksig.PROVIDERS)
def test_no_message_holds_a_computed_signature(provider: str) -> None:
    secret = PROVIDER_SECRETS[provider]
    body, tampered, headers = body_pair(provider)
    signed = hooksig.sign(provider, secret, url=URL, headers=headers, body=body, now=1.7e9)
    url = signed.url or URL
    # The signature headers' values (a version header such as Box's `1` is not one).
    signature_headers = {s["signature"]["header"].lower() for s in hooksig.describe(provider)["schemes"]}
    signatures = [value for name, value in signed.headers.items() if name.lower() in signature_headers]
    assert signatures, provider
    with pytest.raises(hooksig.WebhookVerificationError) as caught:
        hooksig.verify(provider, secret, url=url, headers={**headers, **signed.headers},
                       body=tampered, now=1.7e9)
    for value in signatures:
        assert value not in str(caught.value) and value not in repr(caught.value)
    verified = hooksig.verify(provider, secret, url=url, headers={**headers, **signed.headers},
                              body=body, now=1.7e9)
    for value in signatures:
        assert value not in repr(verified)
