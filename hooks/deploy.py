"""MkDocs hook: after each build, what a static server needs beside the pages (sitebuild/deploy.py): the security
headers for this build's pages as an nginx include, site/_deploy/security-headers.conf, and a .gz beside every
compressible file. deploy/nginx.conf serves the site with both."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitebuild.deploy import write_gzipped_copies, write_headers_conf


# Last of all the post-build steps: it compresses what the others wrote (the runtime, the handbook …).
@event_priority(-100)
def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    write_headers_conf(site_dir)
    write_gzipped_copies(site_dir)
