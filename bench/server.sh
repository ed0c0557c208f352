# Shared by the benchmarks that start a server: the release binary, a temporary data directory
# removed at exit with any server still running, a free port, and waiting for /healthz.
# Source it from the repository's root: `source bench/server.sh`.

cargo build --release -p zhifa >/dev/null 2>&1
bin=$PWD/target/release/zhifa
work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { until curl -fs -o /dev/null "http://127.0.0.1:$1/healthz"; do sleep 0.002; done; }
