"""One kept output of a slow build step (the PDF handbook, the Pyodide snapshot), keyed by what went into it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def cached_output(cache_dir: Path, key: str, suffix: str, make: Callable[[Path], object]) -> Path:
    """The file `make(path)` writes for `key`, made only when cache_dir does not hold it yet; older outputs
    with the same suffix are removed, so only the latest is kept. `make` writes to a temporary path that becomes
    the cached file only once complete: a build stopped half-way leaves nothing broken behind to be reused."""
    cached = cache_dir / f"{key}{suffix}"
    if not cached.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"*{suffix}"):
            stale.unlink()
        partial = cache_dir / f"{key}.partial"
        make(partial)
        partial.replace(cached)
    return cached
