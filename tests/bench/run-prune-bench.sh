#!/usr/bin/env bash
# run-prune-bench.sh - retention on a ledger of two years' live capture (issue 15): how long
# `daicho prune` takes, and how long another writer (the capture's merge, annotate) waits for
# the write lock meanwhile (it must stay well under the 5 s busy timeout).
#
#   tests/bench/run-prune-bench.sh [options] [DAICHO]
#
# The ledger is the demo capture's, grown by grow_ledger.py (devices, events, renamed and
# readdressed devices, DNS answers, connection points over 800 days; about half older than the
# 400-day default). Then: `prune --dry-run`, `prune` with lock_waits.py beside it, and
# `prune` again (the daily prune's usual work). Needs python3.
#
# Options:
#   --build DIR      build tree (default: $DAICHO_BUILD_DIR, else <repo>/build)
#   --work DIR       where the ledger goes (default: $BENCH_DATA, else BUILD/bench-data)
#   --scale N        rows in thousands per million of the default sizes (default 1000:
#                    20,000 devices, 2 M events, 1 M names, 0.5 M addresses, 1 M DNS answers,
#                    0.2 M connection points; 100 is a tenth)
#   --timeout S      give up a prune after S seconds (default 900)
#   -h, --help       this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
scale=1000 limit=900

while (($#)); do
    case $1 in
        --scale) scale=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
whole_numbers scale limit
common_setup
command -v python3 > /dev/null || die "python3 not found"
out=$work/prune
mkdir -p "$out" || die "cannot create $out"
describe_daicho "$daicho"
db=$out/prune.db
rm_ledger "$db"
"$daicho" ingest -q --db "$db" "$script_dir/../demo/hospital-demo.pcap" \
    > /dev/null 2>&1 || die "ingest of the demo capture failed"
rows() { echo $(($1 * scale / 1000)); }
progress "growing $db"
python3 "$script_dir/grow_ledger.py" "$db" "$(rows 20000)" "$(rows 2000000)" "$(rows 1000000)" \
    "$(rows 500000)" "$(rows 1000000)" "$(rows 200000)" || die "grow_ledger.py failed"
echo "ledger: $(du -m "$db" | cut -f1) MiB"

timed "$limit" "$out/dry-run.txt" "$daicho" prune --dry-run --lang en --db "$db"
report "prune --dry-run"
echo "    $(cat "$out/dry-run.txt")"
python3 "$script_dir/lock_waits.py" "$db" "$limit" > "$out/waits.txt" 2>&1 &
waiter=$!
timed "$limit" "$out/prune.txt" "$daicho" prune --lang en --db "$db"
report "prune"
echo "    $(cat "$out/prune.txt")"
kill -TERM "$waiter" 2> /dev/null  # it prints what it measured and ends
wait "$waiter"
echo "    $(cat "$out/waits.txt")"
timed "$limit" "$out/again.txt" "$daicho" prune --lang en --db "$db"
report "prune again (the next day's)"
