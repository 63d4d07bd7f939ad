#!/usr/bin/env python3
"""One MAC sending N distinct DHCP host names (option 12), one DHCPREQUEST a second: the
capture behind issue 10's "quadratic history" figures. Usage: one_mac_many_names.py N out.pcap
"""
import struct
import sys


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def dhcp_request(mac: bytes, xid: int, name: bytes) -> bytes:
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4,
                        b"\0" * 4, b"\0" * 4, b"\0" * 4, mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    options = b"\x63\x82\x53\x63" + b"\x35\x01\x03" + bytes([12, len(name)]) + name + b"\xff"
    payload = bootp + options
    udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), xid & 0xFFFF, 0, 64, 17, 0,
                     b"\0\0\0\0", b"\xff\xff\xff\xff")
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\xff" * 6 + mac + b"\x08\x00" + ip + udp


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    mac = bytes.fromhex("001122334455")
    t0 = 1_772_438_400
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            frame = dhcp_request(mac, 0x1000 + i, b"ward-pc-%06d" % i)
            f.write(struct.pack("<IIII", t0 + i, 0, len(frame), len(frame)) + frame)


if __name__ == "__main__":
    main()
