"""`make audit`: Lighthouse's four scores (performance, accessibility, best practices, SEO) for the home page, the
policy page and a calculator page, with Debian's Chromium, fully offline.

The site in site/ is served the way deploy/nginx.conf serves it: the build's security headers, the gzipped
copies when the browser accepts gzip, revalidated pages. Prints one line a page and category, in a fixed order.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from sitebuild.deploy import HEADERS_PATH, read_headers_conf  # noqa: E402

SITE_DIR = PROJECT_DIR / "site"
LIGHTHOUSE = PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {"home": "", "policy": "policy/", "calculator": "tools/ratio/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm"}


class _DeployLikeHandler(http.server.SimpleHTTPRequestHandler):
    """What deploy/nginx.conf does, for a local audit: headers, MIME types, gzip_static, caching."""

    headers_to_send: dict[str, str] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzipped = path.with_name(path.name + ".gz")
        self._gzip = "gzip" in self.headers.get("Accept-Encoding", "") and gzipped.is_file()
        if not self._gzip:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(gzipped.stat().st_size))
        self.end_headers()
        return gzipped.open("rb")

    def end_headers(self):
        path = urlsplit(self.path).path
        hashed = path.startswith("/assets/") and ".min." in path
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


def main() -> int:
    if not (SITE_DIR / "index.html").is_file():
        print("site/ is not built: run `make site` first (make audit does)", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: `make audit` installs it with npm ci", file=sys.stderr)
        return 1
    handler = type("Handler", (_DeployLikeHandler,), {"headers_to_send": read_headers_conf(SITE_DIR / HEADERS_PATH)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8000), functools.partial(handler, directory=str(SITE_DIR)))
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
