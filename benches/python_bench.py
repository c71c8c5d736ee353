"""Python: hooksig against the official SDKs and hand-written stdlib verifiers, on the same
~1 KB requests, plus one thread against two on 1 MB bodies. Run by `make bench` with pyperf:

    python benches/python_bench.py --fast -o results/python.json

Every provider is timed through a `Verifier` and through the one-shot `hooksig.verify(...)`
(which takes its keyed verifier from the core's cache), side by side. Every peer is first
checked to accept the request it is timed on, so no rejection path is timed. `--only a,b`
runs only the benchmarks whose name contains one of the words.

SDKs get what their docs tell an app to pass (Twilio and Plivo a parsed form dict,
which the framework parsed already; hooksig parses the raw body itself).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pyperf

import hooksig

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


def timed(name: str, setup: Setup) -> Callable[[int], float]:
    """pyperf's time function for one benchmark: built (and checked to accept its request)
    on first use in each worker, outside the timed loop."""
    built: list[Callable[[], object]] = []

    def run(loops: int) -> float:
        if not built:
            call = setup()
            result = call()
            # A Verified, True, or None (signalwire's "no error"): anything else rejects.
            assert result is not False and not isinstance(result, Exception), name
            built.append(call)
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

    runner = pyperf.Runner(add_cmdline_args=pass_only)
    runner.argparser.add_argument("--only", default="", help="comma-separated name fragments")
    only = [word for word in runner.parse_args().only.split(",") if word]
    runner.metadata["hooksig_version"] = hooksig.__version__
    runner.metadata["body"] = json.dumps({"json": len(JSON_1K), "form": len(FORM_BODY)})
    for name, setup in SETUPS.items():
        if not only or any(word in name for word in only):
            runner.bench_time_func(name, timed(name, setup))
    for threads in (1, 2):
        if not only or any(word in f"threads/1MB x{threads}" for word in only):
            runner.bench_time_func(f"threads/1MB x{threads}", threaded(threads))


if __name__ == "__main__":
    main()
