#!/usr/bin/env bash
# run-query-bench.sh - how long do reading commands take on a large ledger (issue 10: on
# >= 12,000 devices, one device's explain or lookup <= 20 ms, `devices --format json` <=
# 0.4 s, the XLSX ledger streamed with peak RSS <= 64 MiB plus the workbook)?
#
#   tests/bench/run-query-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary to measure (default: BUILD/agent/daicho). Steps:
#   1. the ledger: --db FILE as it is, else one made by ingesting --capture FILE, else by
#      ingesting a daicho-capgen hospital capture with --hosts stations (reused when the
#      work dir has one made with the same parameters by the same binary);
#   2. one device from the middle of the ledger (its id, MAC and an IPv4 address);
#   3. RUNS runs each, medians: `explain ID`, `explain MAC`, `explain IP`,
#      `devices --format json`, `devices --format csv`, `ledger --format xlsx -o FILE`,
#      `ledger --format csv`, `events --format json`; wall, CPU, peak RSS, load.
#
# Options:
#   --build DIR      build tree with tests/bench/daicho-capgen (default: $DAICHO_BUILD_DIR,
#                    else <repo>/build)
#   --work DIR       where captures, ledgers and outputs go (default: $BENCH_DATA, else
#                    BUILD/bench-data; keep it outside every git checkout)
#   --db FILE        measure this ledger (not modified; copied to the work dir first)
#   --capture FILE   make the ledger from this capture
#   --hosts N        hosts of the generated capture (default 12500)
#   --frames N       frames of the generated capture (default 3000000)
#   --runs N         runs of each command, medians kept (default 5)
#   --timeout S      give up a command after S seconds (default 300)
#   -h, --help       this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
db_in='' capture='' hosts=12500 frames=3000000 runs=5 limit=300

while (($#)); do
    case $1 in
        --db) db_in=${2:?--db needs a file}; shift 2 ;;
        --capture) capture=${2:?--capture needs a file}; shift 2 ;;
        --hosts) hosts=${2:?}; shift 2 ;;
        --frames) frames=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
whole_numbers hosts frames runs limit
((runs >= 1)) || die "--runs must be at least 1"
command -v sqlite3 > /dev/null || die "sqlite3 CLI needed to pick a device (Debian package sqlite3)"
common_setup
out=$work/query
mkdir -p "$out" || die "cannot create $out"
describe_daicho "$daicho"

# 1. The ledger. The made one is tagged with the binary's checksum: a ledger from another
#    build may have another schema.
db=$out/large.db
if [[ -n $db_in ]]; then
    [[ -r $db_in ]] || die "ledger '$db_in' is not readable"
    rm_ledger "$db"
    cp "$db_in" "$db"
    [[ -f $db_in-wal ]] && cp "$db_in-wal" "$db-wal"
    echo "ledger: copy of $db_in"
else
    if [[ -z $capture ]]; then
        capture=$work/hospital-f${frames}-h${hosts}-s1-snap0.pcap
        if [[ ! -s $capture ]]; then
            capgen=$(tool daicho-capgen daicho-capgen) || exit 1
            progress "generating $capture"
            "$capgen" --profile hospital --frames "$frames" --hosts "$hosts" --seed 1 \
                --out "$capture.part" > /dev/null 2>&1 || die "daicho-capgen failed"
            mv "$capture.part" "$capture"
        fi
    fi
    [[ -r $capture ]] || die "capture '$capture' is not readable"
    tag="$(basename "$capture") $(stat -c '%s %Y' "$capture") $(md5sum < "$daicho" | cut -c1-16)"
    if [[ -s $db && $(cat "$db.made-from" 2>/dev/null) == "$tag" ]]; then
        echo "ledger: reusing $db (made from $capture by this binary)"
    else
        rm_ledger "$db"
        progress "ingesting $capture"
        timed "$limit" "$out/ingest.log" "$daicho" ingest -q --db "$db" "$capture"
        [[ $T_STATUS == ok ]] || { tail -n 3 "$out/ingest.log" >&2; die "ingest $T_STATUS"; }
        echo "$tag" > "$db.made-from"
        echo "ledger: made from $capture"
        report "ingest (making the ledger)"
    fi
fi
n_dev=$(count_sql "$db" 'select count(*) from devices')
echo "ledger: $db, $n_dev devices, $(mib "$(ledger_bytes "$db")")"
[[ $n_dev =~ ^[0-9]+$ ]] && ((n_dev < 12000)) && echo "  (fewer than the 12,000 devices issue 10 asks for)"

# 2. One device from the middle, with an IPv4 address if any has one.
pick=$(sqlite3 -readonly -separator ' ' "$db" "select d.id, d.mac, coalesce((select a.address
    from device_addresses a where a.device_id = d.id and a.family = 4 limit 1), '') from devices d
    where exists (select 1 from device_addresses a where a.device_id = d.id and a.family = 4)
    order by d.id limit 1 offset (select count(*) / 2 from devices)" 2>/dev/null)
[[ -n $pick ]] || pick=$(sqlite3 -readonly -separator ' ' "$db" \
    "select id, mac, '' from devices order by id limit 1 offset (select count(*) / 2 from devices)")
read -r dev_id dev_mac dev_ip <<<"$pick"
[[ -n ${dev_id:-} ]] || die "no device in $db"
echo "device: id $dev_id, MAC $dev_mac${dev_ip:+, IPv4 $dev_ip}"
cat "$db" > /dev/null  # page cache warm

# 3. The commands, RUNS times each, medians.
# bench LABEL OUTPUT CMD...: RUNS runs, prints median wall, median CPU, largest peak RSS.
bench() {
    local label=$1 output=$2 walls=() cpus=() rss=0 status=ok i
    shift 2
    for ((i = 1; i <= runs; i++)); do
        rm -f "$output"
        timed "$limit" "$output.log" "$@"
        walls+=("$T_WALL") cpus+=("$T_CPU")
        ((T_RSS_KB > rss)) && rss=$T_RSS_KB
        if [[ $T_STATUS != ok ]]; then status=$T_STATUS; break; fi
    done
    local size=''
    if [[ -s $output ]]; then size=", output $(mib "$(stat -c %s "$output")")"
    elif [[ -s $output.log ]]; then size=", output $(mib "$(stat -c %s "$output.log")")"; fi
    printf '  %-32s %9.3f s  cpu %7.2f s  peak RSS %8.1f MiB  %s%s%s\n' "$label" \
        "$(median "${walls[@]}")" "$(median "${cpus[@]}")" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$(load_now)" "$size" \
        "$([[ $status == ok ]] || echo "  [$status]")"
    [[ $status == ok ]] || tail -n 3 "$output.log" | sed 's/^/    | /'
}
echo "commands (median of $runs runs; peak RSS the largest):"
bench "explain <id>" "$out/explain-id.txt" "$daicho" explain --db "$db" "$dev_id"
bench "explain <mac>" "$out/explain-mac.txt" "$daicho" explain --db "$db" "$dev_mac"
[[ -n $dev_ip ]] && bench "explain <ipv4>" "$out/explain-ip.txt" "$daicho" explain --db "$db" "$dev_ip"
bench "devices --format json" "$out/devices.json" "$daicho" devices --db "$db" --format json -o "$out/devices.json"
bench "devices --format csv" "$out/devices.csv" "$daicho" devices --db "$db" --format csv -o "$out/devices.csv"
bench "ledger --format xlsx -o FILE" "$out/ledger.xlsx" "$daicho" ledger --db "$db" --format xlsx -o "$out/ledger.xlsx"
bench "ledger --format csv -o FILE" "$out/ledger.csv" "$daicho" ledger --db "$db" --format csv -o "$out/ledger.csv"
bench "events --format json" "$out/events.json" "$daicho" events --db "$db" --format json -o "$out/events.json"
