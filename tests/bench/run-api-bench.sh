#!/usr/bin/env bash
# The API's load figures (issue 15): `daicho serve` over a ledger (default: the demo capture
# ingested into a temporary one; or --db LEDGER, e.g. the 12,000-device benchmark ledger) on a
# loopback port, then api_load.py: COUNT requests per path, CONCURRENCY at a time, bounded in
# time. Prints requests per second and latencies; exit 1 on any answer that is not 200.
#   run-api-bench.sh DAICHO [--db LEDGER] [--count N] [--concurrency C]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
daicho=$(realpath "$1")
shift
db="" count=500 concurrency=4
while [[ $# -gt 0 ]]; do
    case $1 in
    --db) db=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) echo "usage: $0 DAICHO [--db LEDGER] [--count N] [--concurrency C]" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
if [[ -z "$db" ]]; then
    db=$work/demo.db
    "$daicho" ingest -q --db "$db" "$here/../demo/hospital-demo.pcap" >/dev/null
fi
head -c 24 /dev/urandom | base64 >"$work/token"
chmod 600 "$work/token"
"$daicho" serve --db "$db" --token-file "$work/token" --listen 127.0.0.1:0 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 50); do
    port=$(grep -o '127\.0\.0\.1:[0-9]*' "$work/serve.err" | head -n1 | cut -d: -f2 || true)
    [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/serve.err" >&2; exit 1; }
first=$(python3 -c 'import json, sys, urllib.request as u
r = u.Request(f"http://127.0.0.1:{sys.argv[1]}/api/v1/devices",
              headers={"Authorization": "Bearer " + open(sys.argv[2]).readline().strip()})
print(json.load(u.urlopen(r))[0]["id"])' "$port" "$work/token")
python3 "$here/api_load.py" "$port" "$work/token" --count "$count" --concurrency "$concurrency" \
    /api/v1/health "/api/v1/devices/$first" /metrics
