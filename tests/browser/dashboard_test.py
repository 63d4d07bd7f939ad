#!/usr/bin/env python3
"""The dashboard in a real headless Chromium (issue 16): `daicho serve` on loopback over a lab
ledger (the demo capture plus DHCP clients with hostile host names), driven by Selenium.

    dashboard_test.py DAICHO_BIN OUT_DIR

Checks: the page's headers (CSP without inline script or style, nosniff, frame-ancestors,
Referrer-Policy) and that its HTML holds no inline script or style; login fails without and
with a wrong token and works with the right one; the device list shows the devices; filter by
department and search by MAC; a device's evidence; an annotation shows in the list and in the
device's change log; hostile host names render as text and run nothing; the CSV and XLSX
exports neutralise the formula; every page is screenshotted (OUT_DIR/*.png) and not blank.
Exits 77 (skipped) when chromium, chromedriver or Selenium is missing.
"""
import base64
import csv
import html.parser
import http.cookiejar
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "demo")
TOKEN = "browser-test-token-0123456789abcdef"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "=cmd|' /C calc'!A0"]


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(77)


try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    skip("python3-selenium is not installed (tests/lab/install-lab-deps.sh installs it)")
try:
    from PIL import Image
except ImportError:
    Image = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    skip("chromium and chromium-driver are not installed (tests/lab/install-lab-deps.sh installs them)")

failures = []
EXPECTED = {}
T0 = time.monotonic()


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what + f"  [{time.monotonic() - T0:.1f} s]")
    if not ok:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


class InlineFinder(html.parser.HTMLParser):
    """Inline script or style in served HTML: a <script> without src, a <style>, a style= or
    on*= attribute, a javascript: URL."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} javascript: URL")


def distinct_colours(png_path):
    """How many distinct colours the screenshot holds, and the share of the commonest one."""
    if Image is not None:
        with Image.open(png_path) as im:
            colours = im.convert("RGB").getcolors(maxcolors=1 << 24)
        total = sum(c for c, _ in colours)
        return len(colours), max(c for c, _ in colours) / total
    return png_colours_stdlib(png_path)


def png_colours_stdlib(path):
    """The same from the PNG bytes with zlib only (8-bit RGB/RGBA, as Chromium writes)."""
    import struct
    import zlib
    data = open(path, "rb").read()
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, _, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    counts = {}
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        for x in range(0, stride, bpp):
            key = bytes(line[x:x + 3])
            counts[key] = counts.get(key, 0) + 1
        prev = line
    total = sum(counts.values())
    return len(counts), max(counts.values()) / total


def main():
    daicho, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="daicho-browser-")
    db = os.path.join(work, "lab.db")
    config = os.path.join(DEMO, "daicho.json")
    capture = os.path.join(work, "hostile.pcap")
    run(sys.executable, os.path.join(HERE, "hostile_capture.py"), capture)
    run(daicho, "ingest", "--db", db, "--config", config, os.path.join(DEMO, "hospital-demo.pcap"), capture)
    EXPECTED.update(daicho=daicho, db=db, config=config)
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(token_file, 0o600)

    err = open(os.path.join(work, "serve.err"), "w+")
    server = subprocess.Popen([daicho, "serve", "--db", db, "--config", config, "--token-file", token_file,
                               "--listen", "127.0.0.1:0"], stderr=err)
    driver = None
    try:
        port = None
        for _ in range(100):
            err.seek(0)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", err.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        if port is None:
            err.seek(0)
            raise SystemExit("daicho serve did not start: " + err.read())
        base = f"http://127.0.0.1:{port}"
        http_checks(base)
        driver = start_browser()
        browser_checks(driver, base, out_dir)
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all dashboard checks passed")


def http_checks(base):
    with urllib.request.urlopen(base + "/") as r:
        headers = r.headers
        page = r.read().decode()
    csp = headers.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp,
          f"the page's CSP allows only its own origin, no inline code, no framing: {csp}")
    check(headers.get("X-Content-Type-Options") == "nosniff", "X-Content-Type-Options: nosniff")
    check(headers.get("Referrer-Policy") == "no-referrer", "Referrer-Policy: no-referrer")
    finder = InlineFinder()
    finder.feed(page)
    check(not finder.found, f"index.html has no inline script or style {finder.found}")
    for path in re.findall(r'(?:src|href)="(/[^"]+)"', page):
        with urllib.request.urlopen(base + path) as r:
            check(r.status == 200, f"{path} is served")

    def status(path, data=None, headers=None):
        req = urllib.request.Request(base + path, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(req) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    check(status("/api/v1/devices?limit=1") == 401, "the list without a token or session: 401")
    check(status("/api/v1/login", json.dumps({"token": "wrong-token-0123456789"}).encode(),
                 {"Content-Type": "application/json"}) == 401, "login with a wrong token: 401")
    check(status("/api/v1/login", json.dumps({"token": TOKEN}).encode(),
                 {"Content-Type": "application/json", "Origin": "http://evil.example"}) == 403,
          "login from another origin: 403")
    check(status("/api/v1/devices?limit=1", headers={"Cookie": "daicho_session=" + "0" * 64}) == 401,
          "a made-up session cookie: 401")
    req = urllib.request.Request(base + "/api/v1/devices", headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(req) as r:
        EXPECTED["devices"] = len(json.load(r))  # the list as `daicho devices` gives it
    check(EXPECTED["devices"] > 30, f"the bearer token still works for scripts ({EXPECTED['devices']} devices)")


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,768", "--lang=ja", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    from selenium.webdriver.chrome.service import Service
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_window_size(1366, 768)
    return driver


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def rows(driver):
    """The list's rows as their text, read in one script: the list re-renders while a test
    waits, so element handles would go stale between reads."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#device-rows tr[data-id]')].map((r) => r.innerText);")


def wait_rows(driver, predicate, what):
    try:
        WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: predicate(rows(d)))
        return True
    except TimeoutException:
        check(False, what)
        return False


def screenshot(driver, out_dir, name):
    path = os.path.join(out_dir, f"dashboard-{name}.png")
    driver.save_screenshot(path)
    colours, commonest = distinct_colours(path)
    check(colours >= 16 and commonest < 0.97,
          f"screenshot {name}: {colours} colours, commonest {commonest:.0%} (not blank)")


def browser_checks(driver, base, out_dir):
    wait = WebDriverWait(driver, 10, poll_frequency=0.05)
    driver.get(base + "/")
    wait.until(ec.presence_of_element_located((By.ID, "token")))
    screenshot(driver, out_dir, "login")

    driver.find_element(By.ID, "token").send_keys("not-the-token-0123456789")
    driver.find_element(By.ID, "login-button").click()
    wait.until(ec.presence_of_element_located((By.ID, "login-error")))
    check(not rows(driver), "a wrong token shows the login error and no devices")

    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.ID, "name").send_keys("tester")
    start = time.monotonic()
    driver.find_element(By.ID, "login-button").click()
    wait_rows(driver, lambda r: len(r) > 0, "the device list shows devices after login")
    check(len(rows(driver)) == min(EXPECTED["devices"], 50),
          f"the list shows the lab's devices ({len(rows(driver))} rows of {EXPECTED['devices']})")
    count = driver.find_element(By.ID, "count").text
    check(str(EXPECTED["devices"]) in count, f"the count names the ledger's {EXPECTED['devices']} devices: {count}")
    timing = driver.execute_script(
        "const t = performance.timing; return [t.navigationStart, t.domContentLoadedEventEnd, t.loadEventEnd];")
    print(f"page load: DOMContentLoaded {timing[1] - timing[0]} ms, load {timing[2] - timing[0]} ms; "
          f"login to the list's rows {1000 * (time.monotonic() - start):.0f} ms")
    cookie = driver.get_cookie("daicho_session")
    check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
          f"the session cookie is HttpOnly and SameSite=Strict: {cookie}")
    check(driver.execute_script("return document.cookie") == "", "no script can read the session cookie")
    screenshot(driver, out_dir, "devices")
    widths = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    check(widths[0] <= widths[1], f"the list fits 1366x768 without scrolling sideways ({widths[0]} <= {widths[1]} px)")
    # The print stylesheet: A4 landscape, the list without the navigation.
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    pdf_bytes = base64.b64decode(pdf["data"])
    with open(os.path.join(out_dir, "dashboard-devices.pdf"), "wb") as f:
        f.write(pdf_bytes)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)", pdf_bytes)
    check(bool(boxes) and all(float(w) > float(h) and abs(float(w) - 841.9) < 2 for w, h in boxes),
          f"the device list prints on A4 landscape pages ({len(boxes)} page(s))")

    # Filter by department.
    Select(driver.find_element(By.ID, "department")).select_by_value("放射線科")
    wait_rows(driver, lambda r: 0 < len(r) < EXPECTED["devices"], "filtering by department narrows the list")
    departments = set(driver.execute_script(
        "return [...document.querySelectorAll('#device-rows td.c-department')].map((td) => td.innerText);"))
    check(departments == {"放射線科"}, f"every row is in 放射線科: {departments}")
    Select(driver.find_element(By.ID, "department")).select_by_value("")

    # The categories in the words of the ledgers a hospital prints (Q8 and Q9's 機器種別), not
    # a second table of the page's own.
    printed = set()
    for kind in ("it", "medical"):
        sheet = run(EXPECTED["daicho"], "ledger", "--db", EXPECTED["db"], "--config", EXPECTED["config"],
                    "--kind", kind, "--format", "csv").stdout.lstrip("\ufeff")
        printed |= {r["機器種別"].split(" / ")[0] for r in csv.DictReader(io.StringIO(sheet))}
    wait_rows(driver, lambda r: len(r) > 0, "the list is back after the filter")
    shown = set(driver.execute_script(
        "return [...document.querySelectorAll('#device-rows td.c-category')]"
        ".map((td) => td.firstChild ? td.firstChild.textContent : '');"))
    check(shown and shown <= printed, f"the list's categories are the ledgers' words: {shown} within {printed}")

    # Search by MAC, typed in another notation than the ledger's.
    search = driver.find_element(By.ID, "search")
    search.send_keys("00-A0-9A-3D-69-9D")
    wait_rows(driver, lambda r: len(r) == 1 and "00:a0:9a:3d:69:9d" in r[0], "searching a MAC finds its one device")
    mac = driver.find_element(By.CSS_SELECTOR, "#device-rows td.c-mac").text
    check(mac == "00:a0:9a:3d:69:9d", f"the MAC search found 00:a0:9a:3d:69:9d ({mac})")

    # Open it: its evidence.
    driver.find_element(By.CSS_SELECTOR, "#device-rows a.devlink").click()
    wait.until(ec.presence_of_element_located((By.ID, "explain")))
    rules = driver.find_element(By.ID, "rules").text
    check("hospital-demo.pcap" in driver.find_element(By.TAG_NAME, "main").text or "ieee-registry" in rules,
          "the device page shows its evidence")
    check("maker-oui-strong" in rules, "the classification names the rule that fired")
    check(len(driver.find_element(By.ID, "explain").text) > 100, "the explanation is shown")
    screenshot(driver, out_dir, "device")

    # Annotate it: the change log and the list show it.
    for key, value in (("name", "ICU-Monitor-01"), ("location", "3F 東病棟")):
        field = driver.find_element(By.ID, "ann-" + key)
        field.clear()
        field.send_keys(value)
    driver.find_element(By.ID, "ann-save").click()
    try:
        wait.until(lambda d: "ICU-Monitor-01" in d.find_element(By.ID, "change-log").text)
        log = driver.find_element(By.ID, "change-log").text
        check("web:tester" in log and "3F 東病棟" in log, "the change log names who and the new values")
    except TimeoutException:
        check(False, "the annotation reaches the device's change log")
    screenshot(driver, out_dir, "device-annotated")
    driver.get(base + "/#/devices")
    search = WebDriverWait(driver, 10, poll_frequency=0.05).until(ec.presence_of_element_located((By.ID, "search")))
    search.clear()
    search.send_keys("ICU-Monitor")
    wait_rows(driver, lambda r: len(r) == 1 and "ICU-Monitor-01" in r[0], "the list shows the new name")
    check(True, "the annotated name shows in the list")

    # Hostile host names: text, nothing runs, nothing injected.
    search = driver.find_element(By.ID, "search")
    search.clear()
    search.send_keys("alert")
    wait_rows(driver, lambda r: len(r) == 2 and all("alert" in x for x in r), "the two markup host names are listed")
    names = set(driver.execute_script(
        "return [...document.querySelectorAll('#device-rows a.devlink')].map((a) => a.textContent);"))
    check(names == set(HOSTILE[:2]), f"markup host names render as their text: {names}")
    check(no_alert(driver), "no alert ran")
    check(not driver.find_elements(By.CSS_SELECTOR, "main img, main script"), "no element was injected")
    check(driver.execute_script("return document.scripts.length") == 1, "the page holds only its own script")
    link = driver.find_element(By.CSS_SELECTOR, "#device-rows a.devlink")
    hostile = link.text
    link.click()
    wait.until(ec.presence_of_element_located((By.ID, "explain")))
    check(no_alert(driver), "no alert ran on the hostile device's page")
    check(hostile in HOSTILE and hostile in driver.find_element(By.ID, "device-title").text,
          f"its page title shows the name as text: {hostile}")
    check(not driver.find_elements(By.CSS_SELECTOR, "main img, main script"), "no element was injected there")
    screenshot(driver, out_dir, "hostile-device")

    # The exports of the current view neutralise the formula.
    driver.get(base + "/#/devices")
    search = WebDriverWait(driver, 10, poll_frequency=0.05).until(ec.presence_of_element_located((By.ID, "search")))
    search.clear()  # the list keeps its last search when one comes back to it
    search.send_keys("calc")  # the demo capture has a PC with that name too
    wait_rows(driver, lambda r: len(r) == 2 and all("calc" in x for x in r), "the formula host names are listed")
    session = {"Cookie": "daicho_session=" + driver.get_cookie("daicho_session")["value"]}
    csv_href = driver.find_element(By.ID, "export-csv").get_attribute("href")
    with urllib.request.urlopen(urllib.request.Request(csv_href, headers=session)) as r:
        text = r.read().decode("utf-8-sig")
    check(text.count("\"'=cmd|' /C calc'!A0\"") == 2 and text.count("\r\n") == 3 and ",\"=" not in text,
          "the CSV export of the view holds its two devices, the formula neutralised")
    xlsx_href = driver.find_element(By.ID, "export-xlsx").get_attribute("href")
    with urllib.request.urlopen(urllib.request.Request(xlsx_href, headers=session)) as r:
        book = zipfile.ZipFile(io.BytesIO(r.read()))
    sheets = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/"))
    check("<f>" not in sheets and "<f " not in sheets and "=cmd|" in sheets,
          "the XLSX export stores the formula host name as text, never as a formula")
    screenshot(driver, out_dir, "devices-search")

    # Every other page, and the English switch.
    for page, marker in (("changes", "changes"), ("departments", "department-counts"),
                         ("topology", "topology"), ("connections", None), ("survey", None),
                         ("sensor", None)):
        driver.get(f"{base}/#/{page}")
        if marker:
            wait.until(ec.presence_of_element_located((By.ID, marker)))
        else:
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "main h1"))
        if page == "changes":
            wait.until(lambda d: "新規接続" in d.find_element(By.ID, "changes").text)
            check(True, "the changes page lists the new devices of the capture's month")
        if page == "topology":
            wait.until(lambda d: d.execute_script(
                "const i = document.getElementById('topology'); return !i || (i.complete && i.naturalWidth > 0);"))
        time.sleep(0.2)
        check(no_alert(driver), f"no alert on {page}")
        screenshot(driver, out_dir, page)
    driver.find_element(By.ID, "lang").click()
    wait.until(lambda d: "Sensor status" in d.find_element(By.ID, "nav").text)
    check(True, "the English switch relabels the page")
    screenshot(driver, out_dir, "sensor-en")

    resources = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name);")
    elsewhere = [r for r in resources if not r.startswith(base + "/")]
    check(resources and not elsewhere, f"the page requested {len(resources)} resources, none from another host {elsewhere}")

    console = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    csp = [e["message"] for e in console if "Content Security Policy" in e["message"]]
    check(not csp, f"no Content-Security-Policy violation in the console {csp}")
    other = [e["message"] for e in console if "favicon" not in e["message"] and "401" not in e["message"]]
    check(not other, f"no other console error {other}")


if __name__ == "__main__":
    main()
