#!/usr/bin/env bash
# Prints the path of a Node binary for each major version the README claims (18, 22; the
# default `node` is the third), one per line as "<major> <path>". They are the npm registry's
# packaged Node binaries (node-<os>-<arch>), installed once under target/node-versions/ and
# reused on later runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/target/node-versions"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "no packaged Node for $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "no packaged Node for $(uname -m)" >&2; exit 1 ;; esac
for major in ${HOOKSIG_NODE_VERSIONS:-18 22}; do
  bin="$cache/$major/node_modules/node-$os-$arch/bin/node"
  if [ ! -x "$bin" ]; then
    echo "installing Node $major (npm package node-$os-$arch@^$major) into $cache/$major" >&2
    npm install --prefix "$cache/$major" --no-save --no-audit --no-fund --loglevel=error "node-$os-$arch@^$major" >&2
  fi
  echo "$major $bin"
done
