"""What the calculators' runtime costs to download: the standard library the worker loads is trimmed to what
Pyodide and the calculators import, compiled, the same bytes at every build, and the snapshot is made from it;
the manifest says what each way of starting fetches."""

import hashlib
import json
import zipfile
from pathlib import Path

from sitebuild.browser_bundle import (
    PYODIDE_DIR,
    PYODIDE_FETCHED,
    SNAPSHOT_SAVES_SECONDS,
    build_trimmed_stdlib,
    device_snapshot_name,
)

WHOLE_STDLIB = PYODIDE_DIR / "python_stdlib.zip"


def _manifest(built_site):
    return json.loads((built_site.directory / "assets" / "calculators" / "manifest.json").read_text())


def _shipped_stdlib(built_site) -> Path:
    return built_site.directory / "assets" / "calculators" / _manifest(built_site)["stdlib"]["file"]


def test_the_worker_downloads_a_third_of_the_bytes_of_the_whole_standard_library(built_site):
    manifest, shipped = _manifest(built_site), _shipped_stdlib(built_site)
    assert manifest["stdlib"]["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert manifest["stdlib"]["bytes"] == shipped.stat().st_size
    # Its entries are stored, so the server's compressed copies compress the files together; the whole library
    # is a zip of deflated entries that no server copy makes smaller.
    for name in (manifest["stdlib"]["file"], manifest["package"]):
        with zipfile.ZipFile(shipped.with_name(name)) as archive:
            assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_STORED}, name
        assert shipped.with_name(name + ".br").stat().st_size < 0.3 * shipped.with_name(name).stat().st_size, name
    assert shipped.with_name(shipped.name + ".br").stat().st_size < WHOLE_STDLIB.stat().st_size / 3
    assert not (built_site.directory / "assets" / "pyodide" / "python_stdlib.zip.gz").exists()


def test_the_trimmed_library_holds_compiled_modules_of_the_whole_one_and_nothing_else(built_site):
    with zipfile.ZipFile(WHOLE_STDLIB) as whole, zipfile.ZipFile(_shipped_stdlib(built_site)) as trimmed:
        sources = set(whole.namelist())
        entries = trimmed.infolist()
        names = [entry.filename for entry in entries]
        assert names == sorted(names) and len(names) == _manifest(built_site)["stdlib"]["modules"]
        assert all(name.endswith(".pyc") and name[:-1] in sources for name in names)
        # Pyodide's own start-up and the calculators' imports are there; what neither imports is not.
        assert {
            "_pyodide/_base.pyc",
            "asyncio/__init__.pyc",
            "tomllib/_parser.pyc",
            "csv.pyc",
            "fractions.pyc",
            "encodings/gb18030.pyc",
        } <= set(names)
        assert not [name for name in names if name.startswith(("email/", "xml/", "unittest/", "http/"))]
        # PEP 552 unchecked hash-based bytecode: never compared with a source, which is not shipped.
        assert all(int.from_bytes(trimmed.read(name)[4:8], "little") == 0b01 for name in names)
        assert {entry.date_time for entry in entries} == {(2022, 1, 1, 0, 0, 0)}


def test_the_trimmed_library_is_the_same_bytes_at_every_build(built_site, tmp_path):
    package = built_site.directory / "assets" / "calculators" / "calculators.zip"
    again = build_trimmed_stdlib(package, tmp_path / "stdlib.zip", cache_dir=tmp_path / "cache")  # traced anew
    assert again.read_bytes() == _shipped_stdlib(built_site).read_bytes()


def test_the_snapshot_is_made_from_the_trimmed_library_and_fetched_only_where_it_pays(built_site):
    manifest = _manifest(built_site)
    snapshot = manifest["snapshot"]
    assert snapshot["stdlib_sha256"] == manifest["stdlib"]["sha256"]
    assert snapshot["fetch_above_bytes_per_second"] == round(snapshot["gzip_bytes"] / SNAPSHOT_SAVES_SECONDS)


def test_the_manifest_counts_what_each_start_fetches(built_site):
    manifest = _manifest(built_site)
    runtime = built_site.directory / "assets" / "pyodide"
    assert manifest["download_bytes"] == {
        # without the snapshot (a slow link, or one kept in this browser); the snapshot's gzip_bytes come on top
        "runtime": sum((runtime / name).stat().st_size for name in PYODIDE_FETCHED) + manifest["stdlib"]["bytes"],
        "package": (built_site.directory / "assets" / "calculators" / manifest["package"]).stat().st_size,
    }
    assert "python_stdlib.zip" not in PYODIDE_FETCHED  # the whole library is for the plain way only


def test_the_worker_takes_pyodides_lock_from_the_manifest_without_the_packages_it_never_loads(built_site):
    lock = json.loads((built_site.directory / "assets" / "pyodide" / "pyodide-lock.json").read_text())
    assert len(lock["packages"]) > 100  # the file as pinned, for the plain way
    assert _manifest(built_site)["lock"] == {"info": lock["info"], "packages": {}}
    assert "pyodide-lock.json" not in PYODIDE_FETCHED


def test_a_snapshot_made_on_a_device_is_named_after_everything_that_made_it():
    parts = ["0.29.5", "a" * 64, "b" * 64, "c" * 64, "d" * 64]
    name = device_snapshot_name(*parts)
    assert name.startswith("device-") and len(name) == len("device-") + 64
    for index in range(len(parts)):
        changed = parts[:index] + ["e" * 64] + parts[index + 1 :]
        assert device_snapshot_name(*changed) != name
