"""What the browser needs to run the calculators, put into the built site: the pinned Pyodide runtime from
node_modules (only the files it loads), the calculators package zipped from its source, and a memory snapshot
of Python with that package imported, which the worker starts from instead of starting Python anew."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from sitebuild.build_cache import cached_output

PROJECT_DIR = Path(__file__).resolve().parent.parent
CALCULATORS_DIR = PROJECT_DIR / "calculators"
PYODIDE_DIR = PROJECT_DIR / "node_modules" / "pyodide"
# The files Pyodide loads to start Python; the rest of the npm package (consoles, type definitions, source
# maps, the classic-script loader) is not served.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Of those, the ones Pyodide fetches with fetch() while starting (the others are imported as modules): the worker
# counts their bytes as they arrive and shows them against this total.
PYODIDE_FETCHED = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PACKAGE_SUFFIXES = {".py", ".toml"}
RUNTIME_DIR = Path("assets") / "pyodide"
PACKAGE_PATH = Path("assets") / "calculators" / "calculators.zip"
MANIFEST_PATH = Path("assets") / "calculators" / "manifest.json"
# Shipped gzipped (31 MB of mostly empty memory → about 6 MB) whatever the server does; the worker unpacks it with
# the browser's own DecompressionStream.
SNAPSHOT_PATH = Path("assets") / "calculators" / "snapshot.bin.gz"
SNAPSHOT_SCRIPT = Path(__file__).with_name("make_snapshot.mjs")
# Making a snapshot starts Python under Node (several seconds), so the last one is kept, keyed by its inputs.
SNAPSHOT_CACHE_DIR = PROJECT_DIR / "build" / "snapshot"
# Zip entries get a fixed timestamp so the same source always gives the same bytes (and the same hash).
FIXED_ZIP_TIME = (2022, 1, 1, 0, 0, 0)


class MissingRuntime(RuntimeError):
    pass


class SnapshotFailed(RuntimeError):
    pass


def package_files() -> list[Path]:
    return sorted(p for p in CALCULATORS_DIR.rglob("*") if p.suffix in PACKAGE_SUFFIXES and "__pycache__" not in p.parts)


def build_calculators_zip(destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in package_files():
            name = (Path("calculators") / path.relative_to(CALCULATORS_DIR)).as_posix()
            archive.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), path.read_bytes(), zipfile.ZIP_DEFLATED)
    return destination


def pyodide_version() -> str:
    return json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]


def copy_pyodide_runtime(site_dir: Path) -> list[Path]:
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise MissingRuntime(f"node_modules/pyodide lacks {', '.join(missing)}: run `npm ci` (make does it).")
    target = site_dir / RUNTIME_DIR
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(PYODIDE_DIR / name, target / name)) for name in PYODIDE_FILES]


def build_snapshot(package: Path, destination: Path, cache_dir: Path = SNAPSHOT_CACHE_DIR) -> bytes:
    """The memory snapshot for this runtime and package (sitebuild/make_snapshot.mjs), made under Node; written
    gzipped to `destination`, and those gzipped bytes returned."""
    digest = hashlib.sha256()
    for part in (PYODIDE_DIR / "pyodide.asm.wasm", PYODIDE_DIR / "package.json", SNAPSHOT_SCRIPT, package):
        digest.update(hashlib.sha256(part.read_bytes()).digest())

    def make(partial: Path) -> None:
        raw = partial.with_suffix(".raw")
        made = subprocess.run(["node", str(SNAPSHOT_SCRIPT), str(package), str(raw)],
                              cwd=PROJECT_DIR, capture_output=True, text=True)
        if made.returncode != 0:
            raise SnapshotFailed(f"making the Pyodide memory snapshot failed:\n{made.stderr[-2000:]}")
        # mtime=0: the same snapshot always gives the same file.
        partial.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0))
        raw.unlink()

    gzipped = cached_output(cache_dir, digest.hexdigest(), ".bin.gz", make).read_bytes()
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(gzipped)
    return gzipped


def write_browser_bundle(site_dir: Path) -> dict:
    """Copy the runtime, zip the package, make the snapshot and write the manifest the worker checks; returns
    the manifest. The worker refuses a snapshot whose runtime version or package differs from what it loads."""
    copy_pyodide_runtime(site_dir)
    package = build_calculators_zip(site_dir / PACKAGE_PATH)
    package_sha256 = hashlib.sha256(package.read_bytes()).hexdigest()
    gzipped = build_snapshot(package, site_dir / SNAPSHOT_PATH)
    snapshot = gzip.decompress(gzipped)
    manifest = {
        "pyodide": pyodide_version(),
        "package": PACKAGE_PATH.name,
        "package_sha256": package_sha256,
        "files": [p.relative_to(CALCULATORS_DIR).as_posix() for p in package_files()],
        # Unpacked sizes: a browser counts a response's bytes after any Content-Encoding is undone.
        "download_bytes": {
            "runtime": sum((PYODIDE_DIR / name).stat().st_size for name in PYODIDE_FETCHED),
            "package": package.stat().st_size,
        },
        "snapshot": {
            "file": SNAPSHOT_PATH.name,  # gzipped
            # The worker checks the file as shipped (the cheaper hash) and its unpacked size; the hash of the
            # unpacked snapshot names the copy a browser keeps for its next visit.
            "gzip_sha256": hashlib.sha256(gzipped).hexdigest(),
            "gzip_bytes": len(gzipped),
            "sha256": hashlib.sha256(snapshot).hexdigest(),
            "bytes": len(snapshot),
            "pyodide": pyodide_version(),
            "package_sha256": package_sha256,
        },
    }
    (site_dir / MANIFEST_PATH).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
