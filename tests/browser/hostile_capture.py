#!/usr/bin/env python3
"""Writes a small pcap of DHCP requests whose host names are hostile: markup, an attribute
break-out, a spreadsheet formula and control bytes. The dashboard must show each as text,
run nothing, and export the formula neutralised.

    hostile_capture.py OUT.pcap
"""
import struct
import sys

# (MAC, requested address, host name bytes as the client sends them)
HOSTILE = [
    ("02:00:5e:10:00:01", "10.30.9.1", b"<script>alert(1)</script>"),
    ("02:00:5e:10:00:02", "10.30.9.2", b'"><img src=x onerror=alert(1)>'),
    ("02:00:5e:10:00:03", "10.30.9.3", b"=cmd|' /C calc'!A0"),
    ("02:00:5e:10:00:04", "10.30.9.4", b"ctl\x07bell\x1b[31mred"),
]


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def dhcp_request(mac: str, ip: str, name: bytes, xid: int) -> bytes:
    hw = bytes.fromhex(mac.replace(":", ""))
    want = bytes(int(x) for x in ip.split("."))
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4,
                        b"\0" * 4, b"\0" * 4, b"\0" * 4, hw + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    options = b"\x63\x82\x53\x63" + bytes([53, 1, 3]) + bytes([50, 4]) + want
    options += bytes([12, len(name)]) + name + bytes([55, 3, 1, 3, 6]) + b"\xff"
    udp_payload = bootp + options
    udp = struct.pack("!HHHH", 68, 67, 8 + len(udp_payload), 0) + udp_payload
    ip_header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), xid & 0xFFFF, 0, 64, 17, 0,
                            b"\0" * 4, b"\xff" * 4)
    ip_header = ip_header[:10] + struct.pack("!H", checksum(ip_header)) + ip_header[12:]
    return b"\xff" * 6 + hw + b"\x08\x00" + ip_header + udp


def main() -> None:
    out = sys.argv[1]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 1772500000  # 2026-03-03, after the demo capture
        for i, (mac, ip, name) in enumerate(HOSTILE):
            frame = dhcp_request(mac, ip, name, 0x1000 + i)
            f.write(struct.pack("<IIII", t + i, 0, len(frame), len(frame)))
            f.write(frame)


if __name__ == "__main__":
    main()
