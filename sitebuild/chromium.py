"""Debian's Chromium as the tests, `make bench` and `make audit` start it.

The flags keep it on a closed network: no QUIC, no background requests (component updates, sync, first-run
pages), so the only requests it makes are the site's, which the tests record and fail on if any goes elsewhere.
--no-sandbox because these machines run it as root; --disable-gpu because they have none.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
