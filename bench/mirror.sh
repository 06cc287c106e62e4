#!/usr/bin/env bash
# Federation benchmark: how long a fresh node takes to mirror a peer, and its memory meanwhile.
#
# A release build; an origin node seeded with the register plus M synthetic APIs
# (`registry seed --synthetic-apis M`); a fresh mirror node with the origin as its peer. One
# on-demand sync (`POST /api/v1/federation/peers/{id}/sync`, which answers when the mirror has
# caught up) is timed, and the mirror's peak resident memory (VmHWM) is read before and after.
# Baselines of the same run: the origin's own load of the entries (`seed`), and one plain read
# of the origin's whole feed in pages of the same size (what fetching alone costs).
# Both nodes and the database share the machine.
#
#   bench/mirror.sh [sqlite|postgres] [M synthetic APIs] [page size]
#
# Needs curl and, for postgres, the local server with trust auth (bench/lib.sh).
set -euo pipefail
backend=${1:-sqlite}
apis=${2:-100000}
page=${3:-500}
origin_port=18996
mirror_port=18997
source "$(dirname "$0")/lib.sh"
# Both nodes are on this machine's loopback, which the outbound guard refuses by default.
export REGISTRY_OUTBOUND_ALLOW_PRIVATE=true
origin_db=$(bench_db origin)
mirror_db=$(bench_db mirror)
start=$(date +%s.%N)
DATABASE_URL=$origin_db "$bin" seed --node-id agency-a --synthetic-apis "$apis" --json >/dev/null
echo "origin: the register and $apis synthetic APIs loaded in $(secs "$start") s"
bench_serve $origin_port "$origin_db" --node-id agency-a --pull-peers false
origin=$server
changes=$(curl -sf "http://127.0.0.1:$origin_port/api/v1/federation/node" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lastSeq"])')

start=$(date +%s.%N)
python3 - "http://127.0.0.1:$origin_port" "$page" <<'PY'
import json, sys, urllib.request
base, limit, after = sys.argv[1], sys.argv[2], 0
while True:
    with urllib.request.urlopen(f"{base}/api/v1/federation/changes?after={after}&limit={limit}") as r:
        page = json.load(r)
    if page.get("nextAfter") is None:
        break
    after = page["nextAfter"]
PY
echo "origin: its whole feed read in $(secs "$start") s"

peer=$(DATABASE_URL=$mirror_db "$bin" peers add --url "http://127.0.0.1:$origin_port" --interval 86400 --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
read -r id secret < <(DATABASE_URL=$mirror_db "$bin" clients create --operator --json |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["clientId"], d["clientSecret"])')
bench_serve $mirror_port "$mirror_db" --node-id owner --pull-peers false --pull-page "$page"
mirror=$server
token=$(curl -sf -u "$id:$secret" -d grant_type=client_credentials "http://127.0.0.1:$mirror_port/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
before=$(hwm $mirror)
start=$(date +%s.%N)
report=$(curl -sf -X POST -H "authorization: Bearer $token" --max-time 3600 \
  "http://127.0.0.1:$mirror_port/api/v1/federation/peers/$peer/sync")
took=$(secs "$start")
after=$(hwm $mirror)
applied=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["applied"], len(d["rejected"]), len(d["waiting"]))' "$report")
read -r applied rejected waiting <<<"$applied"
apis_held=$(curl -sf "http://127.0.0.1:$mirror_port/api/v1/apis?limit=1&origin=agency-a" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalCount"])')
echo
echo "| backend | origin changes | applied | rejected | waiting | APIs held | seconds | changes/s | mirror peak RSS before MiB | after MiB | origin peak RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $backend | $changes | $applied | $rejected | $waiting | $apis_held | $took | $(python3 -c "print(round($applied/$took))") | $(python3 -c "print(round($before/1024))") | $(python3 -c "print(round($after/1024))") | $(python3 -c "print(round($(hwm $origin)/1024))") |"
