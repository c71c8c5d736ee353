"""Official Python SDK checks for the body-HMAC providers; merged into crosscheck.py.

Each check feeds the SDK a case as a web framework would hand it over: the raw body decoded
as UTF-8 text (every SDK here takes str), the first value of the signature header with its
optional whitespace trimmed (`request.headers.get`), and each configured secret in turn
(accepted if any secret verifies). None of these SDKs reads a clock (their schemes carry no
timestamp), so no time is patched.

Providers with no official Python verifier (checked by the oracle alone, plus npm where one
exists): typeform, webflow (PyPI `webflow` 2.0.0 is an API client), woocommerce (PyPI
`woocommerce` 3.0.0 signs REST calls with OAuth, no webhook verifier), vercel, paystack,
lemonsqueezy.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

_VECTORS = Path(__file__).resolve().parent.parent / "vectors"

# venv folder -> pinned packages
VENVS: dict[str, list[str]] = {
    ".venv-sdk-body": ["razorpay==2.0.1", "line-bot-sdk==3.27.0", "coinbase-commerce==1.0.1"],
}
# SDK name -> (venv folder, provider id)
SDKS: dict[str, tuple[str, str]] = {
    "razorpay": (".venv-sdk-body", "razorpay"),
    "line-bot-sdk": (".venv-sdk-body", "line"),
    "coinbase-commerce": (".venv-sdk-body", "coinbase-commerce"),
}


def _body_text(case: dict) -> str:
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"]).decode("utf-8")  # str-only SDKs: non-UTF-8 raises
    return case["body"]


def _header(case: dict, name: str) -> str | None:
    """The first value of a header, OWS-trimmed, as frameworks' `headers.get` returns it."""
    for key, value in case["headers"]:
        if key.lower() == name.lower():
            return value.strip(" \t")
    return None


def check_razorpay(case: dict) -> bool:
    # razorpay/utility/utility.py: verify_webhook_signature(body: str, signature, secret) -> True or raises
    from razorpay.utility.utility import Utility

    body = _body_text(case)
    signature = _header(case, "X-Razorpay-Signature") or ""  # headers.get(name, "")
    accepted = False
    for secret in case["secrets"]:
        try:
            accepted |= bool(Utility().verify_webhook_signature(body, signature, secret))
        except Exception as exc:  # SignatureVerificationError is the SDK's "no"
            if type(exc).__name__ != "SignatureVerificationError":
                raise
    return accepted


def check_line(case: dict) -> bool:
    # linebot/v3/webhook.py: SignatureValidator(secret).validate(body: str, signature) -> bool
    # (WebhookParser.parse / WebhookHandler.handle call exactly this before parsing events)
    from linebot.v3.webhook import SignatureValidator

    body = _body_text(case)
    signature = _header(case, "x-line-signature") or ""
    return any(SignatureValidator(secret).validate(body, signature) for secret in case["secrets"])


def check_coinbase(case: dict) -> bool:
    # coinbase_commerce/webhook.py: Webhook.construct_event(payload: str, sig_header, secret), the
    # documented entry point: parses the JSON (needs an "event" key), then verifies; raises otherwise
    from coinbase_commerce.webhook import Webhook

    body = _body_text(case)
    signature = _header(case, "X-CC-Webhook-Signature") or ""
    accepted = False
    for secret in case["secrets"]:
        try:
            Webhook.construct_event(body, signature, secret)
            accepted = True
        except Exception as exc:
            if type(exc).__name__ != "SignatureVerificationError":
                raise  # WebhookInvalidPayload and the like: recorded as a raise
    return accepted


# SDK name -> function(case) -> bool (accepted)
CHECKS: dict = {
    "razorpay": check_razorpay,
    "line-bot-sdk": check_line,
    "coinbase-commerce": check_coinbase,
}


def _cases(provider: str) -> list[dict]:
    return json.loads((_VECTORS / f"{provider}.json").read_text(encoding="utf-8"))["cases"]


def signer_coinbase() -> None:
    """coinbase-commerce's own signer (WebhookSignature._compute_signature) matches the oracle on
    every accepted case signed with secrets[secret_index]."""
    from coinbase_commerce.webhook import WebhookSignature

    checked = 0
    for case in _cases("coinbase-commerce"):
        if not case["expect"]["ok"] or len([h for h in case["headers"] if h[0].lower() == "x-cc-webhook-signature"]) != 1:
            continue
        secret = case["secrets"][case["expect"]["secret_index"]]
        mine = WebhookSignature._compute_signature(_body_text(case), secret)
        theirs = _header(case, "X-CC-Webhook-Signature")
        assert mine == theirs, f"{case['id']}: SDK signs {mine}, oracle wrote {theirs}"
        checked += 1
    assert checked >= 5, checked


# SDK name -> function() -> None, raising AssertionError when the SDK's signer and the oracle disagree
SIGNER_CHECKS: dict = {"coinbase-commerce": signer_coinbase}
