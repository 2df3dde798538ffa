"""One kept output of a slow build step (the PDF handbook, the Pyodide snapshot), keyed by what went into it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path


def cached_output(cache_dir: Path, key: str, suffix: str, make: Callable[[Path], object]) -> Path:
    """The file (or folder) `make(path)` writes for `key`, made only when cache_dir does not hold it yet; older
    outputs with the same suffix are removed, so only the latest is kept. `make` writes to a temporary path that
    becomes the cached output only once complete: a build stopped half-way leaves nothing broken behind to be
    reused."""
    cached = cache_dir / f"{key}{suffix}"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in [*cache_dir.glob(f"*{suffix}"), *cache_dir.glob("*.partial")]:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        partial = cache_dir / f"{key}.partial"
        make(partial)
        partial.replace(cached)
    return cached
