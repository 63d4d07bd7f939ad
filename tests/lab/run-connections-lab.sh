#!/usr/bin/env bash
# The connections lab (issue 13): a hospital's external connection points made by real peers in
# network namespaces, one bridge per VLAN, captured as one 802.1Q-tagged SPAN (span_merge.py).
#
#   - web and DNS from the wards to the "internet" through a NAT firewall;
#   - an SSL-VPN login from a teleworker on the internet to the firewall's WAN address, which
#     serves a FortiGate-style certificate (O=Fortinet, OU=FortiGate, CN=<serial>);
#   - an inbound RDP session (xrdp on the EMR server, FreeRDP from the internet) through a port
#     forward on the firewall;
#   - a vendor's router in radiology that bypasses the firewall: a real IKEv2 tunnel
#     (strongSwan with kernel-libipsec) over the vendor's closed network (private addresses
#     outside the hospital's plan, 閉域網, not mirrored) and, through it, the vendor engineer's
#     VNC session into the CT console (TigerVNC's Xvnc);
#   - an OpenVPN tunnel from a ward PC to a server on the internet.
#
# `daicho ingest` reads the SPAN with the lab's address plan (daicho.json in the output
# directory; the firewall's WAN address is the hospital's own, in internal_ranges) and
# check_connections.py checks expect-connections.json against `daicho connections` and
# `daicho devices`. Topology: tests/lab/README.md.
#
#   run-connections-lab.sh DAICHO_BINARY OUTPUT_DIR
#
# Exit: 0 every check holds; 1 a check or the lab failed; 77 skipped (not root, `ip netns`
# unusable, a tool missing); 2 usage.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=lib.sh
source "$here/lib.sh"
lab_args "$@"

lab_require_root
lab_require_tools ip:iproute2 ss:iproute2 tcpdump:tcpdump python3:python3 nft:nftables \
    dnsmasq:dnsmasq-base lldpd:lldpd lldpcli:lldpd busybox:busybox openssl:openssl curl:curl timeout:coreutils \
    setsid:util-linux unshare:util-linux /usr/lib/ipsec/charon:strongswan-charon \
    swanctl:strongswan-swanctl xrdp:xrdp xfreerdp:freerdp2-x11 xvfb-run:xvfb Xvnc:tigervnc-standalone-server \
    openvpn:openvpn
[[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] ||
    lab_skip "strongSwan's kernel-libipsec plugin is missing (Debian package libcharon-extra-plugins); tests/lab/install-lab-deps.sh installs it"
[[ -c /dev/net/tun ]] || lab_skip "/dev/net/tun is missing: kernel-libipsec and OpenVPN need TUN devices"
lab_require_busybox ping
lab_require_sqlite

lab_start cap.pcap 'vlan*.pcap' 'lab.db*' 'lab-precheckpoint.db*' 'devices.*' 'connections.*' 'ledger-*' \
    daicho.json check.txt '*.log'

# --- address plan (README.md has the picture) --------------------------------------------------
# 10.82.0.0/16 is the hospital and 203.0.113.2 its own WAN address; the ISP side of the WAN
# (203.0.113.1), the internet (198.51.100.0/24, TEST-NET-2) and the vendor's closed network
# (172.31.200.0/24 and the engineers' 172.31.201.0/24: private, yet outside) are not. No
# namespace has a default route and no bridge has a physical port: nothing leaves the lab.
vlans=(10 20 30 90 99)
srv_ip=10.82.10.2 emr_ip=10.82.10.30
ct_ip=10.82.20.21 vrt_in_ip=10.82.20.254
pc1_ip=10.82.30.101 pc2_ip=10.82.30.102
fw_in_ip=10.82.90.2 fw_wan_ip=203.0.113.2 isp_ip=203.0.113.1
web_ip=198.51.100.80 dns_ip=198.51.100.53 tele_ip=198.51.100.77 rdp_client_ip=198.51.100.66
ovpn_ip=198.51.100.90
vrt_wan_ip=172.31.200.2 vgw_ip=172.31.200.1 engineer_ip=172.31.201.10
web_name=portal.medvendor.example
# The RDP client's user name travels in the X.224 cookie (mstshash=): a user name, which must
# reach nothing daicho writes (expect-connections.json "nowhere").
rdp_user=rdpcanary5e1f

# --- the SPAN: one bridge per VLAN, one tcpdump per bridge; the vendor line is not mirrored ----
lab_bridge_ns
for v in "${vlans[@]}"; do
    lab_bridge_dev "br$v"
    setsid ip netns exec "$(lab_ns br)" tcpdump -i "br$v" -n --immediate-mode -U -s 0 \
        -w "$out/vlan$v.pcap" >"$out/tcpdump-vlan$v.log" 2>&1 &
    LAB_PIDS+=("$!")
    LAB_PID_OF["tcpdump-vlan$v"]=$!
done
lab_bridge_dev brv
for v in "${vlans[@]}"; do
    lab_wait_for "tcpdump-vlan$v" 10 "tcpdump listening on br$v" \
        grep -q "listening on br$v" "$out/tcpdump-vlan$v.log"
done

# --- boxes: MACs 02:da:1c:03:VV:HH (VV the VLAN, HH the host) ------------------------------------
lab_netns rtr "$srv_ip"
declare -A rtr_ip=([10]=10.82.10.1 [20]=10.82.20.1 [30]=10.82.30.1 [90]=10.82.90.1)
for v in 10 20 30 90; do
    lab_iface rtr "v$v" "br$v" "02:da:1c:03:$v:01" "${rtr_ip[$v]}/24"
done
lab_in rtr sysctl -qw net.ipv4.ip_forward=1
lab_in rtr ip route add 198.51.100.0/24 via "$fw_in_ip"
lab_in rtr ip route add 203.0.113.0/24 via "$fw_in_ip"
lab_in rtr ip route add 172.31.201.0/24 via "$vrt_in_ip"

lab_netns fw "$srv_ip"
lab_iface fw in0 br90 02:da:1c:03:90:02 "$fw_in_ip/24"
lab_iface fw wan0 br99 02:da:1c:03:99:02 "$fw_wan_ip/24"
lab_in fw sysctl -qw net.ipv4.ip_forward=1
lab_in fw ip route add 10.82.0.0/16 via 10.82.90.1
lab_in fw ip route add 198.51.100.0/24 via "$isp_ip"
# The inside is masqueraded to the WAN address; tcp/3389 on the WAN address is forwarded to
# the EMR server (the exposed RDP of so many ransomware reports).
lab_in fw nft -f - >"$out/nft.log" 2>&1 <<EOF ||
table ip daicho_lab_nat {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        iifname "wan0" tcp dport 3389 dnat to $emr_ip
    }
    chain postrouting {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "wan0" masquerade
    }
}
EOF
    lab_skip "nftables NAT unavailable in this kernel: $(head -n1 "$out/nft.log")"

# The internet: the ISP side of the WAN and, on lo, a web server, a DNS server, a teleworker,
# an RDP client and an OpenVPN server.
lab_netns inet "$dns_ip"
lab_iface inet eth0 br99 02:da:1c:03:99:01 "$isp_ip/24"
for a in "$web_ip" "$dns_ip" "$tele_ip" "$rdp_client_ip" "$ovpn_ip"; do
    lab_in inet ip addr add "$a/32" dev lo
done
# What the internet sends to the hospital's WAN address leaves from the RDP client's address
# unless a client binds another (the teleworker's curl does).
lab_in inet ip route add "$fw_wan_ip/32" dev eth0 src "$rdp_client_ip"

hosp_host() {  # hosp_host ROLE VLAN MAC ADDR GATEWAY
    lab_netns "$1" "$srv_ip"
    lab_iface "$1" eth0 "br$2" "$3" "$4/24"
    lab_in "$1" ip route add 10.82.0.0/16 via "$5"
    lab_in "$1" ip route add 198.51.100.0/24 via "$5"
}
hosp_host srv 10 02:da:1c:03:10:02 "$srv_ip" 10.82.10.1
hosp_host emr 10 02:da:1c:03:10:30 "$emr_ip" 10.82.10.1
hosp_host ct 20 02:da:1c:03:20:21 "$ct_ip" 10.82.20.1
hosp_host pc1 30 02:da:1c:03:30:a1 "$pc1_ip" 10.82.30.1
hosp_host pc2 30 02:da:1c:03:30:a2 "$pc2_ip" 10.82.30.1
# The CT reaches the vendor's engineers through the vendor's router, not the firewall.
lab_in ct ip route add 172.31.201.0/24 via "$vrt_in_ip"

# The vendor's router: inside radiology, its WAN on the vendor's closed network; and the
# vendor's gateway at the far end, with the engineers' network behind it (on lo).
lab_netns vrt
lab_iface vrt in0 br20 02:da:1c:03:20:fe "$vrt_in_ip/24"
lab_iface vrt wan0 brv 02:da:1c:03:f0:02 "$vrt_wan_ip/24"
lab_in vrt sysctl -qw net.ipv4.ip_forward=1
lab_in vrt ip route add 10.82.0.0/16 via 10.82.20.1
lab_netns vgw
lab_iface vgw eth0 brv 02:da:1c:03:f0:01 "$vgw_ip/24"
lab_in vgw ip addr add "$engineer_ip/32" dev lo
lab_in vgw sysctl -qw net.ipv4.ip_forward=1

# --- lab material -----------------------------------------------------------------------------
mkdir -p "$T/www" "$T/pki"
printf '<html><body>medvendor portal (daicho connections lab)</body></html>\n' >"$T/www/index.html"
# The SSL-VPN portal's certificate as a FortiGate ships it: O=Fortinet, OU=FortiGate and the
# unit's serial number as CN (collectors/data/remote_access_products.tsv).
openssl req -x509 -newkey rsa:2048 -nodes -days 7 \
    -subj "/C=US/ST=California/L=Sunnyvale/O=Fortinet/OU=FortiGate/CN=FGT60FTK2209DLAB" \
    -keyout "$T/fgt.key" -out "$T/fgt.crt" 2>"$out/openssl-fgt.log"
# OpenVPN: a CA, the server's and the client's certificates.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
    -subj "/CN=DaichoLab OpenVPN CA" -keyout "$T/pki/ca.key" -out "$T/pki/ca.crt" \
    2>"$out/openssl-ca.log"
for who in server client; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=ovpn-$who" -keyout "$T/pki/$who.key" -out "$T/pki/$who.csr" 2>>"$out/openssl-ca.log"
    openssl x509 -req -in "$T/pki/$who.csr" -CA "$T/pki/ca.crt" -CAkey "$T/pki/ca.key" \
        -CAcreateserial -days 7 -out "$T/pki/$who.crt" 2>>"$out/openssl-ca.log"
done
# xrdp: its own ini (no sesman needed for the handshake a connection point is made of), RSA
# keys and a TLS certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=emr01.hosp.example" \
    -keyout "$T/xrdp.key" -out "$T/xrdp.crt" 2>"$out/openssl-xrdp.log"
xrdp-keygen xrdp "$T/rsakeys.ini" >"$out/xrdp-keygen.log" 2>&1 ||
    lab_fail "xrdp-keygen failed (log: $out/xrdp-keygen.log)"
cat >"$T/xrdp.ini" <<EOF
[Globals]
ini_version=1
fork=true
port=tcp://:3389
security_layer=tls
certificate=$T/xrdp.crt
key_file=$T/xrdp.key
ssl_protocols=TLSv1.2, TLSv1.3
crypt_level=high
autorun=
allow_channels=false
max_bpp=32
[Logging]
LogFile=$out/xrdp-server.log
LogLevel=INFO
EnableSyslog=false
[Xorg]
name=Xorg
lib=libxup.so
username=ask
password=ask
ip=127.0.0.1
port=-1
code=20
EOF

# strongSwan: one charon per end with its own config, pid file and VICI socket (a mount
# namespace of its own gives each a private /run), userspace IPsec on a TUN device.
swan_conf() {  # swan_conf ROLE LOCAL REMOTE LOCAL_TS REMOTE_TS
    local d="$T/swan-$1"
    mkdir -p "$d/run"
    cat >"$d/strongswan.conf" <<EOF
charon {
    install_routes = yes
    port = 500
    port_nat_t = 4500
    filelog {
        lab {
            path = $out/charon-$1.log
            default = 1
            ike = 2
        }
    }
    plugins {
        vici { socket = unix://$d/charon.vici }
    }
    load = aes sha1 sha2 md5 hmac kdf random nonce gmp pem pkcs1 x509 kernel-libipsec kernel-netlink socket-default vici updown
}
EOF
    cat >"$d/swanctl.conf" <<EOF
connections {
    vendor {
        version = 2
        local_addrs = $2
        remote_addrs = $3
        proposals = aes256-sha256-modp2048
        local { auth = psk
                id = $2 }
        remote { auth = psk
                 id = $3 }
        children {
            maint {
                local_ts = $4
                remote_ts = $5
                esp_proposals = aes256-sha256
                start_action = none
            }
        }
    }
}
secrets {
    ike-vendor {
        id-a = $2
        id-b = $3
        secret = daicho-lab-vendor-psk-4f2a
    }
}
EOF
}
swan_conf vrt "$vrt_wan_ip" "$vgw_ip" 10.82.20.0/24 172.31.201.0/24
swan_conf vgw "$vgw_ip" "$vrt_wan_ip" 172.31.201.0/24 10.82.20.0/24

# The router and the firewall announce themselves over LLDP, so each is one box: the SSL-VPN
# portal on the firewall's WAN address is the firewall's.
cat >"$T/rtr.lldpd.conf" <<EOF
configure system hostname core-rtr.hosp.example
configure system description "DaichoLab CoreRouter CR-900 Version 7.1.3 build 2201"
configure lldp tx-interval 5
EOF
cat >"$T/fw.lldpd.conf" <<EOF
configure system hostname fw01.hosp.example
configure system description "FortiGate-60F v7.2.8,build1639,240313 (GA.M) firewall"
configure lldp tx-interval 5
EOF

# --- daemons ---------------------------------------------------------------------------------
install -d -m 755 /run/lldpd
lab_bg lldpd-rtr rtr lldpd -d -l -I 'v*' -m 10.82.10.1 -u "$T/rtr.lldpd.socket" -O "$T/rtr.lldpd.conf"
lab_bg lldpd-fw fw lldpd -d -l -I 'in0,wan0' -m "$fw_in_ip" -u "$T/fw.lldpd.socket" -O "$T/fw.lldpd.conf"
# srv: the hospital's DNS; medvendor.example forwarded to the internet's DNS through the NAT.
lab_bg dnsmasq-srv srv dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq-srv.pid" \
    --interface=eth0 --bind-interfaces --listen-address="$srv_ip" --no-resolv --no-hosts \
    --no-poll --domain=hosp.example --local=/hosp.example/ --server=/medvendor.example/"$dns_ip" \
    --log-queries --log-facility=-
lab_bg dnsmasq-inet inet dnsmasq --no-daemon --conf-file=/dev/null --pid-file="$T/dnsmasq-inet.pid" \
    --interface=lo --bind-interfaces --listen-address="$dns_ip" --no-resolv --no-hosts --no-poll \
    --local=/medvendor.example/ --host-record="$web_name,$web_ip" --log-queries --log-facility=-
lab_bg httpd inet env PYTHONUNBUFFERED=1 python3 -m http.server 80 --bind "$web_ip" --directory "$T/www"
lab_bg sslvpn fw openssl s_server -accept "$fw_wan_ip:443" -tls1_2 -cert "$T/fgt.crt" \
    -key "$T/fgt.key" -www
lab_bg xrdp emr xrdp --nodaemon --config "$T/xrdp.ini"
# The CT console's VNC server, display :21 on tcp/5901 of the CT only.
lab_bg xvnc ct Xvnc :21 -rfbport 5901 -interface "$ct_ip" -SecurityTypes None -nolisten unix \
    -geometry 640x480 -depth 16
lab_bg openvpn-server inet openvpn --dev tun --proto udp --local "$ovpn_ip" --port 1194 \
    --server 10.99.0.0 255.255.255.0 --topology subnet --ca "$T/pki/ca.crt" \
    --cert "$T/pki/server.crt" --key "$T/pki/server.key" --dh none --verb 3
for role in vrt vgw; do
    lab_bg "charon-$role" "$role" unshare --mount sh -c \
        'mount --bind "$1" /run && exec env STRONGSWAN_CONF="$2" /usr/lib/ipsec/charon' \
        charon "$T/swan-$role/run" "$T/swan-$role/strongswan.conf"
done

# shellcheck disable=SC2317  # called through lab_wait_for
listening_on() {  # listening_on ROLE PROTO PORT
    local opts=-Hlnt
    [[ "$2" == udp ]] && opts=-Hlnu
    lab_in "$1" ss "$opts" | awk -v p=":$3" 'substr($4, length($4) - length(p) + 1) == p { f = 1 } END { exit !f }'
}
lab_wait_for dnsmasq-srv 10 "dnsmasq (srv) on udp/53" listening_on srv udp 53
lab_wait_for dnsmasq-inet 10 "dnsmasq (inet) on $dns_ip:53" lab_listening inet udp "$dns_ip:53"
lab_wait_for httpd 10 "http.server on $web_ip:80" lab_listening inet tcp "$web_ip:80"
lab_wait_for sslvpn 10 "the SSL-VPN portal on $fw_wan_ip:443" lab_listening fw tcp "$fw_wan_ip:443"
lab_wait_for xrdp 10 "xrdp on tcp/3389" listening_on emr tcp 3389
lab_wait_for xvnc 10 "Xvnc on $ct_ip:5901" lab_listening ct tcp "$ct_ip:5901"
lab_wait_for openvpn-server 10 "the OpenVPN server on $ovpn_ip:1194" lab_listening inet udp "$ovpn_ip:1194"
for role in vrt vgw; do
    lab_wait_for "charon-$role" 10 "charon's VICI socket on $role" test -S "$T/swan-$role/charon.vici"
done
# lldpd starts paused and resumes once lldpcli has applied its -O configuration.
for r in rtr fw; do
    lab_wait_for "lldpd-$r" 10 "lldpd on $r to apply its configuration" \
        grep -q "lldpd should resume operations" "$out/lldpd-$r.log"
    lldpcli -u "$T/$r.lldpd.socket" update >>"$out/lldpd-$r.log" 2>&1
done

# --- sessions --------------------------------------------------------------------------------
# The vendor's tunnel: both ends load their config; the vendor's gateway brings it up.
for role in vrt vgw; do
    lab_in "$role" swanctl --load-all --file "$T/swan-$role/swanctl.conf" \
        --uri "unix://$T/swan-$role/charon.vici" >>"$out/swanctl-$role.log" 2>&1 ||
        lab_fail "swanctl --load-all failed on $role (log: $out/swanctl-$role.log)"
done
lab_in vgw timeout 20 swanctl --initiate --child maint --uri "unix://$T/swan-vgw/charon.vici" \
    >>"$out/swanctl-vgw.log" 2>&1 || lab_fail "the IKEv2 tunnel did not come up (log: $out/swanctl-vgw.log)"

# pc1: web to the internet by name (DNS through srv, HTTP through the NAT).
lab_in pc1 curl -sS --max-time 10 -o /dev/null -w 'HTTP %{http_code}\n' \
    "http://$web_name/index.html" >"$out/curl.log" 2>&1 || lab_fail "curl failed (log: $out/curl.log)"
grep -q "HTTP 200" "$out/curl.log" || lab_fail "curl got no 200 through the NAT (log: $out/curl.log)"
# The teleworker's SSL-VPN login: TLS to the firewall's own address.
lab_in inet curl -sSv -k --max-time 10 --interface "$tele_ip" --tlsv1.2 --tls-max 1.2 \
    --resolve "vpn.hosp.example:443:$fw_wan_ip" -o /dev/null "https://vpn.hosp.example/remote/login" \
    >"$out/sslvpn-client.log" 2>&1 || lab_fail "the SSL-VPN login failed (log: $out/sslvpn-client.log)"
grep -q "OU=FortiGate" "$out/sslvpn-client.log" ||
    lab_fail "the teleworker saw no FortiGate certificate (log: $out/sslvpn-client.log)"
# Inbound RDP from the internet to the EMR server through the port forward: FreeRDP gets as
# far as the TLS handshake and xrdp's login (no session manager runs, so it ends there).
lab_in inet env HOME="$T" timeout 20 xvfb-run -a xfreerdp /v:"$fw_wan_ip":3389 /u:"$rdp_user" \
    /p:not-a-password /cert:ignore /sec:tls +auth-only /log-level:INFO >"$out/xfreerdp.log" 2>&1 || true
grep -q "TLS connection established from $rdp_client_ip" "$out/xrdp-server.log" ||
    lab_fail "FreeRDP's session never reached TLS with xrdp (logs: $out/xfreerdp.log, $out/xrdp-server.log)"
# The vendor engineer's VNC session into the CT console, through the IPsec tunnel: the RFB
# handshake (ProtocolVersion, security type None, ClientInit, ServerInit with the desktop).
lab_in vgw timeout 15 python3 - "$engineer_ip" "$ct_ip" >"$out/vnc-client.log" 2>&1 <<'EOF' ||
import socket, struct, sys
s = socket.create_connection((sys.argv[2], 5901), timeout=10, source_address=(sys.argv[1], 0))
version = s.recv(12)
print("server:", version)
s.sendall(b"RFB 003.008\n")
count = s.recv(1)[0]
types = s.recv(count)
print("security types:", list(types))
s.sendall(b"\x01")
print("security result:", struct.unpack(">I", s.recv(4))[0])
s.sendall(b"\x01")  # ClientInit: shared
init = s.recv(24)
width, height = struct.unpack(">HH", init[:4])
print("desktop:", width, "x", height)
s.close()
EOF
    lab_fail "the VNC session through the tunnel failed (log: $out/vnc-client.log)"
grep -q "desktop: 640 x 480" "$out/vnc-client.log" ||
    lab_fail "the VNC session got no ServerInit (log: $out/vnc-client.log)"
# pc2's OpenVPN tunnel to the internet, up until its first ping through the tunnel answers.
lab_bg openvpn-client pc2 openvpn --client --dev tun --proto udp --remote "$ovpn_ip" 1194 \
    --ca "$T/pki/ca.crt" --cert "$T/pki/client.crt" --key "$T/pki/client.key" --nobind \
    --verb 3 --connect-retry-max 3
lab_wait_for openvpn-client 20 "the OpenVPN tunnel to come up" \
    grep -q "Initialization Sequence Completed" "$out/openvpn-client.log"
lab_in pc2 busybox ping -c 2 -W 2 10.99.0.1 >"$out/ping-ovpn.log" 2>&1 ||
    lab_fail "no ping through the OpenVPN tunnel (log: $out/ping-ovpn.log)"

# Every box answers ARP at least once.
for spec in srv:10.82.10.1 emr:10.82.10.1 ct:10.82.20.1 pc1:10.82.30.1 pc2:10.82.30.1 \
    fw:10.82.90.1 fw:"$isp_ip" vrt:10.82.20.1; do
    lab_in "${spec%%:*}" busybox ping -c 1 -W 1 "${spec#*:}" >>"$out/ping-sweep.log" 2>&1 ||
        lab_fail "ping ${spec#*:} from ${spec%%:*} failed (log: $out/ping-sweep.log)"
done

# --- stop the captures, merge, ingest, check ------------------------------------------------------
end_marker="daicho-lab-end-$LAB_ID"
for v in 10 20 30 90; do lab_send_marker rtr "10.82.$v.255" "$end_marker"; done
# On the WAN from the ISP side: a marker from the firewall would be a conversation of its own.
lab_send_marker inet 203.0.113.255 "$end_marker"
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

cat >"$out/daicho.json" <<'EOF'
{
  "_comment": "The connections lab's address plan (tests/lab/run-connections-lab.sh writes it): 10.82.0.0/16 and the firewall's WAN address 203.0.113.2 are the hospital; the ISP, the internet and the vendor's closed network are outside.",
  "sites": [{"name": "本院", "subnets": ["10.82.0.0/16"], "domains": [0]}],
  "departments": [
    {"name": "情報システム部", "site": "本院", "subnets": ["10.82.10.0/24", "10.82.90.0/24"], "vlans": [10, 90]},
    {"name": "放射線科", "site": "本院", "subnets": ["10.82.20.0/24"], "vlans": [20]},
    {"name": "看護部（3階東病棟）", "site": "本院", "subnets": ["10.82.30.0/24"], "vlans": [30]}
  ],
  "internal_ranges": ["203.0.113.2/32"]
}
EOF
cfg=(--config "$out/daicho.json")
timeout 120 "$daicho" ingest --db "$out/lab.db" "${cfg[@]}" "$out/cap.pcap" >"$out/ingest.log" 2>&1 ||
    lab_fail "daicho ingest failed (log: $out/ingest.log)"
lab_export_devices "$daicho" "$out" "${cfg[@]}"
lab_export_ledgers "$daicho" "$out" "${cfg[@]}"
for format in json table; do
    ext=$format
    [[ $format == table ]] && ext=txt
    timeout 60 "$daicho" connections --db "$out/lab.db" "${cfg[@]}" --format "$format" \
        >"$out/connections.$ext" 2>"$out/connections-$format.log" ||
        lab_fail "daicho connections --format $format failed (log: $out/connections-$format.log)"
done
# The picture (Q10's diagram) must show the same points: its model as JSON, and the SVG.
for format in json svg; do
    timeout 60 "$daicho" topology --db "$out/lab.db" "${cfg[@]}" --format "$format" \
        -o "$out/topology.$format" 2>"$out/topology-$format.log" ||
        lab_fail "daicho topology --format $format failed (log: $out/topology-$format.log)"
done
lab_checkpoint "$out"
lab_say "$(cat "$out/ingest.log")"
elapsed_ms=$((($(date +%s%N) - t_start) / 1000000))
lab_say "lab up, exercised, captured and ingested in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"

rc=0
python3 "$here/check_connections.py" --expect "$here/expect-connections.json" --out-dir "$out" |
    tee "$out/check.txt" || rc=$?
exit "$rc"
