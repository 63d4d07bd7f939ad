#!/usr/bin/env python3
"""grow_ledger.py DB DEVICES EVENTS NAMES ADDRESSES DNS POINTS - grows a daicho ledger (made by
`daicho ingest`, so its schema is current) with the history months of live capture leave:
DEVICES devices, EVENTS wire events, NAMES host names and ADDRESSES addresses spread over the
devices (each device renamed and readdressed many times), DNS answers and external connection
points, every time spread evenly over the last 800 days, so about half is older than the
default 400-day retention. Seeded: the same arguments make the same rows (bar the clock)."""
import random
import sqlite3
import sys
import time

db = sys.argv[1]
devices, events, names, addresses, dns, points = map(int, sys.argv[2:8])
now = int(time.time() * 1e6)
span = 800 * 86_400_000_000
rnd = random.Random(15)
con = sqlite3.connect(db)
cur = con.cursor()
first = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM devices").fetchone()[0]
ids = range(first, first + devices)


def when():
    return now - rnd.randrange(span)


cur.executemany(
    "INSERT INTO devices (id, domain, mac, mac_kind, first_seen, last_seen) "
    "VALUES (?, 0, ?, 'global', ?, ?)",
    ((d, "02:10:%02x:%02x:%02x:%02x" % ((d >> 24) & 255, (d >> 16) & 255, (d >> 8) & 255, d & 255),
      now - span, now) for d in ids))


def wire_events():
    for _ in range(events):
        at = when()
        yield rnd.choice(ids), at, at


# Recorded when the wire showed them, as a live capture records them.
cur.executemany("INSERT INTO events (device_id, at_us, kind, field, before, after, recorded_at_us) "
                "VALUES (?, ?, 'address_new', 'ip_address', '10.0.0.1', '10.0.0.2', ?)", wire_events())


def host_names():
    for d in ids:
        for k in range(max(1, names // devices)):
            t = when()
            yield d, "host-%d-%d" % (d, k), t, t


cur.executemany("INSERT INTO device_facts (device_id, kind, value, source, first_seen, last_seen) "
                "VALUES (?, 'hostname', ?, 'dhcp', ?, ?)", host_names())


def leases():
    n = 0
    for d in ids:
        for _ in range(max(1, addresses // devices)):
            n += 1
            octets = bytes((10, (n >> 16) & 255, (n >> 8) & 255, n & 255))
            t = when()
            yield d, ".".join(map(str, octets)), octets, t, t


cur.executemany("INSERT INTO device_addresses (device_id, family, address, octets, source, "
                "first_seen, last_seen) VALUES (?, 4, ?, ?, 'arp', ?, ?)", leases())


def answers():
    for i in range(dns):
        t = when()
        yield "198.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255), "n%d.example" % i, t, t


cur.executemany("INSERT INTO address_facts (domain, address, kind, value, source, first_seen, "
                "last_seen) VALUES (0, ?, 'dns_answer', ?, 'dns', ?, ?)", answers())


def connections():
    for i in range(points):
        t = when()
        yield ("10.1.%d.%d" % ((i >> 8) & 255, i & 255),
               "203.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255), t, t)


cur.executemany("INSERT INTO connection_points (domain, inside_address, remote_address, ip_proto, "
                "server_port, service_class, class_source, opener, first_seen, last_seen) "
                "VALUES (0, ?, ?, 6, 443, 'web', 'port', 'inside', ?, ?)", connections())
con.commit()
con.close()
