"""The Rust core's criterion runs for `make bench`:

1. The seeds against the previous engine, in BENCH_ROUNDS alternating rounds (default 3): the
   seeds' bench at BENCH_BASE (default 15c4c05, the engine before providers-as-data), built in
   a git worktree at target/bench-base (same target dir, so dependencies are shared), then this
   tree's bench on the same six schemes at 64 B, 1 KB, 16 KB and 1 MB, with the same settings
   (0.3 s warm-up, 0.7 s measurement). Results in target/bench/criterion-base/<round>/ and
   target/bench/criterion-seeds/<round>/; report.py takes each case's fastest round on each
   side, so a burst of load from elsewhere on the machine during one round does not decide it.
2. Every other built-in scheme (from the registry) at 1 KB and 1 MB (1 s measurement), beside
   SHA-256, SHA-1 and SHA-512 of the same bytes, in target/bench/criterion/.

    python benches/core_bench.py            # both
    python benches/core_bench.py --no-base  # this tree only (the seeds' rounds without the base)
    python benches/core_bench.py --seeds-only  # step 1 again, step 2's results kept
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import hooksig

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_BASE", "15c4c05")
WORKTREE = ROOT / "target" / "bench-base"
OUT = ROOT / "target" / "bench"
# The seeds' schemes as both benches name them (the base bench's labels).
SEEDS = ["retell", "ranked", "signalwire-json", "twilio-body-sha256", "twilio-form", "plivo-v3"]
CARGO = os.environ.get("CARGO", "cargo")


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def worktree() -> None:
    want = git("rev-parse", f"{BASE}^{{commit}}")
    if WORKTREE.exists():
        try:
            if git("rev-parse", "HEAD", cwd=WORKTREE) == want:
                return
        except subprocess.CalledProcessError:
            pass
        git("worktree", "remove", "--force", str(WORKTREE))
    git("worktree", "prune")
    git("worktree", "add", "--detach", str(WORKTREE), want)


def bench(cwd: Path, home: Path, criterion_args: list[str], schemes: list[str] | None = None) -> None:
    env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target"), CRITERION_HOME=str(home))
    if schemes is not None:
        env["HOOKSIG_BENCH_SCHEMES"] = ",".join(schemes)
    subprocess.run([CARGO, "bench", "--locked", "--quiet", "-p", "hooksig", "--bench", "verify", "--",
                    "--noplot", *criterion_args], cwd=cwd, env=env, check=True)


def main() -> None:
    base = "--no-base" not in sys.argv
    seeds_only = "--seeds-only" in sys.argv  # the rounds again, keeping the other schemes' results
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    for name in ("criterion-base", "criterion-seeds") if seeds_only else ("criterion", "criterion-base", "criterion-seeds"):
        shutil.rmtree(OUT / name, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    short = ["--warm-up-time", "0.3", "--measurement-time", "0.7"]
    if base:
        worktree()
        (OUT / "base.txt").write_text(git("log", "-1", "--format=%h %s", cwd=WORKTREE) + "\n")
    for round_ in range(1, rounds + 1):
        if base:
            print(f"round {round_}/{rounds}: base {git('log', '-1', '--format=%h', cwd=WORKTREE)}", flush=True)
            bench(WORKTREE, OUT / "criterion-base" / str(round_), short)
        print(f"round {round_}/{rounds}: now, the seeds", flush=True)
        bench(ROOT, OUT / "criterion-seeds" / str(round_), short, SEEDS)
    if seeds_only:
        return
    others = [s for s in hooksig.SCHEMES if s not in SEEDS and s != "plivo-v2"]
    print(f"now: {len(others)} other schemes at 1 KB and 1 MB", flush=True)
    bench(ROOT, OUT / "criterion", ["--warm-up-time", "0.3", "--measurement-time", "1", "^(1024|1048576)/"], others)


if __name__ == "__main__":
    main()
