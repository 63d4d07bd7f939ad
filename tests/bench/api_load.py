#!/usr/bin/env python3
"""A bounded load test of daicho's HTTP API on loopback (issue 15): COUNT requests of each
path, CONCURRENCY clients at a time, at most SECONDS in all; prints requests per second and
latency percentiles per path, and fails (exit 1) on any answer that is not 200.

    api_load.py PORT TOKEN_FILE [--count N] [--concurrency C] [--seconds S] PATH...

Start the server first (`daicho serve --db LEDGER --token-file TOKEN --listen 127.0.0.1:PORT`,
tests/bench/run-api-bench.sh does). Plain stdlib: one connection per request, as the server
closes each.
"""

import argparse
import http.client
import statistics
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("token_file")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=60.0)
    a = ap.parse_args()
    token = open(a.token_file).readline().strip()
    deadline = time.monotonic() + a.seconds
    failed = 0
    for path in a.paths:
        latencies, errors = [], []
        lock = threading.Lock()
        left = [a.count]

        def worker():
            while True:
                with lock:
                    if left[0] == 0 or time.monotonic() > deadline:
                        return
                    left[0] -= 1
                t0 = time.perf_counter()
                try:
                    c = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
                    c.request("GET", path, headers={"Authorization": "Bearer " + token})
                    r = c.getresponse()
                    r.read()
                    status = r.status
                    c.close()
                except OSError as e:
                    status = str(e)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if status != 200:
                        errors.append(status)

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(a.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        lat = sorted(latencies)
        pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0
        print(f"{path}: {len(lat)} requests, {a.concurrency} at a time, {len(lat) / wall:.0f}/s; "
              f"latency median {statistics.median(lat) * 1000:.1f} ms, p95 {pct(0.95):.1f} ms, "
              f"max {lat[-1] * 1000 if lat else 0:.1f} ms; {len(errors)} not 200")
        failed += len(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
