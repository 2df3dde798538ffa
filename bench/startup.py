"""`make bench`: what Python in the browser costs a reader of the ratio calculator page, measured in Debian's
Chromium against a baseline page that loads the same self-hosted runtime the documented plain way
(loadPyodide() on the main thread, then the same calculators package), over emulated links: the bandwidth and
round-trip time of a phone on slow 4G, on ordinary 4G, on good Wi-Fi, and the unthrottled local server. Prints one
figure a line, `name  value unit`, in a fixed order, so that runs can be compared line by line; a ratio for
which the project states a target has the target and whether it is met after it.

A benchmark, not a test: it asserts nothing. The site is served as deploy/nginx.conf serves it (sitebuild/serving.py:
brotli or gzipped copies, 304s, cache and security headers), and every response, the page's, its worker's and
the service worker's alike, goes through one emulated link (one token bucket and a fixed round-trip time per
request); the bytes are counted at the server, as they went over that link, headers included.

- cold: a fresh browser profile; ready = the calculator's data-jm-state="ready" (the baseline: Python up and the
  package imported), first_result = the first answer, sent the moment it is ready; kB_to_first_result and
  kB_whole_visit (until the link has been quiet for QUIET_SECONDS, the site having kept what it keeps for the
  next visit: service worker installed, snapshot stored);
- warm: the same profile again, after the cold visit has settled;
- text pages: what the home and policy pages move in their first TEXT_SECONDS on a fresh profile.

Chromium asks for brotli from localhost (and over HTTPS), as a phone does from an HTTPS site, so the server
sends the .br copies; --no-brotli sends gzip at best, which is what a browser gets over plain HTTP.
Each figure is the median of --runs runs on the unthrottled link and of --throttled-runs on the others (a
cold visit at 1.6 Mbit/s moving 11 MB takes about a minute).
"""

from __future__ import annotations

import argparse
import base64
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

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from sitebuild.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild.serving import Link, Server, SiteHandler, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent
CALCULATOR_PAGE = "tools/ratio/"
BASELINE_PAGE = "bench-baseline/"
TEXT_PAGE = "rules/"  # no calculator: what the theme alone costs the main thread
TEXT_PAGES = {"home": "", "policy": "policy/"}  # what a first visit to a page to read moves
RATIO_INPUTS = {"org_type": "sw-org", "total": "11", "social_work": "7"}
BATCH_UNITS = 20_000  # the figure; bench/batch.py times the same on the batch page itself
CALCULATIONS = 200
TIMEOUT_MS = 300_000
SETTLE_TIMEOUT_MS = 120_000
QUIET_SECONDS = 3  # nothing over the link for this long: the visit has settled
TEXT_SECONDS = 30

# Slow 4G, ordinary 4G, good Wi-Fi, and the local server as it is (sitebuild/serving.py names links this way).
LINKS = ("1.6mbit-150ms", "10mbit-40ms", "50mbit-20ms", "unthrottled")
# The targets of issue 14, printed beside the figures: ours cold ready / the baseline's cold ready, at each link
# (and never above COLD_CEILING); ours warm ready / the baseline's COLD ready; a text page's first visit.
COLD_TARGETS = {"1.6mbit-150ms": 0.6, "10mbit-40ms": 0.75, "50mbit-20ms": 0.6, "unthrottled": 0.45}
COLD_CEILING = 1.0
WARM_TARGET = 0.35
TEXT_PAGE_TARGET_KB = 1000  # 1 MB in TEXT_SECONDS

# The files a visit moves, as built (file) and as the server sends them (the .gz and .br copies beside them).
SIZED_FILES = (
    "assets/pyodide/pyodide.asm.wasm",
    "assets/pyodide/python_stdlib.zip",
    "assets/pyodide/pyodide.asm.js",
    "assets/pyodide/pyodide.mjs",
    "assets/pyodide/pyodide-lock.json",
    "assets/calculators/calculators.zip",
    "assets/calculators/stdlib.zip",
    "assets/calculators/snapshot.bin.gz",
    "assets/javascripts/calculator-worker.mjs",
    "index.html",
    "policy/index.html",
    "tools/ratio/index.html",
    "search/search_index.json",
    "sw.js",
)

# The documented plain way: the runtime on the main thread, then the package unpacked and imported. A module file
# of its own, not an inline script, so the site's Content-Security-Policy allows it as it allows the site's own.
BASELINE_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>baseline: loadPyodide() on the main thread</title></head>
<body data-jm-state="loading"><script type="module" src="baseline.mjs"></script></body></html>
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
# On the calculator page, readiness is the contract's data-jm-state="ready"; the first calculation is sent the
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
  window.__bench.run("ratio", RATIO_INPUTS).then(() => { window.__bench.firstResultAt = performance.now(); });
};
new MutationObserver(() => {
  if (document.querySelector('[data-jm-calculator][data-jm-state="ready"]')) window.__bench.ready();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-jm-state"] });
""".replace("RATIO_INPUTS", json.dumps(RATIO_INPUTS))  # JavaScript's braces rule out str.format

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
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def text_page_long_tasks(playwright, profile: Path, url: str) -> tuple[int, float]:
    """Long tasks and total blocking time of a page without a calculator, up to its network going quiet: what
    the theme itself costs the main thread, to tell apart from what the runtime costs on the calculator page."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )
    try:
        context.add_init_script(INSTRUMENT_JS)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        tasks = page.evaluate("() => window.__bench.longTasks")
        return len(tasks), sum(max(0.0, duration - 50) for _, duration in tasks)
    finally:
        context.close()


def batch_csv_base64(units: int) -> str:
    rows = ["单位名称,单位类型,岗位总数,社会工作专业岗位数"]
    rows += [f"单位{n},以社会工作服务为主的社会组织,{10 + n % 90},{7 + n % 60}" for n in range(units)]
    return base64.b64encode(("\n".join(rows) + "\n").encode("utf-8")).decode("ascii")


def visit(playwright, profile: Path, url: str, link: Link) -> dict:
    """One visit in a browser on `profile` (a fresh folder: a cold visit; one used before: a warm one), its bytes
    counted on `link`. It lasts until the first answer, then until the site has kept what it keeps for the next
    visit and the link has gone quiet."""
    link.reset()
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )
    try:
        context.add_init_script(INSTRUMENT_JS)
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("() => window.__bench.firstResultAt !== null", timeout=TIMEOUT_MS)
        figures = page.evaluate("""() => {
          const b = window.__bench;
          const before = b.longTasks.filter(([start]) => start < b.readyAt);
          return { ready: b.readyAt, firstResult: b.firstResultAt, longTasks: before.length,
                   snapshotFromStorage: window.jmCalculators ? window.jmCalculators.snapshot === "stored" : false,
                   longest: Math.max(0, ...before.map(([, d]) => d)),
                   blocking: before.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0) };
        }""")
        figures["kBToFirstResult"] = link.bytes_sent / 1000
        # A reader stays on the page after the first answer: the site goes on to keep itself for the next
        # visit (its service worker installs; the worker stores a snapshot, downloaded or made here, unless
        # it started from a stored one). The baseline page keeps nothing beyond the browser's HTTP cache.
        if page.evaluate("() => 'jmCalculators' in window"):
            # The runtime is stored once the service worker controls the page and the calculator has run; a
            # warm visit measured before that would fetch the WebAssembly again.
            for kept in (
                "navigator.serviceWorker.controller !== null",
                "window.jmCalculators.snapshot === 'stored' || window.jmCalculators.snapshotKept",
                "caches.keys().then((names) => Promise.all(names.map((name) => caches.open(name)"
                ".then((cache) => cache.keys())))).then((lists) => lists.flat()"
                ".some((request) => request.url.endsWith('/pyodide.asm.wasm')))",
            ):
                try:
                    page.wait_for_function(f"() => {kept}", timeout=SETTLE_TIMEOUT_MS)
                except PlaywrightTimeout:
                    print(f"# note: {url} on {link.name}: not settled ({kept} still false)", file=sys.stderr)
        link.wait_until_quiet(QUIET_SECONDS, TIMEOUT_MS / 1000)
        figures["kBWholeVisit"] = link.bytes_sent / 1000
        figures["requests"] = link.requests
        figures["encodings"] = dict(link.bytes_by_encoding)
        figures["page"] = page
        figures["context"] = context
        return figures
    except Exception:
        context.close()
        raise


def text_page_kb(playwright, profile: Path, url: str, link: Link) -> float:
    """What a first visit to a page moves over `link` in its first TEXT_SECONDS, whatever asks for it."""
    link.reset()
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )
    try:
        started = time.monotonic()
        context.new_page().goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        time.sleep(max(0.0, TEXT_SECONDS - (time.monotonic() - started)))
        return link.bytes_sent / 1000
    finally:
        context.close()


def file_sizes(site_dir: Path) -> list[tuple[str, int | None, int | None, int | None]]:
    """(file, bytes as built, its .gz copy, its .br copy), None where the build writes no such copy; files the
    build does not write are left out. The snapshot ships gzipped whatever the server does: its 'file' is the
    unpacked size."""
    sizes = []
    manifest = json.loads((site_dir / "assets" / "calculators" / "manifest.json").read_text(encoding="utf-8"))
    for name in SIZED_FILES:
        path = site_dir / name
        if not path.is_file():
            continue
        if name.endswith("snapshot.bin.gz"):
            sizes.append((name, manifest.get("snapshot", {}).get("bytes"), path.stat().st_size, None))
            continue
        copies = [path.with_name(path.name + suffix) for suffix in (".gz", ".br")]
        sizes.append((name, path.stat().st_size, *(c.stat().st_size if c.is_file() else None for c in copies)))
    return sizes


def line(name: str, value: float, unit: str, digits: int = 0, note: str = "") -> None:
    print(f"{name:<52} {value:>10.{digits}f} {unit:<8} {note}".rstrip())


def target_note(value: float, target: float) -> str:
    return f"target ≤ {target:.2f} {'met' if value <= target else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs on the unthrottled link; the median is printed")
    parser.add_argument("--throttled-runs", type=int, default=1, help="runs on each throttled link")
    parser.add_argument(
        "--links",
        default=",".join(LINKS),
        help=f"comma-separated links, each 'unthrottled' or like '1.6mbit-150ms' (default {','.join(LINKS)})",
    )
    parser.add_argument(
        "--text-link",
        default="unthrottled",
        help="the link the text pages' first TEXT_SECONDS are measured on (unthrottled: an upper bound)",
    )
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="a site already built (for any address) to measure instead of building one; no build figures",
    )
    parser.add_argument(
        "--no-brotli",
        action="store_true",
        help="send gzip at best, as to a browser over plain HTTP (default: brotli, as over HTTPS)",
    )
    options = parser.parse_args()
    links = [Link.named(name) for name in options.links.split(",")]
    text_link = Link.named(options.text_link)
    if shutil.which(str(CHROMIUM)) is None:
        print(f"Chromium not found at {CHROMIUM}: `make bench` needs Debian's chromium", file=sys.stderr)
        return 1

    load_before = os.getloadavg()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="jmf-bench-"))
    server = Server(("127.0.0.1", 0), SiteHandler)
    site_url = f"http://127.0.0.1:{server.server_address[1]}/"
    site_dir = work / "site"
    # The link figures, the main-thread figures and the calculation figures are taken on this link.
    main_link = next((link.name for link in links if link.bytes_per_second is None), links[-1].name)
    try:
        if options.site_dir:
            shutil.copytree(options.site_dir, site_dir)
            shutil.rmtree(site_dir / BASELINE_PAGE, ignore_errors=True)
            cold_build = warm_build = None
        else:
            cold_build = build_site(site_dir, site_url, work / "handbook-cache")  # the handbook set anew
            warm_build = build_site(site_dir, site_url, work / "handbook-cache")  # the handbook unchanged
        (site_dir / BASELINE_PAGE).mkdir()
        (site_dir / BASELINE_PAGE / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
        (site_dir / BASELINE_PAGE / "baseline.mjs").write_text(BASELINE_MODULE, encoding="utf-8")
        serve(server, site_dir, brotli="never" if options.no_brotli else "accepted")
        threading.Thread(target=server.serve_forever, daemon=True).start()

        # results[link][side][kind] = one dict of figures per run
        results: dict[str, dict[str, dict[str, list[dict]]]] = {}
        latency: dict[str, list[float]] = {}
        batch: dict[str, float] = {}
        with sync_playwright() as playwright:
            for link in links:
                server.link = link
                runs = options.runs if link.bytes_per_second is None else options.throttled_runs
                for run in range(runs):
                    for side, page_path in (("ours", CALCULATOR_PAGE), ("baseline", BASELINE_PAGE)):
                        profile = work / f"profile-{link.name}-{side}-{run}"
                        for kind in ("cold", "warm"):
                            seen = visit(playwright, profile, site_url + page_path, link)
                            try:
                                results.setdefault(link.name, {}).setdefault(side, {}).setdefault(kind, []).append(
                                    {key: value for key, value in seen.items() if key not in ("page", "context")}
                                )
                                print(
                                    f"# {link.name} {side} {kind} run {run + 1}: ready {seen['ready']:.0f} ms, "
                                    f"{seen['kBWholeVisit']:.0f} kB",
                                    file=sys.stderr,
                                    flush=True,
                                )
                                if link.name == main_link and kind == "warm" and run == 0:
                                    latency[side] = seen["page"].evaluate(
                                        LATENCY_JS, ["ratio", RATIO_INPUTS, CALCULATIONS]
                                    )
                                    began = time.perf_counter()
                                    seen["page"].evaluate(
                                        "([data]) => window.__bench.run('ratio-batch', { data_base64: data })",
                                        [batch_csv_base64(BATCH_UNITS)],
                                    )
                                    batch[side] = (time.perf_counter() - began) * 1000
                            finally:
                                seen["context"].close()
                        shutil.rmtree(profile, ignore_errors=True)
            server.link = text_link
            text_kb = {
                name: text_page_kb(playwright, work / f"profile-text-{name}", site_url + path, text_link)
                for name, path in TEXT_PAGES.items()
            }
            server.link = None
            text_page = [
                text_page_long_tasks(playwright, work / f"profile-text-{run}", site_url + TEXT_PAGE)
                for run in range(options.runs)
            ]
    finally:
        server.shutdown()
        server.server_close()

    def median(link: str, side: str, kind: str, key: str) -> float:
        return statistics.median(run[key] for run in results[link][side][kind])

    chromium_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# make bench: {CALCULATOR_PAGE} (ours) against {BASELINE_PAGE} (loadPyodide() on the main thread)")
    print(
        f"# {chromium_version}; {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"load average {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        f"(above {os.cpu_count()}, timings are noisy); {(time.monotonic() - started) / 60:.1f} min"
    )
    print(
        f"# links (Mbit/s-RTT, one shared token bucket, the RTT before every response): {options.links}; "
        f"runs: {options.runs} unthrottled, {options.throttled_runs} throttled (median); "
        f"{'gzip only (plain HTTP)' if options.no_brotli else 'brotli when asked for (HTTPS; Chromium asks from localhost too)'}"
    )
    print("# kB = 1000 bytes counted at the server, headers included; ms from navigation start")
    if cold_build is not None:
        line("build.site_with_new_handbook", cold_build, "s", 1)
        line("build.site_with_unchanged_handbook", warm_build, "s", 1)
    for link in links:
        name = link.name
        for side in ("ours", "baseline"):
            for kind in ("cold", "warm"):
                line(f"{name}.{side}.{kind}.ready", median(name, side, kind, "ready"), "ms")
                line(f"{name}.{side}.{kind}.first_result", median(name, side, kind, "firstResult"), "ms")
                line(f"{name}.{side}.{kind}.kB_to_first_result", median(name, side, kind, "kBToFirstResult"), "kB")
                line(f"{name}.{side}.{kind}.kB_whole_visit", median(name, side, kind, "kBWholeVisit"), "kB")
                line(f"{name}.{side}.{kind}.requests_whole_visit", median(name, side, kind, "requests"), "requests")
        baseline_cold = median(name, "baseline", "cold", "ready")
        cold_ratio = median(name, "ours", "cold", "ready") / baseline_cold
        warm_ratio = median(name, "ours", "warm", "ready") / baseline_cold
        cold_target = min(COLD_TARGETS.get(name, COLD_CEILING), COLD_CEILING)
        line(f"{name}.ratio.cold_ready.ours_to_baseline", cold_ratio, "x", 2, target_note(cold_ratio, cold_target))
        line(f"{name}.ratio.warm_ready.ours_to_baseline_cold", warm_ratio, "x", 2, target_note(warm_ratio, WARM_TARGET))
        encodings = results[name]["ours"]["cold"][0]["encodings"]
        total = sum(encodings.values()) or 1
        print(
            f"# {name}: ours cold, bytes by Content-Encoding: "
            + ", ".join(f"{encoding} {count / total:.0%}" for encoding, count in sorted(encodings.items()))
        )
    for name, kb in text_kb.items():
        line(
            f"{text_link.name}.{name}_page.cold.kB_in_{TEXT_SECONDS}s",
            kb,
            "kB",
            0,
            f"target ≤ {TEXT_PAGE_TARGET_KB} kB {'met' if kb <= TEXT_PAGE_TARGET_KB else 'MISSED'}",
        )
    for side in ("ours", "baseline"):
        for kind in ("cold", "warm"):
            line(
                f"{main_link}.{side}.{kind}.long_tasks_before_ready",
                median(main_link, side, kind, "longTasks"),
                "tasks",
            )
            line(f"{main_link}.{side}.{kind}.longest_task_before_ready", median(main_link, side, kind, "longest"), "ms")
            line(f"{main_link}.{side}.{kind}.total_blocking_time", median(main_link, side, kind, "blocking"), "ms")
    line(
        "ours.warm.runs_from_the_kept_snapshot",
        sum(run["snapshotFromStorage"] for link in links for run in results[link.name]["ours"]["warm"]),
        "runs",
    )
    line("text_page.cold.long_tasks", statistics.median(count for count, _ in text_page), "tasks")
    line("text_page.cold.total_blocking_time", statistics.median(blocking for _, blocking in text_page), "ms")
    for side in ("ours", "baseline"):
        line(f"{side}.calculation.median", statistics.median(latency[side]), "ms", 2)
        line(f"{side}.calculation.p95", statistics.quantiles(latency[side], n=20)[-1], "ms", 2)
        line(f"{side}.batch_{BATCH_UNITS}_units", batch[side], "ms")
    for name, built, gzipped, compressed in file_sizes(site_dir):
        for kind, size in (("file", built), ("gzip", gzipped), ("brotli", compressed)):
            if size is not None:
                line(f"size.{name}.{kind}", size / 1000, "kB")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
