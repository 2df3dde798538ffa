"""MkDocs hook: after each build, what the site needs beside its pages to be served and to work offline:

- sw.js, the service worker that keeps the whole site for offline use (sitebuild/service_worker.py); under
  `mkdocs serve` a worker that removes itself instead, so development never shows cached pages;
- the security headers for this build's pages as an nginx include, site/_deploy/security-headers.conf, and a
  .gz beside every compressible file (sitebuild/deploy.py), which deploy/nginx.conf serves.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitebuild.deploy import write_gzipped_copies, write_headers_conf
from sitebuild.service_worker import write_retiring_worker, write_service_worker

_command = {"name": "build"}


def on_startup(command, dirty) -> None:
    _command["name"] = command


# Last of all the post-build steps: it lists and compresses what the others wrote (runtime, handbook …).
@event_priority(-100)
def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    if _command["name"] == "serve":
        write_retiring_worker(site_dir)
    else:
        write_service_worker(site_dir)
    write_headers_conf(site_dir)
    write_gzipped_copies(site_dir)
