#!/usr/bin/env bash
# The live lab (issue 15): `daicho run` captures a bridge live while real daemons talk on it
# (dnsmasq with DHCP clients, lldpd), as an unprivileged user holding only CAP_NET_RAW and
# CAP_NET_ADMIN (what the systemd unit grants). Checks, in order:
#   1. the devices and their names reach the ledger while the daemon runs (merges every second,
#      read by `daicho devices` meanwhile);
#   2. SIGHUP with a broken config keeps the running config and says why; a good one reloads,
#      the export folder too;
#   3. the interface goes down: reported, the daemon stays and captures again when it is up;
#   4. SIGTERM: a last merge, exit 0, the capture statistics logged;
#   5. a restart on the same ledger: every device of the first run is still there, the second
#      run's new client joins them, nothing counted twice;
#   6. a web request from the server to an outside address (the "inet" host, on the same link)
#      is an external connection point while the daemon runs, and one point after the restart;
#   7. the API beside the capture speaks HTTPS only (api.tls_certificate), with the token;
#   8. the export schedule: the first run files today's evidence pack (catching up at start),
#      the restart finds it there and leaves it as it was; the retention prune ran at start.
#
#   run-live-lab.sh DAICHO_BINARY OUTPUT_DIR
#
# Exit: 0 every check holds; 1 a check or the lab failed; 77 skipped; 2 usage.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=lib.sh
source "$here/lib.sh"
lab_args "$@"

lab_require_root
lab_require_tools ip:iproute2 ss:iproute2 python3:python3 curl:curl dnsmasq:dnsmasq-base lldpd:lldpd \
    lldpcli:lldpd busybox:busybox setpriv:util-linux setsid:util-linux timeout:coreutils \
    openssl:openssl
lab_require_busybox udhcpc
lab_require_sqlite

lab_start 'lab.db*' 'devices*.json' 'api-*' daicho.json check.txt '*.log' packs packs-reloaded

srv_ip=10.78.0.2 sw_ip=10.78.0.11
pc1_ip=10.78.0.101 pc2_ip=10.78.0.102
lab_bridge
lab_host srv 02:da:1c:04:00:02 "$srv_ip" "$srv_ip"
lab_host sw1 02:da:1c:04:00:11 "$sw_ip" "$srv_ip"
lab_host pc1 02:da:1c:04:01:01 dhcp "$srv_ip"
lab_host pc2 02:da:1c:04:01:02 dhcp "$srv_ip"
# An "internet" web server on the same link, outside the hospital's plan (10.78.0.0/16); the
# server reaches it by an on-link route, so no router is needed.
inet_ip=198.51.100.80
lab_host inet 02:da:1c:04:09:80 "$inet_ip"
ip -n "$(lab_ns srv)" route add "$inet_ip/32" dev eth0
ip -n "$(lab_ns inet)" route add "$srv_ip/32" dev eth0
mkdir -p "$T/www" && printf 'vendor portal\n' >"$T/www/index.html"

cat >"$T/sw1.lldpd.conf" <<EOF
configure system hostname sw1.live.example
configure system description "DaichoLab LiveSwitch LS-100 Version 1.4.2"
configure lldp tx-interval 2
EOF
# The TLS files by absolute path: `daicho devices` below loads a copy of this file from $T.
cat >"$out/daicho.json" <<EOF
{
  "_comment": "The live lab's config (tests/lab/run-live-lab.sh writes it).",
  "sites": [{"name": "本院", "subnets": ["10.78.0.0/16"]}],
  "departments": [{"name": "情報システム部", "site": "本院", "subnets": ["10.78.0.0/24"]}],
  "capture": {"interfaces": [{"name": "br0", "buffer_mib": 4}], "merge_seconds": 1, "stats_seconds": 10},
  "api": {"listen": "127.0.0.1:18470", "token_file": "api-token",
          "tls_certificate": "$out/api-cert.pem", "tls_key": "$out/api-key.pem"},
  "export": {"dir": "packs", "schedule": "daily"}
}
EOF
# The API's token: readable by the service's user only.
printf 'live-lab-token-%s\n' "$LAB_ID$LAB_ID" >"$out/api-token"
# The API over HTTPS: a self-signed certificate for its loopback address; the key is the
# service user's alone.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$out/api-key.pem" -out "$out/api-cert.pem" 2>"$out/openssl.log" ||
    lab_fail "openssl req could not make the API's certificate (log: $out/openssl.log)"
cp "$out/daicho.json" "$T/daicho.good.json"

# The ledger's directory belongs to the unprivileged user the daemon runs as.
run_user=65534
chown "$run_user:$run_user" "$out" "$out/api-token" "$out/api-key.pem"
chmod 755 "$out"
chmod 600 "$out/api-token" "$out/api-key.pem"

lab_bg dnsmasq srv dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq.pid" \
    --interface=eth0 --bind-interfaces --listen-address="$srv_ip" --no-resolv --no-hosts \
    --no-poll --domain=live.example --local=/live.example/ \
    --dhcp-range=10.78.0.100,10.78.0.150,255.255.255.0,10m \
    --dhcp-host=02:da:1c:04:01:01,"$pc1_ip" --dhcp-host=02:da:1c:04:01:02,"$pc2_ip" \
    --dhcp-option=option:router --dhcp-leasefile="$T/dnsmasq.leases" --dhcp-authoritative \
    --no-ping --log-dhcp --log-facility=-
install -d -m 755 /run/lldpd

# daemon_start N: `daicho run` in the bridge's namespace as the unprivileged user with only
# the capture capabilities, log in OUT/daemon-N.log.
daemon_start() {
    lab_bg "daemon-$1" br setpriv --reuid="$run_user" --regid="$run_user" --clear-groups \
        --inh-caps=-all,+net_raw,+net_admin --ambient-caps=-all,+net_raw,+net_admin \
        --bounding-set=-all,+net_raw,+net_admin \
        env HOME=/nonexistent "$daicho" run --lang en --config "$out/daicho.json" --db "$out/lab.db"
    lab_wait_for "daemon-$1" 10 "daicho run to capture" grep -q "capturing on" "$out/daemon-$1.log"
}
# daemon_stop N: SIGTERM and its exit status.
daemon_stop() {
    local pid=${LAB_PID_OF[daemon-$1]} rc=0
    kill -TERM "$pid"
    wait "$pid" || rc=$?
    ((rc == 0)) || lab_fail "daicho run exited $rc after SIGTERM (log: $out/daemon-$1.log)"
}
# devices_json FILE: `daicho devices --format json` of the live ledger, read while it runs.
devices_json() {
    timeout 20 "$daicho" devices --db "$out/lab.db" --config "$T/daicho.good.json" \
        --format json -o "$1" 2>>"$out/devices.log"
}
# has_host FILE NAME: a device in FILE calls itself NAME.
has_host() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(sys.argv[2] in x["hostnames"] for x in d) else 1)' "$1" "$2"
}

# wait_for_host FILE NAME: up to 20 s for a device calling itself NAME in the live ledger.
wait_for_host() {
    for _ in $(seq 1 40); do
        if devices_json "$1" && has_host "$1" "$2"; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

daemon_start 1
lab_bg lldpd sw1 lldpd -d -l -I eth0 -m "$sw_ip" -u "$T/sw1.lldpd.socket" -O "$T/sw1.lldpd.conf"
lab_wait_for lldpd 10 "lldpd to apply its configuration" \
    grep -q "lldpd should resume operations" "$out/lldpd.log"
lldpcli -u "$T/sw1.lldpd.socket" update >>"$out/lldpd.log" 2>&1
lab_wait_for dnsmasq 10 "dnsmasq on udp/67" lab_listening srv udp 0.0.0.0%eth0:67
lab_in pc1 busybox udhcpc -f -q -n -i eth0 -t 5 -T 1 -A 1 -x hostname:live-ward-pc01 \
    -V "MSFT 5.0" -s "$here/udhcpc-script.sh" >"$out/udhcpc-pc1.log" 2>&1 ||
    lab_fail "pc1 got no lease (log: $out/udhcpc-pc1.log)"

rc=0
check() {  # check OK WHAT [DETAIL]
    if [[ "$1" == 0 ]]; then
        printf 'PASS  %s\n' "$2"
    else
        printf 'FAIL  %s%s\n' "$2" "${3:+  ($3)}"
        rc=1
    fi
}

# 1. Live: pc1's name and the switch's LLDP name reach the ledger while the daemon runs.
live=1
for _ in $(seq 1 40); do
    if devices_json "$out/devices-live.json" && has_host "$out/devices-live.json" live-ward-pc01 &&
        python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(f["kind"] == "system_name" and f["value"] == "sw1.live.example"
                  for x in d for f in x["facts"]) else 1)' "$out/devices-live.json"; then
        live=0
        break
    fi
    sleep 0.5
done
check "$live" "while it runs, the ledger shows pc1 (DHCP) and sw1 (LLDP) within 20 s"

# 6a. A connection point while it runs: the rows go to the ledger at every merge, only what
# moved (agent/src/pipeline/connection_deltas.h).
lab_bg httpd inet busybox httpd -f -p "$inet_ip:80" -h "$T/www"
lab_wait_for httpd 10 "busybox httpd on tcp/80" lab_listening inet tcp "$inet_ip:80"
lab_in srv curl -sS --max-time 5 -o /dev/null "http://$inet_ip/" 2>>"$out/curl.log" ||
    lab_fail "the server's request to $inet_ip failed (log: $out/curl.log)"
# points_to FILE: how many points in `daicho connections --format json` go to the inet host
# from the server.
points_to() {
    timeout 20 "$daicho" connections --db "$out/lab.db" --config "$T/daicho.good.json" \
        --format json -o "$1" 2>>"$out/connections.log" || return 1
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for dep in d["departments"] for p in dep["points"]
          if p["remote"]["address"] == sys.argv[2] and p["inside"]["address"] == sys.argv[3]
          and p["service_class"] == "web"))' "$1" "$inet_ip" "$srv_ip"
}
point=1
for _ in $(seq 1 40); do
    if [[ "$(points_to "$out/connections-live.json")" == 1 ]]; then
        point=0
        break
    fi
    sleep 0.5
done
check "$point" "while it runs, the server's web request to $inet_ip is a connection point within 20 s"
kill -0 "${LAB_PID_OF[daemon-1]}" 2>/dev/null
check $? "the daemon is still running after the live check"
uid=$(awk '/^Uid:/ { print $2 }' "/proc/${LAB_PID_OF[daemon-1]}/status")
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/${LAB_PID_OF[daemon-1]}/status")
# CAP_NET_ADMIN is bit 12, CAP_NET_RAW bit 13: 0x3000.
[[ "$uid" == "$run_user" && "$capeff" == 0000000000003000 ]]
check $? "its effective uid is $run_user and its capabilities 0x3000" "uid $uid, CapEff $capeff"

# The API beside the capture (in the bridge's namespace, on its loopback, over HTTPS with the
# lab's certificate): the health, and the capture's counters in /metrics.
api_get() {
    lab_in br curl -sS --max-time 5 --cacert "$out/api-cert.pem" \
        -H "Authorization: Bearer $(cat "$out/api-token")" "https://127.0.0.1:18470$1"
}
api_get /api/v1/health >"$out/api-health.json" 2>>"$out/api.log"
grep -q '"status":"ok"' "$out/api-health.json"
check $? "the API answers beside the capture: $(cat "$out/api-health.json")"
api_get /metrics >"$out/api-metrics.txt" 2>>"$out/api.log"
grep -q '^daicho_capture_frames_total{interface="br0"} [1-9]' "$out/api-metrics.txt" &&
    grep -q '^daicho_capture_dropped_total{interface="br0",by="kernel"} ' "$out/api-metrics.txt"
check $? "/metrics has br0's frames and drops"
# The dashboard's センサーの状態: the live counters while the daemon runs.
api_get /api/v1/sensor >"$out/api-sensor.json" 2>>"$out/api.log"
python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
br0 = [i for i in s["interfaces"] if i["interface"] == "br0"]
sys.exit(0 if s["live"] and br0 and br0[0]["received"] > 0 and "kernel_dropped" in br0[0] else 1)' \
    "$out/api-sensor.json"
check $? "/api/v1/sensor has br0's live counters" "$(head -c 300 "$out/api-sensor.json")"
code=$(lab_in br curl -s --cacert "$out/api-cert.pem" -o /dev/null -w '%{http_code}' \
    "https://127.0.0.1:18470/api/v1/devices")
[[ "$code" == 401 ]]
check $? "the API refuses a request without the token (401)" "$code"
# Plain HTTP on the HTTPS port: no HTTP answer (curl's 000), and the next HTTPS request is
# answered as before.
code=$(lab_in br curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:18470/api/v1/health" || true)
api_get /api/v1/health >"$out/api-health-after.json" 2>>"$out/api.log"
[[ "$code" == 000 ]] && grep -q '"status":"ok"' "$out/api-health-after.json"
check $? "plain HTTP on the HTTPS port gets no answer; the next HTTPS request does" "$code"

# 2. SIGHUP: a broken config is refused and the daemon goes on; a good one reloads.
printf '{"departments": [{"name": 7}]}\n' >"$out/daicho.json"
kill -HUP "${LAB_PID_OF[daemon-1]}"
lab_wait_for daemon-1 10 "the refused reload" grep -q "reload refused" "$out/daemon-1.log"
check 0 "SIGHUP with a broken config: refused, named ($(grep -o 'reload refused.*' "$out/daemon-1.log" | head -n1 | cut -c1-90))"
# The good config, with the packs going to another folder: the reload reaches the upkeep
# thread, which files the day's pack there at once.
sed 's/"dir": "packs"/"dir": "packs-reloaded"/' "$T/daicho.good.json" >"$out/daicho.json"
kill -HUP "${LAB_PID_OF[daemon-1]}"
lab_wait_for daemon-1 10 "the reload" grep -q "reloaded the config" "$out/daemon-1.log"
check 0 "SIGHUP with a good config: reloaded, still capturing"
lab_wait_for daemon-1 30 "the pack in the reloaded export folder" \
    grep -q "evidence pack filed: .*packs-reloaded" "$out/daemon-1.log"
[[ -s $(echo "$out"/packs-reloaded/daicho-????-??-??/manifest.json) ]]
check $? "the reload moved the export folder: the day's pack filed in packs-reloaded"
cp "$T/daicho.good.json" "$out/daicho.json"

# 3. The interface goes down: that capture ends, the daemon stays and captures again once it is
# back (pc1 renews its lease afterwards and the ledger still follows).
ip -n "$(lab_ns br)" link set br0 down
lab_wait_for daemon-1 15 "the failed capture to be reported" \
    grep -q "opening the interfaces again" "$out/daemon-1.log"
ip -n "$(lab_ns br)" link set br0 up
lab_wait_for daemon-1 30 "the capture to start again" grep -q "capturing again on" "$out/daemon-1.log"
check 0 "br0 down: reported ($(grep -o 'warning: [^;]*' "$out/daemon-1.log" | head -n1 | cut -c1-80)), the daemon stays, captures again when it is up"
lab_in pc1 busybox udhcpc -f -q -n -i eth0 -t 5 -T 1 -A 1 -x hostname:live-ward-pc01b \
    -V "MSFT 5.0" -s "$here/udhcpc-script.sh" >"$out/udhcpc-pc1b.log" 2>&1 ||
    lab_fail "pc1 got no second lease (log: $out/udhcpc-pc1b.log)"
wait_for_host "$out/devices-again.json" live-ward-pc01b
check $? "after the interface came back, pc1's new name reaches the ledger"

# 4. SIGTERM: exit 0 after the last merge and the statistics.
daemon_stop 1
grep -q "^captured [0-9,]* frames on live:br0" "$out/daemon-1.log"
check $? "SIGTERM: a summary line" "$(tail -n1 "$out/daemon-1.log")"
grep -q "capture br0: .* dropped by the kernel, .* dropped by the interface" "$out/daemon-1.log"
check $? "the capture statistics of br0 are logged"
# 8a. Today's pack (the period began before the daemon started: caught up once, at start; the
# stop waits for a pack under way, so after it the pack is whole or absent, never half).
packs=("$out"/packs/daicho-????-??-??)
ok=0
[[ ${#packs[@]} == 1 && -s ${packs[0]}/manifest.json && -s ${packs[0]}/Q8_it-ledger.xlsx ]] || ok=1
grep -q "evidence pack filed" "$out/daemon-1.log" || ok=1
check "$ok" "export.schedule daily: today's pack filed at start, $(basename "${packs[0]}")" "${packs[*]}"
manifest_sum=$(sha256sum <"${packs[0]}/manifest.json")
devices_json "$out/devices-1.json"
first=$(python3 -c 'import json, sys; print(" ".join(sorted(x["mac"] for x in json.load(open(sys.argv[1])))))' "$out/devices-1.json")

# 5. Restart: pc2 joins; every device of the first run stays; pc1 is still one row.
daemon_start 2
lab_in pc2 busybox udhcpc -f -q -n -i eth0 -t 5 -T 1 -A 1 -x hostname:live-ward-pc02 \
    -V "MSFT 5.0" -s "$here/udhcpc-script.sh" >"$out/udhcpc-pc2.log" 2>&1 ||
    lab_fail "pc2 got no lease (log: $out/udhcpc-pc2.log)"
seen2=0
wait_for_host "$out/devices-2.json" live-ward-pc02 || seen2=$?
daemon_stop 2
devices_json "$out/devices-2.json"
check "$seen2" "after a restart, pc2 (DHCP) reaches the same ledger"
python3 - "$out/devices-2.json" "$first" <<'EOF'
import json, sys
devices = json.load(open(sys.argv[1]))
macs = {d["mac"] for d in devices}
missing = [m for m in sys.argv[2].split() if m not in macs]
pc1 = [d for d in devices if "live-ward-pc01" in d["hostnames"]]
sys.exit(0 if not missing and len(pc1) == 1 else 1)
EOF
check $? "every device of the first run is still in the ledger, pc1 once"
captures=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM captures WHERE path = ?", ("live:br0",)).fetchone()[0])' "$out/lab.db")
# The first run's capture, the one after the interface came back, and the second run's.
[[ "$captures" == 3 ]]
check $? "three live captures recorded (first run, after the interface came back, second run)" "$captures"
stored=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM sensor_status WHERE interface = ? AND received > 0 AND updated_us >= opened_us", ("br0",)).fetchone()[0])' "$out/lab.db")
[[ "$stored" == 1 ]]
check $? "the counters are stored in the ledger at the commits, one row for br0 (migration 017)" "$stored"
# 6b. The point is one row after the restart, its packets stored once (the merges hand the
# ledger only what is new, and a restart adds its own capture's figures).
n=$(points_to "$out/connections-2.json")
[[ "$n" == 1 ]]
check $? "after the restart, one connection point to $inet_ip" "$n points"
# 8b. The restart found today's pack and left it alone: filed once, never overwritten.
packs_now=("$out"/packs/daicho-????-??-??)
ok=0
[[ ${#packs_now[@]} == 1 && "$(sha256sum <"${packs[0]}/manifest.json")" == "$manifest_sum" ]] ||
    ok=1
if grep -q "evidence pack filed" "$out/daemon-2.log"; then ok=1; fi
check "$ok" "after the restart, the day's pack is the first run's, untouched" "${packs_now[*]}"
ok=0
if grep -q "warning: retention\|warning: evidence pack" "$out/daemon-1.log" "$out/daemon-2.log"; then
    ok=1
fi
check "$ok" "no retention or export warning in either run"
exit "$rc"
