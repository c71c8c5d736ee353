#!/usr/bin/env python3
"""Turns the sdist `maturin sdist` writes into an offline-buildable one (the orjson pattern).

    vendor_sdist.py RAW.tar.gz OUT.tar.gz

1. The crates' dev-only parts are dropped: `[dev-dependencies]`, `[[bench]]`/`[[test]]`/
   `[[example]]` and the tests/, benches/ and examples/ folders. A wheel build never compiles
   them, and without them the vendored tree needs only what the extension links (about 35
   crates, ~25 MB unpacked, instead of ~110 crates and ~210 MB with criterion, proptest and
   the Windows import libraries).
2. `cargo vendor --offline --versioned-dirs vendor` copies every crate the build needs into
   vendor/, and .cargo/config.toml points crates-io there. Cargo prunes Cargo.lock to those
   crates; the script checks that every remaining entry is pinned as in the checkout's
   Cargo.lock (same version, source and checksum), so vendoring changes no pin.
3. The tree is packed again with sorted names, fixed owners and the original mtimes.

`pip install hooksig-<v>.tar.gz` then builds with `CARGO_NET_OFFLINE=true` and an empty
CARGO_HOME (scripts/dist/sdist_check.sh proves it). Needs cargo; the crates must be in cargo's
cache (`cargo fetch --locked` at the checkout's root does that).
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

DEV_SECTION = re.compile(
    r"(?ms)^\[(?:dev-dependencies|target\.[^\]]+\.dev-dependencies)\]\n.*?(?=^\[|\Z)|^\[\[(?:bench|test|example)\]\]\n.*?(?=^\[|\Z)"
)
CONFIG = """\
# Written by scripts/dist/vendor_sdist.py: build from the crates in vendor/, never the network.
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "vendor"
"""


def main(raw: Path, out: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(raw) as tar:
            tar.extractall(scratch, filter="data")
            mtime = max(m.mtime for m in tar.getmembers())
        (top,) = Path(scratch).iterdir()
        original_lock = {
            (p["name"], p["version"]): p for p in tomllib.loads((top / "Cargo.lock").read_text())["package"]
        }
        for manifest in top.glob("*/Cargo.toml"):
            text = manifest.read_text()
            manifest.write_text(DEV_SECTION.sub("", text))
            for folder in ("tests", "benches", "examples"):
                shutil.rmtree(manifest.parent / folder, ignore_errors=True)
        subprocess.run(
            ["cargo", "vendor", "--offline", "--versioned-dirs", "--quiet", "vendor"],
            cwd=top, check=True, stdout=subprocess.DEVNULL,
        )
        pruned = tomllib.loads((top / "Cargo.lock").read_text())["package"]
        # Pins only: a dependency list loses its dev-dependencies, and `syn 3.0.10` becomes
        # `syn` once a single version of syn remains.
        pin = ("name", "version", "source", "checksum")
        changed = [
            f"{p['name']} {p['version']}" for p in pruned
            if [p.get(k) for k in pin] != [original_lock.get((p["name"], p["version"]), {}).get(k) for k in pin]
        ]
        if changed:
            print(f"vendor_sdist: Cargo.lock entries differ from the checkout's: {changed}", file=sys.stderr)
            return 1
        (top / ".cargo").mkdir()
        (top / ".cargo" / "config.toml").write_text(CONFIG)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in sorted([top, *top.rglob("*")]):
                info = tar.gettarinfo(str(path), arcname=str(path.relative_to(scratch)))
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mtime = mtime
                if path.is_file():
                    with path.open("rb") as handle:
                        tar.addfile(info, handle)
                else:
                    tar.addfile(info)
        out.parent.mkdir(parents=True, exist_ok=True)
        with gzip.GzipFile(out, "wb", mtime=0) as gz:
            gz.write(buffer.getvalue())
        crates = len(list((top / "vendor").iterdir()))
        print(f"{out.name}: {crates} vendored crates, {out.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
