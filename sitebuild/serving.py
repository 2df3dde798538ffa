"""The one local server of the built site, for the tests, the benchmark and the audit.

As deployed (the default), it serves the site the way deploy/nginx.conf does: the build's security headers,
.mjs and .wasm MIME types, the .br copy when the browser accepts brotli (nginx's brotli_static) or else the .gz
copy when it accepts gzip (gzip_static), revalidation answered with 304, hashed assets cached for a year and
everything else revalidated, and a missing address answered with the site's 404 page.

Plain (as_deployed=False), it serves the files as they are, which most browser tests are written against (what
they count and wait for is the files as built); each of the deployed behaviours the tests need can be asked for
on its own: the security headers (tests/test_security_headers.py), the 404 page (tests/test_site_chrome.py).
It can record every request it answers (tests/test_offline.py). It never logs: the tests record requests in
the browser or with a Recording, the benchmark counts them on its Link.

With a Link, it also emulates a reader's network: every response, whoever asked for it (the page, its Web
Worker, the service worker), goes through ONE token bucket of the link's bandwidth, after the link's round-trip
time. Chromium's own throttling is set per target and does not reliably cover workers; this covers everything,
and counts the bytes that went over the link (headers included).
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.deploy import HEADERS_PATH, read_headers_conf

TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm"}
CHUNK_BYTES = 16 * 1024  # a response is written in chunks of this size, each waiting for its tokens
LINK_NAME = re.compile(r"^(?P<mbit>\d+(?:\.\d+)?)mbit-(?P<rtt>\d+)ms$")


class Link:
    """An emulated network link: a bandwidth shared by every response (one token bucket, refilled at
    bits_per_second / 8 bytes a second, holding at most one chunk, so nothing bursts past the rate) and a
    round-trip time that every request waits before its response starts. bits_per_second None: unthrottled
    (bytes are still counted).

    A chunk takes its tokens even when the bucket holds too few, leaving it in debt, and then waits until the
    debt would have been paid: chunks of concurrent responses queue in turn, so they share the rate."""

    def __init__(self, name: str, bits_per_second: float | None, rtt_seconds: float):
        self.name = name
        self.bytes_per_second = None if bits_per_second is None else bits_per_second / 8
        self.rtt_seconds = rtt_seconds
        self._lock = threading.Lock()
        self.generation = 0
        self.reset()

    @classmethod
    def named(cls, name: str) -> Link:
        """ "unthrottled", or "<Mbit/s>mbit-<RTT ms>ms" such as "1.6mbit-150ms"."""
        if name == "unthrottled":
            return cls(name, None, 0.0)
        match = LINK_NAME.match(name)
        if not match:
            raise ValueError(f"a link is 'unthrottled' or like '1.6mbit-150ms', not {name!r}")
        return cls(name, float(match["mbit"]) * 1e6, int(match["rtt"]) / 1000)

    def reset(self) -> None:
        """A new visit: a full bucket, zero counts. Responses still being sent for an earlier visit stop."""
        with self._lock:
            self.generation += 1
            self._tokens = float(CHUNK_BYTES)
            self._updated = time.monotonic()
            self.bytes_sent = 0
            self.requests = 0
            self.bytes_by_encoding: dict[str, int] = {}
            self.last_sent_at = time.monotonic()

    def take(self, count: int, generation: int) -> None:
        """Wait until `count` bytes may go over the link."""
        if generation != self.generation:
            raise ConnectionAbortedError("the visit this response belongs to is over")
        if self.bytes_per_second is None:
            return
        with self._lock:
            now = time.monotonic()
            self._tokens = min(float(CHUNK_BYTES), self._tokens + (now - self._updated) * self.bytes_per_second)
            self._updated = now
            self._tokens -= count
            wait = -self._tokens / self.bytes_per_second if self._tokens < 0 else 0.0
        if wait:
            time.sleep(wait)

    def sent(self, count: int, encoding: str, generation: int) -> None:
        with self._lock:
            if generation == self.generation:
                self.bytes_sent += count
                self.bytes_by_encoding[encoding] = self.bytes_by_encoding.get(encoding, 0) + count
                self.last_sent_at = time.monotonic()

    def started(self, generation: int) -> None:
        with self._lock:
            if generation == self.generation:
                self.requests += 1

    def wait_until_quiet(self, quiet_seconds: float, timeout_seconds: float) -> bool:
        """Wait until nothing has gone over the link for `quiet_seconds`; False if that took too long."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if time.monotonic() - self.last_sent_at >= quiet_seconds:
                return True
            time.sleep(0.1)
        return False


class _LinkWriter:
    """The connection's output as the handler sees it: every write goes over the link, chunk by chunk."""

    def __init__(self, raw, link: Link, handler: SiteHandler):
        self._raw, self._link, self._handler = raw, link, handler
        self._generation = link.generation

    def write(self, data) -> int:
        view = memoryview(data)
        for start in range(0, len(view), CHUNK_BYTES):
            chunk = view[start : start + CHUNK_BYTES]
            self._link.take(len(chunk), self._generation)
            self._link.sent(len(chunk), self._handler.encoding_sent, self._generation)
            self._raw.write(chunk)
        return len(view)

    def __getattr__(self, name):  # flush, close, closed
        return getattr(self._raw, name)


@dataclass
class Recording:
    """Every request the server answered, in order: its path, and its path with the status."""

    requested: list[str] = field(default_factory=list)
    answered: list[tuple[str, int]] = field(default_factory=list)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    # Set per server by serve():
    as_deployed = True  # the compressed copies, 304s and cache headers of deploy/nginx.conf
    headers_to_send: dict[str, str] = {}  # the build's security headers, or none
    not_found_page = True  # a missing address gets the site's 404.html with its 404, as nginx's error_page
    recording: Recording | None = None
    # "accepted": the .br copy to a browser that accepts br, as nginx's brotli_static does; "never": gzip at
    # best, what a browser gets over plain HTTP from a public address (browsers ask for br over HTTPS only).
    brotli = "accepted"
    encoding_sent = "identity"

    def setup(self):
        super().setup()
        self.link: Link | None = getattr(self.server, "link", None)
        if self.link is not None:
            self.wfile = _LinkWriter(self.wfile, self.link, self)

    def send_head(self):
        if self.link is not None:
            generation = self.link.generation
            self.link.started(generation)
            time.sleep(self.link.rtt_seconds)
        if not self.as_deployed:
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        copy = self._compressed_copy(path)
        if copy is None:
            return super().send_head()
        encoding, compressed = copy
        modified = int(path.stat().st_mtime)
        if self._not_modified_since(modified):
            self.send_response(304)
            self.end_headers()
            return None
        self.encoding_sent = encoding
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(compressed.stat().st_size))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.end_headers()
        return compressed.open("rb")

    def _compressed_copy(self, path: Path) -> tuple[str, Path] | None:
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding == "br" and self.brotli == "never":
                continue
            candidate = path.with_name(path.name + suffix)
            if encoding in accepted and candidate.is_file():
                return encoding, candidate
        return None

    def _not_modified_since(self, modified: int) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            return email.utils.parsedate_to_datetime(since).timestamp() >= modified
        except (TypeError, ValueError):
            return False

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not self.not_found_page or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self):
        if self.as_deployed:
            path = urlsplit(self.path).path
            hashed = path.startswith("/assets/") and ".min." in path
            self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
            self.send_header("Vary", "Accept-Encoding")
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_request(self, code="-", size="-"):
        if self.recording is not None:
            self.recording.requested.append(self.path)
            self.recording.answered.append((self.path, int(code)))

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    """Made as Server(("127.0.0.1", port), SiteHandler): bound at once, so a site can be built for its address
    before serve() points it at the site."""

    link: Link | None = None  # set to throttle and count every response

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request, client_address):
        # A browser closed mid-download resets its connection, and a visit that is over stops its responses:
        # neither is a fault of the server.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            super().handle_error(request, client_address)

    def start(self) -> None:
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def serve(
    server: Server,
    site_dir: Path,
    *,
    as_deployed: bool = True,
    brotli: str = "accepted",
    security_headers: bool | None = None,
    not_found_page: bool | None = None,
    recording: Recording | None = None,
) -> None:
    """Point `server` at the built site in site_dir. The security headers and the 404 page come with
    as_deployed unless asked for (or left out) on their own."""
    with_headers = as_deployed if security_headers is None else security_headers
    handler = type(
        "Handler",
        (SiteHandler,),
        {
            "as_deployed": as_deployed,
            "brotli": brotli,
            "headers_to_send": read_headers_conf(site_dir / HEADERS_PATH) if with_headers else {},
            "not_found_page": as_deployed if not_found_page is None else not_found_page,
            "recording": recording,
        },
    )
    server.RequestHandlerClass = functools.partial(handler, directory=str(site_dir))


@contextmanager
def serving(site_dir: Path, **options) -> Iterator[Server]:
    """The site in site_dir served on a free port of 127.0.0.1 for the `with` block; options as serve()'s."""
    server = Server(("127.0.0.1", 0), SiteHandler)
    serve(server, site_dir, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
