"""MkDocs hook: every page's <head> lists the ES modules its scripts import (overrides/main.html renders them as
<link rel="modulepreload">), so the browser requests them all at once instead of one import level at a time.

The list is followed from the module entries of mkdocs.yml's extra_javascript by sitebuild/module_graph.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild.module_graph import imported_modules


def on_config(config):
    entries = [str(script.path) for script in config.extra_javascript if getattr(script, "type", "") == "module"]
    try:
        config.extra["module_preloads"] = imported_modules(Path(config.docs_dir), entries)
    except FileNotFoundError as problem:
        raise PluginError(str(problem)) from None
    return config
