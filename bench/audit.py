"""`make audit`: Lighthouse's four scores (performance, accessibility, best practices, SEO) for the home page, the
policy page and a calculator page, with Debian's Chromium, fully offline.

The site in site/ is served the way deploy/nginx.conf serves it: the build's security headers, the brotli or
gzipped copies as the browser accepts them, revalidated pages. Prints one line a page and category, in a fixed
order.

Lighthouse's performance score moves by several points between runs on a shared two-core machine, so
`--runs N` audits each page N times and prints the median with the lowest and highest score beside it, and the
median of the metrics behind the performance score (total blocking time, largest contentful paint …).
`--site-dir` and `--port` audit another build (one built for that port: `SITE_URL=http://127.0.0.1:PORT/`);
LIGHTHOUSE names another Lighthouse than node_modules' (`make audit` installs that one).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from sitebuild.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild.serving import Server, SiteHandler, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent

SITE_DIR = PROJECT_DIR / "site"
LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"))
PAGES = {"home": "", "policy": "policy/", "calculator": "tools/ratio/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The metrics Lighthouse weighs into the performance score, in milliseconds (CLS is unitless).
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def audit(url: str, keep_as: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            cwd=PROJECT_DIR,
        )
        if keep_as:
            keep_as.parent.mkdir(parents=True, exist_ok=True)
            report = report.replace(keep_as)
        return json.loads(report.read_text(encoding="utf-8"))


def _spread(values: list[float], shown) -> str:
    if len(values) == 1:
        return shown(values[0])
    return f"{shown(statistics.median(values))}  ({shown(min(values))}–{shown(max(values))})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="audits of each page (median and range printed)")
    parser.add_argument("--site-dir", type=Path, default=SITE_DIR)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--keep", type=Path, help="a folder to keep Lighthouse's JSON reports in")
    options = parser.parse_args()
    if not (options.site_dir / "index.html").is_file():
        print(f"{options.site_dir} is not built: run `make site` first (make audit does)", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: `make audit` installs it with npm ci", file=sys.stderr)
        return 1
    server = Server(("127.0.0.1", options.port), SiteHandler)
    serve(server, options.site_dir)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    runs = f", median of {options.runs} runs (lowest–highest)" if options.runs > 1 else ""
    print(f"# make audit: Lighthouse scores (0–100), Debian Chromium, site served as deploy/nginx.conf serves it{runs}")
    try:
        for name in options.pages.split(","):
            url = f"http://127.0.0.1:{options.port}/{PAGES[name]}"
            reports = [
                audit(url, options.keep and options.keep / f"{name}-{run + 1}.json") for run in range(options.runs)
            ]
            for category in CATEGORIES:
                scores = [report["categories"][category]["score"] for report in reports]
                shown = (
                    "n/a"
                    if None in scores
                    else _spread([round(score * 100) for score in scores], lambda value: f"{value:>3g}")
                )
                print(f"{f'{name}.{category}':<30} {shown}")
            if options.runs > 1:
                for metric in METRICS:
                    values = [report["audits"][metric]["numericValue"] for report in reports]
                    unit = (lambda v: f"{v:.3f}") if metric == "cumulative-layout-shift" else (lambda v: f"{v:.0f} ms")
                    print(f"  {f'{name}.{metric}':<40} {_spread(values, unit)}")
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
