"""The same scenario files run inside real Pyodide (the browser's Python, here under Node) and must give
exactly the outputs native Python gives."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild.browser_bundle import build_calculators_zip
from scenarios.run import run_file

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent
CALCULATORS = ("ratio", "grade", "allowance")


@pytest.fixture(scope="module")
def pyodide_outputs(tmp_path_factory):
    if not (PROJECT_DIR / "node_modules" / "pyodide" / "pyodide.asm.wasm").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` (make test does it).", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run Pyodide outside the browser.", pytrace=False)
    package = build_calculators_zip(tmp_path_factory.mktemp("pyodide") / "calculators.zip")
    request = {
        "package": str(package),
        "runner": str(TESTS_DIR / "scenarios" / "run.py"),
        "scenarios": {name: (TESTS_DIR / "scenarios" / f"{name}.jsonl").read_text(encoding="utf-8") for name in CALCULATORS},
    }
    process = subprocess.run(
        [node, str(TESTS_DIR / "pyodide" / "run_scenarios.mjs")],
        input=json.dumps(request), capture_output=True, text=True, cwd=PROJECT_DIR, timeout=300,
    )
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_the_scenarios_really_ran_on_the_browsers_python(pyodide_outputs):
    # Pyodide 0.29 carries Python 3.13, while the native tests run on the machine's Python: a different runtime.
    assert pyodide_outputs["python"].startswith("3.13.")
    assert all(len(json.loads(pyodide_outputs[name])) > 20 for name in CALCULATORS)


@pytest.mark.parametrize("calculator", CALCULATORS)
def test_every_scenario_gives_the_same_output_in_pyodide_as_natively(pyodide_outputs, calculator):
    native = run_file(calculator, (TESTS_DIR / "scenarios" / f"{calculator}.jsonl").read_text(encoding="utf-8"))
    in_pyodide = pyodide_outputs[calculator]
    assert json.loads(in_pyodide) == json.loads(native)
    assert in_pyodide == native  # byte for byte, including the order of keys and the exact numbers
