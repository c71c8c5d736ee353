#!/usr/bin/env python3
"""Writes the cross-language test vectors in this folder, one JSON file per provider.

The signatures are computed here with the standard library only (hmac, hashlib, base64,
urllib.parse), written from the providers' documented algorithms, independently of the
hooksig core: an oracle the Rust, Python and Node suites are checked against. The official
SDKs then confirm every case (tests/sdk/crosscheck.py).

    python3 tests/vectors/generate.py          # rewrite the files
    python3 tests/vectors/generate.py --check  # fail if the files differ from what it makes
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

HERE = Path(__file__).resolve().parent

NOW = 1_700_000_000  # seconds; every case's clock unless it says otherwise
NOW_MS = NOW * 1000
FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"

RETELL_KEY = "key_6d3b1f0c8e2a4f5b9c7d1e0a2b3c4d5e"
RETELL_OLD_KEY = "key_00aa11bb22cc33dd44ee55ff66778899"
SIGNALWIRE_KEY = "PSK_Xw8o7dm4Rf0rNqB1q9H3kT2yZpLcVaUe"
SIGNALWIRE_OLD_KEY = "PSK_oldoldoldoldoldoldoldoldoldoldol"
TWILIO_TOKEN = "9f2c1b7e4d8a6053c1e2f3a4b5c6d7e8"
TWILIO_OLD_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
TWILIO_SHARED_KEY = "webhooks_sharedkey_secret_R2d2C3po"
PLIVO_TOKEN = "MjYxNGQ5ZjQtZTBhYy00ZDM5LWI1OWUtMDkz"
PLIVO_MAIN_TOKEN = "ZTk2NmM4YjItNTI1Mi00YTJmLWFmNWMtYWJj"
RANKED_SECRET = "whsec_" + "3f9a0c2b7d4e1f6a8b5c9d0e2f4a6b8c1d3e5f7a9b0c2d4e6f8a1b3c5d7e9f0a"
RANKED_OLD_SECRET = "whsec_" + "0" * 64
WRONG_KEY = "not-the-right-secret"

JSON_BODY = '{"event":"call_started","call":{"call_id":"Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6","agent_id":"oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD"}}'
UNICODE_BODY = '{"transcript":"Señora Núñez dijo: ¡hola! 日本語 😀🎉","emoji":"\U0001f600"}'
CRLF_BODY = '{"note":"line one\\r\\nline two"}\r\n'
BIG_BODY = json.dumps({"event": "call_analyzed", "transcript": "x" * 100_000}, separators=(",", ":"))


def hmac_digest(key: str, message: bytes, algorithm) -> bytes:
    return hmac.new(key.encode("utf-8"), message, algorithm).digest()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def flip(text: str, index: int = 0) -> str:
    """The same text with one character changed, keeping the shape (hex stays hex)."""
    ch = text[index]
    return text[:index] + ("b" if ch == "a" else "a") + text[index + 1 :]


class Cases:
    """Collects one provider's cases."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.cases: list[dict] = []

    def add(
        self,
        name: str,
        description: str,
        *,
        secrets: list[str],
        headers: list[tuple[str, str]],
        body: str | bytes = "",
        expect: dict,
        method: str = "POST",
        url: str | None = None,
        now: int = NOW,
        tolerance: int | None = None,
        allow_unsigned_body: bool = False,
        sdk_deviations: dict[str, str] | None = None,
    ) -> None:
        case: dict = {"id": f"{self.provider}/{name}", "description": description}
        case["secrets"] = secrets
        case["method"] = method
        if url is not None:
            case["url"] = url
        case["headers"] = [list(h) for h in headers]
        if isinstance(body, bytes):
            try:
                case["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                case["body_base64"] = b64(body)
        else:
            case["body"] = body
        case["now"] = now
        if tolerance is not None:
            case["tolerance"] = tolerance
        if allow_unsigned_body:
            case["allow_unsigned_body"] = True
        case["expect"] = expect
        if sdk_deviations:
            case["sdk_deviations"] = sdk_deviations
        assert case["id"] not in {c["id"] for c in self.cases}, case["id"]
        self.cases.append(case)


def ok(scheme: str, header: str, *, secret_index: int = 0, body=True, url=True, timestamp=False) -> dict:
    return {
        "ok": True,
        "scheme": scheme,
        "header": header,
        "secret_index": secret_index,
        "covers": {"body": body, "url": url, "timestamp": timestamp},
    }


def err(code: str) -> dict:
    return {"ok": False, "code": code}


# --------------------------------------------------------------------------------------------
# Retell: X-Retell-Signature: v=<ms>,d=<hex HMAC-SHA256(key, body + str(v))>
# --------------------------------------------------------------------------------------------


def retell_header(key: str, body: str | bytes, v: int | str) -> str:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    digest = hmac.new(key.encode(), raw + str(int(v)).encode(), hashlib.sha256).hexdigest()
    return f"v={v},d={digest}"


def retell() -> Cases:
    c = Cases("retell")
    H = "X-Retell-Signature"
    K = [RETELL_KEY]
    good = ok("retell", H, url=False, timestamp=True)
    v = NOW_MS - 1234

    def add(name, description, headers, expect, body=JSON_BODY, **kw):
        c.add(name, description, secrets=kw.pop("secrets", K), url="https://example.com/webhooks/retell",
              headers=headers, body=body, expect=expect, **kw)

    add("valid", "a genuine call_started delivery", [(H, retell_header(RETELL_KEY, JSON_BODY, v))], good)
    add("valid-unicode", "accents, CJK and astral-plane emoji, as raw UTF-8",
        [(H, retell_header(RETELL_KEY, UNICODE_BODY, v))], good, body=UNICODE_BODY)
    add("valid-crlf", "CRLF inside and at the end of the body is signed as sent",
        [(H, retell_header(RETELL_KEY, CRLF_BODY, v))], good, body=CRLF_BODY)
    add("valid-100kb", "a ~100 KB transcript", [(H, retell_header(RETELL_KEY, BIG_BODY, v))], good, body=BIG_BODY)
    add("valid-empty-body", "an empty body", [(H, retell_header(RETELL_KEY, "", v))], good, body="")
    add("valid-number-spelling", "the raw bytes keep 1e-7, which json.dumps would print as 1e-07",
        [(H, retell_header(RETELL_KEY, '{"score":1e-7}', v))], good, body='{"score":1e-7}')
    add("window-old-edge", "exactly 300 000 ms old is accepted (inclusive)",
        [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS - 300_000))], good)
    add("window-future-edge", "exactly 300 000 ms ahead is accepted (inclusive)",
        [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS + 300_000))], good)
    add("stale", "300 001 ms old", [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS - 300_001))],
        err("timestamp_out_of_tolerance"))
    add("future", "300 001 ms ahead", [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS + 300_001))],
        err("timestamp_out_of_tolerance"))
    add("seconds-not-ms", "v in seconds reads as a 1970 time in milliseconds",
        [(H, retell_header(RETELL_KEY, JSON_BODY, NOW))], err("timestamp_out_of_tolerance"))
    add("tolerance-60-stale", "a 60 s tolerance rejects 61 s old",
        [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS - 61_000))], err("timestamp_out_of_tolerance"), tolerance=60)
    add("tolerance-600-ok", "a 600 s tolerance accepts 500 s old",
        [(H, retell_header(RETELL_KEY, JSON_BODY, NOW_MS - 500_000))], good, tolerance=600)
    add("leading-zeros", "leading zeros in v: the MAC uses the integer's decimal",
        [(H, retell_header(RETELL_KEY, JSON_BODY, "000" + str(v)))], good)
    sig = retell_header(RETELL_KEY, JSON_BODY, v)
    digits, digest = sig.split(",d=")
    add("uppercase-hex", "uppercase hex digest (the Node SDK accepts it; the Python SDK and hooksig do not)",
        [(H, f"{digits},d={digest.upper()}")], err("malformed_header"))
    add("missing-header", "no X-Retell-Signature", [("Content-Type", JSON_TYPE)], err("missing_header"))
    add("empty-header", "X-Retell-Signature present but empty", [(H, "")], err("missing_header"))
    add("reordered", "d before v", [(H, f"d={digest},{digits}")], err("malformed_header"))
    add("space-after-comma", "a space after the comma", [(H, f"{digits}, d={digest}")], err("malformed_header"))
    add("extra-field", "an extra field", [(H, f"{sig},x=1")], err("malformed_header"))
    add("short-digest", "63 hex characters", [(H, f"{digits},d={digest[:63]}")], err("malformed_header"))
    add("negative-v", "a negative timestamp", [(H, f"v=-{v},d={digest}")], err("malformed_header"))
    add("header-too-long", "a 10 000-byte header", [(H, sig + "0" * (10_000 - len(sig)))], err("malformed_header"))
    add("wrong-secret", "signed with another key", [(H, retell_header(WRONG_KEY, JSON_BODY, v))],
        err("signature_mismatch"))
    add("body-flipped", "one byte of the body changed", [(H, sig)], err("signature_mismatch"),
        body=JSON_BODY.replace("call_started", "call_startee"))
    add("reserialised-json", "signed over pretty JSON, verified over the compact re-serialisation",
        [(H, retell_header(RETELL_KEY, json.dumps(json.loads(JSON_BODY), indent=1), v))],
        err("signature_mismatch"))
    add("timestamp-swapped", "v changed, d kept: the timestamp is signed",
        [(H, f"v={v + 1},d={digest}")], err("signature_mismatch"))
    add("digest-flipped", "one hex digit of d changed", [(H, f"{digits},d={flip(digest, 10)}")],
        err("signature_mismatch"))
    add("rotation-old-key", "secrets [new, old], signed with the old one",
        [(H, retell_header(RETELL_OLD_KEY, JSON_BODY, v))], ok("retell", H, secret_index=1, url=False, timestamp=True),
        secrets=[RETELL_KEY, RETELL_OLD_KEY])
    add("rotation-neither", "secrets [new, old], signed with a third",
        [(H, retell_header(WRONG_KEY, JSON_BODY, v))], err("signature_mismatch"), secrets=[RETELL_KEY, RETELL_OLD_KEY])
    add("repeated-identical", "the header sent twice with the same value", [(H, sig), (H, sig)], good)
    add("repeated-different", "the header sent twice with different values",
        [(H, sig), (H, retell_header(RETELL_KEY, JSON_BODY, v + 1))], err("malformed_header"),
        sdk_deviations={"retell-sdk": "takes one header string; hooksig refuses to choose between two"})
    raw = b'{"name":"\xff\xfe"}'
    add("non-utf8-body", "a body that is not UTF-8 is still MACed byte for byte",
        [(H, retell_header(RETELL_KEY, raw, v))], good, body=raw,
        sdk_deviations={"retell-sdk": "verify() takes the body as str and cannot be given these bytes"})
    add("empty-secret", "an empty secret is a configuration error", [(H, sig)], err("invalid_secret"), secrets=[""])
    return c


# --------------------------------------------------------------------------------------------
# Ranked: X-Webhook-Signature: sha256=<hex HMAC-SHA256(whole whsec_ secret, body)>
# --------------------------------------------------------------------------------------------


def ranked_sig(key: str, body: str | bytes) -> str:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return "sha256=" + hmac.new(key.encode(), raw, hashlib.sha256).hexdigest()


def ranked() -> Cases:
    c = Cases("ranked")
    S, T = "X-Webhook-Signature", "X-Webhook-Timestamp"
    body = '{"event":"keywords.updated","timestamp":"2023-11-14T22:13:10Z","project_id":"prj_123","data":{"keywords":["a","b"]}}'
    good = ok("ranked", S, url=False, timestamp=False)
    sig = ranked_sig(RANKED_SECRET, body)
    ts = str(NOW - 10)

    def add(name, description, headers, expect, b=body, **kw):
        c.add(name, description, secrets=kw.pop("secrets", [RANKED_SECRET]), url="https://example.com/webhooks/ranked",
              headers=[("User-Agent", "RankedAI-Webhooks/1.0"), ("X-Webhook-Event", "keywords.updated")] + headers,
              body=b, expect=expect, **kw)

    add("valid", "a genuine delivery", [(S, sig), (T, ts)], good)
    add("valid-unicode", "accents, CJK and astral-plane emoji", [(S, ranked_sig(RANKED_SECRET, UNICODE_BODY)), (T, ts)],
        good, b=UNICODE_BODY)
    add("valid-crlf", "CRLF in the body", [(S, ranked_sig(RANKED_SECRET, CRLF_BODY)), (T, ts)], good, b=CRLF_BODY)
    add("valid-100kb", "a ~100 KB body", [(S, ranked_sig(RANKED_SECRET, BIG_BODY)), (T, ts)], good, b=BIG_BODY)
    add("valid-empty-body", "an empty body", [(S, ranked_sig(RANKED_SECRET, "")), (T, ts)], good, b="")
    add("window-old-edge", "exactly 300 s old is accepted", [(S, sig), (T, str(NOW - 300))], good)
    add("window-future-edge", "exactly 300 s ahead is accepted", [(S, sig), (T, str(NOW + 300))], good)
    add("stale", "301 s old", [(S, sig), (T, str(NOW - 301))], err("timestamp_out_of_tolerance"))
    add("future", "301 s ahead", [(S, sig), (T, str(NOW + 301))], err("timestamp_out_of_tolerance"))
    add("milliseconds", "a millisecond timestamp reads as far in the future", [(S, sig), (T, str(NOW_MS))],
        err("timestamp_out_of_tolerance"))
    add("tolerance-30", "a 30 s tolerance rejects 31 s old", [(S, sig), (T, str(NOW - 31))],
        err("timestamp_out_of_tolerance"), tolerance=30)
    add("timestamp-unsigned", "the timestamp can be changed without breaking the signature (it is not signed)",
        [(S, sig), (T, str(NOW - 200))], good)
    add("leading-zeros-timestamp", "leading zeros in the timestamp", [(S, sig), (T, "000" + ts)], good)
    add("missing-signature", "no X-Webhook-Signature", [(T, ts)], err("missing_header"))
    add("missing-timestamp", "no X-Webhook-Timestamp", [(S, sig)], err("missing_header"))
    add("empty-signature", "empty X-Webhook-Signature", [(S, ""), (T, ts)], err("missing_header"))
    add("no-prefix", "the hex without sha256=", [(S, sig[len("sha256="):]), (T, ts)], err("malformed_header"))
    add("sha1-prefix", "sha1= instead of sha256=", [(S, "sha1=" + sig[len("sha256="):]), (T, ts)], err("malformed_header"))
    add("uppercase-hex", "uppercase hex", [(S, "sha256=" + sig[len("sha256="):].upper()), (T, ts)], err("malformed_header"))
    add("truncated", "63 hex characters (the docs' timingSafeEqual would throw)", [(S, sig[:-1]), (T, ts)],
        err("malformed_header"))
    add("timestamp-not-number", "a non-numeric timestamp", [(S, sig), (T, "yesterday")], err("malformed_header"))
    add("timestamp-iso", "an ISO date instead of Unix seconds", [(S, sig), (T, "2023-11-14T22:13:10Z")],
        err("malformed_header"))
    add("timestamp-negative", "a negative timestamp", [(S, sig), (T, "-5")], err("malformed_header"))
    add("header-too-long", "a 10 000-byte signature header", [(S, sig + "0" * 10_000), (T, ts)], err("malformed_header"))
    add("wrong-secret", "signed with another secret", [(S, ranked_sig("whsec_" + "1" * 64, body)), (T, ts)],
        err("signature_mismatch"))
    add("prefix-stripped-by-sender", "signed with the hex part only, verified with the whole secret",
        [(S, ranked_sig(RANKED_SECRET[len("whsec_"):], body)), (T, ts)], err("signature_mismatch"))
    add("body-flipped", "one byte of the body changed", [(S, sig), (T, ts)], err("signature_mismatch"),
        b=body.replace("prj_123", "prj_124"))
    add("reserialised-json", "verified over a re-serialisation of the signed JSON", [(S, sig), (T, ts)],
        err("signature_mismatch"), b=json.dumps(json.loads(body)))
    add("digest-flipped", "one hex digit changed", [(S, "sha256=" + flip(sig[len("sha256="):], 5)), (T, ts)],
        err("signature_mismatch"))
    add("rotation-old", "secrets [new, old], signed with the old one", [(S, ranked_sig(RANKED_OLD_SECRET, body)), (T, ts)],
        ok("ranked", S, secret_index=1, url=False, timestamp=False), secrets=[RANKED_SECRET, RANKED_OLD_SECRET])
    add("secret-without-prefix", "a secret without whsec_ is a configuration error", [(S, sig), (T, ts)],
        err("invalid_secret"), secrets=[RANKED_SECRET[len("whsec_"):]])
    return c


# --------------------------------------------------------------------------------------------
# Twilio: base64 HMAC-SHA1(token, URL + sorted name+value); bodySHA256 for JSON
# --------------------------------------------------------------------------------------------


def concat_sorted_unique(pairs: list[tuple[str, str]]) -> str:
    return "".join(k + v for k, v in sorted(set(pairs)))


def concat_submission_order(pairs: list[tuple[str, str]]) -> str:
    return "".join(k + v for k, v in sorted(pairs, key=lambda kv: kv[0]))


def twilio_sig(key: str, url: str, params: list[tuple[str, str]] = (), algorithm=hashlib.sha1,
               concat=concat_sorted_unique) -> str:
    return b64(hmac_digest(key, (url + concat(list(params))).encode("utf-8"), algorithm))


def with_body_hash(url: str, body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return url + ("&" if "?" in url else "?") + "bodySHA256=" + digest


SMS = [
    ("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"),
    ("NumMedia", "0"), ("ToCity", "SAN FRANCISCO"), ("FromZip", "94105"), ("SmsSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"),
    ("FromState", "CA"), ("SmsStatus", "received"), ("FromCity", "SAN FRANCISCO"), ("Body", "Hello, world! ¿Qué tal?"),
    ("FromCountry", "US"), ("To", "+14155552671"), ("ToZip", "94105"), ("NumSegments", "1"),
    ("MessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"), ("AccountSid", "AC9a4e5c1d3f7b2a6e8c0d9f1b3a5c7e9d"),
    ("From", "+14155550123"), ("ApiVersion", "2010-04-01"),
]


def twilio() -> Cases:
    c = Cases("twilio")
    H = "X-Twilio-Signature"
    ST = "X-Twilio-Webhooks-Signature-Settings"
    url = "https://example.com/webhooks/twilio/sms"
    body = urlencode(SMS)
    ctype = ("Content-Type", FORM)
    form_ok = ok("twilio-form", H)
    hash_ok = ok("twilio-body-sha256", H)

    def add(name, description, headers, expect, *, u=url, b=body, secrets=None, **kw):
        c.add(name, description, secrets=secrets or [TWILIO_TOKEN], url=u, headers=headers, body=b, expect=expect, **kw)

    sig = twilio_sig(TWILIO_TOKEN, url, SMS)
    add("form-valid", "an incoming SMS, 19 form params", [ctype, (H, sig)], form_ok)
    add("form-charset", "Content-Type with a charset parameter", [("Content-Type", FORM + "; charset=utf-8"), (H, sig)], form_ok)
    get_url = "https://example.com/webhooks/twilio/voice?CallSid=CA123&From=%2B14155550123&To=%2B14155552671"
    add("get-valid", "a GET: params are in the query, which is signed verbatim",
        [(H, twilio_sig(TWILIO_TOKEN, get_url))], form_ok, u=get_url, b="", method="GET")
    q_url = url + "?tenant=acme&x=1"
    add("query-and-form", "a query string and a form body", [ctype, (H, twilio_sig(TWILIO_TOKEN, q_url, SMS))], form_ok, u=q_url)
    apos = url + "?name=O'Brien"
    add("query-apostrophe", "an apostrophe in the query stays as sent (twilio-node#1183)",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, apos, SMS))], form_ok, u=apos)
    unsorted = url + "?b=2&a=1"
    add("query-unsorted", "the query is not re-sorted", [ctype, (H, twilio_sig(TWILIO_TOKEN, unsorted, SMS))], form_ok, u=unsorted)
    add("query-reordered", "signed with ?a=1&b=2, received with ?b=2&a=1",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url + "?a=1&b=2", SMS))], err("signature_mismatch"), u=unsorted)
    add("port-443-received", "signed without a port, received with :443",
        [ctype, (H, sig)], form_ok, u="https://example.com:443/webhooks/twilio/sms")
    add("port-443-signed", "signed with :443, received without a port",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, "https://example.com:443/webhooks/twilio/sms", SMS))], form_ok)
    add("port-8443-received", "signed without a port, received on :8443 (any port is stripped)",
        [ctype, (H, sig)], form_ok, u="https://example.com:8443/webhooks/twilio/sms")
    add("port-8443-signed", "signed with :8443, received without a port",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, "https://example.com:8443/webhooks/twilio/sms", SMS))],
        err("signature_mismatch"))
    add("port-80-http", "plain http signed without a port, received with :80",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, "http://example.com/hook", SMS))], form_ok, u="http://example.com:80/hook")
    v6 = "https://[2001:db8::1]/webhooks/twilio/sms"
    add("ipv6-port-received", "an IPv6 host: signed without a port, received on :8443",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, v6, SMS))], form_ok, u="https://[2001:db8::1]:8443/webhooks/twilio/sms",
        sdk_deviations={"twilio": "remove_port cuts the netloc at its first ':', which breaks an IPv6 host"})
    userinfo = "https://user:pa55@example.com/webhooks/twilio/sms"
    add("userinfo", "credentials in the URL are signed as part of it",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, userinfo, SMS))], form_ok, u=userinfo)
    add("url-not-absolute", "a path instead of the full URL", [ctype, (H, sig)], err("invalid_url"),
        u="/webhooks/twilio/sms")
    add("url-with-space", "a URL with a raw space cannot be a request URL", [ctype, (H, sig)], err("invalid_url"),
        u="https://example.com/webhooks/twilio/s ms")
    add("trailing-slash", "signed for /sms, received at /sms/",
        [ctype, (H, sig)], err("signature_mismatch"), u=url + "/")
    unicode = [("Body", "Señora Núñez 日本語 😀"), ("From", "+34600000000"), ("ProfileName", "José 🎉")]
    add("form-unicode", "accents, CJK and astral-plane emoji in values",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, unicode))], form_ok, b=urlencode(unicode))
    crlf = [("Body", "line one\r\nline two"), ("From", "+14155550123")]
    add("form-crlf", "CRLF inside a value", [ctype, (H, twilio_sig(TWILIO_TOKEN, url, crlf))], form_ok, b=urlencode(crlf))
    blank = [("Body", ""), ("From", "+14155550123"), ("MediaUrl0", "")]
    add("form-empty-values", "an empty value contributes only its name",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, blank))], form_ok, b=urlencode(blank))
    spaces = [("Body", "a b+c"), ("From", "x")]
    add("form-percent20", "%20 and + both decode to a space", [ctype, (H, twilio_sig(TWILIO_TOKEN, url, spaces))], form_ok,
        b="Body=a%20b%2Bc&From=x")
    repeated = [("To", "+2"), ("To", "+1"), ("Body", "hi")]
    add("repeated-sorted", "a repeated name: values sorted before signing",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, repeated))], form_ok, b=urlencode(repeated))
    dup = [("MediaUrl", "https://m/1"), ("MediaUrl", "https://m/1"), ("Body", "hi")]
    add("repeated-duplicates", "duplicate name=value pairs count once",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, dup))], form_ok, b=urlencode(dup))
    add("repeated-submission-order", "signed with values in submission order (SignalWire's rule), not Twilio's",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, repeated, concat=concat_submission_order))],
        err("signature_mismatch"), b=urlencode(repeated))
    json_body = '{"event":"com.twilio.messaging.message.delivered","data":{"messageSid":"SM123","to":"+14155552671"}}'
    hurl = with_body_hash(url, json_body)
    jtype = ("Content-Type", JSON_TYPE)
    add("body-sha256-valid", "JSON with bodySHA256 in the URL", [jtype, (H, twilio_sig(TWILIO_TOKEN, hurl))], hash_ok,
        u=hurl, b=json_body)
    add("body-sha256-100kb", "a ~100 KB JSON body with bodySHA256",
        [jtype, (H, twilio_sig(TWILIO_TOKEN, with_body_hash(url, BIG_BODY)))], hash_ok, u=with_body_hash(url, BIG_BODY), b=BIG_BODY)
    add("body-sha256-tampered", "the URL's signature is valid but the body changed",
        [jtype, (H, twilio_sig(TWILIO_TOKEN, hurl))], err("body_hash_mismatch"), u=hurl, b=json_body.replace("SM123", "SM124"))
    upper_url = url + "?bodySHA256=" + hashlib.sha256(json_body.encode()).hexdigest().upper()
    add("body-sha256-uppercase", "bodySHA256 in uppercase hex does not match",
        [jtype, (H, twilio_sig(TWILIO_TOKEN, upper_url))], err("body_hash_mismatch"), u=upper_url, b=json_body)
    add("json-without-body-sha256", "a JSON body the signature cannot cover (no bodySHA256)",
        [jtype, (H, twilio_sig(TWILIO_TOKEN, url))], err("invalid_body"), b=json_body,
        sdk_deviations={"twilio": "validate(url, {}, sig) checks the URL only and accepts; hooksig refuses a body no signature covers"})
    sk_settings = "key=webhooks_sharedkey_01,algorithm=HMAC_SHA256"
    add("sha256-shared-key", "a SharedKey rule: HMAC-SHA256, named by the settings header",
        [ctype, (ST, sk_settings), (H, twilio_sig(TWILIO_SHARED_KEY, url, SMS, hashlib.sha256))], form_ok,
        secrets=[TWILIO_SHARED_KEY])
    add("sha256-header-but-sha1-signature", "the settings header says SHA-256; a SHA-1 signature is not accepted",
        [ctype, (ST, sk_settings), (H, twilio_sig(TWILIO_SHARED_KEY, url, SMS))], err("malformed_header"),
        secrets=[TWILIO_SHARED_KEY])
    add("sha256-signature-without-header", "a SHA-256 signature without the settings header is not accepted",
        [ctype, (H, twilio_sig(TWILIO_TOKEN, url, SMS, hashlib.sha256))], err("malformed_header"))
    add("unknown-algorithm", "the settings header names an unknown algorithm",
        [ctype, (ST, "key=k,algorithm=HMAC_SHA512"), (H, sig)], err("malformed_header"))
    add("missing-header", "no X-Twilio-Signature", [ctype], err("missing_header"))
    add("empty-header", "an empty X-Twilio-Signature", [ctype, (H, "")], err("missing_header"))
    add("not-base64", "a signature that is not base64", [ctype, (H, "not base64!!")], err("malformed_header"))
    add("header-too-long", "a 10 000-byte signature header", [ctype, (H, "A" * 10_000)], err("malformed_header"))
    add("wrong-secret", "signed with another token", [ctype, (H, twilio_sig(WRONG_KEY, url, SMS))], err("signature_mismatch"))
    add("param-tampered", "one form value changed", [ctype, (H, sig)], err("signature_mismatch"),
        b=body.replace("Hello", "Hellp"))
    add("param-added", "an extra form field", [ctype, (H, sig)], err("signature_mismatch"), b=body + "&Injected=1")
    add("signature-flipped", "one signature character changed", [ctype, (H, flip(sig, 3))], err("signature_mismatch"))
    add("rotation-old", "secrets [new, old], signed with the old one", [ctype, (H, twilio_sig(TWILIO_OLD_TOKEN, url, SMS))],
        ok("twilio-form", H, secret_index=1), secrets=[TWILIO_TOKEN, TWILIO_OLD_TOKEN])
    return c


# --------------------------------------------------------------------------------------------
# SignalWire: hex HMAC over URL + body (JSON), or Twilio's scheme (compatibility API)
# --------------------------------------------------------------------------------------------


def sw_hex(key: str, url: str, body: str, algorithm=hashlib.sha1) -> str:
    return hmac.new(key.encode(), (url + body).encode("utf-8"), algorithm).hexdigest()


def signalwire() -> Cases:
    c = Cases("signalwire")
    H, H256, TW = "X-SignalWire-Signature", "X-SignalWire-Sha256-Signature", "X-Twilio-Signature"
    url = "https://example.com/swaig"
    body = '{"function":"get_weather","city":"Paris","call_id":"c-123","project_id":"p-1"}'
    jtype = ("Content-Type", JSON_TYPE)
    ftype = ("Content-Type", FORM)
    json_ok = ok("signalwire-json", H)
    json256_ok = ok("signalwire-json-sha256", H256)
    form_ok = ok("signalwire-form", H)
    sha1 = sw_hex(SIGNALWIRE_KEY, url, body)
    sha256 = sw_hex(SIGNALWIRE_KEY, url, body, hashlib.sha256)

    def add(name, description, headers, expect, *, u=url, b=body, secrets=None, **kw):
        c.add(name, description, secrets=secrets or [SIGNALWIRE_KEY], url=u, headers=headers, body=b, expect=expect, **kw)

    add("json-valid", "a SWAIG function call, hex HMAC-SHA1", [jtype, (H, sha1)], json_ok)
    add("json-both-headers", "SHA-1 and SHA-256 headers, both valid", [jtype, (H, sha1), (H256, sha256)], json_ok)
    only_sha1 = {"signalwire-2": "signalwire 2.1.1 reads only X-SignalWire-Signature (SHA-1)"}
    add("json-sha256-only", "only the SHA-256 header", [jtype, (H256, sha256)], json256_ok, sdk_deviations=only_sha1)
    add("json-sha256-garbled", "a garbled SHA-256 header beside a valid SHA-1 one passes (any header may match)",
        [jtype, (H, sha1), (H256, "zz" * 32)], json_ok)
    add("json-sha1-wrong-sha256-valid", "a wrong SHA-1 header beside a valid SHA-256 one",
        [jtype, (H, sw_hex(WRONG_KEY, url, body)), (H256, sha256)], json256_ok, sdk_deviations=only_sha1)
    add("json-unicode", "accents, CJK and astral-plane emoji", [jtype, (H, sw_hex(SIGNALWIRE_KEY, url, UNICODE_BODY))],
        json_ok, b=UNICODE_BODY)
    add("json-crlf", "CRLF in the body", [jtype, (H, sw_hex(SIGNALWIRE_KEY, url, CRLF_BODY))], json_ok, b=CRLF_BODY)
    add("json-100kb", "a ~100 KB body", [jtype, (H, sw_hex(SIGNALWIRE_KEY, url, BIG_BODY))], json_ok, b=BIG_BODY)
    add("json-query", "the URL's query is signed as sent",
        [jtype, (H, sw_hex(SIGNALWIRE_KEY, url + "?agent=b&x='1'", body))], json_ok, u=url + "?agent=b&x='1'")
    text = "plain text, not JSON"
    add("json-not-json", "any body bytes are signed, JSON or not", [("Content-Type", "text/plain"),
        (H, sw_hex(SIGNALWIRE_KEY, url, text))], json_ok, b=text)
    add("json-reserialised", "verified over a re-serialisation of the signed JSON", [jtype, (H, sha1)],
        err("signature_mismatch"), b=json.dumps(json.loads(body)))
    add("json-port-443", "JSON posts are checked against the URL exactly as given: :443 breaks it",
        [jtype, (H, sha1)], err("signature_mismatch"), u="https://example.com:443/swaig",
        sdk_deviations={"signalwire-2": "signalwire 2.1.1 tries port variants for JSON posts too"})
    add("json-trailing-slash", "signed for /swaig, received at /swaig/", [jtype, (H, sha1)], err("signature_mismatch"),
        u=url + "/")
    add("json-uppercase-hex", "uppercase hex is not what SignalWire sends", [jtype, (H, sha1.upper())],
        err("malformed_header"))
    add("json-wrong-secret", "signed with another key", [jtype, (H, sw_hex(WRONG_KEY, url, body))],
        err("signature_mismatch"))
    nested = '{"function":"get_weather","argument":{"parsed":[{"city":"Paris"}]},"call_id":"c-123"}'
    add("json-nested", "a SWAIG call with nested arguments", [jtype, (H, sw_hex(SIGNALWIRE_KEY, url, nested))], json_ok,
        b=nested)
    add("json-forged-nested", "a forged nested-JSON body is a plain mismatch",
        [jtype, (H, sw_hex(WRONG_KEY, url, nested))], err("signature_mismatch"), b=nested)
    add("json-body-flipped", "one byte of the body changed", [jtype, (H, sha1)], err("signature_mismatch"),
        b=body.replace("Paris", "Parie"))
    form = [("CallSid", "CA1234"), ("AccountSid", "AC5678"), ("From", "+15551230000"), ("To", "+15559870000"),
            ("CallStatus", "ringing"), ("Direction", "inbound"), ("SpeechResult", "Oui, très bien 😀")]
    fbody = urlencode(form)
    furl = "https://example.com/laml/voice"
    fsig = twilio_sig(SIGNALWIRE_KEY, furl, form, concat=concat_submission_order)
    add("form-valid", "a compatibility (cXML) form post, base64 HMAC-SHA1", [ftype, (H, fsig)], form_ok, u=furl, b=fbody)
    add("form-twilio-header", "the compatibility signature in X-Twilio-Signature", [ftype, (TW, fsig)],
        ok("signalwire-form", TW), u=furl, b=fbody)
    add("form-port-443", "signed without a port, received with :443", [ftype, (H, fsig)], form_ok,
        u="https://example.com:443/laml/voice", b=fbody)
    add("form-query", "a query string on a form post",
        [ftype, (H, twilio_sig(SIGNALWIRE_KEY, furl + "?step=2", form, concat=concat_submission_order))], form_ok,
        u=furl + "?step=2", b=fbody)
    repeated = [("MediaUrl", "https://m/b"), ("MediaUrl", "https://m/a"), ("Body", "hi")]
    add("form-repeated-submission-order", "repeated names keep their submission order",
        [ftype, (H, twilio_sig(SIGNALWIRE_KEY, furl, repeated, concat=concat_submission_order))], form_ok, u=furl,
        b=urlencode(repeated), sdk_deviations={"signalwire-2": "signalwire 2.1.1 (twilio 6.54's sorted(params.items())) "
                                                               "sees one value per name of a Flask MultiDict"})
    add("form-repeated-sorted", "repeated names signed with sorted values (Twilio's rule) do not match",
        [ftype, (H, twilio_sig(SIGNALWIRE_KEY, furl, repeated))], err("signature_mismatch"), u=furl,
        b=urlencode(repeated))
    add("form-url-only-signature", "a form post signed over the URL alone: the params would not be covered",
        [ftype, (H, twilio_sig(SIGNALWIRE_KEY, furl, []))], err("signature_mismatch"), u=furl, b=fbody,
        sdk_deviations={"signalwire-sdk": "also tries empty params for any body, leaving the form uncovered"})
    add("form-tampered", "one form value changed", [ftype, (H, fsig)], err("signature_mismatch"), u=furl,
        b=fbody.replace("ringing", "completed"))
    add("form-wrong-secret", "signed with another key",
        [ftype, (H, twilio_sig(WRONG_KEY, furl, form, concat=concat_submission_order))], err("signature_mismatch"),
        u=furl, b=fbody)
    hurl = with_body_hash(furl, body)
    add("body-sha256-valid", "JSON on the compatibility surface, bodySHA256 in the URL",
        [jtype, (H, twilio_sig(SIGNALWIRE_KEY, hurl))], ok("signalwire-body-sha256", H), u=hurl,
        sdk_deviations={"signalwire-2": "signalwire 2.1.1 does not know bodySHA256"})
    add("body-sha256-tampered", "bodySHA256: the signature is valid but the body changed",
        [jtype, (H, twilio_sig(SIGNALWIRE_KEY, hurl))], err("body_hash_mismatch"), u=hurl, b=body.replace("Paris", "Lyon"))
    add("missing-header", "no signature header at all", [jtype], err("missing_header"))
    add("empty-header", "an empty X-SignalWire-Signature", [jtype, (H, "")], err("missing_header"))
    add("url-not-absolute", "a path instead of the full URL", [jtype, (H, sha1)], err("invalid_url"), u="/swaig")
    add("garbage-header", "neither hex nor base64 of a digest", [jtype, (H, "not-a-signature")], err("malformed_header"))
    add("header-too-long", "a 10 000-byte header", [jtype, (H, "a" * 10_000)], err("malformed_header"))
    add("rotation-old", "secrets [new, old], signed with the old one", [jtype, (H, sw_hex(SIGNALWIRE_OLD_KEY, url, body))],
        ok("signalwire-json", H, secret_index=1), secrets=[SIGNALWIRE_KEY, SIGNALWIRE_OLD_KEY])
    return c


# --------------------------------------------------------------------------------------------
# Plivo: V2 base64 HMAC-SHA256(token, scheme://host/path + nonce); V3 canonical URL + "." + nonce
# --------------------------------------------------------------------------------------------


def plivo_v2(key: str, url: str, nonce: str) -> str:
    parts = urlsplit(url)
    return b64(hmac_digest(key, f"{parts.scheme}://{parts.netloc}{parts.path}{nonce}".encode(), hashlib.sha256))


def plivo_v3(key: str, method: str, url: str, params: list[tuple[str, str]], nonce: str) -> str:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True)))
    if method == "GET" or not params:
        canonical = base + ("?" + query if query else "")
    else:
        canonical = base + "?" + query + ("." if query else "") + "".join(k + v for k, v in sorted(params))
    return b64(hmac_digest(key, f"{canonical}.{nonce}".encode("utf-8"), hashlib.sha256))


def plivo() -> Cases:
    c = Cases("plivo")
    V3, MA3, N3 = "X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3", "X-Plivo-Signature-V3-Nonce"
    V2, MA2, N2 = "X-Plivo-Signature-V2", "X-Plivo-Signature-Ma-V2", "X-Plivo-Signature-V2-Nonce"
    url = "https://example.com/plivo/answer"
    nonce = "05429567804466091622"
    params = [("CallUUID", "2d0a1c4e-9f3b-11ee-8c90-0242ac120002"), ("CallStatus", "in-progress"),
              ("Direction", "inbound"), ("From", "14155550123"), ("To", "14155552671"), ("Event", "StartApp")]
    body = urlencode(params)
    ftype = ("Content-Type", FORM)
    v3_ok = ok("plivo-v3", V3)
    sig = plivo_v3(PLIVO_TOKEN, "POST", url, params, nonce)

    def add(name, description, headers, expect, *, u=url, b=body, secrets=None, **kw):
        c.add(name, description, secrets=secrets or [PLIVO_TOKEN], url=u, headers=headers, body=b, expect=expect, **kw)

    add("v3-post", "a voice callback: POST form params", [ftype, (V3, sig), (N3, nonce)], v3_ok)
    qurl = url + "?leg=b&attempt=2"
    add("v3-post-query", "POST with a query: ?query.params",
        [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", qurl, params, nonce)), (N3, nonce)], v3_ok, u=qurl)
    gurl = url + "?CallUUID=abc&From=14155550123"
    add("v3-get-query", "GET with a query, no trailing dot", [(V3, plivo_v3(PLIVO_TOKEN, "GET", gurl, [], nonce)), (N3, nonce)],
        v3_ok, u=gurl, b="", method="GET")
    add("v3-get-no-query", "GET without a query", [(V3, plivo_v3(PLIVO_TOKEN, "GET", url, [], nonce)), (N3, nonce)],
        v3_ok, b="", method="GET")
    add("v3-post-empty", "POST without params signs like a GET", [(V3, plivo_v3(PLIVO_TOKEN, "POST", url, [], nonce)), (N3, nonce)],
        v3_ok, b="")
    eurl = url + "?name=Ada+Lovelace&note=a%26b%20c&blank="
    add("v3-query-decoded", "query values are percent-decoded (and + is a space) before signing",
        [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", eurl, params, nonce)), (N3, nonce)], v3_ok, u=eurl)
    nurl = url + "?name=Jos%C3%A9+Mar%C3%ADa"
    add("v3-query-decoded-unicode", "a query value that decodes to non-ASCII text",
        [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", nurl, params, nonce)), (N3, nonce)], v3_ok, u=nurl,
        sdk_deviations={"plivo": "plivo 4.63.0 parses the query as bytes; parse_qs then raises UnicodeEncodeError "
                                 "on a decoded non-ASCII value"})
    rep = [("Digits", "9"), ("Digits", "1"), ("CallUUID", "x")]
    add("v3-repeated", "a repeated name: values sorted",
        [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", url, rep, nonce)), (N3, nonce)], v3_ok, b=urlencode(rep))
    uni = [("Speech", "Señora Núñez 日本語 😀"), ("CallUUID", "x")]
    add("v3-unicode", "accents, CJK and astral-plane emoji in params",
        [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", url, uni, nonce)), (N3, nonce)], v3_ok, b=urlencode(uni))
    crlf = [("Speech", "one\r\ntwo"), ("CallUUID", "x")]
    add("v3-crlf", "CRLF in a param", [ftype, (V3, plivo_v3(PLIVO_TOKEN, "POST", url, crlf, nonce)), (N3, nonce)], v3_ok,
        b=urlencode(crlf))
    wrong = plivo_v3(WRONG_KEY, "POST", url, params, nonce)
    add("v3-comma-list", "several signatures, comma-separated: the second matches", [ftype, (V3, f"{wrong},{sig}"), (N3, nonce)], v3_ok)
    add("v3-comma-space", "a space after the comma is not trimmed", [ftype, (V3, f"{wrong}, {sig}"), (N3, nonce)],
        err("signature_mismatch"))
    add("v3-ma-only", "only the main-account header matches",
        [ftype, (V3, wrong), (MA3, plivo_v3(PLIVO_MAIN_TOKEN, "POST", url, params, nonce)), (N3, nonce)],
        ok("plivo-v3", MA3), secrets=[PLIVO_MAIN_TOKEN])
    add("v3-ma-wrong", "the subaccount header matches, the main-account one does not",
        [ftype, (V3, sig), (MA3, wrong), (N3, nonce)], v3_ok)
    add("v3-missing-nonce", "no nonce header", [ftype, (V3, sig)], err("missing_header"))
    add("v3-missing-signature", "no signature header", [ftype, (N3, nonce)], err("missing_header"))
    add("v3-empty-signature", "an empty signature header", [ftype, (V3, ""), (N3, nonce)], err("missing_header"))
    add("v3-not-base64", "a signature that is not base64", [ftype, (V3, "%%%"), (N3, nonce)], err("malformed_header"))
    add("v3-header-too-long", "a 10 000-byte header", [ftype, (V3, "A" * 10_000), (N3, nonce)], err("malformed_header"))
    add("v3-wrong-secret", "signed with another token", [ftype, (V3, wrong), (N3, nonce)], err("signature_mismatch"))
    add("v3-param-tampered", "one param changed", [ftype, (V3, sig), (N3, nonce)], err("signature_mismatch"),
        b=body.replace("inbound", "outbound"))
    add("v3-nonce-changed", "another nonce", [ftype, (V3, sig), (N3, "11111111111111111111")], err("signature_mismatch"))
    add("v3-port-443", "no port normalisation: :443 breaks it", [ftype, (V3, sig), (N3, nonce)], err("signature_mismatch"),
        u="https://example.com:443/plivo/answer")
    add("v3-url-without-scheme", "a URL without its scheme", [ftype, (V3, sig), (N3, nonce)], err("invalid_url"),
        u="example.com/plivo/answer")
    add("v3-trailing-slash", "signed for /answer, received at /answer/", [ftype, (V3, sig), (N3, nonce)],
        err("signature_mismatch"), u=url + "/")
    # A body no signature covers is refused unless the verifier accepts unsigned bodies, when
    # the result says so. The SDKs accept them without saying anything.
    uncovered = {"plivo": "validates the URL and nonce only and accepts; hooksig refuses a body "
                          "no signature covers unless allow_unsigned_body is set"}
    json_body = [("Content-Type", JSON_TYPE), (V3, plivo_v3(PLIVO_TOKEN, "POST", url, [], nonce)), (N3, nonce)]
    add("v3-json-body", "a non-form body is not signed, so it is refused by default", json_body,
        err("body_not_covered"), b='{"not":"signed"}', sdk_deviations=uncovered)
    add("v3-json-body-allowed", "a non-form body is not signed; accepted with allow_unsigned_body, the result says so",
        json_body, ok("plivo-v3", V3, body=False), b='{"not":"signed"}', allow_unsigned_body=True)
    add("v3-rotation-old", "secrets [new, old], signed with the old one",
        [ftype, (V3, plivo_v3(PLIVO_MAIN_TOKEN, "POST", url, params, nonce)), (N3, nonce)],
        ok("plivo-v3", V3, secret_index=1), secrets=[PLIVO_TOKEN, PLIVO_MAIN_TOKEN])
    murl = "https://example.com/plivo/message/"
    v2 = plivo_v2(PLIVO_TOKEN, murl, nonce)
    mparams = urlencode([("From", "14155550123"), ("To", "14155552671"), ("Text", "Hello"), ("MessageUUID", "m-1")])
    v2_ok = ok("plivo-v2", V2, body=False, url=False)
    add("v2-valid", "a messaging callback (V2): the body is not covered, so it is refused by default",
        [ftype, (V2, v2), (N2, nonce)], err("body_not_covered"), u=murl, b=mparams, sdk_deviations=uncovered)
    add("v2-valid-allowed", "a messaging callback (V2) with allow_unsigned_body: accepted, the body is not covered",
        [ftype, (V2, v2), (N2, nonce)], v2_ok, u=murl, b=mparams, allow_unsigned_body=True)
    add("v2-body-tampered", "V2 does not cover the body: with allow_unsigned_body a changed body still verifies "
        "(and the result says so)",
        [ftype, (V2, v2), (N2, nonce)], v2_ok, u=murl, b=mparams.replace("Hello", "Pwned"), allow_unsigned_body=True)
    add("v2-query-ignored", "V2 signs scheme://host/path only: a query is not covered",
        [ftype, (V2, v2), (N2, nonce)], v2_ok, u=murl + "?added=1", b=mparams, allow_unsigned_body=True)
    add("v2-empty-body", "V2 with no body", [(V2, v2), (N2, nonce)], ok("plivo-v2", V2, body=True, url=False), u=murl, b="")
    add("v2-ma", "the main-account V2 header matches",
        [ftype, (V2, plivo_v2(WRONG_KEY, murl, nonce)), (MA2, plivo_v2(PLIVO_MAIN_TOKEN, murl, nonce)), (N2, nonce)],
        ok("plivo-v2", MA2, body=False, url=False), u=murl, b=mparams, secrets=[PLIVO_MAIN_TOKEN],
        allow_unsigned_body=True)
    add("v2-comma-not-split", "V2 compares the header whole: a comma list never matches",
        [ftype, (V2, f"{plivo_v2(WRONG_KEY, murl, nonce)},{v2}"), (N2, nonce)], err("malformed_header"), u=murl, b=mparams)
    add("v2-missing-nonce", "no V2 nonce", [ftype, (V2, v2)], err("missing_header"), u=murl, b=mparams)
    add("v2-wrong-secret", "signed with another token", [ftype, (V2, plivo_v2(WRONG_KEY, murl, nonce)), (N2, nonce)],
        err("signature_mismatch"), u=murl, b=mparams)
    add("v2-missing-slash", "signed with a trailing slash, received without (plivo-ruby#116)",
        [ftype, (V2, v2), (N2, nonce)], err("signature_mismatch"), u=murl.rstrip("/"), b=mparams)
    return c


PROVIDERS = {"retell": retell, "signalwire": signalwire, "twilio": twilio, "plivo": plivo, "ranked": ranked}

# The providers beyond the seeds: one oracle module per family, each as independent of the
# registry as this file; each returns {provider id: function building its Cases}.
import oracle_lists  # noqa: E402  (Standard Webhooks, Svix and their senders; t=/v1= lists)
import oracle_headers  # noqa: E402  (Slack-style, GitHub-style, URL- and header-templates)
import oracle_body  # noqa: E402  (HMAC over the raw body, one header)

for _module in (oracle_lists, oracle_headers, oracle_body):
    PROVIDERS.update(_module.register(Cases, ok, err))


def render(provider: str) -> str:
    cases = PROVIDERS[provider]()
    document = {
        "provider": provider,
        "generated_by": "tests/vectors/generate.py",
        "cases": cases.cases,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for provider in PROVIDERS:
        path = HERE / f"{provider}.json"
        text = render(provider)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.name}: {len(json.loads(text)['cases'])} cases")
    if stale:
        print("out of date, run python3 tests/vectors/generate.py:", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
