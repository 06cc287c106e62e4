#!/usr/bin/env bash
# HTTP read benchmark of the register: a release build on a fresh database with the seeded
# register (plus N synthetic building blocks when asked), then for each endpoint, in one run
# (bench/lib.sh):
#
# - hot: wrk, 2 threads, 16 connections, for S seconds; answers come from the read cache
#   after the first. /healthz, a static JSON answer through the same middleware, is the
#   baseline: *hot ÷ /healthz* is the ratio of throughputs.
# - cold: R sequential requests, each right after a write (which ends every cached answer),
#   so each is computed; median and 99th percentile of curl's total time.
# - floor: the nearest SQL run directly in the database (sqlite3 / psql timing).
#
#   bench/http.sh [sqlite|postgres] [N synthetic blocks] [S seconds per endpoint] [R cold]
#
# Needs wrk (apt-get install wrk), sqlite3 or psql, and for postgres the local server.
set -euo pipefail
backend=${1:-sqlite}
synthetic=${2:-0}
seconds=${3:-10}
runs=${4:-50}
source "$(dirname "$0")/lib.sh"
url=$(bench_db http)
start=$(date +%s.%N)
if [ "$synthetic" -gt 0 ]; then
  DATABASE_URL=$url "$bin" seed --synthetic "$synthetic" --json >/dev/null
else
  DATABASE_URL=$url "$bin" seed --json >/dev/null
fi
echo "seeding with $synthetic synthetic blocks: $(secs "$start") s"
echo
bench_serve 18999 "$url"
base="http://127.0.0.1:18999"
bench_token "$base" "$url"
one=$(curl -sf "$base/api/v1/building-blocks?limit=1&offset=7" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

match="(name LIKE '%identitet%' OR description LIKE '%identitet%' OR purpose LIKE '%identitet%')"
endpoints=(
  "/healthz" "SELECT 1"
  "/api/v1/building-blocks/$one" "SELECT * FROM building_blocks WHERE id = '$one'"
  "/api/v1/building-blocks/api-hantering" "SELECT * FROM building_blocks WHERE slug = 'api-hantering'"
  "/api/v1/building-blocks?limit=20" "SELECT *, (SELECT count(*) FROM building_blocks) FROM building_blocks ORDER BY id LIMIT 21"
  "/api/v1/building-blocks?limit=20&offset=5000" "SELECT *, (SELECT count(*) FROM building_blocks) FROM building_blocks ORDER BY id LIMIT 21 OFFSET 5000"
  "/api/v1/building-blocks?phase=utveckling&category=informationsutbyte" "SELECT count(*) FROM building_blocks WHERE phase = 'utveckling' AND category = 'informationsutbyte'"
  "/api/v1/building-blocks?q=identitet" "SELECT count(*) FROM building_blocks WHERE $match"
  "/api/v1/building-blocks/facets" "SELECT 'p', phase, count(*) FROM building_blocks GROUP BY phase UNION ALL SELECT 'c', category, count(*) FROM building_blocks GROUP BY category UNION ALL SELECT 'r', responsible_id, count(*) FROM building_blocks GROUP BY responsible_id"
  "/api/v1/organisations?limit=20" "SELECT *, (SELECT count(*) FROM organisations) FROM organisations ORDER BY id LIMIT 21"
)

echo "| endpoint | hot requests/s | hot p50 ms | hot p99 ms | hot ÷ /healthz | cold p50 ms | cold p99 ms | floor p50 ms | cold ÷ floor |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
baseline=""
for ((i = 0; i < ${#endpoints[@]}; i += 2)); do
  path=${endpoints[i]}
  read -r rps h50 h99 < <(bench_hot "$path" "$seconds")
  [ -z "$baseline" ] && baseline=$rps
  read -r c50 c99 < <(bench_cold "$path" "$runs")
  read -r f50 _ < <(bench_floor "$url" "${endpoints[i + 1]}" 10)
  echo "| \`GET ${path/$one/"{id}"}\` | $rps | $h50 | $h99 | $(ratio "$rps" "$baseline") | $c50 | $c99 | $f50 | $(ratio "$c50" "$f50") |"
done
