"""The service worker that makes the site work offline after a first visit: sitebuild/service_worker.js with
this build's version and file list filled in, written to the site's root as sw.js (its scope is the whole site,
whatever sub-path the site is served from).

`mkdocs serve` gets a worker that removes itself and its caches instead, so that a browser which once visited a
built site on the same address never shows a developer cached pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

TEMPLATE = Path(__file__).with_name("service_worker.js")
SERVICE_WORKER_PATH = Path("sw.js")
# Not what a reader needs offline: source maps, and the server's own files.
LEFT_OUT_SUFFIXES = {".map"}
LEFT_OUT_DIRS = {"_deploy"}

RETIRING_WORKER = """// Written by `mkdocs serve`: removes a service worker and the caches a built site left on this address.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("jmf-")).map((name) => caches.delete(name)));
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
  })());
});
"""


def offline_files(site_dir: Path) -> list[Path]:
    """Every file a reader may need offline, in a stable order."""
    return sorted(
        path for path in site_dir.rglob("*")
        if path.is_file()
        and path.suffix not in LEFT_OUT_SUFFIXES
        and not _is_gzipped_copy(path)
        and path.relative_to(site_dir).parts[0] not in LEFT_OUT_DIRS
        and path.relative_to(site_dir) != SERVICE_WORKER_PATH
    )


def _is_gzipped_copy(path: Path) -> bool:
    """x.gz beside x: the server's compressed copy of x (the snapshot, shipped as .gz only, is a file of its own)."""
    return path.suffix == ".gz" and path.with_suffix("").is_file()


def file_url(site_dir: Path, path: Path) -> str:
    """The URL relative to the site's root under which pages ask for the file: a page's folder, not its index.html."""
    relative = path.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return quote(relative)


def write_service_worker(site_dir: Path) -> Path:
    # Each file with a hash of its content: a new version copies the files whose hash is unchanged from the
    # version before instead of downloading them again (sitebuild/service_worker.js).
    files = {file_url(site_dir, path): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
             for path in offline_files(site_dir)}
    version = hashlib.sha256(json.dumps(files).encode("utf-8")).hexdigest()[:16]
    worker = (TEMPLATE.read_text(encoding="utf-8")
              .replace("__VERSION__", version)
              .replace("__FILES__", json.dumps(files, indent=1)))
    destination = site_dir / SERVICE_WORKER_PATH
    destination.write_text(worker, encoding="utf-8")
    return destination


def write_retiring_worker(site_dir: Path) -> Path:
    destination = site_dir / SERVICE_WORKER_PATH
    destination.write_text(RETIRING_WORKER, encoding="utf-8")
    return destination
