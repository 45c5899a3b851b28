#!/usr/bin/env bash
# Wall time of `statecraft report` on the built-in model, process start included.
# Uses hyperfine when installed (apt-get install hyperfine), else a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p statecraft-cli
bin=${CARGO_TARGET_DIR:-target}/release/statecraft
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 30 "$bin report --as-of 2020-01" "$bin report"
else
  for args in "report --as-of 2020-01" "report"; do
    best=999999; total=0
    for _ in $(seq 30); do
      start=$(date +%s%N); $bin $args >/dev/null; end=$(date +%s%N)
      ms=$(( (end - start) / 1000000 )); total=$((total + ms)); [ $ms -lt $best ] && best=$ms
    done
    echo "statecraft $args: mean $((total / 30)) ms, min $best ms over 30 runs"
  done
fi
