#!/usr/bin/env bash
# Load test of `statecraft serve` on loopback, bounded in time: model reads (plain, gzip
# as a browser asks, and revalidated with If-None-Match), scenario queries and
# bargaining forecasts, each for $DURATION (default 30 s), with wrk (Debian: apt-get
# install -y wrk). Prints one line per run: requests/s, p50 and p99 latency, errors.
# Record the figures in docs/benchmarks/server.md.
#
#   bench/load.sh                    # release build, built-in model, 30 s per run
#   DURATION=5s bench/load.sh        # a quick look
#   CONNECTIONS=64 THREADS=2 bench/load.sh
#
# Traffic goes only to 127.0.0.1, to the server this script starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN=${BIN:-$TARGET_DIR/release/statecraft}

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed (apt-get install -y wrk)" >&2
  exit 2
fi
if [ ! -x "$BIN" ]; then
  cargo build --release -p statecraft-cli
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$BIN" serve --addr 127.0.0.1:0 "$@" >"$work/serve.out" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "the server did not start:" >&2
  cat "$work/serve.out" >&2
  exit 2
fi
url=${url%/}

# The summary wrk prints at the end of a run, as one line.
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d  requests %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
LUA

# Scenario questions: one fixed question (answered from the cache after the first), and
# a rotation through more distinct questions than the cache holds (every one computed).
python3 - "$url" "$work" <<'PY'
import json, sys, urllib.request
url, work = sys.argv[1], sys.argv[2]
net = json.load(urllib.request.urlopen(url + "/api/scenario/network"))
variables = net["variables"]
bodies = []
for a in variables:
    for sa in a["states"]:
        for b in variables:
            if b["id"] == a["id"]:
                continue
            for sb in b["states"]:
                bodies.append({"given": {a["id"]: sa}, "do": {b["id"]: sb}})
# Drop questions whose evidence is impossible (they answer 400).
def ok(body):
    request = urllib.request.Request(url + "/api/scenario", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request)
        return True
    except Exception:
        return False
bodies = [b for b in bodies[:1200] if ok(b)]
lua_bodies = ",\n".join("  [[%s]]" % json.dumps(b) for b in bodies)
common = 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
with open(work + "/scenario-fixed.lua", "w") as f:
    f.write(common + 'wrk.body = [[%s]]\n' % json.dumps({"given": {variables[0]["id"]: variables[0]["states"][0]}}))
    f.write(open(work + "/report.lua").read())
with open(work + "/scenario-varied.lua", "w") as f:
    f.write(common + "local bodies = {\n%s\n}\nlocal i = 0\n" % lua_bodies)
    # Each wrk thread starts at its own place in the rotation.
    f.write("local threads = 0\nsetup = function(thread)\n  threads = threads + 1\n  thread:set('offset', threads * 397)\nend\n")
    f.write("init = function(args)\n  i = offset or 0\nend\n")
    f.write("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
    f.write(open(work + "/report.lua").read())
print("%d distinct scenario questions in rotation" % len(bodies))

# Bargaining: one question repeated (cached after the first), and sampled forecasts
# with 1,000 distinct seeds in rotation, more than a view keeps (every one computed).
issues = json.load(urllib.request.urlopen(url + "/api/issues"))
issue = issues["issues"][0]["id"]
with open(work + "/bargain-fixed.lua", "w") as f:
    f.write(common + 'wrk.body = [[%s]]\n' % json.dumps({"issue": issue, "method": "compromise"}))
    f.write(open(work + "/report.lua").read())
lua_bodies = ",\n".join("  [[%s]]" % json.dumps({"issue": issue, "samples": 100, "seed": s})
                        for s in range(1, 1001))
with open(work + "/bargain-varied.lua", "w") as f:
    f.write(common + "local bodies = {\n%s\n}\nlocal i = 0\n" % lua_bodies)
    f.write("local threads = 0\nsetup = function(thread)\n  threads = threads + 1\n  thread:set('offset', threads * 397)\nend\n")
    f.write("init = function(args)\n  i = offset or 0\nend\n")
    f.write("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
    f.write(open(work + "/report.lua").read())
with open(work + "/bargain-issue", "w") as f:
    f.write(issue)
# The whole model's entity tag, for the revalidation run.
with urllib.request.urlopen(url + "/api/model") as r:
    with open(work + "/model-etag", "w") as f:
        f.write(r.headers["ETag"])
PY

run() {
  local name=$1 script=$2 path=$3
  shift 3
  local line
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" -s "$script" "$url$path" | grep '^RESULT' || true)
  printf '%-48s %s\n' "$name" "${line#RESULT }"
}

echo "statecraft serve load test: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $THREADS wrk threads, $CONNECTIONS connections, $DURATION per run"
echo "server: $BIN serve $* ($url)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
etag=$(cat "$work/model-etag")
run "GET /api/actors"                     "$work/report.lua" /api/actors
run "GET /api/channels?as_of=2017-09"     "$work/report.lua" "/api/channels?as_of=2017-09"
run "GET /api/events"                     "$work/report.lua" /api/events
run "GET /api/model (whole model)"        "$work/report.lua" /api/model
run "GET /api/model (gzip)"               "$work/report.lua" /api/model -H "Accept-Encoding: gzip, deflate, br"
run "GET /api/model (If-None-Match: 304)" "$work/report.lua" /api/model -H "If-None-Match: $etag"
run "POST /api/scenario (same question)"  "$work/scenario-fixed.lua" /api/scenario
run "POST /api/scenario (varied, uncached)" "$work/scenario-varied.lua" /api/scenario
run "POST /api/bargain $(cat "$work/bargain-issue") (same question)" "$work/bargain-fixed.lua" /api/bargain
run "POST /api/bargain (100 samples, uncached)" "$work/bargain-varied.lua" /api/bargain
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
