"""Vector oracle: HMAC over the raw body in one header.

Providers: razorpay, typeform, webflow (timestamp ":" body), woocommerce, vercel, paystack,
lemonsqueezy, coinbase-commerce, line.

Standard library only (hmac, hashlib, base64, json); never reads the hooksig registry or
imports hooksig. Every signature is computed here from the providers' documented algorithms.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

NOW = 1_700_000_000  # seconds, as in generate.py
NOW_MS = NOW * 1000
WRONG_SECRET = "not-the-right-secret"

# Fixed, made-up secrets in each provider's shape.
BITBUCKET_SECRET = "bb-webhook-secret_4f8a2c"
BITBUCKET_OLD = "bb-webhook-old_9d3e1b"
RAZORPAY_SECRET = "Rzp-webhook-s3cret_7Qm2vX9kLp4w"
RAZORPAY_OLD = "Rzp-webhook-old_0aa11bb22cc33"
TYPEFORM_SECRET = "tf_whsec_8cVq2LmN7xR4pZ1sKw9d"
TYPEFORM_OLD = "tf_whsec_old_3Hk9Qz2Lm5Np8Rt1"
WEBFLOW_SECRET = "9f4b1c2d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"
WEBFLOW_OLD = "0" * 63 + "1"
# WooCommerce: wp_generate_password(50, true, true)-like, stored with HTML entities decoded
WOO_SECRET = "K!q7#wP9&z@L2m^R(4t)X8v*N1b-F6y_H3c=J5d+G0s[Q]u}e{"
WOO_OLD = "oLd-W00-s3cret-0123456789abcdefghijklmnopqrstuvwxy"
VERCEL_SECRET = "Xr7bQ2mK9pW4tL6vN1cZ8sDf"
VERCEL_OLD = "0ld0Vercel0Secret0abcdefg"
PAYSTACK_SECRET = "sk_test_5c1b7e2a9d8f4036b1e2c3d4a5f6b7c8d9e0f1a2"
PAYSTACK_OLD = "sk_test_00000000000000000000000000000000000000ff"
LEMON_SECRET = "lmsq-signing-Secret-42xQ"
LEMON_OLD = "lmsq-old-signing-secret-01"
COINBASE_SECRET = "1b3c5d7e-9f0a-4b2c-8d4e-6f8a0b2c4d6e"
COINBASE_OLD = "00000000-0000-4000-8000-000000000000"
LINE_SECRET = "8c9d2f3e4a5b6c7d8e9f0a1b2c3d4e5f"
LINE_OLD = "0123456789abcdef0123456789abcdef"

DIGESTS = {"hmac-sha1": hashlib.sha1, "hmac-sha256": hashlib.sha256, "hmac-sha512": hashlib.sha512}


def raw(body: str | bytes) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def mac(secret: str, message: bytes, algorithm: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), message, DIGESTS[algorithm]).digest()


def encode(digest: bytes, encoding: str) -> str:
    if encoding == "hex":
        return digest.hex()
    return base64.b64encode(digest).decode("ascii")


def flip(text: str, index: int = 5) -> str:
    """One character changed, keeping the alphabet (hex stays hex, base64 stays base64)."""
    ch = text[index]
    return text[:index] + ("b" if ch == "a" else "a") + text[index + 1 :]


def tamper(body: str) -> str:
    """The body with its last digit changed."""
    i = max(i for i, ch in enumerate(body) if ch.isdigit())
    return body[:i] + ("1" if body[i] != "1" else "2") + body[i + 1 :]


def pretty(body: str) -> str:
    return json.dumps(json.loads(body), indent=2, ensure_ascii=False)


def compact(body: str) -> str:
    return json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# The bodies: each provider's real payload shape (ids made up)
# --------------------------------------------------------------------------------------------

BODIES = {
    "bitbucket": '{"push":{"changes":[{"new":{"type":"branch","name":"main","target":{"hash":"709d658dc5b6d6afcd46049c2f332ee3f515a67d"}}}]},"repository":{"full_name":"team/repo","uuid":"{b9b1a1c0-1d2e-4f3a-9b8c-7d6e5f4a3b2c}"},"actor":{"display_name":"Ada"}}',
    "razorpay": '{"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_DESlfW9H8K9uqM","entity":"payment","amount":100,"currency":"INR","status":"captured","order_id":"order_DESlLckIVRkHWj","method":"upi","captured":true}}},"created_at":1699999990}',
    "typeform": '{"event_id":"01HF8Y3K1V7Q9W2E4R6T8Y0U2I","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","landed_at":"2023-11-14T22:10:01Z","submitted_at":"2023-11-14T22:13:10Z","definition":{"id":"lT4Z3j","title":"Webhooks example"},"answers":[{"type":"text","text":"Lorem ipsum dolor","field":{"id":"Q1","type":"short_text"}}]}}',
    "webflow": '{"triggerType":"form_submission","payload":{"name":"Contact Form","siteId":"65427cf400e02b306eaa049c","data":{"First Name":"Ada","Email":"ada@example.com"},"submittedAt":"2023-11-14T22:13:10.000Z","id":"6321ca84df3949bfc6752327","formId":"65429eadebe8a9f3a30f62d0"}}',
    "woocommerce": '{"id":727,"parent_id":0,"status":"processing","currency":"USD","version":"8.2.1","date_created":"2023-11-14T22:13:10","total":"29.35","customer_id":12,"billing":{"first_name":"John","last_name":"Doe","email":"john.doe@example.com"},"line_items":[{"id":315,"name":"Woo Single #1","product_id":93,"quantity":2,"total":"6.00"}]}',
    "vercel": '{"id":"uev_Jhd92nE7xQpL3sWk","type":"deployment.created","createdAt":1699999990000,"region":"sfo1","payload":{"team":{"id":"team_1a2b3c"},"user":{"id":"usr_9z8y7x"},"deployment":{"id":"dpl_2euZBFqxYdDMDG1jTrHFnNZ2eUVa","url":"my-app-abc123.vercel.app","name":"my-app"},"target":"production"}}',
    "paystack": '{"event":"charge.success","data":{"id":302961,"domain":"live","status":"success","reference":"qTPrJoy9Bx","amount":10000,"gateway_response":"Approved by Financial Institution","paid_at":"2023-11-14T22:13:10.000Z","channel":"card","currency":"NGN","customer":{"id":68324,"email":"customer@email.com","customer_code":"CUS_qo38as2hpsgk2r0"}}}',
    "lemonsqueezy": '{"meta":{"event_name":"order_created","webhook_id":"7e2c1d0a-5b4f-4c3e-9a8b-1f2e3d4c5b6a","custom_data":{"customer_id":25}},"data":{"type":"orders","id":"1","attributes":{"store_id":1,"customer_id":1,"identifier":"104e18a2-d755-4d4b-80c4-a6c1dcbe1c10","order_number":1,"user_name":"Darlene Daugherty","user_email":"gernser@yahoo.com","currency":"USD","total":999,"status":"paid","created_at":"2023-11-14T22:13:10.000000Z"}}}',
    "coinbase-commerce": '{"id":1,"scheduled_for":"2023-11-14T22:13:10Z","attempt_number":1,"event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","resource":"event","type":"charge:created","api_version":"2018-03-22","created_at":"2023-11-14T22:13:10Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual","description":"Mastering the Transition to the Information Age","hosted_url":"https://commerce.coinbase.com/charges/66BEOV2A","pricing_type":"no_price"}}}',
    "line": '{"destination":"U0123456789abcdef0123456789abcdef","events":[{"type":"message","message":{"type":"text","id":"468789577898262530","quoteToken":"q3Plxr4AgKd","text":"Hello, world"},"webhookEventId":"01H810YECXQQZ37VAXPF6H9E6T","deliveryContext":{"isRedelivery":false},"timestamp":1699999990000,"source":{"type":"user","userId":"U4af4980629a1b2c3d4e5f60718293a4b"},"replyToken":"38ef843bde154d9b91c21320ffd17a0f","mode":"active"}]}',
}


def unicode_body(body: str) -> str:
    """The provider's body with accents, CJK and astral-plane emoji added (raw UTF-8)."""
    data = json.loads(body)
    data["note"] = "Señora Núñez dijo: ¡hola! 日本語 😀🎉"
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def u2028_body(body: str) -> str:
    """A raw U+2028 LINE SEPARATOR (and U+2029) inside a JSON string, legal JSON but not legal JS."""
    data = json.loads(body)
    data["memo"] = "line\u2028separator\u2029paragraph"
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# One provider's cases: a signature over the raw body (or timestamp ":" body for Webflow)
# --------------------------------------------------------------------------------------------


class Provider:
    def __init__(self, Cases, ok, err, pid, header, algorithm, encoding, secret, old, *,
                 prefix="", url, sdks=(), extra_headers=(), timestamp_header=None):
        self.c = Cases(pid)
        self.ok, self.err = ok, err
        self.pid, self.H, self.algorithm, self.encoding = pid, header, algorithm, encoding
        self.secret, self.old, self.prefix, self.url = secret, old, prefix, url
        self.sdks = sdks  # SDK names that read one header value
        self.extra = list(extra_headers)
        self.T = timestamp_header
        self.body = BODIES[pid]
        self.ts = str(NOW_MS - 1234) if timestamp_header else None

    def message(self, body, ts=None) -> bytes:
        if self.T:
            return str(self.ts if ts is None else ts).encode("ascii") + b":" + raw(body)
        return raw(body)

    def sig(self, body=None, secret=None, ts=None, algorithm=None) -> str:
        digest = mac(secret or self.secret, self.message(self.body if body is None else body, ts),
                     algorithm or self.algorithm)
        return self.prefix + encode(digest, self.encoding)

    def good(self, secret_index=0):
        return self.ok(self.pid, self.H, secret_index=secret_index, body=True, url=False,
                       timestamp=self.T is not None)

    def headers(self, sig, ts=None):
        out = [("Content-Type", "application/json")] + self.extra
        if sig is not None:
            out.append((self.H, sig))
        if self.T and ts is not False:
            out.append((self.T, str(self.ts if ts is None else ts)))
        return out

    def add(self, name, description, headers, expect, *, body=None, secrets=None, **kw):
        self.c.add(name, description, secrets=secrets or [self.secret], url=self.url, headers=headers,
                   body=self.body if body is None else body, expect=expect, **kw)

    def one_value(self, why="reads one header value"):
        return {sdk: why for sdk in self.sdks} or None

    def common(self):
        """The cases every body-HMAC provider gets."""
        err, body = self.err, self.body
        sig = self.sig()
        self.add("valid", "a genuine delivery, compact JSON", self.headers(sig), self.good())
        pb = pretty(body)
        self.add("valid-pretty", "a genuine delivery of pretty-printed JSON, signed as sent",
                 self.headers(self.sig(pb)), self.good(), body=pb)
        ub = unicode_body(body)
        self.add("valid-unicode", "accents, CJK and astral-plane emoji, as raw UTF-8",
                 self.headers(self.sig(ub)), self.good(), body=ub)
        lb = u2028_body(body)
        self.add("valid-u2028", "raw U+2028 and U+2029 inside a JSON string are signed byte for byte",
                 self.headers(self.sig(lb)), self.good(), body=lb)
        self.add("body-tampered", "one digit of the body changed after signing", self.headers(sig),
                 err("signature_mismatch"), body=tamper(body))
        self.add("reserialised-json", "signed over pretty JSON, verified over its compact re-serialisation",
                 self.headers(self.sig(pb)), err("signature_mismatch"), body=compact(pb))
        self.add("wrong-secret", "signed with another secret", self.headers(self.sig(secret=WRONG_SECRET)),
                 err("signature_mismatch"))
        digits = sig[len(self.prefix):]
        self.add("signature-flipped", "one character of the signature changed",
                 self.headers(self.prefix + flip(digits)), err("signature_mismatch"))
        self.add("rotation-old-secret", "secrets [new, old], signed with the old one",
                 self.headers(self.sig(secret=self.old)), self.good(secret_index=1),
                 secrets=[self.secret, self.old])
        self.add("rotation-new-secret", "secrets [new, old], signed with the new one",
                 self.headers(sig), self.good(secret_index=0), secrets=[self.secret, self.old])
        self.add("rotation-neither", "secrets [new, old], signed with a third",
                 self.headers(self.sig(secret=WRONG_SECRET)), err("signature_mismatch"),
                 secrets=[self.secret, self.old])
        self.add("missing-header", f"no {self.H}", self.headers(None), err("missing_header"))
        self.add("empty-header", f"{self.H} present but empty", self.headers(""), err("missing_header"))
        self.add("whitespace-around-value", "spaces around the value are optional whitespace, trimmed",
                 self.headers(f"  {sig} "), self.good())
        self.add("repeated-identical", "the header sent twice with the same value",
                 self.headers(sig) + [(self.H, sig)], self.good(),
                 sdk_deviations={s: "Node joins repeated headers with ', ' and the SDK compares the joined "
                                    "string; hooksig parses every occurrence and one matches"
                                 for s in self.sdks if s.startswith("npm:")} or None)
        wrong = self.sig(secret=WRONG_SECRET)
        self.add("repeated-second-valid", "the header sent twice: a wrong signature first, the genuine second",
                 [(self.H, wrong)] + self.headers(sig), self.good(),
                 sdk_deviations=self.one_value("reads one header value (the first, as headers.get does; Node "
                                               "joins repeats with ', '); hooksig pools every occurrence "
                                               "and accepts when one matches"))
        self.add("truncated", "the signature with its last four characters cut (wrong length)",
                 self.headers(sig[:-4]), err("malformed_header"))
        self.add("not-encoded", "text that is not a signature in this encoding",
                 self.headers(self.prefix + "not a signature!"), err("malformed_header"))
        self.add("header-too-long", "a 10 000-byte header", self.headers(sig + "a" * (10_000 - len(sig))),
                 err("malformed_header"))
        self.add("empty-secret", "an empty secret is a configuration error", self.headers(sig),
                 err("invalid_secret"), secrets=[""])
        self.add("secret-trailing-newline", "a secret pasted with its newline is a configuration error",
                 self.headers(sig), err("invalid_secret"), secrets=[self.secret + "\n"])
        if self.encoding == "hex":
            self.add("uppercase-hex", "the signature in uppercase hex (hex is lowercase only)",
                     self.headers(self.prefix + digits.upper()), err("malformed_header"))
            b64sig = self.prefix + base64.b64encode(bytes.fromhex(digits)).decode()
            self.add("base64-instead-of-hex", "the right digest, base64-encoded instead of hex",
                     self.headers(b64sig), err("malformed_header"))
        else:
            hexsig = self.prefix + mac(self.secret, self.message(body), self.algorithm).hex()
            self.add("hex-instead-of-base64", "the right digest, hex-encoded instead of base64",
                     self.headers(hexsig), err("malformed_header"))
            self.add("base64-unpadded", "the base64 without its '=' padding (not canonical)",
                     self.headers(sig.rstrip("=")), err("malformed_header"))
        return sig


def build_simple(Cases, ok, err, pid, header, algorithm, encoding, secret, old, *, prefix="",
                 sdks=(), extra_headers=(), wrong_algorithm=None):
    p = Provider(Cases, ok, err, pid, header, algorithm, encoding, secret, old, prefix=prefix,
                 url=f"https://example.com/webhooks/{pid}", sdks=sdks, extra_headers=extra_headers)
    p.common()
    if wrong_algorithm:
        p.add(f"signed-with-{wrong_algorithm}", f"signed with {wrong_algorithm} instead of {algorithm} "
              "(a digest of the wrong length)", p.headers(p.sig(algorithm=wrong_algorithm)), err("malformed_header"))
    return p


# --------------------------------------------------------------------------------------------
# The providers
# --------------------------------------------------------------------------------------------


def register(Cases, ok, err):
    def bitbucket():
        # X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>
        p = build_simple(Cases, ok, err, "bitbucket", "X-Hub-Signature", "hmac-sha256", "hex",
                         BITBUCKET_SECRET, BITBUCKET_OLD, prefix="sha256=",
                         extra_headers=[("X-Event-Key", "repo:push"),
                                        ("X-Request-UUID", "5d2f1a0e-4c3b-4a29-8e7d-6f5a4b3c2d1e")])
        # Atlassian's published example: this secret and body give exactly this header.
        published = "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9"
        docs_secret, docs_body = "It's a Secret to Everybody", "Hello World!"
        assert p.sig(body=docs_body, secret=docs_secret) == published
        p.add("atlassian-docs-example", "the example of Bitbucket's webhook docs (secret and body as published)",
              [("X-Hub-Signature", published)], p.good(), body=docs_body, secrets=[docs_secret])
        digits = p.sig()[len("sha256="):]
        p.add("no-prefix", "the hex without 'sha256='", p.headers(digits), err("malformed_header"))
        p.add("sha1-prefix", "'sha1=' and an HMAC-SHA1: only SHA-256 is accepted",
              p.headers("sha1=" + mac(BITBUCKET_SECRET, raw(p.body), "hmac-sha1").hex()), err("malformed_header"))
        return p.c

    def razorpay():
        # X-Razorpay-Signature: hex HMAC-SHA256(webhook secret, body)
        p = build_simple(Cases, ok, err, "razorpay", "X-Razorpay-Signature", "hmac-sha256", "hex",
                         RAZORPAY_SECRET, RAZORPAY_OLD, sdks=("razorpay", "npm:razorpay"),
                         extra_headers=[("x-razorpay-event-id", "NLq1d7WsAKx2mA")], wrong_algorithm="hmac-sha1")
        return p.c

    def typeform():
        # Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>
        p = build_simple(Cases, ok, err, "typeform", "Typeform-Signature", "hmac-sha256", "base64",
                         TYPEFORM_SECRET, TYPEFORM_OLD, prefix="sha256=")
        sig = p.sig()
        digits = sig[len("sha256="):]
        p.add("no-prefix", "the base64 without 'sha256='", p.headers(digits), err("malformed_header"))
        p.add("sha1-prefix", "'sha1=' instead of 'sha256='", p.headers("sha1=" + digits), err("malformed_header"))
        p.add("prefix-uppercase", "'SHA256=': the prefix is case-sensitive", p.headers("SHA256=" + digits),
              err("malformed_header"))
        return p.c

    def vercel():
        # x-vercel-signature: hex HMAC-SHA1(secret, body)
        p = build_simple(Cases, ok, err, "vercel", "x-vercel-signature", "hmac-sha1", "hex",
                         VERCEL_SECRET, VERCEL_OLD, wrong_algorithm="hmac-sha256")
        return p.c

    def paystack():
        # x-paystack-signature: hex HMAC-SHA512(secret key, body): a 64-byte digest, 128 hex characters
        p = build_simple(Cases, ok, err, "paystack", "x-paystack-signature", "hmac-sha512", "hex",
                         PAYSTACK_SECRET, PAYSTACK_OLD, wrong_algorithm="hmac-sha256")
        sig = p.sig()
        p.add("first-half-only", "the first 64 hex characters of the SHA-512 signature (32 bytes)",
              p.headers(sig[:64]), err("malformed_header"))
        return p.c

    def lemonsqueezy():
        # X-Signature: hex HMAC-SHA256(signing secret, body)
        p = build_simple(Cases, ok, err, "lemonsqueezy", "X-Signature", "hmac-sha256", "hex",
                         LEMON_SECRET, LEMON_OLD, extra_headers=[("X-Event-Name", "order_created")])
        return p.c

    def coinbase_commerce():
        # X-CC-Webhook-Signature: hex HMAC-SHA256(shared secret, body)
        sdks = ("coinbase-commerce", "npm:coinbase-commerce-node")
        p = build_simple(Cases, ok, err, "coinbase-commerce", "X-CC-Webhook-Signature", "hmac-sha256", "hex",
                         COINBASE_SECRET, COINBASE_OLD, sdks=sdks)
        no_event = '{"id":2,"scheduled_for":"2023-11-14T22:13:10Z","attempt_number":1}'
        p.add("valid-without-event", "a genuine signature over JSON with no 'event' key: the signature is "
              "all hooksig checks", p.headers(p.sig(no_event)), p.good(), body=no_event,
              sdk_deviations={s: "parses the JSON first and raises (InvalidResponseError / WebhookInvalidPayload) "
                                 "without an 'event' key; hooksig verifies the bytes and leaves parsing to the app"
                              for s in sdks})
        p.add("valid-not-json", "a genuine signature over a body that is not JSON",
              p.headers(p.sig("ping")), p.good(), body="ping",
              sdk_deviations={s: "parses the JSON before verifying and raises on a body that is not JSON; "
                                 "hooksig verifies the bytes" for s in sdks})
        return p.c

    def woocommerce():
        # X-WC-Webhook-Signature: base64(hash_hmac('sha256', payload, wp_specialchars_decode(secret, ENT_QUOTES), true))
        p = build_simple(Cases, ok, err, "woocommerce", "X-WC-Webhook-Signature", "hmac-sha256", "base64",
                         WOO_SECRET, WOO_OLD, extra_headers=[
                             ("X-WC-Webhook-Source", "https://shop.example.com/"),
                             ("X-WC-Webhook-Topic", "order.created"), ("X-WC-Webhook-Resource", "order"),
                             ("X-WC-Webhook-Event", "created"), ("X-WC-Webhook-ID", "12"),
                             ("X-WC-Webhook-Delivery-ID", "3f0c9a7e2b6d4e1f8a5c0b9d7e3f2a1c")],
                         wrong_algorithm="hmac-sha1")
        encoded = WOO_SECRET.replace("&", "&amp;")
        p.add("secret-entity-encoded", "the secret configured with '&amp;' where WooCommerce signs with '&' "
              "(it HTML-entity-decodes the stored secret): hooksig uses the secret exactly as given",
              p.headers(p.sig()), err("signature_mismatch"), secrets=[encoded])
        p.add("ping-unsigned", "the creation ping: a form body webhook_id=12 with no signature header",
              [("Content-Type", "application/x-www-form-urlencoded"), ("X-WC-Webhook-ID", "12")],
              err("missing_header"), body="webhook_id=12")
        return p.c

    def line():
        # x-line-signature: base64 HMAC-SHA256(channel secret, body)
        sdks = ("line-bot-sdk", "npm:@line/bot-sdk")
        p = build_simple(Cases, ok, err, "line", "x-line-signature", "hmac-sha256", "base64",
                         LINE_SECRET, LINE_OLD, sdks=sdks)
        lenient = {"npm:@line/bot-sdk": "Buffer.from(signature, 'base64') is lenient (no padding needed, "
                                        "URL-safe letters, stray characters skipped, trailing bits ignored); "
                                        "hooksig decodes canonical padded base64 only"}
        # base64-unpadded comes from common(); the Node SDK accepts it
        p.c.cases[-1]["sdk_deviations"] = dict(lenient)
        assert p.c.cases[-1]["id"] == "line/base64-unpadded"
        # A body whose signature has both '+' and '/', to spell it URL-safe
        n = 0
        while True:
            body = BODIES["line"].replace('"Hello, world"', f'"Hello, world #{n}"')
            sig = p.sig(body)
            if "+" in sig and "/" in sig:
                break
            n += 1
        p.add("valid-plus-slash", "a signature with '+' and '/' in it", p.headers(sig), p.good(), body=body)
        p.add("base64url", "the same signature in the URL-safe alphabet ('-' and '_')",
              p.headers(sig.replace("+", "-").replace("/", "_")), err("malformed_header"), body=body,
              sdk_deviations=dict(lenient))
        sig = p.sig()
        last = sig[-2]  # 32 bytes: 43 characters + '=', the last character carries 2 unused bits
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        twin = alphabet[alphabet.index(last) ^ 1]
        p.add("base64-noncanonical", "the last character changed in its unused low bits only (same bytes, "
              "not canonical base64)", p.headers(sig[:-2] + twin + "="), err("malformed_header"),
              sdk_deviations=dict(lenient))
        p.add("base64-stray-character", "a '.' inside the base64", p.headers(sig[:10] + "." + sig[10:]),
              err("malformed_header"), sdk_deviations=dict(lenient))
        verify = '{"destination":"U0123456789abcdef0123456789abcdef","events":[]}'
        # Node's base64 decoder stops at the first '=', so the joined "sig, sig" and a tail after the
        # padding decode to the genuine 32 bytes
        cases = {case["id"]: case for case in p.c.cases}
        del cases["line/repeated-identical"]["sdk_deviations"]
        cases["line/header-too-long"]["sdk_deviations"] = {
            "npm:@line/bot-sdk": "Buffer.from(signature, 'base64') stops at the padding and ignores the 9 956 "
                                 "bytes after it; hooksig decodes the whole value"}
        p.add("valid-verification", "the console's verification request: an empty event list, signed",
              p.headers(p.sig(verify)), p.good(), body=verify)
        return p.c

    def webflow():
        # x-webflow-signature: hex HMAC-SHA256(secret, timestamp ":" body); x-webflow-timestamp in ms
        sdks = ("npm:webflow-api",)
        p = Provider(Cases, ok, err, "webflow", "x-webflow-signature", "hmac-sha256", "hex", WEBFLOW_SECRET,
                     WEBFLOW_OLD, url="https://example.com/webhooks/webflow", sdks=sdks,
                     timestamp_header="x-webflow-timestamp")
        p.common()
        no_window = {"npm:webflow-api": "verifySignature checks no timestamp at all; hooksig's window is "
                                        "300 s either side (the docs advise 5 minutes)"}

        any_ts = {"npm:webflow-api": "verifySignature checks no timestamp, so whatever signed text the "
                                     "x-webflow-timestamp header holds passes; hooksig requires Unix milliseconds"}
        def at(name, description, ts, expect, sig_ts=None, dev=None, **kw):
            p.add(name, description, p.headers(p.sig(ts=ts if sig_ts is None else sig_ts), ts=ts), expect,
                  sdk_deviations=dev, **kw)

        at("window-old-edge", "exactly 300 000 ms old is accepted (inclusive)", NOW_MS - 300_000, p.good())
        at("window-future-edge", "exactly 300 000 ms ahead is accepted (inclusive)", NOW_MS + 300_000, p.good())
        at("stale-1ms", "300 001 ms old", NOW_MS - 300_001, err("timestamp_out_of_tolerance"), dev=no_window)
        at("future-1ms", "300 001 ms ahead", NOW_MS + 300_001, err("timestamp_out_of_tolerance"), dev=no_window)
        at("stale", "301 s old", NOW_MS - 301_000, err("timestamp_out_of_tolerance"), dev=no_window)
        at("future", "301 s ahead", NOW_MS + 301_000, err("timestamp_out_of_tolerance"), dev=no_window)
        at("replay-day-old", "a genuine delivery replayed a day later", NOW_MS - 86_400_000,
           err("timestamp_out_of_tolerance"), dev=no_window)
        at("seconds-not-ms", "a timestamp in seconds reads as January 1970 in milliseconds", NOW,
           err("timestamp_out_of_tolerance"), dev=no_window)
        p.add("stale-and-wrong-signature", "stale and badly signed: the window is checked first",
              p.headers(p.sig(secret=WRONG_SECRET, ts=NOW_MS - 400_000), ts=NOW_MS - 400_000),
              err("timestamp_out_of_tolerance"))
        at("tolerance-60-stale", "a 60 s tolerance rejects 61 s old", NOW_MS - 61_000,
           err("timestamp_out_of_tolerance"), dev=no_window, tolerance=60)
        at("tolerance-600-ok", "a 600 s tolerance accepts 500 s old", NOW_MS - 500_000, p.good(), tolerance=600)
        p.add("timestamp-swapped", "the timestamp changed, the signature kept: the timestamp is signed",
              p.headers(p.sig(), ts=int(p.ts) + 1), err("signature_mismatch"))
        p.add("missing-timestamp", "no x-webflow-timestamp", p.headers(p.sig(), ts=False), err("missing_header"))
        p.add("empty-timestamp", "x-webflow-timestamp present but empty", p.headers(p.sig(ts=""), ts=""),
              err("missing_header"), sdk_deviations=any_ts)
        at("timestamp-not-number", "a timestamp that is not digits", "yesterday", err("malformed_header"), dev=any_ts)
        at("timestamp-iso", "an ISO date instead of Unix milliseconds", "2023-11-14T22:13:10.000Z",
           err("malformed_header"), dev=any_ts)
        at("timestamp-fractional", "fractional milliseconds", f"{NOW_MS - 1000}.5", err("malformed_header"), dev=any_ts)
        at("timestamp-leading-zeros", "leading zeros, signed verbatim as received", "00" + str(NOW_MS - 1000),
           p.good())
        return p.c

    return {
        "bitbucket": bitbucket,
        "razorpay": razorpay,
        "typeform": typeform,
        "webflow": webflow,
        "woocommerce": woocommerce,
        "vercel": vercel,
        "paystack": paystack,
        "lemonsqueezy": lemonsqueezy,
        "coinbase-commerce": coinbase_commerce,
        "line": line,
    }
