"""Runs benches/python_bench.py once per official-SDK venv of tests/sdk/ (the cross-check's
venvs, at its pins; made if missing), for the providers beyond the seeds, and writes
target/bench/python-<venv>.json for report.py. hooksig's Verifier and one-shot verify are
timed in the same worker processes as the SDK beside them. Run by `make bench`:

    .venv/bin/python benches/python_sdks.py [--check] [pyperf options...]

`--check` only builds every benchmark's request and calls each verifier once (no timing).
Any other arguments go to pyperf (default: one worker process of 8 values after pyperf's
calibration; hooksig and the SDK run in the same conditions, which is what the ratios need).
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "sdk"))
sys.path.insert(0, str(ROOT / "benches"))

import crosscheck  # noqa: E402  (the SDK venvs and their pins)
from python_bench import SDK_BENCHES  # noqa: E402

PYPERF_DEFAULTS = ["--processes", "1", "--values", "8", "--warmups", "1", "--quiet"]


def main() -> None:
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"] or PYPERF_DEFAULTS
    groups: dict[str, list[str]] = defaultdict(list)
    for name in SDK_BENCHES:
        venv, _provider = crosscheck.SDKS[name]
        groups[venv].append(name)
    out = ROOT / "target" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for venv, names in groups.items():
        python = crosscheck.ensure_venv(venv)
        print(f"{venv}: {', '.join(names)}", flush=True)
        if check:
            code = ("import python_bench as b\n"
                    "b.SETUPS.clear()\n"
                    f"for n in {names!r}:\n"
                    "    b.register_sdk(n)\n"
                    "for name, setup in b.SETUPS.items():\n"
                    "    result = setup()()\n"
                    "    assert result is not False and not isinstance(result, Exception), name\n"
                    "    print('  ok', name)\n")
            subprocess.run([str(python), "-c", code], check=True, cwd=ROOT / "benches")
            continue
        target = out / f"python-{venv.lstrip('.')}.json"
        target.unlink(missing_ok=True)
        subprocess.run([str(python), str(ROOT / "benches" / "python_bench.py"), *args,
                        "--sdks", ",".join(names), "-o", str(target)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
