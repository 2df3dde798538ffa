"""`make bench`: what Python in the browser costs a reader of the ratio calculator page, measured in Debian's
Chromium against a baseline page that loads the same self-hosted runtime the documented plain way
(loadPyodide() on the main thread, then the same calculators package). Prints one figure a line,
`name  value unit`, in a fixed order, so that runs can be compared line by line.

A benchmark, not a test: it asserts nothing about speed. Each figure is the median of --runs runs. The site is
served as deploy/nginx.conf serves it (bench/serving.py): gzipped copies, cache headers, security headers.
"""

from __future__ import annotations

import argparse
import base64
import brotli
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from serving import DeployLikeHandler, Server, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CALCULATOR_PAGE = "tools/ratio/"
BASELINE_PAGE = "bench-baseline/"
TEXT_PAGE = "rules/"  # no calculator: what the theme alone costs the main thread
RATIO_INPUTS = {"org_type": "sw-org", "total": "11", "social_work": "7"}
BATCH_UNITS = 10_000
CALCULATIONS = 200
TIMEOUT_MS = 180_000

# The documented plain way: the runtime on the main thread, then the package unpacked and imported. A module file
# of its own, not an inline script, so the site's Content-Security-Policy allows it as it allows the site's own.
BASELINE_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>baseline: loadPyodide() on the main thread</title></head>
<body data-state="loading"><script type="module" src="baseline.mjs"></script></body></html>
"""
BASELINE_MODULE = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const runtime = new URL("../assets/pyodide/", location.href).href;
const pyodide = await loadPyodide({ indexURL: runtime, packageBaseUrl: runtime });
const manifest = await (await fetch("../assets/calculators/manifest.json")).json();
const zip = await (await fetch("../assets/calculators/" + manifest.package)).arrayBuffer();
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(zip), "zip", { extractDir: sitePackages });
const handle = pyodide.pyimport("calculators.browser").handle;
window.benchRun = async (name, inputs) => JSON.parse(handle(name, JSON.stringify(inputs)));
window.__bench.ready();
"""

# Injected before any script of either page: records long tasks, when Python is ready and the first result.
# On the calculator page, readiness is the contract's data-state="ready"; the first calculation is sent the
# moment it is, as a reader who had typed while waiting would.
INSTRUMENT_JS = """
window.__bench = { longTasks: [], readyAt: null, firstResultAt: null };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
window.__bench.run = (name, inputs) => (window.benchRun || window.jmCalculators.run)(name, inputs);
window.__bench.ready = () => {
  if (window.__bench.readyAt !== null) return;
  window.__bench.readyAt = performance.now();
  window.__bench.run("ratio", %s).then(() => { window.__bench.firstResultAt = performance.now(); });
};
new MutationObserver(() => {
  if (document.querySelector('[data-calculator][data-state="ready"]')) window.__bench.ready();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
""" % json.dumps(RATIO_INPUTS)

LATENCY_JS = """
async ([name, inputs, count]) => {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const result = await window.__bench.run(name, inputs);
    if (!result.ok) throw new Error(JSON.stringify(result));
    times.push(performance.now() - start);
  }
  return times;
}
"""


def build_site(site_dir: Path, site_url: str, handbook_cache: Path) -> float:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "JMF_HANDBOOK_CACHE": str(handbook_cache)}
    started = time.perf_counter()
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                   cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def visit(playwright, profile: Path, url: str, record_bytes: bool = False, settle: bool = False) -> dict:
    """One visit in a browser on `profile` (a fresh folder: a cold visit; one used before: a warm one). With
    `settle`, the visit lasts until the page has finished keeping what it keeps for the next one."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        context.add_init_script(INSTRUMENT_JS)
        page = context.new_page()
        finished = []  # the page's requests and its worker's, as Playwright reports them
        if record_bytes:
            context.on("requestfinished", lambda request: finished.append(request))
        page.goto(url)
        page.wait_for_function("() => window.__bench.firstResultAt !== null", timeout=TIMEOUT_MS)
        # What the first answer cost; what the site then downloads to keep itself offline is not counted.
        until_first_result = list(finished)
        if settle:
            # A reader stays on the page after the first answer: the site goes on to keep itself for the next
            # visit (its service worker installs; the worker keeps the unpacked snapshot). The warm visit comes
            # after that, as a real second visit would. The baseline page keeps nothing of its own.
            page.wait_for_load_state("networkidle")
            if page.evaluate("() => 'jmCalculators' in window"):
                page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS)
        figures = page.evaluate("""() => {
          const b = window.__bench;
          const before = b.longTasks.filter(([start]) => start < b.readyAt);
          return { ready: b.readyAt, firstResult: b.firstResultAt, longTasks: before.length,
                   snapshotFromStorage: window.jmCalculators ? window.jmCalculators.snapshot === "stored" : false,
                   longest: Math.max(0, ...before.map(([, d]) => d)),
                   blocking: before.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0) };
        }""")
        transferred = {}
        for request in until_first_result:
            sizes = request.sizes()
            transferred[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        figures["page"] = page
        figures["transferred"] = transferred
        figures["context"] = context
        return figures
    except Exception:
        context.close()
        raise


def text_page_long_tasks(playwright, profile: Path, url: str) -> tuple[int, float]:
    """Long tasks and total blocking time of a page without a calculator, up to its network going quiet: what
    the theme itself costs the main thread, to tell apart from what the runtime costs on the calculator page."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        context.add_init_script(INSTRUMENT_JS)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        tasks = page.evaluate("() => window.__bench.longTasks")
        return len(tasks), sum(max(0.0, duration - 50) for _, duration in tasks)
    finally:
        context.close()


def compressed_sizes(site_dir: Path, site_url: str, urls: list[str]) -> tuple[int, int, int]:
    raw = gz = br = 0
    for url in urls:
        if not url.startswith(site_url):
            continue
        path = site_dir / urlsplit(url).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9))
        br += len(brotli.compress(data, quality=11))
    return raw, gz, br


def batch_csv_base64(units: int) -> str:
    rows = ["单位名称,单位类型,岗位总数,社会工作专业岗位数"]
    rows += [f"单位{n},以社会工作服务为主的社会组织,{10 + n % 90},{7 + n % 60}" for n in range(units)]
    return base64.b64encode(("\n".join(rows) + "\n").encode("utf-8")).decode("ascii")


def line(name: str, value: float, unit: str, digits: int = 0) -> None:
    print(f"{name:<44} {value:>10.{digits}f} {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each visit; the median is printed")
    options = parser.parse_args()
    if shutil.which(CHROMIUM) is None:
        print(f"Chromium not found at {CHROMIUM}: `make bench` needs Debian's chromium", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="jmf-bench-"))
    server = Server(("127.0.0.1", 0), DeployLikeHandler)
    site_url = f"http://127.0.0.1:{server.server_address[1]}/"
    site_dir = work / "site"
    try:
        cold_build = build_site(site_dir, site_url, work / "handbook-cache")  # the handbook set anew
        warm_build = build_site(site_dir, site_url, work / "handbook-cache")  # the handbook unchanged
        (site_dir / BASELINE_PAGE).mkdir()
        (site_dir / BASELINE_PAGE / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
        (site_dir / BASELINE_PAGE / "baseline.mjs").write_text(BASELINE_MODULE, encoding="utf-8")
        serve(server, site_dir)
        threading.Thread(target=server.serve_forever, daemon=True).start()

        results: dict[str, dict[str, list[float]]] = {}
        bytes_cold: dict[str, int] = {}
        latency: dict[str, list[float]] = {}
        batch: dict[str, float] = {}
        with sync_playwright() as playwright:
            for name, page_path in (("ours", CALCULATOR_PAGE), ("baseline", BASELINE_PAGE)):
                figures = results.setdefault(name, {})
                for run in range(options.runs):
                    profile = work / f"profile-{name}-{run}"
                    for visit_kind in ("cold", "warm"):
                        seen = visit(playwright, profile, site_url + page_path,
                                     record_bytes=visit_kind == "cold", settle=visit_kind == "cold")
                        try:
                            for key in ("ready", "firstResult", "longTasks", "longest", "blocking", "snapshotFromStorage"):
                                figures.setdefault(f"{visit_kind}.{key}", []).append(seen[key])
                            if visit_kind == "cold" and run == 0:
                                bytes_cold[name] = seen["transferred"]
                            if visit_kind == "warm" and run == 0:
                                latency[name] = seen["page"].evaluate(LATENCY_JS, ["ratio", RATIO_INPUTS, CALCULATIONS])
                                started = time.perf_counter()
                                seen["page"].evaluate(
                                    "([data]) => window.__bench.run('ratio-batch', { data_base64: data })",
                                    [batch_csv_base64(BATCH_UNITS)])
                                batch[name] = (time.perf_counter() - started) * 1000
                        finally:
                            seen["context"].close()
            text_page = [text_page_long_tasks(playwright, work / f"profile-text-{run}", site_url + TEXT_PAGE)
                         for run in range(options.runs)]
    finally:
        server.shutdown()
        server.server_close()

    median = {name: {key: statistics.median(values) for key, values in figures.items()}
              for name, figures in results.items()}
    chromium_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# make bench: {CALCULATOR_PAGE} against {BASELINE_PAGE} (loadPyodide() on the main thread)")
    print(f"# {chromium_version}; {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"median of {options.runs} runs; cold = fresh profile, warm = the same profile again, "
          "after the cold visit has kept what it keeps (service worker, unpacked snapshot)")
    line("build.site_with_new_handbook", cold_build, "s", 1)
    line("build.site_with_unchanged_handbook", warm_build, "s", 1)
    for name in ("ours", "baseline"):
        for visit_kind in ("cold", "warm"):
            m = median[name]
            line(f"{name}.{visit_kind}.ready", m[f"{visit_kind}.ready"], "ms")
            line(f"{name}.{visit_kind}.first_result", m[f"{visit_kind}.firstResult"], "ms")
            line(f"{name}.{visit_kind}.long_tasks_before_ready", m[f"{visit_kind}.longTasks"], "tasks")
            line(f"{name}.{visit_kind}.longest_task_before_ready", m[f"{visit_kind}.longest"], "ms")
            line(f"{name}.{visit_kind}.total_blocking_time", m[f"{visit_kind}.blocking"], "ms")
    line("ours.warm.runs_from_the_kept_snapshot", sum(results["ours"]["warm.snapshotFromStorage"]), "runs")
    line("text_page.cold.long_tasks", statistics.median(count for count, _ in text_page), "tasks")
    line("text_page.cold.total_blocking_time", statistics.median(blocking for _, blocking in text_page), "ms")
    for name in ("ours", "baseline"):
        line(f"{name}.calculation.median", statistics.median(latency[name]), "ms", 2)
        line(f"{name}.calculation.p95", statistics.quantiles(latency[name], n=20)[-1], "ms", 2)
        line(f"{name}.batch_{BATCH_UNITS}_units", batch[name], "ms")
    for name in ("ours", "baseline"):
        transferred = bytes_cold[name]
        raw, gz, br = compressed_sizes(site_dir, site_url, list(transferred))
        line(f"{name}.cold.requests", len(transferred), "requests")
        line(f"{name}.cold.bytes_transferred", sum(transferred.values()) / 1024, "KiB")
        line(f"{name}.cold.bytes_as_files", raw / 1024, "KiB")
        line(f"{name}.cold.bytes_gzip_9", gz / 1024, "KiB")
        line(f"{name}.cold.bytes_brotli_11", br / 1024, "KiB")
    ours, baseline = median["ours"], median["baseline"]
    line("ratio.cold_ready.ours_to_baseline_cold", ours["cold.ready"] / baseline["cold.ready"], "x", 2)
    line("ratio.warm_ready.ours_to_baseline_cold", ours["warm.ready"] / baseline["cold.ready"], "x", 2)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
