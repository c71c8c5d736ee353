#!/usr/bin/env bash
# Installs hooksig as a user would: `npm pack`, then `npm install ./hooksig-<version>.tgz` into
# an empty app folder outside the checkout; verifies a request signed with `sign`, runs the
# README's examples against the installed package (on the default node, and on Node 18 and 22);
# then removes the shipped binary and `npm rebuild`s, so the install script builds it from the
# shipped Rust sources with cargo.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/hooksig-*.tgz)
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball"

smoke() {
  "${1:-node}" -e '
    const hooksig = require("hooksig")
    const url = "https://example.com/hooks/twilio"
    const headers = { "Content-Type": "application/x-www-form-urlencoded" }
    const body = "CallSid=CA1&From=%2B15551234567"
    const signed = hooksig.sign("twilio", "token", { url, headers, body })
    const verified = hooksig.verify("twilio", "token", { url, headers: { ...headers, ...signed.headers }, body })
    let rejected = false
    try { hooksig.verify("twilio", "token", { url, headers: { ...headers, ...signed.headers }, body: body + "&x=1" }) }
    catch (error) { rejected = error instanceof hooksig.WebhookVerificationError && error.code === "signature_mismatch" }
    if (verified.scheme !== "twilio-form" || !rejected) process.exit(1)
    console.log(`hooksig ${hooksig.VERSION} from ${require.resolve("hooksig")}: ${verified.scheme} verified, tampered rejected`)
  '
}

echo "== installed from the tarball (prebuilt binary)"
smoke
HOOKSIG_PACKAGE="$work/app/node_modules/hooksig" node --test "$root/tests/node/readme.test.js" | grep -E '^# (pass|fail)'

echo "== the installed package on Node 18 and 22 (npm-packaged binaries, cached in target/node-versions)"
mapfile -t binaries < <(bash "$root/tests/node/node_versions.sh")
for line in "${binaries[@]}"; do
  read -r major bin <<<"$line"
  printf 'Node %s: ' "$("$bin" --version)"
  smoke "$bin"
  HOOKSIG_PACKAGE="$work/app/node_modules/hooksig" "$bin" --test "$root/tests/node/readme.test.js" | grep -E '^# (pass|fail)' | tr '\n' ' '
  echo
done

echo "== no matching binary: npm rebuild builds it with cargo from the shipped sources"
rm node_modules/hooksig/bindings-node/hooksig.*.node
npm rebuild hooksig --foreground-scripts 2>&1 | grep -E 'hooksig|Finished|error' || true
ls node_modules/hooksig/bindings-node/hooksig.*.node
smoke
