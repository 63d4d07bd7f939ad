#!/usr/bin/env python3
"""The dashboard's figures on a large ledger (issue 16): `daicho serve` over a copy of LEDGER
(the original is never opened), then

  - the device list's snapshot rebuild (first request, and again after a change),
  - server time per request (its Server-Timing header) and the loopback round trip for the
    first page, a page change, a free-text search, a MAC search, a department filter and a
    sort, each repeated --runs times (medians),
  - with --browser: the page in headless Chromium (Debian's chromium + chromium-driver +
    python3-selenium): navigation timing, login to the first rows, a search typed to its rows,
    and a page change to its rows.

    dashboard_bench.py DAICHO --db LEDGER [--runs N] [--browser]

Prints lines a person reads and the load average beside them: the machine is shared, so the
absolute times are noisy. Never a threshold: figures only.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

TOKEN = "dashboard-bench-token-0123456789"


def server_ms(headers, name):
    m = re.search(name + r";dur=([0-9.]+)", headers.get("Server-Timing", ""))
    return float(m.group(1)) if m else None


def get(base, path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + TOKEN})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = r.read()
        headers = r.headers
    return (time.perf_counter() - t) * 1000, headers, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("daicho")
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--browser", action="store_true")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="daicho-dash-bench-")
    db = os.path.join(work, "ledger.db")
    shutil.copyfile(a.db, db)
    # A capture of no frames: `daicho ingest` opens the copy read-write once, which upgrades
    # an older ledger's schema, and adds nothing but its captures row.
    empty = os.path.join(work, "empty.pcap")
    with open(empty, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    subprocess.run([a.daicho, "ingest", "-q", "--db", db, empty], check=True, capture_output=True)
    token = os.path.join(work, "token")
    with open(token, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(token, 0o600)
    err = open(os.path.join(work, "serve.err"), "w+")
    server = subprocess.Popen([a.daicho, "serve", "--db", db, "--token-file", token, "--listen", "127.0.0.1:0"],
                              stderr=err)
    try:
        port = None
        for _ in range(100):
            err.seek(0)
            m = re.search(r"127\.0\.0\.1:(\d+)", err.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        print(f"ledger: {a.db} (copy), load average {os.getloadavg()[0]:.2f}")
        ms, headers, body = get(base, "/api/v1/devices?limit=50")
        page = json.loads(body)
        print(f"first request: {ms:.0f} ms round trip, snapshot rebuild {server_ms(headers, 'rebuild'):.0f} ms "
              f"({page['all']} devices)")
        rss = open(f"/proc/{server.pid}/status").read()
        print("server memory after the rebuild: " + re.search(r"VmRSS:\s+(\d+ kB)", rss).group(1))
        one = page["devices"][0]
        mac = one["mac"]
        cases = [
            ("first page", "/api/v1/devices?limit=50"),
            ("page change (offset 6000, by name)", "/api/v1/devices?limit=50&offset=6000&sort=name"),
            ("free-text search '10.1'", "/api/v1/devices?limit=50&q=10.1"),
            ("MAC search (other notation)", "/api/v1/devices?limit=50&q=" + mac.replace(":", "-").upper()),
            ("department filter (none)", "/api/v1/devices?limit=50&department=-"),
            ("sort by IP, descending", "/api/v1/devices?limit=50&sort=ip&dir=desc"),
            ("old full list /api/v1/devices (for comparison)", "/api/v1/devices"),
        ]
        for name, path in cases:
            runs = a.runs if "old full" not in name else max(3, a.runs // 5)
            trips, serv = [], []
            for _ in range(runs):
                ms, headers, body = get(base, path)
                trips.append(ms)
                s = server_ms(headers, "total")
                if s is not None:
                    serv.append(s)
            server_text = f", server {statistics.median(serv):.1f} ms" if serv else ""
            print(f"{name}: median {statistics.median(trips):.1f} ms round trip{server_text} "
                  f"({len(body):,} bytes, {runs} runs, load {os.getloadavg()[0]:.2f})")
        subprocess.run([a.daicho, "annotate", "--db", db, str(one["id"]), "note=dashboard-bench"],
                       check=True, capture_output=True)
        ms, headers, _ = get(base, "/api/v1/devices?limit=50")
        print(f"after a change: {ms:.0f} ms round trip, rebuild {server_ms(headers, 'rebuild'):.0f} ms")
        if a.browser:
            browser(base, mac)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def browser(base, mac):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    wait = WebDriverWait(driver, 60, poll_frequency=0.01)
    try:
        driver.get(base + "/")
        wait.until(lambda d: d.find_elements(By.ID, "token"))
        t = driver.execute_script("const t = performance.timing; return [t.navigationStart, t.responseEnd, t.domContentLoadedEventEnd, t.loadEventEnd];")
        print(f"browser: page navigation {t[3] - t[0]} ms (response {t[1] - t[0]} ms, DOMContentLoaded {t[2] - t[0]} ms)")
        driver.find_element(By.ID, "token").send_keys(TOKEN)
        start = time.perf_counter()
        driver.find_element(By.ID, "login-button").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#device-rows tr[data-id]")) == 50)
        print(f"browser: login to the first 50 rows {1000 * (time.perf_counter() - start):.0f} ms")
        count = driver.find_element(By.ID, "count").text
        start = time.perf_counter()
        driver.find_element(By.ID, "next").click()
        wait.until(lambda d: d.find_element(By.ID, "count").text != count)
        print(f"browser: page change to its rows {1000 * (time.perf_counter() - start):.0f} ms")
        start = time.perf_counter()
        driver.find_element(By.ID, "search").send_keys(mac)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#device-rows tr[data-id]")) == 1)
        print(f"browser: MAC typed to its one row {1000 * (time.perf_counter() - start):.0f} ms "
              f"(of which 250 ms is the search box's typing pause)")
        heap = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : 0")
        print(f"browser: JS heap {heap / 1e6:.1f} MB")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
