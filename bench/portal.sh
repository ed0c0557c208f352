#!/usr/bin/env bash
# Portal throughput on loopback: requests per second and latency of public pages of a demo
# county, with wrk, beside a static file served by the same binary (the baseline, in the same
# run): a published decision, the portal's home, a search, and /static/app.css.
#
#   bash bench/portal.sh [SECONDS] [CONNECTIONS]
#
# Needs wrk (Debian's package `wrk`). Builds the release binary, starts `zhifa demo` in a
# temporary directory (which publishes the demo's served decisions at start), and runs wrk
# with 2 threads for SECONDS (default 10) per page with CONNECTIONS (default 32) connections.
# Server and load generator share the machine's cores, as they would on one county machine.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
source bench/server.sh

port=$(free_port)
base="http://127.0.0.1:$port"
ZHIFA_LOG=warn "$bin" demo --data-dir "$work/data" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
wait_ready "$port"
# The first published decision, once the sweep at start has published them.
id=""
for _ in $(seq 200); do
    id=$(curl -fs "$base/portal/decisions" | grep -o 'href="/portal/decisions/[0-9]*"' | head -1 | grep -o '[0-9]*' || true)
    [[ -n $id ]] && break
    sleep 0.05
done
[[ -n $id ]] || { echo "no decision was published" >&2; exit 1; }

echo "| page | requests/s | p50 | p99 | bytes |"
echo "|---|---|---|---|---|"
run() {
    local label=$1 path=$2 out
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base$path")
    local rps p50 p99 size
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    size=$(curl -fs "$base$path" | wc -c)
    if grep -q "Non-2xx" <<<"$out"; then echo "$label: non-2xx responses" >&2; exit 1; fi
    echo "| $label | $rps | $p50 | $p99 | $size |"
}
run "baseline: /static/app.css" "/static/app.css"
run "a published decision" "/portal/decisions/$id"
run "portal home" "/portal"
run "search (罚款)" "/portal/decisions?q=%E7%BD%9A%E6%AC%BE"
