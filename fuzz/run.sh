#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) from a corpus seeded with the vectors,
# and prints each target's executions and coverage. `make fuzz`; `make test` runs 5 s each.
# The targets (fuzz/Cargo.toml) follow the engine's paths, not the providers: one per signature
# grammar (engine_*) and per canonicaliser (canon_*), each covering every registry provider on
# that path; custom_spec for user specs; form, url and public_url for the shared parsers.
# A crash fails the run and leaves its input in fuzz/artifacts/<target>/: make it a vector or
# a regression test.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked --quiet
# libFuzzer and the sanitizers need nightly; without one, let stable accept nightly flags.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    fuzz=(env RUSTC_BOOTSTRAP=1 cargo fuzz)
fi
python3 fuzz/seed.py
"${fuzz[@]}" build -O >/dev/null 2>&1 || "${fuzz[@]}" build -O

printf '%-18s %12s %10s %8s %8s\n' target executions "exec/s" cov features
total=0
for target in $("${fuzz[@]}" list); do
    log=$(mktemp)
    # Compiled custom specs stay reachable from the core's cache, so leak detection stays on.
    if ! "${fuzz[@]}" run -O "$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz target $target FAILED: the input is in fuzz/artifacts/$target/"
        exit 1
    fi
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
    rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    features=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    printf '%-18s %12s %10s %8s %8s\n' "$target" "$runs" "$rate" "$cov" "$features"
    total=$((total + runs))
    rm -f "$log"
done
echo "all targets: $total executions, no crash"
