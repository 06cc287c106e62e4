#!/usr/bin/env bash
# API catalogue benchmark: a release build of the registry on a fresh database with the seeded
# register plus M synthetic APIs (`registry seed --synthetic-apis M`), then for each endpoint,
# in one run (bench/lib.sh):
#
# - cold: R sequential requests, each right after a write, so computed, not cached;
# - hot: wrk with 16 connections for S seconds (the read cache), as a ratio to `/healthz`;
# - floor: the nearest SQL run directly in the database (sqlite3 / psql timing), and the
#   ratio of the cold median to it;
#
# then the resident memory of the server with its search index, the index's own size and
# build time (`registry reindex --json`), and the DCAT export with the server's peak memory.
#
#   bench/catalog.sh [sqlite|postgres] [M synthetic APIs] [R cold requests] [S hot seconds]
#
# Needs curl, wrk (apt-get install wrk), sqlite3 or psql.
set -euo pipefail
backend=${1:-sqlite}
apis=${2:-100000}
runs=${3:-30}
seconds=${4:-5}
source "$(dirname "$0")/lib.sh"
url=$(bench_db catalog)
start=$(date +%s.%N)
DATABASE_URL=$url "$bin" seed --synthetic-apis "$apis" --json >/dev/null
echo "loading $apis synthetic APIs: $(secs "$start") s"
index=$(DATABASE_URL=$url "$bin" reindex --json)
bench_serve 18998 "$url"
base="http://127.0.0.1:18998"
bench_token "$base" "$url"
one=$(curl -sf "$base/api/v1/apis?limit=1&offset=7" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "search index: $index; server resident memory after start: $(( $(rss) / 1024 )) MiB"
echo

skv="(SELECT id FROM organisations WHERE slug = 'skatteverket')"
match="(title_sv LIKE '%identitet%' OR title_en LIKE '%identitet%' OR description_sv LIKE '%identitet%' OR description_en LIKE '%identitet%' OR keywords LIKE '%identitet%')"
facets() { # the five grouped counts of the facets, under a condition on apis
  echo "SELECT 's', status, count(*) FROM apis WHERE $1 GROUP BY status UNION ALL \
SELECT 'a', access_rights, count(*) FROM apis WHERE $1 GROUP BY access_rights UNION ALL \
SELECT 'p', publisher_id, count(*) FROM apis WHERE $1 GROUP BY publisher_id UNION ALL \
SELECT 't', theme, count(*) FROM api_themes JOIN apis ON apis.id = api_id WHERE $1 GROUP BY theme UNION ALL \
SELECT 'b', building_block_id, count(*) FROM api_building_blocks JOIN apis ON apis.id = api_id WHERE $1 GROUP BY building_block_id"
}
endpoints=(
  "/api/v1/apis/$one" "SELECT * FROM apis WHERE id = '$one'"
  "/api/v1/apis?limit=20" "SELECT *, (SELECT count(*) FROM apis) FROM apis ORDER BY id LIMIT 21"
  "/api/v1/apis?limit=20&offset=50000" "SELECT *, (SELECT count(*) FROM apis) FROM apis ORDER BY id LIMIT 21 OFFSET 50000"
  "/api/v1/apis?status=i-produktion&theme=ECON" "SELECT count(*) FROM apis WHERE status = 'i-produktion' AND id IN (SELECT api_id FROM api_themes WHERE theme = 'ECON')"
  "/api/v1/apis?organisation=skatteverket&accessRights=publik" "SELECT count(*) FROM apis WHERE publisher_id = $skv AND access_rights = 'publik'"
  "/api/v1/apis?buildingBlock=identitet" "SELECT count(*) FROM api_building_blocks WHERE building_block_id = (SELECT id FROM building_blocks WHERE slug = 'identitet')"
  "/api/v1/apis?q=4711" "SELECT count(*) FROM apis WHERE title_sv LIKE '%4711%' OR description_sv LIKE '%4711%'"
  "/api/v1/apis?q=identitet" "SELECT count(*) FROM apis WHERE $match"
  "/api/v1/apis/facets" "$(facets "true")"
  "/api/v1/apis/facets?organisation=skatteverket" "$(facets "publisher_id = $skv")"
  "/api/v1/apis/facets?q=identitet" "$(facets "$match")"
)

echo "| endpoint | matches | cold p50 ms | cold p99 ms | floor p50 ms | cold ÷ floor | hot requests/s | hot p99 ms | hot ÷ /healthz |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
read -r base_rps _ _ < <(bench_hot /healthz "$seconds")
echo "| \`GET /healthz\` (baseline) | | | | | | $base_rps | | 1.0 |"
for ((i = 0; i < ${#endpoints[@]}; i += 2)); do
  path=${endpoints[i]}
  matches=$(curl -sf "$base$path" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("totalCount", 1))')
  read -r c50 c99 < <(bench_cold "$path" "$runs")
  read -r f50 _ < <(bench_floor "$url" "${endpoints[i + 1]}" 10)
  read -r rps _ h99 < <(bench_hot "$path" "$seconds")
  echo "| \`GET ${path//$one/{id\}}\` | $matches | $c50 | $c99 | $f50 | $(ratio "$c50" "$f50") | $rps | $h99 | $(ratio "$rps" "$base_rps") |"
done
echo
echo "server resident memory after the run: $(( $(rss) / 1024 )) MiB"

hwm() { awk '/VmHWM/ {print $2}' "/proc/$server/status"; }
echo
echo "| export | seconds | MiB | server peak RSS before MiB | after MiB |"
echo "|---|---:|---:|---:|---:|"
for accept in application/rdf+xml text/turtle; do
  before=$(hwm)
  out=$(curl -sf -o catalog.out -H "accept: $accept" -w '%{time_total} %{size_download}' "$base/api/v1/catalog")
  after=$(hwm)
  read -r secs bytes <<<"$out"
  echo "| \`GET /api/v1/catalog\` ($accept) | $(python3 -c "print(round($secs,1))") | $(python3 -c "print(round($bytes/1048576,1))") | $(python3 -c "print(round($before/1024))") | $(python3 -c "print(round($after/1024))") |"
done
