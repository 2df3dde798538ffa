"""The calculators package as the browser receives it: a zip of the source files (code and rules data)."""

import zipfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "calculators"
PACKAGE_SUFFIXES = {".py", ".toml"}


def package_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in PACKAGE_SUFFIXES and "__pycache__" not in p.parts)


def build_calculators_zip(destination: Path) -> Path:
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in package_files():
            archive.write(path, Path("calculators") / path.relative_to(PACKAGE_DIR))
    return destination
