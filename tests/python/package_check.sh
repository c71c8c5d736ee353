#!/usr/bin/env bash
# Installs hooksig as a user would, into fresh venvs outside the checkout, and runs the
# README's examples against the installed package:
#   1. a wheel built with `maturin build --release`, installed elsewhere;
#   2. `pip install .` from the checkout (a PEP 517 build in an isolated environment).
set -euo pipefail
python=${1:-python3}
maturin=${2:-maturin}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runtime_deps=(pytest==9.2.0 httpx==0.28.1 fastapi==0.165.0 uvicorn==0.54.0 Flask==3.1.3 Django==5.2.19)

run_readme() {  # $1: venv
  # From a folder outside the checkout, so `import hooksig` can only find the installed one.
  (cd "$work" && "$1/bin/python" -c 'import hooksig, sys; print("hooksig", hooksig.__version__, "from", hooksig.__file__); assert sys.prefix in hooksig.__file__' \
    && "$1/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$work" -c /dev/null \
         "$root/tests/python/test_readme.py")
}

echo "== wheel from maturin build --release"
"$maturin" build --release --locked --quiet -m "$root/bindings-python/Cargo.toml" -o "$work/dist"
"$python" -m venv "$work/wheel-venv"
"$work/wheel-venv/bin/pip" install --quiet "$work"/dist/hooksig-*.whl "${runtime_deps[@]}"
run_readme "$work/wheel-venv"

echo "== pip install . (isolated PEP 517 build)"
"$python" -m venv "$work/source-venv"
"$work/source-venv/bin/pip" install --quiet "$root" "${runtime_deps[@]}"
run_readme "$work/source-venv"
