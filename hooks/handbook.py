"""MkDocs hook: after each build, set the printable handbook (site/handbook.pdf) from the pages just built.

The site links to the handbook from its home page and its text pages, so every build that makes a site makes
the handbook too; an unchanged handbook is copied from the last one made (sitebuild/handbook.py).
"""

from __future__ import annotations

import datetime
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild.handbook import HandbookError, write_handbook


def on_post_build(config) -> None:
    try:
        version = metadata.version("jmf-2022-59")  # the cover gives the build date beside it
        write_handbook(Path(config.site_dir), config.site_url or "", version, datetime.date.today())
    except HandbookError as problem:
        raise PluginError(str(problem)) from None
