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
usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

repo=$(cd "$script_dir/../.." && pwd)
build=${DAICHO_BUILD_DIR:-$repo/build}
work=${BENCH_DATA:-} daicho=''
ns="1000 2000 4000 8000 100000" cases="names versions" events_n=8000 limit=120

while (($#)); do
    case $1 in
        --build) build=${2:?--build needs a directory}; shift 2 ;;
        --work) work=${2:?--work needs a directory}; shift 2 ;;
        --n) ns=${2:?}; shift 2 ;;
        --cases) cases=${2:?}; shift 2 ;;
        --events-n) events_n=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [[ -z $daicho ]] || die "only one DAICHO binary, got '$daicho' and '$1'"; daicho=$1; shift ;;
    esac
done
for n in $ns $events_n $limit; do
    [[ $n =~ ^[0-9]+$ ]] || die "not a whole number: '$n'"
done
for c in $cases; do
    [[ $c == names || $c == versions ]] || die "unknown case '$c' (names or versions)"
done
need_gnu_time
build=$(cd "$build" 2>/dev/null && pwd) || die "build dir '$build' does not exist (use --build)"
daicho=$(resolve_daicho "$daicho" "$build")
stressgen=$build/tests/bench/daicho-stressgen
[[ -x $stressgen ]] || die "$stressgen not found: build it (cmake --build $build --target daicho-stressgen)"
work=${work:-$build/bench-data}
out=$work/history
mkdir -p "$out" || die "cannot create work dir $out"
describe_daicho "$daicho"
echo "ingest of one device's history (timeout ${limit} s each):"

station=02:00:5e:10:00:01  # daicho-stressgen's station MAC
for c in $cases; do
    case $c in
        names) what="distinct DHCP host names"; kind=name_change ;;
        versions) what="distinct HTTP Server versions"; kind=software_change ;;
    esac
    echo " $c: one MAC, N $what"
    prev_wall='' prev_n=''
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
            extra+=$(awk -v w="$T_WALL" -v n="$n" 'BEGIN { printf ", %.3f ms per value", 1000 * w / n }')
            if [[ -n $prev_wall ]]; then
                extra+=$(awk -v w="$T_WALL" -v p="$prev_wall" -v n="$n" -v pn="$prev_n" \
                    'BEGIN { printf ", x%.2f time for x%.1f N", (p > 0) ? w / p : 0, n / pn }')
            fi
            prev_wall=$T_WALL prev_n=$n
        else
            prev_wall=''
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
    report "$c: events --device $station"
done
