#!/usr/bin/env python3
"""Checks every case in tests/vectors/ against the providers' official SDKs, Python and npm.

The SDKs are the users' ground truth. Each case's expected outcome (accepted or rejected)
must be what each SDK for its provider decides, unless the case records, under
`sdk_deviations`, that this SDK decides otherwise and why hooksig's Decision differs.
A recorded deviation that no longer happens fails the check too, so the records stay true,
and so does one recorded under a name that no check runs for that provider.

One rule for both languages: a case the vectors accept agrees only when the SDK accepts; a
case the vectors reject agrees when the SDK rejects, whether it answers False or raises (an
exception stops the request as surely as a False does; *how* an SDK refuses, a 401 or a 500,
is not a deviation).

What runs (cores + 1 processes at a time, each as soon as what it needs is installed):
- each Python SDK (this file's seeds, and every `sdk_*.py` module beside it, which adds its
  VENVS, SDKS and CHECKS) in its venv: `crosscheck.py --worker <sdk>`;
- each module's SIGNER_CHECKS (the SDK's own signer must reproduce the oracle's signatures)
  in the SDK's venv: `crosscheck.py --signers <module> <sdk>...`;
- each npm project `node-*/` (package.json, package-lock.json, check.js): `node check.js`,
  which prints {"npm:<package>": {"provider", "verdicts"}}, compared exactly like the Python
  verdicts; and `node check.js --signers` where check.js supports it.

The venvs (`.venv-*`) and each project's node_modules are installed on first use and kept: a
venv is rebuilt when its pins or the Python minor version change, or when it is broken (no
python, no pyvenv.cfg, or an interpreter that is not a venv's); node_modules is reinstalled
(`npm ci --ignore-scripts`) when the hash of package-lock.json or the Node major version
changes. Installs take a file lock (`.venv-locks/`), so overlapping runs wait for each other
instead of building the same venv twice; pip runs only as the venv's own interpreter.

    python3 tests/sdk/crosscheck.py                    # install what is missing, check, report
    python3 tests/sdk/crosscheck.py --worker twilio    # (inside a venv) one SDK's verdicts
    python3 tests/sdk/crosscheck.py --signers sdk_lists stripe   # (inside a venv) signer checks

`signalwire` 2.x pins an old `twilio`, so it gets a venv of its own.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import venv
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

from sdkcase import body_bytes, header  # noqa: E402  (tests/sdk is on sys.path)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VECTORS = HERE.parent / "vectors"
LOCKS = HERE / ".venv-locks"  # ignored with the venvs (/tests/sdk/.venv*)
VENV_STAMP = "hooksig-requirements.txt"
NODE_STAMP = ".hooksig-lock-sha256"

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
# SDK name -> its distribution, where the name is not one (for the version in the report)
DISTRIBUTIONS = {"signalwire-2": "signalwire"}


# ------------------------------------------------------------------------------------------
# Reading a case the way a web framework would hand it to an SDK
# ------------------------------------------------------------------------------------------


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
    "plivo": check_plivo,
    "signalwire-2": check_signalwire_2,
}

# The providers beyond the seeds: one module per family (sdk_*.py), each adding its venvs,
# SDKs and checks, and optionally SIGNER_CHECKS (SDK name -> function raising on a mismatch).
sys.path.insert(0, str(HERE))
MODULES = [importlib.import_module(p.stem) for p in sorted(HERE.glob("sdk_*.py"))]
for _module in MODULES:
    VENVS.update(_module.VENVS)
    SDKS.update(_module.SDKS)
    CHECKS.update(_module.CHECKS)


def load_cases(provider: str) -> list[dict]:
    return json.loads((VECTORS / f"{provider}.json").read_text(encoding="utf-8"))["cases"]


# ------------------------------------------------------------------------------------------
# Worker modes (run by the venv's interpreter): JSON on stdout, anything the SDKs print on stderr
# ------------------------------------------------------------------------------------------


def worker(sdk: str) -> int:
    """Prints {"version": ..., "verdicts": {case id: "accept" | "reject" | "raise: <exception>"}}."""
    import logging
    from importlib import metadata

    logging.disable(logging.CRITICAL)  # twilio logs a warning for unknown algorithms
    out, sys.stdout = sys.stdout, sys.stderr
    _, provider = SDKS[sdk]
    verdicts = {}
    for case in load_cases(provider):
        try:
            verdicts[case["id"]] = "accept" if CHECKS[sdk](case) else "reject"
        except Exception as exc:  # an SDK raising is an outcome to record, not a crash
            verdicts[case["id"]] = f"raise: {type(exc).__name__}: {str(exc)[:80]}"
    version = metadata.version(DISTRIBUTIONS.get(sdk, sdk))
    json.dump({"version": version, "verdicts": verdicts}, out)
    return 0


def signers_worker(module_name: str, names: list[str]) -> int:
    """Runs a module's SIGNER_CHECKS (all, or those named); prints {sdk: "ok" | "fail: ..."}."""
    out, sys.stdout = sys.stdout, sys.stderr
    module = importlib.import_module(module_name)
    results = {}
    for name, check in module.SIGNER_CHECKS.items():
        if names and name not in names:
            continue
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # AssertionError: the SDK signs otherwise; anything else: broken
            results[name] = f"fail: {type(exc).__name__}: {str(exc)[:300]}"
    json.dump(results, out)
    return 0


# ------------------------------------------------------------------------------------------
# Installing: venvs and node_modules, cached by what they were built from, under a file lock
# ------------------------------------------------------------------------------------------

_print_lock = threading.Lock()


def log(message: str) -> None:
    with _print_lock:
        print(message, flush=True)


@contextlib.contextmanager
def file_lock(name: str):
    """An exclusive lock shared with any other run on this checkout (flock is released by
    the kernel if the holder dies)."""
    import fcntl

    LOCKS.mkdir(exist_ok=True)
    with open(LOCKS / f"{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for the venvs' interpreters: nothing that redirects imports or installs
    elsewhere, and pip refuses to run outside a virtual environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONHOME", "PYTHONPATH", "PYTHONUSERBASE", "VIRTUAL_ENV", "__PYVENV_LAUNCHER__"}
           and not (k.startswith("PIP_") and k not in {"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST",
                                                        "PIP_CERT", "PIP_CLIENT_CERT", "PIP_PROXY"})}
    env.update(PIP_REQUIRE_VIRTUALENV="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONHASHSEED="0", **extra)
    return env


def venv_python(path: Path) -> Path | None:
    """The venv's own interpreter if `path` is a working venv, else None."""
    python = path / "bin" / "python"
    if not (path / "pyvenv.cfg").is_file() or not python.is_file():
        return None
    try:
        run = subprocess.run([str(python), "-c", "import sys; print(sys.prefix); print(sys.base_prefix)"],
                             capture_output=True, text=True, timeout=60, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = run.stdout.splitlines()
    if run.returncode or len(lines) < 2 or lines[0] == lines[1]:
        return None
    if Path(lines[0]).resolve() != path.resolve():
        return None
    return python


def ensure_venv(name: str) -> Path:
    path = HERE / name
    wanted = "\n".join(VENVS[name]) + f"\n# python {sys.version_info.major}.{sys.version_info.minor}\n"
    stamp = path / VENV_STAMP
    with file_lock(name):
        python = venv_python(path)
        if python and stamp.is_file() and stamp.read_text() == wanted:
            return python
        why = "broken: rebuilding" if path.exists() and python is None else "creating"
        log(f"{why} {path.relative_to(ROOT)} with {', '.join(VENVS[name])}")
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)
        venv.EnvBuilder(clear=True, with_pip=True).create(path)
        python = venv_python(path)
        if python is None:
            raise RuntimeError(f"{path}: not a working venv after creating it")
        # --no-compile: the checks import a fraction of these packages, and Python caches
        # the bytecode of what they import on first use (half the install's time saved)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", *VENVS[name]],
                       check=True, env=child_env(), stdout=subprocess.DEVNULL)
        (path / (VENV_STAMP + ".tmp")).write_text(wanted)
        (path / (VENV_STAMP + ".tmp")).replace(stamp)
        return python


def node_major() -> str:
    run = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    return run.stdout.strip().split(".")[0]


def ensure_node_modules(project: Path) -> None:
    digest = hashlib.sha256((project / "package-lock.json").read_bytes()).hexdigest()
    wanted = f"{digest}\nnode {node_major()}\n"
    stamp = project / "node_modules" / NODE_STAMP
    with file_lock(project.name):
        if stamp.is_file() and stamp.read_text() == wanted:
            return
        log(f"installing {project.relative_to(ROOT)}/node_modules (npm ci)")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=project, check=True, stdout=subprocess.DEVNULL)
        (project / "node_modules" / (NODE_STAMP + ".tmp")).write_text(wanted)
        (project / "node_modules" / (NODE_STAMP + ".tmp")).replace(stamp)


# ------------------------------------------------------------------------------------------
# Comparing
# ------------------------------------------------------------------------------------------


def agrees(case: dict, verdict: str) -> bool:
    """The one rule, for Python and npm alike: an accepted case needs "accept"; a rejected case
    agrees with anything else ("reject", or "raise: ..." - an SDK raising rejects)."""
    if case["expect"]["ok"]:
        return verdict == "accept"
    return verdict != "accept"


def compare(sdk: str, provider: str, verdicts: dict[str, str], failures: list[str]) -> tuple[int, int]:
    agreed = deviations = 0
    for case in load_cases(provider):
        verdict = verdicts.get(case["id"])
        if verdict is None:
            failures.append(f"{sdk} {case['id']}: no verdict (the check skipped it)")
            continue
        recorded = case.get("sdk_deviations", {}).get(sdk)
        if agrees(case, verdict):
            if recorded:
                failures.append(f"{sdk} {case['id']}: recorded as deviating ({recorded}) but agrees ({verdict})")
            agreed += 1
        elif recorded:
            deviations += 1
        else:
            want = "accept" if case["expect"]["ok"] else f"reject ({case['expect']['code']})"
            failures.append(f"{sdk} {case['id']}: SDK says {verdict}, vectors say {want}")
    return agreed, deviations


# ------------------------------------------------------------------------------------------
# The driver
# ------------------------------------------------------------------------------------------


def run_json(argv: list[str], *, cwd: Path | None = None, env: dict | None = None) -> object:
    run = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if run.returncode:
        raise RuntimeError(f"{' '.join(argv[-3:])} exited {run.returncode}: {run.stderr.strip()[-1500:]}")
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"{' '.join(argv[-3:])} printed no JSON ({exc}): {run.stdout[:300]!r}") from None


def node_version(project: Path, package: str) -> str:
    manifest = project / "node_modules" / package / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def main() -> int:
    started = time.monotonic()
    script = str(Path(__file__).resolve())
    projects = sorted(p for p in HERE.glob("node-*") if (p / "package-lock.json").is_file())
    for tool in ("node", "npm"):
        if projects and shutil.which(tool) is None:
            print(f"{tool} is not on PATH: the npm SDK checks need Node 20 and npm", file=sys.stderr)
            return 1

    # Installs run beside the checks (network and disk, mostly; the npm projects, the longest,
    # first); each check is queued as soon as what it needs is installed.
    setup = concurrent.futures.ThreadPoolExecutor(max_workers=4)
    node_modules = {p: setup.submit(ensure_node_modules, p) for p in projects}
    venvs = {name: setup.submit(ensure_venv, name) for name in VENVS}
    # One more than the cores: the workers spend part of their time reading modules from disk.
    jobs = concurrent.futures.ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) + 1)

    def after(installed: concurrent.futures.Future, fn, *args) -> concurrent.futures.Future:
        """fn(what `installed` returned, *args) in the job pool once `installed` is done."""
        outcome: concurrent.futures.Future = concurrent.futures.Future()

        def relay(job: concurrent.futures.Future) -> None:
            if job.exception() is not None:
                outcome.set_exception(job.exception())
            else:
                outcome.set_result(job.result())

        def start(done: concurrent.futures.Future) -> None:
            if done.exception() is not None:
                outcome.set_exception(done.exception())
            else:
                jobs.submit(fn, done.result(), *args).add_done_callback(relay)

        installed.add_done_callback(start)
        return outcome

    def python_check(python: Path, sdk: str):
        return run_json([str(python), script, "--worker", sdk], env=child_env())

    def python_signers(python: Path, module: str, names: list[str]):
        return run_json([str(python), script, "--signers", module, *names], env=child_env())

    def node_check(_: None, project: Path):
        return run_json(["node", "check.js"], cwd=project)

    def node_signers(_: None, project: Path):
        run = subprocess.run(["node", "check.js", "--signers"], cwd=project, capture_output=True, text=True,
                             timeout=900)
        if run.returncode:
            raise RuntimeError(f"exited {run.returncode}: {run.stderr.strip()[-1500:]}")
        return run.stdout.strip()

    npm_runs = {p: after(node_modules[p], node_check, p) for p in projects}
    npm_signer_runs = {p: after(node_modules[p], node_signers, p) for p in projects
                       if "--signers" in (p / "check.js").read_text(encoding="utf-8")}
    python_runs = {sdk: after(venvs[SDKS[sdk][0]], python_check, sdk) for sdk in SDKS}
    signer_runs = {}
    for module in MODULES:
        by_venv: dict[str, list[str]] = {}
        for name in getattr(module, "SIGNER_CHECKS", {}):
            by_venv.setdefault(module.SDKS[name][0], []).append(name)
        for venv_name, names in by_venv.items():
            signer_runs[(module.__name__, venv_name)] = after(venvs[venv_name], python_signers, module.__name__, names)

    failures: list[str] = []
    report: list[str] = []
    checked: set[tuple[str, str]] = set()  # (SDK name, provider) pairs that ran
    crashed = False

    def line(label: str, provider: str, agreed: int, deviations: int) -> str:
        return f"  {label:42} {provider:18} {agreed:3} agree, {deviations} recorded deviation{'s' * (deviations != 1)}"

    report.append("Python (PyPI):")
    for sdk, future in python_runs.items():
        provider = SDKS[sdk][1]
        try:
            result = future.result()
        except Exception as exc:
            failures.append(f"{sdk}: the check did not run: {exc}")
            crashed = True
            continue
        checked.add((sdk, provider))
        agreed, deviations = compare(sdk, provider, result["verdicts"], failures)
        report.append(line(f"{sdk}=={result['version']}", provider, agreed, deviations))
    report.append("npm:")
    for project, future in npm_runs.items():
        try:
            result = future.result()
        except Exception as exc:
            failures.append(f"{project.name}: check.js did not run: {exc}")
            crashed = True
            continue
        for sdk, entry in result.items():
            provider = entry["provider"]
            checked.add((sdk, provider))
            agreed, deviations = compare(sdk, provider, entry["verdicts"], failures)
            package = sdk.removeprefix("npm:")
            report.append(line(f"{sdk}@{node_version(project, package)}", provider, agreed, deviations))

    signed: list[str] = []
    for (module_name, venv_name), future in signer_runs.items():
        try:
            results = future.result()
        except Exception as exc:
            failures.append(f"{module_name} signers ({venv_name}) did not run: {exc}")
            continue
        for name, outcome in results.items():
            if outcome == "ok":
                signed.append(name)
            else:
                failures.append(f"{name} signer ({module_name}): {outcome}")
    report.append("signers (the SDK's own signing function reproduces the oracle's signatures):")
    report.append(f"  Python: {', '.join(signed) or 'none'}")
    for project, future in npm_signer_runs.items():
        try:
            report.append(f"  {project.name}: {future.result()}")
        except Exception as exc:
            failures.append(f"{project.name} --signers: {exc}")

    # Every recorded deviation must name an SDK that was run on that provider's cases.
    providers = sorted(p.stem for p in VECTORS.glob("*.json"))
    if not crashed:
        for provider in providers:
            for case in load_cases(provider):
                for sdk in case.get("sdk_deviations", {}):
                    if (sdk, provider) not in checked:
                        failures.append(
                            f"{case['id']}: deviation recorded for {sdk!r}, which no check runs on {provider}")
    covered = {provider for _, provider in checked}
    bare = [p for p in providers if p not in covered]

    setup.shutdown()
    jobs.shutdown()
    print(f"official SDK cross-check: {len(providers)} providers' vectors against {len(checked)} SDKs "
          f"in {time.monotonic() - started:.0f} s")
    print("\n".join(report))
    if bare and not crashed:
        print(f"  no official verifier (the generator's stdlib oracle only): {', '.join(bare)}")
    if failures:
        print(f"{len(failures)} disagreement(s):", *failures, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(worker(sys.argv[2]))
    if len(sys.argv) >= 3 and sys.argv[1] == "--signers":
        sys.exit(signers_worker(sys.argv[2], sys.argv[3:]))
    sys.exit(main())
