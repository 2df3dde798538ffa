"""MkDocs hook: after each build, put the Pyodide runtime, the calculators package, the standard library trimmed
to what they import, the memory snapshot the worker starts from on a fast link and the batch page's workbook
support into the site, the QR code generator the print records import, and the batch ratio check's templates
(.xlsx and CSV).

The runtime comes from the pinned npm package (node_modules/pyodide) and is served by the site itself; the
package is zipped from calculators/ as it is now, and the library trimmed by running it
(sitebuild/trim_stdlib.mjs). A missing runtime stops the build: the site never falls back to a CDN.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild.browser_bundle import (
    MissingRuntime,
    SnapshotFailed,
    StdlibFailed,
    WheelsUnavailable,
    copy_vendor_modules,
    write_browser_bundle,
)
from sitebuild.calculator_forms import TEMPLATE_PATH, WORKBOOK_TEMPLATE_PATH, template_csv, template_workbook


def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    try:
        write_browser_bundle(site_dir)
        copy_vendor_modules(site_dir)
    except (MissingRuntime, SnapshotFailed, StdlibFailed, WheelsUnavailable) as problem:
        raise PluginError(str(problem)) from None
    # With a byte-order mark, so Excel in China opens the UTF-8 template with the right characters.
    (site_dir / TEMPLATE_PATH).write_text(template_csv(), encoding="utf-8-sig", newline="")
    (site_dir / WORKBOOK_TEMPLATE_PATH).write_bytes(template_workbook())
