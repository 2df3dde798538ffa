"""What the browser needs to run the calculators, put into the built site: the pinned Pyodide runtime from
node_modules (only the files it loads) and the calculators package zipped from its source."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CALCULATORS_DIR = PROJECT_DIR / "calculators"
PYODIDE_DIR = PROJECT_DIR / "node_modules" / "pyodide"
# The files Pyodide loads to start Python; the rest of the npm package (consoles, type definitions, source
# maps, the classic-script loader) is not served.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PACKAGE_SUFFIXES = {".py", ".toml"}
RUNTIME_DIR = Path("assets") / "pyodide"
PACKAGE_PATH = Path("assets") / "calculators" / "calculators.zip"
MANIFEST_PATH = Path("assets") / "calculators" / "manifest.json"
# Zip entries get a fixed timestamp so the same source always gives the same bytes (and the same hash).
FIXED_ZIP_TIME = (2022, 1, 1, 0, 0, 0)


class MissingRuntime(RuntimeError):
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


def write_browser_bundle(site_dir: Path) -> dict:
    """Copy the runtime, zip the package and write the manifest the worker checks; returns the manifest."""
    copy_pyodide_runtime(site_dir)
    package = build_calculators_zip(site_dir / PACKAGE_PATH)
    manifest = {
        "pyodide": pyodide_version(),
        "package": PACKAGE_PATH.name,
        "package_sha256": hashlib.sha256(package.read_bytes()).hexdigest(),
        "files": [p.relative_to(CALCULATORS_DIR).as_posix() for p in package_files()],
    }
    (site_dir / MANIFEST_PATH).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
