"""The Python API's contract: accepted types, errors and their codes, redaction, sign."""

from __future__ import annotations

import copy
import pickle
import sys
import threading
from datetime import datetime, timedelta, timezone

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


CODE_CLASSES = {
    "missing_header": hooksig.MissingHeaderError,
    "malformed_header": hooksig.MalformedHeaderError,
    "signature_mismatch": hooksig.SignatureMismatchError,
    "timestamp_out_of_tolerance": hooksig.TimestampOutOfToleranceError,
    "body_hash_mismatch": hooksig.BodyHashMismatchError,
    "body_not_covered": hooksig.BodyNotCoveredError,
    "invalid_url": hooksig.InvalidUrlError,
    "invalid_body": hooksig.InvalidBodyError,
    "body_too_large": hooksig.BodyTooLargeError,
    "raw_body_unavailable": hooksig.RawBodyUnavailableError,
}
MISUSE = {"invalid_secret", "unknown_provider", "invalid_argument", "raw_body_unavailable"}


def test_every_code_has_a_class() -> None:
    assert set(CODE_CLASSES) | MISUSE == set(hooksig.CODES)
    for code, cls in CODE_CLASSES.items():
        assert cls.code == code
        assert cls.__module__ == "hooksig"
        assert issubclass(cls, hooksig.HooksigError) and issubclass(cls, ValueError)
        family = hooksig.ConfigurationError if code in MISUSE else hooksig.WebhookVerificationError
        assert issubclass(cls, family)
        assert cls.status == (500 if code in MISUSE else 413 if code == "body_too_large" else 401)
    for family in (hooksig.WebhookVerificationError, hooksig.ConfigurationError):
        assert issubclass(family, hooksig.HooksigError)
    assert not issubclass(hooksig.ConfigurationError, hooksig.WebhookVerificationError)
    assert not issubclass(hooksig.WebhookVerificationError, hooksig.ConfigurationError)


def test_adapter_errors_come_from_the_core() -> None:
    """The errors adapters raise for a body they cannot verify are built by the core: its
    code, status and message."""
    unavailable = hooksig._native.raw_body_unavailable("read request.body first")
    assert isinstance(unavailable, hooksig.RawBodyUnavailableError)
    assert isinstance(unavailable, hooksig.ConfigurationError)
    assert (unavailable.code, unavailable.status, unavailable.header) == ("raw_body_unavailable", 500, None)
    assert "read request.body first" in str(unavailable)
    too_large = hooksig._native.body_too_large(1024)
    assert isinstance(too_large, hooksig.BodyTooLargeError)
    assert (too_large.code, too_large.status) == ("body_too_large", 413)
    assert "1024" in str(too_large)


def test_rejection_details() -> None:
    with pytest.raises(hooksig.SignatureMismatchError) as caught:
        hooksig.verify("twilio", "token", url=URL, headers=twilio_headers(), body=BODY + b"&x=1")
    assert caught.value.code == "signature_mismatch"
    assert "https://example.com/hooks/twilio?id=" in str(caught.value)
    assert caught.value.status == 401
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
        # Plivo V3 signs no JSON body: the round trip opts in to an unsigned body.
        verifier = hooksig.Verifier(provider, secret, allow_unsigned_body=provider == "plivo")
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


def gil_released_during_verify(body: object, size: int) -> bool:
    """Whether another thread ran Python code while `verify` hashed `body`.

    The switch interval is set far beyond the test's length, so the interpreter never takes
    the GIL from the verifying thread on a timer: the other thread, waiting for the GIL, can
    only run while the call has released it. It records the flag the main thread holds up
    around the call. No clock is read; tried a few times in case the other thread was not yet
    waiting when the hashing ended."""
    signed = hooksig.sign("retell", "k", body=b"x" * size, now=NOW)
    verifier = hooksig.Verifier("retell", "k")
    switch_interval = sys.getswitchinterval()
    try:
        for _ in range(5):
            inside = [False]
            seen: list[bool] = []
            ready, go = threading.Event(), threading.Event()

            def other() -> None:
                ready.set()
                go.wait()
                seen.append(inside[0])

            thread = threading.Thread(target=other)
            thread.start()
            ready.wait()
            sys.setswitchinterval(1000.0)
            inside[0] = True
            go.set()
            verifier.verify(headers=signed.headers, body=body, now=NOW)  # type: ignore[arg-type]
            inside[0] = False
            sys.setswitchinterval(switch_interval)
            thread.join()
            if seen == [True]:
                return True
        return False
    finally:
        sys.setswitchinterval(switch_interval)


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview-of-bytearray"])
def test_large_bodies_release_the_gil(kind: str) -> None:
    """From DETACH_MIN_BODY up, every body type is hashed with the GIL released (a mutable
    buffer is copied first, so no Python code can change it meanwhile)."""
    size = 32 << 20
    raw = b"x" * size
    body = {"bytes": raw, "bytearray": bytearray(raw), "memoryview-of-bytearray": memoryview(bytearray(raw))}[kind]
    assert gil_released_during_verify(body, size)


def test_small_bodies_keep_the_gil() -> None:
    """The control: below DETACH_MIN_BODY the call holds the GIL throughout, so the same
    probe sees nothing (the probe can fail)."""
    size = hooksig._native.DETACH_MIN_BODY - 1
    assert not gil_released_during_verify(b"x" * size, size)


def test_now_as_datetime() -> None:
    signed = hooksig.sign("retell", "key", body=b"{}", now=NOW)
    aware = datetime.fromtimestamp(NOW, tz=timezone.utc)
    assert hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=aware).timestamp == NOW
    eastern = aware.astimezone(timezone(timedelta(hours=-5)))
    assert hooksig.Verifier("retell", "key").verify(headers=signed.headers, body=b"{}", now=eastern)
    assert hooksig.sign("retell", "key", body=b"{}", now=aware) == signed
    with pytest.raises(TypeError, match="naive datetime"):
        hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=datetime.fromtimestamp(NOW))
    with pytest.raises(hooksig.TimestampOutOfToleranceError):
        hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=aware + timedelta(hours=1))


@pytest.mark.parametrize("bad", ["yesterday", b"1700000000", [NOW], object()])
def test_a_wrong_type_for_now_names_the_argument(bad: object) -> None:
    signed = hooksig.sign("retell", "key", body=b"{}", now=NOW)
    for call in (
        lambda: hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=bad),  # type: ignore[arg-type]
        lambda: hooksig.Verifier("retell", "key").verify(headers=signed.headers, body=b"{}", now=bad),  # type: ignore[arg-type]
        lambda: hooksig.sign("retell", "key", body=b"{}", now=bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(TypeError, match=r"^now must be Unix seconds \(a number\) or an aware datetime, not "):
            call()


def test_results_are_values() -> None:
    """Two verifications of the same request give equal results, which pickle, copy and
    match by position."""
    headers = twilio_headers()
    first = hooksig.verify("twilio", "token", url=URL, headers=headers, body=BODY)
    second = hooksig.Verifier("twilio", "token").verify(url=URL, headers=headers, body=BODY)
    assert first == second and first is not second
    assert first != hooksig.verify("twilio", ["x", "token"], url=URL, headers=headers, body=BODY)
    assert first.covers == second.covers
    signed = hooksig.sign("retell", "key", body=b"{}", now=NOW)
    retell = hooksig.verify("retell", "key", headers=signed.headers, body=b"{}", now=NOW)
    for value in (first, first.covers, retell, retell.covers, signed, hooksig.sign("twilio", "t", url=URL, headers=FORM, body=BODY)):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            restored = pickle.loads(pickle.dumps(value, protocol))
            assert restored == value and type(restored) is type(value)
            assert repr(restored) == repr(value)
        assert copy.deepcopy(value) == value
    match retell:
        case hooksig.Verified("retell", "retell", "X-Retell-Signature", 0, timestamp, hooksig.Coverage(True, False, True)):
            assert timestamp == NOW
        case _:
            pytest.fail("Verified does not match by position")
    match signed:
        case hooksig.Signed("retell", headers, None):
            assert set(headers) == {"X-Retell-Signature"}
        case _:
            pytest.fail("Signed does not match by position")
    with pytest.raises(ValueError):
        hooksig._native._verified("no-such-scheme", "X-Retell-Signature", 0, None, (True, True, True))
    with pytest.raises(ValueError):
        hooksig._native._verified("retell", "X-Other", 0, None, (True, True, True))


def test_unsigned_bodies_are_refused_unless_allowed() -> None:
    """Plivo V2 signs the URL and a nonce only: with a body, the one-shot call, a Verifier and
    the guard refuse it by default and accept it, saying so, with allow_unsigned_body."""
    from hooksig._adapter import WebhookGuard

    url = "https://example.com/hooks/plivo"
    body = b"From=14155550123&Text=hi"
    signed = hooksig.sign("plivo", "p", url=url, headers=FORM, body=body, scheme="plivo-v2", nonce="12345")
    headers = {**FORM, **signed.headers}
    with pytest.raises(hooksig.BodyNotCoveredError) as caught:
        hooksig.verify("plivo", "p", url=url, headers=headers, body=body)
    assert (caught.value.code, caught.value.status) == ("body_not_covered", 401)
    with pytest.raises(hooksig.BodyNotCoveredError):
        hooksig.Verifier("plivo", "p").verify(url=url, headers=headers, body=body)
    guard = WebhookGuard("plivo", "p")
    with pytest.raises(hooksig.BodyNotCoveredError):
        guard.verify(method="POST", scheme="https", host="example.com", target="/hooks/plivo", headers=headers, body=body)
    for verified in (
        hooksig.verify("plivo", "p", url=url, headers=headers, body=body, allow_unsigned_body=True),
        hooksig.Verifier("plivo", "p", allow_unsigned_body=True).verify(url=url, headers=headers, body=body),
        WebhookGuard("plivo", "p", allow_unsigned_body=True).verify(
            method="POST", scheme="https", host="example.com", target="/hooks/plivo", headers=headers, body=body
        ),
    ):
        assert verified.scheme == "plivo-v2" and verified.covers.body is False
    assert "allow_unsigned_body=True" in repr(hooksig.Verifier("plivo", "p", allow_unsigned_body=True))
    # The one-shot cache keys the option: the default still refuses after an allowed call.
    with pytest.raises(hooksig.BodyNotCoveredError):
        hooksig.verify("plivo", "p", url=url, headers=headers, body=body)


def test_target_from_decoded_path() -> None:
    """The core's one rule for servers that keep only the decoded path."""
    rebuild = hooksig.target_from_decoded_path
    assert rebuild(b"/hooks/a b", b"x=%7E&y=1") == "/hooks/a%20b?x=%7E&y=1"
    assert rebuild("/caf\u00e9/50%") == "/caf%C3%A9/50%25"
    assert rebuild(b"/caf\xc3\xa9", "") == "/caf%C3%A9"
    assert rebuild(b"", None) == "/"
    assert rebuild(b"/a?b#c", b"") == "/a%3Fb%23c"
    assert rebuild(b"/a~b/c'd:e", b"") == "/a~b/c'd:e"  # what decoding erased stays erased
    with pytest.raises(TypeError, match="path must be str or bytes"):
        rebuild(42)  # type: ignore[arg-type]


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
