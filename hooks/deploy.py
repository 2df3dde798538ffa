"""MkDocs hook: after each build, what the site needs beside its pages to be served and to work offline:

- the security headers for this build's pages as an nginx include, site/_deploy/security-headers.conf, and a
  .gz and a .br beside every compressible file (sitebuild/deploy.py), which deploy/nginx.conf serves; the .br
  copies of large files are kept in build/brotli/ between builds (brotli's best level takes minutes on the
  runtime), and `mkdocs serve`, which serves neither, gets no .br;
- then sw.js, the service worker that keeps the site for offline use (sitebuild/service_worker.py), and its .gz
  and .br: after the other compressed copies, because it lists what each file costs to download; under
  `mkdocs serve` a worker that removes itself instead, so development never shows cached pages.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from mkdocs.plugins import event_priority

from sitebuild.deploy import brotli_compressed, write_brotli_copies, write_gzipped_copies, write_headers_conf
from sitebuild.service_worker import write_retiring_worker, write_service_worker

BROTLI_CACHE_DIR = Path(__file__).resolve().parent.parent / "build" / "brotli"

_command = {"name": "build"}


def on_startup(command, dirty) -> None:
    _command["name"] = command


# Last of all the post-build steps: it lists and compresses what the others wrote (runtime, handbook …).
@event_priority(-100)
def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    write_headers_conf(site_dir)
    write_gzipped_copies(site_dir)
    if _command["name"] == "serve":
        write_retiring_worker(site_dir)
    else:
        write_brotli_copies(site_dir, BROTLI_CACHE_DIR)
        worker = write_service_worker(site_dir)
        worker.with_name(worker.name + ".gz").write_bytes(gzip.compress(worker.read_bytes(), compresslevel=9, mtime=0))
        worker.with_name(worker.name + ".br").write_bytes(brotli_compressed(worker.read_bytes()))
