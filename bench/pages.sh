#!/usr/bin/env bash
# Web interface benchmark: each page against the JSON endpoint that returns the same data,
# measured in the same run on a register of N synthetic blocks and M synthetic APIs.
#
# Pages are not kept by the read cache (they follow the reader's language and session), so
# both sides are measured as computed from the database: R sequential requests, each right
# after a write (which ends every cached JSON answer); median and 99th percentile of curl's
# total time, and the ratio of the page's median to its JSON endpoint's.
#
#   bench/pages.sh [sqlite|postgres] [N blocks] [M apis] [R requests]
set -euo pipefail
backend=${1:-sqlite}
blocks=${2:-10000}
apis=${3:-100000}
rounds=${4:-100}
port=18998
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -q -p registry --manifest-path "$root/Cargo.toml"
bin="$root/target/release/registry"
work=$(mktemp -d)
cd "$work"
case "$backend" in
  sqlite) export DATABASE_URL="sqlite://$work/registry.db" ;;
  postgres)
    db="bbr_pages_$$"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" ;;
  *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "$backend" = postgres ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" seed --synthetic "$blocks" --synthetic-apis "$apis" --json >/dev/null
read -r client secret < <("$bin" clients create --operator --name bench --json |
  python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["clientId"], c["clientSecret"])')
RUST_LOG=warn "$bin" serve --no-seed --bind "127.0.0.1:$port" 2>server.log &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
api=$(curl -sf "$base/api/v1/apis?limit=1&offset=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
token=$(curl -sf -u "$client:$secret" -d grant_type=client_credentials "$base/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

write() {
  local v
  v=$(curl -sf -D - -o /dev/null "$base/api/v1/organisations/digg" | awk -F'"' 'tolower($0) ~ /^etag/ {print $2}')
  curl -sf -o /dev/null -X PUT "$base/api/v1/organisations/digg" -H "If-Match: \"$v\"" \
    -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' \
    -d '{"slug": "digg", "name": "Myndigheten för digital förvaltning", "shortName": "DIGG", "kind": "statlig-myndighet", "organisationNumber": "202100-6883", "website": "https://www.digg.se"}'
}

measure() {
  for _ in $(seq 1 "$rounds"); do
    write
    curl -sf -o /dev/null -H 'Accept: text/html' -w '%{time_total}\n' "$base$1"
  done | python3 -c 'import sys,statistics as s; t=sorted(float(x)*1000 for x in sys.stdin); print(round(s.median(t),2), round(t[min(len(t)-1, int(len(t)*0.99))],2))'
}

echo "| page | page p50 ms | page p99 ms | JSON endpoint | JSON p50 ms | JSON p99 ms | page / JSON (p50) |"
echo "|---|---:|---:|---|---:|---:|---:|"
while read -r page json; do
  read -r pp50 pp99 < <(measure "$page")
  read -r jp50 jp99 < <(measure "$json")
  ratio=$(python3 -c "print(round($pp50/$jp50,2))")
  echo "| \`$page\` | $pp50 | $pp99 | \`$json\` | $jp50 | $jp99 | $ratio |"
done <<EOF
/ /api/v1/building-blocks/facets
/byggblock /api/v1/building-blocks?limit=50
/byggblock?q=identitet /api/v1/building-blocks?q=identitet&limit=50
/byggblock/api-hantering /api/v1/building-blocks/api-hantering/roadmap
/sok?q=identitet /api/v1/building-blocks?q=identitet&limit=10
/api-katalog /api/v1/apis?limit=50
/api-katalog/$api /api/v1/apis/$api
/styrdokument /api/v1/documents/tree
/planer /api/v1/plans?limit=50
/organisationer /api/v1/organisations?limit=50
/faser /api/v1/building-blocks/facets
EOF
