"""What the browser needs to run the calculators, put into the built site: the pinned Pyodide runtime from
node_modules (only the files it loads), the calculators package zipped from its source, the standard library
trimmed to what Pyodide and the calculators import (sitebuild/trim_stdlib.mjs), and a memory snapshot of Python
with that package imported, which the worker starts from on a fast link instead of starting Python anew. Beside
them, for the batch page alone: the wheels that read and write Excel workbooks (openpyxl, pinned with their hashes
in browser_wheels.txt and fetched from PyPI) and the few library modules they add."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitebuild.build_cache import cached_output

PROJECT_DIR = Path(__file__).resolve().parent.parent
CALCULATORS_DIR = PROJECT_DIR / "calculators"
PYODIDE_DIR = PROJECT_DIR / "node_modules" / "pyodide"
# The files Pyodide loads to start Python; the rest of the npm package (consoles, type definitions, source
# maps, the classic-script loader) is not served. The whole python_stdlib.zip stays, as pinned, for the plain
# loadPyodide() way (make bench's baseline); the worker loads the trimmed one instead.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Of those, the ones the worker's Pyodide fetches with fetch() while starting (the others are imported as
# modules, and the lock file is passed from the manifest: runtime_lock()): the worker counts their bytes, and
# the trimmed library's, as they arrive and shows them against this total.
PYODIDE_FETCHED = ("pyodide.asm.wasm",)
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
# The snapshot is fetched only when the link is fast enough for it to pay: it saves the worker about this much
# time to a first answer, and costs its gzipped bytes (about 4 MB). What it saves depends on the device's CPU. In
# `make bench` (Chromium, 2 cores), unthrottled, the first answer came 0.2 s sooner with it (0.96 s against 1.16 s,
# median of 3) on a fast desktop and 0.6–1.4 s of CPU on a slower one; a phone's cores are slower still. At
# 50 Mbit/s it was a loss on the fast desktop: 1.81 s and 7.3 MB with it, 1.53 s and 3.3 MB without. Half a second
# puts the line at about 65 Mbit/s: a reader on a phone network never pays 4 MB for it, the worker makes a snapshot
# on the device for the next visit instead. The worker times the trimmed library's download and fetches the
# snapshot only when the library came at least gzip_bytes / SNAPSHOT_SAVES_SECONDS fast.
SNAPSHOT_SAVES_SECONDS = 0.5
# The standard library, trimmed and compiled (sitebuild/trim_stdlib.mjs), kept like the snapshot. Tracing runs
# every calculator on the scenario files, the calculators' documented cases.
STDLIB_PATH = Path("assets") / "calculators" / "stdlib.zip"
STDLIB_SCRIPT = Path(__file__).with_name("trim_stdlib.mjs")
STDLIB_CACHE_DIR = PROJECT_DIR / "build" / "stdlib"
# Excel workbooks on the batch page: openpyxl's and et-xmlfile's wheels as PyPI publishes them, and the library
# modules they import that the calculators do not (trim_stdlib.mjs finds them). The worker loads them only when
# the batch page asks, after start-up.
BROWSER_WHEELS = Path(__file__).with_name("browser_wheels.txt")
WHEELS_CACHE_DIR = PROJECT_DIR / "build" / "wheels"
WORKBOOK_STDLIB_PATH = Path("assets") / "calculators" / "workbook-stdlib.zip"
SCENARIOS_DIR = PROJECT_DIR / "tests" / "scenarios"
# The worker itself: a snapshot this device makes is named after it too (how it is made is written there).
WORKER_PATH = Path("assets") / "javascripts" / "calculator-worker.mjs"
# Zip entries get a fixed timestamp so the same source always gives the same bytes (and the same hash).
FIXED_ZIP_TIME = (2022, 1, 1, 0, 0, 0)


# ES modules from npm the page imports as they are published: the QR code generator of the print record
# (calculators/print-record.mjs imports it when a record is made). Pinned in package.json.
VENDOR_MODULES = {
    PROJECT_DIR / "node_modules" / "qrcode-generator" / "dist" / "qrcode.mjs": Path("assets")
    / "vendor"
    / "qrcode-generator"
    / "qrcode.mjs",
}


class MissingRuntime(RuntimeError):
    pass


class SnapshotFailed(RuntimeError):
    pass


class StdlibFailed(RuntimeError):
    pass


class WheelsUnavailable(RuntimeError):
    pass


def package_files() -> list[Path]:
    return sorted(
        p for p in CALCULATORS_DIR.rglob("*") if p.suffix in PACKAGE_SUFFIXES and "__pycache__" not in p.parts
    )


def build_calculators_zip(destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Stored, not deflated: the site serves the zip in brotli, which compresses the files together (30 KB
    # against 45 KB deflated file by file).
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in package_files():
            name = (Path("calculators") / path.relative_to(CALCULATORS_DIR)).as_posix()
            archive.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), path.read_bytes(), zipfile.ZIP_STORED)
    return destination


def copy_vendor_modules(site_dir: Path) -> list[Path]:
    missing = [source for source in VENDOR_MODULES if not source.is_file()]
    if missing:
        raise MissingRuntime(f"{', '.join(map(str, missing))} missing: run `npm ci` (make does it).")
    copied = []
    for source, target in VENDOR_MODULES.items():
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        copied.append(Path(shutil.copy2(source, site_dir / target)))
    return copied


def pyodide_version() -> str:
    return json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]


def copy_pyodide_runtime(site_dir: Path) -> list[Path]:
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise MissingRuntime(f"node_modules/pyodide lacks {', '.join(missing)}: run `npm ci` (make does it).")
    target = site_dir / RUNTIME_DIR
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(PYODIDE_DIR / name, target / name)) for name in PYODIDE_FILES]


def _digest(*parts: Path) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.read_bytes()).digest())
    return digest.hexdigest()


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS_DIR.glob("*.jsonl"))


def pinned_wheels() -> dict[str, str]:
    """Each pinned requirement of browser_wheels.txt (name==version) → the SHA-256 its wheel must have."""
    pins = {}
    for line in BROWSER_WHEELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement, digest = line.split(" --hash=sha256:")
            pins[requirement.strip()] = digest.strip()
    return pins


def fetch_browser_wheels(cache_dir: Path = WHEELS_CACHE_DIR) -> list[Path]:
    """The pinned wheels, downloaded once by pip (from the index pip is set up with) into the build cache; pip
    refuses any whose hash differs from the pin, and so does this function, on what it hands on."""

    def make(partial: Path) -> None:
        fetched = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
            + ["--require-hashes", "--requirement", str(BROWSER_WHEELS), "--dest", str(partial)],
            capture_output=True,
            text=True,
        )
        if fetched.returncode != 0:
            raise WheelsUnavailable(f"fetching the wheels of {BROWSER_WHEELS.name} failed:\n{fetched.stderr[-2000:]}")

    folder = cached_output(cache_dir, _digest(BROWSER_WHEELS), ".wheels", make)
    wheels = sorted(folder.glob("*.whl"))
    digests = {hashlib.sha256(wheel.read_bytes()).hexdigest() for wheel in wheels}
    if len(wheels) != len(pinned_wheels()) or digests != set(pinned_wheels().values()):
        raise WheelsUnavailable(f"{folder} does not hold exactly the wheels pinned in {BROWSER_WHEELS.name}")
    return wheels


def build_trimmed_stdlib(
    package: Path, destination: Path, cache_dir: Path = STDLIB_CACHE_DIR, workbook_destination: Path | None = None
) -> Path:
    """The standard library trimmed to what Pyodide and this package import, as .pyc (sitebuild/trim_stdlib.mjs,
    under Node), copied to `destination`; with `workbook_destination`, the modules the workbook wheels add are
    copied there."""
    wheels = fetch_browser_wheels()
    inputs = (
        PYODIDE_DIR / "python_stdlib.zip",
        PYODIDE_DIR / "pyodide.asm.wasm",
        PYODIDE_DIR / "package.json",
        STDLIB_SCRIPT,
        package,
        *wheels,
        *scenario_files(),
    )

    def make(partial: Path) -> None:
        partial.mkdir()
        with tempfile.TemporaryDirectory() as wheels_dir:
            for wheel in wheels:
                shutil.copy2(wheel, wheels_dir)
            made = subprocess.run(
                ["node", str(STDLIB_SCRIPT), str(package), str(partial), wheels_dir, *map(str, scenario_files())],
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
            )
        if made.returncode != 0:
            raise StdlibFailed(f"trimming the standard library failed:\n{made.stderr[-2000:]}")

    trimmed = cached_output(cache_dir, _digest(*inputs), ".stdlib", make)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(trimmed / "stdlib.zip", destination)
    if workbook_destination:
        workbook_destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(trimmed / "workbook-stdlib.zip", workbook_destination)
    return destination


def build_snapshot(package: Path, stdlib: Path, destination: Path, cache_dir: Path = SNAPSHOT_CACHE_DIR) -> bytes:
    """The memory snapshot for this runtime, standard library and package (sitebuild/make_snapshot.mjs), made
    under Node; written gzipped to `destination`, and those gzipped bytes returned. It fits only the library it
    was made with: zipimport keeps the library's table of contents in the memory the snapshot holds."""
    digest = _digest(PYODIDE_DIR / "pyodide.asm.wasm", PYODIDE_DIR / "package.json", SNAPSHOT_SCRIPT, package, stdlib)

    def make(partial: Path) -> None:
        raw = partial.with_suffix(".raw")
        made = subprocess.run(
            ["node", str(SNAPSHOT_SCRIPT), str(package), str(stdlib), str(raw)],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise SnapshotFailed(f"making the Pyodide memory snapshot failed:\n{made.stderr[-2000:]}")
        # mtime=0: the same snapshot always gives the same file.
        partial.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0))
        raw.unlink()

    gzipped = cached_output(cache_dir, digest, ".bin.gz", make).read_bytes()
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(gzipped)
    return gzipped


def runtime_lock() -> dict:
    """Pyodide's lock file as the worker passes it to loadPyodide (lockFileContents): its `info` (the ABI and
    Python version Pyodide checks) without the 379 packages it lists, none of which the calculators load. The
    worker then fetches no lock file: 23 kB (brotli) less on every first visit, and one request fewer."""
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    return {"info": lock["info"], "packages": {}}


def device_snapshot_name(
    pyodide: str, wasm_sha256: str, stdlib_sha256: str, package_sha256: str, worker_sha256: str
) -> str:
    """The name a snapshot made on the reader's device is kept under: made from this runtime, library and
    package, by this worker. Another runtime, library, package or worker never finds it."""
    key = json.dumps([pyodide, wasm_sha256, stdlib_sha256, package_sha256, worker_sha256]).encode("utf-8")
    return f"device-{hashlib.sha256(key).hexdigest()}"


def _file_entry(path: Path) -> dict:
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "bytes": path.stat().st_size}


def write_browser_bundle(site_dir: Path) -> dict:
    """Copy the runtime, zip the package, trim the standard library, make the snapshot and write the manifest
    the worker checks; returns the manifest. The worker refuses a snapshot whose runtime version, package or
    standard library differs from what it loads."""
    copy_pyodide_runtime(site_dir)
    package = build_calculators_zip(site_dir / PACKAGE_PATH)
    package_sha256 = hashlib.sha256(package.read_bytes()).hexdigest()
    workbook_stdlib = site_dir / WORKBOOK_STDLIB_PATH
    stdlib = build_trimmed_stdlib(package, site_dir / STDLIB_PATH, workbook_destination=workbook_stdlib)
    wheels = [Path(shutil.copy2(wheel, site_dir / PACKAGE_PATH.parent)) for wheel in fetch_browser_wheels()]
    stdlib_sha256 = hashlib.sha256(stdlib.read_bytes()).hexdigest()
    gzipped = build_snapshot(package, stdlib, site_dir / SNAPSHOT_PATH)
    snapshot = gzip.decompress(gzipped)
    with zipfile.ZipFile(stdlib) as archive:
        stdlib_modules = len(archive.namelist())
    manifest = {
        "pyodide": pyodide_version(),
        "package": PACKAGE_PATH.name,
        "package_sha256": package_sha256,
        "files": [p.relative_to(CALCULATORS_DIR).as_posix() for p in package_files()],
        "stdlib": {
            "file": STDLIB_PATH.name,
            "sha256": stdlib_sha256,
            "bytes": stdlib.stat().st_size,
            "modules": stdlib_modules,
        },
        # What a visit fetches, as the worker counts it: runtime + package, and the snapshot's gzip_bytes when
        # it is downloaded. Unpacked sizes: a browser counts a response's bytes after any Content-Encoding is
        # undone.
        "lock": runtime_lock(),
        "download_bytes": {
            "runtime": sum((PYODIDE_DIR / name).stat().st_size for name in PYODIDE_FETCHED) + stdlib.stat().st_size,
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
            "stdlib_sha256": stdlib_sha256,
            # Fetched only when the trimmed library arrived at least this fast (bytes per second, counted from
            # the request): then downloading it costs less time than starting Python without it.
            "fetch_above_bytes_per_second": round(len(gzipped) / SNAPSHOT_SAVES_SECONDS),
        },
        # Loaded by the worker on the batch page only, once Python is up: the library modules first (put on
        # sys.path), then the wheels (unpacked into site-packages), each checked against its hash.
        "workbook": {
            "stdlib": _file_entry(workbook_stdlib),
            "wheels": [_file_entry(wheel) for wheel in wheels],
        },
        "device_snapshot": device_snapshot_name(
            pyodide_version(),
            hashlib.sha256((PYODIDE_DIR / "pyodide.asm.wasm").read_bytes()).hexdigest(),
            stdlib_sha256,
            package_sha256,
            hashlib.sha256((site_dir / WORKER_PATH).read_bytes()).hexdigest(),
        ),
    }
    (site_dir / MANIFEST_PATH).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
