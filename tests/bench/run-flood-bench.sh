#!/usr/bin/env bash
# run-flood-bench.sh - what does a MAC flood do to ingest and to the commands after it
# (issue 10: 1,000,000 random MACs -> peak RSS <= 256 MiB, the flood recorded, every later
# command usable; report time and size)?
#
#   tests/bench/run-flood-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary to measure (default: BUILD/agent/daicho). Steps:
#   1. daicho-stressgen mac-flood: N frames, each from another random unicast MAC (kept in
#      the work dir);
#   2. `daicho ingest` into a fresh ledger: wall, CPU, peak RSS, ledger size and device
#      count, and whether the flood was recorded (ingest output, events, findings);
#   3. every reading command after it: devices (table, json), ledger (xlsx, csv), explain
#      of one flooding MAC, events; each: ok or failed, wall, peak RSS, output size.
# Every process runs under `timeout` and an address-space limit (ulimit -v), so that a
# flood that makes a command grow without bound is reported, not left to starve the
# machine.
#
# Options:
#   --build DIR        build tree with tests/bench/daicho-stressgen (default:
#                      $DAICHO_BUILD_DIR, else <repo>/build)
#   --work DIR         where the capture and ledger go (default: $BENCH_DATA, else
#                      BUILD/bench-data; keep it outside every git checkout)
#   --macs N           flooding MACs = frames (default 1000000)
#   --frame arp|syn    arp: who-has from a random 10/8 address (default); syn: macof-style
#                      TCP SYN with random MACs and IPv4 addresses
#   --timeout S        give up a process after S seconds (default 600)
#   --mem-limit-mib M  ulimit -v for each process, MiB (default 8192; 0 = none)
#   -h, --help         this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
macs=1000000 frame=arp limit=600 mem_mib=8192

while (($#)); do
    case $1 in
        --macs) macs=${2:?}; shift 2 ;;
        --frame) frame=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        --mem-limit-mib) mem_mib=${2:?}; shift 2 ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
whole_numbers macs limit mem_mib
[[ $frame == arp || $frame == syn ]] || die "--frame must be arp or syn"
common_setup
stressgen=$(tool daicho-stressgen daicho-stressgen) || exit 1
# No "flood" in these names: the check below looks for that word in what daicho prints,
# and commands print the capture's path.
out=$work/random-macs
mkdir -p "$out" || die "cannot create $out"

# Prefix that runs a command under the address-space limit (a word list, since timeout(1)
# execs its command and cannot run a shell function).
limited=()
((mem_mib > 0)) && limited=(bash -c 'ulimit -v "$1" || exit 125; shift; exec "$@"' limited $((mem_mib * 1024)))

describe_daicho "$daicho"
cap=$out/random-macs-$frame-$macs.pcap
if [[ ! -s $cap ]]; then
    progress "generating $cap"
    "$stressgen" mac-flood "$macs" --frame "$frame" --out "$cap.part" > /dev/null 2>&1 \
        || die "daicho-stressgen mac-flood failed"
    mv "$cap.part" "$cap"
fi
echo "capture: $cap ($macs random source MACs, $frame frames, $(mib "$(stat -c %s "$cap")"))"
echo "limits per process: timeout ${limit} s, address space $( ((mem_mib > 0)) && echo "${mem_mib} MiB" || echo unlimited)"

db=$out/ledger.db
rm_ledger "$db"
progress "ingesting (this is the long part)"
timed "$limit" "$out/ingest.log" "${limited[@]}" "$daicho" ingest --db "$db" "$cap"
report "ingest"
[[ $T_STATUS == ok ]] || tail -n 3 "$out/ingest.log" | sed 's/^/    | /'
echo "  ledger: $(mib "$(ledger_bytes "$db")"), $(count_sql "$db" 'select count(*) from devices') devices"
# Recorded? Whatever words the flood cap uses, "flood" should appear in what a person sees.
said=$(tr '\r' '\n' < "$out/ingest.log" | grep -i -m 3 'flood' | sed 's/^[[:space:]]*//' || true)
echo "  ingest output mentions a flood: $([[ -n $said ]] && echo "yes: ${said//$'\n'/ | }" || echo no)"
kinds=$(count_sql "$db" "select group_concat(kind || ' ' || n, ', ') from (select kind, count(*) n
    from events group by kind order by n desc limit 6)")
echo "  events in the ledger by kind: ${kinds:-none}"

echo "commands on the flooded ledger:"
run_cmd() {
    local label=$1 output=$2
    shift 2
    rm -f "$output"
    timed "$limit" "$output.log" "${limited[@]}" "$@"
    local size=''
    if [[ -s $output ]]; then size="output $(mib "$(stat -c %s "$output")")"
    else size="output $(mib "$(stat -c %s "$output.log")")"; fi
    report "$label"
    echo "    $size"
    [[ $T_STATUS == ok ]] || tail -n 2 "$output.log" | sed 's/^/    | /'
}
mac=$(count_sql "$db" "select mac from devices order by id limit 1 offset (select count(*) / 2 from devices)")
run_cmd "devices (table)" "$out/devices.txt" "$daicho" devices --db "$db" -o "$out/devices.txt"
run_cmd "devices --format json" "$out/devices.json" "$daicho" devices --db "$db" --format json -o "$out/devices.json"
run_cmd "ledger --format xlsx" "$out/ledger.xlsx" "$daicho" ledger --db "$db" --format xlsx -o "$out/ledger.xlsx"
run_cmd "ledger --format csv" "$out/ledger.csv" "$daicho" ledger --db "$db" --format csv -o "$out/ledger.csv"
[[ $mac == *:* ]] && run_cmd "explain $mac" "$out/explain.txt" "$daicho" explain --db "$db" "$mac"
run_cmd "events" "$out/events.txt" "$daicho" events --db "$db" -o "$out/events.txt"
flood_lines=$(cat "$out/events.txt" "$out/devices.txt" 2>/dev/null | grep -ci 'flood' || true)
echo "  lines mentioning a flood in events + devices output: $flood_lines"
