"""The Python API's contract: accepted types, errors and their codes, redaction, sign."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

import hooksig

URL = "https://example.com/hooks/twilio?id=7"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BODY = b"CallSid=CA1&From=%2B15551234567"
NOW = 1_700_000_000.0


def twilio_headers(secret: str = "token") -> dict[str, str]:
    signed = hooksig.sign("twilio", secret, url=URL, headers=FORM, body=BODY)
    return {**FORM, **signed.headers}


def test_public_names() -> None:
    assert set(hooksig.__all__) <= set(dir(hooksig))
    assert hooksig.PROVIDERS == ["retell", "signalwire", "twilio", "plivo", "ranked"]
    assert hooksig.__version__ == "0.1.0"


@pytest.mark.parametrize(
    "body",
    [BODY, bytearray(BODY), memoryview(BODY), BODY.decode(), memoryview(b"xx" + BODY)[2:]],
    ids=["bytes", "bytearray", "memoryview", "str", "memoryview-slice"],
)
def test_body_types(body: object) -> None:
    verified = hooksig.verify("twilio", "token", url=URL, headers=twilio_headers(), body=body)  # type: ignore[arg-type]
    assert verified.scheme == "twilio-form"


@pytest.mark.parametrize("body", [{"CallSid": "CA1"}, [1, 2], None, 42, object()])
def test_parsed_or_odd_bodies_are_type_errors(body: object) -> None:
    with pytest.raises(TypeError) as caught:
        hooksig.verify("twilio", "token", url=URL, headers=twilio_headers(), body=body)  # type: ignore[arg-type]
    assert not isinstance(caught.value, hooksig.WebhookVerificationError)
    if isinstance(body, (dict, list)):
        assert "raw request body" in str(caught.value)


def test_non_contiguous_buffer_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="contiguous"):
        hooksig.verify("twilio", "token", url=URL, headers=twilio_headers(), body=memoryview(BODY)[::2])


def test_header_shapes() -> None:
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import EnvironHeaders, Headers as WerkzeugHeaders

    plain = twilio_headers()
    environ = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in plain.items()}
    environ["CONTENT_TYPE"] = plain["Content-Type"]
    shapes: list[object] = [
        plain,
        {k.lower(): v for k, v in plain.items()},
        {k.upper().encode(): v.encode() for k, v in plain.items()},
        list(plain.items()),
        [[k, v] for k, v in plain.items()],
        StarletteHeaders(plain),
        StarletteHeaders(plain).raw,
        WerkzeugHeaders(plain),
        EnvironHeaders(environ),
        HttpHeaders(environ),
        {k: [v] for k, v in plain.items()},
    ]
    for headers in shapes:
        verified = hooksig.verify("twilio", "token", url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]
        assert verified.header == "X-Twilio-Signature", type(headers)


@pytest.mark.parametrize(
    "headers, message",
    [
        ("X-Twilio-Signature: x", "mapping or an iterable"),
        (42, "mapping or an iterable"),
        ([("only-one",)], "pairs"),
        ({"X-Twilio-Signature": 5}, "header value"),
        ({5: "x"}, "header name"),
    ],
)
def test_bad_headers_are_type_errors(headers: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        hooksig.verify("twilio", "token", url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]


def test_missing_headers_are_rejections_not_type_errors() -> None:
    for headers in (None, {}, []):
        with pytest.raises(hooksig.MissingHeaderError) as caught:
            hooksig.verify("twilio", "token", url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]
        assert caught.value.code == "missing_header"
        assert caught.value.header == "X-Twilio-Signature"


def test_secrets_and_rotation() -> None:
    headers = twilio_headers("new")
    for secret in ("new", b"new", bytearray(b"new"), ["new"], ("old", "new"), [b"old", "new"]):
        verified = hooksig.verify("twilio", secret, url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]
        assert verified.secret_index == (1 if isinstance(secret, (list, tuple)) and len(secret) == 2 else 0)
    from collections import UserList

    assert hooksig.verify("twilio", UserList(["old", "new"]), url=URL, headers=headers, body=BODY).secret_index == 1
    for bad in (None, 42, {"a": "b"}, {"new"}, [None]):
        with pytest.raises(TypeError, match="secret"):
            hooksig.verify("twilio", bad, url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]
    for unusable in ("", b"", [], [" padded "], ["a"] * 17):
        with pytest.raises(hooksig.ConfigurationError) as caught:
            hooksig.verify("twilio", unusable, url=URL, headers=headers, body=BODY)  # type: ignore[arg-type]
        assert caught.value.code == "invalid_secret"
        assert not isinstance(caught.value, hooksig.WebhookVerificationError)


def test_misuse_is_a_configuration_error() -> None:
    with pytest.raises(hooksig.ConfigurationError) as caught:
        hooksig.verify("stripe", "s", headers={}, body=b"")
    assert caught.value.code == "unknown_provider"
    with pytest.raises(hooksig.ConfigurationError) as caught:
        hooksig.verify("twilio", "token", headers=twilio_headers(), body=BODY)  # no URL
    assert caught.value.code == "invalid_argument"
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.sign("twilio", "token", url=URL, scheme="retell")
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.sign("twilio", "token", url=URL, scheme="no-such-scheme")
    for bad_now in (float("nan"), -1.0, float("inf")):
        with pytest.raises(ValueError):
            hooksig.verify("retell", "k", headers={}, body=b"", now=bad_now)
    with pytest.raises(TypeError):
        hooksig.verify("retell", "k", headers={}, body=b"", now="yesterday")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        hooksig.Verifier("retell", "k", tolerance=-5)
    with pytest.raises(TypeError):
        hooksig.Verifier("retell", "k", tolerance="5 minutes")  # type: ignore[arg-type]


def test_every_code_has_a_class() -> None:
    rejection_classes = [
        hooksig.MissingHeaderError,
        hooksig.MalformedHeaderError,
        hooksig.SignatureMismatchError,
        hooksig.TimestampOutOfToleranceError,
        hooksig.BodyHashMismatchError,
        hooksig.InvalidUrlError,
        hooksig.InvalidBodyError,
    ]
    assert [c.code for c in rejection_classes] == hooksig.CODES[:7]
    for cls in rejection_classes:
        assert issubclass(cls, hooksig.WebhookVerificationError)
        assert issubclass(cls, ValueError)
        assert cls.__module__ == "hooksig"
    assert issubclass(hooksig.ConfigurationError, ValueError)
    assert not issubclass(hooksig.ConfigurationError, hooksig.WebhookVerificationError)


def test_rejection_details() -> None:
    with pytest.raises(hooksig.SignatureMismatchError) as caught:
        hooksig.verify("twilio", "token", url=URL, headers=twilio_headers(), body=BODY + b"&x=1")
    assert caught.value.code == "signature_mismatch"
    assert "https://example.com/hooks/twilio?id=7" in str(caught.value)
    signed = hooksig.sign("retell", "key", body=b"{}", now=NOW)
    with pytest.raises(hooksig.TimestampOutOfToleranceError, match="tolerance"):
        hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=NOW + 3600)
    assert hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=NOW + 3600, tolerance=timedelta(hours=2))


def test_no_secret_or_signature_in_messages_or_reprs() -> None:
    secret = "s3cr3t-value-never-shown"
    signed = hooksig.sign("retell", secret, body=b"{}", now=NOW)
    signature = signed.headers["X-Retell-Signature"].split("d=")[1]
    texts = [repr(signed), str(signed), repr(hooksig.Verifier("retell", secret))]
    verified = hooksig.verify("retell", secret, headers=signed.headers, body=b"{}", now=NOW)
    texts += [repr(verified), repr(verified.covers)]
    for wrong_now, body in ((NOW, b"{ }"), (NOW + 9999, b"{}")):
        with pytest.raises(hooksig.WebhookVerificationError) as caught:
            hooksig.verify("retell", [secret, secret + "2"], headers=signed.headers, body=body, now=wrong_now)
        texts += [str(caught.value), repr(caught.value)]
    for text in texts:
        assert secret not in text
        assert signature not in text


def test_sign_round_trips_every_provider() -> None:
    secrets = {"retell": "k", "signalwire": "PSK", "twilio": "t", "plivo": "p", "ranked": "whsec_" + "a" * 64}
    for provider, secret in secrets.items():
        verifier = hooksig.Verifier(provider, secret)
        signed = verifier.sign(url="https://example.com/h", headers={"Content-Type": "application/json"}, body=b'{"a":1}', now=NOW)
        assert signed.headers and all(isinstance(v, str) for v in signed.headers.values())
        verified = verifier.verify(
            url=signed.url or "https://example.com/h",
            headers={"Content-Type": "application/json", **signed.headers},
            body=b'{"a":1}',
            now=NOW,
        )
        assert verified.scheme == signed.scheme
        assert verifier.provider == provider
        assert verifier.secret_count == 1
    twilio_json = hooksig.sign("twilio", "t", url="https://example.com/h", headers={"Content-Type": "application/json"}, body=b"{}")
    assert twilio_json.scheme == "twilio-body-sha256" and "bodySHA256=" in (twilio_json.url or "")


def test_request_url_policies() -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "example.com"}
    received = ("http", "127.0.0.1:8000", "/hooks/twilio?id=7")
    assert hooksig.request_url(*received, forwarded) == "http://127.0.0.1:8000/hooks/twilio?id=7"
    assert hooksig.request_url(*received, forwarded, trust_forwarded=True) == URL
    assert hooksig.request_url(*received, {"X-Forwarded-Host": "evil.com"}, public_url="https://example.com") == URL
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.request_url(*received, public_url="https://example.com", trust_forwarded=True)
    with pytest.raises(hooksig.ConfigurationError):
        hooksig.request_url(*received, public_url="example.com")
    with pytest.raises(hooksig.MalformedHeaderError):
        hooksig.request_url(*received, {"X-Forwarded-Host": "a/b"}, trust_forwarded=True)
    with pytest.raises(hooksig.InvalidUrlError):
        hooksig.request_url("http", "bad host", "/")


def test_large_bodies_release_the_gil() -> None:
    """A thread that yields the GIL on every step keeps counting while another thread
    verifies a 32 MB body (~18 ms of hashing). Were the GIL held, it could not step at all
    during the call."""
    body = b"x" * (32 << 20)
    signed = hooksig.sign("retell", "k", body=body, now=NOW)
    verifier = hooksig.Verifier("retell", "k")
    done = threading.Event()
    ticks = 0

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)  # releases the GIL each step

    counter = threading.Thread(target=count)
    counter.start()
    try:
        during = []
        for _ in range(3):
            before = ticks
            verifier.verify(headers=signed.headers, body=body, now=NOW)
            during.append(ticks - before)
    finally:
        done.set()
        counter.join()
    assert max(during) > 50, during


def test_version_agrees_with_cargo() -> None:
    import tomllib
    from pathlib import Path

    cargo = tomllib.loads((Path(__file__).resolve().parents[2] / "Cargo.toml").read_text())
    assert hooksig.__version__ == cargo["workspace"]["package"]["version"]


def test_hostile_header_values_are_rejections() -> None:
    """Values no provider sends (lone surrogates, invalid UTF-8, NUL, 10 MB) are typed
    rejections, never a crash or an encoding error."""
    for value in ("\ud800", b"\xff\xfe", "x\x00y", "v=1,d=" + "a" * (10 << 20)):
        with pytest.raises(hooksig.WebhookVerificationError) as caught:
            hooksig.verify("retell", "k", headers={"X-Retell-Signature": value}, body=b"{}")
        assert caught.value.code == "malformed_header"
    with pytest.raises(hooksig.MissingHeaderError):
        hooksig.verify("retell", "k", headers={"\ud800": "x"}, body=b"{}")
