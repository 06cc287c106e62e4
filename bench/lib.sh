# What the benchmark scripts share (sourced, not run): a release build, fresh databases that
# are dropped at exit, servers started and waited for, an operator token, the write that ends
# every cached answer, and the three measurements every script reports side by side:
#
# - bench_cold PATH: R sequential requests, each right after a write, so each answer is
#   computed (from the index and the database) rather than taken from the read cache;
# - bench_hot PATH: wrk, 2 threads, 16 connections; answers from the read cache;
# - bench_floor SQL: the nearest query run directly against the database (sqlite3 / psql, the
#   time the database itself reports), the best the storage alone can do;
#
# and the baseline of the same run: `/healthz`, a static answer through the same middleware.
# Scripts set `backend` (sqlite|postgres) before sourcing.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cargo build --release -q -p registry --manifest-path "$root/Cargo.toml"
bin="$root/target/release/registry"
work=$(mktemp -d)
cd "$work"
bench_dbs=()
bench_pids=()

case "$backend" in
  sqlite | postgres) ;;
  *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac

bench_cleanup() {
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  for db in "${bench_dbs[@]}"; do
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
  rm -rf "$work"
}
trap bench_cleanup EXIT

# A fresh database named NAME of the backend; prints its URL.
bench_db() {
  if [ "$backend" = sqlite ]; then
    echo "sqlite://$work/$1.db"
  else
    local db="bbr_bench_${1}_$$"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >&2
    bench_dbs+=("$db")
    echo "postgres://postgres@127.0.0.1:5432/$db"
  fi
}

secs() { python3 -c "print(round($(date +%s.%N) - $1, 1))"; }

bench_ready() {
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server on port $1 did not become ready" >&2
  exit 1
}

# bench_serve PORT DATABASE_URL [serve options…]: starts a server; its pid in $server.
bench_serve() {
  local port=$1 url=$2
  shift 2
  DATABASE_URL=$url RUST_LOG=warn "$bin" serve --no-seed --bind "127.0.0.1:$port" "$@" \
    2>"server-$port.log" &
  server=$!
  bench_pids+=("$server")
  bench_ready "$port"
}

# bench_token BASE DATABASE_URL: an operator client of that node and its token in $token.
bench_token() {
  local client secret
  read -r client secret < <(DATABASE_URL=$2 "$bin" clients create --operator --name bench --json |
    python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["clientId"], c["clientSecret"])')
  token=$(curl -sf -u "$client:$secret" -d grant_type=client_credentials "$1/oauth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
}

# A write that changes nothing a benchmarked endpoint shows: a round trip of one organisation.
bench_write() {
  local v
  v=$(curl -sf -D - -o /dev/null "$base/api/v1/organisations/digg" | awk -F'"' 'tolower($0) ~ /^etag/ {print $2}')
  curl -sf -o /dev/null -X PUT "$base/api/v1/organisations/digg" -H "If-Match: \"$v\"" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"slug": "digg", "name": "Myndigheten för digital förvaltning", "shortName": "DIGG", "kind": "statlig-myndighet", "organisationNumber": "202100-6883", "website": "https://www.digg.se"}'
}

# Median and 99th percentile (the largest of fewer than 100) of milliseconds on stdin.
bench_stats() {
  python3 -c 'import sys,statistics as s; t=sorted(float(x) for x in sys.stdin if x.strip()); print(round(s.median(t),2), round(t[min(len(t)-1, int(len(t)*0.99))],2))'
}

# bench_cold PATH [RUNS] [ACCEPT]: "p50 p99" in ms of answers computed after a write.
bench_cold() {
  for _ in $(seq 1 "${2:-30}"); do
    bench_write
    curl -sf -o /dev/null -H "Accept: ${3:-application/json}" -w '%{time_total}\n' "$base$1" |
      python3 -c 'import sys; print(float(sys.stdin.read())*1000)'
  done | bench_stats
}

# bench_hot PATH SECONDS: "requests/s p50 p99" (ms) from wrk with 16 connections.
bench_hot() {
  local out
  out=$(wrk -t2 -c16 -d"${2}s" --latency "$base$1")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    n = re.match(r"[0-9.]+", v).group()
    return round(float(n) * {"us": 0.001, "ms": 1, "s": 1000}[v[len(n):]], 2)
rps = re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)
p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
print(round(float(rps)), ms(p50), ms(p99))
PY
}

# bench_floor DATABASE_URL SQL [RUNS]: "p50 p99" in ms of the query as the database times it.
bench_floor() {
  local url=$1 sql=$2 runs=${3:-30}
  if [ "$backend" = sqlite ]; then
    { echo ".timer on"; for _ in $(seq 1 "$runs"); do echo "$sql;"; done; } |
      sqlite3 "${url#sqlite://}" 2>/dev/null | awk '/^Run Time/ {print $4 * 1000}' | bench_stats
  else
    { echo '\timing on'; for _ in $(seq 1 "$runs"); do echo "$sql;"; done; } |
      psql -X -q -o /dev/null "$url" | awk '/^Time:/ {print $2}' | bench_stats
  fi
}

ratio() { python3 -c "print(round($1/$2, 2) if $2 else '–')"; }
