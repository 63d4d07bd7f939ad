#!/usr/bin/env python3
"""lock_waits.py DB SECONDS - stands in for another writer (the capture's merge, annotate)
while something else writes the ledger: takes the write lock every 20 ms for SECONDS (or until
SIGTERM) and prints how long it waited for it. SQLite's busy handler is the one daicho's connections use
(sqlite3_busy_timeout), so the waits are the ones a merge would see."""
import signal
import sqlite3
import sys
import time

stop = False


def finish(_signum, _frame):
    global stop
    stop = True


signal.signal(signal.SIGTERM, finish)

con = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
end = time.monotonic() + float(sys.argv[2])
waits = []
while time.monotonic() < end and not stop:
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    waits.append(time.perf_counter() - t0)
    con.execute("COMMIT")
    time.sleep(0.02)
if not waits:
    sys.exit("no tries")
waits.sort()
print("lock waits of another writer: %d tries, median %.1f ms, p99 %.1f ms, max %.1f ms" % (
    len(waits), 1000 * waits[len(waits) // 2], 1000 * waits[int(len(waits) * 0.99)],
    1000 * waits[-1]))
