#!/usr/bin/env python3
"""The survey report (`daicho survey --format html`) in a real headless Chromium (issue 14):
rendered on screen to PNG and printed to PDF, over the demo ledger plus DHCP clients whose
host names are hostile.

    report_browser_test.py DAICHO_BIN OUT_DIR

Checks: the page as Chromium parsed it (--dump-dom) holds each question Q8-Q13 as a heading,
the Q10 diagram as an embedded data: image, no script element and no reference to another
host; the screenshot is not blank (many colours, mostly not background); the PDF has pages, and
its text (pdftotext) holds every question and the report's Japanese title. Exits 77 (skipped)
when chromium, pdftotext or Python's PIL is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "demo")
QUESTIONS = ["Q8", "Q9", "Q10", "Q11", "Q12", "Q13"]


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(77)


try:
    from PIL import Image
except ImportError:
    skip("Python's PIL is not installed (python3-pil)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    skip("chromium is not installed (tests/lab/install-lab-deps.sh installs it)")
if not shutil.which("pdftotext"):
    skip("pdftotext is not installed (poppler-utils)")

failures = []


def check(ok, what, detail=""):
    print(("PASS  " if ok else "FAIL  ") + what + ("" if ok else f"  ({detail})"))
    if not ok:
        failures.append(what)


def chromium(profile, *args):
    """Headless Chromium with its own profile; returns stdout (the DOM for --dump-dom)."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={profile}", "--hide-scrollbars", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    return done.stdout


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    daicho, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="daicho-report-")
    try:
        db = os.path.join(work, "demo.db")
        cfg = ["--db", db, "--config", os.path.join(DEMO, "daicho.json")]
        env = {k: v for k, v in os.environ.items() if k not in ("DAICHO_DB", "DAICHO_CONFIG")}
        captures = [os.path.join(DEMO, "hospital-demo.pcap")]
        # The dashboard test's hostile host names (markup, attribute break-out, a formula).
        maker = os.path.join(HERE, "..", "browser", "hostile_capture.py")
        if os.path.exists(maker):
            hostile = os.path.join(work, "hostile.pcap")
            subprocess.run([sys.executable, maker, hostile], check=True)
            captures.append(hostile)
        subprocess.run([daicho, "ingest", "-q", *cfg, *captures], check=True, env=env)
        html = os.path.join(out, "survey.html")
        subprocess.run([daicho, "survey", *cfg, "-o", html], check=True, env=env)
        url = "file://" + html
        profile = os.path.join(work, "profile")

        dom = chromium(profile, "--dump-dom", url)
        check(bool(dom), "Chromium parsed the report")
        headings = re.findall(r"<h2>(Q\d+)\s", dom)
        check(headings == QUESTIONS, "a heading for each of Q8-Q13, in order", headings)
        check(re.search(r'<img class="diagram"[^>]*src="data:image/svg\+xml;base64,', dom) is not None,
              "Q10's network diagram is embedded as a data: image")
        check("<script" not in dom.lower() and "onerror" not in dom.replace("onerror=alert(1)&gt;", ""),
              "no script element or handler (hostile names stay text)")
        check(re.search(r'(src|href)="(https?:)?//', dom) is None, "no reference to another host")

        png = os.path.join(out, "survey.png")
        chromium(profile, "--window-size=1366,3000", f"--screenshot={png}", url)
        check(os.path.exists(png), "screenshot written")
        if os.path.exists(png):
            image = Image.open(png).convert("RGB")
            colours = image.getcolors(maxcolors=1 << 20) or []
            background = max(colours)[0] if colours else 0
            inked = 1 - background / (image.width * image.height)
            check(len(colours) >= 64, "the screenshot is not blank", f"{len(colours)} colours")
            check(inked > 0.02, "the screenshot holds text and tables", f"{inked:.1%} not background")

        pdf = os.path.join(out, "survey.pdf")
        chromium(profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
        check(os.path.exists(pdf) and os.path.getsize(pdf) > 0, "the print form (PDF) written")
        if os.path.exists(pdf):
            info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            pages = int((re.search(r"Pages:\s+(\d+)", info) or [0, 0])[1])
            # Each question starts a page in print (the report's print style).
            check(pages >= len(QUESTIONS) + 1, "the print form has a page per question",
                  f"{pages} pages")
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                  text=True).stdout
            missing = [q for q in QUESTIONS if f"{q} " not in text]
            check(not missing, "the print form shows every question", f"missing {missing}")
            check("回答案" in text, "the print form's Japanese text is real text (fonts embedded)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"survey report in Chromium: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
