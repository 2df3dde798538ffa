"""The service worker that makes the site work offline: sitebuild/service_worker.js with this build's version and
file list filled in, written to the site's root as sw.js (its scope is the whole site, whatever sub-path the site
is served from).

Each file is listed with a hash of its content, its size, what it costs to download and the part of the site it
belongs to, which says when a browser keeps it (service_worker.js):

- PAGES, on the first visit, whatever page it is: every page, the theme's style and scripts, the search index
  and the search languages it names, the question bank. About 0.4 MB to download, all of it, the page being read
  included; the 19 pages are 0.19 MB of it, so keeping them all costs less than lazy loading would save.
- CALCULATORS, once a calculator has run in this browser: the runtime (assets/pyodide/, assets/calculators/),
  about 3 MB to download (the memory snapshot and Pyodide's whole standard library and lock file are left out:
  LEFT_OUT_FILES).
- HANDBOOK, once it has been opened: the PDF handbook, about 1.5 MB.

All three at the reader's word: 离线使用 on the about and training pages (site.js).

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
# Not kept either: Pyodide's whole standard library and its lock file (the worker loads the trimmed library and
# takes the lock from the manifest; only make bench's plain baseline asks for these), and the build's memory
# snapshot. The snapshot is downloaded only on a fast link
# and then kept by the worker itself (origin private file system); offline, or on a slow link, Python starts
# without it and the worker makes one on the device for the next start. Kept here, it would cost every
# 离线使用 4 MB for what the device makes for nothing.
LEFT_OUT_FILES = {
    "assets/pyodide/python_stdlib.zip",
    "assets/pyodide/pyodide-lock.json",
    "assets/calculators/snapshot.bin.gz",
}
# x.gz (or x.br, x.zst) beside x is the server's compressed copy of x, not a file of its own.
COMPRESSED_COPY_SUFFIXES = {".gz", ".br", ".zst"}

PAGES = "pages"
CALCULATORS = "calculators"
HANDBOOK = "handbook"
CALCULATOR_DIRS = ("assets/pyodide/", "assets/calculators/")
SEARCH_INDEX = Path("search") / "search_index.json"
SEARCH_LANGUAGES_DIR = "assets/javascripts/lunr/"

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
    """Every file a reader may need offline, in a stable order: not the search languages the site's search
    never loads (Material ships 30; a Chinese site uses two)."""
    search_languages = search_language_files(site_dir)
    return sorted(
        path
        for path in site_dir.rglob("*")
        if path.is_file()
        and path.suffix not in LEFT_OUT_SUFFIXES
        and not _is_compressed_copy(path)
        and path.relative_to(site_dir).parts[0] not in LEFT_OUT_DIRS
        and path.relative_to(site_dir) != SERVICE_WORKER_PATH
        and path.relative_to(site_dir).as_posix() not in LEFT_OUT_FILES
        and (
            not path.relative_to(site_dir).as_posix().startswith(SEARCH_LANGUAGES_DIR)
            or path.relative_to(site_dir).as_posix() in search_languages
        )
    )


def _is_compressed_copy(path: Path) -> bool:
    """x.gz beside x (the snapshot, shipped as .gz only, is a file of its own)."""
    return path.suffix in COMPRESSED_COPY_SUFFIXES and path.with_suffix("").is_file()


def search_language_files(site_dir: Path) -> set[str]:
    """The files Material's search worker loads for the languages the search index names (its rule, from
    src/templates/assets/javascripts/integrations/search/worker: tinyseg for ja, wordcut for hi and th, a
    stemmer for every language but en, multi for more than one, stemmer.support for any)."""
    index = site_dir / SEARCH_INDEX
    if not index.is_file():
        return set()
    languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    files = set()
    for language in languages:
        if language == "ja":
            files.add("tinyseg.js")
        if language in ("hi", "th"):
            files.add("wordcut.js")
        if language != "en":
            files.add(f"min/lunr.{language}.min.js")
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    if files:
        files.add("min/lunr.stemmer.support.min.js")
    return {SEARCH_LANGUAGES_DIR + name for name in files}


def part_of(relative: str) -> str:
    if relative.startswith(CALCULATOR_DIRS):
        return CALCULATORS
    if relative.endswith(".pdf"):
        return HANDBOOK
    return PAGES


def download_bytes(path: Path) -> int:
    """What the file costs to download: its smallest compressed copy beside it, as the server sends it (the
    build writes the .gz copies before the worker, hooks/deploy.py), or the file itself."""
    copies = [path.with_name(path.name + suffix) for suffix in sorted(COMPRESSED_COPY_SUFFIXES)]
    return min([path.stat().st_size] + [copy.stat().st_size for copy in copies if copy.is_file()])


def file_url(site_dir: Path, path: Path) -> str:
    """The URL relative to the site's root under which pages ask for the file: a page's folder, not its index.html."""
    relative = path.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return quote(relative)


def offline_file_list(site_dir: Path) -> dict[str, list]:
    """URL → [hash of the content, size in bytes, bytes to download, part]. The hash lets a new version copy an
    unchanged file from the version before instead of downloading it again, and lets the worker refuse a file of
    another version; the sizes are what 离线使用 tells the reader."""
    return {
        file_url(site_dir, path): [
            hashlib.sha256(path.read_bytes()).hexdigest()[:16],
            path.stat().st_size,
            download_bytes(path),
            part_of(path.relative_to(site_dir).as_posix()),
        ]
        for path in offline_files(site_dir)
    }


def write_service_worker(site_dir: Path) -> Path:
    files = offline_file_list(site_dir)
    version = hashlib.sha256(json.dumps(files).encode("utf-8")).hexdigest()[:16]
    worker = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("__VERSION__", version)
        .replace("__FILES__", _one_file_a_line(files))
    )
    destination = site_dir / SERVICE_WORKER_PATH
    destination.write_text(worker, encoding="utf-8")
    return destination


def _one_file_a_line(files: dict[str, list]) -> str:
    lines = (f"{json.dumps(url)}: {json.dumps(entry, ensure_ascii=False)}" for url, entry in files.items())
    return "{\n" + ",\n".join(lines) + "\n}"


def write_retiring_worker(site_dir: Path) -> Path:
    destination = site_dir / SERVICE_WORKER_PATH
    destination.write_text(RETIRING_WORKER, encoding="utf-8")
    return destination
