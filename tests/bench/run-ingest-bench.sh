#!/usr/bin/env bash
# run-ingest-bench.sh - how fast does a whole `daicho ingest` process read a capture, against
# the floor of any libpcap reader (pcap_floor: pcap_open_offline + a counting pcap_loop)?
#
#   tests/bench/run-ingest-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary to measure (default: BUILD/agent/daicho). Steps:
#   1. the capture: --capture FILE (the benchmark corpus, ../shared/bench/README.md), else a
#      hospital capture made with daicho-capgen (reused when one with the same parameters is
#      in the work dir; the file name carries the parameters);
#   2. warm the page cache (read the file once, then one untimed floor run);
#   3. RUNS alternating pairs: floor, daicho ingest into a fresh ledger, floor, ingest, ...
#      (same sitting, so load from other programs hits both alike); each process under GNU
#      time for peak RSS and CPU;
#   4. print medians: seconds, packets/s, CPU, peak RSS of each, the ratio of ingest's
#      packet rate to the floor's (the issue-10 bar is >= 50%, peak RSS <= 64 MiB), the
#      ledger's device count, and the load average beside every run.
#
# Options:
#   --build DIR      build tree with tests/bench/{daicho-capgen,pcap_floor} and agent/daicho
#                    (default: $DAICHO_BUILD_DIR, else <repo>/build)
#   --work DIR       where generated captures and ledgers go (default: $BENCH_DATA, else
#                    BUILD/bench-data; keep it outside every git checkout)
#   --capture FILE   measure this capture (e.g. $BENCH_DATA/corpus-large.pcap)
#   --frames N       frames to generate when no --capture (default 5000000)
#   --hosts N        hosts in the hospital profile (default 3000)
#   --seed S         generator seed (default 1)
#   --snaplen N      generator snaplen (default 0 = whole frames)
#   --runs N         alternating pairs of timed runs, medians kept (default 5)
#   --timeout S      give up a daicho run after S seconds (default 600)
#   --floor-only     measure the floor only (no daicho needed)
#   -h, --help       this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
capture='' frames=5000000 hosts=3000 seed=1 snaplen=0 runs=5 limit=600 floor_only=0

while (($#)); do
    case $1 in
        --capture) capture=${2:?--capture needs a file}; shift 2 ;;
        --frames) frames=${2:?}; shift 2 ;;
        --hosts) hosts=${2:?}; shift 2 ;;
        --seed) seed=${2:?}; shift 2 ;;
        --snaplen) snaplen=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --timeout) limit=${2:?}; shift 2 ;;
        --floor-only) floor_only=1; shift ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
whole_numbers frames hosts seed snaplen runs limit
((runs >= 1)) || die "--runs must be at least 1"
common_setup "$( ((floor_only)) && echo no-daicho)"
floor=$(tool pcap_floor daicho_pcap_floor) || exit 1

# 1. The capture.
if [[ -n $capture ]]; then
    [[ -r $capture ]] || die "capture '$capture' is not readable"
else
    capture=$work/hospital-f${frames}-h${hosts}-s${seed}-snap${snaplen}.pcap
    if [[ ! -s $capture ]]; then
        capgen=$(tool daicho-capgen daicho-capgen) || exit 1
        progress "generating $capture"
        "$capgen" --profile hospital --frames "$frames" --hosts "$hosts" --seed "$seed" \
            --snaplen "$snaplen" --out "$capture.part" > /dev/null 2>&1 || die "daicho-capgen failed"
        mv "$capture.part" "$capture"
    fi
fi
size=$(stat -c %s "$capture")

# 2. Warm the page cache, so both programs read from memory; one untimed floor run also
#    reads the frame count.
progress "warming the page cache ($(mib "$size"))"
cat "$capture" > /dev/null
frames_in=$("$floor" "$capture" | sed -n 's/.*frames=\([0-9]*\).*/\1/p')
[[ -n $frames_in ]] || die "pcap_floor cannot read $capture"

((floor_only)) || describe_daicho "$daicho"
echo "capture: $capture ($(mib "$size"), $frames_in frames)"
echo "alternating runs (floor, ingest, floor, ingest, ...):"

# 3. Alternating runs.
db=$work/ingest-bench.db
log=$work/ingest-bench.log
fw=() fc=() fr=() iw=() ic=() ir=() failed=0
for ((i = 1; i <= runs; i++)); do
    progress "pair $i/$runs"
    timed "$limit" "$log" "$floor" "$capture"
    [[ $T_STATUS == ok ]] || die "pcap_floor $T_STATUS on $capture"
    report "floor run $i"
    fw+=("$T_WALL") fc+=("$T_CPU") fr+=("$T_RSS_KB")
    ((floor_only)) && continue
    rm_ledger "$db"
    timed "$limit" "$log" "$daicho" ingest -q --db "$db" "$capture"
    report "ingest run $i"
    if [[ $T_STATUS != ok ]]; then
        tail -n 3 "$log" | sed 's/^/    | /'
        failed=$((failed + 1))
        continue
    fi
    iw+=("$T_WALL") ic+=("$T_CPU") ir+=("$T_RSS_KB")
done

# 4. Medians.
rate() { awk -v f="$1" -v s="$2" 'BEGIN { printf "%.2f Mpps", (s > 0) ? f / s / 1e6 : 0 }'; }
echo
echo "medians of $runs runs (page cache warm, $(nproc) CPUs, $(load_now) at the end):"
f_wall=$(median "${fw[@]}") f_cpu=$(median "${fc[@]}") f_rss=$(median "${fr[@]}")
printf '  %-8s %8.3f s wall  %8.2f s cpu  %12s  peak RSS %6.1f MiB\n' floor "$f_wall" "$f_cpu" \
    "$(rate "$frames_in" "$f_wall")" "$(awk -v k="$f_rss" 'BEGIN { print k / 1024 }')"
if ((!floor_only)); then
    ((${#iw[@]} > 0)) || die "every ingest run failed; last output in $log"
    i_wall=$(median "${iw[@]}") i_cpu=$(median "${ic[@]}")
    i_rss_max=$(printf '%s\n' "${ir[@]}" | sort -g | tail -n 1)
    printf '  %-8s %8.3f s wall  %8.2f s cpu  %12s  peak RSS %6.1f MiB (largest of the runs)\n' \
        ingest "$i_wall" "$i_cpu" "$(rate "$frames_in" "$i_wall")" \
        "$(awk -v k="$i_rss_max" 'BEGIN { print k / 1024 }')"
    awk -v i="$i_wall" -v f="$f_wall" -v ic="$i_cpu" -v fcpu="$f_cpu" 'BEGIN {
        printf "  ingest packet rate = %.1f%% of the floor'"'"'s (%.2fx its wall time; cpu %.2fx)\n", 100 * f / i, i / f, (fcpu > 0) ? ic / fcpu : 0 }'
    ((failed == 0)) || echo "  $failed ingest run(s) failed (not in the medians)"
    echo "  ledger: $(count_sql "$db" 'select count(*) from devices') devices, $(mib "$(ledger_bytes "$db")")"
fi
