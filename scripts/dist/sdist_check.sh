#!/usr/bin/env bash
# The sdist in dist/ builds offline: `pip install --no-index` into a fresh venv, with
# CARGO_NET_OFFLINE=true and an empty CARGO_HOME (so neither the network nor cargo's download
# cache can supply a crate: they all come from the sdist's vendor/). The build backend
# (maturin, the version scripts/dist/requirements.txt pins) comes from a cached local wheelhouse.
# Then the vectors run against the installed package.
#   HOOKSIG_DIST_CACHE  caches (the wheelhouse; the build's target dir, so a rerun is quick)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
cache=${HOOKSIG_DIST_CACHE:-$root/target/dist-cache}
version=$("$python" "$root/scripts/dist/versions_check.py" --print)
sdist=$root/dist/hooksig-$version.tar.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar tzf "$sdist" >"$work/contents"
grep -q "^hooksig-$version/vendor/" "$work/contents" || { echo "sdist check: $sdist has no vendor/" >&2; exit 1; }

backend=$(grep -E '^maturin==' "$root/scripts/dist/requirements.txt")
wheelhouse=$cache/wheelhouse-build-$(echo "$backend $("$python" -V)" | sha256sum | cut -c1-12)
if [ ! -f "$wheelhouse/.complete" ]; then
  rm -rf "$wheelhouse"
  "$python" -m pip download --quiet --disable-pip-version-check --only-binary :all: --dest "$wheelhouse" "$backend"
  touch "$wheelhouse/.complete"
fi

echo "== [${SECONDS}s] pip install $(basename "$sdist") --no-index, CARGO_NET_OFFLINE=true, empty CARGO_HOME"
"$python" -m venv "$work/venv"
mkdir "$work/cargo-home"
env CARGO_NET_OFFLINE=true CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$cache/sdist-target" \
  PIP_NO_INDEX=1 "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --no-index --find-links "$wheelhouse" --no-binary hooksig "$sdist"
if [ -n "$(find "$work/cargo-home" -name '*.crate')" ]; then
  echo "sdist check: cargo downloaded crates into the empty CARGO_HOME" >&2
  exit 1
fi
(cd "$work" && "$work/venv/bin/python" "$root/scripts/dist/vector_smoke.py")
echo "== [${SECONDS}s] sdist check passed"
