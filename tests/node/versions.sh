#!/usr/bin/env bash
# The Node suite (tests/node) on the other Node majors the README claims, 18 and 22 (`make
# test-node` runs it on the default `node`), against the module `make node-dev` built. Fails
# on any failure or skip. Node 18 has no global Web Crypto by default, which retell-sdk (the
# cross-check's peer, not hooksig) needs: it runs with --experimental-global-webcrypto.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mapfile -t binaries < <(bash tests/node/node_versions.sh)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for line in "${binaries[@]}"; do
  read -r major bin <<<"$line"
  flags=(--test)
  if [ "$major" = 18 ]; then flags+=(--experimental-global-webcrypto); else flags+=(--test-concurrency=1); fi
  status=0
  "$bin" "${flags[@]}" tests/node/*.test.js >"$log" 2>&1 || status=$?
  summary=$(grep -E '^# (tests|pass|fail|skipped|todo) ' "$log" | sed 's/^# //' | tr '\n' ' ')
  echo "tests/node on Node $("$bin" --version) (N-API $("$bin" -p process.versions.napi)): $summary"
  if [ "$status" != 0 ] || ! grep -qx '# skipped 0' "$log" || ! grep -qx '# todo 0' "$log"; then
    grep -E -B2 -A30 '^not ok|^# (skipped|todo) [1-9]' "$log" | head -200
    exit 1
  fi
done
