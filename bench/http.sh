#!/usr/bin/env bash
# HTTP read benchmark: starts a release build of the registry on a fresh database, loads the
# seeded register (plus N synthetic building blocks when asked), and measures each endpoint:
#
# - hot: wrk, 2 threads, 16 connections, for S seconds; answers come from the read cache
#   after the first. /healthz, a static JSON answer through the same middleware, is the
#   baseline measured in the same run.
# - cold: 50 sequential requests, each right after a write (which ends every cached answer),
#   so each is computed from the database; median and 99th percentile of curl's total time.
#
#   bench/http.sh [sqlite|postgres] [N synthetic blocks] [S seconds per endpoint]
#
# Needs wrk (apt-get install wrk) and, for postgres, the local server with trust auth.
set -euo pipefail
backend=${1:-sqlite}
synthetic=${2:-0}
seconds=${3:-10}
port=18999
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -q -p registry --manifest-path "$root/Cargo.toml"
bin="$root/target/release/registry"
work=$(mktemp -d)
cd "$work"
case "$backend" in
  sqlite) export DATABASE_URL="sqlite://$work/registry.db" ;;
  postgres)
    db="bbr_bench_$$"
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
if [ "$synthetic" -gt 0 ]; then
  "$bin" seed --synthetic "$synthetic" --json >/dev/null
else
  "$bin" seed --json >/dev/null
fi
# The write that ends the cached answers needs a token: an operator client of this node.
read -r client secret < <("$bin" clients create --operator --name bench --json |
  python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["clientId"], c["clientSecret"])')
RUST_LOG=warn "$bin" serve --no-seed --bind "127.0.0.1:$port" 2>server.log &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
token=$(curl -sf -u "$client:$secret" -d grant_type=client_credentials "$base/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
one=$(curl -sf "$base/api/v1/building-blocks?limit=1&offset=7" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

# A write that changes nothing a benchmarked endpoint shows: a round trip of one organisation.
write() {
  local v
  v=$(curl -sf -D - -o /dev/null "$base/api/v1/organisations/digg" | awk -F'"' 'tolower($0) ~ /^etag/ {print $2}')
  curl -sf -o /dev/null -X PUT "$base/api/v1/organisations/digg" -H "If-Match: \"$v\"" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"slug": "digg", "name": "Myndigheten för digital förvaltning", "shortName": "DIGG", "kind": "statlig-myndighet", "organisationNumber": "202100-6883", "website": "https://www.digg.se"}'
}

ms() { python3 -c "import sys,re; v=sys.argv[1]; n=re.match(r'[0-9.]+',v).group(); print(round(float(n)*{'us':0.001,'ms':1,'s':1000}[v[len(n):]],2))" "$1"; }

echo "| endpoint | hot requests/s | hot p50 ms | hot p99 ms | hot vs /healthz | cold p50 ms | cold p99 ms |"
echo "|---|---:|---:|---:|---:|---:|---:|"
baseline=""
for path in \
  "/healthz" \
  "/api/v1/building-blocks/$one" \
  "/api/v1/building-blocks/api-hantering" \
  "/api/v1/building-blocks?limit=20" \
  "/api/v1/building-blocks?limit=20&offset=5000" \
  "/api/v1/building-blocks?phase=utveckling&category=informationsutbyte" \
  "/api/v1/building-blocks?q=identitet" \
  "/api/v1/building-blocks/facets" \
  "/api/v1/organisations?limit=20"; do
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency "$base$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  [ -z "$baseline" ] && baseline=$rps
  ratio=$(python3 -c "print(round($rps/$baseline,2))")
  cold=$(for _ in $(seq 1 50); do write; curl -sf -o /dev/null -w '%{time_total}\n' "$base$path"; done |
    python3 -c 'import sys,statistics as s; t=sorted(float(x)*1000 for x in sys.stdin); print(round(s.median(t),2), round(t[min(len(t)-1, int(len(t)*0.99))],2))')
  label=${path/$one/"{id}"}
  echo "| \`GET $label\` | $rps | $(ms "$p50") | $(ms "$p99") | $ratio | ${cold% *} | ${cold#* } |"
done
