"""Differential tests against the official Python SDKs, over random requests (hypothesis).

Both directions: what an SDK signs, hooksig accepts; what hooksig signs, the SDK accepts; and
both refuse a request whose body was changed. The SDKs are the users' ground truth.

SignalWire's SDK has no public signer, so its own (private) digest helpers sign here; Retell's,
Twilio's and Plivo's public signing functions are used as they are.
"""

from __future__ import annotations

import json
import string
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hooksig

# Plain imports: a broken pin fails the suite instead of skipping it.
import plivo  # noqa: F401
import retell  # noqa: F401
import signalwire  # noqa: F401
import twilio  # noqa: F401

FORM = "application/x-www-form-urlencoded"
NOW = 1_700_000_000
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

secrets = st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=48)
keys = st.text(string.ascii_letters + string.digits, min_size=1, max_size=12)
ascii_values = st.text(string.ascii_letters + string.digits + " +-_.:/@", max_size=24)
any_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
paths = st.lists(st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=10), max_size=3)
hosts = st.sampled_from(["example.com", "hooks.example.org:8443", "127.0.0.1:8000"])
queries = st.dictionaries(keys, ascii_values, max_size=3)


@st.composite
def urls(draw: Any) -> str:
    scheme = draw(st.sampled_from(["https", "http"]))
    url = f"{scheme}://{draw(hosts)}/" + "/".join(draw(paths))
    query = draw(queries)
    return url + ("?" + urlencode(query) if query else "")


json_bodies = st.dictionaries(keys, st.one_of(any_values, st.integers(), st.booleans()), max_size=6).map(
    lambda d: json.dumps(d, ensure_ascii=False)
)


def tamper(body: bytes) -> bytes:
    return body + b" " if body.endswith(b"}") else body + b"&x=1"


# ---------------------------------------------------------------------------------- Retell


@SETTINGS
@given(secret=secrets, body=json_bodies)
def test_retell(secret: str, body: str) -> None:
    from retell.lib.webhook_auth import symmetric

    signature = symmetric["sign"](body, secret, NOW * 1000)
    headers = {"X-Retell-Signature": signature}
    assert hooksig.verify("retell", secret, headers=headers, body=body.encode(), now=NOW).scheme == "retell"
    with pytest.raises(hooksig.SignatureMismatchError):
        hooksig.verify("retell", secret, headers=headers, body=tamper(body.encode()), now=NOW)

    ours = hooksig.sign("retell", secret, body=body, now=NOW).headers["X-Retell-Signature"]
    options = {"timestamp": NOW * 1000}
    assert symmetric["verify"](body, secret, ours, options)
    assert not symmetric["verify"](body + " ", secret, ours, options)


# ---------------------------------------------------------------------------------- Twilio


@SETTINGS
@given(secret=secrets, url=urls(), params=st.dictionaries(keys, any_values, max_size=10))
def test_twilio_form(secret: str, url: str, params: dict[str, str]) -> None:
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(secret)
    body = urlencode(params).encode()
    headers = {"Content-Type": FORM, "X-Twilio-Signature": validator.compute_signature(url, params)}
    assert hooksig.verify("twilio", secret, url=url, headers=headers, body=body).scheme == "twilio-form"
    with pytest.raises(hooksig.SignatureMismatchError):
        hooksig.verify("twilio", secret, url=url, headers=headers, body=tamper(body))

    signed = hooksig.sign("twilio", secret, url=url, headers={"Content-Type": FORM}, body=body)
    assert validator.validate(url, params, signed.headers["X-Twilio-Signature"])
    assert not validator.validate(url, {**params, "x": "1"}, signed.headers["X-Twilio-Signature"])


@SETTINGS
@given(secret=secrets, url=urls(), body=json_bodies)
def test_twilio_json_body(secret: str, url: str, body: str) -> None:
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(secret)
    separator = "&" if "?" in url else "?"
    signed_url = f"{url}{separator}bodySHA256={validator.compute_hash(body)}"
    headers = {"Content-Type": "application/json", "X-Twilio-Signature": validator.compute_signature(signed_url, {})}
    verified = hooksig.verify("twilio", secret, url=signed_url, headers=headers, body=body)
    assert verified.scheme == "twilio-body-sha256"
    with pytest.raises(hooksig.BodyHashMismatchError):
        hooksig.verify("twilio", secret, url=signed_url, headers=headers, body=body + " ")

    signed = hooksig.sign("twilio", secret, url=url, headers={"Content-Type": "application/json"}, body=body)
    assert signed.url is not None
    assert validator.validate(signed.url, body, signed.headers["X-Twilio-Signature"])
    assert not validator.validate(signed.url, body + " ", signed.headers["X-Twilio-Signature"])


# ----------------------------------------------------------------------------------- Plivo


@SETTINGS
@given(
    secret=secrets,
    url=urls(),
    params=st.dictionaries(keys, ascii_values, max_size=10),
    nonce=st.text(string.digits, min_size=1, max_size=20),
)
def test_plivo_v3(secret: str, url: str, params: dict[str, str], nonce: str) -> None:
    from plivo.utils.signature_v3 import construct_post_url, get_signature_v3, validate_v3_signature

    body = urlencode(params).encode()
    sdk_params = parse_qs(body.decode(), keep_blank_values=True)
    base = construct_post_url(url, sdk_params).decode()
    signature = get_signature_v3(secret.encode(), base, nonce.encode()).decode()
    headers = {"Content-Type": FORM, "X-Plivo-Signature-V3": signature, "X-Plivo-Signature-V3-Nonce": nonce}
    assert hooksig.verify("plivo", secret, url=url, headers=headers, body=body).scheme == "plivo-v3"
    with pytest.raises(hooksig.SignatureMismatchError):
        hooksig.verify("plivo", secret, url=url, headers=headers, body=tamper(body))

    signed = hooksig.sign("plivo", secret, url=url, headers={"Content-Type": FORM}, body=body, nonce=nonce)
    ours = signed.headers["X-Plivo-Signature-V3"]
    assert validate_v3_signature("POST", url, nonce, secret, ours, sdk_params)
    tampered = parse_qs(tamper(body).decode(), keep_blank_values=True)
    assert not validate_v3_signature("POST", url, nonce, secret, ours, tampered)


# ------------------------------------------------------------------------------ SignalWire


@SETTINGS
@given(secret=secrets, url=urls(), body=json_bodies)
def test_signalwire_json(secret: str, url: str, body: str) -> None:
    from signalwire.core.security import webhook_validator as sdk
    from signalwire.core.security.webhook_middleware import validate

    headers = {"Content-Type": "application/json", "X-SignalWire-Signature": sdk._hex_hmac_sha1(secret, url + body)}
    verified = hooksig.verify("signalwire", secret, url=url, headers=headers, body=body)
    assert verified.scheme == "signalwire-json"
    with pytest.raises(hooksig.SignatureMismatchError):
        hooksig.verify("signalwire", secret, url=url, headers=headers, body=body + " ")

    signed = hooksig.sign("signalwire", secret, url=url, headers={"Content-Type": "application/json"}, body=body)
    lowered = {name.lower(): value for name, value in signed.headers.items()}
    assert validate("POST", url, lowered, body, signing_key=secret) is None  # None: accepted
    assert validate("POST", url, lowered, body + " ", signing_key=secret) is not None


@SETTINGS
@given(secret=secrets, url=urls(), params=st.dictionaries(keys, any_values, max_size=10))
def test_signalwire_form(secret: str, url: str, params: dict[str, str]) -> None:
    from signalwire.core.security import webhook_validator as sdk

    body = urlencode(params).encode()
    signature = sdk._b64_hmac_sha1(secret, url + sdk._sorted_concat_params(params))
    headers = {"Content-Type": FORM, "X-SignalWire-Signature": signature}
    verified = hooksig.verify("signalwire", secret, url=url, headers=headers, body=body)
    assert verified.scheme == "signalwire-form"

    signed = hooksig.sign("signalwire", secret, url=url, headers={"Content-Type": FORM}, body=body)
    ours = next(iter(signed.headers.values()))
    assert sdk.validate_request(secret, ours, url, params)
    assert not sdk.validate_request(secret, ours, url, {**params, "x": "1"})
