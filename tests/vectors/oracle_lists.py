"""Vector oracle: Standard Webhooks, Svix and their senders; Stripe-style t=/v1= lists.

Standard library only; never reads the hooksig registry or imports hooksig.

Two families, each written once and instantiated per provider:

* Standard Webhooks (standard-webhooks, svix, resend, clerk, openai, replicate, polar):
  `webhook-signature: v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)> [v1,<...> ...]`
  with the id and timestamp in their own headers (`svix-*` for Svix, Resend and Clerk).
  The key is the `whsec_` secret base64-decoded after the prefix, except Polar (the whole
  secret string as UTF-8).
* key=value lists (stripe, mux, workos, elevenlabs, calendly, paddle):
  `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256(secret as UTF-8, ts "." body)>[,v1=...]`,
  Paddle with `;`, `ts`/`h1` and `ts ":" body`, WorkOS with a millisecond `t` and `, `.

Every window is symmetric and inclusive (|now - ts| <= tolerance), checked before the MAC.
Where an official SDK decides otherwise the case records it under `sdk_deviations`
(SDK names: the PyPI package name, or `npm:<package>`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

NOW = 1_700_000_000  # seconds, as generate.py
NOW_MS = NOW * 1000

# ------------------------------------------------------------------------------------------
# Made-up secrets, in each provider's real shape
# ------------------------------------------------------------------------------------------

SW_SECRET = "whsec_+hO0EsL8CEe3bnHEXJfMkdbD4um9caBHStP3uKTZ5As="
SW_OLD_SECRET = "whsec_YsFAElIg9vKa4jcZMBm0qE4Jvlg4dsvs+g3GVWUUCrI="
SVIX_SECRET = "whsec_VsET/8U93I4iTVx0IA+3q+j0rlT1r6IZ"
RESEND_SECRET = "whsec_rexOCzcFrZKtY0f59KLmNVUqvPD2w3Hb"
CLERK_SECRET = "whsec_ahq/+O5HiW3w7KX2Rm5WQoU13cAVjRBf"
OPENAI_SECRET = "whsec_5ebAEPnkJSX7XbTK+geSuCzI0bSo+InTljPNXGiLFj8="
REPLICATE_SECRET = "whsec_jfcDRrOJEelwLPZWtAI57/RTF2U31J0ewSLjYe9OJO0="
SW_WRONG_SECRET = "whsec_E597ti9+gOP6J4re8pds+R+AA/3QOnnXrqVHiRLWUFw="
POLAR_SECRET = "polar_whs_Xq3nV8kR2mT6pL9wZ4cB7yH1sD5fG0jK3uE8aN2oQ6r"
POLAR_OLD_SECRET = "polar_whs_0ldS3cr3tAbCdEfGhIjKlMnOpQrStUvWxYz0123456"
POLAR_WRONG_SECRET = "polar_whs_WrongWrongWrongWrongWrongWrongWrongWrongW"

STRIPE_SECRET = "whsec_9fK2mQ7xV4bN8cR1tY6uH3jL5pZ0wS2d"
STRIPE_OLD_SECRET = "whsec_0ldPr3v10u5S3cr3tF0rR0tat10nTst"
MUX_SECRET = "k3v9q8w7e6r5t4y3u2i1o0p9a8s7d6f5"
MUX_OLD_SECRET = "0ldmux0ldmux0ldmux0ldmux0ldmux00"
WORKOS_SECRET = "wOrK0sS1gn1ngS3cr3tXy7Zq4Bv"
WORKOS_OLD_SECRET = "wOrK0sOldS3cr3tAbCdEfGhIjK"
ELEVENLABS_SECRET = "wsec_2b7f4c9e1a0d8b6c3f5e7a9d1c3b5e7f9a0c2e4d6f8b0a1c3e5d7f9b1a3c5e7"
ELEVENLABS_OLD_SECRET = "wsec_0000111122223333444455556666777788889999aaaabbbbccccddddeeeeffff"
CALENDLY_SECRET = "Zq8xR3vN6mT1pL4wK7cB0yH2sD5fG9jU"
CALENDLY_OLD_SECRET = "0ldCalendlyK3yAbCdEfGhIjKlMnOpQr"
PADDLE_SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI"
PADDLE_OLD_SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms0_0ldK3yAbCdEfGhIjKlMnOpQrStUvWx"
KV_WRONG_SECRET = "not-the-right-secret"

# ------------------------------------------------------------------------------------------
# Bodies
# ------------------------------------------------------------------------------------------


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def pretty(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


UNICODE_EXTRA = {"note": "Señora Núñez dijo: ¡hola! 日本語 😀🎉", "emoji": "\U0001f600"}
# U+2028 (LINE SEPARATOR) raw in the body: valid JSON, but not valid in JavaScript source
# before ES2019, and a character some JSON encoders escape: it must be MACed as sent.
U2028_EXTRA = {"text": "first\u2028second\u2029third"}

PAYLOADS = {
    "standard-webhooks": {"type": "invoice.paid", "timestamp": "2023-11-14T22:13:20Z",
                          "data": {"id": "inv_2bWk8n", "amount": 4200, "currency": "EUR"}},
    "svix": {"type": "user.created", "timestamp": "2023-11-14T22:13:20Z",
             "data": {"id": "user_29w83sxmDNGwOuEthce5gg56FcC", "email": "ada@example.com"}},
    "resend": {"type": "email.delivered", "created_at": "2023-11-14T22:13:20.000Z",
               "data": {"email_id": "56761188-7520-42d8-8898-ff6fc54ce618", "from": "Acme <onboarding@resend.dev>",
                        "to": ["delivered@resend.dev"], "subject": "Sending this example"}},
    "clerk": {"type": "user.created", "object": "event", "timestamp": 1700000000000,
              "data": {"id": "user_29w83sxmDNGwOuEthce5gg56FcC", "object": "user", "first_name": "Ada"}},
    "openai": {"id": "evt_685343a1381c819085d44c354e1b330e", "object": "event", "created_at": 1700000000,
               "type": "response.completed", "data": {"id": "resp_abc123"}},
    "replicate": {"id": "ufawqhfynnddngldkgtslldrkq", "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
                  "status": "succeeded", "output": ["https://replicate.delivery/pbxt/out-0.png"]},
    "polar": {"type": "order.created", "timestamp": "2023-11-14T22:13:20Z",
              "data": {"id": "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a6b", "amount": 2500, "currency": "usd"}},
    "stripe": {"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "api_version": "2023-10-16",
               "created": 1700000000, "type": "payment_intent.succeeded",
               "data": {"object": {"id": "pi_3NG8Ds2eZvKYlo2C0", "object": "payment_intent", "amount": 2000}}},
    "mux": {"type": "video.asset.ready", "id": "3a56ac3d-33da-4366-855b-f592d898409d", "created_at": "2023-11-14T22:13:20.000000Z",
            "object": {"type": "asset", "id": "0201p02fGKPE7MrbC269XRD7LpcHhrmbu0002"},
            "data": {"status": "ready", "playback_ids": [{"policy": "public", "id": "vAFLI2eKFFicXX00iHBS2vqt5JjJGg5HV6fQ4Xijgt1I"}]}},
    "workos": {"id": "event_01H2GNQD5YHFHJ3ZPGK7Q3Z4KX", "event": "user.created", "created_at": "2023-11-14T22:13:20.000Z",
               "data": {"object": "user", "id": "user_01E4ZCR3C56J083X43JQXF3JK5", "email": "ada@example.com"}},
    "elevenlabs": {"type": "post_call_transcription", "event_timestamp": 1700000000,
                   "data": {"agent_id": "agent_7101k5zvyjhmfg983brhmhkd98n6", "conversation_id": "conv_7101k5zw3x7b", "status": "done"}},
    "calendly": {"event": "invitee.created", "created_at": "2023-11-14T22:13:20.000000Z",
                 "created_by": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
                 "payload": {"email": "ada@example.com", "name": "Ada Lovelace", "status": "active"}},
    "paddle": {"event_id": "evt_01h8bzakzx3hm2fmen703n5q45", "event_type": "transaction.completed",
               "occurred_at": "2023-11-14T22:13:20.000Z", "notification_id": "ntf_01h8bzam1z32agrxjwhjgqk8w6",
               "data": {"id": "txn_01h8bxpvx398a7zbawb77y0kp5", "status": "completed", "currency_code": "USD"}},
}


def to_bytes(body: str | bytes) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def flip_b64(text: str) -> str:
    """The same base64 with its first character changed (still valid base64, other bytes)."""
    return ("B" if text[0] == "A" else "A") + text[1:]


def tamper(body: str) -> str:
    """The body with its first digit changed: one byte differs, still valid JSON."""
    i = next(i for i, ch in enumerate(body) if ch.isdigit())
    return body[:i] + str((int(body[i]) + 1) % 10) + body[i + 1:]


def flip_hex(text: str) -> str:
    return ("1" if text[0] == "0" else "0") + text[1:]


# ------------------------------------------------------------------------------------------
# Standard Webhooks family
# ------------------------------------------------------------------------------------------


def sw_key(secret: str, mode: str) -> bytes:
    if mode == "utf8":
        return secret.encode("utf-8")
    rest = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(rest, validate=True)


def sw_sig(secret: str, mode: str, msg_id: str, ts: int | str, body: str | bytes) -> str:
    """The base64 signature (no version label)."""
    mac = hmac.new(sw_key(secret, mode), f"{msg_id}.{ts}.".encode() + to_bytes(body), hashlib.sha256)
    return b64(mac.digest())


def standard_webhooks_family(Cases, ok, err, provider: str, *, prefix: str, secrets: tuple[str, str],
                             wrong: str, key_mode: str, alternate_prefix: str | None = None,
                             deviations: dict[str, dict[str, str]] | None = None):
    """Cases for one Standard Webhooks sender. `prefix` is "webhook" or "svix"."""

    def build():
        c = Cases(provider)
        SIG, ID, TS = f"{prefix}-signature", f"{prefix}-id", f"{prefix}-timestamp"
        secret, old = secrets
        url = f"https://example.com/webhooks/{provider}"
        msg_id = "msg_2bWk8nQe5Yb3xUvC7dH1sJ9rT0"
        payload = PAYLOADS[provider]
        body = compact(payload)
        ts = NOW - 7
        good = ok(provider, SIG, url=False, timestamp=True)

        def sign(b=body, t=ts, i=msg_id, s=secret):
            return sw_sig(s, key_mode, i, t, b)

        def hdrs(sig, t=ts, i=msg_id, sig_name=SIG, id_name=ID, ts_name=TS):
            out = [("Content-Type", "application/json")]
            if i is not None:
                out.append((id_name, i))
            if t is not None:
                out.append((ts_name, str(t)))
            if sig is not None:
                out.append((sig_name, sig))
            return out

        def add(name, description, headers, expect, b=body, secrets_=None, **kw):
            devs = {}
            for sdk, table in (deviations or {}).items():
                if name in table:
                    devs[sdk] = table[name]
            c.add(name, description, secrets=secrets_ or [secret], url=url, headers=headers, body=b,
                  expect=expect, sdk_deviations=devs or None, **kw)

        v1 = "v1," + sign()
        add("valid", "a genuine delivery, compact JSON", hdrs(v1), good)
        pb = pretty(payload)
        add("valid-pretty", "pretty-printed JSON with a trailing newline, signed as sent", hdrs("v1," + sign(pb)), good, b=pb)
        ub = compact({**payload, **UNICODE_EXTRA})
        add("valid-unicode", "accents, CJK and astral-plane emoji as raw UTF-8", hdrs("v1," + sign(ub)), good, b=ub)
        lb = compact({**payload, **U2028_EXTRA})
        add("valid-u2028", "a raw U+2028 and U+2029 in the body", hdrs("v1," + sign(lb)), good, b=lb)
        add("window-old-edge", "exactly 300 s old is accepted (inclusive)",
            hdrs("v1," + sign(t=NOW - 300), t=NOW - 300), good)
        add("window-future-edge", "exactly 300 s ahead is accepted (inclusive)",
            hdrs("v1," + sign(t=NOW + 300), t=NOW + 300), good)
        add("stale", "301 s old (correctly signed)", hdrs("v1," + sign(t=NOW - 301), t=NOW - 301),
            err("timestamp_out_of_tolerance"))
        add("future", "301 s ahead (correctly signed)", hdrs("v1," + sign(t=NOW + 301), t=NOW + 301),
            err("timestamp_out_of_tolerance"))
        add("milliseconds", "a millisecond timestamp reads as far in the future",
            hdrs("v1," + sign(t=NOW_MS), t=NOW_MS), err("timestamp_out_of_tolerance"))
        wrong_sig = "v1," + sign(s=wrong)
        add("rotation-list", "two v1 entries, space-separated: the second matches", hdrs(f"{wrong_sig} {v1}"), good)
        add("rotation-list-double-space", "a run of spaces between entries counts as one separator",
            hdrs(f"{wrong_sig}  {v1}"), good)
        add("rotation-secret", "secrets [new, old], signed with the old one", hdrs("v1," + sign(s=old)),
            ok(provider, SIG, secret_index=1, url=False, timestamp=True), secrets_=[secret, old])
        add("rotation-neither", "secrets [new, old], signed with a third", hdrs(wrong_sig), err("signature_mismatch"),
            secrets_=[secret, old])
        ed25519_like = b64(hashlib.sha512(b"an asymmetric v1a signature").digest())  # 64 bytes, as Ed25519's
        add("version-v2-alone", "the genuine MAC labelled v2: no v1 entry is left",
            hdrs("v2," + sign()), err("malformed_header"))
        add("version-v1a-alone", "only a v1a (Ed25519) entry: not this scheme's version",
            hdrs("v1a," + ed25519_like), err("malformed_header"))
        add("version-mixed", "a v1a entry and a genuine v1 entry", hdrs(f"v1a,{ed25519_like} {v1}"), good)
        add("no-version", "the genuine base64 without its v1, label", hdrs(sign()), err("malformed_header"))
        add("bad-encoding", "v1, followed by something that is not base64", hdrs("v1,!!not*base64!!"),
            err("malformed_header"))
        add("wrong-length", "v1, followed by the base64 of 16 bytes", hdrs("v1," + b64(bytes(range(16)))),
            err("malformed_header"))
        add("tampered-body", "one digit of the body changed", hdrs(v1), err("signature_mismatch"), b=tamper(body))
        add("reserialised-json", "signed over pretty JSON, verified over the compact re-serialisation",
            hdrs("v1," + sign(pb)), err("signature_mismatch"))
        add("wrong-secret", "signed with another secret", hdrs(wrong_sig), err("signature_mismatch"))
        add("signature-flipped", "one base64 character of the signature changed",
            hdrs("v1," + flip_b64(sign())), err("signature_mismatch"))
        add("id-swapped", "another message id: the id is signed", hdrs(v1, i="msg_other"), err("signature_mismatch"))
        add("timestamp-swapped", "the timestamp changed within the window, the signature kept: it is signed",
            hdrs(v1, t=ts + 1), err("signature_mismatch"))
        add("missing-signature", f"no {SIG}", hdrs(None), err("missing_header"))
        add("missing-id", f"no {ID}", hdrs(v1, i=None), err("missing_header"))
        add("missing-timestamp", f"no {TS}", hdrs(v1, t=None), err("missing_header"))
        add("empty-signature", f"{SIG} present but empty", hdrs(""), err("missing_header"))
        add("timestamp-not-number", "a non-numeric timestamp", hdrs(v1, t="yesterday"), err("malformed_header"))
        add("empty-secret", "an empty secret is a configuration error", hdrs(v1), err("invalid_secret"), secrets_=[""])
        if key_mode == "whsec-base64":
            add("secret-not-base64", "a whsec_ secret whose rest is not base64", hdrs(v1), err("invalid_secret"),
                secrets_=["whsec_%%%not-base64%%%"])
            bare = secret[len("whsec_"):]
            add("secret-without-prefix", "the same secret without whsec_: the base64 is decoded all the same",
                hdrs(v1), good, secrets_=[bare])
        else:
            add("key-not-decoded", "signed with the base64-decoded key a Standard Webhooks secret would give: "
                "this provider's key is the whole secret as UTF-8",
                hdrs("v1," + b64(hmac.new(base64.b64decode(SW_SECRET[6:]), f"{msg_id}.{ts}.".encode() + body.encode(),
                                          hashlib.sha256).digest())),
                err("signature_mismatch"), secrets_=[SW_SECRET])
        if alternate_prefix:
            aSIG, aID, aTS = (f"{alternate_prefix}-{n}" for n in ("signature", "id", "timestamp"))
            add("alternate-headers", f"the {alternate_prefix}-* header names instead of {prefix}-*",
                hdrs(v1, sig_name=aSIG, id_name=aID, ts_name=aTS), ok(provider, aSIG, url=False, timestamp=True))
            add("alternate-headers-wrong-secret", f"{alternate_prefix}-* names, signed with another secret",
                hdrs(wrong_sig, sig_name=aSIG, id_name=aID, ts_name=aTS), err("signature_mismatch"))
        return c

    return build


# ------------------------------------------------------------------------------------------
# key=value lists: Stripe and its relatives
# ------------------------------------------------------------------------------------------


def kv_sig(secret: str, ts: int | str, body: str | bytes, joiner: str = ".") -> str:
    return hmac.new(secret.encode("utf-8"), f"{ts}{joiner}".encode() + to_bytes(body), hashlib.sha256).hexdigest()


def kv_family(Cases, ok, err, provider: str, *, header: str, sep: str, ts_key: str, sig_key: str,
              other_key: str, joiner: str, unit: str, tolerance: int, secrets: tuple[str, str],
              canonical_sep: str | None = None, variant_sep: str | None = None,
              deviations: dict[str, dict[str, str]] | None = None, extra=None):
    """Cases for one kv-list provider. `canonical_sep` is what the provider sends (", " for
    WorkOS), `variant_sep` another spelling hooksig also accepts (items are trimmed)."""
    canonical_sep = canonical_sep or sep

    def build():
        c = Cases(provider)
        secret, old = secrets
        url = f"https://example.com/webhooks/{provider}"
        payload = PAYLOADS[provider]
        body = compact(payload)
        scale = 1000 if unit == "ms" else 1
        now = NOW
        ts = (NOW - min(7, tolerance - 2)) * scale  # well inside the window (Paddle's is 5 s)
        good = ok(provider, header, url=False, timestamp=True)

        def sign(b=body, t=ts, s=secret):
            return kv_sig(s, t, b, joiner)

        def value(*items):
            return canonical_sep.join(f"{k}={v}" for k, v in items)

        def hdrs(v):
            out = [("Content-Type", "application/json")]
            if v is not None:
                out.append((header, v))
            return out

        def add(name, description, headers, expect, b=body, secrets_=None, **kw):
            devs = {}
            for sdk, table in (deviations or {}).items():
                if name in table:
                    devs[sdk] = table[name]
            c.add(name, description, secrets=secrets_ or [secret], url=url, headers=headers, body=b, now=now,
                  expect=expect, sdk_deviations=devs or None, **kw)

        h = value((ts_key, ts), (sig_key, sign()))
        add("valid", "a genuine delivery, compact JSON", hdrs(h), good)
        pb = pretty(payload)
        add("valid-pretty", "pretty-printed JSON with a trailing newline, signed as sent",
            hdrs(value((ts_key, ts), (sig_key, sign(pb)))), good, b=pb)
        ub = compact({**payload, **UNICODE_EXTRA})
        add("valid-unicode", "accents, CJK and astral-plane emoji as raw UTF-8",
            hdrs(value((ts_key, ts), (sig_key, sign(ub)))), good, b=ub)
        lb = compact({**payload, **U2028_EXTRA})
        add("valid-u2028", "a raw U+2028 and U+2029 in the body", hdrs(value((ts_key, ts), (sig_key, sign(lb)))), good, b=lb)
        span = tolerance * scale
        step = 1 if unit == "ms" else 1  # 1 ms past for ms providers, 1 s for seconds
        for name, t, expect, what in (
            ("window-old-edge", NOW * scale - span, good, f"exactly {tolerance} s old is accepted (inclusive)"),
            ("window-future-edge", NOW * scale + span, good, f"exactly {tolerance} s ahead is accepted (inclusive)"),
            ("stale", NOW * scale - span - step, err("timestamp_out_of_tolerance"),
             f"{tolerance} s and 1 {unit} old (correctly signed)"),
            ("future", NOW * scale + span + step, err("timestamp_out_of_tolerance"),
             f"{tolerance} s and 1 {unit} ahead (correctly signed)"),
        ):
            add(name, what, hdrs(value((ts_key, t), (sig_key, sign(t=t)))), expect)
        wrong = sign(s=KV_WRONG_SECRET)
        add("rotation-list", f"two {sig_key} entries: the second matches",
            hdrs(value((ts_key, ts), (sig_key, wrong), (sig_key, sign()))), good)
        add("rotation-list-first", f"two {sig_key} entries: the first matches",
            hdrs(value((ts_key, ts), (sig_key, sign()), (sig_key, wrong))), good)
        add("rotation-secret", "secrets [new, old], signed with the old one", hdrs(value((ts_key, ts), (sig_key, sign(s=old)))),
            ok(provider, header, secret_index=1, url=False, timestamp=True), secrets_=[secret, old])
        add("rotation-neither", "secrets [new, old], signed with a third", hdrs(value((ts_key, ts), (sig_key, wrong))),
            err("signature_mismatch"), secrets_=[secret, old])
        add("version-other-alone", f"the genuine MAC under {other_key}= only: no {sig_key} entry",
            hdrs(value((ts_key, ts), (other_key, sign()))), err("malformed_header"))
        add("version-mixed", f"an {other_key} entry (ignored) and a genuine {sig_key}",
            hdrs(value((ts_key, ts), (other_key, "6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"),
                       (sig_key, sign()))), good)
        if variant_sep:
            add("separator-variant", f"items joined by {variant_sep!r} instead of {canonical_sep!r}: items are trimmed",
                hdrs(variant_sep.join([f"{ts_key}={ts}", f"{sig_key}={sign()}"])), good)
        add("tampered-body", "one digit of the body changed", hdrs(h), err("signature_mismatch"), b=tamper(body))
        add("reserialised-json", "signed over pretty JSON, verified over the compact re-serialisation",
            hdrs(value((ts_key, ts), (sig_key, sign(pb)))), err("signature_mismatch"))
        add("wrong-secret", "signed with another secret", hdrs(value((ts_key, ts), (sig_key, wrong))),
            err("signature_mismatch"))
        add("signature-flipped", "one hex digit of the signature changed",
            hdrs(value((ts_key, ts), (sig_key, flip_hex(sign())))), err("signature_mismatch"))
        add("timestamp-swapped", "the timestamp changed within the window, the signature kept: it is signed",
            hdrs(value((ts_key, ts + 1), (sig_key, sign()))), err("signature_mismatch"))
        add("missing-header", f"no {header}", hdrs(None), err("missing_header"))
        add("empty-header", f"{header} present but empty", hdrs(""), err("missing_header"))
        add("missing-timestamp", f"no {ts_key}= entry", hdrs(value((sig_key, sign()))), err("malformed_header"))
        add("missing-signature-entry", f"no {sig_key}= entry", hdrs(value((ts_key, ts))), err("malformed_header"))
        add("no-kv", "a bare hex digest, no key=value items", hdrs(sign()), err("malformed_header"))
        add("bad-encoding", f"{sig_key}= followed by 64 characters that are not hex",
            hdrs(value((ts_key, ts), (sig_key, "z" * 64))), err("malformed_header"))
        add("wrong-length", f"{sig_key}= followed by 62 hex digits", hdrs(value((ts_key, ts), (sig_key, sign()[:62]))),
            err("malformed_header"))
        add("uppercase-hex", "the genuine digest in uppercase hex (hex is lowercase only)",
            hdrs(value((ts_key, ts), (sig_key, sign().upper()))), err("malformed_header"))
        add("timestamp-not-number", f"{ts_key}=yesterday", hdrs(value((ts_key, "yesterday"), (sig_key, sign()))),
            err("malformed_header"))
        add("empty-secret", "an empty secret is a configuration error", hdrs(h), err("invalid_secret"), secrets_=[""])
        add("secret-with-whitespace", "a secret with a trailing newline (as read from a file) is a configuration error",
            hdrs(h), err("invalid_secret"), secrets_=[secret + "\n"])
        if extra:
            extra(add, hdrs, value, sign, ts, body, good)
        return c

    return build


def stripe_extra(err):
    def extra(add, hdrs, value, sign, ts, body, good):
        add("repeated-header", "Stripe-Signature sent twice, the genuine one second: every occurrence is pooled",
            hdrs(value(("t", ts), ("v1", sign(s=KV_WRONG_SECRET)))) + [("Stripe-Signature", value(("t", ts), ("v1", sign())))],
            good)
        add("duplicate-timestamp", "two different t= entries (the signature matches the first)",
            hdrs(value(("t", ts), ("t", ts + 1), ("v1", sign()))), err("malformed_header"))
        add("prefix-stripped", "signed with the secret minus its whsec_ prefix: Stripe's key is the whole "
            "string as UTF-8", hdrs(value(("t", ts), ("v1", sign(s=STRIPE_SECRET[6:])))), err("signature_mismatch"))
    return extra


def register(Cases, ok, err):
    sw = {
        "standard-webhooks": dict(prefix="webhook", secrets=(SW_SECRET, SW_OLD_SECRET), wrong=SW_WRONG_SECRET,
                                  key_mode="whsec-base64"),
        "svix": dict(prefix="svix", alternate_prefix="webhook", secrets=(SVIX_SECRET, SW_OLD_SECRET),
                     wrong=SW_WRONG_SECRET, key_mode="whsec-base64"),
        "resend": dict(prefix="svix", secrets=(RESEND_SECRET, SW_OLD_SECRET), wrong=SW_WRONG_SECRET,
                       key_mode="whsec-base64"),
        "clerk": dict(prefix="svix", secrets=(CLERK_SECRET, SW_OLD_SECRET), wrong=SW_WRONG_SECRET,
                      key_mode="whsec-base64"),
        "openai": dict(prefix="webhook", secrets=(OPENAI_SECRET, SW_OLD_SECRET), wrong=SW_WRONG_SECRET,
                       key_mode="whsec-base64"),
        "replicate": dict(prefix="webhook", secrets=(REPLICATE_SECRET, SW_OLD_SECRET), wrong=SW_WRONG_SECRET,
                          key_mode="whsec-base64"),
        "polar": dict(prefix="webhook", secrets=(POLAR_SECRET, POLAR_OLD_SECRET), wrong=POLAR_WRONG_SECRET,
                      key_mode="utf8"),
    }
    out = {}
    for provider, kw in sw.items():
        out[provider] = standard_webhooks_family(Cases, ok, err, provider, deviations=SDK_DEVIATIONS.get(provider), **kw)
    kv = {
        "stripe": dict(header="Stripe-Signature", sep=",", ts_key="t", sig_key="v1", other_key="v0", joiner=".",
                       unit="s", tolerance=300, secrets=(STRIPE_SECRET, STRIPE_OLD_SECRET), variant_sep=", ",
                       extra=stripe_extra(err)),
        "mux": dict(header="Mux-Signature", sep=",", ts_key="t", sig_key="v1", other_key="v0", joiner=".",
                    unit="s", tolerance=300, secrets=(MUX_SECRET, MUX_OLD_SECRET), variant_sep=", "),
        "workos": dict(header="WorkOS-Signature", sep=",", canonical_sep=", ", ts_key="t", sig_key="v1",
                       other_key="v0", joiner=".", unit="ms", tolerance=180, secrets=(WORKOS_SECRET, WORKOS_OLD_SECRET),
                       variant_sep=","),
        "elevenlabs": dict(header="ElevenLabs-Signature", sep=",", ts_key="t", sig_key="v0", other_key="v1", joiner=".",
                           unit="s", tolerance=1800, secrets=(ELEVENLABS_SECRET, ELEVENLABS_OLD_SECRET), variant_sep=", "),
        "calendly": dict(header="Calendly-Webhook-Signature", sep=",", ts_key="t", sig_key="v1", other_key="v0",
                         joiner=".", unit="s", tolerance=180, secrets=(CALENDLY_SECRET, CALENDLY_OLD_SECRET),
                         variant_sep=", "),
        "paddle": dict(header="Paddle-Signature", sep=";", ts_key="ts", sig_key="h1", other_key="h2", joiner=":",
                       unit="s", tolerance=5, secrets=(PADDLE_SECRET, PADDLE_OLD_SECRET), variant_sep="; "),
    }
    for provider, kw in kv.items():
        out[provider] = kv_family(Cases, ok, err, provider, deviations=SDK_DEVIATIONS.get(provider), **kw)
    return out




# ------------------------------------------------------------------------------------------
# Where an official SDK decides otherwise (measured by tests/sdk/crosscheck.py and
# tests/sdk/node-lists/check.js): provider -> SDK name -> case name -> why, and why hooksig
# decides as it does. Only cases where the SDK's verdict really differs are listed; an SDK that
# raises on a case the vectors reject has rejected it (tests/vectors/README.md), so is not listed.
# ------------------------------------------------------------------------------------------

ONE_SIDED = "accepts a timestamp in the future however far (only a too-old one is refused); hooksig's window is symmetric"
NO_TIMESTAMP = ("checks no timestamp unless the caller passes a tolerance (Python) / at all (npm); "
                "hooksig always checks the window")
VERSION_IGNORED = "ignores the version label and compares whatever follows the comma; hooksig accepts v1 entries only"
OPENAI_BARE = ("compares an entry without a 'v1,' label verbatim, so a bare base64 signature passes; hooksig "
               "requires the version label")
OPENAI_PREFIXLESS = ("uses a secret without the whsec_ prefix as raw UTF-8; hooksig's whsec-base64 key decodes "
                     "it as base64 either way (the prefix is optional, as in Standard Webhooks)")
REPLICATE_PREFIX = "requires a secret with exactly one '_' (it decodes what follows it); hooksig's whsec_ prefix is optional"
NO_TRIM = "splits on the separator without trimming, so the spaced item's key is unknown; hooksig trims spaces around items"
ONE_HEADER = "reads one value of the header (the first); hooksig pools every occurrence of a repeated header"
WORKOS_PY_SPLIT = ("splits the header on exactly ', ' into two items: a third item (another v1 or another version) "
                   "or a bare ',' is refused; hooksig reads any number of trimmed items")
WORKOS_POSITIONAL = "strips 't=' and 'v1=' by position without reading the keys, so any key passes; hooksig accepts v1 only"
PADDLE_PY_KEY = "raises ValueError on any key other than ts and h1 (a 500 in most apps); hooksig ignores unknown keys"

SDK_DEVIATIONS: dict[str, dict[str, dict[str, str]]] = {
    "resend": {"resend": {"version-v2-alone": VERSION_IGNORED}},
    "openai": {
        "openai": {"no-version": OPENAI_BARE, "secret-without-prefix": OPENAI_PREFIXLESS},
        "npm:openai": {"no-version": OPENAI_BARE, "secret-without-prefix": OPENAI_PREFIXLESS},
    },
    "replicate": {
        "replicate": {"stale": NO_TIMESTAMP, "future": NO_TIMESTAMP, "milliseconds": NO_TIMESTAMP,
                      "version-v2-alone": VERSION_IGNORED, "secret-without-prefix": REPLICATE_PREFIX},
        "npm:replicate": {"stale": NO_TIMESTAMP, "future": NO_TIMESTAMP, "milliseconds": NO_TIMESTAMP,
                          "version-v2-alone": VERSION_IGNORED},
    },
    "polar": {
        "polar-sdk": {"key-not-decoded": "tries two keys: the whole secret as UTF-8 and, when the rest after an "
                                         "optional whsec_ decodes as base64, those bytes; hooksig uses the key Polar "
                                         "documents (the whole secret as UTF-8) and no fallback"},
    },
    "stripe": {
        "stripe": {"future": ONE_SIDED, "separator-variant": NO_TRIM, "repeated-header": ONE_HEADER,
                   "duplicate-timestamp": "takes the first t= and ignores the other; hooksig refuses two different "
                                          "timestamps"},
        "npm:stripe": {"future": ONE_SIDED, "separator-variant": NO_TRIM, "repeated-header": ONE_HEADER},
    },
    "mux": {"npm:@mux/mux-node": {"future": ONE_SIDED, "separator-variant": NO_TRIM}},
    "workos": {
        "workos": {"rotation-list": WORKOS_PY_SPLIT, "rotation-list-first": WORKOS_PY_SPLIT,
                   "version-mixed": WORKOS_PY_SPLIT, "separator-variant": WORKOS_PY_SPLIT,
                   "version-other-alone": WORKOS_POSITIONAL},
        "npm:@workos-inc/node": {
            "valid-pretty": "JSON.stringify()s the parsed payload it is given (its documented input), so a body "
                            "not sent compact never verifies; hooksig MACs the raw bytes",
            "future": ONE_SIDED,
            "rotation-list": "reads the first two items only, so a second v1 is never tried; hooksig tries every entry",
            "version-mixed": "takes the second item as the signature whatever its key (here v0); hooksig reads v1 only",
            "version-other-alone": WORKOS_POSITIONAL},
    },
    "elevenlabs": {
        "elevenlabs": {"future": ONE_SIDED, "separator-variant": NO_TRIM,
                       "rotation-list-first": "keeps the last v0 entry only, so an earlier match is never tried; "
                                              "hooksig tries every entry"},
        "npm:@elevenlabs/elevenlabs-js": {"future": ONE_SIDED, "separator-variant": NO_TRIM,
                                          "rotation-list": "keeps the first v0 entry only, so a later match is never "
                                                           "tried; hooksig tries every entry"},
    },
    "paddle": {
        "paddle-python-sdk": {"version-mixed": PADDLE_PY_KEY,
                              "separator-variant": PADDLE_PY_KEY + " (' h1' after '; ' is such a key)"},
        "npm:@paddle/paddle-node-sdk": {
            "future": ONE_SIDED, "separator-variant": NO_TRIM,
            "rotation-list-first": "keeps the last h1 entry only, so an earlier match (rotation) is never tried; "
                                   "hooksig tries every entry"},
    },
}
