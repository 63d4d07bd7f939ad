#!/usr/bin/env python3
"""Checks a medical lab run against expectations held as data (tests/lab/expect-medical.json).

    check_medical.py --expect expect-medical.json --out-dir LAB_OUT

The same expectation language as check_identity.py (whose helpers it uses), plus:
  capture.protocols   also "dicom" (a TCP stream opening with an A-ASSOCIATE-RQ/AC PDU) and
                      "hl7" (a TCP stream opening with an MLLP block, 0x0B "MSH"), on any port
  nowhere             [{label, strings: [...], files: [...]}]: no string in any file's bytes
                      (a missing file passes: SQLite removes -wal/-shm on a clean close)
  {"fact": K, "from_capture": F}
                      the fact must equal field F of the DICOM A-ASSOCIATE-RQ/AC that this
                      device sent in cap.pcap: calling_ae (RQ), implementation_class_uid,
                      implementation_version (the user information sub-items, PS3.8 D.3.3.2
                      and D.3.3.2.3/4), read here from the bytes, so DCMTK's own values are
                      what is expected whatever its version.
Prints one PASS/FAIL line per expectation and exits 1 if any failed (0 otherwise).
"""

import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledger_checks  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_identity as base  # noqa: E402


def tcp_segments(frame):
    """(src mac, (src ip, sport, dst ip, dport), payload) of an Ethernet/IPv4/TCP frame."""
    if len(frame) < 34 or struct.unpack("!H", frame[12:14])[0] != 0x0800:
        return None
    p = 14
    ihl = (frame[p] & 0x0F) * 4
    if frame[p + 9] != 6 or len(frame) < p + ihl + 20:
        return None
    total = struct.unpack("!H", frame[p + 2:p + 4])[0]
    l4 = p + ihl
    sport, dport = struct.unpack("!HH", frame[l4:l4 + 4])
    payload = frame[l4 + (frame[l4 + 12] >> 4) * 4:p + total]
    src_mac = ":".join(f"{b:02x}" for b in frame[6:12])
    key = (frame[p + 12:p + 16], sport, frame[p + 16:p + 20], dport)
    return src_mac, key, payload


def streams(frames):
    """Each directed TCP stream's payload in capture order (a bridge neither drops nor
    reorders), with the MAC that sent it."""
    out = {}
    for frame in frames:
        seg = tcp_segments(frame)
        if seg is None or not seg[2]:
            continue
        mac, key, payload = seg
        entry = out.setdefault(key, [mac, b""])
        entry[1] += payload
    return out


def user_information(pdu):
    """PS3.8 §9.3.2/9.3.3: the variable items of an A-ASSOCIATE-RQ/AC after the fixed part."""
    values = {}
    if pdu[0] == 1:
        values["calling_ae"] = pdu[26:42].decode("ascii", "replace").strip()
        values["called_ae"] = pdu[10:26].decode("ascii", "replace").strip()
    off = 74
    while off + 4 <= len(pdu):
        item, length = pdu[off], struct.unpack("!H", pdu[off + 2:off + 4])[0]
        body = pdu[off + 4:off + 4 + length]
        if item == 0x50:  # user information: sub-items
            sub = 0
            while sub + 4 <= len(body):
                sitem, slen = body[sub], struct.unpack("!H", body[sub + 2:sub + 4])[0]
                text = body[sub + 4:sub + 4 + slen].decode("ascii", "replace").strip("\0 ")
                if sitem == 0x52:
                    values["implementation_class_uid"] = text
                elif sitem == 0x55:
                    values["implementation_version"] = text
                sub += 4 + slen
        off += 4 + length
    return values


def dicom_values(all_streams):
    """Per sending MAC: what its A-ASSOCIATE-RQ or -AC said."""
    by_mac = {}
    for mac, data in all_streams.values():
        if len(data) < 10 or data[0] not in (1, 2) or data[6:8] != b"\x00\x01":
            continue
        length = struct.unpack("!I", data[2:6])[0]
        by_mac.setdefault(mac, {}).update(user_information(data[:6 + length]))
    return by_mac


def stream_protocols(all_streams):
    """How many directed TCP streams open as DICOM (A-ASSOCIATE-RQ/AC) or HL7 (MLLP + MSH)."""
    counts = {}
    for _, data in all_streams.values():
        name = None
        if len(data) >= 10 and data[0] in (1, 2) and data[6:8] == b"\x00\x01":
            name = "dicom"
        elif data.startswith(b"\x0bMSH"):
            name = "hl7"
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts


def check_nowhere(report, rules, out):
    """[{label, strings, files}]: no string in any file's bytes (a missing file passes)."""
    for rule in rules:
        for name in rule["files"]:
            path = os.path.join(out, name)
            if not os.path.exists(path):
                report.line(True, f"{rule['label']}: none in {name} (file absent)")
                continue
            with open(path, "rb") as f:
                data = f.read()
            hits = {s: data.count(s.encode()) for s in rule["strings"]}
            found = {s: n for s, n in hits.items() if n}
            report.line(not found, f"{rule['label']}: none in {name} ({len(data)} bytes)",
                        "found " + ", ".join(f"{json.dumps(s)} x{n}" for s, n in found.items()))


def main():
    expect, out = base.expect_and_out(__doc__)
    report = base.Report()

    # 1. The capture: did every peer really speak, and did the canaries cross the wire?
    cap = expect.get("capture", {})
    cap_path = os.path.join(out, cap.get("file", "cap.pcap"))
    from_capture = {}
    try:
        frames = list(base.load_pcap(cap_path))
        counts = {}
        for frame in frames:
            for name in base.classify(frame):
                counts[name] = counts.get(name, 0) + 1
        all_streams = streams(frames)
        counts.update(stream_protocols(all_streams))
        from_capture = dicom_values(all_streams)
        with open(cap_path, "rb") as f:
            raw = f.read()
        print(f"capture: {len(frames)} frames, {len(all_streams)} TCP streams with data "
              "(dicom/hl7 count streams, the rest frames); " +
              ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for mac, values in sorted(from_capture.items()):
            print(f"capture: {mac} A-ASSOCIATE " +
                  ", ".join(f"{k}={v}" for k, v in sorted(values.items())))
        for proto in cap.get("protocols", []):
            report.line(counts.get(proto, 0) > 0, f"capture holds {proto}",
                        "the lab peer for it did not speak; see its log")
        for text in cap.get("contains", []):
            report.line(text.encode() in raw, f"capture bytes contain {json.dumps(text)}",
                        "the lab did not send it, so the privacy checks below would be vacuous")
    except (OSError, ValueError) as e:
        report.line(False, f"capture {cap_path} readable", str(e))

    # 2. Patient data that must not reach the ledger, its exports or daicho's logs.
    check_nowhere(report, expect.get("nowhere", []), out)

    # 3. Devices.
    devices = base.load_devices(report, out)
    by_mac = {d.get("mac", "").lower(): d for d in devices}
    listed = {spec["mac"].lower() for spec in expect.get("devices", [])}
    if expect.get("only_listed_devices"):
        extra = sorted(set(by_mac) - listed)
        report.line(not extra, "devices.json holds only the lab's hosts",
                    f"unexpected devices: {', '.join(extra)}")
    for spec in expect.get("devices", []):
        mac = spec["mac"].lower()
        device = by_mac.get(mac)
        report.line(device is not None, f"{spec['mac']} {spec.get('name', '')}: device present")
        for check in spec.get("checks", []):
            if "from_capture" in check:
                field = check["from_capture"]
                value = from_capture.get(mac, {}).get(field)
                if value is None:
                    report.line(False, f"{spec['mac']}: capture has {field} from this MAC",
                                "no A-ASSOCIATE PDU from it in cap.pcap")
                    continue
                check = dict(check, value=value)
                check["why"] = f"{field} as sent on the wire" + (
                    f"; {check['why']}" if "why" in check else "")
            base.check_device(report, device, spec, check)

    # 4. Categories and the survey ledger each device lands in.
    ledger_checks.check_categories_and_ledgers(report, expect, devices, out, "medical lab")

    total = report.passed + report.failed
    print(f"medical lab: {report.passed} of {total} expectations hold, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
