#!/usr/bin/env bash
# Start-up time and memory of `zhifa serve` on the demo database.
#
#   bash bench/startup.sh [RUNS]
#
# Builds the release binary, creates a demo database once, then RUNS times (default 10):
# starts `zhifa serve`, measures the time until the first request is answered (GET /healthz,
# which reads the database), reads the resident memory once idle, and after 200 signed-in page
# requests. The baseline, measured in the same run, is the bare process start (`zhifa --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
source bench/server.sh
now_ns() { date +%s%N; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# The demo database, created once.
port=$(free_port)
ZHIFA_LOG=warn "$bin" demo --data-dir "$work/data" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
wait_ready "$port"
kill "$server"; wait "$server" 2>/dev/null || true; server=""

baseline=(); startup=(); idle=(); busy=()
for _ in $(seq "$runs"); do
    t0=$(now_ns); "$bin" --help >/dev/null; t1=$(now_ns)
    baseline+=($(((t1 - t0) / 1000)))

    port=$(free_port)
    t0=$(now_ns)
    ZHIFA_LOG=warn "$bin" serve --data-dir "$work/data" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
    server=$!
    wait_ready "$port"
    t1=$(now_ns)
    startup+=($(((t1 - t0) / 1000)))
    sleep 3
    idle+=($(rss_kib "$server"))

    jar=$work/cookies
    rm -f "$jar"
    csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"//')
    curl -s -o /dev/null -c "$jar" -b "$jar" -d "username=admin&password=Zhifa-Demo-2026&_csrf=$csrf" "http://127.0.0.1:$port/login"
    for i in $(seq 50); do
        for page in / /lists /catalog /townships/17; do
            curl -s -o /dev/null -b "$jar" "http://127.0.0.1:$port$page"
        done
    done
    busy+=($(rss_kib "$server"))
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%s %s %s", a[1], a[int((NR+1)/2)], a[NR]}'; }
read -r bmin bmed bmax <<<"$(stats "${baseline[@]}")"
read -r smin smed smax <<<"$(stats "${startup[@]}")"
read -r imin imed imax <<<"$(stats "${idle[@]}")"
read -r umin umed umax <<<"$(stats "${busy[@]}")"
echo "runs: $runs on $(nproc) cores, $(uname -m), database: SQLite demo"
echo "| measure | min | median | max |"
echo "|---|---|---|---|"
printf '| baseline: process start (`zhifa --help`) | %.1f ms | %.1f ms | %.1f ms |\n' "$(bc -l <<<"$bmin/1000")" "$(bc -l <<<"$bmed/1000")" "$(bc -l <<<"$bmax/1000")"
printf '| `zhifa serve` to first answered request | %.1f ms | %.1f ms | %.1f ms |\n' "$(bc -l <<<"$smin/1000")" "$(bc -l <<<"$smed/1000")" "$(bc -l <<<"$smax/1000")"
printf '| resident memory, idle | %.1f MiB | %.1f MiB | %.1f MiB |\n' "$(bc -l <<<"$imin/1024")" "$(bc -l <<<"$imed/1024")" "$(bc -l <<<"$imax/1024")"
printf '| resident memory after 200 signed-in pages | %.1f MiB | %.1f MiB | %.1f MiB |\n' "$(bc -l <<<"$umin/1024")" "$(bc -l <<<"$umed/1024")" "$(bc -l <<<"$umax/1024")"
