#!/usr/bin/env bash
# `make dist`: the artifacts users install without a Rust toolchain, into dist/:
#   hooksig-<v>-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#       maturin --zig --compatibility manylinux2014 (zig links against glibc 2.17 stubs)
#   hooksig-<v>.tar.gz           the sdist with its crates vendored (builds offline)
#   hooksig-linux-x64-gnu-<v>.tgz  the platform package: hooksig.linux-x64-gnu.node from
#       `napi build -x --target x86_64-unknown-linux-gnu.2.17` (cargo-zigbuild, same zig)
#   hooksig-<v>.tgz              the main npm package, optionalDependencies on the above
# then checks them: versions agree, no GLIBC_ symbol above 2.17, wheel tags, auditwheel.
# Builds go to target/dist/<artifact>/ (cargo reuses them; a no-op rebuild takes seconds);
# the tools to target/dist-cache/ (scripts/dist/tools.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=${PYTHON:-python3}
dist=$root/dist
build=$root/target/dist
start=$SECONDS
version=$("$python" scripts/dist/versions_check.py --print)
tools=$(bash scripts/dist/tools.sh)
mkdir -p "$dist" "$build"
rm -f "$dist"/hooksig-*

echo "== wheel: maturin build --zig --compatibility manylinux2014"
PATH=$tools/bin:$PATH CARGO_TARGET_DIR=$build/wheel maturin build --release --locked --strip --quiet \
  --zig --compatibility manylinux2014 --target x86_64-unknown-linux-gnu --out "$dist"

echo "== sdist: maturin sdist, crates vendored"
rm -rf "$build/sdist-raw"
"$tools/bin/maturin" sdist --out "$build/sdist-raw" 2>&1 | grep -v '^ *=\|^ *|\|^warning\|^$' || true
cargo fetch --locked --quiet
"$python" scripts/dist/vendor_sdist.py "$build/sdist-raw/hooksig-$version.tar.gz" "$dist/hooksig-$version.tar.gz"

echo "== npm: napi build -x --target x86_64-unknown-linux-gnu.2.17"
test -x node_modules/.bin/napi || { echo "node_modules/.bin/napi is missing: run npm ci (make node-dev does)"; exit 1; }
rm -rf "$build/node-out" npm/*/hooksig.*.node
PATH=$tools/bin:$PATH CARGO_TARGET_DIR=$build/node node_modules/.bin/napi build --release --platform --strip \
  -x --target x86_64-unknown-linux-gnu.2.17 --manifest-path bindings-node/Cargo.toml \
  --package-json-path package.json --output-dir "$build/node-out" --no-js --dts scratch.d.ts 2>&1 \
  | grep -v '^ *Compiling\|^ *Finished\|^ *Downloaded\|^ *Locking' || true
cp "$build/node-out/hooksig.linux-x64-gnu.node" npm/linux-x64-gnu/
node scripts/dist/pack_npm.js "$dist"

echo "== checks"
"$python" scripts/dist/versions_check.py --dist "$dist"
"$python" scripts/dist/abi_check.py "$dist"/*.whl "$dist"/hooksig-linux-*.tgz
"$tools/bin/auditwheel" show "$dist"/*.whl | tr '\n' ' ' | grep -o 'consistent with the following platform tag: "[^"]*"'
echo "== dist/ ($((SECONDS - start)) s)"
ls -l "$dist"
