# shellcheck shell=bash
# Helpers for the network-namespace labs in tests/lab/ (sourced, not run).
#
# A lab is a set of network namespaces named "dl<id>-<role>": "dl<id>-br" holds the bridge
# br0, every other one is a host with one veth ("eth0") to the bridge. Nothing is created in
# the caller's namespace, no namespace has a default route, and the bridge is never attached
# to a physical interface, so no lab frame can leave the lab. Each run records its owner pid
# in /run/daicho-lab/<id>/ so a later run can remove what a killed run (ctest timeout,
# SIGKILL) left behind.
#
# Exit codes: 77 = skipped (ctest SKIP_RETURN_CODE), 1 = the lab itself failed.

LAB_SKIP=77
# The checkers import each other; no __pycache__ is written into the source tree.
export PYTHONDONTWRITEBYTECODE=1
LAB_STATE_ROOT=/run/daicho-lab
LAB_ID=""
LAB_TMP=""
LAB_OUT=""
declare -a LAB_PIDS=()
declare -A LAB_PID_OF=()

lab_say() { printf 'lab: %s\n' "$*" >&2; }
# set -e stops at the first failing command; say which one it was. Set when a lab script
# sources this file, not in lab_create: a command failing before that (in lab_start, say)
# would otherwise end the run with no word, and ctest would show a failure with empty output.
trap 'lab_say "FAILED: \"$BASH_COMMAND\" exited $? (${BASH_SOURCE[0]##*/} line $LINENO)"' ERR
lab_skip() {
    printf 'SKIP: %s\n' "$*"
    exit "$LAB_SKIP"
}
lab_fail() {
    printf 'lab: FAILED: %s\n' "$*" >&2
    [[ -n "$LAB_OUT" ]] && printf 'lab: logs and capture kept in %s\n' "$LAB_OUT" >&2
    exit 1
}

# lab_require_root, lab_require_tools CMD:PACKAGE...: the skip conditions.
lab_require_root() {
    [[ "$(id -u)" -eq 0 ]] ||
        lab_skip "identity lab needs root (network namespaces, a bridge, daemons on port < 1024); run as root, as CI does"
}
lab_require_tools() {
    local spec cmd pkg path
    for spec in "$@"; do
        cmd=${spec%%:*} pkg=${spec#*:}
        path=$(command -v "$cmd" 2>/dev/null) || path=""
        [[ -f "$path" && -x "$path" ]] ||
            lab_skip "'$cmd' not found (Debian package $pkg); tests/lab/install-lab-deps.sh installs it"
    done
}

# lab_require_busybox APPLET...: busybox has each applet. (grep reads the whole list: with -q
# it could exit first, and busybox's SIGPIPE would fail the pipeline under pipefail.)
lab_require_busybox() {
    local applet
    for applet in "$@"; do
        busybox --list | grep -x "$applet" >/dev/null ||
            lab_skip "busybox has no '$applet' applet (Debian package busybox); tests/lab/install-lab-deps.sh installs it"
    done
}
lab_require_sqlite() {
    python3 -c 'import sqlite3' 2>/dev/null ||
        lab_skip "python3 has no sqlite3 module (Debian package libpython3-stdlib)"
}

# lab_args "$@": a lab script's command line, DAICHO_BINARY OUTPUT_DIR, into $daicho (absolute)
# and $out; exit 2 on misuse.
lab_args() {
    if [[ $# -ne 2 ]]; then
        echo "usage: $0 DAICHO_BINARY OUTPUT_DIR" >&2
        exit 2
    fi
    daicho=$(realpath "$1")
    out=$2
    [[ -x "$daicho" ]] || { echo "$0: $1 is not an executable" >&2; exit 2; }
}

# lab_start PATTERN...: the output directory $out made absolute and rid of the files of the
# last run (PATTERNs, globs relative to it), $t_start, dead runs' labs removed, this run's lab
# created (lab_create), $T its temporary directory.
lab_start() {
    local pattern
    mkdir -p "$out"
    out=$(realpath "$out")
    for pattern in "$@"; do
        # shellcheck disable=SC2086  # the pattern is a glob on purpose
        rm -rf -- "${out:?}"/$pattern
    done
    # shellcheck disable=SC2034  # t_start and T are the calling script's
    t_start=$(date +%s%N)
    lab_sweep_stale
    lab_create "$out"
    # shellcheck disable=SC2034
    T=$LAB_TMP
    lab_say "lab dl$LAB_ID, output in $out"
}

lab_ns() { printf 'dl%s-%s' "$LAB_ID" "$1"; }
# lab_in ROLE CMD...: run CMD inside ROLE's namespace (with /etc/netns/<ns>/ bind-mounted
# over /etc by `ip netns exec`, so its resolv.conf is the lab's DNS).
lab_in() {
    local role=$1
    shift
    ip netns exec "$(lab_ns "$role")" "$@"
}

# lab_bg NAME ROLE CMD...: start CMD in ROLE's namespace in the background, output to
# $LAB_OUT/NAME.log; the pid is the command's own (setsid and ip netns exec both exec it).
# setsid puts it in its own session, so a Ctrl-C reaches only this script, whose trap then
# stops everything in order.
lab_bg() {
    local name=$1 role=$2
    shift 2
    setsid ip netns exec "$(lab_ns "$role")" "$@" >"$LAB_OUT/$name.log" 2>&1 </dev/null &
    LAB_PIDS+=("$!")
    LAB_PID_OF[$name]=$!
}

# lab_wait SECONDS WHAT CMD...: poll CMD every 0.1 s until it succeeds; fail after SECONDS.
# lab_wait_for NAME SECONDS WHAT CMD...: the same, and fail at once if daemon NAME died.
lab_wait() {
    lab_wait_for "" "$@"
}
lab_wait_for() {
    local name=$1 limit=$2 what=$3
    shift 3
    local tries=$((limit * 10))
    until "$@" >/dev/null 2>&1; do
        if [[ -n "$name" ]] && ! kill -0 "${LAB_PID_OF[$name]}" 2>/dev/null; then
            [[ -f "$LAB_OUT/$name.log" ]] && tail -n 15 "$LAB_OUT/$name.log" | sed 's/^/  | /' >&2
            lab_fail "$name exited while waiting for $what (log: $LAB_OUT/$name.log)"
        fi
        if ((--tries <= 0)); then
            [[ -n "$name" && -f "$LAB_OUT/$name.log" ]] && tail -n 15 "$LAB_OUT/$name.log" | sed 's/^/  | /' >&2
            lab_fail "timed out after ${limit} s waiting for $what"
        fi
        sleep 0.1
    done
}

# lab_listening ROLE PROTO ADDR:PORT: a socket listens there (udp or tcp).
lab_listening() {
    local role=$1 proto=$2 addr=$3 opts=-Hlnt
    [[ "$proto" == udp ]] && opts=-Hlnu
    lab_in "$role" ss "$opts" | awk -v a="$addr" '$4 == a { found = 1 } END { exit !found }'
}

# Remove the namespaces, /etc/netns dirs and processes of lab ID (ours or a dead run's).
lab_teardown_id() {
    local -  # set +e stays inside: teardown goes on past every failure
    set +e
    local id=$1 ns pid pids=() tries
    local -a namespaces=()
    mapfile -t namespaces < <(ip netns list 2>/dev/null | awk -v p="dl${id}-" 'index($1, p) == 1 { print $1 }')
    for ns in "${namespaces[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do pids+=("$pid"); done
    done
    if ((${#pids[@]})); then
        kill -TERM "${pids[@]}" 2>/dev/null
        for ((tries = 30; tries > 0; tries--)); do
            local alive=0
            for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
            ((alive)) || break
            sleep 0.1
        done
        kill -KILL "${pids[@]}" 2>/dev/null
    fi
    for ns in "${namespaces[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    # /etc/netns/<ns> may outlive its namespace when a run was killed between the two.
    for ns in /etc/netns/dl"${id}"-*; do
        [[ -d "$ns" ]] && rm -rf -- "$ns"
    done
    # /etc/netns itself only if that run created it and nothing else uses it now.
    [[ -e "$LAB_STATE_ROOT/$id/made-etc-netns" ]] && rmdir /etc/netns 2>/dev/null
    rm -rf -- "${LAB_STATE_ROOT:?}/$id"
}

# A run killed with SIGKILL cannot clean up: remove every lab whose owner is gone.
lab_sweep_stale() {
    local dir id owner
    [[ -d "$LAB_STATE_ROOT" ]] || return 0
    for dir in "$LAB_STATE_ROOT"/*; do
        [[ -d "$dir" ]] || continue
        id=${dir##*/}
        owner=$(cat "$dir/owner" 2>/dev/null || true)
        if [[ -z "$owner" ]] || ! kill -0 "$owner" 2>/dev/null; then
            lab_say "removing lab dl$id left behind by a dead run (pid ${owner:-?})"
            lab_teardown_id "$id"
        fi
    done
}

lab_cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP ERR
    if [[ -n "$LAB_ID" ]]; then
        lab_teardown_id "$LAB_ID"
        # Reap our own background jobs so bash prints nothing about them.
        wait "${LAB_PIDS[@]}" 2>/dev/null
        [[ -n "$LAB_TMP" ]] && rm -rf -- "$LAB_TMP"
        if ip netns list 2>/dev/null | grep -q "^dl${LAB_ID}-"; then
            lab_say "WARNING: namespaces of lab dl$LAB_ID are still present"
            rc=1
        fi
    fi
    exit "$rc"
}

# lab_create OUTDIR: a fresh id, the state dir, the temp dir and the cleanup traps.
lab_create() {
    LAB_OUT=$1
    mkdir -p "$LAB_STATE_ROOT"
    local tries
    for ((tries = 0; tries < 20; tries++)); do
        LAB_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n' | cut -c1-5)
        # mkdir is atomic: two concurrent runs never get the same id.
        mkdir "$LAB_STATE_ROOT/$LAB_ID" 2>/dev/null && break
        LAB_ID=""
    done
    [[ -n "$LAB_ID" ]] || lab_fail "could not pick a lab id under $LAB_STATE_ROOT"
    echo "$$" >"$LAB_STATE_ROOT/$LAB_ID/owner"
    trap lab_cleanup EXIT
    trap 'lab_say "interrupted"; exit 130' INT
    trap 'lab_say "terminated"; exit 143' TERM
    trap 'lab_say "hung up (SIGHUP)"; exit 129' HUP
    [[ -d /etc/netns ]] || : >"$LAB_STATE_ROOT/$LAB_ID/made-etc-netns"
    LAB_TMP=$(mktemp -d "/tmp/daicho-lab-$LAB_ID.XXXXXX")
    chmod 755 "$LAB_TMP"  # daemons that drop privileges (dnsmasq) read files in it
}

# lab_bridge: namespace dl<id>-br with br0 (no STP, no IPv6, no address: it never sends).
# group_fwd_mask bit 14 makes the bridge forward LLDP (01:80:c2:00:00:0e) instead of
# swallowing it, so the capture on br0 holds it as a switch mirror port would.
lab_bridge() {
    lab_bridge_ns
    lab_bridge_dev br0
}
# lab_bridge_ns: namespace dl<id>-br, for one or more bridges (lab_bridge_dev).
lab_bridge_ns() {
    local br
    br=$(lab_ns br)
    ip netns add "$br" 2>"$LAB_TMP/netns.err" ||
        lab_skip "ip netns unusable: $(head -n1 "$LAB_TMP/netns.err")"
    ip netns exec "$br" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$br" link set lo up
}
# lab_bridge_dev NAME: a bridge NAME in dl<id>-br (the hospital lab has one per VLAN, as the
# kernel here has neither 802.1Q interfaces nor bridge VLAN filtering).
lab_bridge_dev() {
    local br
    br=$(lab_ns br)
    ip -n "$br" link add "$1" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 \
        group_fwd_mask 0x4000
    ip -n "$br" link set "$1" up
}

# lab_host ROLE MAC ADDRESS|dhcp [DNS]: namespace dl<id>-ROLE with eth0 (MAC) on br0.
# IPv6 is off so the capture holds only what the lab's daemons say; no default route.
lab_host() {
    local role=$1 mac=$2 addr=$3 dns=${4:-}
    local ns br port
    ns=$(lab_ns "$role") br=$(lab_ns br) port="p-$role"
    ip netns add "$ns"
    if [[ -n "$dns" ]]; then
        mkdir -p "/etc/netns/$ns"
        printf 'nameserver %s\nsearch lab.example\noptions timeout:1 attempts:3\n' "$dns" \
            >"/etc/netns/$ns/resolv.conf"
    fi
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
    ip -n "$br" link add "$port" type veth peer name eth0 netns "$ns"
    ip netns exec "$br" sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1"
    ip -n "$br" link set "$port" master br0 up
    ip -n "$ns" link set eth0 address "$mac"
    [[ "$addr" == dhcp ]] || ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
}

# lab_export_ledgers DAICHO OUT [ARG...]: the Q8 and Q9 survey ledgers of OUT/lab.db as JSON
# (checked by ledger_checks.py) and CSV (for the privacy greps), OUT/ledger-{it,medical}.{json,csv};
# ARGs (a --config) go to every `daicho ledger`.
lab_export_ledgers() {
    local daicho=$1 out=$2 kind format
    shift 2
    for kind in it medical; do
        for format in json csv; do
            timeout 60 "$daicho" ledger --db "$out/lab.db" "$@" --kind "$kind" --format "$format" \
                -o "$out/ledger-$kind.$format" 2>"$out/ledger-$kind-$format.log" ||
                lab_fail "daicho ledger --kind $kind --format $format failed (log: $out/ledger-$kind-$format.log)"
        done
    done
}

# lab_netns ROLE [DNS]: namespace dl<id>-ROLE with IPv6 off and lo up, and, with DNS, an
# /etc/netns resolv.conf naming only that lab server. Interfaces come from lab_iface.
lab_netns() {
    local role=$1 dns=${2:-} ns
    ns=$(lab_ns "$role")
    ip netns add "$ns"
    if [[ -n "$dns" ]]; then
        mkdir -p "/etc/netns/$ns"
        printf 'nameserver %s\noptions timeout:1 attempts:3\n' "$dns" >"/etc/netns/$ns/resolv.conf"
    fi
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
}

# lab_iface ROLE IFNAME BRIDGE MAC [ADDR/LEN]: a veth from BRIDGE (port "ROLE-IFNAME", at most
# 15 characters) to IFNAME (with MAC and, if given, ADDR) in ROLE's namespace.
lab_iface() {
    local role=$1 ifname=$2 bridge=$3 mac=$4 addr=${5:-}
    local ns br port
    ns=$(lab_ns "$role") br=$(lab_ns br) port="$role-$ifname"
    ((${#port} <= 15)) || lab_fail "bridge port name $port is longer than 15 characters"
    ip -n "$br" link add "$port" type veth peer name "$ifname" netns "$ns"
    ip netns exec "$br" sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1"
    ip -n "$br" link set "$port" master "$bridge" up
    ip -n "$ns" link set "$ifname" address "$mac"
    [[ -z "$addr" ]] || ip -n "$ns" addr add "$addr" dev "$ifname"
    ip -n "$ns" link set "$ifname" up
}

# lab_export_devices DAICHO OUT [ARG...]: `daicho devices` of OUT/lab.db as OUT/devices.json,
# .csv and .txt (the table), each command's stderr in OUT/devices-FORMAT.log.
lab_export_devices() {
    local daicho=$1 out=$2 format ext
    shift 2
    for format in json csv table; do
        ext=$format
        [[ $format == table ]] && ext=txt
        timeout 60 "$daicho" devices --db "$out/lab.db" "$@" --format "$format" >"$out/devices.$ext" \
            2>"$out/devices-$format.log" ||
            lab_fail "daicho devices --format $format failed (log: $out/devices-$format.log)"
    done
}

# lab_checkpoint OUT: the privacy greps read the ledger as daicho left it (OUT/lab.db* copied to
# OUT/lab-precheckpoint.db*, with a WAL if one is left) and again after a checkpoint has moved
# every page into OUT/lab.db.
lab_checkpoint() {
    local out=$1 f
    for f in lab.db lab.db-wal lab.db-shm; do
        [[ -e "$out/$f" ]] && cp "$out/$f" "$out/${f/lab.db/lab-precheckpoint.db}"
    done
    python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("checkpoint (busy, log, checkpointed):", c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
c.close()' "$out/lab.db" >"$out/checkpoint.log" 2>&1 || lab_fail "checkpoint failed (log: $out/checkpoint.log)"
}

# lab_send_marker ROLE BROADCAST MARKER: a UDP broadcast of MARKER to the discard port (nobody
# answers it), the last frame of a capture: once it is in the file, tcpdump has written
# everything before it and SIGINT loses nothing.
lab_send_marker() {
    lab_in "$1" python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.sendto(sys.argv[1].encode(), (sys.argv[2], 9))' "$3" "$2"
}

# lab_stop_tcpdump NAME: SIGINT to background tcpdump NAME, and wait (5 s at most) until it has
# closed its file.
lab_stop_tcpdump() {
    local pid=${LAB_PID_OF[$1]} i
    kill -INT "$pid"
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
}

# lab_dicom_image NAME UID SOP_CLASS MODALITY STATION MODEL SERIAL SOFTWARE PATIENT PID BIRTH:
# $LAB_TMP/NAME.dcm, an 8x8 image built with dump2dcm (explicit VR little endian). The General
# Equipment module (PS3.3 C.7.5.1: manufacturer `DaichoLab Medical`, station, model, serial,
# software versions) is what a ledger may keep; PATIENT, PID and BIRTH are the patient's name,
# id and birth date, canaries that must reach the wire and nothing daicho writes. UID is the
# last arc of the instance, study and series UIDs.
lab_dicom_image() {
    local name=$1 uid=$2 pixels
    pixels=$(python3 -c 'print("\\".join("%02x" % (i * 4 % 256) for i in range(64)))')
    cat >"$LAB_TMP/$name.dump" <<EOF
(0008,0016) UI [$3]
(0008,0018) UI [1.2.826.0.1.3680043.10.1337.1.$uid]
(0008,0020) DA [20240105]
(0008,0030) TM [090000]
(0008,0060) CS [$4]
(0008,0070) LO [DaichoLab Medical]
(0008,1010) SH [$5]
(0008,1090) LO [$6]
(0010,0010) PN [$9]
(0010,0020) LO [${10}]
(0010,0030) DA [${11}]
(0018,1000) LO [$7]
(0018,1020) LO [$8]
(0020,000d) UI [1.2.826.0.1.3680043.10.1337.2.$uid]
(0020,000e) UI [1.2.826.0.1.3680043.10.1337.3.$uid]
(0020,0013) IS [1]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 8
(0028,0011) US 8
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB $pixels
EOF
    dump2dcm +te "$LAB_TMP/$name.dump" "$LAB_TMP/$name.dcm" >>"$LAB_OUT/dump2dcm.log" 2>&1 ||
        lab_fail "dump2dcm could not build the $name image (log: $LAB_OUT/dump2dcm.log)"
}
