#!/usr/bin/env bash
# The identity lab: real daemons in network namespaces on one bridge announce themselves
# (DHCP, LLDP, CDP, SNMP, SSH, HTTP, TLS); the bridge is captured, `daicho ingest` reads the
# capture, and check_identity.py asserts that what each daemon announced is on the right
# device (expect-identity.json). Topology and safety rules: tests/lab/README.md.
#
#   run-identity-lab.sh DAICHO_BINARY OUTPUT_DIR
#
# Keeps cap.pcap, lab.db, devices.json, check.txt and every daemon's log in OUTPUT_DIR.
# Exit: 0 all expectations hold; 1 an expectation or the lab failed; 77 skipped (not root,
# `ip netns` unusable, a tool missing); 2 usage.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian's own tools first (python3 http.server's Server header names the system Python).
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=lib.sh
source "$here/lib.sh"
lab_args "$@"

lab_require_root
lab_require_tools ip:iproute2 ss:iproute2 tcpdump:tcpdump dnsmasq:dnsmasq-base \
    lldpd:lldpd lldpcli:lldpd snmpd:snmpd snmpget:snmp sshd:openssh-server ssh:openssh-client \
    ssh-keygen:openssh-client busybox:busybox openssl:openssl curl:curl python3:python3 \
    timeout:coreutils setsid:util-linux
lab_require_busybox udhcpc ping

lab_start cap.pcap lab.db lab.db-wal lab.db-shm devices.json check.txt '*.log'

# --- topology (README.md has the picture) ----------------------------------------------------
community=lab-secret-community-7f3  # must appear nowhere in devices.json or the ledger
srv_ip=10.77.0.2
sw1_ip=10.77.0.11 sw2_ip=10.77.0.12
snmp_ip=10.77.0.21 mgr_ip=10.77.0.22
web_ip=10.77.0.31 ssh_ip=10.77.0.41
pc1_ip=10.77.0.101 pc2_ip=10.77.0.102 pc3_ip=10.77.0.103  # DHCP, pinned by MAC in dnsmasq

lab_bridge
tcpdump_log="$out/tcpdump.log"
# --immediate-mode: each frame reaches tcpdump at once (not a ring-buffer block up to 1 s
# later); -U: and is written at once; -n: no name lookups (the bridge namespace has no DNS).
setsid ip netns exec "$(lab_ns br)" tcpdump -i br0 -n --immediate-mode -U -s 0 -w "$out/cap.pcap" \
    >"$tcpdump_log" 2>&1 &
LAB_PIDS+=("$!")
LAB_PID_OF[tcpdump]=$!
lab_wait_for tcpdump 10 "tcpdump listening on br0" grep -q "listening on br0" "$tcpdump_log"

lab_host srv 02:da:1c:00:00:02 "$srv_ip" "$srv_ip"
lab_host sw1 02:da:1c:00:00:11 "$sw1_ip" "$srv_ip"
lab_host sw2 02:da:1c:00:00:12 "$sw2_ip" "$srv_ip"
lab_host snmp 02:da:1c:00:00:21 "$snmp_ip" "$srv_ip"
lab_host mgr 02:da:1c:00:00:22 "$mgr_ip" "$srv_ip"
lab_host web 02:da:1c:00:00:31 "$web_ip" "$srv_ip"
lab_host ssh 02:da:1c:00:00:41 "$ssh_ip" "$srv_ip"
lab_host pc1 02:da:1c:00:01:01 dhcp "$srv_ip"
lab_host pc2 02:da:1c:00:01:02 dhcp "$srv_ip"
lab_host pc3 02:da:1c:00:01:03 dhcp "$srv_ip"

# --- lab material: keys, certificate, configs (all in the temp dir) ---------------------------
ssh-keygen -q -t ed25519 -N '' -C lab-host-key -f "$T/ssh_host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -C lab-client-key -f "$T/client_key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
    -subj "/CN=lab-tls.example/O=Daicho Lab" -addext "subjectAltName=DNS:lab-tls.example" \
    -keyout "$T/tls.key" -out "$T/tls.crt" 2>"$out/openssl-req.log"
mkdir -p "$T/www" "$T/snmp-persist" "$T/snmpconf"
printf '<html><body>daicho identity lab</body></html>\n' >"$T/www/index.html"

cat >"$T/sshd_config" <<EOF
Port 22
ListenAddress $ssh_ip
HostKey $T/ssh_host_ed25519_key
PidFile $T/sshd.pid
UsePAM no
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile none
LogLevel VERBOSE
EOF

cat >"$T/snmpd.conf" <<EOF
rocommunity $community 10.77.0.0/24
sysname snmp-agent.lab.example
syslocation Lab rack 3 / 3F server room
syscontact Lab Admin <lab-admin@lab.example>
sysdescr DaichoLab Infusion Gateway IG-200 firmware 4.2.1
sysobjectid .1.3.6.1.4.1.8072.3.2.10
sysservices 72
EOF

for sw in sw1 sw2; do
    cat >"$T/$sw.lldpd.conf" <<EOF
configure system hostname $sw.lab.example
configure system description "DaichoLab Switch $sw (lldpd, LLDP+CDP)"
configure system platform DaichoLab-LS-${sw^^}
configure lldp tx-interval 5
EOF
done

# --- daemons ---------------------------------------------------------------------------------
lab_bg dnsmasq srv dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq.pid" \
    --interface=eth0 --bind-interfaces --listen-address="$srv_ip" \
    --no-resolv --no-hosts --no-poll --domain=lab.example --local=/lab.example/ \
    --host-record=web.lab.example,"$web_ip" --host-record=lab-tls.example,"$web_ip" \
    --host-record=ssh.lab.example,"$ssh_ip" --host-record=snmp-agent.lab.example,"$snmp_ip" \
    --dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,10m \
    --dhcp-host=02:da:1c:00:01:01,"$pc1_ip" --dhcp-host=02:da:1c:00:01:02,"$pc2_ip" \
    --dhcp-host=02:da:1c:00:01:03,"$pc3_ip" \
    --dhcp-option=option:router --dhcp-leasefile="$T/dnsmasq.leases" --dhcp-authoritative \
    --no-ping --log-dhcp --log-queries --log-facility=-

# Privilege separation needs these system directories (the packages' services create them).
install -d -m 755 /run/sshd /run/lldpd
# -l (undocumented in -h, counted like -c): LLDP is sent even before an LLDP peer is seen,
# -cc: CDPv1 likewise, -ccc: CDPv2 likewise (CDPv1 stays on, answering v1 peers). Without the
# forcing, two fresh lldpd each wait for the other to speak first.
declare -A cdp_flags=([sw1]=-ccc [sw2]=-cc)
# A switch is a box that bridges: lldpd derives its capabilities from the kernel, so each lab
# switch gets a (port-less) bridge and announces Bridge in LLDP and Switch in CDP, as real
# switches do, instead of Station/Host.
for sw in sw1 sw2; do
    lab_in "$sw" ip link add br0 type bridge
    lab_in "$sw" ip link set br0 up
done
for sw in sw1 sw2; do
    ip_var=${sw}_ip
    lab_bg "lldpd-$sw" "$sw" lldpd -d -l "${cdp_flags[$sw]}" -I eth0 -m "${!ip_var}" \
        -u "$T/$sw.lldpd.socket" -O "$T/$sw.lldpd.conf"
done
lab_bg snmpd snmp env MIBS= SNMP_PERSISTENT_DIR="$T/snmp-persist" \
    snmpd -f -Lo -C -c "$T/snmpd.conf" -p "$T/snmpd.pid" "udp:$snmp_ip:161"
lab_bg sshd ssh "$(command -v sshd)" -D -e -f "$T/sshd_config"
lab_bg httpd web env PYTHONUNBUFFERED=1 python3 -m http.server 80 --bind "$web_ip" --directory "$T/www"
lab_bg tls-server web openssl s_server -accept "$web_ip:443" -tls1_2 -cert "$T/tls.crt" \
    -key "$T/tls.key" -www

# shellcheck disable=SC2317  # called through lab_wait_for
dnsmasq_ready() { lab_listening srv udp 0.0.0.0%eth0:67 && lab_listening srv udp "$srv_ip:53"; }
lab_wait_for dnsmasq 10 "dnsmasq on udp/67 and $srv_ip:53" dnsmasq_ready
lab_wait_for snmpd 10 "snmpd on $snmp_ip:161" lab_listening snmp udp "$snmp_ip:161"
lab_wait_for sshd 10 "sshd on $ssh_ip:22" lab_listening ssh tcp "$ssh_ip:22"
lab_wait_for httpd 10 "http.server on $web_ip:80" lab_listening web tcp "$web_ip:80"
lab_wait_for tls-server 10 "s_server on $web_ip:443" lab_listening web tcp "$web_ip:443"
# lldpd starts paused and resumes once lldpcli has applied its -O configuration.
for sw in sw1 sw2; do
    lab_wait_for "lldpd-$sw" 10 "lldpd on $sw to apply its configuration" \
        grep -q "lldpd should resume operations" "$out/lldpd-$sw.log"
done
# Each sent its first frames when the other may not yet have listened: send again now.
for sw in sw1 sw2; do
    lldpcli -u "$T/$sw.lldpd.socket" update >>"$out/lldpd-$sw.log" 2>&1
done

# --- clients ---------------------------------------------------------------------------------
# Three DHCP clients, each with its own hostname (option 12) and vendor class (option 60).
declare -A dhcp_name=([pc1]=ward3-pc01 [pc2]=rad-viewer-02 [pc3]=pump-gw-03)
declare -A dhcp_vendor=([pc1]="MSFT 5.0" [pc2]="DaichoLab-Viewer/2.4" [pc3]="DaichoLab-PumpGW 1.7")
for pc in pc1 pc2 pc3; do
    lab_bg "udhcpc-$pc" "$pc" busybox udhcpc -f -q -n -i eth0 -t 5 -T 1 -A 1 \
        -x "hostname:${dhcp_name[$pc]}" -V "${dhcp_vendor[$pc]}" -s "$here/udhcpc-script.sh"
done
for pc in pc1 pc2 pc3; do
    wait "${LAB_PID_OF[udhcpc-$pc]}" || lab_fail "udhcpc on $pc got no lease (log: $out/udhcpc-$pc.log)"
done
for pc in pc1 pc2 pc3; do
    ip_var=${pc}_ip
    lab_in "$pc" ip -4 -o addr show dev eth0 | grep -q "inet ${!ip_var}/" ||
        lab_fail "$pc did not get ${!ip_var} by DHCP (log: $out/udhcpc-$pc.log)"
done

# pc1: HTTP through the lab DNS; pc2: TLS 1.2 with SNI; pc3: SSH (auth fails after the
# banners and key exchange); mgr: SNMP v2c get of the system group, numeric OIDs (no MIBs).
lab_bg curl pc1 curl -sS --max-time 10 -A "daicho-lab-agent/1.0" -o /dev/null \
    -w 'HTTP %{http_code}\n' http://web.lab.example/index.html
lab_bg tls-client pc2 timeout 15 openssl s_client -connect lab-tls.example:443 \
    -servername lab-tls.example -tls1_2
lab_bg ssh-client pc3 timeout 15 ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityAgent=none \
    -o ConnectTimeout=5 -i "$T/client_key" labuser@ssh.lab.example exit
lab_bg snmpget mgr env MIBS= SNMPCONFPATH="$T/snmpconf" SNMP_PERSISTENT_DIR="$T/snmp-persist" HOME="$T" snmpget -v2c -c "$community" \
    -t 1 -r 3 -On "$snmp_ip" .1.3.6.1.2.1.1.1.0 .1.3.6.1.2.1.1.2.0 .1.3.6.1.2.1.1.4.0 \
    .1.3.6.1.2.1.1.5.0 .1.3.6.1.2.1.1.6.0
wait "${LAB_PID_OF[curl]}" || lab_fail "curl failed (log: $out/curl.log)"
grep -q "HTTP 200" "$out/curl.log" || lab_fail "curl got no 200 (log: $out/curl.log)"
wait "${LAB_PID_OF[tls-client]}" || lab_fail "openssl s_client failed (log: $out/tls-client.log)"
grep -q "CN *= *lab-tls.example" "$out/tls-client.log" ||
    lab_fail "s_client saw no lab certificate (log: $out/tls-client.log)"
wait "${LAB_PID_OF[ssh-client]}" && lab_fail "ssh unexpectedly logged in"
grep -q "Permission denied" "$out/ssh-client.log" ||
    lab_fail "ssh did not reach authentication (log: $out/ssh-client.log)"
wait "${LAB_PID_OF[snmpget]}" || lab_fail "snmpget failed (log: $out/snmpget.log)"
grep -q "Lab rack 3 / 3F server room" "$out/snmpget.log" ||
    lab_fail "snmpget did not read sysLocation (log: $out/snmpget.log)"

# mgr sweeps every lab address once, so each host answers ARP at least once.
for ip in "$srv_ip" "$sw1_ip" "$sw2_ip" "$snmp_ip" "$web_ip" "$ssh_ip" "$pc1_ip" "$pc2_ip" "$pc3_ip"; do
    lab_in mgr busybox ping -c 1 -W 1 "$ip" >>"$out/ping-sweep.log" 2>&1 ||
        lab_fail "ping $ip from mgr failed (log: $out/ping-sweep.log)"
done

# Each switch must have heard the other over LLDP and CDP: then both kinds are in the capture.
# shellcheck disable=SC2317  # called through lab_wait_for
heard() {  # heard ME PEER VIA
    lldpcli -u "$T/$1.lldpd.socket" -f keyvalue show neighbors hidden details \
        >"$out/lldp-neighbors-$1.log" 2>&1 || return 1
    grep -q "via=$3" "$out/lldp-neighbors-$1.log" &&
        grep -q "chassis.name=$2.lab.example" "$out/lldp-neighbors-$1.log"
}
for pair in sw1:sw2 sw2:sw1; do
    me=${pair%%:*} peer=${pair#*:}
    for via in LLDP CDP; do
        lab_wait_for "lldpd-$me" 20 "$me to hear $peer over $via" heard "$me" "$peer" "$via"
    done
done

# --- stop the capture, ingest, check -------------------------------------------------------
# The last frame: a UDP broadcast from mgr to the discard port (nobody answers it). Once it is
# in the file, tcpdump has written everything before it, and SIGINT loses nothing.
end_marker="daicho-lab-end-$LAB_ID"
lab_send_marker mgr 10.77.0.255 "$end_marker"
lab_wait_for tcpdump 10 "the end marker in cap.pcap" grep -qaF "$end_marker" "$out/cap.pcap"
lab_stop_tcpdump tcpdump
lab_say "$(grep -h 'packets captured' "$tcpdump_log" || echo 'tcpdump summary missing')"

timeout 120 "$daicho" ingest --db "$out/lab.db" "$out/cap.pcap" >"$out/ingest.log" 2>&1 ||
    lab_fail "daicho ingest failed (log: $out/ingest.log)"
timeout 60 "$daicho" devices --db "$out/lab.db" --format json >"$out/devices.json" 2>"$out/devices.log" ||
    lab_fail "daicho devices failed (log: $out/devices.log)"
lab_export_ledgers "$daicho" "$out"
lab_say "$(cat "$out/ingest.log")"
elapsed_ms=$((($(date +%s%N) - t_start) / 1000000))
lab_say "lab up, exercised, captured and ingested in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"

rc=0
python3 "$here/check_identity.py" --expect "$here/expect-identity.json" --out-dir "$out" |
    tee "$out/check.txt" || rc=$?
exit "$rc"
