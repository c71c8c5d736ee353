#!/usr/bin/env bash
# Installs the artifacts `make dist` wrote (dist/) as a user without Rust would, and runs the
# README's examples and every test vector against the installed packages:
#   - the wheel into fresh venvs of Python 3.11, 3.12 and 3.13:
#       pip install --no-index --find-links dist --only-binary hooksig hooksig==<v> <test deps>
#     (the test dependencies come from a cached local wheelhouse, so nothing is fetched);
#   - the npm tarballs (main + platform package) into an empty app; the binary must come from
#     the platform package, and the install script must not build;
# all with a PATH that holds no cargo, rustc or rustup (checked). Then the platform package is
# deleted: `require('hooksig')` must fail with the error that names the fix (npm/cli#4828),
# `npm rebuild` without cargo must say how to get it, and with cargo back on PATH the install
# script's source build must produce a module that passes the vectors.
#   PYTHON_VERSIONS  default "3.11 3.12 3.13"; each must be found, or the check fails
#   HOOKSIG_DIST_CACHE  caches (wheelhouses, the fallback build's target dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
dist=$root/dist
cache=${HOOKSIG_DIST_CACHE:-$root/target/dist-cache}
version=$("$python" "$root/scripts/dist/versions_check.py" --print)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wheel=$(ls "$dist"/hooksig-"$version"-cp3*-abi3-*manylinux*x86_64.whl)
main_tgz=$dist/hooksig-$version.tgz
platform_tgz=$dist/hooksig-linux-x64-gnu-$version.tgz
ls "$wheel" "$main_tgz" "$platform_tgz" >/dev/null

# --- a PATH without the Rust toolchain: every PATH entry that holds cargo, rustc or rustup
# (rustup's ~/.cargo/bin, and /usr/bin when Debian's cargo is installed) is replaced by a
# folder of links to everything else in it.
rust_tools='^(cargo|rustc|rustdoc|rustup|rustfmt|rust-gdb|rust-gdbgui|rust-lldb|clippy-driver|cargo-.*)$'
no_rust_path=
index=0
IFS=: read -ra entries <<<"$PATH"
for entry in "${entries[@]}"; do
  [ -d "$entry" ] || continue
  if [ -n "$(ls "$entry" | grep -E "$rust_tools" || true)" ]; then
    index=$((index + 1))
    farm=$work/path-$index
    mkdir "$farm"
    for file in "$entry"/*; do
      name=${file##*/}
      [[ $name =~ $rust_tools ]] || ln -s "$file" "$farm/$name"
    done
    entry=$farm
  fi
  no_rust_path=${no_rust_path:+$no_rust_path:}$entry
done
for tool in cargo rustc rustup; do
  if PATH=$no_rust_path command -v "$tool" >/dev/null; then
    echo "install check: $tool is still on the PATH built without Rust" >&2
    exit 1
  fi
done
without_rust() { env PATH="$no_rust_path" CARGO=/nonexistent RUSTC=/nonexistent "$@"; }
echo "== [${SECONDS}s] PATH without cargo, rustc, rustup: $(PATH=$no_rust_path command -v cargo rustc rustup | wc -l) of them found"

# --- Python
find_python() {  # $1: 3.12 -> an interpreter of that version, or nothing
  local want=$1 candidate
  for candidate in "$(command -v "python$want" 2>/dev/null || true)" \
    $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$want".*/bin/"python$want" 2>/dev/null | sort -V | tac) \
    "/usr/local/bin/python$want" "/usr/bin/python$want"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$want" ]; then
      echo "$candidate"
      return
    fi
  done
}
# The README's examples need the frameworks; the same pins as the Python suite.
deps=$(grep -E '^(pytest|httpx|fastapi|starlette|uvicorn|python-multipart|Flask|Werkzeug|Django|aiohttp)==' \
  "$root/tests/python/requirements.txt" | tr '\n' ' ')
for want in ${PYTHON_VERSIONS:-3.11 3.12 3.13}; do
  interpreter=$(find_python "$want")
  if [ -z "$interpreter" ]; then
    echo "install check: no Python $want found (looked for python$want on PATH, under ~/.pyenv/versions/$want.*," \
      "/usr/local/bin, /usr/bin); install it (e.g. pyenv install $want) or set PYTHON_VERSIONS" >&2
    exit 1
  fi
  full=$("$interpreter" -c 'import sys; print(sys.version.split()[0])')
  echo "== [${SECONDS}s] wheel into a fresh venv of Python $full ($interpreter), no index, no Rust"
  wheelhouse=$cache/wheelhouse-$(echo "$deps $full" | sha256sum | cut -c1-12)
  if [ ! -f "$wheelhouse/.complete" ]; then
    rm -rf "$wheelhouse"
    "$interpreter" -m pip download --quiet --disable-pip-version-check --only-binary :all: --dest "$wheelhouse" $deps
    touch "$wheelhouse/.complete"
  fi
  venv=$work/venv-$want
  without_rust "$interpreter" -m venv "$venv"
  without_rust "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$dist" --find-links "$wheelhouse" --only-binary hooksig "hooksig==$version" $deps
  (cd "$work" && without_rust "$venv/bin/python" "$root/scripts/dist/vector_smoke.py")
  (cd "$work" && without_rust "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$work" -c /dev/null \
    "$root/tests/python/test_readme.py" | tail -1)
done

# --- Node
echo "== [${SECONDS}s] npm tarballs (main + platform package) into an empty app, no Rust"
app=$work/app
mkdir "$app"
expect_served() {  # $1: the .node file `require('hooksig')` must load in the app
  local served
  served=$(cd "$app" && without_rust node -e 'require("./node_modules/hooksig"); console.log(Object.keys(require.cache).find((f) => f.endsWith(".node")))')
  if [ "$served" != "$1" ]; then
    echo "install check: the native module came from $served, expected $1" >&2
    exit 1
  fi
  echo "native module: $served"
}
(
  cd "$app"
  npm init -y >/dev/null
  without_rust npm install --no-audit --no-fund --loglevel=error --foreground-scripts "$main_tgz" "$platform_tgz"
  test -d node_modules/hooksig-linux-x64-gnu
  if ls node_modules/hooksig/bindings-node/hooksig.*.node 2>/dev/null; then
    echo "install check: the install script built or shipped a binary next to the loader" >&2
    exit 1
  fi
  expect_served "$app/node_modules/hooksig-linux-x64-gnu/hooksig.linux-x64-gnu.node"
  HOOKSIG_PACKAGE=$app/node_modules/hooksig without_rust node "$root/scripts/dist/vector_smoke.js"
  HOOKSIG_PACKAGE=$app/node_modules/hooksig without_rust node --test "$root/tests/node/readme.test.js" \
    | grep -E '^# (pass|fail)'

  echo "== [${SECONDS}s] the platform package removed (as npm/cli#4828 does): the error names the fix"
  rm -rf node_modules/hooksig-linux-x64-gnu
  without_rust node -e '
    try { require("./node_modules/hooksig") } catch (error) {
      const wanted = ["npm/cli/issues/4828", "hooksig-linux-x64-gnu@", "remove package-lock.json and node_modules",
                      "npm rebuild hooksig", "https://rustup.rs"]
      const missing = wanted.filter((text) => !error.message.includes(text))
      if (error.code !== "ERR_HOOKSIG_NATIVE_MISSING" || missing.length || !error.cause) {
        console.error("install check: the load error lacks", missing, "\n" + error.stack); process.exit(1)
      }
      console.log(error.message.split("\n").map((line) => "  | " + line).join("\n")); process.exit(0)
    }
    console.error("install check: hooksig loaded without its platform package"); process.exit(1)'
  if without_rust npm rebuild hooksig --foreground-scripts >"$work/rebuild.log" 2>&1; then
    echo "install check: npm rebuild succeeded without cargo" >&2
    exit 1
  fi
  grep -q 'rustup.rs' "$work/rebuild.log" || { cat "$work/rebuild.log"; echo "install check: no fix named" >&2; exit 1; }
  echo "npm rebuild without cargo fails and says: $(grep -m1 'hooksig:' "$work/rebuild.log")"

  echo "== [${SECONDS}s] cargo back on PATH: the install script builds the module from the shipped sources"
  # A cached target dir: the registry crates are compiled once, hooksig's own from the tarball.
  CARGO_TARGET_DIR=$cache/fallback-target npm rebuild hooksig --foreground-scripts 2>&1 | grep -E '^hooksig|Finished|error' || true
  expect_served "$app/node_modules/hooksig/bindings-node/hooksig.linux-x64-gnu.node"
  HOOKSIG_PACKAGE=$app/node_modules/hooksig without_rust node "$root/scripts/dist/vector_smoke.js"
)
echo "== [${SECONDS}s] install check passed"
