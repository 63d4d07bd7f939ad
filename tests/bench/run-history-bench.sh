#!/usr/bin/env bash
# run-history-bench.sh - does ingest stay linear when one device keeps changing (issue 10:
# ingest time linear in N for one device sending N distinct names or versions, `events` on
# that ledger well under a second)?
#
#   tests/bench/run-history-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary to measure (default: BUILD/agent/daicho). For each case and N:
#   names     one MAC sends N DHCP Requests, each with another host name (N - 1 name changes)
#   versions  one HTTP server answers N times, each with another `Server: Apache/2.x.y`
#             (N - 1 software changes)
# the capture is made with daicho-stressgen (kept in the work dir), ingested into a fresh
# ledger under `timeout`, and timed (wall, CPU, peak RSS, load); a run past the limit
# reports "timed out". Then `events` (all, and --device MAC) is timed on the ledger of
# --events-n values of each case.
#
# Options:
#   --build DIR      build tree with tests/bench/daicho-stressgen (default: $DAICHO_BUILD_DIR,
#                    else <repo>/build)
#   --work DIR       where captures and ledgers go (default: $BENCH_DATA, else
#                    BUILD/bench-data; keep it outside every git checkout)
#   --n "LIST"       values of N (default "1000 2000 4000 8000 100000")
#   --cases "LIST"   cases to run (default "names versions")
#   --events-n N     the N whose ledger `events` is timed on (default 8000)
#   --timeout S      give up an ingest or events run after S seconds (default 120)
#   -h, --help       this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
ns="1000 2000 4000 8000 100000" cases="names versions" events_n=8000 limit=120

while (($#)); do
    case $1 in
        --n) ns=${2:?}; shift 2 ;;
        --cases) cases=${2:?}; shift 2 ;;
        --events-n) events_n=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
for n in $ns; do
    [[ $n =~ ^[0-9]+$ ]] || die "--n: not a whole number: '$n'"
done
whole_numbers events_n limit
for c in $cases; do
    [[ $c == names || $c == versions ]] || die "unknown case '$c' (names or versions)"
done
common_setup
stressgen=$(tool daicho-stressgen daicho-stressgen) || exit 1
out=$work/history
mkdir -p "$out" || die "cannot create $out"
describe_daicho "$daicho"
echo "ingest of one device's history (timeout ${limit} s each):"

station=02:00:5e:10:00:01  # daicho-stressgen's station MAC
for c in $cases; do
    case $c in
        names) what="distinct DHCP host names"; kind=name_change ;;
        versions) what="distinct HTTP Server versions"; kind=software_change ;;
    esac
    echo " $c: one MAC, N $what"
    prev_wall='' prev_cpu='' prev_n=''
    for n in $ns; do
        cap=$out/$c-$n.pcap
        if [[ ! -s $cap ]]; then
            progress "generating $cap"
            "$stressgen" "$c" "$n" --out "$cap.part" > /dev/null 2>&1 || die "daicho-stressgen $c $n failed"
            mv "$cap.part" "$cap"
        fi
        db=$out/$c-$n.db
        rm_ledger "$db"
        progress "ingesting $cap"
        timed "$limit" "$out/$c-$n.log" "$daicho" ingest -q --db "$db" "$cap"
        extra=''
        if [[ $T_STATUS == ok ]]; then
            extra="  $(count_sql "$db" "select count(*) from events where kind = '$kind'") $kind events"
            extra+=$(awk -v w="$T_WALL" -v c="$T_CPU" -v n="$n" \
                'BEGIN { printf ", %.3f ms wall / %.3f ms cpu per value", 1000 * w / n, 1000 * c / n }')
            # Linear: x2 time for x2 N. The CPU ratio is the steadier one on a loaded machine.
            if [[ -n $prev_wall ]]; then
                extra+=$(awk -v w="$T_WALL" -v p="$prev_wall" -v c="$T_CPU" -v pc="$prev_cpu" \
                    -v n="$n" -v pn="$prev_n" 'BEGIN { printf ", x%.1f N: x%.2f wall, x%.2f cpu",
                        n / pn, (p > 0) ? w / p : 0, (pc > 0) ? c / pc : 0 }')
            fi
            prev_wall=$T_WALL prev_cpu=$T_CPU prev_n=$n
        else
            prev_wall='' prev_cpu=''
            rm_ledger "$db"  # a killed ingest leaves no capture to query
        fi
        report "ingest N=$n"
        [[ -n $extra ]] && echo "   $extra"
    done
done

echo "events on the N=$events_n ledgers (timeout ${limit} s each):"
for c in $cases; do
    db=$out/$c-$events_n.db
    if [[ ! -s $db ]]; then
        echo "  $c: no ledger for N=$events_n (ingest did not finish, or N not in --n)"
        continue
    fi
    timed "$limit" "$out/events-$c.txt" "$daicho" events --db "$db"
    report "$c: events"
    echo "    output $(wc -l < "$out/events-$c.txt") lines"
    timed "$limit" "$out/events-$c-device.txt" "$daicho" events --db "$db" --device "$station"
    report "$c: events --device MAC"
done
