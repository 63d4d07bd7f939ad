#!/usr/bin/env bash
# The medical lab: real DICOM and HL7 peers in network namespaces on one bridge. DCMTK's
# storescp (PACS, port 11112) and wlmscpfs (worklist, port 4104) serve; echoscu, findscu and
# storescu (a US image with General Equipment attributes) are the modalities; an MLLP monitor
# gateway sends an ORU^R01 to a HIS on port 6661, which ACKs it. No standard port is used, so
# recognition must come from the protocols' own framing. The bridge is captured, `daicho
# ingest` reads the capture, and check_medical.py checks each device (expect-medical.json)
# and that no patient canary (planted in the DICOM dataset, the worklist and the HL7 PID/OBX)
# reaches the ledger, its WAL, the exports or daicho's logs. Topology: tests/lab/README.md.
#
#   run-medical-lab.sh DAICHO_BINARY OUTPUT_DIR
#
# Exit: 0 all expectations hold; 1 an expectation or the lab failed; 77 skipped (not root,
# `ip netns` unusable, a tool missing); 2 usage.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=lib.sh
source "$here/lib.sh"
lab_args "$@"

lab_require_root
lab_require_tools ip:iproute2 ss:iproute2 tcpdump:tcpdump python3:python3 \
    storescp:dcmtk storescu:dcmtk echoscu:dcmtk findscu:dcmtk wlmscpfs:dcmtk dump2dcm:dcmtk \
    timeout:coreutils setsid:util-linux
lab_require_sqlite

lab_start cap.pcap 'lab.db*' 'lab-precheckpoint.db*' 'devices.*' check.txt '*.log'

# --- topology ----------------------------------------------------------------------------------
pacs_ip=10.78.0.10 ris_ip=10.78.0.11
ct_ip=10.78.0.21 us_ip=10.78.0.22
his_ip=10.78.0.30 gw_ip=10.78.0.31
pacs_port=11112 ris_port=4104 hl7_port=6661

lab_bridge
tcpdump_log="$out/tcpdump.log"
setsid ip netns exec "$(lab_ns br)" tcpdump -i br0 -n --immediate-mode -U -s 0 -w "$out/cap.pcap" \
    >"$tcpdump_log" 2>&1 &
LAB_PIDS+=("$!")
LAB_PID_OF[tcpdump]=$!
lab_wait_for tcpdump 10 "tcpdump listening on br0" grep -q "listening on br0" "$tcpdump_log"

# No host resolves names: every peer is addressed by IP, so no resolv.conf is needed.
lab_host pacs 02:da:1c:01:00:10 "$pacs_ip"
lab_host ris 02:da:1c:01:00:11 "$ris_ip"
lab_host ct 02:da:1c:01:00:21 "$ct_ip"
lab_host us 02:da:1c:01:00:22 "$us_ip"
lab_host his 02:da:1c:01:00:30 "$his_ip"
lab_host gw 02:da:1c:01:00:31 "$gw_ip"

# --- lab material: the US image, the worklist entry, the HL7 message --------------------------
# The patient attributes are canaries: check_medical.py requires them in cap.pcap and in no
# file daicho wrote. The General Equipment module (PS3.3 C.7.5.1) is what the ledger may keep.
lab_dicom_image us 1 1.2.840.10008.5.1.4.1.1.6.1 US US-CART-2 "Echo 9000" SN-US-0042 EV9.1.2 \
    "CANARY^TARO" CANARY-PID-4242 19700101

# wlmscpfs serves <data-files-path>/<called AE title>/*.wl (with a lockfile beside them).
mkdir -p "$T/wlm/DAICHO_RIS" "$T/pacs-in"
: >"$T/wlm/DAICHO_RIS/lockfile"
cat >"$T/wl.dump" <<'EOF'
(0008,0005) CS [ISO_IR 100]
(0008,0050) SH [ACC-4242]
(0010,0010) PN [CANARY^TARO]
(0010,0020) LO [CANARY-PID-4242]
(0010,0030) DA [19700101]
(0010,0040) CS [M]
(0020,000d) UI [1.2.826.0.1.3680043.10.1337.2.1]
(0032,1060) LO [US ABDOMEN]
(0040,0100) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=7)
    (0008,0060) CS [US]
    (0040,0001) AE [US_CART_2]
    (0040,0002) DA [20240105]
    (0040,0003) TM [0900]
    (0040,0007) LO [US ABDOMEN]
    (0040,0009) SH [SPS-1]
    (0040,0010) SH [US-ROOM-1]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(0040,1001) SH [RP-1]
EOF
dump2dcm +te "$T/wl.dump" "$T/wlm/DAICHO_RIS/us-abdomen.wl" >>"$out/dump2dcm.log" 2>&1 ||
    lab_fail "dump2dcm could not build the worklist entry (log: $out/dump2dcm.log)"

# ORU^R01 from a monitor gateway (HL7 v2.5): the MSH, SFT and OBX-18 name systems; PID, PV1,
# OBX-5 and NTE are patient data.
cat >"$T/oru.hl7" <<'EOF'
MSH|^~\&|MONITOR_GW^NK|ICU_EAST|HIS|GENERAL_HOSP|20240105090000||ORU^R01|GW000123|P|2.5
SFT|DaichoLab Medical Systems|4.12.3|DaichoLab Monitor Gateway|GWB-4123
PID|1||CANARY-MRN-777^^^GH^MR||CANARY^HANAKO||19700101|F
PV1|1|I|ICU^07^A||||0042^CANARY^HANAKO
OBR|1||GW000123|0002-4182^MDC_HR^MDC|||20240105090000
OBX|1|NM|0002-4182^MDC_HR^MDC||72|/min|||||F|||20240105090000||||BSM-6701^MONITOR^0012345
OBX|2|ST|0002-0000^MDC_NOTE^MDC||CANARY-OBX-VALUE||||||F|||20240105090000||||BSM-6701^MONITOR^0012345
OBX|3|NM|0002-4bb8^MDC_SPO2^MDC||98|%|||||F|||20240105090000||||OXI-22^PULSEOX
NTE|1||CANARY-OBX-VALUE
EOF

# --- servers ---------------------------------------------------------------------------------
lab_bg storescp pacs storescp --aetitle DAICHO_PACS --output-directory "$T/pacs-in" \
    --log-level info "$pacs_port"
lab_bg wlmscpfs ris wlmscpfs --data-files-path "$T/wlm" --log-level info "$ris_port"
lab_bg mllp-his his env PYTHONUNBUFFERED=1 python3 "$here/mllp_peer.py" listen "$his_ip" \
    "$hl7_port" --app HIS --facility GENERAL_HOSP --connections 1

# shellcheck disable=SC2317  # called through lab_wait_for
listening_on() {  # listening_on ROLE PORT: a TCP socket listens on PORT (any address)
    lab_in "$1" ss -Hltn | awk -v p=":$2" 'substr($4, length($4) - length(p) + 1) == p { f = 1 } END { exit !f }'
}
lab_wait_for storescp 10 "storescp on tcp/$pacs_port" listening_on pacs "$pacs_port"
lab_wait_for wlmscpfs 10 "wlmscpfs on tcp/$ris_port" listening_on ris "$ris_port"
lab_wait_for mllp-his 10 "the HL7 receiver on tcp/$hl7_port" listening_on his "$hl7_port"

# --- clients ---------------------------------------------------------------------------------
lab_bg echoscu ct timeout 30 echoscu --aetitle CT_SCANNER_1 --call DAICHO_PACS \
    --log-level info "$pacs_ip" "$pacs_port"
lab_bg storescu us timeout 30 storescu --aetitle US_CART_2 --call DAICHO_PACS \
    --log-level info "$pacs_ip" "$pacs_port" "$T/us.dcm"
lab_bg mllp-gw gw env PYTHONUNBUFFERED=1 timeout 30 python3 "$here/mllp_peer.py" send \
    "$his_ip" "$hl7_port" --message "$T/oru.hl7" --split
wait "${LAB_PID_OF[echoscu]}" || lab_fail "echoscu failed (log: $out/echoscu.log)"
wait "${LAB_PID_OF[storescu]}" || lab_fail "storescu failed (log: $out/storescu.log)"
compgen -G "$T/pacs-in/US.*" >/dev/null ||
    lab_fail "storescp stored no US image (log: $out/storescp.log)"
wait "${LAB_PID_OF[mllp-gw]}" || lab_fail "the gateway got no AA (log: $out/mllp-gw.log)"
wait "${LAB_PID_OF[mllp-his]}" || lab_fail "the HL7 receiver failed (log: $out/mllp-his.log)"
# The worklist query after the store, on its own association (one client namespace, two SCPs).
lab_in ct timeout 30 findscu --worklist --aetitle CT_SCANNER_1 --call DAICHO_RIS \
    --log-level info -k "(0008,0060)" -k "(0010,0010)" -k "(0010,0020)" \
    -k "(0040,0100)[0].Modality=US" "$ris_ip" "$ris_port" >"$out/findscu.log" 2>&1 ||
    lab_fail "findscu failed (log: $out/findscu.log)"
grep -q "CANARY-PID-4242" "$out/findscu.log" ||
    lab_fail "findscu got no worklist entry (log: $out/findscu.log)"

# --- stop the capture, ingest, export, check ----------------------------------------------------
end_marker="daicho-lab-end-$LAB_ID"
lab_send_marker gw 10.78.0.255 "$end_marker"
lab_wait_for tcpdump 10 "the end marker in cap.pcap" grep -qaF "$end_marker" "$out/cap.pcap"
lab_stop_tcpdump tcpdump
lab_say "$(grep -h 'packets captured' "$tcpdump_log" || echo 'tcpdump summary missing')"

timeout 120 "$daicho" ingest --db "$out/lab.db" "$out/cap.pcap" >"$out/ingest.log" 2>&1 ||
    lab_fail "daicho ingest failed (log: $out/ingest.log)"
lab_export_devices "$daicho" "$out"
lab_export_ledgers "$daicho" "$out"
lab_checkpoint "$out"
lab_say "$(cat "$out/ingest.log")"
elapsed_ms=$((($(date +%s%N) - t_start) / 1000000))
lab_say "lab up, exercised, captured and ingested in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"

rc=0
python3 "$here/check_medical.py" --expect "$here/expect-medical.json" --out-dir "$out" |
    tee "$out/check.txt" || rc=$?
exit "$rc"
