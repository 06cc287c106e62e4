#!/usr/bin/env bash
# Two registry processes on one database, the production shape (README, "PostgreSQL"): a
# release build, a fresh database with the seeded register plus M synthetic APIs, and two
# `registry serve` processes on it. Measured in one run (bench/lib.sh):
#
# - lag: W times, an API is registered on process A, and process B's search is asked until it
#   finds it; median and slowest time from A's answer to B's;
# - reads on both while A writes: wrk (2 threads, 16 connections, S seconds) on each process at
#   once for a cold-ish search (every write ends the cached answers), with a writer changing
#   an organisation on A ten times a second; against the same read on A alone, without writes.
#
#   bench/two.sh [sqlite|postgres] [M synthetic APIs] [W writes] [S seconds]
set -euo pipefail
backend=${1:-postgres}
apis=${2:-100000}
writes=${3:-50}
seconds=${4:-10}
source "$(dirname "$0")/lib.sh"
url=$(bench_db two)
DATABASE_URL=$url "$bin" seed --synthetic-apis "$apis" --json >/dev/null
bench_serve 18993 "$url"
a=$server
bench_serve 18994 "$url"
b=$server
base="http://127.0.0.1:18993"
bench_token "$base" "$url"

echo "lag, $writes registrations on A, each looked for on B:"
python3 - "$base" "http://127.0.0.1:18994" "$token" "$writes" <<'PY'
import json, statistics, sys, time, urllib.request
a, b, token, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def found(word):
    with urllib.request.urlopen(f"{b}/api/v1/apis?q={word}&limit=1") as r:
        return json.load(r)["totalCount"]
lags = []
for i in range(n):
    word = f"tvaprocess{i}x{int(time.time())}"
    body = json.dumps({"title": {"sv": f"Registret {word}", "en": ""},
        "description": {"sv": "Prov av två processer", "en": ""}, "publisher": "digg",
        "endpointUrls": ["https://api.example.se/v1"],
        "contactPoint": {"name": "Support", "email": "s@example.se", "telephone": "+46 8 1"}}).encode()
    req = urllib.request.Request(f"{a}/api/v1/apis", data=body, method="POST", headers={
        "content-type": "application/json", "authorization": f"Bearer {token}"})
    urllib.request.urlopen(req).read()
    t = time.perf_counter()
    while found(word) == 0:
        if time.perf_counter() - t > 5:
            sys.exit(f"B did not see {word} within 5 s")
    lags.append((time.perf_counter() - t) * 1000)
lags.sort()
print(f"| median {statistics.median(lags):.1f} ms | slowest {lags[-1]:.1f} ms |")
PY

path="/api/v1/apis/facets?q=identitet"
echo
echo "reads of \`GET $path\` (16 connections, ${seconds} s):"
echo "| run | process | requests/s | p50 ms | p99 ms |"
echo "|---|---|---:|---:|---:|"
read -r rps h50 h99 < <(bench_hot "$path" "$seconds")
echo "| A alone, no writes | A | $rps | $h50 | $h99 |"
writer() {
  while true; do bench_write; sleep 0.1; done
}
writer &
w=$!
bench_pids+=("$w")
out_b=$work/b.txt
(base="http://127.0.0.1:18994"; bench_hot "$path" "$seconds" >"$out_b") &
reader_b=$!
read -r rps h50 h99 < <(bench_hot "$path" "$seconds")
wait "$reader_b"
kill "$w" 2>/dev/null || true
echo "| both, A writing 10/s | A | $rps | $h50 | $h99 |"
read -r rps h50 h99 <"$out_b"
echo "| both, A writing 10/s | B | $rps | $h50 | $h99 |"
echo
echo "resident memory: A $(( $(awk '/VmRSS/ {print $2}' "/proc/$a/status") / 1024 )) MiB, B $(( $(awk '/VmRSS/ {print $2}' "/proc/$b/status") / 1024 )) MiB"
