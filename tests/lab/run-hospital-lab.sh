#!/usr/bin/env bash
# The hospital lab: a routed hospital of real daemons in network namespaces, one bridge per
# VLAN, captured as one 802.1Q-tagged SPAN of every VLAN (span_merge.py), so that a routed
# packet appears once per VLAN it crosses. A core router with an interface per VLAN, a
# firewall doing NAT (nftables masquerade) to an "internet" namespace that serves web, TLS and
# DNS, two switches whose management MAC differs from their LLDP chassis id and port MACs, a
# PACS with a NIC in two VLANs, DICOM, DHCP through a relay, SNMP, LLDP/CDP. `daicho ingest`
# reads the SPAN capture with the lab's department map (daicho.json in the output directory),
# and check_hospital.py checks expect-hospital.json: the lab itself (must hold) and the issue
# 11 identity expectations (reported PENDING until they hold). Topology: tests/lab/README.md.
#
#   run-hospital-lab.sh DAICHO_BINARY OUTPUT_DIR
#
# Exit: 0 every lab check holds (pending identity expectations do not count); 1 a check or the
# lab failed; 77 skipped (not root, `ip netns` unusable, a tool missing); 2 usage.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=lib.sh
source "$here/lib.sh"
lab_args "$@"

lab_require_root
lab_require_tools ip:iproute2 ss:iproute2 tcpdump:tcpdump python3:python3 nft:nftables \
    dnsmasq:dnsmasq-base lldpd:lldpd lldpcli:lldpd snmpd:snmpd snmpget:snmp snmpwalk:snmp \
    busybox:busybox openssl:openssl curl:curl storescp:dcmtk storescu:dcmtk echoscu:dcmtk \
    dump2dcm:dcmtk timeout:coreutils setsid:util-linux
lab_require_busybox udhcpc ping nslookup
lab_require_sqlite

lab_start cap.pcap 'vlan*.pcap' 'lab.db*' 'lab-precheckpoint.db*' 'devices.*' 'ledger-*' \
    daicho.json check.txt '*.log'

# --- address plan (README.md has the picture) --------------------------------------------------
# 10.81.0.0/16 is the hospital; 203.0.113.0/24 (the WAN, TEST-NET-3) and 198.51.100.0/24 (the
# "internet", TEST-NET-2) are outside it. No namespace has a default route: every route names
# a lab prefix, and no bridge has a physical port, so nothing leaves the lab.
community=hosp-lab-secret-9c1e  # must appear nowhere in daicho's output or ledger
vlans=(10 20 21 30 90 99)
srv_ip=10.81.10.2 nms_ip=10.81.10.20
sw1_ip=10.81.10.11 sw2_ip=10.81.10.12
pacs_ip=10.81.20.10 pacs_mod_ip=10.81.21.10 ct_ip=10.81.21.21
pc1_ip=10.81.30.101 pc2_ip=10.81.30.102 us_ip=10.81.30.107  # DHCP, pinned by MAC
fw_in_ip=10.81.90.2 fw_wan_ip=203.0.113.2 isp_ip=203.0.113.1
web_ip=198.51.100.80 dns_ip=198.51.100.53
pacs_port=11112
ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) DaichoLab-Ward/11.2"
web_name=portal.medvendor.example upd_name=update.medvendor.example

# --- the SPAN: one bridge per VLAN, one tcpdump per bridge --------------------------------------
lab_bridge_ns
for v in "${vlans[@]}"; do
    lab_bridge_dev "br$v"
    # --immediate-mode and -U: each frame is written at once; -n: no lookups.
    setsid ip netns exec "$(lab_ns br)" tcpdump -i "br$v" -n --immediate-mode -U -s 0 \
        -w "$out/vlan$v.pcap" >"$out/tcpdump-vlan$v.log" 2>&1 &
    LAB_PIDS+=("$!")
    LAB_PID_OF["tcpdump-vlan$v"]=$!
done
for v in "${vlans[@]}"; do
    lab_wait_for "tcpdump-vlan$v" 10 "tcpdump listening on br$v" \
        grep -q "listening on br$v" "$out/tcpdump-vlan$v.log"
done

# --- boxes: MACs are 02:da:1c:02:VV:HH (VV the VLAN, HH the host), switch chassis and ports
# 02:da:1c:02:aN:PP; all locally administered so the expectations can name them.
lab_netns rtr "$srv_ip"
declare -A rtr_ip=([10]=10.81.10.1 [20]=10.81.20.1 [21]=10.81.21.1 [30]=10.81.30.1 [90]=10.81.90.1)
for v in 10 20 21 30 90; do
    lab_iface rtr "v$v" "br$v" "02:da:1c:02:$v:01" "${rtr_ip[$v]}/24"
done
lab_in rtr sysctl -qw net.ipv4.ip_forward=1
lab_in rtr ip route add 198.51.100.0/24 via "$fw_in_ip"

lab_netns fw "$srv_ip"
lab_iface fw in0 br90 02:da:1c:02:90:02 "$fw_in_ip/24"
lab_iface fw wan0 br99 02:da:1c:02:99:02 "$fw_wan_ip/24"
lab_in fw sysctl -qw net.ipv4.ip_forward=1
lab_in fw ip route add 10.81.0.0/16 via 10.81.90.1
lab_in fw ip route add 198.51.100.0/24 via "$isp_ip"
# The inside is masqueraded to the WAN address; the internet has no route back to 10.81/16,
# so a fetch that succeeds is one that was NATed. A kernel without nftables NAT is a skip.
lab_in fw nft -f - >"$out/nft.log" 2>&1 <<'EOF' ||
table ip daicho_lab_nat {
    chain postrouting {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "wan0" masquerade
    }
}
EOF
    lab_skip "nftables NAT unavailable in this kernel: $(head -n1 "$out/nft.log")"

# The internet: the ISP side of the WAN (203.0.113.1) and, behind it on lo, a web/TLS server
# and a DNS server: their answers reach the WAN with the ISP router's MAC, as on a real line.
lab_netns inet "$dns_ip"
lab_iface inet eth0 br99 02:da:1c:02:99:01 "$isp_ip/24"
lab_in inet ip addr add "$web_ip/32" dev lo
lab_in inet ip addr add "$dns_ip/32" dev lo

# Hospital hosts: routes to the hospital and the internet via their VLAN's router address.
hosp_host() {  # hosp_host ROLE IFNAME VLAN MAC ADDR|dhcp
    local role=$1 ifname=$2 v=$3 mac=$4 addr=$5
    [[ -e "/run/netns/$(lab_ns "$role")" ]] || lab_netns "$role" "$srv_ip"
    if [[ "$addr" == dhcp ]]; then
        lab_iface "$role" "$ifname" "br$v" "$mac"
    else
        lab_iface "$role" "$ifname" "br$v" "$mac" "$addr/24"
    fi
}
hosp_routes() {  # hosp_routes ROLE GATEWAY
    lab_in "$1" ip route add 10.81.0.0/16 via "$2"
    lab_in "$1" ip route add 198.51.100.0/24 via "$2"
}
hosp_host srv eth0 10 02:da:1c:02:10:02 "$srv_ip"
hosp_host nms eth0 10 02:da:1c:02:10:20 "$nms_ip"
hosp_host pacs eth0 20 02:da:1c:02:20:10 "$pacs_ip"
hosp_host pacs eth1 21 02:da:1c:02:21:10 "$pacs_mod_ip"
hosp_host ct eth0 21 02:da:1c:02:21:21 "$ct_ip"
hosp_host pc1 eth0 30 02:da:1c:02:30:a1 dhcp
hosp_host pc2 eth0 30 02:da:1c:02:30:a2 dhcp
hosp_host us eth0 30 02:da:1c:02:30:a7 dhcp
for role in srv nms; do hosp_routes "$role" 10.81.10.1; done
hosp_routes pacs 10.81.20.1  # the modality NIC (VLAN 21) is only for its own subnet
hosp_routes ct 10.81.21.1

# Switches: a management interface (its own MAC and address, SNMP) and ports in several
# VLANs (their own MACs, LLDP only), and a chassis id that is neither: lldpd takes it from
# ch0 (-C), a veth that stays inside the switch, as a real switch's base MAC stays in its
# EEPROM. A port-less bridge makes lldpd announce the Bridge capability.
declare -A sw_ip=([sw1]=$sw1_ip [sw2]=$sw2_ip)
declare -A sw_mgmt_mac=([sw1]=02:da:1c:02:10:11 [sw2]=02:da:1c:02:10:12)
declare -A sw_block=([sw1]=a1 [sw2]=a2)
declare -A sw_ports=([sw1]="1:10 2:20 3:21" [sw2]="1:10 2:30")
declare -A sw_name=([sw1]=core-sw01.hosp.example [sw2]=ward3-sw02.hosp.example)
declare -A sw_descr=([sw1]="DaichoLab CoreSwitch CS-4800 Version 3.2.1 build 77"
    [sw2]="DaichoLab AccessSwitch AS-1200 Version 2.0.4 build 12")
for sw in sw1 sw2; do
    b=${sw_block[$sw]}
    lab_netns "$sw" "$srv_ip"
    lab_iface "$sw" mgmt0 br10 "${sw_mgmt_mac[$sw]}" "${sw_ip[$sw]}/24"
    for spec in ${sw_ports[$sw]}; do
        lab_iface "$sw" "p${spec%%:*}" "br${spec#*:}" "02:da:1c:02:$b:0${spec%%:*}"
    done
    lab_in "$sw" ip link add ch0 address "02:da:1c:02:$b:00" type veth peer name ch1
    lab_in "$sw" ip link set ch1 up
    lab_in "$sw" ip link set ch0 up
    lab_in "$sw" ip link add br0 type bridge
    lab_in "$sw" ip link set br0 up
    hosp_routes "$sw" 10.81.10.1
done

# --- lab material -----------------------------------------------------------------------------
mkdir -p "$T/www" "$T/snmp-persist" "$T/snmpconf" "$T/pacs-in"
printf '<html><body>medvendor portal (daicho hospital lab)</body></html>\n' >"$T/www/index.html"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
    -subj "/CN=$web_name/O=MedVendor Lab" -addext "subjectAltName=DNS:$web_name" \
    -keyout "$T/tls.key" -out "$T/tls.crt" 2>"$out/openssl-req.log"

# DICOM images: the patient attributes are canaries (check_hospital.py's "nowhere" rules).
lab_dicom_image ct 21 1.2.840.10008.5.1.4.1.1.2 CT CT-ROOM-1 "Scan 64" SN-CT-0064 CTV5.0.1 \
    "CANARY^JIRO" CANARY-PID-8181 19690203
lab_dicom_image us 22 1.2.840.10008.5.1.4.1.1.6.1 US US-CART-7 "Echo 9000" SN-US-0707 EV9.1.2 \
    "CANARY^JIRO" CANARY-PID-8181 19690203

for sw in sw1 sw2 pacs; do
    case $sw in
    pacs) name=pacs01.hosp.example descr="DaichoLab PACS server (Debian lldpd)" ;;
    *) name=${sw_name[$sw]} descr=${sw_descr[$sw]} ;;
    esac
    cat >"$T/$sw.lldpd.conf" <<EOF
configure system hostname $name
configure system description "$descr"
configure lldp tx-interval 5
EOF
done
cat >"$T/rtr.lldpd.conf" <<EOF
configure system hostname core-rtr.hosp.example
configure system description "DaichoLab CoreRouter CR-900 Version 7.1.3 build 2201"
configure system platform DaichoLab-CR-900
configure lldp tx-interval 5
EOF
cat >"$T/fw.lldpd.conf" <<EOF
configure system hostname fw01.hosp.example
configure system description "DaichoLab FireWall FW-60 v7.2.8 build1639"
configure lldp tx-interval 5
EOF

for sw in sw1 sw2; do
    cat >"$T/$sw.snmpd.conf" <<EOF
rocommunity $community 10.81.10.0/24
sysname ${sw_name[$sw]}
syslocation Main building 3F network room / rack ${sw#sw}
syscontact IT Dept <it@hosp.example>
sysdescr ${sw_descr[$sw]}
sysobjectid .1.3.6.1.4.1.8072.3.2.10
sysservices 6
EOF
done


# --- daemons ---------------------------------------------------------------------------------
install -d -m 755 /run/lldpd
# srv: the hospital's DNS (hosp.example and its reverse zone, which answers storescp's reverse
# lookups at once; medvendor.example forwarded to the internet DNS, so its upstream query
# crosses the NAT) and DHCP for the ward VLAN through the router's relay.
lab_bg dnsmasq-srv srv dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq-srv.pid" \
    --interface=eth0 --bind-interfaces --listen-address="$srv_ip" \
    --no-resolv --no-hosts --no-poll --domain=hosp.example --local=/hosp.example/ \
    --local=/81.10.in-addr.arpa/ --server=/medvendor.example/"$dns_ip" \
    --host-record=pacs01.hosp.example,"$pacs_ip" --host-record=core-rtr.hosp.example,10.81.10.1 \
    --dhcp-range=set:ward,10.81.30.100,10.81.30.150,255.255.255.0,10m \
    --dhcp-option=tag:ward,option:router,10.81.30.1 \
    --dhcp-host=02:da:1c:02:30:a1,"$pc1_ip" --dhcp-host=02:da:1c:02:30:a2,"$pc2_ip" \
    --dhcp-host=02:da:1c:02:30:a7,"$us_ip" \
    --dhcp-leasefile="$T/dnsmasq-srv.leases" --dhcp-authoritative \
    --no-ping --log-dhcp --log-queries --log-facility=-
# rtr: a DHCP relay on the ward VLAN (giaddr 10.81.30.1), no DNS (--port=0).
lab_bg dnsmasq-relay rtr dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq-relay.pid" \
    --port=0 --interface=v30 --interface=v10 --dhcp-relay=10.81.30.1,"$srv_ip" \
    --log-dhcp --log-facility=-
# inet: the internet's DNS, authoritative for medvendor.example.
lab_bg dnsmasq-inet inet dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq-inet.pid" \
    --interface=lo --bind-interfaces --listen-address="$dns_ip" \
    --no-resolv --no-hosts --no-poll --local=/medvendor.example/ \
    --host-record="$web_name,$web_ip" --host-record="$upd_name,$web_ip" \
    --log-queries --log-facility=-
lab_bg httpd inet env PYTHONUNBUFFERED=1 python3 -m http.server 80 --bind "$web_ip" --directory "$T/www"
lab_bg tls-server inet openssl s_server -accept "$web_ip:443" -tls1_2 -cert "$T/tls.crt" \
    -key "$T/tls.key" -www
lab_bg storescp pacs storescp --aetitle HOSP_PACS --output-directory "$T/pacs-in" \
    --log-level info "$pacs_port"
for sw in sw1 sw2; do
    lab_bg "snmpd-$sw" "$sw" env MIBS= SNMP_PERSISTENT_DIR="$T/snmp-persist-$sw" \
        snmpd -f -Lo -C -c "$T/$sw.snmpd.conf" -p "$T/snmpd-$sw.pid" "udp:${sw_ip[$sw]}:161"
done
# lldpd: -l LLDP at once (not only after hearing a peer); -cc CDPv1 too on the core switch.
lab_bg lldpd-sw1 sw1 lldpd -d -l -cc -I 'p*,ch0' -C ch0 -m "$sw1_ip" -u "$T/sw1.lldpd.socket" \
    -O "$T/sw1.lldpd.conf"
lab_bg lldpd-sw2 sw2 lldpd -d -l -c -I 'p*,ch0' -C ch0 -m "$sw2_ip" -u "$T/sw2.lldpd.socket" \
    -O "$T/sw2.lldpd.conf"
lab_bg lldpd-rtr rtr lldpd -d -l -I 'v*' -m 10.81.10.1 -u "$T/rtr.lldpd.socket" -O "$T/rtr.lldpd.conf"
lab_bg lldpd-fw fw lldpd -d -l -I 'in0,wan0' -m "$fw_in_ip" -u "$T/fw.lldpd.socket" -O "$T/fw.lldpd.conf"
lab_bg lldpd-pacs pacs lldpd -d -l -I 'eth*' -m "$pacs_ip" -u "$T/pacs.lldpd.socket" \
    -O "$T/pacs.lldpd.conf"
lldp_roles=(sw1 sw2 rtr fw pacs)

# shellcheck disable=SC2317  # called through lab_wait_for
listening_on() {  # listening_on ROLE PROTO PORT: a socket listens on PORT (any address)
    local opts=-Hlnt
    [[ "$2" == udp ]] && opts=-Hlnu
    lab_in "$1" ss "$opts" | awk -v p=":$3" 'substr($4, length($4) - length(p) + 1) == p { f = 1 } END { exit !f }'
}
lab_wait_for dnsmasq-srv 10 "dnsmasq (srv) on udp/53 and udp/67" \
    eval 'listening_on srv udp 53 && listening_on srv udp 67'
lab_wait_for dnsmasq-relay 10 "the DHCP relay on udp/67" listening_on rtr udp 67
lab_wait_for dnsmasq-inet 10 "dnsmasq (inet) on $dns_ip:53" lab_listening inet udp "$dns_ip:53"
lab_wait_for httpd 10 "http.server on $web_ip:80" lab_listening inet tcp "$web_ip:80"
lab_wait_for tls-server 10 "s_server on $web_ip:443" lab_listening inet tcp "$web_ip:443"
lab_wait_for storescp 10 "storescp on tcp/$pacs_port" listening_on pacs tcp "$pacs_port"
for sw in sw1 sw2; do
    lab_wait_for "snmpd-$sw" 10 "snmpd on ${sw_ip[$sw]}:161" lab_listening "$sw" udp "${sw_ip[$sw]}:161"
done
# lldpd starts paused and resumes once lldpcli has applied its -O configuration.
for r in "${lldp_roles[@]}"; do
    lab_wait_for "lldpd-$r" 10 "lldpd on $r to apply its configuration" \
        grep -q "lldpd should resume operations" "$out/lldpd-$r.log"
done
for r in "${lldp_roles[@]}"; do
    lldpcli -u "$T/$r.lldpd.socket" update >>"$out/lldpd-$r.log" 2>&1
done

# --- clients ---------------------------------------------------------------------------------
declare -A dhcp_name=([pc1]=ward3-pc01 [pc2]=ward3-nc02 [us]=us-cart-07)
declare -A dhcp_vendor=([pc1]="MSFT 5.0" [pc2]="DaichoLab-NurseCart/2.0" [us]="DaichoLab-US 3.1")
declare -A dhcp_ip=([pc1]=$pc1_ip [pc2]=$pc2_ip [us]=$us_ip)
for c in pc1 pc2 us; do
    lab_bg "udhcpc-$c" "$c" env LAB_ROUTES="10.81.0.0/16 198.51.100.0/24" \
        busybox udhcpc -f -q -n -i eth0 -t 5 -T 1 -A 1 -x "hostname:${dhcp_name[$c]}" \
        -V "${dhcp_vendor[$c]}" -s "$here/udhcpc-script.sh"
done
for c in pc1 pc2 us; do
    wait "${LAB_PID_OF[udhcpc-$c]}" || lab_fail "udhcpc on $c got no lease (log: $out/udhcpc-$c.log)"
    lab_in "$c" ip -4 -o addr show dev eth0 | grep -q "inet ${dhcp_ip[$c]}/" ||
        lab_fail "$c did not get ${dhcp_ip[$c]} by DHCP through the relay (log: $out/udhcpc-$c.log)"
done

# pc1: HTTP to the internet by name (srv forwards the query through the NAT); pc2: TLS with
# SNI, and a DNS query straight to the internet's DNS; us: C-STORE to the PACS across the
# router; ct: C-ECHO and C-STORE to the PACS's modality NIC in its own VLAN; nms: SNMP.
lab_bg curl pc1 curl -sS --max-time 10 -A "$ua" -o /dev/null -w 'HTTP %{http_code}\n' \
    "http://$web_name/index.html"
lab_bg tls-client pc2 timeout 15 openssl s_client -connect "$web_name:443" \
    -servername "$web_name" -tls1_2
lab_bg nslookup pc2 timeout 15 busybox nslookup "$upd_name" "$dns_ip"
lab_bg storescu-us us timeout 30 storescu --aetitle US_CART_7 --call HOSP_PACS \
    --log-level info "$pacs_ip" "$pacs_port" "$T/us.dcm"
lab_bg echoscu-ct ct timeout 30 echoscu --aetitle CT_SCANNER_1 --call HOSP_PACS \
    --log-level info "$pacs_mod_ip" "$pacs_port"
snmp_env=(env MIBS= SNMPCONFPATH="$T/snmpconf" SNMP_PERSISTENT_DIR="$T/snmp-persist" HOME="$T")
# shellcheck disable=SC2016  # the loop is expanded by the inner sh, with the community in $C
lab_bg snmpget nms "${snmp_env[@]}" C="$community" sh -c 'for a in "$@"; do
    snmpget -v2c -c "$C" -t 1 -r 3 -On "$a" .1.3.6.1.2.1.1.1.0 .1.3.6.1.2.1.1.2.0 \
        .1.3.6.1.2.1.1.4.0 .1.3.6.1.2.1.1.5.0 .1.3.6.1.2.1.1.6.0 || exit 1
done' snmpget "$sw1_ip" "$sw2_ip"
wait "${LAB_PID_OF[curl]}" || lab_fail "curl failed (log: $out/curl.log)"
grep -q "HTTP 200" "$out/curl.log" || lab_fail "curl got no 200 through the NAT (log: $out/curl.log)"
wait "${LAB_PID_OF[tls-client]}" || lab_fail "openssl s_client failed (log: $out/tls-client.log)"
grep -q "CN *= *$web_name" "$out/tls-client.log" ||
    lab_fail "s_client saw no portal certificate (log: $out/tls-client.log)"
wait "${LAB_PID_OF[nslookup]}" || lab_fail "nslookup failed (log: $out/nslookup.log)"
grep -q "$web_ip" "$out/nslookup.log" || lab_fail "nslookup got no answer (log: $out/nslookup.log)"
wait "${LAB_PID_OF[storescu-us]}" || lab_fail "storescu (us) failed (log: $out/storescu-us.log)"
wait "${LAB_PID_OF[echoscu-ct]}" || lab_fail "echoscu (ct) failed (log: $out/echoscu-ct.log)"
lab_in ct timeout 30 storescu --aetitle CT_SCANNER_1 --call HOSP_PACS --log-level info \
    "$pacs_mod_ip" "$pacs_port" "$T/ct.dcm" >"$out/storescu-ct.log" 2>&1 ||
    lab_fail "storescu (ct) failed (log: $out/storescu-ct.log)"
for m in US CT; do
    compgen -G "$T/pacs-in/$m.*" >/dev/null || lab_fail "storescp stored no $m image (log: $out/storescp.log)"
done
wait "${LAB_PID_OF[snmpget]}" || lab_fail "snmpget failed (log: $out/snmpget.log)"
{ grep -q "CoreSwitch" "$out/snmpget.log" && grep -q "AccessSwitch" "$out/snmpget.log"; } ||
    lab_fail "snmpget did not read both switches' sysDescr (log: $out/snmpget.log)"
# The core switch's interface and address tables, walked across the SPAN.
lab_in nms "${snmp_env[@]}" snmpwalk -v2c -c "$community" -t 1 -r 3 -On "$sw1_ip" \
    .1.3.6.1.2.1.2.2.1.6 >"$out/snmpwalk-if.log" 2>&1 || lab_fail "snmpwalk ifPhysAddress failed"
lab_in nms "${snmp_env[@]}" snmpwalk -v2c -c "$community" -t 1 -r 3 -On "$sw1_ip" \
    .1.3.6.1.2.1.4.20.1.2 >"$out/snmpwalk-ip.log" 2>&1 || lab_fail "snmpwalk ipAdEntIfIndex failed"
grep -qi "2:da:1c:2:a1:1\|02:da:1c:02:a1:01\|02 DA 1C 02 A1 01" "$out/snmpwalk-if.log" ||
    lab_fail "the ifTable walk did not list port p1's MAC (log: $out/snmpwalk-if.log)"

# Every box answers ARP at least once: each host pings its gateway, nms the management VLAN.
for spec in srv:10.81.10.1 nms:10.81.10.1 sw1:10.81.10.1 sw2:10.81.10.1 pacs:10.81.20.1 \
    pacs:10.81.21.1 ct:10.81.21.1 pc1:10.81.30.1 pc2:10.81.30.1 us:10.81.30.1 fw:10.81.90.1 \
    fw:"$isp_ip" nms:"$sw1_ip" nms:"$sw2_ip"; do
    lab_in "${spec%%:*}" busybox ping -c 1 -W 1 "${spec#*:}" >>"$out/ping-sweep.log" 2>&1 ||
        lab_fail "ping ${spec#*:} from ${spec%%:*} failed (log: $out/ping-sweep.log)"
done

# Every LLDP speaker must have been heard in each of its VLANs.
# shellcheck disable=SC2317  # called through lab_wait_for
heard() {  # heard ME PEER_NAME [VIA]
    lldpcli -u "$T/$1.lldpd.socket" -f keyvalue show neighbors hidden details \
        >"$out/lldp-neighbors-$1.log" 2>&1 || return 1
    grep -q "chassis.name=$2" "$out/lldp-neighbors-$1.log" &&
        { [[ -z "${3:-}" ]] || grep -q "via=$3" "$out/lldp-neighbors-$1.log"; }
}
for spec in rtr:core-sw01 rtr:ward3-sw02 rtr:pacs01 rtr:fw01 sw1:core-rtr sw1:pacs01 \
    sw1:ward3-sw02 sw2:core-rtr sw2:core-sw01 fw:core-rtr pacs:core-rtr pacs:core-sw01; do
    me=${spec%%:*} peer=${spec#*:}
    lab_wait_for "lldpd-$me" 20 "$me to hear $peer over LLDP" heard "$me" "$peer.hosp.example"
done
lab_wait_for lldpd-sw2 20 "sw2 to hear sw1 over CDP" heard sw2 core-sw01.hosp.example CDP

# --- stop the captures, merge, ingest, check ------------------------------------------------------
# The last frame of each VLAN: the end marker from the router (and from the firewall on the WAN).
end_marker="daicho-lab-end-$LAB_ID"
for v in 10 20 21 30 90; do lab_send_marker rtr "10.81.$v.255" "$end_marker"; done
lab_send_marker fw 203.0.113.255 "$end_marker"
for v in "${vlans[@]}"; do
    lab_wait_for "tcpdump-vlan$v" 10 "the end marker in vlan$v.pcap" \
        grep -qaF "$end_marker" "$out/vlan$v.pcap"
done
for v in "${vlans[@]}"; do lab_stop_tcpdump "tcpdump-vlan$v"; done
merge_args=()
for v in "${vlans[@]}"; do merge_args+=("$v=$out/vlan$v.pcap"); done
python3 "$here/span_merge.py" "$out/cap.pcap" "${merge_args[@]}" >"$out/span-merge.log" 2>&1 ||
    lab_fail "span_merge.py failed (log: $out/span-merge.log)"
lab_say "$(tail -n1 "$out/span-merge.log")"

# The department map: sites, departments and their subnets and VLANs; the WAN is in none.
cat >"$out/daicho.json" <<'EOF'
{
  "_comment": "The hospital lab's address plan (tests/lab/run-hospital-lab.sh writes it): 10.81.0.0/16 is the hospital; the WAN 203.0.113.0/24 and the internet 198.51.100.0/24 are outside it.",
  "sites": [{"name": "本院", "subnets": ["10.81.0.0/16"], "domains": [0]}],
  "departments": [
    {"name": "情報システム部", "site": "本院", "subnets": ["10.81.10.0/24", "10.81.90.0/24"], "vlans": [10, 90]},
    {"name": "放射線科", "site": "本院", "subnets": ["10.81.20.0/24", "10.81.21.0/24"], "vlans": [20, 21]},
    {"name": "看護部（3階東病棟）", "site": "本院", "subnets": ["10.81.30.0/24"], "vlans": [30]}
  ]
}
EOF
cfg=(--config "$out/daicho.json")
timeout 120 "$daicho" ingest --db "$out/lab.db" "${cfg[@]}" "$out/cap.pcap" >"$out/ingest.log" 2>&1 ||
    lab_fail "daicho ingest failed (log: $out/ingest.log)"
lab_export_devices "$daicho" "$out" "${cfg[@]}"
lab_export_ledgers "$daicho" "$out" "${cfg[@]}"
lab_checkpoint "$out"
lab_say "$(cat "$out/ingest.log")"
elapsed_ms=$((($(date +%s%N) - t_start) / 1000000))
lab_say "lab up, exercised, captured and ingested in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"

rc=0
python3 "$here/check_hospital.py" --expect "$here/expect-hospital.json" --out-dir "$out" |
    tee "$out/check.txt" || rc=$?
exit "$rc"
