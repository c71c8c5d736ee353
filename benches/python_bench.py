"""Python: hooksig against the official SDKs and hand-written stdlib verifiers, on the same
~1 KB requests, plus one thread against two on 1 MB bodies. Run by `make bench` with pyperf:

    python benches/python_bench.py --fast -o results/python.json

Every provider is timed through a `Verifier` and through the one-shot `hooksig.verify(...)`
(which takes its keyed verifier from the core's cache), side by side. Every peer is first
checked to accept the request it is timed on, so no rejection path is timed. `--only a,b`
runs only the benchmarks whose name contains one of the words.

SDKs get what their docs tell an app to pass (Twilio and Plivo a parsed form dict,
which the framework parsed already; hooksig parses the raw body itself).

The providers beyond the five seeds are timed against their official SDKs (the ones
tests/sdk/crosscheck.py checks, at the same pins, from its venvs): `--sdks razorpay,stripe`
registers those SDKs' benchmarks (and hooksig's, for their providers) instead of the seeds'.
benches/python_sdks.py runs this file once per SDK venv; hooksig and pyperf then come from
the dev venv (.venv), appended to the path after the SDK venv's own packages.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import site
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
try:
    import hooksig
    import pyperf
except ImportError:  # an SDK venv: hooksig and pyperf from the dev venv, after this venv's own
    site.addsitedir(str(ROOT / ".venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
                        / "site-packages"))
    import hooksig
    import pyperf

URL = "https://example.com/webhooks/hook"
# A request's other headers, as a framework hands them over.
COMMON_HEADERS = {
    "Host": "example.com",
    "User-Agent": "provider-webhooks/1.0",
    "Accept": "*/*",
    "Accept-Encoding": "gzip",
    "X-Forwarded-For": "203.0.113.7",
}
SECRET = "9f2c1b7e4d8a6053c1e2f3a4b5c6d7e8"
RANKED_SECRET = "whsec_9f2c1b7e4d8a6053c1e2f3a4b5c6d7e8"


def json_body(size: int) -> bytes:
    head = b'{"event":"call_ended","call":{"call_id":"c_9f2","transcript":"'
    return head + b"x" * (size - len(head) - 3) + b'"}}'


# Ten fields, about 1 KB: an incoming-SMS or call-status callback.
FORM_PARAMS = [
    ("AccountSid", "AC9a4e5c1d3f7b2a6e8c0d9f1b3a5c7e9d"),
    ("ApiVersion", "2010-04-01"),
    ("Body", "Hello, world! " * 40),
    ("From", "+14155550123"),
    ("FromCity", "SAN FRANCISCO"),
    ("MessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"),
    ("NumMedia", "0"),
    ("SmsStatus", "received"),
    ("To", "+14155552671"),
    ("ToCountry", "US"),
]
FORM_BODY = urlencode(FORM_PARAMS).encode()
FORM_DICT = dict(FORM_PARAMS)
JSON_1K = json_body(1024)


def signed(provider: str, secret: str, body: bytes, content_type: str, **options: Any) -> dict[str, str]:
    result = hooksig.sign(provider, secret, url=URL, headers={"Content-Type": content_type},
                          body=body, **options)
    return {**COMMON_HEADERS, "Content-Type": content_type, **result.headers}


# ------------------------------------------------------------------ hand-written stdlib recipes

def stdlib_retell(body: bytes, header: str, secret: str) -> bool:
    parts = dict(part.split("=", 1) for part in header.split(","))
    if abs(time.time() * 1000 - int(parts["v"])) > 300_000:
        return False
    expected = hmac.new(secret.encode(), body + parts["v"].encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["d"])


def stdlib_twilio(url: str, body: bytes, header: str, secret: str) -> bool:
    params = sorted(parse_qsl(body.decode(), keep_blank_values=True))
    data = url + "".join(name + value for name, value in params)
    expected = base64.b64encode(hmac.new(secret.encode(), data.encode(), hashlib.sha1).digest())
    return hmac.compare_digest(expected.decode(), header)


def stdlib_ranked(body: bytes, signature: str, timestamp: str, secret: str) -> bool:
    if abs(time.time() - int(timestamp)) > 300:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


# --------------------------------------------------------------------------------- the peers
# Each setup builds one benchmark's request and callable, importing its SDK only then: pyperf
# runs each benchmark in fresh worker processes, and retell-sdk alone takes a second to import.

Setup = Callable[[], Callable[[], object]]
SETUPS: dict[str, Setup] = {}


def bench(name: str) -> Callable[[Setup], Setup]:
    def register(setup: Setup) -> Setup:
        SETUPS[name] = setup
        return setup
    return register


def retell_request() -> tuple[dict[str, str], str]:
    headers = signed("retell", SECRET, JSON_1K, "application/json")
    return headers, headers["X-Retell-Signature"]


@bench("retell/Verifier.verify")
def _() -> Callable[[], object]:
    verifier, (headers, _sig) = hooksig.Verifier("retell", SECRET), retell_request()
    return lambda: verifier.verify(headers=headers, body=JSON_1K)


@bench("retell/hooksig.verify")
def _() -> Callable[[], object]:
    headers, _sig = retell_request()
    return lambda: hooksig.verify("retell", SECRET, headers=headers, body=JSON_1K)


@bench("retell/stdlib")
def _() -> Callable[[], object]:
    _headers, signature = retell_request()
    return lambda: stdlib_retell(JSON_1K, signature, SECRET)


@bench("retell/retell-sdk")
def _() -> Callable[[], object]:
    from retell.lib.webhook_auth import verify as retell_sdk

    _headers, signature = retell_request()
    text = JSON_1K.decode()
    return lambda: retell_sdk(text, SECRET, signature)


def form_request(provider: str, **options: Any) -> dict[str, str]:
    return signed(provider, SECRET, FORM_BODY, "application/x-www-form-urlencoded", **options)


@bench("twilio/Verifier.verify")
def _() -> Callable[[], object]:
    verifier, headers = hooksig.Verifier("twilio", SECRET), form_request("twilio")
    return lambda: verifier.verify(url=URL, headers=headers, body=FORM_BODY)


@bench("twilio/hooksig.verify")
def _() -> Callable[[], object]:
    headers = form_request("twilio")
    return lambda: hooksig.verify("twilio", SECRET, url=URL, headers=headers, body=FORM_BODY)


@bench("twilio/stdlib")
def _() -> Callable[[], object]:
    signature = form_request("twilio")["X-Twilio-Signature"]
    return lambda: stdlib_twilio(URL, FORM_BODY, signature, SECRET)


@bench("twilio/twilio")
def _() -> Callable[[], object]:
    from twilio.request_validator import RequestValidator

    validator, signature = RequestValidator(SECRET), form_request("twilio")["X-Twilio-Signature"]
    return lambda: validator.validate(URL, FORM_DICT, signature)


NONCE = "12345678901234567890"


@bench("plivo-v3/Verifier.verify")
def _() -> Callable[[], object]:
    verifier, headers = hooksig.Verifier("plivo", SECRET), form_request("plivo", nonce=NONCE)
    return lambda: verifier.verify(url=URL, headers=headers, body=FORM_BODY)


@bench("plivo-v3/hooksig.verify")
def _() -> Callable[[], object]:
    headers = form_request("plivo", nonce=NONCE)
    return lambda: hooksig.verify("plivo", SECRET, url=URL, headers=headers, body=FORM_BODY)


@bench("plivo-v3/plivo")
def _() -> Callable[[], object]:
    from plivo.utils.signature_v3 import validate_v3_signature

    signature = form_request("plivo", nonce=NONCE)["X-Plivo-Signature-V3"]
    return lambda: validate_v3_signature("POST", URL, NONCE, SECRET, signature, FORM_DICT)


# Plivo V2 signs no body: the app must opt in to accepting an unsigned one.
@bench("plivo-v2/Verifier.verify")
def _() -> Callable[[], object]:
    verifier = hooksig.Verifier("plivo", SECRET, allow_unsigned_body=True)
    headers = form_request("plivo", scheme="plivo-v2", nonce=NONCE)
    return lambda: verifier.verify(url=URL, headers=headers, body=FORM_BODY)


@bench("plivo-v2/hooksig.verify")
def _() -> Callable[[], object]:
    headers = form_request("plivo", scheme="plivo-v2", nonce=NONCE)
    return lambda: hooksig.verify("plivo", SECRET, url=URL, headers=headers, body=FORM_BODY,
                                  allow_unsigned_body=True)


@bench("plivo-v2/plivo")
def _() -> Callable[[], object]:
    from plivo.utils import validate_signature

    signature = form_request("plivo", scheme="plivo-v2", nonce=NONCE)["X-Plivo-Signature-V2"]
    return lambda: validate_signature(URL, NONCE, signature, SECRET)


@bench("signalwire/Verifier.verify")
def _() -> Callable[[], object]:
    verifier = hooksig.Verifier("signalwire", SECRET)
    headers = signed("signalwire", SECRET, JSON_1K, "application/json")
    return lambda: verifier.verify(url=URL, headers=headers, body=JSON_1K)


@bench("signalwire/hooksig.verify")
def _() -> Callable[[], object]:
    headers = signed("signalwire", SECRET, JSON_1K, "application/json")
    return lambda: hooksig.verify("signalwire", SECRET, url=URL, headers=headers, body=JSON_1K)


@bench("signalwire/signalwire")
def _() -> Callable[[], object]:
    from signalwire.core.security.webhook_validator import validate_webhook_signature

    headers = signed("signalwire", SECRET, JSON_1K, "application/json")
    signature, text = headers["X-SignalWire-Signature"], JSON_1K.decode()
    return lambda: validate_webhook_signature(SECRET, signature, URL, text)


@bench("ranked/Verifier.verify")
def _() -> Callable[[], object]:
    verifier = hooksig.Verifier("ranked", RANKED_SECRET)
    headers = signed("ranked", RANKED_SECRET, JSON_1K, "application/json")
    return lambda: verifier.verify(headers=headers, body=JSON_1K)


@bench("ranked/hooksig.verify")
def _() -> Callable[[], object]:
    headers = signed("ranked", RANKED_SECRET, JSON_1K, "application/json")
    return lambda: hooksig.verify("ranked", RANKED_SECRET, headers=headers, body=JSON_1K)


@bench("ranked/stdlib")
def _() -> Callable[[], object]:
    headers = signed("ranked", RANKED_SECRET, JSON_1K, "application/json")
    signature, timestamp = headers["X-Webhook-Signature"], headers["X-Webhook-Timestamp"]
    return lambda: stdlib_ranked(JSON_1K, signature, timestamp, RANKED_SECRET)


# ---------------------------------------------------------- the providers beyond the seeds
# One ~1 KB request per provider: the body of its vector file's `<provider>/valid` case,
# padded with a "padding" field to 1024 bytes (compact JSON, so an SDK that re-serializes
# the parsed payload gets the same bytes), other headers from that case, and the signature
# headers from `hooksig.sign` at the current time (the SDKs read the real clock here).


class SdkRequest:
    def __init__(self, provider: str, size: int = 1024) -> None:
        cases = json.loads((VECTORS / f"{provider}.json").read_text(encoding="utf-8"))["cases"]
        case = next(c for c in cases if c["id"] == f"{provider}/valid")
        data = json.loads(case["body"])
        holder = data[0] if isinstance(data, list) else data  # HubSpot sends a list of events
        if "webhookTimestamp" in holder:  # Linear: the signed body carries the time too
            holder["webhookTimestamp"] = int(time.time() * 1000)
        holder["padding"] = ""
        bare = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
        holder["padding"] = "x" * max(0, size - bare)
        self.provider, self.url, self.method = provider, case["url"], case["method"]
        self.body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        self.text = self.body.decode()
        self.secret = case["secrets"][0]
        result = hooksig.sign(provider, self.secret, method=self.method, url=self.url,
                              headers=dict(case["headers"]), body=self.body)
        signed = {name.lower() for name in result.headers}
        self.headers = {**COMMON_HEADERS,
                        **{n: v for n, v in case["headers"] if n.lower() not in signed},
                        **result.headers}
        # What `{k.lower(): v for k, v in request.headers.items()}` gives an SDK.
        self.lower = {name.lower(): value for name, value in self.headers.items()}


SdkSetup = Callable[[SdkRequest], Callable[[], object]]
# SDK name (as tests/sdk/crosscheck.py names it, which gives its venv) -> (provider, setup)
SDK_BENCHES: dict[str, tuple[str, SdkSetup]] = {}


def sdk(name: str, provider: str) -> Callable[[SdkSetup], SdkSetup]:
    def register(setup: SdkSetup) -> SdkSetup:
        SDK_BENCHES[name] = (provider, setup)
        return setup
    return register


@sdk("razorpay", "razorpay")
def _(r: SdkRequest) -> Callable[[], object]:
    from razorpay.utility.utility import Utility

    utility, signature = Utility(), r.lower["x-razorpay-signature"]
    return lambda: utility.verify_webhook_signature(r.text, signature, r.secret)


@sdk("line-bot-sdk", "line")
def _(r: SdkRequest) -> Callable[[], object]:
    from linebot.v3.webhook import SignatureValidator

    validator, signature = SignatureValidator(r.secret), r.lower["x-line-signature"]
    return lambda: validator.validate(r.text, signature)


@sdk("coinbase-commerce", "coinbase-commerce")
def _(r: SdkRequest) -> Callable[[], object]:
    from coinbase_commerce.webhook import Webhook

    signature = r.lower["x-cc-webhook-signature"]
    return lambda: Webhook.construct_event(r.text, signature, r.secret)


@sdk("slack-sdk", "slack")
def _(r: SdkRequest) -> Callable[[], object]:
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(r.secret)
    return lambda: verifier.is_valid_request(r.body, r.headers)


@sdk("hubspot-api-client", "hubspot")
def _(r: SdkRequest) -> Callable[[], object]:
    from hubspot.utils.signature import Signature

    signature, timestamp = r.lower["x-hubspot-signature-v3"], r.lower["x-hubspot-request-timestamp"]
    return lambda: Signature.is_valid(signature, r.secret, r.text, http_uri=r.url, http_method=r.method,
                                      signature_version="v3", timestamp=timestamp)


@sdk("box-sdk-gen", "box")
def _(r: SdkRequest) -> Callable[[], object]:
    from box_sdk_gen.managers.webhooks import WebhooksManager

    return lambda: WebhooksManager.validate_message(r.text, r.lower, r.secret)


@sdk("squareup", "square")
def _(r: SdkRequest) -> Callable[[], object]:
    from square.utils.webhooks_helper import verify_signature

    signature = r.lower["x-square-hmacsha256-signature"]
    return lambda: verify_signature(request_body=r.text, signature_header=signature,
                                    signature_key=r.secret, notification_url=r.url)


@sdk("standardwebhooks", "standard-webhooks")
def _(r: SdkRequest) -> Callable[[], object]:
    from standardwebhooks.webhooks import Webhook

    webhook = Webhook(r.secret)
    return lambda: webhook.verify(r.body, r.lower)


@sdk("svix", "svix")
def _(r: SdkRequest) -> Callable[[], object]:
    from svix.webhooks import Webhook

    webhook = Webhook(r.secret)
    return lambda: webhook.verify(r.body, r.lower)


@sdk("resend", "resend")
def _(r: SdkRequest) -> Callable[[], object]:
    import resend

    options = {"payload": r.text, "webhook_secret": r.secret,
               "headers": {"id": r.lower["svix-id"], "timestamp": r.lower["svix-timestamp"],
                           "signature": r.lower["svix-signature"]}}
    return lambda: resend.Webhooks.verify(options) or True  # type: ignore[arg-type]


@sdk("openai", "openai")
def _(r: SdkRequest) -> Callable[[], object]:
    from openai import OpenAI

    client = OpenAI(api_key="sk-test-not-used")
    return lambda: client.webhooks.verify_signature(r.body, r.lower, secret=r.secret) or True


@sdk("replicate", "replicate")
def _(r: SdkRequest) -> Callable[[], object]:
    from replicate.webhook import Webhooks, WebhookSigningSecret

    secret = WebhookSigningSecret(key=r.secret)
    return lambda: Webhooks.validate(headers=r.lower, body=r.text, secret=secret)


@sdk("polar-sdk", "polar")
def _(r: SdkRequest) -> Callable[[], object]:
    from polar.v2026_10 import webhooks as polar

    # A payload this SDK version does not model raises PolarWebhookError after the signature
    # verified: the SDK's own receiver example acknowledges it (tests/sdk/sdk_lists.py).
    def call() -> object:
        try:
            return polar.validate_event(r.body, r.lower, r.secret)
        except polar.PolarWebhookVerificationError:
            raise
        except polar.PolarWebhookError:
            return True
    return call


@sdk("stripe", "stripe")
def _(r: SdkRequest) -> Callable[[], object]:
    import stripe

    signature = r.lower["stripe-signature"]
    return lambda: stripe.Webhook.construct_event(r.body, signature, r.secret)


@sdk("workos", "workos")
def _(r: SdkRequest) -> Callable[[], object]:
    from workos import WorkOSClient

    client = WorkOSClient(api_key="sk_test_not_used", client_id="client_not_used")
    signature = r.lower["workos-signature"]
    return lambda: client.webhooks.verify_header(event_body=r.body, event_signature=signature,
                                                 secret=r.secret) or True


@sdk("elevenlabs", "elevenlabs")
def _(r: SdkRequest) -> Callable[[], object]:
    from elevenlabs.client import ElevenLabs

    client, signature = ElevenLabs(api_key="not-used"), r.lower["elevenlabs-signature"]
    return lambda: client.webhooks.construct_event(r.text, signature, r.secret)


@sdk("paddle-python-sdk", "paddle")
def _(r: SdkRequest) -> Callable[[], object]:
    from paddle_billing.Notifications import Secret, Verifier

    class Request:  # what the Verifier reads: .headers.get(name) and .body (Django's shape)
        body = r.body
        headers = r.headers

    verifier, secrets = Verifier(), [Secret(r.secret)]
    return lambda: verifier.verify(Request(), secrets)


def register_sdk(name: str) -> None:
    """hooksig's Verifier and one-shot verify for the SDK's provider, and the SDK, on one request
    each (built in the worker, at the current time)."""
    provider, setup = SDK_BENCHES[name]

    def request() -> SdkRequest:
        return SdkRequest(provider)

    def verifier() -> Callable[[], object]:
        r = request()
        built = hooksig.Verifier(provider, r.secret)
        return lambda: built.verify(method=r.method, url=r.url, headers=r.headers, body=r.body)

    def one_shot() -> Callable[[], object]:
        r = request()
        return lambda: hooksig.verify(provider, r.secret, method=r.method, url=r.url, headers=r.headers,
                                      body=r.body)

    SETUPS[f"{provider}/Verifier.verify"] = verifier
    SETUPS[f"{provider}/hooksig.verify"] = one_shot
    SETUPS[f"{provider}/{name}"] = lambda: setup(request())


def timed(name: str, setup: Setup, fresh: bool = False) -> Callable[[int], float]:
    """pyperf's time function for one benchmark: built (and checked to accept its request)
    on first use in each worker, outside the timed loop; with `fresh`, built again for every
    value (a request signed at the current time: Paddle's tolerance is 5 s)."""
    built: list[Callable[[], object]] = []

    def run(loops: int) -> float:
        if not built or fresh:
            call = setup()
            result = call()
            # A Verified, True, or None (signalwire's "no error"): anything else rejects.
            assert result is not False and not isinstance(result, Exception), name
            built[:] = [call]
        call, iterations = built[0], range(loops)
        start = time.perf_counter()
        for _ in iterations:
            call()
        return time.perf_counter() - start

    return run


def threaded(threads: int) -> Callable[[int], float]:
    """Time for `loops` verifications of a 1 MB body spread over `threads` threads."""
    body = json_body(1024 * 1024)
    verifier = hooksig.Verifier("retell", SECRET)
    headers = signed("retell", SECRET, body, "application/json")
    verifier.verify(headers=headers, body=body)

    def run(loops: int) -> float:
        share = max(1, loops // threads)
        workers = [threading.Thread(target=lambda: [verifier.verify(headers=headers, body=body)
                                                    for _ in range(share)])
                   for _ in range(threads)]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return (time.perf_counter() - start) * loops / (share * threads)

    return run


def main() -> None:
    def pass_only(command: list[str], args: Any) -> None:  # workers must register the same list
        if args.only:
            command.extend(["--only", args.only])
        if args.sdks:
            command.extend(["--sdks", args.sdks])

    runner = pyperf.Runner(add_cmdline_args=pass_only)
    runner.argparser.add_argument("--only", default="", help="comma-separated name fragments")
    runner.argparser.add_argument("--sdks", default="",
                                  help="comma-separated SDK names (see SDK_BENCHES): those instead of the seeds")
    args = runner.parse_args()
    only = [word for word in args.only.split(",") if word]
    sdks = [name for name in args.sdks.split(",") if name]
    if sdks:
        SETUPS.clear()
        for name in sdks:
            register_sdk(name)
    runner.metadata["hooksig_version"] = hooksig.__version__
    runner.metadata["body"] = json.dumps({"json": len(JSON_1K), "form": len(FORM_BODY)})
    for name, setup in SETUPS.items():
        if not only or any(word in name for word in only):
            runner.bench_time_func(name, timed(name, setup, fresh=bool(sdks)))
    for threads in (1, 2):
        if sdks:
            break
        if not only or any(word in f"threads/1MB x{threads}" for word in only):
            runner.bench_time_func(f"threads/1MB x{threads}", threaded(threads))


if __name__ == "__main__":
    main()
