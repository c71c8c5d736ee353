#!/usr/bin/env bash
# Prints the directory of the packaging tools' venv (maturin, ziglang, cargo-zigbuild,
# auditwheel: scripts/dist/requirements.txt), creating it on first use. The venv is keyed by a
# hash of the requirements and of the Python that runs it, so changing a pin makes a new one
# (older ones are removed); otherwise it is reused, which keeps `make test` from downloading
# zig (~50 MB) on every run. Its bin/ also holds `zig`, a link to the ziglang wheel's binary,
# for cargo-zigbuild.
#   HOOKSIG_DIST_CACHE  where caches live (default: <checkout>/target/dist-cache)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
cache=${HOOKSIG_DIST_CACHE:-$root/target/dist-cache}
key=$( (cat "$root/scripts/dist/requirements.txt"; "$python" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-12)
venv=$cache/tools-$key
if [ ! -f "$venv/.complete" ]; then
  echo "dist: creating the packaging tools venv $venv" >&2
  mkdir -p "$cache"
  find "$cache" -maxdepth 1 -name 'tools-*' ! -name "tools-$key" -exec rm -rf {} + 
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/dist/requirements.txt" >&2
  zig=$("$venv/bin/python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
  ln -sf "$zig" "$venv/bin/zig"
  "$venv/bin/zig" version >/dev/null
  touch "$venv/.complete"
fi
echo "$venv"
