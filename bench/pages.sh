#!/usr/bin/env bash
# Web interface benchmark: each page against the JSON endpoint that returns the same data,
# measured in the same run on a register of N synthetic blocks and M synthetic APIs.
#
# Pages are not kept by the read cache (they follow the reader's language and session), so
# both sides are measured as computed from the database: R sequential requests, each right
# after a write (which ends every cached JSON answer); median and 99th percentile of curl's
# total time, and the ratio of the page's median to its JSON endpoint's.
#
#   bench/pages.sh [sqlite|postgres] [N blocks] [M apis] [R requests]   (bench/lib.sh)
set -euo pipefail
backend=${1:-sqlite}
blocks=${2:-10000}
apis=${3:-100000}
rounds=${4:-100}
source "$(dirname "$0")/lib.sh"
url=$(bench_db pages)
start=$(date +%s.%N)
DATABASE_URL=$url "$bin" seed --synthetic "$blocks" --synthetic-apis "$apis" --json >/dev/null
echo "seeding $blocks synthetic blocks and $apis synthetic APIs: $(secs "$start") s"
echo
bench_serve 18995 "$url"
base="http://127.0.0.1:18995"
bench_token "$base" "$url"
api=$(curl -sf "$base/api/v1/apis?limit=1&offset=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
measure() { bench_cold "$1" "$rounds" text/html; }

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
