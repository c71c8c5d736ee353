#!/usr/bin/env bash
# Installs hooksig as a user would, into fresh venvs outside the checkout, and runs the
# README's examples against the installed package:
#   1. a wheel built with `maturin build --release`, installed elsewhere;
#   2. `pip install .` from the checkout (a PEP 517 build in an isolated environment);
#   3. the same abi3 wheel on Python 3.12 and 3.13 (pyenv's, or on PATH; missing is a failure),
#      each running test_api, test_vectors and test_hostile in a venv cached under
#      target/python-venvs/ by interpreter version and pinned requirements.
set -euo pipefail
python=${1:-python3}
maturin=${2:-maturin}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runtime_deps=(pytest==9.2.0 httpx==0.28.1 fastapi==0.165.0 uvicorn==0.54.0 Flask==3.1.3 Django==5.2.19 aiohttp==3.14.5)

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

# Python versions beyond the dev venv's: the installed wheel's API, vector and hostile-input
# suites on each.
find_python() {  # $1: minor version such as 3.12; prints the interpreter's path
  local pyenv_root candidate
  pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  for candidate in $(ls -d "$pyenv_root"/versions/"$1".*/bin/python"$1" 2>/dev/null | sort -V -r) \
                   "$(command -v "python$1" || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

pins=$(grep -E '^(pytest|hypothesis|httpx|fastapi|starlette|uvicorn|python-multipart|Flask|Werkzeug|Django)==' \
  "$root/tests/python/requirements.txt")
for version in 3.12 3.13; do
  echo "== the wheel on Python $version"
  if ! interpreter=$(find_python "$version"); then
    echo "Python $version not found (looked under $(pyenv root 2>/dev/null || echo '~/.pyenv')/versions and on PATH):" \
         "install it (pyenv install $version) - the README claims 3.11+" >&2
    exit 1
  fi
  full=$("$interpreter" -c 'import platform; print(platform.python_version())')
  key=$(printf '%s\n%s\n' "$full" "$pins" | sha256sum | cut -c1-12)
  venv="$root/target/python-venvs/$full-$key"
  if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    "$interpreter" -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install --quiet --upgrade pip && "$venv/bin/pip" install --quiet $pins
    touch "$venv/.complete"
  fi
  "$venv/bin/pip" install --quiet --force-reinstall --no-deps "$work"/dist/hooksig-*.whl
  (cd "$work" && "$venv/bin/python" -c 'import hooksig, sys; print("hooksig", hooksig.__version__, "on", sys.version.split()[0], "from", hooksig.__file__); assert sys.prefix in hooksig.__file__' \
    && "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$work" -c /dev/null \
         "$root/tests/python/test_api.py" "$root/tests/python/test_vectors.py" "$root/tests/python/test_hostile.py")
done
