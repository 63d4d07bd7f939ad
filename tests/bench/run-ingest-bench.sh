#!/usr/bin/env bash
# run-ingest-bench.sh - how fast does `daicho ingest` read a capture, against the floor of
# any libpcap reader (pcap_floor: open + pcap_next_ex loop, nothing else)?
#
#   tests/bench/run-ingest-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary (default: BUILD/agent/daicho). Steps:
#   1. make the hospital capture with daicho-capgen unless one with the same parameters is
#      already in the work dir (the file name carries the parameters);
#   2. warm the page cache (read the file once);
#   3. run pcap_floor RUNS times and `daicho ingest --db <fresh>.db CAPTURE` RUNS times,
#      timing each the same way (wall clock around the process), keeping the best;
#   4. print frames, seconds and packets/s for both, the ratio, and the ledger's device count.
#
# Options:
#   --build DIR      build tree with tests/bench/{daicho-capgen,pcap_floor} and agent/daicho
#                    (default: $DAICHO_BUILD_DIR, else <repo>/build)
#   --work DIR       where captures and ledgers go (default: BUILD/bench-data)
#   --capture FILE   use this capture instead of generating one
#   --frames N       frames to generate (default 5000000)
#   --hosts N        hosts in the hospital profile (default 3000)
#   --seed S         generator seed (default 1)
#   --snaplen N      generator snaplen (default 0 = whole frames)
#   --runs N         timed runs of each program, best kept (default 3)
#   --floor-only     measure the floor only (no daicho needed)
#   -h, --help       this text
set -euo pipefail

die() { echo "run-ingest-bench: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/../.." && pwd)
build=${DAICHO_BUILD_DIR:-$repo/build}
work='' capture='' daicho=''
frames=5000000 hosts=3000 seed=1 snaplen=0 runs=3 floor_only=0

while (($#)); do
    case $1 in
        --build) build=${2:?--build needs a directory}; shift 2 ;;
        --work) work=${2:?--work needs a directory}; shift 2 ;;
        --capture) capture=${2:?--capture needs a file}; shift 2 ;;
        --frames) frames=${2:?}; shift 2 ;;
        --hosts) hosts=${2:?}; shift 2 ;;
        --seed) seed=${2:?}; shift 2 ;;
        --snaplen) snaplen=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --floor-only) floor_only=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [[ -z $daicho ]] || die "only one DAICHO binary, got '$daicho' and '$1'"; daicho=$1; shift ;;
    esac
done
for v in frames hosts seed snaplen runs; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "--$v must be a whole number, got '${!v}'"
done
((runs >= 1)) || die "--runs must be at least 1"

build=$(cd "$build" 2>/dev/null && pwd) || die "build dir '$build' does not exist (use --build)"
floor=$build/tests/bench/pcap_floor
capgen=$build/tests/bench/daicho-capgen
[[ -x $floor ]] || die "$floor not found: build it (ninja -C $build daicho_pcap_floor)"
if ((!floor_only)); then
    daicho=${daicho:-$build/agent/daicho}
    [[ -x $daicho ]] || die "daicho binary '$daicho' not found or not executable (pass its path, or --floor-only)"
fi
work=${work:-$build/bench-data}
mkdir -p "$work" || die "cannot create work dir $work"

# 1. The capture.
if [[ -n $capture ]]; then
    [[ -r $capture ]] || die "capture '$capture' is not readable"
else
    capture=$work/hospital-f${frames}-h${hosts}-s${seed}-snap${snaplen}.pcap
    if [[ -s $capture ]]; then
        echo "capture: reusing $capture"
    else
        [[ -x $capgen ]] || die "$capgen not found: build it (ninja -C $build daicho-capgen)"
        echo "capture: generating $capture"
        "$capgen" --profile hospital --frames "$frames" --hosts "$hosts" --seed "$seed" \
            --snaplen "$snaplen" --out "$capture.part" || die "daicho-capgen failed"
        mv "$capture.part" "$capture"
    fi
fi
size=$(stat -c %s "$capture")

# 2. Warm the page cache, so both programs read from memory.
cat "$capture" > /dev/null

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
pps() { awk -v f="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0) ? f / s : 0 }'; }

# 3a. Floor.
floor_best='' floor_frames=''
for ((i = 1; i <= runs; i++)); do
    t0=$(now)
    out=$("$floor" "$capture") || die "pcap_floor failed on $capture"
    t1=$(now)
    floor_frames=$(sed -n 's/.*frames=\([0-9]*\).*/\1/p' <<<"$out")
    [[ -n $floor_frames ]] || die "cannot read pcap_floor output: $out"
    s=$(elapsed "$t0" "$t1")
    echo "  floor run $i: ${s} s"
    floor_best=$(min "$s" "$floor_best")
done

# 3b. Ingest, each run into a fresh ledger. Output goes to a log (not a terminal: quiet).
ingest_best='' summary='' devices=''
if ((!floor_only)); then
    db=$work/ingest-bench.db
    log=$work/ingest-bench.log
    for ((i = 1; i <= runs; i++)); do
        rm -f "$db" "$db-wal" "$db-shm"
        t0=$(now)
        if ! "$daicho" ingest --db "$db" "$capture" > "$log" 2>&1; then
            tail -n 5 "$log" >&2
            die "daicho ingest failed (run $i); full output in $log"
        fi
        t1=$(now)
        s=$(elapsed "$t0" "$t1")
        summary=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 || true)
        echo "  ingest run $i: ${s} s"
        ingest_best=$(min "$s" "$ingest_best")
    done
    if command -v sqlite3 > /dev/null; then
        devices=$(sqlite3 "$db" 'select count(*) from devices' 2>&1) || devices="(query failed: $devices)"
    else
        devices="(sqlite3 CLI not installed)"
    fi
fi

# 4. Report.
echo
echo "capture: $capture ($size bytes, $floor_frames frames)"
printf '%-8s %10s %10s %12s\n' "" frames seconds packets/s
printf '%-8s %10s %10s %12s\n' floor "$floor_frames" "$floor_best" "$(pps "$floor_frames" "$floor_best")"
if ((!floor_only)); then
    printf '%-8s %10s %10s %12s\n' ingest "$floor_frames" "$ingest_best" "$(pps "$floor_frames" "$ingest_best")"
    awk -v i="$ingest_best" -v f="$floor_best" 'BEGIN {
        if (f > 0 && i > 0) printf "ratio ingest/floor: %.2fx the time (ingest runs at %.1f%% of the floor rate)\n", i / f, 100 * f / i }'
    echo "daicho summary: $summary"
    echo "ledger devices: $devices"
fi
echo "(best of $runs runs each, page cache warm, $(nproc) CPUs)"
