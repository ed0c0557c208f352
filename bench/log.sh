#!/usr/bin/env bash
# The verifiable log on SQLite: durable appends through the use cases, full verification and
# inclusion proofs, each beside its baseline measured in the same run.
#
#   bash bench/log.sh [ENTRIES] [DIR]
#
# 1. appends: `App::create_api_token` from 1, 16, 64 and 256 tasks at once on a fresh demo
#    database, 10 s each, then raw SQLite inserts of rows of the same size (one durable
#    transaction per row, then 1000 per transaction).
# 2. verification: builds a log of ENTRIES entries (default 10,000,000; about 240 bytes of
#    database per entry) through the store, times `App::verify_log` over it, writes every
#    byte that verification hashes to one file and times `openssl dgst -sha256` over it.
# 3. proofs: `App::entry_proof` at 10,000 random entries of that log.
#
# DIR (default: a new temporary directory, removed at the end) holds the databases; a log
# already built there is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

entries=${1:-10000000}
if [[ -n ${2:-} ]]; then
    work=$2
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
cargo build --release -p zhifa_app --example log_bench >/dev/null 2>&1
bench=$PWD/target/release/examples/log_bench

echo "== durable appends"
"$bench" appends --dir "$work" --seconds 10

echo "== verification"
[[ -e $work/log.db ]] || "$bench" build --db "$work/log.db" --entries "$entries"
"$bench" verify --db "$work/log.db" --bytes "$work/hashed.bin"
echo "baseline, the same bytes through openssl:"
start=$(date +%s%N)
openssl dgst -sha256 "$work/hashed.bin"
end=$(date +%s%N)
echo "openssl dgst -sha256: $(((end - start) / 1000000)) ms"
rm -f "$work/hashed.bin"

echo "== inclusion proofs"
"$bench" proofs --db "$work/log.db" --samples 10000
