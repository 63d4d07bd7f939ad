#!/usr/bin/env bash
# run-replay-bench.sh - how fast can `daicho run` capture live without losing a frame (issue 15:
# tcpreplay replays the benchmark corpus onto a veth inside a namespace at increasing rates while
# the daemon captures; the highest rate with zero drops of every kind, the CPU used, and what
# this machine could generate; target: no drops at 1 Gbit/s of that mix on one core)?
#
#   tests/bench/run-replay-bench.sh [options] [DAICHO]
#
# DAICHO is the daicho binary to measure (default: BUILD/agent/daicho). Needs root (network
# namespaces), tcpreplay and sqlite3. Steps:
#   1. two private network namespaces joined by a veth pair (--mtu, IPv6 off, no address:
#      the kernel sends nothing of its own; nothing leaves the pair);
#   2. the first N packets cut into a file of their own (kept in the work dir) that tcpreplay
#      loads into memory before sending (--preload-pcap: the disk is not what is measured);
#      what this machine can generate: tcpreplay --topspeed of them, nothing capturing;
#   3. per rate: a fresh ledger, `daicho run --interface` on the receiving end pinned to one
#      core (tcpreplay on the other), tcpreplay --mbps=RATE of the same N packets, then SIGTERM;
#      from the ledger's sensor_status: frames received, dropped by the kernel (ps_drop) and by
#      the interface (ps_ifdrop); from the veth's counters: frames that reached the receiving
#      end (its "dropped" counter is not a capture loss: it counts frames the namespace's own
#      stack discarded after the capture saw them, IPv6 ones with IPv6 off, for one);
#      daicho's CPU (user + system, /proc) per second of replay.
# A step is "no loss" when every drop count is 0 and daicho received every frame tcpreplay
# sent. Figures only: nothing here is a pass/fail threshold.
#
# Options:
#   --capture FILE    the capture to replay (default: WORK/corpus-large.pcap, the
#                     ../shared/bench corpus; see its README to build it)
#   --packets N       packets replayed per step (default 1000000)
#   --rates LIST      Mbit/s, comma-separated, in the order run (default 250,500,1000,1500,2000)
#   --merge-seconds S daicho's merge interval during the steps (default 5, the service's; 1
#                     puts merges inside every step: the capture is not read during a merge,
#                     so the capture buffer must hold what arrives meanwhile)
#   --buffer-mib M    capture.interfaces[].buffer_mib, the kernel's capture buffer (default 128,
#                     daicho's)
#   --cpu N           the core daicho runs on; tcpreplay takes another (default 0)
#   --mtu N           the veth pair's MTU (default 1500, a mirror port's); frames of the
#                     capture longer than it are not sent (tcpreplay counts them as failed)
#   --build DIR       build tree (default: $DAICHO_BUILD_DIR, else <repo>/build)
#   --work DIR        where ledgers and logs go (default: $BENCH_DATA, else BUILD/bench-data)
#   -h, --help        this text
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
common_defaults
capture="" packets=1000000 rates=250,500,1000,1500,2000 merge=5 cpu=0 mtu=1500 buffer=128

while (($#)); do
    case $1 in
        --capture) capture=${2:?--capture needs a file}; shift 2 ;;
        --packets) packets=${2:?}; shift 2 ;;
        --rates) rates=${2:?}; shift 2 ;;
        --merge-seconds) merge=${2:?}; shift 2 ;;
        --cpu) cpu=${2:?}; shift 2 ;;
        --mtu) mtu=${2:?}; shift 2 ;;
        --buffer-mib) buffer=${2:?}; shift 2 ;;
        *) common_option "$@"; shift "$SHIFT" ;;
    esac
done
whole_numbers packets merge cpu mtu buffer
[[ $rates =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--rates must be whole Mbit/s separated by commas, got '$rates'"
((EUID == 0)) || die "needs root (network namespaces)"
for t in tcpreplay:tcpreplay tcpdump:tcpdump sqlite3:sqlite3 ip:iproute2 taskset:util-linux; do
    command -v "${t%%:*}" > /dev/null || die "${t%%:*} not found (Debian package ${t#*:})"
done
common_setup
capture=${capture:-$work/corpus-large.pcap}
[[ -r $capture ]] || die "capture '$capture' not readable (build the corpus: ../shared/bench/README.md)"
cores=$(nproc)
((cpu < cores)) || die "--cpu $cpu: this machine has $cores cores"
gen_cpu=$(((cpu + 1) % cores))
out=$work/replay
mkdir -p "$out" || die "cannot create $out"
describe_daicho "$daicho"
echo "capture: $capture, first $(printf "%'d" "$packets") packets per step"
echo "cores: daicho on $cpu, tcpreplay on $gen_cpu (of $cores); merges every $merge s; capture buffer $buffer MiB"

# 1. The namespaces, removed on every exit.
gen=daicho-rb-gen-$$ cap=daicho-rb-cap-$$
daemon_pid=''
cleanup() {
    [[ -n $daemon_pid ]] && kill -TERM "$daemon_pid" 2> /dev/null && wait "$daemon_pid" 2> /dev/null
    ip netns del "$gen" 2> /dev/null
    ip netns del "$cap" 2> /dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$gen" && ip netns add "$cap" || die "cannot create network namespaces"
ip link add rbtx netns "$gen" type veth peer name rbrx netns "$cap" || die "cannot create the veth pair"
for ns in "$gen" "$cap"; do
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$gen" link set rbtx mtu "$mtu" up && ip -n "$cap" link set rbrx mtu "$mtu" up ||
    die "cannot bring the veth pair up"

# "Rated: 123.4 Bps, 0.98 Mbps, 345.6 pps" and "Successful packets: N" from tcpreplay's summary.
replay() {
    local log=$1
    shift
    ip netns exec "$gen" taskset -c "$gen_cpu" tcpreplay -q -i rbtx --preload-pcap "$@" "$slice" \
        > "$log" 2>&1 || { cat "$log" >&2; die "tcpreplay failed"; }
    sent=$(awk '/Successful packets:/ { print $3 }' "$log")
    mbps=$(awk '/Rated:/ { for (i = 1; i <= NF; i++) if ($i ~ /^Mbps/) print $(i - 1) }' "$log" | tr -d ',')
    pps=$(awk '/Rated:/ { for (i = 1; i <= NF; i++) if ($i ~ /^pps/) print $(i - 1) }' "$log" | tr -d ',')
    secs=$(awk '/Actual:/ { for (i = 1; i <= NF; i++) if ($i == "seconds") print $(i - 1) }' "$log")
}
# Frames that reached the receiving end of the pair.
veth_received() { ip -n "$cap" -s -j link show rbrx | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# 2. The packets of every step, and what the machine can generate.
slice=$out/first-$packets-$(basename "$capture")
if [[ ! -s $slice || $slice -ot $capture ]]; then
    progress "cutting the first $packets packets"
    tcpdump -r "$capture" -c "$packets" -w "$slice.part" 2> /dev/null && mv "$slice.part" "$slice" ||
        die "cannot cut $capture (tcpdump)"
fi
progress "tcpreplay --topspeed"
replay "$out/topspeed.log" --topspeed
printf 'generator alone (tcpreplay --topspeed): %s Mbit/s, %s packets/s (%s packets in %s s)\n' \
    "$mbps" "$pps" "$sent" "$secs"

# 3. The steps.
echo
printf '  %8s %9s %10s %10s %10s %10s %7s %7s %9s  %s\n' "asked" "got Mb/s" "pkt/s" "sent" \
    "at veth" "captured" "kernel" "iface" "daicho" "verdict"
best=0
hz=$(getconf CLK_TCK)
IFS=, read -r -a steps <<< "$rates"
for rate in "${steps[@]}"; do
    db=$out/replay-$rate.db
    rm_ledger "$db"
    progress "$rate Mbit/s"
    printf '{"capture": {"interfaces": [{"name": "rbrx", "buffer_mib": %d}], "merge_seconds": %d}}\n' \
        "$buffer" "$merge" > "$out/replay.json"
    ip netns exec "$cap" taskset -c "$cpu" "$daicho" --config "$out/replay.json" run --db "$db" \
        --lang en > "$out/daicho-$rate.log" 2>&1 &
    daemon_pid=$!
    # Capturing once it has named the interface (its first line, after the capture opened).
    for _ in $(seq 100); do
        grep -qs rbrx "$out/daicho-$rate.log" && break
        kill -0 "$daemon_pid" 2> /dev/null || { cat "$out/daicho-$rate.log" >&2; die "daicho run stopped"; }
        sleep 0.1
    done
    veth0=$(veth_received)
    ticks0=$(cpu_ticks "$daemon_pid")
    replay "$out/tcpreplay-$rate.log" --mbps="$rate"
    sleep 1  # what is in flight reaches the capture buffer
    ticks1=$(cpu_ticks "$daemon_pid")
    veth1=$(veth_received)
    kill -TERM "$daemon_pid"
    wait "$daemon_pid" || die "daicho run exited $? (log: $out/daicho-$rate.log)"
    daemon_pid=''
    read -r received kdrop idrop < <(sqlite3 -separator ' ' "$db" \
        "SELECT received, kernel_dropped, interface_dropped FROM sensor_status WHERE interface = 'rbrx'")
    at_veth=$((veth1 - veth0))
    cpu_pct=$(awk -v t=$((ticks1 - ticks0)) -v hz="$hz" -v s="$secs" 'BEGIN { printf "%.0f%%", 100 * t / hz / (s + 1) }')
    if ((kdrop == 0 && idrop == 0 && at_veth >= sent && received >= sent)); then
        verdict="no loss"
        best=$(awk -v a="$best" -v b="$mbps" 'BEGIN { print (b > a ? b : a) }')
    else
        verdict="lost $((sent > received ? sent - received : 0))"
    fi
    printf '  %8s %9s %10s %10s %10s %10s %7s %7s %9s  %s\n' "$rate" "$mbps" "$pps" "$sent" "$at_veth" \
        "$received" "$kdrop" "$idrop" "$cpu_pct" "$verdict"
done
echo
echo "highest rate sent with no loss of any kind: $best Mbit/s (the rate tcpreplay reached, not the"
echo "one asked; daicho's CPU is the share of one core over the replay plus 1 s)"
