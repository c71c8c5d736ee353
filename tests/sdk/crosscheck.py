#!/usr/bin/env python3
"""Checks every case in tests/vectors/ against the providers' official Python SDKs.

The SDKs are the users' ground truth. Each case's expected outcome (accepted or rejected)
must be what each SDK for its provider decides, unless the case records, under
`sdk_deviations`, that this SDK decides otherwise and why hooksig's Decision differs.
A recorded deviation that no longer happens fails the check too, so the records stay true.

    python3 tests/sdk/crosscheck.py            # make the venvs if needed, check, report
    python3 tests/sdk/crosscheck.py --worker twilio   # (inside a venv) print one SDK's verdicts

`signalwire` 2.x pins an old `twilio`, so it gets a venv of its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors"

# venv folder -> the pinned packages it holds (the versions the vectors were checked with)
VENVS = {
    ".venv-sdk": ["twilio==9.13.0", "plivo==4.63.0", "retell-sdk==6.2.13", "signalwire-sdk==3.7.5"],
    ".venv-signalwire2": ["signalwire==2.1.1"],
}
# SDK name -> (venv, provider it checks)
SDKS = {
    "retell-sdk": (".venv-sdk", "retell"),
    "twilio": (".venv-sdk", "twilio"),
    "signalwire-sdk": (".venv-sdk", "signalwire"),
    "plivo": (".venv-sdk", "plivo"),
    "signalwire-2": (".venv-signalwire2", "signalwire"),
}
MISUSE_CODES = {"invalid_secret", "invalid_argument", "unknown_provider"}


# ------------------------------------------------------------------------------------------
# Reading a case the way a web framework would hand it to an SDK
# ------------------------------------------------------------------------------------------


def body_bytes(case: dict) -> bytes:
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    return case["body"].encode("utf-8")


def header(case: dict, name: str) -> str | None:
    """The first value of a header, as frameworks' `headers.get` returns it."""
    for key, value in case["headers"]:
        if key.lower() == name.lower():
            return value
    return None


def is_form(case: dict) -> bool:
    value = header(case, "Content-Type") or ""
    return value.split(";")[0].strip().lower() == "application/x-www-form-urlencoded"


class FormParams:
    """A multi-valued form as Flask hands it over: `getlist` gives every value of a name,
    `items()` the first value of each name (werkzeug's MultiDict)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __iter__(self):
        return iter(dict.fromkeys(k for k, _ in self.pairs))

    def __len__(self) -> int:
        return len(self.pairs)

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def items(self):
        return [(k, self.getlist(k)[0]) for k in self]


def form_pairs(case: dict) -> list[tuple[str, str]]:
    return parse_qsl(body_bytes(case).decode("utf-8", "replace"), keep_blank_values=True)


# ------------------------------------------------------------------------------------------
# One function per SDK: True (accepted) or False (rejected); an exception is its own outcome
# ------------------------------------------------------------------------------------------


def check_retell(case: dict) -> bool:
    from retell.lib.webhook_auth import symmetric

    body = body_bytes(case).decode("utf-8")  # the SDK takes str; non-UTF-8 raises here
    signature = header(case, "X-Retell-Signature") or ""
    options = {"timestamp": int(case["now"] * 1000)}
    if "tolerance" in case:
        options["timeout"] = int(case["tolerance"] * 1000)
    return any(symmetric["verify"](body, secret, signature, options) for secret in case["secrets"])


def twilio_params(case: dict):
    query = parse_qs(urlsplit(case["url"]).query)
    if "bodySHA256" in query:
        return body_bytes(case).decode("utf-8")
    if is_form(case):
        return FormParams(form_pairs(case))
    return {}  # what request.form holds for any other body


def check_twilio(case: dict) -> bool:
    from twilio.request_validator import RequestValidator, get_signature_algorithm

    signature = header(case, "X-Twilio-Signature") or ""
    algorithm = get_signature_algorithm(header(case, "X-Twilio-Webhooks-Signature-Settings"))
    return any(
        RequestValidator(secret).validate(case["url"], twilio_params(case), signature, algorithm=algorithm)
        for secret in case["secrets"]
    )


def check_signalwire_sdk(case: dict) -> bool:
    from signalwire.core.security.webhook_middleware import validate

    headers = {}
    for key, value in case["headers"]:
        headers.setdefault(key.lower(), value)
    body = body_bytes(case).decode("utf-8")
    return any(
        validate(case["method"], case["url"], headers, body, signing_key=secret) is None
        for secret in case["secrets"]
    )


def check_signalwire_2(case: dict) -> bool:
    from signalwire.request_validator import RequestValidator

    signature = header(case, "X-SignalWire-Signature") or header(case, "X-Twilio-Signature") or ""
    params = FormParams(form_pairs(case)) if is_form(case) else body_bytes(case).decode("utf-8")
    return any(RequestValidator(secret).validate(case["url"], params, signature) for secret in case["secrets"])


def check_plivo(case: dict) -> bool:
    from plivo.utils import validate_signature
    from plivo.utils.signature_v3 import validate_v3_signature

    v3 = [header(case, h) for h in ("X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3")]
    v2 = [header(case, h) for h in ("X-Plivo-Signature-V2", "X-Plivo-Signature-Ma-V2")]
    accepted = False
    for secret in case["secrets"]:
        if any(v3) or not any(v2):
            nonce = header(case, "X-Plivo-Signature-V3-Nonce") or ""
            params = None
            if case["method"] != "GET" and is_form(case):
                params = parse_qs(body_bytes(case).decode("utf-8"), keep_blank_values=True)
            for signature in filter(None, v3):
                accepted |= validate_v3_signature(
                    case["method"], case["url"], nonce, secret, signature, dict(params or {})
                )
        else:
            nonce = header(case, "X-Plivo-Signature-V2-Nonce") or ""
            for signature in filter(None, v2):
                accepted |= validate_signature(case["url"], nonce, signature, secret)
    return accepted


CHECKS = {
    "retell-sdk": check_retell,
    "twilio": check_twilio,
    "signalwire-sdk": check_signalwire_sdk,
    "signalwire-2": check_signalwire_2,
    "plivo": check_plivo,
}

# The providers beyond the seeds: one module per family, each adding its venvs, SDKs and checks.
import sdk_body  # noqa: E402
import sdk_headers  # noqa: E402
import sdk_lists  # noqa: E402

for _module in (sdk_lists, sdk_headers, sdk_body):
    VENVS.update(_module.VENVS)
    SDKS.update(_module.SDKS)
    CHECKS.update(_module.CHECKS)


def load_cases(provider: str) -> list[dict]:
    return json.loads((VECTORS / f"{provider}.json").read_text(encoding="utf-8"))["cases"]


def worker(sdk: str) -> int:
    """Prints {case id: "accept" | "reject" | "raise: <exception>"} for one SDK."""
    import logging

    logging.disable(logging.CRITICAL)  # twilio logs a warning for unknown algorithms
    _, provider = SDKS[sdk]
    verdicts = {}
    for case in load_cases(provider):
        try:
            verdicts[case["id"]] = "accept" if CHECKS[sdk](case) else "reject"
        except Exception as exc:  # an SDK raising is an outcome to record, not a crash
            verdicts[case["id"]] = f"raise: {type(exc).__name__}: {str(exc)[:80]}"
    json.dump(verdicts, sys.stdout)
    return 0


# ------------------------------------------------------------------------------------------
# The driver: venvs, workers, comparison
# ------------------------------------------------------------------------------------------


def ensure_venv(name: str) -> Path:
    path = HERE / name
    python = path / "bin" / "python"
    wanted = "\n".join(VENVS[name])
    stamp = path / "hooksig-requirements.txt"
    if stamp.exists() and stamp.read_text() == wanted and python.exists():
        return python
    print(f"creating {path.relative_to(HERE.parent.parent)} with {', '.join(VENVS[name])}", flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(path)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *VENVS[name]],
        check=True,
    )
    stamp.write_text(wanted)
    return python


def agrees(case: dict, verdict: str) -> bool:
    expect = case["expect"]
    if expect["ok"]:
        return verdict == "accept"
    if expect.get("code") in MISUSE_CODES:
        return verdict != "accept"  # misuse: an SDK may reject or raise, but never accept
    return verdict == "reject"


def main() -> int:
    failures: list[str] = []
    report: list[str] = []
    for sdk, (venv_name, provider) in SDKS.items():
        python = ensure_venv(venv_name)
        run = subprocess.run(
            [str(python), str(Path(__file__).resolve()), "--worker", sdk],
            check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        verdicts = json.loads(run.stdout)
        agreed = deviations = 0
        for case in load_cases(provider):
            verdict = verdicts[case["id"]]
            recorded = case.get("sdk_deviations", {}).get(sdk)
            if agrees(case, verdict):
                if recorded:
                    failures.append(f"{sdk} {case['id']}: recorded as deviating ({recorded}) but agrees")
                agreed += 1
            elif recorded:
                deviations += 1
            else:
                want = "accept" if case["expect"]["ok"] else f"reject ({case['expect']['code']})"
                failures.append(f"{sdk} {case['id']}: SDK says {verdict}, vectors say {want}")
        report.append(f"{sdk:15} {provider:11} {agreed:3} agree, {deviations} recorded deviations")
    versions = subprocess.run(
        [str(HERE / ".venv-sdk" / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True, text=True, check=True,
    ).stdout
    pinned = [line for line in versions.splitlines() if line.split("==")[0] in {"twilio", "plivo", "retell-sdk", "signalwire-sdk"}]
    print("official SDK cross-check (" + ", ".join(pinned) + ", signalwire==2.1.1):")
    print("\n".join("  " + line for line in report))
    print(f"  ranked      no official SDK: checked by the generator's stdlib oracle only")
    if failures:
        print(f"{len(failures)} disagreement(s):", *failures, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(worker(sys.argv[2]))
    sys.exit(main())
