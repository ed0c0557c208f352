#!/usr/bin/env bash
# Memory and throughput of a large evidence upload and its checked read-back.
#
#   bash bench/evidence_upload.sh [MIB]
#
# Builds the release binary, starts `zhifa demo` on a fresh data directory, signs in as the
# demo officer of 城关镇 and creates an API token. It generates a file of MIB MiB (default
# 2048) of random bytes, then measures in the same run:
#   - the baselines: reading the file (`cat file > /dev/null`) and hashing it (`sha256sum`,
#     and `openssl dgst -sha256`, which uses the CPU's SHA instructions where it has them);
#   - the upload: `curl -T` (streamed, with Content-Length) to POST /api/v1/evidence;
#   - the read-back: GET /api/v1/evidence/{id}/content to /dev/null (the server checks the
#     hash as it streams; the client checks the length);
# and the server's peak resident memory (VmHWM in /proc/<pid>/status) before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

mib=${1:-2048}
cargo build --release -p zhifa >/dev/null 2>&1
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/zhifa
work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
mib_s() { bc -l <<<"$mib / ($1 / 1000000000)"; }

port=$(free_port)
base=http://127.0.0.1:$port
ZHIFA_LOG=warn "$bin" demo --data-dir "$work/data" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
until curl -fs -o /dev/null "$base/healthz"; do sleep 0.05; done

jar=$work/cookies
field_csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | field_csrf)
curl -s -o /dev/null -c "$jar" -b "$jar" -d "username=officer&password=Zhifa-Demo-2026&_csrf=$csrf" "$base/login"
csrf=$(curl -s -b "$jar" "$base/account" | field_csrf)
token=$(curl -s -b "$jar" -d "name=bench&_csrf=$csrf" "$base/account/tokens" | grep -o '<code class="token">[^<]*' | sed 's/.*>//')
me=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/me")
user_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$me")
org_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["org"]["id"])' <<<"$me")

file=$work/video.mp4
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$file"
sync

t0=$(now_ns); cat "$file" >/dev/null; t1=$(now_ns); cat_ns=$((t1 - t0))
t0=$(now_ns); sha=$(sha256sum "$file" | cut -d' ' -f1); t1=$(now_ns); sha_ns=$((t1 - t0))
t0=$(now_ns); openssl dgst -sha256 "$file" >/dev/null; t1=$(now_ns); ossl_ns=$((t1 - t0))

hwm_before=$(hwm_kib "$server")
query="org_id=$org_id&officer_id=$user_id&device=DSJ-bench&captured_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)&sha256=$sha"
t0=$(now_ns)
reply=$(curl -sS -T "$file" -X POST -H "Authorization: Bearer $token" -H "Content-Type: video/mp4" "$base/api/v1/evidence?$query")
t1=$(now_ns); up_ns=$((t1 - t0))
hwm_upload=$(hwm_kib "$server")
id=$(python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["sha256"]==sys.argv[1], r; print(r["id"])' "$sha" <<<"$reply")

t0=$(now_ns)
got=$(curl -sS -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "$base/api/v1/evidence/$id/content")
t1=$(now_ns); down_ns=$((t1 - t0))
hwm_read=$(hwm_kib "$server")
[[ $got == "$((mib * 1024 * 1024))" ]] || { echo "read back $got bytes" >&2; exit 1; }

echo "file: $mib MiB of random bytes; $(nproc) cores, $(uname -m); database: SQLite demo"
echo "| measure | time | throughput |"
echo "|---|---|---|"
printf '| baseline: `cat file > /dev/null` | %.2f s | %.0f MiB/s |\n' "$(bc -l <<<"$cat_ns/1000000000")" "$(mib_s "$cat_ns")"
printf '| baseline: `sha256sum file` | %.2f s | %.0f MiB/s |\n' "$(bc -l <<<"$sha_ns/1000000000")" "$(mib_s "$sha_ns")"
printf '| baseline: `openssl dgst -sha256 file` | %.2f s | %.0f MiB/s |\n' "$(bc -l <<<"$ossl_ns/1000000000")" "$(mib_s "$ossl_ns")"
printf '| upload (`curl -T`, hashed and fsynced) | %.2f s | %.0f MiB/s |\n' "$(bc -l <<<"$up_ns/1000000000")" "$(mib_s "$up_ns")"
printf '| checked read-back (`curl -o /dev/null`) | %.2f s | %.0f MiB/s |\n' "$(bc -l <<<"$down_ns/1000000000")" "$(mib_s "$down_ns")"
echo
echo "| server peak resident memory (VmHWM) | MiB |"
echo "|---|---|"
printf '| after start-up and sign-in | %.1f |\n' "$(bc -l <<<"$hwm_before/1024")"
printf '| after the upload | %.1f |\n' "$(bc -l <<<"$hwm_upload/1024")"
printf '| after the read-back | %.1f |\n' "$(bc -l <<<"$hwm_read/1024")"
