#!/usr/bin/env bash
# Side-by-side timing of statecraft's spatial model and KTAB's smpc on the
# same KTAB example inputs, in one run, with ratios.
#
# Usage:
#   KTAB_SMPC=/path/to/smpc bench/bargain-peers.sh [input.csv ...]
#
# KTAB_SMPC must point at an smpc binary you built yourself from KTAB's
# public source (this script does not build KTAB). statecraft is built in
# release mode first. Each program runs REPEAT times (default 3); the best
# wall time counts. STATECRAFT may name an already-built statecraft binary. KTAB runs with --logmin and a throw-away SQLite database,
# its lightest logging; statecraft prints JSON to /dev/null. The "states"
# columns show that both reached the same number of states.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${BARGAIN_DATA:-$here/../shared/bargaining/ktab}"
repeat="${REPEAT:-3}"

if [[ -z "${KTAB_SMPC:-}" || ! -x "${KTAB_SMPC}" ]]; then
  echo "set KTAB_SMPC to an executable KTAB smpc binary (built by you, outside this repository)" >&2
  exit 2
fi

inputs=("$@")
if [[ ${#inputs[@]} -eq 0 ]]; then
  inputs=(dummyData_3Dim.csv SOE-Pol-Comp.csv SOE-Policy.csv dummyData_6Dim.csv dummyData-a040.csv SOE-Competitive.csv)
fi

if [[ -n "${STATECRAFT:-}" ]]; then
  ours="$STATECRAFT"   # an already-built release binary
else
  (cd "$here" && cargo build --quiet --release -p statecraft-cli)
  ours="${CARGO_TARGET_DIR:-$here/target}/release/statecraft"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

best_of() { # command... ; prints the best wall time in seconds
  local best="" t0 t1 dt
  for _ in $(seq "$repeat"); do
    t0=$(now); "$@" > "$work/out.txt" 2>&1 || true; t1=$(now)
    dt=$(echo "$t1 - $t0" | bc -l)
    if [[ -z "$best" ]] || (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(uname -srm); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "KTAB: $KTAB_SMPC"
echo "statecraft: $ours"
printf "%-22s %12s %12s %9s %8s %8s\n" input "KTAB s" "ours s" ratio "states" "(ours)"
for name in "${inputs[@]}"; do
  src="$data/$name"
  [[ -f "$src" ]] || src="$name"
  cp "$src" "$work/$name"
  ktab=$(cd "$work" && best_of "$KTAB_SMPC" --csv "$work/$name" --logmin --connstr "Driver=QSQLITE;Database=$work/ktab")
  ktab_states=$(grep -o "There were [0-9]* states" "$work/out.txt" | grep -o "[0-9]*" | head -1 || true)
  mine=$(best_of "$ours" bargain "$work/$name" --method smp --json)
  our_states=$(grep -c '"round":' "$work/out.txt" || true)
  ratio=$(echo "$ktab / $mine" | bc -l)
  printf "%-22s %12.4f %12.4f %8.1fx %8s %8s\n" "$name" "$ktab" "$mine" "$ratio" "${ktab_states:-?}" "$our_states"
done
