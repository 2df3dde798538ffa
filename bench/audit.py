"""`make audit`: Lighthouse's four scores (performance, accessibility, best practices, SEO) for the home page, the
policy page and a calculator page, with Debian's Chromium, fully offline.

The site in site/ is served the way deploy/nginx.conf serves it: the build's security headers, the gzipped
copies when the browser accepts gzip, revalidated pages. Prints one line a page and category, in a fixed order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from serving import DeployLikeHandler, Server, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent

SITE_DIR = PROJECT_DIR / "site"
LIGHTHOUSE = PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {"home": "", "policy": "policy/", "calculator": "tools/ratio/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def main() -> int:
    if not (SITE_DIR / "index.html").is_file():
        print("site/ is not built: run `make site` first (make audit does)", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: `make audit` installs it with npm ci", file=sys.stderr)
        return 1
    server = Server(("127.0.0.1", 8000), DeployLikeHandler)
    serve(server, SITE_DIR)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("# make audit: Lighthouse scores (0–100), Debian Chromium, site/ served as deploy/nginx.conf serves it")
    try:
        for name, path in PAGES.items():
            with tempfile.TemporaryDirectory() as work:
                report = Path(work) / "report.json"
                subprocess.run(
                    [str(LIGHTHOUSE), f"http://127.0.0.1:8000/{path}", "--quiet", "--output=json",
                     f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                     "--disable-background-networking --disable-component-update --disable-sync"],
                    check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=PROJECT_DIR,
                )
                categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
            for category in CATEGORIES:
                score = categories[category]["score"]
                shown = "n/a" if score is None else f"{round(score * 100):>3d}"
                print(f"{f'{name}.{category}':<30} {shown}")
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
