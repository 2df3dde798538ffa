"""`make bench`, second part: the batch check at provincial scale. 20,000 units, as a CSV file and as an .xlsx
workbook, checked natively (`calculators.check_ratio_batch`, what `python -m calculators ratio --csv` runs) and on
the batch page in Debian's Chromium at 390 px, from the press of 开始自查 to the summary shown, then each download
from its press to the file. Prints one figure a line, `name  value unit`, with the issue's targets (20,000 units
in at most 2 s in the browser, 0.5 s natively) after the figures they apply to.

A benchmark, not a test: it asserts nothing. The file is chosen on the reader's own machine, so no link is
emulated: the batch costs CPU, not bytes. What the page and the worker exchange is given in kB, since that is
copied and parsed on the reader's device. The workbook support (openpyxl) is loaded before the first workbook
is timed, as it is by the time a reader has picked a file; its bytes are given too.

The units are made up, the same every run: totals of 1–200 posts, social-work posts from none to all of them,
six ways of naming the unit type (codes and Chinese names, some with the ratio, some without), one unit in fifty
with a slip (a count in words, a missing cell), so every path of the check is taken in proportion.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import io
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import openpyxl
from playwright.sync_api import sync_playwright

from calculators.batch import batch_csv, batch_workbook, check_ratio_batch
from sitebuild.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild.serving import Server, SiteHandler, serve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import build_site, line  # noqa: E402  (the same build and the same line format as startup.py)

UNITS = 20_000
BROWSER_TARGET_MS = 2000
NATIVE_TARGET_MS = 500
BATCH_PAGE = "tools/batch/"
TIMEOUT_MS = 120_000
HEADER = ["单位名称", "单位类型", "岗位总数", "社会工作专业岗位数"]
ORG_TYPES = ["sw-org", "以社会工作服务为主的社会组织", "其他社会组织", "民办养老机构", "事业单位", "public-institution"]


def units(count: int = UNITS) -> list[list]:
    draw = random.Random(2022)
    rows = []
    for n in range(count):
        total = draw.randint(1, 200)
        row = [f"单位{n:05d}", draw.choice(ORG_TYPES), total, draw.randint(0, total)]
        if n % 50 == 49:
            row[2 + n % 2] = "十个半" if n % 4 == 1 else ""
        rows.append(row)
    return rows


def as_csv(rows) -> bytes:
    lines = [",".join(map(str, row)) for row in [HEADER, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def as_workbook(rows) -> bytes:
    # Not write-only mode: that leaves out the sheet's <dimension>, which Excel and WPS always write, and without
    # it openpyxl's reader parses the whole sheet once more to size it (0.2 s more natively for 20,000 rows).
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "单位岗位"
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(work, runs: int) -> float:
    """The median of `runs` timings of work(), in ms."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


# Presses 开始自查 and resolves, in ms, when the verdict of `units` units is on the page.
CHECK_JS = """async (units) => {
  const root = document.querySelector('[data-jm-calculator="ratio-batch"]');
  const shown = () => (root.querySelector(".jm-calc__verdict-text") || {}).textContent?.includes(`共 ${units} 个单位`);
  root.querySelector("[data-jm-result]").replaceChildren();
  const began = performance.now();
  root.querySelector('[data-jm-action="calculate"]').click();
  await new Promise((resolve) => {
    const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); resolve(); } });
    observer.observe(root, { subtree: true, childList: true, characterData: true });
  });
  return performance.now() - began;
}"""


def browser_figures(site_url: str, files: dict[str, Path], runs: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
        page = context.new_page()
        page.goto(site_url + BATCH_PAGE)
        page.wait_for_selector('[data-jm-calculator="ratio-batch"][data-jm-state="ready"]', timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")  # the workbook support, asked for once Python is up
        for kind, path in files.items():
            page.set_input_files("#ratio-batch-csv", str(path))
            figures[f"{kind}.check"] = statistics.median(page.evaluate(CHECK_JS, UNITS) for _ in range(runs))
            answer = page.evaluate(
                "async (data) => JSON.stringify(await jmCalculators.run('ratio-batch', { data_base64: data }))",
                base64.b64encode(path.read_bytes()).decode("ascii"),
            )
            figures[f"{kind}.answer_kB"] = len(answer.encode("utf-8")) / 1000
            for download, button in (("csv", "下载结果（CSV）"), ("xlsx", "下载结果（Excel）")):
                began = time.perf_counter()
                with page.expect_download(timeout=TIMEOUT_MS):
                    page.get_by_role("button", name=button).click()
                figures[f"{kind}.download_{download}"] = (time.perf_counter() - began) * 1000
        figures["rows_in_the_page"] = page.locator('[data-jm-calculator="ratio-batch"] tr').count()
        context.close()
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timings of each figure; the median is printed")
    parser.add_argument("--site-dir", type=Path, help="a site already built for this address (skips the build)")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jmf-bench-batch-"))
    files = {"csv": work / "units.csv", "xlsx": work / "units.xlsx"}
    files["csv"].write_bytes(as_csv(units()))
    files["xlsx"].write_bytes(as_workbook(units()))

    native = {}
    check_ratio_batch(files["csv"].read_bytes())  # the rules and words read once, as the command line reads them
    for kind, path in files.items():
        data = path.read_bytes()
        native[f"{kind}.check"] = timed(lambda data=data: check_ratio_batch(data), options.runs)
    batch = check_ratio_batch(files["csv"].read_bytes())
    native["csv.write"] = timed(lambda: batch_csv(batch), options.runs)
    native["xlsx.write"] = timed(
        lambda: batch_workbook(batch, site_version="bench", today=datetime.date.today(), file_fingerprint="bench"), 1
    )

    server = Server(("127.0.0.1", 0), SiteHandler)
    site_url = f"http://127.0.0.1:{server.server_address[1]}/"
    site_dir = options.site_dir or work / "site"
    if not options.site_dir:
        build_site(site_dir, site_url, work / "handbook-cache")
    serve(server, site_dir)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = browser_figures(site_url, files, options.runs)
    server.shutdown()

    calculators = site_dir / "assets" / "calculators"
    manifest = json.loads((calculators / "manifest.json").read_text(encoding="utf-8"))
    support = [manifest["workbook"]["stdlib"], *manifest["workbook"]["wheels"]]
    on_the_wire = sum(_served_bytes(calculators / entry["file"]) for entry in support)

    print(f"# make bench (batch): {UNITS:,} units; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    print(
        f"# files: CSV {files['csv'].stat().st_size / 1000:.0f} kB, workbook {files['xlsx'].stat().st_size / 1000:.0f} kB"
    )
    for kind in files:
        value = native[f"{kind}.check"]
        line(f"native.{kind}.check_{UNITS}_units", value, "ms", note=_target(value, NATIVE_TARGET_MS))
    line("native.csv.write_results", native["csv.write"], "ms")
    line("native.xlsx.write_results", native["xlsx.write"], "ms")
    for kind in files:
        value = browser[f"{kind}.check"]
        line(f"browser.{kind}.press_to_summary_{UNITS}_units", value, "ms", note=_target(value, BROWSER_TARGET_MS))
        line(f"browser.{kind}.first_answer", browser[f"{kind}.answer_kB"], "kB", 1)
        line(f"browser.{kind}.press_to_csv_file", browser[f"{kind}.download_csv"], "ms")
        line(f"browser.{kind}.press_to_xlsx_file", browser[f"{kind}.download_xlsx"], "ms")
        line(f"ratio.{kind}.browser_to_native", value / native[f"{kind}.check"], "x", 1)
    line("browser.table_rows_in_the_page", browser["rows_in_the_page"], "rows")
    line("workbook_support.brotli_on_the_wire", on_the_wire / 1000, "kB")
    return 0


def _target(value: float, target: float) -> str:
    return f"target ≤ {target:.0f} ms {'met' if value <= target else 'MISSED'}"


def _served_bytes(path: Path) -> int:
    """What the server sends for the file: its brotli copy where the build made one (hooks/deploy.py)."""
    compressed = path.with_name(path.name + ".br")
    return (compressed if compressed.is_file() else path).stat().st_size


if __name__ == "__main__":
    sys.exit(main())
