#!/usr/bin/env python3
"""Checks a lab run against expectations held as data (tests/lab/expect-identity.json).

    check_identity.py --expect expect-identity.json --out-dir LAB_OUT

LAB_OUT holds the lab's cap.pcap, devices.json (`daicho devices --format json`) and lab.db.
Prints one PASS/FAIL line per expectation and exits 1 if any failed (0 otherwise).

Expectation file:
  capture.protocols   protocols that must be in cap.pcap (a harness check: the daemon spoke)
  capture.contains    strings that must be in cap.pcap's bytes (e.g. a DHCP hostname on the wire)
  nowhere             [{string, files}]: the string must not be in any of those files' bytes
                      (a missing file passes: SQLite removes -wal/-shm on a clean close)
  only_listed_devices every device in devices.json must be one of the listed MACs
  devices             [{mac, name, checks}], a check being
      {"field": F, <matcher>}        F a device field: list fields (ips, hostnames, vlans)
                                     match any element, software matches product or
                                     "product version", scalars match themselves
      {"fact": KIND, <matcher>}      some fact of that kind matches
      <matcher>                      "value" (equal), "prefix" or "contains"; none = any
      "source": S                    the fact / software entry must come from decoder S
      "absent": true                 no element may match (negative check)
      "why": text                    shown in the report
"""

import argparse
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledger_checks  # noqa: E402


def load_pcap(path):
    """Yields the frames of a classic pcap file (tcpdump -w), Ethernet link type only."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError(f"{path}: too short for a pcap header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise ValueError(f"{path}: not a classic pcap file (magic {magic.hex()})")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise ValueError(f"{path}: link type {linktype}, expected Ethernet (1)")
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        off += 16
        yield data[off:off + incl]
        off += incl


def classify(frame):
    """The protocol names a frame carries, as the lab cares about them."""
    names = set()
    if len(frame) < 14:
        return names
    etype = struct.unpack("!H", frame[12:14])[0]
    p = 14
    while etype in (0x8100, 0x88A8) and len(frame) >= p + 4:
        etype = struct.unpack("!H", frame[p + 2:p + 4])[0]
        p += 4
    if etype <= 1500:
        if frame[p:p + 8] == b"\xaa\xaa\x03\x00\x00\x0c\x20\x00":
            names.add("cdp")
        return names
    if etype == 0x0806:
        names.add("arp")
    elif etype == 0x88CC:
        names.add("lldp")
    elif etype == 0x0800 and len(frame) >= p + 20:
        ihl = (frame[p] & 0x0F) * 4
        proto = frame[p + 9]
        l4 = p + ihl
        if proto == 1:
            names.add("icmp")
        elif proto == 17 and len(frame) >= l4 + 8:
            sport, dport = struct.unpack("!HH", frame[l4:l4 + 4])
            ports = {sport, dport}
            if ports & {67, 68}:
                names.add("dhcp")
            if 53 in ports:
                names.add("dns")
            if ports & {161, 162}:
                names.add("snmp")
        elif proto == 6 and len(frame) >= l4 + 20:
            sport, dport = struct.unpack("!HH", frame[l4:l4 + 4])
            payload = frame[l4 + (frame[l4 + 12] >> 4) * 4:]
            ports = {sport, dport}
            if 22 in ports and payload.startswith(b"SSH-"):
                names.add("ssh")
            if 80 in ports and (payload.startswith(b"GET ") or payload.startswith(b"HTTP/")):
                names.add("http")
            if 443 in ports and payload[:1] == b"\x16":
                names.add("tls")
    return names


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def line(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        text = f"{'PASS' if ok else 'FAIL'}  {what}"
        if detail and not ok:
            text += f"\n        {detail}"
        print(text)


def matcher_text(check):
    for key in ("value", "prefix", "contains"):
        if key in check:
            op = {"value": "=", "prefix": "starts with", "contains": "contains"}[key]
            return f"{op} {json.dumps(check[key])}"
    return "present"


def matches(text, check):
    if not isinstance(text, str):
        text = json.dumps(text) if not isinstance(text, (int, float)) else str(text)
    if "value" in check:
        return text == str(check["value"])
    if "prefix" in check:
        return text.startswith(check["prefix"])
    if "contains" in check:
        return check["contains"] in text
    return True


def candidates(device, check):
    """(texts to match, description of what the device has) for one check."""
    if "fact" in check:
        facts = [f for f in device.get("facts", []) if f.get("kind") == check["fact"]]
        if "source" in check:
            facts = [f for f in facts if f.get("source") == check["source"]]
        have = [f"{f.get('value')!r} ({f.get('source')})" for f in facts]
        return [[f.get("value", "")] for f in facts], have
    field = check["field"]
    value = device.get(field)
    if field == "software":
        entries = value or []
        if "source" in check:
            entries = [s for s in entries if s.get("source") == check["source"]]
        texts = []
        for s in entries:
            product, version = s.get("product", ""), s.get("version", "")
            texts.append([product, f"{product} {version}".strip(), f"{product}/{version}"])
        have = [f"{s.get('product')!r} {s.get('version')!r} ({s.get('source')})" for s in entries]
        return texts, have
    if isinstance(value, list):
        return [[v] for v in value], [repr(v) for v in value]
    if value is None:
        return [], []
    return [[value]], [repr(value)]


def check_device(report, device, spec, check):
    label = f"{spec['mac']} {spec.get('name', '')}".rstrip()
    subject = f"fact {check['fact']}" if "fact" in check else check["field"]
    source = f" [source {check['source']}]" if "source" in check else ""
    negate = check.get("absent", False)
    what = f"{label}: {subject} {'has nothing that ' if negate else ''}{matcher_text(check)}{source}"
    if "why" in check:
        what += f"  ({check['why']})"
    if device is None:
        report.line(negate, what, "no device with this MAC in devices.json")
        return
    texts, have = candidates(device, check)
    found = any(matches(t, check) for group in texts for t in group)
    detail = f"device has: {', '.join(have) if have else 'nothing'}"
    report.line(found != negate, what, detail)


def expect_and_out(doc):
    """The checkers' command line, --expect FILE --out-dir LAB_OUT: (expectations, LAB_OUT)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--expect", required=True)
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args()
    with open(args.expect, encoding="utf-8") as f:
        return json.load(f), args.out_dir


def load_devices(report, out):
    """LAB_OUT/devices.json, or [] and a FAIL line when it cannot be read."""
    try:
        with open(os.path.join(out, "devices.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        report.line(False, "devices.json readable", str(e))
        return []


def main():
    expect, out = expect_and_out(__doc__)
    report = Report()

    # 1. The capture: did every daemon really speak (harness, not daicho)?
    cap = expect.get("capture", {})
    cap_path = os.path.join(out, cap.get("file", "cap.pcap"))
    try:
        counts = {}
        frames = 0
        for frame in load_pcap(cap_path):
            frames += 1
            for name in classify(frame):
                counts[name] = counts.get(name, 0) + 1
        with open(cap_path, "rb") as f:
            raw = f.read()
        print(f"capture: {frames} frames; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for proto in cap.get("protocols", []):
            report.line(counts.get(proto, 0) > 0, f"capture holds {proto}",
                        "the lab daemon for it did not speak; see its log")
        for text in cap.get("contains", []):
            report.line(text.encode() in raw, f"capture bytes contain {json.dumps(text)}")
    except (OSError, ValueError) as e:
        report.line(False, f"capture {cap_path} readable", str(e))

    # 2. Secrets that must not reach the ledger or its exports.
    for rule in expect.get("nowhere", []):
        needle = rule["string"].encode()
        for name in rule["files"]:
            path = os.path.join(out, name)
            shown = rule.get("label", "the secret")
            if not os.path.exists(path):
                report.line(True, f"{shown} appears nowhere in {name} (file absent)")
                continue
            with open(path, "rb") as f:
                hits = f.read().count(needle)
            report.line(hits == 0, f"{shown} appears nowhere in {name}", f"{hits} occurrence(s)")

    # 3. Devices.
    devices = load_devices(report, out)
    by_mac = {d.get("mac", "").lower(): d for d in devices}
    listed = {spec["mac"].lower() for spec in expect.get("devices", [])}
    if expect.get("only_listed_devices"):
        extra = sorted(set(by_mac) - listed)
        report.line(not extra, "devices.json holds only the lab's hosts",
                    f"unexpected devices: {', '.join(extra)}")
    for spec in expect.get("devices", []):
        device = by_mac.get(spec["mac"].lower())
        report.line(device is not None, f"{spec['mac']} {spec.get('name', '')}: device present")
        for check in spec.get("checks", []):
            check_device(report, device, spec, check)

    # 4. Categories and the survey ledger each device lands in.
    ledger_checks.check_categories_and_ledgers(report, expect, devices, out, "identity lab")

    total = report.passed + report.failed
    print(f"identity lab: {report.passed} of {total} expectations hold, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
