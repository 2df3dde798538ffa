"""MkDocs hook: after each build, put the Pyodide runtime and the calculators package into the site.

The runtime comes from the pinned npm package (node_modules/pyodide) and is served by the site itself; the
package is zipped from calculators/ as it is now. A missing runtime stops the build: the site never falls back
to a CDN.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild.browser_bundle import MissingRuntime, write_browser_bundle


def on_post_build(config) -> None:
    try:
        write_browser_bundle(Path(config.site_dir))
    except MissingRuntime as problem:
        raise PluginError(str(problem)) from None
