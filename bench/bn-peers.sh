#!/usr/bin/env bash
# Times statecraft-net against pyAgrum and pgmpy on the bnlearn networks in
# ../shared/bn, side by side in one run: load, all marginals without evidence,
# all marginals with the reference evidence; peak memory; ratios peer/ours.
#
# Usage: bench/bn-peers.sh [NET ...]      (default: all 24, smallest first)
# Environment:
#   BENCH_VENV     Python venv for the peers (default /tmp/statecraft-bench-venv)
#   BENCH_OUT      where results go (default /tmp/statecraft-bench)
#   PGMPY_TIMEOUT  seconds per pgmpy task (default 60); PYAGRUM_TIMEOUT (default 300)
#   CARGO_TARGET_DIR is honoured.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
bn_dir="${BN_DIR:-$(cd "$repo/../shared/bn" && pwd)}"
venv="${BENCH_VENV:-/tmp/statecraft-bench-venv}"
out="${BENCH_OUT:-/tmp/statecraft-bench}"
pgmpy_timeout="${PGMPY_TIMEOUT:-60}"
pyagrum_timeout="${PYAGRUM_TIMEOUT:-300}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check pgmpy==1.1.2 pyagrum==3.3.1
py="$venv/bin/python"

# Our side: the release-built benchmark driver, which times inside its process
# the same steps peer.py times inside the peers'. The CLI is built too, but a
# CLI that does not build (another subcommand mid-change) does not stop the run.
# The driver's path as cargo reports it (not the newest file of that name:
# builds with other features leave binaries of their own beside it).
ours="$(cd "$repo" && cargo bench -p statecraft-net --bench inference --no-run --quiet --message-format=json \
  | "$py" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "inference" and m.get("executable"):
        print(m["executable"])')"
[ -x "$ours" ] || { echo "error: the benchmark driver did not build" >&2; exit 1; }
(cd "$repo" && cargo build --release -p statecraft-cli --quiet) || echo "warning: the statecraft CLI did not build; timing the library driver only" >&2

if [ "$#" -gt 0 ]; then
  nets=("$@")
else
  mapfile -t nets < <(ls -S -r "$bn_dir"/*.bif | xargs -n 1 basename | sed 's/\.bif$//')
fi

# Threads pinned to 1 for the Python peers' numeric libraries.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

peer() { # engine task net timeout
  local line
  if line="$(timeout "$4" "$py" "$here/bn/peer.py" "$1" "$2" "$3" "$bn_dir" 2>/dev/null | tail -n 1)" && [ -n "$line" ]; then
    echo "$line"
  else
    echo "{\"engine\": \"$1\", \"task\": \"$2\", \"network\": \"$3\", \"status\": \"timeout\"}"
  fi
}

for net in "${nets[@]}"; do
  line="$("$ours" --json "$net")"
  echo "${line%\}}, \"engine\": \"statecraft\"}" >> "$results"
  tasks=(load noev)
  [ -f "$bn_dir/reference/$net.evidence.json" ] && tasks+=(ev)
  for task in "${tasks[@]}"; do
    peer pyagrum "$task" "$net" "$pyagrum_timeout" >> "$results"
    peer pgmpy "$task" "$net" "$pgmpy_timeout" >> "$results"
  done
  echo "done: $net" >&2
done

{
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "Machine: $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "Peers: pgmpy $("$py" -c 'import pgmpy; print(pgmpy.__version__)'), pyAgrum $("$py" -c 'import pyagrum; print(pyagrum.__version__)')"
  echo
  "$py" "$here/bn/table.py" "$results"
} | tee "$out/table.md"
