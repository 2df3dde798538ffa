"""The page's ES modules, as the browser finds them: the static imports of the entry modules, followed.

Why: a browser learns of a module's imports only once the module has arrived, so the page code's three levels
(calculators.mjs → calculators/views.mjs → calculators/downloads.mjs) cost three round trips one after the other
before the calculator can start Python — about half a second on a 150 ms mobile link. Listed in the page's
<head> as <link rel="modulepreload">, they are all requested at once with the page's styles. The list is read
from the files at build time, so it cannot drift from the imports.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

# `import … from "./x.mjs"` and `export … from "./x.mjs"` at the start of a line; relative paths only (the page
# imports nothing from elsewhere). Type-only imports live in JSDoc comments and are not matched.
_STATIC_IMPORT = re.compile(r"""^(?:import|export)\b[^;]*?\bfrom\s+["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


def static_imports(source: str) -> list[str]:
    """The relative specifiers a module's source imports statically, in order."""
    return _STATIC_IMPORT.findall(source)


def imported_modules(docs_dir: Path, entries: list[str]) -> list[str]:
    """Every module the entry modules (paths under docs_dir, '/'-separated) import, directly or not, entries
    themselves left out; paths under docs_dir, in the order they are first met. A missing module stops the build."""
    found: list[str] = []
    pending = list(entries)
    seen = set(entries)
    while pending:
        module = pending.pop(0)
        path = docs_dir / module
        if not path.is_file():
            raise FileNotFoundError(f"{module}: imported by the page's scripts but not in {docs_dir}")
        for specifier in static_imports(path.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(module), specifier))
            if target not in seen:
                seen.add(target)
                found.append(target)
                pending.append(target)
    return found
