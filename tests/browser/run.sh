#!/usr/bin/env bash
# Builds Zhifa, serves a fresh demo county on a free local port and drives it with the
# browser flows in headless Chromium: flow.mjs (lists and catalog), cases.mjs (case handling
# and documents), portal.mjs (the public portal) and complaints.mjs (filing a complaint and
# following it). Works from any current directory.
#
# Environment:
#   CHROMIUM              browser executable (default /usr/bin/chromium)
#   ZHIFA_BROWSER_PG_URL  a PostgreSQL server's URL (postgres://user@host:port/db): the portal
#                         and complaint flows run again on a demo seeded into a new database there
#   ZHIFA_SCREENSHOTS     directory for phone and desktop screenshots (optional)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

fail() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || fail "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null || fail "Node.js is not installed"
command -v npm >/dev/null || fail "npm is not installed"
export CHROMIUM

echo "building zhifa"
(cd "$ROOT" && cargo build -p zhifa)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/zhifa
[[ -x $BIN ]] || fail "no binary at $BIN after the build"

if [[ ! -d $HERE/node_modules/playwright-core ]]; then
    echo "installing playwright-core"
    (cd "$HERE" && npm ci --no-audit --no-fund)
fi

WORK=$(mktemp -d -t zhifa-browser.XXXXXX)
LOG=""
SERVER_PID=""
PG_DB=""
OK=""

stop_server() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

cleanup() {
    local status=$?
    stop_server
    if [[ -z $OK && -n $LOG && -f $LOG ]]; then
        echo "---- server log ----" >&2
        cat "$LOG" >&2
        echo "---- end of server log ----" >&2
    fi
    if [[ -n $PG_DB ]]; then
        psql "$ZHIFA_BROWSER_PG_URL" -qc "drop database if exists $PG_DB" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

# Starts `zhifa demo` on a free port with a fresh data directory named NAME, and any further
# arguments (a database URL); sets URL once it answers /healthz.
start_demo() {
    local name=$1
    shift
    local port
    port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
    URL=http://127.0.0.1:$port
    LOG=$WORK/$name.log
    echo "starting the demo county ($name) on $URL"
    "$BIN" demo --data-dir "$WORK/$name" --listen "127.0.0.1:$port" "$@" >"$LOG" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + 120))
    healthy() {
        node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$URL/healthz"
    }
    until healthy; do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited before it was ready"
        ((SECONDS < deadline)) || fail "the server did not answer $URL/healthz within 120 s"
        sleep 0.5
    done
}

start_demo sqlite
ZHIFA_URL=$URL node "$HERE/flow.mjs"
ZHIFA_URL=$URL node "$HERE/cases.mjs"
ZHIFA_URL=$URL node "$HERE/portal.mjs"
ZHIFA_URL=$URL node "$HERE/complaints.mjs"
stop_server

# The portal and complaints again on PostgreSQL, in a database of its own, when a server is given.
if [[ -n ${ZHIFA_BROWSER_PG_URL:-} ]]; then
    command -v psql >/dev/null || fail "ZHIFA_BROWSER_PG_URL is set but psql is not installed"
    PG_DB=zhifa_browser_$$
    psql "$ZHIFA_BROWSER_PG_URL" -qc "create database $PG_DB" >/dev/null
    start_demo postgres --database-url "${ZHIFA_BROWSER_PG_URL%/*}/$PG_DB"
    ZHIFA_URL=$URL ZHIFA_SCREENSHOTS= node "$HERE/portal.mjs"
    ZHIFA_URL=$URL ZHIFA_SCREENSHOTS= node "$HERE/complaints.mjs"
    stop_server
fi
OK=1
