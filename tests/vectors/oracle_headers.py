"""Vector oracle: Slack-style base strings, GitHub-style prefixes, URL and header templates.

Providers: slack, zoom, github, meta, intercom, shopify, square, hubspot, twitch, box, linear.

Standard library only (hmac, hashlib, base64, json, datetime); never reads the hooksig
registry or imports hooksig. Every signature is computed here from the providers' documented
algorithms; the official SDKs confirm the cases in tests/sdk/sdk_headers.py and
tests/sdk/node-headers/check.js, and where one decides otherwise the case says so under
`sdk_deviations`, with the reason hooksig's Decision differs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

NOW = 1_700_000_000  # seconds, as in generate.py (2023-11-14T22:13:20Z)
NOW_MS = NOW * 1000
WRONG_KEY = "not-the-right-secret"

# Made-up secrets in each provider's usual shape.
SLACK_SECRET = "8f742231b10e8888abcd99edabcd85a5"
SLACK_OLD_SECRET = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
ZOOM_SECRET = "Hc5jQ2bYtM0kR9sLpW3xZA"
ZOOM_OLD_SECRET = "oLdZ00mT0k3nAbCdEfGhIj"
GITHUB_SECRET = "gh-webhook-7Rk2pQ9vX4mZ8sT1"
GITHUB_OLD_SECRET = "gh-webhook-old-0000aaaa1111"
META_SECRET = "4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b"
META_OLD_SECRET = "00112233445566778899aabbccddeeff"
INTERCOM_SECRET = "7c1f2b3e-5a6d-4e8f-9a0b-1c2d3e4f5a6b"
INTERCOM_OLD_SECRET = "0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e"
SHOPIFY_SECRET = "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"
SHOPIFY_OLD_SECRET = "shpss_00000000000000000000000000000000"
SQUARE_SECRET = "Wq3xY8kLm2Zp9RtV5sBn1A"
SQUARE_OLD_SECRET = "OldSqKey0000000000000A"
HUBSPOT_SECRET = "b2f1c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
HUBSPOT_OLD_SECRET = "00000000-1111-4222-8333-444444444444"
TWITCH_SECRET = "s3cRe7-tw1tch-eventsub-9f8e7d6c"
TWITCH_OLD_SECRET = "old-tw1tch-eventsub-secret-0000"
BOX_PRIMARY = "SamplePrimaryKey4Bx9Qw2Er7Ty1Ui"
BOX_SECONDARY = "SampleSecondaryKey8Zx3Cv5Bn0Ml6"
BOX_NEW_PRIMARY = "RotatedPrimaryKey1Qa2Ws3Ed4Rf5T"
LINEAR_SECRET = "lin_wh_9sT2vQ8xK4mP7rZ1yB6nC3dF5gH0jL2wE8uA"
LINEAR_OLD_SECRET = "lin_wh_00000000000000000000000000000000000"

UNICODE_TEXT = "Señora Núñez dijo: ¡hola! 日本語 😀🎉"
U2028_TEXT = "line one\u2028line two"


def raw(body: str | bytes) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def mac(key: str, message: bytes, algorithm=hashlib.sha256) -> bytes:
    return hmac.new(key.encode("utf-8"), message, algorithm).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def pretty(compact: str) -> str:
    return json.dumps(json.loads(compact), indent=2, ensure_ascii=False)


def flip(text: str, index: int) -> str:
    ch = text[index]
    return text[:index] + ("b" if ch == "a" else "a") + text[index + 1 :]


def rfc3339(seconds: float, *, frac: str = "", offset_minutes: int = 0) -> str:
    zone = timezone(timedelta(minutes=offset_minutes))
    moment = datetime.fromtimestamp(int(seconds), tz=zone)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + (("." + frac) if frac else "")
    if offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes > 0 else "-"
    m = abs(offset_minutes)
    return f"{text}{sign}{m // 60:02d}:{m % 60:02d}"


def replace_header(headers: list, name: str, value: str | None) -> list:
    """The headers with `name`'s value replaced (None drops it)."""
    out = []
    for key, val in headers:
        if key.lower() == name.lower():
            if value is not None:
                out.append((key, value))
        else:
            out.append((key, val))
    return out


def header_value(headers: list, name: str) -> str:
    return next(v for k, v in headers if k.lower() == name.lower())


# --------------------------------------------------------------------------------------------
# The cases every provider gets. `p` describes the provider:
#   p.make(secret, body, offset) -> (headers, body)   a genuine request, `offset` seconds from NOW
#   p.H  the signature header; p.prefix ("" for bare); p.encoding "hex" | "base64"
#   p.good / p.good_old  the expected acceptances (secret 0 / secret 1)
#   p.bodies: compact, unicode, u2028 (pretty is derived)
#   p.timestamped, p.tolerance, p.ts_header (None when the timestamp is not a header)
#   p.dev: {case name: {sdk: reason}}
# --------------------------------------------------------------------------------------------


def standard(c, p, add) -> None:
    K, K_old = p.secret, p.old_secret
    compact = p.bodies["compact"]
    h, b = p.make(K, compact, p.offset)
    sig = header_value(h, p.H)
    digest = sig[len(p.prefix):]

    add("valid", "a genuine delivery, compact JSON", h, p.good, b)
    hp, bp = p.make(K, p.bodies["pretty"], p.offset)
    add("valid-pretty", "a genuine delivery, pretty-printed JSON signed as sent", hp, p.good, bp)
    hu, bu = p.make(K, p.bodies["unicode"], p.offset)
    add("valid-unicode", "accents, CJK and astral-plane emoji, as raw UTF-8", hu, p.good, bu)
    hl, bl = p.make(K, p.bodies["u2028"], p.offset)
    add("valid-u2028", "a body with a raw U+2028 LINE SEPARATOR", hl, p.good, bl)
    assert p.tamper[0] in b, p.tamper
    add("body-tampered", "the body changed after signing", h, p.err("signature_mismatch"),
        b.replace(p.tamper[0], p.tamper[1]))
    add("reserialised-json", "signed over pretty JSON, verified over the compact re-serialisation", hp,
        p.err("signature_mismatch"), b)
    hw, bw = p.make(WRONG_KEY, compact, p.offset)
    add("wrong-secret", "signed with another secret", hw, p.err("signature_mismatch"), bw)
    ho, bo = p.make(K_old, compact, p.offset)
    add("rotation-old-secret", "secrets [current, previous], signed with the previous one", ho, p.good_old, bo,
        secrets=[K, K_old])
    add("rotation-neither", "secrets [current, previous], signed with a third", hw, p.err("signature_mismatch"),
        bw, secrets=[K, K_old])
    wrong_sig = header_value(hw, p.H)
    pooled = replace_header(h, p.H, wrong_sig) + [(p.H, sig)]
    add("repeated-header-one-valid",
        f"{p.H} sent twice (a stale signature, then the genuine one): every occurrence is tried", pooled, p.good, b)
    add("missing-header", f"no {p.H}", replace_header(h, p.H, None), p.err("missing_header"), b)
    add("empty-header", f"{p.H} present but empty", replace_header(h, p.H, ""), p.err("missing_header"), b)
    if p.prefix:
        add("no-prefix", f"the digest without {p.prefix}", replace_header(h, p.H, digest),
            p.err("malformed_header"), b)
        add("other-version-prefix", f"{p.other_prefix} instead of {p.prefix}: an unaccepted version label",
            replace_header(h, p.H, p.other_prefix + digest), p.err("malformed_header"), b)
    if p.encoding == "hex":
        add("uppercase-hex", "the genuine digest in uppercase hex (hex is lowercase only)",
            replace_header(h, p.H, p.prefix + digest.upper()), p.err("malformed_header"), b)
        add("not-hex", "64 characters that are not hex", replace_header(h, p.H, p.prefix + "z" * len(digest)),
            p.err("malformed_header"), b)
        add("wrong-length", "the digest one hex character short", replace_header(h, p.H, p.prefix + digest[:-1]),
            p.err("malformed_header"), b)
        add("digest-flipped", "one hex digit of the digest changed",
            replace_header(h, p.H, p.prefix + flip(digest, 7)), p.err("signature_mismatch"), b)
    else:
        add("not-base64", "a value that is not base64", replace_header(h, p.H, p.prefix + "%%not*base64%%"),
            p.err("malformed_header"), b)
        add("wrong-length", "base64 of 31 bytes, not a SHA-256 digest",
            replace_header(h, p.H, p.prefix + b64(base64.b64decode(digest)[:31])), p.err("malformed_header"), b)
        add("hex-not-base64", "the digest in hex instead of base64 (decodes to 48 bytes)",
            replace_header(h, p.H, p.prefix + base64.b64decode(digest).hex()), p.err("malformed_header"), b)
        add("digest-flipped", "one byte of the decoded digest changed",
            replace_header(h, p.H, p.prefix + b64(bytes([base64.b64decode(digest)[0] ^ 1]) + base64.b64decode(digest)[1:])),
            p.err("signature_mismatch"), b)
    add("empty-secret", "an empty secret is a configuration error", h, p.err("invalid_secret"), b, secrets=[""])
    add("secret-with-space", "a secret with a trailing space is a configuration error", h,
        p.err("invalid_secret"), b, secrets=[K + " "])
    if p.timestamped:
        T = p.tolerance
        for name, off, expect, desc in [
            ("window-old-edge", -T, p.good, f"exactly {T} s old is accepted (inclusive)"),
            ("window-future-edge", T, p.good, f"exactly {T} s ahead is accepted (symmetric, inclusive)"),
            ("stale", -T - 1, p.err("timestamp_out_of_tolerance"), f"{T + 1} s old"),
            ("future", T + 1, p.err("timestamp_out_of_tolerance"), f"{T + 1} s ahead"),
            ("stale-24h", -86_400, p.err("timestamp_out_of_tolerance"), "a day-old replay"),
        ]:
            hx, bx = p.make(K, compact, off)
            add(name, desc, hx, expect, bx)
        hs, bs = p.make(WRONG_KEY, compact, -T - 1)
        add("stale-wrong-signature", "stale and wrongly signed: the window is checked first", hs,
            p.err("timestamp_out_of_tolerance"), bs)
        ht, bt = p.make(K, compact, -61)
        add("tolerance-60-stale", "a 60 s tolerance rejects 61 s old", ht, p.err("timestamp_out_of_tolerance"), bt,
            tolerance=60)
        hk, bk = p.make(K, compact, -(T + 100))
        add("tolerance-wider-ok", f"a {T + 200} s tolerance accepts {T + 100} s old", hk, p.good, bk,
            tolerance=T + 200)
        if p.ts_header:
            add("missing-timestamp", f"no {p.ts_header}", replace_header(h, p.ts_header, None),
                p.err("missing_header"), b)
            add("empty-timestamp", f"{p.ts_header} present but empty", replace_header(h, p.ts_header, ""),
                p.err("missing_header"), b)
            add("timestamp-not-a-time", f"{p.ts_header}: yesterday", replace_header(h, p.ts_header, "yesterday"),
                p.err("malformed_header"), b)


def collector(c, p, defaults: dict):
    """An `add` that fills the provider's defaults and its recorded SDK deviations."""

    def add(name, description, headers, expect, body, **kw):
        kw.setdefault("secrets", [p.secret])
        for key, value in defaults.items():
            kw.setdefault(key, value)
        dev = p.dev.get(name)
        if dev:
            kw["sdk_deviations"] = dict(dev)
        c.add(name, description, headers=headers, body=body, expect=expect, **kw)

    return add


def provider(ok, err, **kw) -> SimpleNamespace:
    defaults = dict(prefix="", other_prefix="", timestamped=False, tolerance=0, ts_header=None, offset=0, dev={})
    p = SimpleNamespace(**{**defaults, **kw}, err=err)
    compact = p.bodies["compact"]
    if "pretty" not in p.bodies:
        p.bodies["pretty"] = pretty(compact)
    return p


# --------------------------------------------------------------------------------------------
# Slack and Zoom: `v0=` hex HMAC-SHA256 over "v0:" + timestamp + ":" + body
# --------------------------------------------------------------------------------------------

SLACK_BODY = ('{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","team_id":"T0001","api_app_id":"A0KRD7HC3",'
              '"event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> is it everything?",'
              '"ts":"1515449522.000016","channel":"C123ABC456"},"type":"event_callback","event_id":"Ev0LAN670R",'
              '"event_time":1515449522}')
SLACK_FORM = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
              "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
              "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
              "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")


def v0_scheme(ok, err, *, pid, H, T, secret, old_secret, event_body, unicode_body, u2028_body, tamper, dev):
    def make(key, body, offset, ts=None):
        ts = str(NOW + offset) if ts is None else ts
        sig = "v0=" + hmac.new(key.encode(), b"v0:" + ts.encode() + b":" + raw(body), hashlib.sha256).hexdigest()
        return [("Content-Type", "application/json"), (T, ts), (H, sig)], body

    good = ok(pid, H, url=False, timestamp=True)
    return provider(ok, err, make=make, H=H, prefix="v0=", other_prefix="v1=", encoding="hex", secret=secret,
                    old_secret=old_secret, good=good, good_old=ok(pid, H, secret_index=1, url=False, timestamp=True),
                    bodies={"compact": event_body, "unicode": unicode_body, "u2028": u2028_body},
                    tamper=tamper, timestamped=True, tolerance=300, ts_header=T, offset=-12,
                    dev=dev)


def slack_cases(Cases, ok, err, dev):
    c = Cases("slack")
    H, T = "X-Slack-Signature", "X-Slack-Request-Timestamp"
    p = v0_scheme(ok, err, pid="slack", H=H, T=T, secret=SLACK_SECRET, old_secret=SLACK_OLD_SECRET,
                  event_body=SLACK_BODY,
                  unicode_body=SLACK_BODY.replace("is it everything?", UNICODE_TEXT),
                  u2028_body=SLACK_BODY.replace("is it everything?", U2028_TEXT),
                  tamper=("is it everything?", "is it anything?"), dev=dev)
    add = collector(c, p, {"url": "https://example.com/slack/events"})
    standard(c, p, add)
    h, _ = p.make(SLACK_SECRET, SLACK_FORM, -3)
    h = replace_header(h, "Content-Type", "application/x-www-form-urlencoded")
    add("slash-command-form", "a slash command: a form body is signed byte for byte like JSON", h, p.good, SLACK_FORM)
    h, b = p.make(SLACK_SECRET, SLACK_BODY, 0, ts=str(NOW_MS))
    add("timestamp-milliseconds", "a millisecond timestamp reads as far in the future", h,
        err("timestamp_out_of_tolerance"), b)
    h, b = p.make(SLACK_SECRET, SLACK_BODY, 0, ts=str(NOW - 5))
    add("timestamp-swapped", "the timestamp changed after signing (it is signed)",
        replace_header(h, T, str(NOW - 6)), err("signature_mismatch"), b)
    return c


ZOOM_BODY = ('{"event":"meeting.started","payload":{"account_id":"AAAAAABBBB","object":{"id":"1234567890",'
             '"uuid":"czLF6FFFoQOKgAB99DlDb9g==","host_id":"x1yCzABCDEfg23HiJKl4mN","topic":"My Meeting",'
             '"type":2,"start_time":"2023-11-14T22:13:08Z","timezone":"America/Los_Angeles","duration":60}},'
             '"event_ts":1699999988000}')


def zoom_cases(Cases, ok, err, dev):
    c = Cases("zoom")
    H, T = "x-zm-signature", "x-zm-request-timestamp"
    p = v0_scheme(ok, err, pid="zoom", H=H, T=T, secret=ZOOM_SECRET, old_secret=ZOOM_OLD_SECRET,
                  event_body=ZOOM_BODY, unicode_body=ZOOM_BODY.replace("My Meeting", UNICODE_TEXT),
                  u2028_body=ZOOM_BODY.replace("My Meeting", U2028_TEXT),
                  tamper=('"duration":60', '"duration":600'), dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/zoom"})
    standard(c, p, add)
    body = '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1699999999000,"event":"endpoint.url_validation"}'
    h, b = p.make(ZOOM_SECRET, body, -1)
    add("url-validation", "the endpoint.url_validation challenge is signed like any event", h, p.good, b)
    escaped = ZOOM_BODY.replace("My Meeting", "Caf\\u00e9")
    h, b = p.make(ZOOM_SECRET, escaped, -1)
    add("valid-escaped-unicode", "\\u00e9 escapes in the body are signed as sent", h, p.good, b)
    return c


# --------------------------------------------------------------------------------------------
# GitHub, Meta, Intercom: `sha256=` / `sha1=` hex over the body, no timestamp
# --------------------------------------------------------------------------------------------

GITHUB_BODY = ('{"action":"opened","number":1347,"pull_request":{"id":1,"title":"Amazing new feature",'
               '"user":{"login":"octocat","id":1}},"repository":{"id":1296269,"full_name":"octocat/Hello-World"},'
               '"sender":{"login":"octocat","id":1}}')
META_BODY = ('{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":'
             '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":'
             '"106540352242922"},"messages":[{"from":"16315551181","id":"wamid.ABGGFlA5Fpa","timestamp":"1699999990",'
             '"text":{"body":"this is a text message"},"type":"text"}]},"field":"messages"}]}]}')
INTERCOM_BODY = ('{"type":"notification_event","app_id":"ecahpwf5","data":{"type":"notification_event_data",'
                 '"item":{"type":"conversation","id":"147","title":"Refund question"}},"links":{},'
                 '"id":"notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3","topic":"conversation.user.created",'
                 '"delivery_status":"pending","delivery_attempts":1,"created_at":1699999990,"first_sent_at":1699999990}')


def body_prefix_provider(ok, err, *, pid, H, prefix, other, algorithm, secret, old_secret, body, marker, extra, dev):
    def make(key, b, offset):
        sig = prefix + hmac.new(key.encode(), raw(b), algorithm).hexdigest()
        return extra + [(H, sig)], b

    return provider(ok, err, make=make, H=H, prefix=prefix, other_prefix=other, encoding="hex", secret=secret,
                    old_secret=old_secret, good=ok(pid, H, url=False, timestamp=False),
                    good_old=ok(pid, H, secret_index=1, url=False, timestamp=False),
                    bodies={"compact": body, "unicode": body.replace(marker, UNICODE_TEXT),
                            "u2028": body.replace(marker, U2028_TEXT)},
                    tamper=(marker, marker + "!"), dev=dev)


def github_cases(Cases, ok, err, dev):
    c = Cases("github")
    H = "X-Hub-Signature-256"
    extra = [("Content-Type", "application/json"), ("X-GitHub-Event", "pull_request"),
             ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"), ("X-GitHub-Hook-ID", "292430182")]
    p = body_prefix_provider(ok, err, pid="github", H=H, prefix="sha256=", other="sha1=", algorithm=hashlib.sha256,
                             secret=GITHUB_SECRET, old_secret=GITHUB_OLD_SECRET, body=GITHUB_BODY,
                             marker="Amazing new feature", extra=extra, dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/github"})
    standard(c, p, add)
    h, b = p.make(GITHUB_SECRET, GITHUB_BODY, 0)
    legacy = "sha1=" + hmac.new(GITHUB_SECRET.encode(), raw(b), hashlib.sha1).hexdigest()
    add("both-headers", "X-Hub-Signature-256 and the legacy X-Hub-Signature: the SHA-256 one is verified",
        h + [("X-Hub-Signature", legacy)], p.good, b)
    add("legacy-sha1-only", "only the legacy X-Hub-Signature (sha1): not accepted, no downgrade to SHA-1",
        replace_header(h, H, None) + [("X-Hub-Signature", legacy)], err("missing_header"), b)
    add("ping", "the ping event sent on creation", p.make(GITHUB_SECRET, '{"zen":"Design for failure.","hook_id":292430182}', 0)[0],
        p.good, '{"zen":"Design for failure.","hook_id":292430182}')
    add("official-doc-vector", "GitHub's documented example: secret \"It's a Secret to Everybody\", body \"Hello, World!\"",
        extra + [(H, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")],
        p.good, "Hello, World!", secrets=["It's a Secret to Everybody"])
    return c


def meta_cases(Cases, ok, err, dev):
    c = Cases("meta")
    H = "X-Hub-Signature-256"
    p = body_prefix_provider(ok, err, pid="meta", H=H, prefix="sha256=", other="sha1=", algorithm=hashlib.sha256,
                             secret=META_SECRET, old_secret=META_OLD_SECRET, body=META_BODY,
                             marker="this is a text message", extra=[("Content-Type", "application/json")], dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/meta"})
    standard(c, p, add)
    escaped = META_BODY.replace("this is a text message", "Caf\\u00e9 \\ud83d\\ude00 \\/path")
    h, b = p.make(META_SECRET, escaped, 0)
    add("valid-escaped-unicode", "Meta's wire form: non-ASCII as \\uXXXX escapes and \\/, signed as sent", h, p.good, b)
    add("unescaped-reserialisation", "signed over the escaped wire form, verified over the decoded re-serialisation",
        h, err("signature_mismatch"), json.dumps(json.loads(escaped), separators=(",", ":"), ensure_ascii=False))
    legacy = "sha1=" + hmac.new(META_SECRET.encode(), raw(META_BODY), hashlib.sha1).hexdigest()
    add("legacy-sha1-only", "only the legacy X-Hub-Signature (sha1): not accepted", [("X-Hub-Signature", legacy)],
        err("missing_header"), META_BODY)
    return c


def intercom_cases(Cases, ok, err, dev):
    c = Cases("intercom")
    H = "X-Hub-Signature"
    p = body_prefix_provider(ok, err, pid="intercom", H=H, prefix="sha1=", other="sha256=", algorithm=hashlib.sha1,
                             secret=INTERCOM_SECRET, old_secret=INTERCOM_OLD_SECRET, body=INTERCOM_BODY,
                             marker="Refund question", extra=[("Content-Type", "application/json"),
                                                              ("User-Agent", "Intercom-Webhooks-Robot")], dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/intercom"})
    standard(c, p, add)
    sha256 = "sha256=" + hmac.new(INTERCOM_SECRET.encode(), raw(INTERCOM_BODY), hashlib.sha256).hexdigest()
    add("sha256-digest-with-sha1-prefix", "a SHA-256 digest under sha1= is the wrong length",
        [(H, "sha1=" + sha256[len("sha256="):])], err("malformed_header"), INTERCOM_BODY)
    return c


# --------------------------------------------------------------------------------------------
# Shopify: base64 over the body. Square: base64 over notification URL + body.
# --------------------------------------------------------------------------------------------

SHOPIFY_BODY = ('{"id":820982911946154508,"email":"jon@example.com","closed_at":null,"created_at":"2023-11-14T17:13:10-05:00",'
                '"currency":"USD","total_price":"254.98","line_items":[{"id":866550311766439020,"title":"IPod Nano - 8GB",'
                '"quantity":1,"price":"199.00"}],"note":"Leave at the door"}')
SHOPIFY_HEADERS = [("Content-Type", "application/json"), ("X-Shopify-Topic", "orders/create"),
                   ("X-Shopify-Shop-Domain", "example.myshopify.com"), ("X-Shopify-API-Version", "2025-07"),
                   ("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
                   ("X-Shopify-Triggered-At", "2023-11-14T22:13:10.000000000Z")]


def shopify_cases(Cases, ok, err, dev):
    c = Cases("shopify")
    H = "X-Shopify-Hmac-Sha256"

    def make(key, b, offset):
        return SHOPIFY_HEADERS + [(H, b64(mac(key, raw(b))))], b

    p = provider(ok, err, make=make, H=H, encoding="base64", secret=SHOPIFY_SECRET, old_secret=SHOPIFY_OLD_SECRET,
                 good=ok("shopify", H, url=False), good_old=ok("shopify", H, secret_index=1, url=False),
                 bodies={"compact": SHOPIFY_BODY, "unicode": SHOPIFY_BODY.replace("Leave at the door", UNICODE_TEXT),
                         "u2028": SHOPIFY_BODY.replace("Leave at the door", U2028_TEXT)},
                 tamper=("254.98", "0.01"), dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/shopify"})
    standard(c, p, add)
    events = [("content-type", "application/json"), ("shopify-topic", "orders/create"),
              ("shopify-shop-domain", "example.myshopify.com"), ("shopify-api-version", "2025-07"),
              ("shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
              ("shopify-event-id", "98880550-7158-44d4-b7cd-2c97c8a091b5"),
              ("shopify-hmac-sha256", b64(mac(SHOPIFY_SECRET, raw(SHOPIFY_BODY))))]
    add("events-delivery", "the newer Events delivery: unprefixed lowercase headers (the alternate)", events,
        ok("shopify", "shopify-hmac-sha256", url=False), SHOPIFY_BODY)
    h, b = make(SHOPIFY_SECRET, SHOPIFY_BODY, 0)
    add("triggered-at-unsigned", "X-Shopify-Triggered-At is not signed: a changed value still verifies",
        replace_header(h, "X-Shopify-Triggered-At", "2020-01-01T00:00:00Z"), p.good, b)
    return c


SQUARE_URL = "https://example.com/webhooks/square"
SQUARE_BODY = ('{"merchant_id":"6SSW7HV8K2ST5","type":"payment.created","event_id":"13b867cf-db3d-4b1c-90b6-2f32a9d78124",'
               '"created_at":"2023-11-14T22:13:10.512Z","data":{"type":"payment","id":"KkAkhdMsgzn59SM8A89WgKwekxLZY",'
               '"object":{"payment":{"id":"hYy9pRFVxpDsO1FB05SunFWUe9JZY","amount_money":{"amount":100,"currency":"USD"},'
               '"note":"Thanks","status":"APPROVED"}}}}')


def square_cases(Cases, ok, err, dev):
    c = Cases("square")
    H = "x-square-hmacsha256-signature"

    def sig(key, url, b):
        return b64(mac(key, url.encode() + raw(b)))

    def make(key, b, offset):
        return [("Content-Type", "application/json"), ("Square-Version", "2025-10-16"), (H, sig(key, SQUARE_URL, b))], b

    good = ok("square", H, url=True)
    p = provider(ok, err, make=make, H=H, encoding="base64", secret=SQUARE_SECRET, old_secret=SQUARE_OLD_SECRET,
                 good=good, good_old=ok("square", H, secret_index=1, url=True),
                 bodies={"compact": SQUARE_BODY, "unicode": SQUARE_BODY.replace('"Thanks"', json.dumps(UNICODE_TEXT, ensure_ascii=False)),
                         "u2028": SQUARE_BODY.replace('"Thanks"', json.dumps(U2028_TEXT, ensure_ascii=False))},
                 tamper=('"amount":100', '"amount":900'), dev=dev)
    add = collector(c, p, {"url": SQUARE_URL})
    standard(c, p, add)
    h, b = make(SQUARE_SECRET, SQUARE_BODY, 0)
    add("url-missing", "no URL given to verify: the URL is signed, so this is a usage error", h,
        err("invalid_argument"), b, url=None)
    add("url-trailing-slash", "signed for the dashboard URL, verified at the same URL with a trailing slash", h,
        err("signature_mismatch"), b, url=SQUARE_URL + "/")
    add("url-port-443", "no URL normalisation: an explicit :443 breaks it", h, err("signature_mismatch"), b,
        url="https://example.com:443/webhooks/square")
    add("url-http-behind-proxy", "the URL rebuilt as http:// behind a TLS-terminating proxy", h,
        err("signature_mismatch"), b, url="http://example.com/webhooks/square")
    qurl = SQUARE_URL + "?source=square&env=prod"
    add("url-with-query", "a notification URL with a query string is signed verbatim",
        replace_header(h, H, sig(SQUARE_SECRET, qurl, SQUARE_BODY)), good, b, url=qurl)
    legacy = b64(hmac.new(SQUARE_SECRET.encode(), SQUARE_URL.encode() + raw(SQUARE_BODY), hashlib.sha1).digest())
    add("legacy-sha1-only", "only the legacy x-square-signature (HMAC-SHA1): not accepted",
        replace_header(h, H, None) + [("x-square-signature", legacy)], err("missing_header"), b)
    return c


# --------------------------------------------------------------------------------------------
# HubSpot: v3 base64 HMAC-SHA256(method + url + body + timestamp_ms); v2/v1 plain SHA-256 hex
# --------------------------------------------------------------------------------------------

HUBSPOT_URL = "https://example.com/webhooks/hubspot?portalId=62515"
HUBSPOT_BODY = ('[{"eventId":100,"subscriptionId":1234,"portalId":62515,"appId":54321,"occurredAt":1699999990000,'
                '"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,'
                '"propertyName":"firstname","propertyValue":"Ada","changeSource":"CRM"}]')


def hubspot_v3(key, method, url, b, ts):
    return b64(mac(key, method.encode() + url.encode() + raw(b) + ts.encode()))


def hubspot_plain(key, method, url, b, version):
    if version == "v1":
        return hashlib.sha256(key.encode() + raw(b)).hexdigest()
    return hashlib.sha256(key.encode() + method.encode() + url.encode() + raw(b)).hexdigest()


def hubspot_cases(Cases, ok, err, dev):
    c = Cases("hubspot")
    H3, T = "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"
    H, V = "X-HubSpot-Signature", "X-HubSpot-Signature-Version"
    ctype = ("Content-Type", "application/json")

    def make(key, b, offset, url=HUBSPOT_URL, method="POST"):
        ts = str(NOW_MS + offset * 1000)
        return [ctype, (H3, hubspot_v3(key, method, url, b, ts)), (T, ts)], b

    good = ok("hubspot-v3", H3, url=True, timestamp=True)
    p = provider(ok, err, make=make, H=H3, encoding="base64", secret=HUBSPOT_SECRET, old_secret=HUBSPOT_OLD_SECRET,
                 good=good, good_old=ok("hubspot-v3", H3, secret_index=1, url=True, timestamp=True),
                 bodies={"compact": HUBSPOT_BODY, "unicode": HUBSPOT_BODY.replace('"Ada"', json.dumps(UNICODE_TEXT, ensure_ascii=False)),
                         "u2028": HUBSPOT_BODY.replace('"Ada"', json.dumps(U2028_TEXT, ensure_ascii=False))},
                 tamper=('"Ada"', '"Eve"'), timestamped=True, tolerance=300, ts_header=T, offset=-7, dev=dev)
    add = collector(c, p, {"url": HUBSPOT_URL})
    standard(c, p, add)
    h, b = make(HUBSPOT_SECRET, HUBSPOT_BODY, -7)
    ts = header_value(h, T)
    add("v3-url-changed", "v3 signs the URL: verified at another path", h, err("signature_mismatch"), b,
        url="https://example.com/webhooks/other?portalId=62515")
    add("v3-method-changed", "v3 signs the method: verified as PUT", h, err("signature_mismatch"), b, method="PUT")
    gurl = "https://example.com/crm-card?userId=1&portalId=62515&associatedObjectType=CONTACT"
    add("v3-get-no-body", "a GET (CRM card fetch) with an empty body",
        [(H3, hubspot_v3(HUBSPOT_SECRET, "GET", gurl, "", ts)), (T, ts)], good, "", url=gurl, method="GET")
    eurl = "https://example.com/webhooks/hubspot?email=ada%40example.com&next=%2Fhome"
    add("v3-url-percent-encoded-verbatim", "a URL with %40 and %2F, signed and verified verbatim",
        [ctype, (H3, hubspot_v3(HUBSPOT_SECRET, "POST", eurl, b, ts)), (T, ts)], good, b, url=eurl)
    durl = "https://example.com/webhooks/hubspot?email=ada@example.com&next=/home"
    add("v3-url-decoded-by-signer", "signed over the %-decoded URI (HubSpot's documented decoding), verified "
        "with the encoded URL: the caller must pass the URI HubSpot signed",
        [ctype, (H3, hubspot_v3(HUBSPOT_SECRET, "POST", durl, b, ts)), (T, ts)], err("signature_mismatch"), b, url=eurl)
    add("v3-url-missing", "no URL given to verify: v3 signs it, so this is a usage error", h,
        err("invalid_argument"), b, url=None)
    hs, _ = make(HUBSPOT_SECRET, b, 0)
    add("v3-timestamp-seconds", "a timestamp in seconds reads as 1970 in milliseconds",
        [ctype, (H3, hubspot_v3(HUBSPOT_SECRET, "POST", HUBSPOT_URL, b, str(NOW))), (T, str(NOW))],
        err("timestamp_out_of_tolerance"), b)
    v1 = hubspot_plain(HUBSPOT_SECRET, "POST", HUBSPOT_URL, b, "v1")
    v2 = hubspot_plain(HUBSPOT_SECRET, "POST", HUBSPOT_URL, b, "v2")
    add("v3-wrong-with-valid-v1", "a wrong v3 signature next to a valid v1 one: v3 is used, no downgrade",
        [ctype, (H3, header_value(make(WRONG_KEY, b, -7)[0], H3)), (T, ts), (H, v1), (V, "v1")],
        err("signature_mismatch"), b)
    ok2 = ok("hubspot-v2", H, url=True, timestamp=False)
    ok1 = ok("hubspot-v1", H, url=False, timestamp=False)
    add("v2-valid", "v2: hex SHA-256 of secret + method + URL + body", [ctype, (H, v2), (V, "v2")], ok2, b)
    add("v2-url-changed", "v2 signs the URL", [ctype, (H, v2), (V, "v2")], err("signature_mismatch"), b,
        url="https://example.com/webhooks/hubspot")
    add("v2-body-tampered", "v2 with a changed body", [ctype, (H, v2), (V, "v2")], err("signature_mismatch"),
        b.replace("Ada", "Eve"))
    add("v2-url-missing", "v2 signs the URL: no URL is a usage error", [ctype, (H, v2), (V, "v2")],
        err("invalid_argument"), b, url=None)
    add("v1-valid", "v1: hex SHA-256 of secret + body", [ctype, (H, v1), (V, "v1")], ok1, b)
    add("v1-url-not-covered", "v1 does not sign the URL: any URL verifies, and the result says so",
        [ctype, (H, v1), (V, "v1")], ok1, b, url="https://attacker.example/elsewhere")
    add("v1-body-tampered", "v1 with a changed body", [ctype, (H, v1), (V, "v1")], err("signature_mismatch"),
        b.replace("Ada", "Eve"))
    add("v1-wrong-secret", "v1 computed with another secret",
        [ctype, (H, hubspot_plain(WRONG_KEY, "POST", HUBSPOT_URL, b, "v1")), (V, "v1")], err("signature_mismatch"), b)
    add("v1-rotation-old-secret", "v1, secrets [current, previous], computed with the previous one",
        [ctype, (H, hubspot_plain(HUBSPOT_OLD_SECRET, "POST", HUBSPOT_URL, b, "v1")), (V, "v1")],
        ok("hubspot-v1", H, secret_index=1, url=False, timestamp=False), b, secrets=[HUBSPOT_SECRET, HUBSPOT_OLD_SECRET])
    add("v1-uppercase-hex", "v1 digest in uppercase hex", [ctype, (H, v1.upper()), (V, "v1")],
        err("malformed_header"), b)
    add("v1-labelled-v2", "a v1 digest under X-HubSpot-Signature-Version: v2", [ctype, (H, v1), (V, "v2")],
        err("signature_mismatch"), b)
    add("v2-labelled-v1", "a v2 digest under X-HubSpot-Signature-Version: v1", [ctype, (H, v2), (V, "v1")],
        err("signature_mismatch"), b)
    add("v1-empty", "X-HubSpot-Signature empty", [ctype, (H, ""), (V, "v1")], err("missing_header"), b)
    add("v1-hmac-not-plain-hash", "an HMAC where v1 wants a plain hash of secret + body",
        [ctype, (H, hmac.new(HUBSPOT_SECRET.encode(), raw(b), hashlib.sha256).hexdigest()), (V, "v1")],
        err("signature_mismatch"), b)
    return c


# --------------------------------------------------------------------------------------------
# Twitch EventSub: sha256= hex over message id + timestamp (RFC 3339, verbatim) + body
# --------------------------------------------------------------------------------------------

TWITCH_BODY = ('{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"channel.follow","version":"2",'
               '"status":"enabled","cost":0,"condition":{"broadcaster_user_id":"1337","moderator_user_id":"1337"},'
               '"transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},'
               '"created_at":"2023-11-14T22:00:00.634234626Z"},"event":{"user_id":"1234","user_login":"cool_user",'
               '"user_name":"Cool_User","broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",'
               '"broadcaster_user_name":"Cooler_User","followed_at":"2023-11-14T22:13:10.634234626Z"}}')
TWITCH_ID = "befa7b53-d79d-478f-86b9-120f112b044e"


def twitch_cases(Cases, ok, err, dev):
    c = Cases("twitch")
    H = "Twitch-Eventsub-Message-Signature"
    I, T = "Twitch-Eventsub-Message-Id", "Twitch-Eventsub-Message-Timestamp"

    def sig(key, mid, ts, b):
        return "sha256=" + hmac.new(key.encode(), mid.encode() + ts.encode() + raw(b), hashlib.sha256).hexdigest()

    def make(key, b, offset, *, ts=None, mtype="notification"):
        ts = ts or rfc3339(NOW + offset)
        return [("Content-Type", "application/json"), (I, TWITCH_ID), ("Twitch-Eventsub-Message-Retry", "0"),
                ("Twitch-Eventsub-Message-Type", mtype), (H, sig(key, TWITCH_ID, ts, b)), (T, ts),
                ("Twitch-Eventsub-Subscription-Type", "channel.follow"),
                ("Twitch-Eventsub-Subscription-Version", "2")], b

    good = ok("twitch", H, url=False, timestamp=True)
    p = provider(ok, err, make=make, H=H, prefix="sha256=", other_prefix="sha1=", encoding="hex",
                 secret=TWITCH_SECRET, old_secret=TWITCH_OLD_SECRET, good=good,
                 good_old=ok("twitch", H, secret_index=1, url=False, timestamp=True),
                 bodies={"compact": TWITCH_BODY, "unicode": TWITCH_BODY.replace('"Cool_User"', json.dumps(UNICODE_TEXT, ensure_ascii=False)),
                         "u2028": TWITCH_BODY.replace('"Cool_User"', json.dumps(U2028_TEXT, ensure_ascii=False))},
                 tamper=('"cool_user"', '"evil_user"'), timestamped=True, tolerance=600, ts_header=T, offset=-10,
                 dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/twitch"})
    standard(c, p, add)
    nano = rfc3339(NOW - 10, frac="634234626")
    add("timestamp-nanoseconds", "Twitch's usual nanosecond timestamp, signed verbatim",
        make(TWITCH_SECRET, TWITCH_BODY, 0, ts=nano)[0], good, TWITCH_BODY)
    h, b = make(TWITCH_SECRET, TWITCH_BODY, -10)
    add("message-id-missing", f"no {I}: it is signed", replace_header(h, I, None), err("missing_header"), b)
    add("message-id-swapped", "another message id (it is signed)",
        replace_header(h, I, "0000aaaa-d79d-478f-86b9-120f112b044e"), err("signature_mismatch"), b)
    add("timestamp-reformatted", "the same instant written with +00:00 instead of Z: the timestamp is signed verbatim",
        replace_header(h, T, header_value(h, T).replace("Z", "+00:00")), err("signature_mismatch"), b)
    hu, bu = make(TWITCH_SECRET, TWITCH_BODY, 0, ts=str(NOW - 10))
    add("timestamp-unix", "a Unix timestamp where RFC 3339 is required", hu, err("malformed_header"), bu)
    challenge = ('{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4",'
                 '"status":"webhook_callback_verification_pending","type":"channel.follow","version":"2","cost":0,'
                 '"condition":{"broadcaster_user_id":"1337","moderator_user_id":"1337"},"transport":{"method":"webhook",'
                 '"callback":"https://example.com/webhooks/twitch"},"created_at":"2023-11-14T22:13:10.634234626Z"}}')
    add("callback-verification", "the webhook_callback_verification challenge is signed like a notification",
        make(TWITCH_SECRET, challenge, -5, mtype="webhook_callback_verification")[0], good, challenge)
    return c


# --------------------------------------------------------------------------------------------
# Box: base64 HMAC-SHA256 over body + BOX-DELIVERY-TIMESTAMP; primary and secondary headers
# --------------------------------------------------------------------------------------------

BOX_BODY = ('{"type":"webhook_event","id":"0f46a6ca-86bf-44ab-8cf5-f08e1e02876b","created_at":"2023-11-14T14:13:10-08:00",'
            '"trigger":"FILE.UPLOADED","webhook":{"id":"53","type":"webhook"},"created_by":{"type":"user","id":"2",'
            '"name":"Aaron Levie","login":"aaron@example.com"},"source":{"id":"73835521473","type":"file",'
            '"name":"Q4 report.pdf"}}')


def box_sig(key, b, ts):
    return b64(mac(key, raw(b) + ts.encode()))


def box_escape(text: str) -> str:
    """Box's documented alternative form: non-ASCII as \\uXXXX (UTF-16 units)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x7F:
            out.append(ch)
        elif cp <= 0xFFFF:
            out.append(f"\\u{cp:04x}")
        else:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
    return "".join(out)


def box_cases(Cases, ok, err, dev):
    c = Cases("box")
    P, S, T = "BOX-SIGNATURE-PRIMARY", "BOX-SIGNATURE-SECONDARY", "BOX-DELIVERY-TIMESTAMP"

    def make(key, b, offset, *, ts=None, secondary_key=None, version="1", algorithm="HmacSHA256"):
        # The shared cases send the primary header only (an app with one key configured);
        # the cases below add BOX-SIGNATURE-SECONDARY where the two-key design matters.
        ts = ts or rfc3339(NOW + offset)
        h = [("Content-Type", "application/json"), ("BOX-DELIVERY-ID", "462fc1b2-7bc5-4e50-bda3-c094daf12f99"),
             (T, ts), (P, box_sig(key, b, ts))]
        if secondary_key is not None:
            h.append((S, box_sig(secondary_key, b, ts)))
        if version is not None:
            h.append(("BOX-SIGNATURE-VERSION", version))
        if algorithm is not None:
            h.append(("BOX-SIGNATURE-ALGORITHM", algorithm))
        return h, b

    good = ok("box", P, url=False, timestamp=True)
    p = provider(ok, err, make=make, H=P, encoding="base64", secret=BOX_PRIMARY, old_secret=BOX_SECONDARY,
                 good=good, good_old=ok("box", P, secret_index=1, url=False, timestamp=True),
                 bodies={"compact": BOX_BODY, "unicode": BOX_BODY.replace("Q4 report", UNICODE_TEXT),
                         "u2028": BOX_BODY.replace("Q4 report", U2028_TEXT)},
                 tamper=("Q4 report", "Q5 report"), timestamped=True, tolerance=600, ts_header=T, offset=-20, dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/box"})
    standard(c, p, add)
    two = [BOX_PRIMARY, BOX_SECONDARY]
    h, b = make(BOX_PRIMARY, BOX_BODY, -20, secondary_key=BOX_SECONDARY)
    add("both-keys-configured", "secrets [primary, secondary]; both headers genuine: the primary header is used",
        h, good, b, secrets=two)
    add("secondary-header-only", "only BOX-SIGNATURE-SECONDARY (signed with the secondary key): the alternate is used",
        replace_header(h, P, None), ok("box", S, secret_index=1, url=False, timestamp=True), b, secrets=two)
    hr, br = make(BOX_NEW_PRIMARY, BOX_BODY, -20, secondary_key=BOX_SECONDARY)
    add("primary-rotated-secondary-valid",
        "the primary key was rotated in Box but not here: the primary header fails, the secondary is genuine. "
        "Every present signature header is tried with every secret, so the secondary one verifies",
        hr, ok("box", S, secret_index=1, url=False, timestamp=True), br, secrets=two)
    add("version-2", "BOX-SIGNATURE-VERSION: 2 is not the required value", make(BOX_PRIMARY, BOX_BODY, -20, version="2")[0],
        err("malformed_header"), b)
    add("version-missing", "no BOX-SIGNATURE-VERSION", make(BOX_PRIMARY, BOX_BODY, -20, version=None)[0],
        err("missing_header"), b)
    add("algorithm-other", "BOX-SIGNATURE-ALGORITHM: HmacSHA512",
        make(BOX_PRIMARY, BOX_BODY, -20, algorithm="HmacSHA512")[0], err("malformed_header"), b)
    add("algorithm-lowercase", "BOX-SIGNATURE-ALGORITHM: hmacsha256 (the value is exact)",
        make(BOX_PRIMARY, BOX_BODY, -20, algorithm="hmacsha256")[0], err("malformed_header"), b)
    tz = rfc3339(NOW - 20, offset_minutes=-7 * 60)
    add("timestamp-offset", "a timestamp with a -07:00 offset, as in Box's docs, signed verbatim",
        make(BOX_PRIMARY, BOX_BODY, 0, ts=tz)[0], good, b)
    ub = p.bodies["unicode"]
    ts = rfc3339(NOW - 20)
    he = replace_header(make(BOX_PRIMARY, ub, -20)[0], P, box_sig(BOX_PRIMARY, box_escape(ub), ts))
    add("signed-over-escaped-body", "signed over a \\uXXXX-escaped copy of the body, received raw: not what was sent",
        he, err("signature_mismatch"), ub)
    return c


# --------------------------------------------------------------------------------------------
# Linear: hex HMAC-SHA256 of the body; the timestamp is the body's webhookTimestamp (ms)
# --------------------------------------------------------------------------------------------

LINEAR_BODY = ('{"action":"create","type":"Issue","data":{"id":"2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9",'
               '"title":"Fix the login bug","identifier":"ENG-123","priority":2},'
               '"url":"https://linear.app/acme/issue/ENG-123","createdAt":"2023-11-14T22:13:00.000Z",'
               '"organizationId":"e5a3b1d2-8c4f-4e7a-9b6d-1f2e3d4c5b6a","webhookTimestamp":__TS__,'
               '"webhookId":"0c9f7e6d-5b4a-4c3d-8e2f-1a0b9c8d7e6f"}')


def linear_cases(Cases, ok, err, dev):
    c = Cases("linear")
    H = "Linear-Signature"

    def make(key, b, offset):
        b = b.replace("__TS__", str(NOW_MS + offset * 1000))
        return [("Content-Type", "application/json; charset=utf-8"),
                ("Linear-Delivery", "234d1a4e-b617-4388-90fe-adc3633d6b72"), ("Linear-Event", "Issue"),
                (H, hmac.new(key.encode(), raw(b), hashlib.sha256).hexdigest())], b

    good = ok("linear", H, url=False, timestamp=True)
    p = provider(ok, err, make=make, H=H, encoding="hex", secret=LINEAR_SECRET, old_secret=LINEAR_OLD_SECRET,
                 good=good, good_old=ok("linear", H, secret_index=1, url=False, timestamp=True),
                 bodies={"compact": LINEAR_BODY, "pretty": LINEAR_BODY.replace(",", ",\n  ").replace("{", "{\n  "),
                         "unicode": LINEAR_BODY.replace("Fix the login bug", UNICODE_TEXT),
                         "u2028": LINEAR_BODY.replace("Fix the login bug", U2028_TEXT)},
                 tamper=("ENG-123", "ENG-124"), timestamped=True, tolerance=60, ts_header=None, offset=-2, dev=dev)
    add = collector(c, p, {"url": "https://example.com/webhooks/linear"})
    standard(c, p, add)

    def signed(b):
        return make(LINEAR_SECRET, b, 0)

    nots = LINEAR_BODY.replace('"webhookTimestamp":__TS__,', "")
    add("timestamp-missing", "a genuine signature over a body without webhookTimestamp", signed(nots)[0],
        err("invalid_body"), nots)
    strts = LINEAR_BODY.replace("__TS__", f'"{NOW_MS - 2000}"')
    add("timestamp-string", "webhookTimestamp as a string, not a number", signed(strts)[0], err("invalid_body"), strts)
    secs = LINEAR_BODY.replace("__TS__", str(NOW - 2))
    add("timestamp-seconds", "webhookTimestamp in seconds reads as 1970 in milliseconds", signed(secs)[0],
        err("timestamp_out_of_tolerance"), secs)
    notjson = "webhookTimestamp=1699999998000"
    add("body-not-json", "a genuine signature over a body that is not JSON", signed(notjson)[0], err("invalid_body"),
        notjson)
    h, b = make(LINEAR_SECRET, LINEAR_BODY, -2)
    moved = b.replace(str(NOW_MS - 2000), str(NOW_MS - 1000))
    add("timestamp-edited", "webhookTimestamp edited after signing: it is inside the signed body", h,
        err("signature_mismatch"), moved)
    return c


# --------------------------------------------------------------------------------------------
# Recorded SDK deviations (measured by tests/sdk/sdk_headers.py and node-headers/check.js)
# (an SDK raising on a case the vectors reject has rejected it: not a deviation, see README.md)
# --------------------------------------------------------------------------------------------

PY_FIRST = ("reads one value of the repeated header (the first, a stale signature); hooksig tries every "
            "occurrence, so a sender's rotation overlap verifies")
NODE_JOINED = ("gets Node's ', '-joined value of the repeated header and compares it as one signature; hooksig "
               "tries every occurrence")
FIXED = "its window is fixed ({}); hooksig honours the configured tolerance"
ONE_SIDED = "rejects stale requests only (one-sided window), so a future timestamp passes; hooksig's window is symmetric"
BOX_PAIRS = ("pairs each key with its own header (primary key with BOX-SIGNATURE-PRIMARY), so a primary header "
             "signed with the second configured secret fails; hooksig tries every secret on the header it uses")
BOX_FUTURE = "rejects any timestamp in the future, with no skew allowance; hooksig's window is symmetric and inclusive"
BOX_ESCAPED = ("also tries a \\uXXXX-escaped copy of the body; hooksig MACs only the bytes received")
RIVET_JSON = ("hashes JSON.stringify(JSON.parse(body)), not the raw body, so a body that is not in JSON.stringify's "
              "form fails; hooksig MACs the bytes received")
RIVET_TS = "checks no timestamp (Zoom defines no window); hooksig enforces 300 s on the signed timestamp"

DEVIATIONS: dict[str, dict[str, dict[str, str]]] = {
    "slack": {
        "repeated-header-one-valid": {"slack-sdk": PY_FIRST, "npm:@slack/bolt": NODE_JOINED},
        "future": {"npm:@slack/bolt": ONE_SIDED},
        "timestamp-milliseconds": {"npm:@slack/bolt": ONE_SIDED + " (a millisecond value is far in the future)"},
        "tolerance-60-stale": {"slack-sdk": FIXED.format("300 s"), "npm:@slack/bolt": FIXED.format("5 min")},
        "tolerance-wider-ok": {"slack-sdk": FIXED.format("300 s"), "npm:@slack/bolt": FIXED.format("5 min")},
    },
    "zoom": {
        "valid-pretty": {"npm:@zoom/rivet": RIVET_JSON},
        "valid-escaped-unicode": {"npm:@zoom/rivet": RIVET_JSON},
        "repeated-header-one-valid": {"npm:@zoom/rivet": NODE_JOINED},
        "stale": {"npm:@zoom/rivet": RIVET_TS},
        "future": {"npm:@zoom/rivet": RIVET_TS},
        "stale-24h": {"npm:@zoom/rivet": RIVET_TS},
        "tolerance-60-stale": {"npm:@zoom/rivet": RIVET_TS},
    },
    "github": {"repeated-header-one-valid": {"npm:@octokit/webhooks-methods": NODE_JOINED}},
    "shopify": {"repeated-header-one-valid": {"npm:@shopify/shopify-api": NODE_JOINED}},
    "square": {"repeated-header-one-valid": {"squareup": PY_FIRST, "npm:square": NODE_JOINED}},
    "hubspot": {
        "repeated-header-one-valid": {"hubspot-api-client": PY_FIRST, "npm:@hubspot/api-client": NODE_JOINED},
        "window-old-edge": {"hubspot-api-client": "its age check is strict (now - floor(ts/1000) < 300 s), so exactly "
                                                  "300 s old fails; hooksig's window is inclusive"},
        "future": {"hubspot-api-client": ONE_SIDED, "npm:@hubspot/api-client": ONE_SIDED},
        "tolerance-60-stale": {"hubspot-api-client": FIXED.format("300 s"), "npm:@hubspot/api-client": FIXED.format("300 000 ms")},
        "tolerance-wider-ok": {"hubspot-api-client": FIXED.format("300 s"), "npm:@hubspot/api-client": FIXED.format("300 000 ms")},
    },
    "linear": {
        "repeated-header-one-valid": {"npm:@linear/sdk": NODE_JOINED},
        "tolerance-wider-ok": {"npm:@linear/sdk": FIXED.format("60 s")},
    },
    "box": {
        "rotation-old-secret": {"box-sdk-gen": BOX_PAIRS, "npm:box-node-sdk": BOX_PAIRS},
        "repeated-header-one-valid": {"box-sdk-gen": PY_FIRST, "npm:box-node-sdk": NODE_JOINED},
        "window-future-edge": {"box-sdk-gen": BOX_FUTURE, "npm:box-node-sdk": BOX_FUTURE},
        "signed-over-escaped-body": {"box-sdk-gen": BOX_ESCAPED, "npm:box-node-sdk": BOX_ESCAPED},
    },
    "twitch": {
        "repeated-header-one-valid": {"npm:@twurple/eventsub-http": NODE_JOINED},
        "uppercase-hex": {"npm:@twurple/eventsub-http": "decodes the hex with Buffer.from (either case); hooksig's "
                                                        "hex is lowercase only"},
        "future": {"npm:@twurple/eventsub-http": "drops only notifications older than 10 min (one-sided); hooksig's "
                                                 "window is symmetric"},
        "tolerance-60-stale": {"npm:@twurple/eventsub-http": FIXED.format("10 min")},
        "tolerance-wider-ok": {"npm:@twurple/eventsub-http": FIXED.format("10 min")},
        "timestamp-unix": {"npm:@twurple/eventsub-http": "does not require RFC 3339: an unparsable date skips its "
                                                         "age rule and the MAC over the string verifies"},
    },
}


def register(Cases, ok, err):
    def bind(fn, pid):
        return lambda: fn(Cases, ok, err, DEVIATIONS.get(pid, {}))

    builders = {"slack": slack_cases, "zoom": zoom_cases, "github": github_cases, "meta": meta_cases,
                "intercom": intercom_cases, "shopify": shopify_cases, "square": square_cases,
                "hubspot": hubspot_cases, "twitch": twitch_cases, "box": box_cases, "linear": linear_cases}
    return {pid: bind(fn, pid) for pid, fn in builders.items()}
