"""The page's module graph as the build lists it for <link rel="modulepreload"> (sitebuild/module_graph.py)."""

from pathlib import Path

import pytest

from sitebuild.module_graph import imported_modules, static_imports

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_static_imports_are_read_from_import_and_export_lines_but_not_from_type_comments():
    source = """
/** @typedef {import("./protocol.mjs").Ready} Ready */
import { element } from "./dom.mjs";
import {
  a,
  b,
} from "../x/multi-line.mjs";
export { c } from './re-exported.mjs';
const later = import("../pyodide/pyodide.mjs"); // dynamic: loaded when needed, not preloaded
"""
    assert static_imports(source) == ["./dom.mjs", "../x/multi-line.mjs", "./re-exported.mjs"]


def test_imports_are_followed_through_every_level_once_each(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "entry.mjs").write_text('import { a } from "./lib/a.mjs";\nimport { d } from "./dom.mjs";\n')
    (tmp_path / "lib" / "a.mjs").write_text('import { b } from "./b.mjs";\nimport { d } from "../dom.mjs";\n')
    (tmp_path / "lib" / "b.mjs").write_text("export const b = 1;\n")
    (tmp_path / "dom.mjs").write_text("export const d = 1;\n")
    assert imported_modules(tmp_path, ["entry.mjs"]) == ["lib/a.mjs", "dom.mjs", "lib/b.mjs"]


def test_a_module_imported_but_missing_stops_the_build(tmp_path):
    (tmp_path / "entry.mjs").write_text('import { gone } from "./gone.mjs";\n')
    with pytest.raises(FileNotFoundError, match="gone.mjs"):
        imported_modules(tmp_path, ["entry.mjs"])


def test_the_site_scripts_import_modules_three_levels_deep_which_the_list_flattens():
    modules = imported_modules(DOCS, ["assets/javascripts/calculators.mjs", "assets/javascripts/quiz.js"])
    assert "assets/javascripts/calculators/downloads.mjs" in modules  # calculators.mjs → views.mjs → downloads.mjs
    assert len(modules) == len(set(modules))
