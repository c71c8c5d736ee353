"""Official Python SDK checks for the "headers" family; merged into crosscheck.py.

slack (slack-sdk), hubspot (hubspot-api-client), box (box-sdk-gen), square (squareup).
GitHub, Meta, Intercom, Zoom, Twitch, Linear and Shopify have no official Python verifier
(ShopifyAPI only validates OAuth query HMACs); their npm SDKs are in node-headers/check.js.

Each check is fed the case as a web framework hands it over: the raw body, and the first
value of each header (`request.headers.get`); the app loops over its configured secrets.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
from unittest import mock

from sdkcase import body_bytes, header  # noqa: E402  (tests/sdk is on sys.path)

# venv folder -> pinned packages
VENVS: dict[str, list[str]] = {
    ".venv-sdk-headers": ["slack-sdk==3.48.0", "hubspot-api-client==12.0.0", "box-sdk-gen==1.17.0",
                          "squareup==46.0.0.20260916"],
}
# SDK name -> (venv folder, provider id)
SDKS: dict[str, tuple[str, str]] = {
    "slack-sdk": (".venv-sdk-headers", "slack"),
    "hubspot-api-client": (".venv-sdk-headers", "hubspot"),
    "box-sdk-gen": (".venv-sdk-headers", "box"),
    "squareup": (".venv-sdk-headers", "square"),
}


def first_values(case: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in case["headers"]:
        out.setdefault(key, value)
    return out


def check_slack(case: dict) -> bool:
    # Time: the SDK's own `clock` parameter (a Clock with now()).
    from slack_sdk.signature import Clock, SignatureVerifier

    class Fixed(Clock):
        def now(self) -> float:
            return float(case["now"])

    accepted = False
    for secret in case["secrets"]:
        verifier = SignatureVerifier(secret, clock=Fixed())
        accepted |= verifier.is_valid_request(body_bytes(case), first_values(case))
    return accepted


class _FixedDatetime(_dt.datetime):
    now_value: float = 0.0

    @classmethod
    def now(cls, tz=None):
        return _dt.datetime.fromtimestamp(cls.now_value, tz=tz)


def check_hubspot(case: dict) -> bool:
    # Time: hubspot.utils.signature calls datetime.now(timezone.utc); the module's `datetime`
    # name is patched with a subclass whose now() is the case's clock.
    import hubspot.utils.signature as module
    from hubspot.exceptions import InvalidSignatureTimestampError
    from hubspot.utils.signature import Signature

    v3 = header(case, "X-HubSpot-Signature-v3")
    if v3:
        version, signature = "v3", v3
    else:
        version, signature = header(case, "X-HubSpot-Signature-Version") or "v1", header(case, "X-HubSpot-Signature")
    if not signature:
        return False
    _FixedDatetime.now_value = float(case["now"])
    body = body_bytes(case).decode("utf-8")
    with mock.patch.object(module, "datetime", _FixedDatetime):
        for secret in case["secrets"]:
            try:
                if Signature.is_valid(signature, secret, body, http_uri=case.get("url"), http_method=case["method"],
                                      signature_version=version, timestamp=header(case, "X-HubSpot-Request-Timestamp")):
                    return True
            except InvalidSignatureTimestampError:
                return False  # the SDK's documented way of rejecting a stale request
    return False


def check_box(case: dict) -> bool:
    # Time: box_sdk_gen.managers.webhooks imports get_epoch_time_in_seconds; patched there.
    # Headers: the SDK reads lowercase keys with dict.get, so they are lowercased first, as
    # Box's own examples do. Keys: secrets[0] is the primary key, secrets[1] the secondary.
    import box_sdk_gen.managers.webhooks as module
    from box_sdk_gen.managers.webhooks import WebhooksManager

    headers = {k.lower(): v for k, v in reversed(case["headers"])}
    secrets = case["secrets"]
    with mock.patch.object(module, "get_epoch_time_in_seconds", lambda: int(case["now"])):
        return bool(WebhooksManager.validate_message(
            body_bytes(case).decode("utf-8"), headers, secrets[0],
            secondary_key=secrets[1] if len(secrets) > 1 else None,
            max_age=int(case.get("tolerance", 600))))


def check_square(case: dict) -> bool:
    from square.utils.webhooks_helper import verify_signature

    return any(
        verify_signature(request_body=body_bytes(case).decode("utf-8"),
                         signature_header=header(case, "x-square-hmacsha256-signature") or "",
                         signature_key=secret, notification_url=case.get("url") or "")
        for secret in case["secrets"]
    )


# SDK name -> function(case) -> bool (accepted)
CHECKS: dict = {
    "slack-sdk": check_slack,
    "hubspot-api-client": check_hubspot,
    "box-sdk-gen": check_box,
    "squareup": check_square,
}


# ------------------------------------------------------------------------------------------
# What the SDKs sign is what the oracle computes (run inside the venv)
# ------------------------------------------------------------------------------------------

def _oracle():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "vectors"))
    import oracle_headers

    return oracle_headers


def signer_slack() -> None:
    from slack_sdk.signature import SignatureVerifier

    o = _oracle()
    ts = str(o.NOW - 5)
    for body in (o.SLACK_BODY, o.SLACK_BODY.replace("is it everything?", o.UNICODE_TEXT)):
        mine = "v0=" + hmac.new(o.SLACK_SECRET.encode(), f"v0:{ts}:".encode() + body.encode(), hashlib.sha256).hexdigest()
        theirs = SignatureVerifier(o.SLACK_SECRET).generate_signature(timestamp=ts, body=body)
        assert mine == theirs, (mine, theirs)


def signer_hubspot() -> None:
    from hubspot.utils.signature import Signature

    o = _oracle()
    ts = str(o.NOW_MS)
    for version in ("v1", "v2", "v3"):
        theirs = Signature.get_signature(o.HUBSPOT_SECRET, o.HUBSPOT_BODY, version, http_uri=o.HUBSPOT_URL,
                                         http_method="POST", timestamp=ts)
        if version == "v3":
            mine = o.hubspot_v3(o.HUBSPOT_SECRET, "POST", o.HUBSPOT_URL, o.HUBSPOT_BODY, ts)
        else:
            mine = o.hubspot_plain(o.HUBSPOT_SECRET, "POST", o.HUBSPOT_URL, o.HUBSPOT_BODY, version)
        assert mine == theirs, (version, mine, theirs)


def signer_box() -> None:
    from box_sdk_gen.internal.utils import compute_webhook_signature

    o = _oracle()
    ts = o.rfc3339(o.NOW - 20, offset_minutes=-420)
    headers = {"box-signature-version": "1", "box-signature-algorithm": "HmacSHA256", "box-delivery-timestamp": ts}
    body = o.BOX_BODY.replace("Q4 report", o.UNICODE_TEXT)
    assert compute_webhook_signature(body, headers, o.BOX_PRIMARY) == o.box_sig(o.BOX_PRIMARY, body, ts)
    escaped = compute_webhook_signature(body, headers, o.BOX_PRIMARY, escape_body=True)
    assert escaped == o.box_sig(o.BOX_PRIMARY, o.box_escape(body), ts), "escaped form differs"


SIGNER_CHECKS: dict = {
    "slack-sdk": signer_slack,
    "hubspot-api-client": signer_hubspot,
    "box-sdk-gen": signer_box,
}
