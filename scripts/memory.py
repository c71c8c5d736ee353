"""Memory under load, Python: a million verify calls (genuine, tampered, malformed, wrongly
typed; through a Verifier and the one-shot `hooksig.verify`, whose cache of keyed verifiers
is also driven past its capacity by 64 rotating secrets) through hooksig, resident memory
before and after. `make memory`; exits 1 if the
resident set grew by more than 4 MiB after the warm-up.
"""

import sys
from pathlib import Path

import hooksig

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SECRET = "memory-secret-0123456789"


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> int:
    body = b'{"event":"call_ended","call":{"call_id":"' + b"x" * 900 + b'"}}'
    retell = hooksig.Verifier("retell", SECRET)
    genuine = hooksig.sign("retell", SECRET, body=body).headers
    twilio = hooksig.Verifier("twilio", SECRET)
    form = b"From=%2B14155550123&Body=hello+world"
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}
    url = "https://example.com/sms"
    signed = hooksig.sign("twilio", SECRET, url=url, headers=form_headers, body=form).headers
    rotating = [f"{SECRET}-{i}" for i in range(64)]  # twice the one-shot cache's capacity
    counter = iter(range(1 << 62))

    def next_secret() -> int:
        return next(counter) % len(rotating)

    calls = [
        lambda: retell.verify(headers=genuine, body=body),
        lambda: retell.verify(headers=genuine, body=body + b" "),  # SignatureMismatchError
        lambda: retell.verify(headers={"X-Retell-Signature": "v=1,d=zz"}, body=body),
        lambda: retell.verify(headers={}, body={"parsed": "json"}),  # TypeError
        lambda: twilio.verify(url=url, headers={**form_headers, **signed}, body=form),
        lambda: hooksig.verify("twilio", SECRET, url=url, headers=signed, body=form),
        lambda: hooksig.verify("retell", SECRET, headers=genuine, body=body),
        lambda: hooksig.verify("retell", rotating[next_secret()], headers=genuine, body=body),
    ]

    def run(count: int) -> None:
        for i in range(count):
            try:
                calls[i % len(calls)]()
            except (hooksig.WebhookVerificationError, TypeError):
                pass

    run(100_000)  # warm-up: allocator pools, interned strings
    before = rss_kib()
    run(CALLS)
    after = rss_kib()
    growth = after - before
    print(f"python: {CALLS} calls, resident {before / 1024:.1f} MiB before, "
          f"{after / 1024:.1f} MiB after ({growth:+d} KiB)")
    return 1 if growth > 4096 else 0


if __name__ == "__main__":
    sys.exit(main())
