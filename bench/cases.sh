#!/usr/bin/env bash
# Complete general-procedure penalty cases through the use cases on SQLite, each step a
# durable transaction with its log entry, beside raw SQLite inserts measured in the same run.
#
#   bash bench/cases.sh [SECONDS] [DIR]
#
# On a fresh demo county database, 1, 16 and 64 tasks in turn (SECONDS each, default 10) run
# whole cases in a loop — register, upload the case's video evidence, assign officers, file,
# record the inspection with the video, order correction, conclude with a 500 元 fine, notify,
# hear the (waived) statement, decide, serve, record payment, close, archive: 14 steps — and
# it prints cases/s, steps/s, the p50/p99 time of a whole case, the process's CPU time per
# case, and the mean time of each step. It then checks that every counted case is archived
# and that the log verifies, and inserts raw rows of the size one step writes (one durable
# transaction per row, then 1000 per transaction), SECONDS each.
#
# DIR (default: a new temporary directory, removed at the end) holds the databases and the
# evidence files.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
if [[ -n ${2:-} ]]; then
    work=$2
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
cargo build --release -p zhifa_app --example case_bench >/dev/null 2>&1
bench=$PWD/target/release/examples/case_bench

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
"$bench" --dir "$work" --seconds "$seconds" --tasks 1,16,64
