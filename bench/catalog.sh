#!/usr/bin/env bash
# API catalogue benchmark: a release build of the registry on a fresh database with the seeded
# register plus M synthetic APIs (`registry seed --synthetic-apis M`), then:
#
# - cold reads: R sequential requests per endpoint, each right after a write (which ends every
#   cached answer), so each answer is computed from the database; median and 99th percentile
#   (the largest of fewer than 100) of curl's total time;
# - the DCAT export (RDF/XML and Turtle): time, size, and the server's peak resident memory
#   (VmHWM) before and after, which tells whether the export streams in constant memory.
#
#   bench/catalog.sh [sqlite|postgres] [M synthetic APIs] [R requests per endpoint]
#
# Needs curl and, for postgres, the local server with trust auth.
set -euo pipefail
backend=${1:-sqlite}
apis=${2:-100000}
runs=${3:-30}
port=18998
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
start=$(date +%s.%N)
"$bin" seed --synthetic-apis "$apis" --json >/dev/null
echo "loading $apis synthetic APIs: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
echo
# The write that ends the cached answers needs a token: an operator client of this node.
read -r client secret < <("$bin" clients create --operator --name bench --json |
  python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["clientId"], c["clientSecret"])')
RUST_LOG=warn "$bin" serve --no-seed --bind "127.0.0.1:$port" 2>server.log &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
token=$(curl -sf -u "$client:$secret" -d grant_type=client_credentials "$base/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
one=$(curl -sf "$base/api/v1/apis?limit=1&offset=7" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

# A write that changes nothing a benchmarked endpoint shows: a round trip of one organisation.
write() {
  local v
  v=$(curl -sf -D - -o /dev/null "$base/api/v1/organisations/digg" | awk -F'"' 'tolower($0) ~ /^etag/ {print $2}')
  curl -sf -o /dev/null -X PUT "$base/api/v1/organisations/digg" -H "If-Match: \"$v\"" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"slug": "digg", "name": "Myndigheten för digital förvaltning", "shortName": "DIGG", "kind": "statlig-myndighet", "organisationNumber": "202100-6883", "website": "https://www.digg.se"}'
}

echo "| endpoint | matches | cold p50 ms | cold p99 ms |"
echo "|---|---:|---:|---:|"
for path in \
  "/api/v1/apis/$one" \
  "/api/v1/apis?limit=20" \
  "/api/v1/apis?limit=20&offset=50000" \
  "/api/v1/apis?status=i-produktion&theme=ECON" \
  "/api/v1/apis?organisation=skatteverket&accessRights=publik" \
  "/api/v1/apis?buildingBlock=identitet" \
  "/api/v1/apis?q=4711" \
  "/api/v1/apis?q=identitet" \
  "/api/v1/apis/facets" \
  "/api/v1/apis/facets?organisation=skatteverket" \
  "/api/v1/apis/facets?q=identitet"; do
  matches=$(curl -sf "$base$path" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("totalCount", 1))')
  cold=$(for _ in $(seq 1 "$runs"); do write; curl -sf -o /dev/null -w '%{time_total}\n' "$base$path"; done |
    python3 -c 'import sys,statistics as s; t=sorted(float(x)*1000 for x in sys.stdin); print(round(s.median(t),2), "|", round(t[min(len(t)-1, int(len(t)*0.99))],2))')
  echo "| \`GET ${path//$one/{id\}}\` | $matches | $cold |"
done

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
