"""Official Python SDK checks for the Standard Webhooks / Svix family and the t=,v1= lists;
merged into crosscheck.py.

Each check is handed the case the way a web framework hands a request over: the raw body
bytes (or their UTF-8 text where the SDK takes a str), a headers dict holding the first value
of each header, and the case's secrets (tried in order, as a user with a rotation list would).
The clock is the case's `now`: the SDKs read it from `time.time()` (patched with
`unittest.mock.patch("time.time", ...)`; paddle's Verifier imported the function itself, so its
module's name is patched), except standardwebhooks (and svix, which wraps it), which calls
`datetime.now()` (its module's `datetime` is patched).
None of these SDKs takes a `now` parameter.

Not checked: `mux-python` (5.1.2, the OpenAPI client, has no webhook verifier).

    python3 tests/sdk/sdk_lists.py --signers   # inside .venv-sdk-lists: run SIGNER_CHECKS
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import sys
from pathlib import Path
from unittest import mock

from sdkcase import body_bytes, header  # noqa: E402  (tests/sdk is on sys.path)

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors"

# venv folder -> pinned packages (the versions the vectors were checked with)
VENVS: dict[str, list[str]] = {
    ".venv-sdk-lists": [
        "standardwebhooks==1.3.0",
        "svix==2.9.1",
        "stripe==16.1.0",
        "openai==3.63.0",
        "replicate==1.0.7",
        "resend==2.52.0",
        "polar-sdk==1.0.2",
        "workos==10.8.0",
        "elevenlabs==2.78.0",
        "paddle-python-sdk==1.16.1",
    ],
}
V = ".venv-sdk-lists"
# SDK name (PyPI package) -> (venv folder, provider id)
SDKS: dict[str, tuple[str, str]] = {
    "standardwebhooks": (V, "standard-webhooks"),
    "svix": (V, "svix"),
    "resend": (V, "resend"),
    "openai": (V, "openai"),
    "replicate": (V, "replicate"),
    "polar-sdk": (V, "polar"),
    "stripe": (V, "stripe"),
    "workos": (V, "workos"),
    "elevenlabs": (V, "elevenlabs"),
    "paddle-python-sdk": (V, "paddle"),
}


# ------------------------------------------------------------------------------------------
# Self-contained helpers (the same reading of a case as crosscheck.py's)
# ------------------------------------------------------------------------------------------


def headers_dict(case: dict) -> dict[str, str]:
    """The first value of each header, names lowercased (what `dict(request.headers)` gives)."""
    out: dict[str, str] = {}
    for name, value in case["headers"]:
        out.setdefault(name.lower(), value)
    return out


@contextlib.contextmanager
def clock(case: dict):
    """time.time() returns the case's `now` (the SDKs call time.time() through the module)."""
    now = float(case["now"])
    with mock.patch("time.time", lambda: now):
        yield


@contextlib.contextmanager
def datetime_clock(case: dict, module: str):
    """Patch `datetime` in a module that calls datetime.now(tz=...)."""
    now = float(case["now"])

    class FixedDatetime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return _dt.datetime.fromtimestamp(now, tz=tz)

    with mock.patch(f"{module}.datetime", FixedDatetime):
        yield


def first_accepting(case: dict, attempt, rejection) -> bool:
    """Try each secret in order. The SDK's documented rejection (`rejection`, an exception
    class or tuple) is a False, as the web handler catching it answers 401/403; any other
    exception propagates (the driver records it as a raise: a 500 in most apps)."""
    for secret in case["secrets"]:
        try:
            if attempt(secret):
                return True
        except rejection:
            pass
    return False


# ------------------------------------------------------------------------------------------
# Standard Webhooks family
# ------------------------------------------------------------------------------------------


def check_standardwebhooks(case: dict) -> bool:
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    def attempt(secret):
        Webhook(secret).verify(body_bytes(case), headers_dict(case), json_parse=False)
        return True

    with datetime_clock(case, "standardwebhooks.webhooks"):
        return first_accepting(case, attempt, WebhookVerificationError)


def check_svix(case: dict) -> bool:
    from svix.webhooks import Webhook, WebhookVerificationError

    def attempt(secret):
        Webhook(secret).verify(body_bytes(case), headers_dict(case))
        return True

    with datetime_clock(case, "standardwebhooks.webhooks"):
        return first_accepting(case, attempt, WebhookVerificationError)


def check_resend(case: dict) -> bool:
    import resend

    h = headers_dict(case)

    def attempt(secret):
        resend.Webhooks.verify({
            "payload": body_bytes(case).decode("utf-8"),
            "headers": {"id": h.get("svix-id"), "timestamp": h.get("svix-timestamp"),
                        "signature": h.get("svix-signature")},
            "webhook_secret": secret,
        })
        return True

    with clock(case):
        return first_accepting(case, attempt, ValueError)


def check_openai(case: dict) -> bool:
    from openai import InvalidWebhookSignatureError, OpenAI

    client = OpenAI(api_key="sk-test-not-used")

    def attempt(secret):
        kwargs = {"tolerance": int(case["tolerance"])} if "tolerance" in case else {}
        client.webhooks.verify_signature(body_bytes(case), headers_dict(case), secret=secret, **kwargs)
        return True

    with clock(case):
        return first_accepting(case, attempt, InvalidWebhookSignatureError)


def check_replicate(case: dict) -> bool:
    # The documented call: validate(headers=, body=, secret=). No tolerance is passed: the
    # SDK's default (None) checks no timestamp, and that default is what is measured here.
    from replicate.webhook import WebhookValidationError, Webhooks, WebhookSigningSecret

    def attempt(secret):
        Webhooks.validate(headers=headers_dict(case), body=body_bytes(case).decode("utf-8"),
                          secret=WebhookSigningSecret(key=secret))
        return True

    with clock(case):
        return first_accepting(case, attempt, WebhookValidationError)


def check_polar(case: dict) -> bool:
    from polar.v2026_10 import webhooks as pw

    def attempt(secret):
        try:
            pw.validate_event(body_bytes(case), headers_dict(case), secret)
        except pw.PolarWebhookVerificationError:
            raise
        except pw.PolarWebhookError:
            # signed correctly, but a payload this SDK version does not model: the SDK's own
            # receiver example acknowledges it (202), so the signature was accepted
            return True
        return True

    with clock(case):
        return first_accepting(case, attempt, pw.PolarWebhookVerificationError)


# ------------------------------------------------------------------------------------------
# key=value lists
# ------------------------------------------------------------------------------------------


def check_stripe(case: dict) -> bool:
    import stripe

    sig = header(case, "Stripe-Signature")
    tolerance = int(case.get("tolerance", 300))

    def attempt(secret):
        stripe.Webhook.construct_event(body_bytes(case), sig, secret, tolerance=tolerance)
        return True

    with clock(case):
        return first_accepting(case, attempt, stripe.SignatureVerificationError)


def check_workos(case: dict) -> bool:
    from workos import WorkOSClient

    client = WorkOSClient(api_key="sk_test_not_used", client_id="client_not_used")
    sig = header(case, "WorkOS-Signature")
    kwargs = {"tolerance": int(case["tolerance"])} if "tolerance" in case else {}

    def attempt(secret):
        client.webhooks.verify_header(event_body=body_bytes(case), event_signature=sig, secret=secret, **kwargs)
        return True

    with clock(case):
        return first_accepting(case, attempt, ValueError)


def check_elevenlabs(case: dict) -> bool:
    from elevenlabs.client import ElevenLabs
    from elevenlabs.errors import BadRequestError

    client = ElevenLabs(api_key="not-used")
    sig = header(case, "ElevenLabs-Signature")

    def attempt(secret):
        client.webhooks.construct_event(body_bytes(case).decode("utf-8"), sig, secret)
        return True

    with clock(case):
        return first_accepting(case, attempt, BadRequestError)


class _PaddleRequest:
    """What the Verifier reads: `.headers.get(name)` and `.body` bytes (a Django request's shape)."""

    def __init__(self, case: dict) -> None:
        self.body = body_bytes(case)
        h = headers_dict(case)

        class Headers(dict):
            def get(self, key, default=None):
                return h.get(key.lower(), default)

        self.headers = Headers()


def check_paddle(case: dict) -> bool:
    from paddle_billing.Notifications import Secret, Verifier

    # Verifier does `from time import time`, so its module's `time` name is the function.
    now = float(case["now"])
    with mock.patch("paddle_billing.Notifications.Verifier.time", lambda: now):
        try:
            return bool(Verifier().verify(_PaddleRequest(case), [Secret(s) for s in case["secrets"]]))
        except ConnectionRefusedError:  # documented: a list of secrets none of which matched
            return False


CHECKS = {
    "standardwebhooks": check_standardwebhooks,
    "svix": check_svix,
    "resend": check_resend,
    "openai": check_openai,
    "replicate": check_replicate,
    "polar-sdk": check_polar,
    "stripe": check_stripe,
    "workos": check_workos,
    "elevenlabs": check_elevenlabs,
    "paddle-python-sdk": check_paddle,
}


# ------------------------------------------------------------------------------------------
# Signers: what the SDK signs must be what the oracle wrote into the vectors
# ------------------------------------------------------------------------------------------


def _valid_case(provider: str) -> dict:
    cases = json.loads((VECTORS / f"{provider}.json").read_text(encoding="utf-8"))["cases"]
    return next(c for c in cases if c["id"] == f"{provider}/valid")


def _sign_standard(provider: str, prefix: str, webhook_cls) -> None:
    case = _valid_case(provider)
    h = headers_dict(case)
    when = _dt.datetime.fromtimestamp(int(h[f"{prefix}-timestamp"]), tz=_dt.timezone.utc)
    signed = webhook_cls(case["secrets"][0]).sign(h[f"{prefix}-id"], when, case["body"])
    assert signed == h[f"{prefix}-signature"], (provider, signed, h[f"{prefix}-signature"])


def signer_standardwebhooks() -> None:
    from standardwebhooks.webhooks import Webhook

    _sign_standard("standard-webhooks", "webhook", Webhook)
    _sign_standard("openai", "webhook", Webhook)
    _sign_standard("replicate", "webhook", Webhook)
    _sign_standard("resend", "svix", Webhook)
    _sign_standard("clerk", "svix", Webhook)
    # Polar: the key is the whole secret as UTF-8, i.e. standardwebhooks given those raw bytes
    _sign_standard("polar", "webhook", lambda s: Webhook(s.encode("utf-8")))


def signer_svix() -> None:
    from svix.webhooks import Webhook

    _sign_standard("svix", "svix", Webhook)


def signer_stripe() -> None:
    import stripe

    case = _valid_case("stripe")
    expected = header(case, "Stripe-Signature")
    t = int(expected.split(",")[0][2:])
    got = stripe.WebhookSignature.generate_signature_header(case["body"], case["secrets"][0], timestamp=t)
    assert got == expected, (got, expected)


def signer_paddle() -> None:
    from paddle_billing.Notifications.PaddleSignature import PaddleSignature

    case = _valid_case("paddle")
    expected = header(case, "Paddle-Signature")
    ts = expected.split(";")[0][3:]
    got = PaddleSignature.calculate_hmac(case["secrets"][0], f"{ts}:{case['body']}".encode()).hexdigest()
    assert f"ts={ts};h1={got}" == expected, (got, expected)


SIGNER_CHECKS = {
    "standardwebhooks": signer_standardwebhooks,
    "svix": signer_svix,
    "stripe": signer_stripe,
    "paddle-python-sdk": signer_paddle,
}


if __name__ == "__main__" and sys.argv[1:] == ["--signers"]:
    for name, fn in SIGNER_CHECKS.items():
        fn()
        print(f"{name}: signs what the oracle computes")
