"""What a static server needs beside the built pages (deploy/nginx.conf uses both):

- the HTTP headers the site is served with: a Content-Security-Policy that allows only the site itself (plus
  WebAssembly compilation for the calculators' runtime), and the other security headers;
- a gzipped copy beside every compressible file, for nginx's gzip_static, and a brotli copy beside it, for
  brotli_static (the runtime's 8.6 MB of WebAssembly travel as 2.8 MB gzipped, 2.1 MB in brotli). Browsers ask
  for brotli over HTTPS (and from localhost) only; over plain HTTP they get the gzipped copy.

And the address the site is deployed at, as far as the build knows it (public_address): the one that may be
printed in a citation or on the handbook's cover.

Material's pages carry a few small inline scripts (its settings and colour-scheme set-up) whose text depends on
the theme's version and the page's depth, so the policy lists their SHA-256 hashes as this build produced them.
The build writes the headers as an nginx include (``_deploy/security-headers.conf`` in the site, which the server
never serves; deploy/nginx.conf includes it), and the tests serve the site with the same file.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import ipaddress
import os
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import brotli

HEADERS_PATH = Path("_deploy") / "security-headers.conf"
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".wasm", ".svg", ".txt", ".csv"}
SMALLEST_WORTH_COMPRESSING = 1024  # bytes; below this the headers cost more than gzip saves
# Brotli at its best level (its default window; the largest, 16 MiB, gains nothing on the runtime). That takes
# minutes on the runtime's files, so the brotli copies of files from SMALLEST_WORTH_KEEPING up are kept between
# builds, keyed by their content (hooks/deploy.py keeps them in build/brotli/); one unused for BROTLI_CACHE_DAYS
# is removed.
BROTLI_OPTIONS = {"quality": 11}
BROTLI_KEY = "q11"
SMALLEST_WORTH_KEEPING = 64 * 1024
BROTLI_CACHE_DAYS = 14
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
HEADER_LINE = re.compile(r'^add_header (?P<name>[\w-]+) "(?P<value>[^"]*)" always;$')


def public_address(site_url: str) -> str:
    """site_url if it is an address other people can reach, else "": the address of a build for this machine
    (127.0.0.1, localhost, 0.0.0.0, ::1, a file: URL, none at all) is never printed in a citation or on the
    handbook's cover, where a reader would copy it. `make serve` and the tests build for 127.0.0.1, and a build
    cannot tell which is deployed, so a local build prints no address rather than refusing to build."""
    parts = urlsplit(site_url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return ""
    if host == "localhost" or host.endswith(".localhost"):
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return site_url  # a name other than localhost
    return "" if address.is_loopback or address.is_unspecified else site_url


def inline_script_hashes(site_dir: Path) -> list[str]:
    hashes = set()
    for page in site_dir.rglob("*.html"):
        for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            hashes.add(base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"))
    return sorted(hashes)


def content_security_policy(site_dir: Path) -> str:
    scripts = " ".join(f"'sha256-{digest}'" for digest in inline_script_hashes(site_dir))
    directives = [
        "default-src 'self'",
        # 'wasm-unsafe-eval' lets the runtime compile WebAssembly; no other code is evaluated.
        f"script-src 'self' 'wasm-unsafe-eval' {scripts}".rstrip(),
        "worker-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "style-src 'self'",
        # Markdown tables align their cells with style attributes (style="text-align: right;").
        "style-src-attr 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(site_dir: Path) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(site_dir),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }


def write_headers_conf(site_dir: Path) -> Path:
    destination = site_dir / HEADERS_PATH
    destination.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by the build (sitebuild/deploy.py) for this build's pages; included by deploy/nginx.conf."]
    lines += [f'add_header {name} "{value}" always;' for name, value in security_headers(site_dir).items()]
    destination.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return destination


def read_headers_conf(path: Path) -> dict[str, str]:
    """The headers an include written by write_headers_conf sets (for a test server that mimics nginx)."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = HEADER_LINE.match(line)
        if match:
            headers[match["name"]] = match["value"]
    return headers


def _stored_zip(path: Path) -> bool:
    """A zip whose entries are all stored uncompressed (the calculators package, the trimmed standard library):
    compressed whole, it travels smaller than a zip of deflated entries. A deflated one (Pyodide's
    python_stdlib.zip) would not shrink again."""
    try:
        with zipfile.ZipFile(path) as archive:
            return all(entry.compress_type == zipfile.ZIP_STORED for entry in archive.infolist())
    except zipfile.BadZipFile:
        return False


def compressible_files(site_dir: Path) -> list[Path]:
    return [
        path
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
        and path.stat().st_size >= SMALLEST_WORTH_COMPRESSING
        and (path.suffix in COMPRESSIBLE or (path.suffix == ".zip" and _stored_zip(path)))
    ]


def write_gzipped_copies(site_dir: Path) -> list[Path]:
    """file.gz beside every compressible file of the site, at gzip's best level; mtime 0, so the same file always
    gives the same bytes."""
    written = []
    for path in compressible_files(site_dir):
        target = path.with_name(path.name + ".gz")
        target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        written.append(target)
    return written


def write_brotli_copies(site_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    """file.br beside every file that gets a .gz (the same files), at brotli's best level. With `cache_dir`,
    the copies of large files are kept there between builds and reused while their content is unchanged."""
    written = []
    for path in compressible_files(site_dir):
        target = path.with_name(path.name + ".br")
        target.write_bytes(brotli_compressed(path.read_bytes(), cache_dir))
        written.append(target)
    if cache_dir is not None and cache_dir.is_dir():
        unused_since = time.time() - BROTLI_CACHE_DAYS * 86400
        for kept in cache_dir.glob("*.br"):
            try:
                if kept.stat().st_mtime < unused_since:
                    kept.unlink()
            except FileNotFoundError:  # removed by a build running beside this one
                pass
    return written


def brotli_compressed(data: bytes, cache_dir: Path | None = None) -> bytes:
    if cache_dir is None or len(data) < SMALLEST_WORTH_KEEPING:
        return brotli.compress(data, **BROTLI_OPTIONS)
    kept = cache_dir / f"{hashlib.sha256(data).hexdigest()}-{BROTLI_KEY}.br"
    try:
        compressed = kept.read_bytes()
        os.utime(kept)  # used: not stale
        return compressed
    except FileNotFoundError:
        pass
    compressed = brotli.compress(data, **BROTLI_OPTIONS)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written whole under another name first: a build stopped half-way (or one running beside it) never reads
    # half a copy.
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
    partial.write_bytes(compressed)
    partial.replace(kept)
    return compressed
