"""A local server that serves the built site the way deploy/nginx.conf does, for the benchmark and the audit:
the build's security headers, .mjs and .wasm MIME types, the .gz copy when the browser accepts gzip (nginx's
gzip_static), hashed assets cached for a year and everything else revalidated."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from sitebuild.deploy import HEADERS_PATH, read_headers_conf  # noqa: E402

TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm"}


class DeployLikeHandler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzipped = path.with_name(path.name + ".gz")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not gzipped.is_file():
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


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser closed mid-download resets its connection; that is not a fault of the server.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(server: Server, site_dir: Path) -> None:
    """Point `server` (bound before the build, so the site is built for its address) at the built site."""
    handler = type("Handler", (DeployLikeHandler,), {"headers_to_send": read_headers_conf(site_dir / HEADERS_PATH)})
    server.RequestHandlerClass = functools.partial(handler, directory=str(site_dir))
