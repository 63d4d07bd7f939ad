#!/usr/bin/env python3
"""Checks a hospital lab run against expectations held as data (tests/lab/expect-hospital.json).

    check_hospital.py --expect expect-hospital.json --out-dir LAB_OUT

LAB_OUT holds cap.pcap (the 802.1Q-tagged SPAN that span_merge.py built), devices.json
(`daicho devices --format json`), ledger-{it,medical}.json and the ledger files. Two kinds of
expectation:

- Lab checks (the capture, the NAT, the tags, what each daemon said, no secret or patient
  data in anything daicho wrote, per-device facts daicho already gets right): PASS or FAIL;
  any FAIL fails the run (exit 1).
- Identity expectations of issue 11 that daicho does not meet yet: any expectation object
  with "pending": "<issue>" is printed PENDING with what daicho says instead, and counted,
  but does not fail the run; one that holds is printed "PENDING, now holds" so the lead can
  move it out of pending.

Expectation file (beyond the check_identity.py language, whose device checks it uses):
  capture.vlans           every frame must carry an 802.1Q tag with one of these VIDs, and
                          each VID must have frames
  capture.protocols       protocols in the capture (check_identity.classify, plus "dicom":
                          a TCP payload opening with an A-ASSOCIATE-RQ/AC PDU)
  capture.from            [{mac, vlan, proto}]: that MAC sent that protocol in that VLAN (the
                          daemon spoke, on the right VLAN)
  capture.copies          [{contains, vlans, encoding?}]: the frames holding these bytes are in
                          exactly these VLANs (a routed packet appears once per VLAN it
                          crosses); "encoding": "dns" looks for the name in DNS label form
  capture.lldp            [{box, ports, chassis_mac, management, management_mac}]: every
                          LLDP frame from the ports names chassis_mac (MAC subtype) and the
                          management address, and the chassis MAC is neither a port MAC nor
                          the management interface's MAC
  capture.nat             {wan_vlan, inside, public, servers}: no frame in the WAN VLAN carries
                          an inside address, the servers are reached from `public` there and
                          from inside addresses in the other VLANs
  capture.contains        strings that must be in the capture's bytes
  nowhere                 [{label, strings, files}]: no string in any file's bytes
  known_macs              every row's MAC (and linked/interface MACs) is one of these
  boxes                   [{box, macs, ips, name, department, category, ledger}]: the rows
                          holding any of the box's MACs (or a routed row with one of its ips)
                          must be exactly one, with every MAC and address, that name (the
                          row's `name`, or else one of its hostnames) and department; and
                          exactly one row of that survey ledger ("it" or "medical") holds it
  relays                  [{box, checks}]: check_identity matchers that no row of the box may
                          match (no served service, Server header, client User-Agent, SNI or
                          DNS query of another host); one line per box and check
  external                {ips, macs}: no device row ("rows") and no row of the "it" or
                          "medical" ledger holds them
  once                    [{fact, value, source, box, encoding?}]: a value its box sent: stored
                          as one fact on the box's row ("rows"), counted once per frame the box
                          sent, not per copy ("count"); the figures give frames sent, frames on
                          the SPAN holding the value, fact entries stored and their count
  no_fact_twice           {}: no row holds two entries of one (kind, value, source, about)
  devices                 [{mac, name, checks}] as in check_identity.py; a check may be pending
Pending: "pending": "<issue>" on any object above marks all of it; on a box, "external" or
"once" entry, "pending_fields": {"rows" | "ips" | "name" | "department" | "category" |
"ledger" | "count" | "it" | "medical": "<issue>"} marks one of its lines.
"""

import ipaddress
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_identity as base  # noqa: E402
import check_medical as medical  # noqa: E402
import ledger_checks  # noqa: E402


class Report(base.Report):
    """PASS/FAIL lines as in check_identity, plus PENDING lines that never fail the run."""

    def __init__(self):
        super().__init__()
        self.pending_open = 0
        self.pending_holding = 0

    def pending(self, ok, what, detail, tag):
        if ok:
            self.pending_holding += 1
            print(f"PENDING, now holds  {what}  [{tag}: move it out of pending]")
        else:
            self.pending_open += 1
            print(f"PENDING  {what}  [{tag}]")
            if detail:
                print(f"        observed: {detail}")

    def check(self, spec, ok, what, detail=""):
        tag = spec.get("pending") if isinstance(spec, dict) else None
        if tag:
            self.pending(ok, what, detail, tag)
        else:
            self.line(ok, what, detail)


class PendingView:
    """Lets check_identity.check_device report into PENDING lines."""

    def __init__(self, report, tag):
        self.report, self.tag = report, tag

    def line(self, ok, what, detail=""):
        self.report.pending(ok, what, detail, self.tag)


def sink(report, spec):
    tag = spec.get("pending")
    return PendingView(report, tag) if tag else report


# --- the capture ------------------------------------------------------------------------------

def mac_text(b):
    return ":".join(f"{x:02x}" for x in b)


def parse(frame):
    """(vid or None, src mac, dst mac, inner ethertype, L3 offset) of an Ethernet frame."""
    if len(frame) < 14:
        return None
    etype = struct.unpack("!H", frame[12:14])[0]
    vid, p = None, 14
    if etype == 0x8100 and len(frame) >= 18:
        vid = struct.unpack("!H", frame[14:16])[0] & 0x0FFF
        etype = struct.unpack("!H", frame[16:18])[0]
        p = 18
    return vid, mac_text(frame[6:12]), mac_text(frame[0:6]), etype, p


def ipv4(frame, info):
    """(src, dst, proto, L4 offset) of an IPv4 frame, else None."""
    _vid, _src, _dst, etype, p = info
    if etype != 0x0800 or len(frame) < p + 20:
        return None
    ihl = (frame[p] & 0x0F) * 4
    src = ipaddress.ip_address(frame[p + 12:p + 16])
    dst = ipaddress.ip_address(frame[p + 16:p + 20])
    return src, dst, frame[p + 9], p + ihl


def protocols(frame, info):
    names = base.classify(frame)
    ip = ipv4(frame, info)
    if ip and ip[2] == 6 and len(frame) >= ip[3] + 20:
        l4 = ip[3]
        payload = frame[l4 + (frame[l4 + 12] >> 4) * 4:]
        if len(payload) >= 10 and payload[0] in (1, 2) and payload[6:8] == b"\x00\x01":
            names.add("dicom")
    return names


def lldp_tlvs(frame, info):
    """{type: [value, ...]} of an LLDP frame."""
    p = info[4]
    tlvs = {}
    while p + 2 <= len(frame):
        head = struct.unpack("!H", frame[p:p + 2])[0]
        t, n = head >> 9, head & 0x1FF
        if t == 0:
            break
        tlvs.setdefault(t, []).append(frame[p + 2:p + 2 + n])
        p += 2 + n
    return tlvs


def dns_wire(name):
    """A DNS name as its labels appear in a query or answer (RFC 1035 3.1), without the root."""
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split("."))


def needle(spec, key):
    """The bytes to look for: spec[key] as text, or in DNS label form when spec says "dns"."""
    text = spec[key]
    return dns_wire(text) if spec.get("encoding") == "dns" else text.encode()


def check_capture(report, cap, frames):
    infos = [parse(f) for f in frames]
    per_vlan, untagged = {}, 0
    seen = {}  # (mac, vlan) -> protocols
    for frame, info in zip(frames, infos):
        if info is None or info[0] is None:
            untagged += 1
            continue
        per_vlan[info[0]] = per_vlan.get(info[0], 0) + 1
        seen.setdefault((info[1], info[0]), set()).update(protocols(frame, info))
    counts = {}
    for names in seen.values():
        for n in names:
            counts[n] = counts.get(n, 0) + 1
    print(f"capture: {len(frames)} frames; per VLAN " +
          ", ".join(f"{v}: {n}" for v, n in sorted(per_vlan.items())) +
          f"; untagged {untagged}")
    want = set(cap.get("vlans", []))
    stray = sorted(set(per_vlan) - want)
    report.line(untagged == 0 and not stray, "every frame carries the 802.1Q tag of a lab VLAN",
                f"{untagged} untagged, VLANs outside the lab: {stray}")
    for v in sorted(want):
        report.line(per_vlan.get(v, 0) > 0, f"VLAN {v} has frames", "its bridge captured nothing")
    all_names = set().union(*seen.values()) if seen else set()
    for proto in cap.get("protocols", []):
        report.line(proto in all_names, f"capture holds {proto}", "the lab daemon for it did not speak")
    for spec in cap.get("from", []):
        mac, vlan, proto = spec["mac"].lower(), spec["vlan"], spec["proto"]
        have = seen.get((mac, vlan), set())
        why = f"  ({spec['why']})" if "why" in spec else ""
        report.line(proto in have, f"{mac} sent {proto} in VLAN {vlan}{why}",
                    f"it sent {sorted(have) or 'nothing'} there")
    for spec in cap.get("copies", []):
        wanted = needle(spec, "contains")
        where = {}
        for frame, info in zip(frames, infos):
            if info and wanted in frame:
                where[info[0]] = where.get(info[0], 0) + 1
        report.line(set(where) == set(spec["vlans"]) and all(where.values()),
                    f"{json.dumps(spec['contains'])} is on the wire in VLANs {spec['vlans']}"
                    f"  (a routed packet appears once per VLAN it crosses)",
                    "found in " + (", ".join(f"VLAN {v} x{n}" for v, n in sorted(where.items()))
                                   or "no frame"))
    for spec in cap.get("lldp", []):
        ports = {m.lower() for m in spec["ports"]}
        chassis, mgmt = set(), set()
        sent = set()
        for frame, info in zip(frames, infos):
            if info is None or info[3] != 0x88CC or info[1] not in ports:
                continue
            sent.add(info[1])
            tlvs = lldp_tlvs(frame, info)
            for value in tlvs.get(1, []):
                chassis.add(mac_text(value[1:7]) if value[:1] == b"\x04" and len(value) == 7
                            else f"subtype {value[:1].hex()}:{value[1:]!r}")
            for value in tlvs.get(8, []):
                if len(value) >= 7 and value[0] == 5 and value[1] == 1:  # IPv4 address
                    mgmt.add(str(ipaddress.ip_address(value[2:6])))
        box = spec["box"]
        report.line(sent == ports, f"{box}: LLDP from every port {sorted(ports)}",
                    f"from {sorted(sent)}")
        report.line(chassis == {spec["chassis_mac"].lower()},
                    f"{box}: LLDP chassis id is the MAC {spec['chassis_mac']} on every port",
                    f"chassis ids seen: {sorted(chassis)}")
        distinct = spec["chassis_mac"].lower() not in ports | {spec["management_mac"].lower()}
        report.line(distinct, f"{box}: chassis MAC differs from the port MACs and the "
                    f"management MAC {spec['management_mac']}")
        report.line(mgmt == {spec["management"]},
                    f"{box}: LLDP announces the management address {spec['management']}",
                    f"management addresses seen: {sorted(mgmt)}")
    nat = cap.get("nat")
    if nat:
        inside = ipaddress.ip_network(nat["inside"])
        public = ipaddress.ip_address(nat["public"])
        servers = {ipaddress.ip_address(s) for s in nat["servers"]}
        leaked, wan_from, inside_from = 0, {}, {}
        for frame, info in zip(frames, infos):
            ip = ipv4(frame, info) if info else None
            if ip is None:
                continue
            src, dst = ip[0], ip[1]
            if info[0] == nat["wan_vlan"]:
                leaked += src in inside or dst in inside
                if dst in servers:
                    wan_from.setdefault(str(dst), set()).add(str(src))
            elif dst in servers:
                inside_from.setdefault(str(dst), set()).add(str(src))
        report.line(leaked == 0, f"NAT: no frame in WAN VLAN {nat['wan_vlan']} carries an inside "
                    f"address ({nat['inside']})", f"{leaked} frames do")
        for s in sorted(str(x) for x in servers):
            report.line(wan_from.get(s) == {str(public)},
                        f"NAT: on the WAN, {s} is reached only from {public}",
                        f"from {sorted(wan_from.get(s, []))}")
            ins = inside_from.get(s, set())
            report.line(bool(ins) and all(ipaddress.ip_address(a) in inside for a in ins),
                        f"NAT: inside, {s} is reached from inside addresses", f"from {sorted(ins)}")
    return infos


# --- devices and boxes ------------------------------------------------------------------------

def macs_of(device):
    """Every MAC a row holds: its own, linked MACs, and any interface-like list of objects with
    a "mac" (so a row that lists a box's interfaces is read whatever the field is called)."""
    found = set()
    if device.get("mac"):
        found.add(device["mac"].lower())
    for key, value in device.items():
        if key in ("facts", "classification", "addresses", "evidence"):
            continue
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("mac"), str) and item["mac"]:
                    found.add(item["mac"].lower())
    return found


def ips_of(device):
    found = set(device.get("ips", []))
    for key, value in device.items():
        if key in ("facts", "classification", "addresses") or not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, dict):
                found.update(x for x in item.get("ips", []) if isinstance(x, str))
    return found


def rows_of(devices, box):
    macs = {m.lower() for m in box.get("macs", [])}
    ips = set(box.get("ips", []))
    return [d for d in devices
            if macs_of(d) & macs or (not d.get("mac") and ips_of(d) & ips)]


def row_text(d):
    return f"#{d.get('id')} {d.get('mac') or 'routed'} {sorted(ips_of(d))}"


def names_of(d):
    if d.get("name"):
        return [d["name"]]
    return list(d.get("hostnames", []))


def field_spec(box, field):
    """The box, or a pending mark for one field (box["pending_fields"]) when the box has none."""
    tag = box.get("pending") or box.get("pending_fields", {}).get(field)
    return {"pending": tag} if tag else {}


def load_ledgers(report, out):
    ledgers = {}
    for kind in ("it", "medical"):
        try:
            with open(os.path.join(out, f"ledger-{kind}.json"), encoding="utf-8") as f:
                ledgers[kind] = json.load(f)
        except (OSError, ValueError) as e:
            report.line(False, f"ledger-{kind}.json readable", str(e))
            ledgers[kind] = []
    return ledgers


def ledger_rows_of(rows, box):
    """Survey-ledger rows naming one of the box's MACs (or, for a routed row, its addresses)."""
    macs = {m.lower() for m in box.get("macs", [])}
    ips = set(box.get("ips", []))
    found = []
    for r in rows:
        row_macs = {m.lower() for m in r.get("mac", "").replace(",", " ").split()}
        if row_macs & macs or (not row_macs and set(r.get("ip", "").split()) & ips):
            found.append(r)
    return found


def check_boxes(report, expect, devices, ledgers, figures):
    for box in expect.get("boxes", []):
        rows = rows_of(devices, box)
        label = box["box"]
        figures.append(f"{label} {len(rows)}")
        one = rows[0] if len(rows) == 1 else None
        macs = {m.lower() for m in box["macs"]}
        report.check(field_spec(box, "rows"), one is not None and macs <= macs_of(one),
                     f"{label}: one row holding all its MACs {sorted(macs)}",
                     f"{len(rows)} rows: " + "; ".join(row_text(d) for d in rows))
        if box.get("ips"):
            have = set().union(*(ips_of(d) for d in rows)) if rows else set()
            report.check(field_spec(box, "ips"), one is not None and set(box["ips"]) <= ips_of(one),
                         f"{label}: that row has all its addresses {box['ips']}",
                         f"addresses over {len(rows)} rows: {sorted(have)}")
        if box.get("name"):
            seen = sorted({n for d in rows for n in names_of(d)})
            report.check(field_spec(box, "name"), one is not None and box["name"] in names_of(one),
                         f"{label}: named {box['name']}", f"names over {len(rows)} rows: {seen}")
        if box.get("department"):
            seen = [f"{d.get('department') or '-'} ({d.get('department_source')})" for d in rows]
            ok = (one is not None and one.get("department") == box["department"]
                  and one.get("department_source") != "conflict")
            report.check(field_spec(box, "department"), ok,
                         f"{label}: department {box['department']}", "; ".join(seen) or "no row")
        if box.get("category"):
            seen = sorted({ledger_checks._category(d) for d in rows})
            want = box["category"]
            ok = one is not None and (ledger_checks._category(one) == want or (
                "/" not in want and ledger_checks._category(one).split("/")[0] == want))
            report.check(field_spec(box, "category"), ok, f"{label}: category {want}",
                         f"over {len(rows)} rows: {seen}")
        if box.get("ledger"):
            want = box["ledger"]
            found = {k: ledger_rows_of(v, box) for k, v in ledgers.items()}
            ok = len(found[want]) == 1 and not any(found[k] for k in found if k != want)
            report.check(field_spec(box, "ledger"), ok, f"{label}: one row in the {want} ledger "
                         "and none in the other", "; ".join(
                             f"{k}: {len(v)} rows ({', '.join(r.get('mac') or r.get('ip', '') for r in v)})"
                             for k, v in found.items()))


def check_relays(report, expect, devices):
    """Each check once per relay box, over all its rows: no row may hold what it forbids."""
    boxes = {b["box"]: b for b in expect.get("boxes", [])}
    for relay in expect.get("relays", []):
        name = relay["box"]
        rows = rows_of(devices, boxes[name])
        for check in relay["checks"]:
            hits = []
            for d in rows:
                texts, have = base.candidates(d, check)
                if any(base.matches(t, check) for group in texts for t in group):
                    hits.append(f"{row_text(d)} has {', '.join(have)}")
            subject = f"fact {check['fact']}" if "fact" in check else check["field"]
            source = f" [source {check['source']}]" if "source" in check else ""
            why = f"  ({check['why']})" if "why" in check else ""
            report.check(check, not hits, f"{name} (a relay): no row has {subject} that "
                         f"{base.matcher_text(check)}{source}{why}", "; ".join(hits))


def check_external(report, expect, devices, ledgers):
    ext = expect.get("external")
    if not ext:
        return
    ips, macs = set(ext.get("ips", [])), {m.lower() for m in ext.get("macs", [])}
    rows = [d for d in devices if ips_of(d) & ips or macs_of(d) & macs]
    report.check(field_spec(ext, "rows"), not rows, f"no device row holds an internet address or MAC "
                 f"{sorted(ips | macs)}", "; ".join(row_text(d) for d in rows))
    for kind, ledger in ledgers.items():
        hits = [r for r in ledger if r.get("mac", "").lower() in macs
                or set(r.get("ip", "").split()) & ips]
        report.check(field_spec(ext, kind), not hits, f"the {kind} ledger lists no internet address or MAC",
                     "; ".join(f"{r.get('mac')} {r.get('ip')} {r.get('name')!r}" for r in hits))


def check_once(report, expect, devices, frames, infos, figures):
    boxes = {b["box"]: b for b in expect.get("boxes", [])}
    for spec in expect.get("once", []):
        box = boxes[spec["box"]]
        own = {m.lower() for m in box["macs"]}
        wanted = needle(spec, "value")
        originals, copies = 0, {}
        for frame, info in zip(frames, infos):
            if info and wanted in frame:
                copies[info[0]] = copies.get(info[0], 0) + 1
                originals += info[1] in own
        entries = []
        for d in devices:
            for f in d.get("facts", []):
                if (f.get("kind") == spec["fact"] and f.get("value") == spec["value"]
                        and ("source" not in spec or f.get("source") == spec["source"])):
                    entries.append((d, f))
        rows = {d.get("id") for d, _ in entries}
        total = sum(f.get("count", 0) for _, f in entries)
        what = f"{spec['fact']} {json.dumps(spec['value'])}"
        figures.append(f"{what}: {originals} frame(s) sent by {spec['box']}, "
                       f"{sum(copies.values())} frames on the SPAN hold the value ("
                       + ", ".join(f"VLAN {v} x{n}" for v, n in sorted(copies.items()))
                       + f"), {len(entries)} entries on {len(rows)} row(s), count total {total}")
        report.line(originals > 0, f"{spec['box']} sent {what} (capture)",
                    "no frame from its MACs holds it: the lab did not exercise it")
        detail = "; ".join(f"{row_text(d)} frame {f.get('evidence', {}).get('frame')} "
                           f"count {f.get('count')}" for d, f in entries) or "stored nowhere"
        on_own = len(entries) == 1 and macs_of(entries[0][0]) & own
        report.check(field_spec(spec, "rows"), bool(on_own),
                     f"{what} stored as one fact, on {spec['box']}'s row", detail)
        report.check(field_spec(spec, "count"), total == originals,
                     f"{what} counted once per frame {spec['box']} sent ({originals}), not per "
                     "copy", f"count total {total} over {len(entries)} entries")


def check_no_fact_twice(report, expect, devices):
    spec = expect.get("no_fact_twice")
    if spec is None:
        return
    twice = []
    for d in devices:
        seen = {}
        for f in d.get("facts", []):
            key = (f.get("kind"), f.get("value"), f.get("source"), f.get("about", ""))
            seen[key] = seen.get(key, 0) + 1
        twice += [(d, k, n) for k, n in seen.items() if n > 1]
    shown = "; ".join(f"#{d.get('id')} {k[0]}={k[1]!r} ({k[2]}) x{n}" for d, k, n in twice[:8])
    more = f"; ... {len(twice) - 8} more" if len(twice) > 8 else ""
    report.check(spec, not twice, "no row holds one fact (kind, value, source, about) twice",
                 f"{len(twice)} facts stored more than once: {shown}{more}")


def main():
    expect, out = base.expect_and_out(__doc__)
    report = Report()

    # 1. The capture: the SPAN itself, and that every daemon spoke (the lab, not daicho).
    cap = expect.get("capture", {})
    cap_path = os.path.join(out, cap.get("file", "cap.pcap"))
    frames, infos = [], []
    try:
        frames = list(base.load_pcap(cap_path))
        infos = check_capture(report, cap, frames)
        with open(cap_path, "rb") as f:
            raw = f.read()
        for text in cap.get("contains", []):
            report.line(text.encode() in raw, f"capture bytes contain {json.dumps(text)}",
                        "the lab did not send it, so a check on it would be vacuous")
    except (OSError, ValueError) as e:
        report.line(False, f"capture {cap_path} readable", str(e))

    # 2. Secrets and patient data that must not reach anything daicho wrote.
    medical.check_nowhere(report, expect.get("nowhere", []), out)

    # 3. Devices: the lab's MACs only, then per-MAC facts (check_identity language).
    devices = base.load_devices(report, out)
    known = {m.lower() for m in expect.get("known_macs", [])}
    if known:
        stray = sorted(set().union(*(macs_of(d) for d in devices)) - known) if devices else []
        report.line(not stray, "every MAC in devices.json is a lab interface", f"others: {stray}")
    by_mac = {}
    for d in devices:
        for m in macs_of(d):
            by_mac.setdefault(m, d)
    for spec in expect.get("devices", []):
        device = by_mac.get(spec["mac"].lower())
        report.line(device is not None, f"{spec['mac']} {spec.get('name', '')}: device present")
        for check in spec.get("checks", []):
            base.check_device(sink(report, check), device, spec, check)

    # 4. Issue 11: boxes, relays, the outside, facts per frame.
    rows_figures, once_figures = [], []
    ledgers = load_ledgers(report, out)
    check_boxes(report, expect, devices, ledgers, rows_figures)
    check_relays(report, expect, devices)
    check_external(report, expect, devices, ledgers)
    check_once(report, expect, devices, frames, infos, once_figures)
    check_no_fact_twice(report, expect, devices)

    # 5. The figures: devices per category and ledger sizes, rows per box, facts per frame.
    ledger_checks.check_categories_and_ledgers(report, {}, devices, out, "hospital lab")
    print(f"hospital lab figures: {len(devices)} rows for {len(expect.get('boxes', []))} boxes; "
          f"rows per box: {', '.join(rows_figures)}")
    for line in once_figures:
        print(f"hospital lab figures: facts per frame: {line}")

    total = report.passed + report.failed
    print(f"hospital lab: {report.passed} of {total} lab checks hold, {report.failed} failed; "
          f"{report.pending_open} identity expectations pending (issue 11), "
          f"{report.pending_holding} pending ones now hold")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
