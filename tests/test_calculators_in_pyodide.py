"""The same scenario files run inside real Pyodide (the browser's Python, here under Node) on the trimmed standard
library the site ships, and must give exactly the outputs native Python gives; so must the requests the page
sends that no scenario file covers (the batch check in each encoding, the self-check)."""

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from scenarios.run import run_file

from calculators.browser import handle
from calculators.rules import ratio_rules
from calculators.selfcheck import checklist
from sitebuild.browser_bundle import build_calculators_zip, build_trimmed_stdlib

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent
CALCULATORS = ("ratio", "grade", "allowance")
BATCH = "单位名称,单位类型,岗位总数,社会工作专业岗位数\r\n甲中心,以社会工作服务为主的社会组织,10,7\r\n乙站,民办养老机构,11,x\r\n"


def _page_requests():
    """What the batch and self-check pages send, in every form the page can: [calculator, inputs as JSON]."""
    batches = [BATCH.encode("utf-8-sig"), BATCH.encode("utf-8"), BATCH.encode("gb18030"), b"\xff\xfe\x00\x81"]
    requests = [
        ["ratio-batch", json.dumps({"data_base64": base64.b64encode(data).decode("ascii")})] for data in batches
    ]
    for org_type in ratio_rules().org_types:
        answers = {point.id: "是" for point in checklist(org_type.code) if point.kind != "ratio"}
        requests.append(
            [
                "selfcheck",
                json.dumps({"org_type": org_type.code, "answers": answers, "total": "10", "social_work": "6"}),
            ]
        )
    return requests + [["selfcheck", "{}"], ["ratio", "{}"], ["grade", "[]"]]


@pytest.fixture(scope="module")
def pyodide_outputs(tmp_path_factory):
    if not (PROJECT_DIR / "node_modules" / "pyodide" / "pyodide.asm.wasm").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` (make test does it).", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run Pyodide outside the browser.", pytrace=False)
    work = tmp_path_factory.mktemp("pyodide")
    package = build_calculators_zip(work / "calculators.zip")
    stdlib = build_trimmed_stdlib(package, work / "stdlib.zip")  # the build's own, from its cache when built
    request = {
        "package": str(package),
        "stdlib": str(stdlib),
        "runner": str(TESTS_DIR / "scenarios" / "run.py"),
        "scenarios": {
            name: (TESTS_DIR / "scenarios" / f"{name}.jsonl").read_text(encoding="utf-8") for name in CALCULATORS
        },
        "requests": _page_requests(),
    }
    process = subprocess.run(
        [node, str(TESTS_DIR / "pyodide" / "run_scenarios.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_the_scenarios_really_ran_on_the_browsers_python_and_its_trimmed_library(pyodide_outputs):
    # Pyodide 0.29 carries Python 3.13, while the native tests run on the machine's Python: a different runtime.
    assert pyodide_outputs["python"].startswith("3.13.")
    assert all(len(json.loads(pyodide_outputs[name])) > 20 for name in CALCULATORS)
    # Compiled modules from the trimmed library, which lacks what neither Pyodide nor the calculators import.
    assert pyodide_outputs["stdlib"]["json"].endswith("/json/__init__.pyc")
    assert pyodide_outputs["stdlib"]["missing"] == ["email", "xml", "unittest"]


@pytest.mark.parametrize("calculator", CALCULATORS)
def test_every_scenario_gives_the_same_output_in_pyodide_as_natively(pyodide_outputs, calculator):
    native = run_file(calculator, (TESTS_DIR / "scenarios" / f"{calculator}.jsonl").read_text(encoding="utf-8"))
    in_pyodide = pyodide_outputs[calculator]
    assert json.loads(in_pyodide) == json.loads(native)
    assert in_pyodide == native  # byte for byte, including the order of keys and the exact numbers


def test_the_batch_and_self_check_requests_give_the_same_answers_in_pyodide_as_natively(pyodide_outputs):
    native = [handle(calculator, inputs) for calculator, inputs in _page_requests()]
    assert pyodide_outputs["requests"] == native
    assert sum('"encoding": "GBK"' in answer for answer in native) == 1  # the GB18030 file was read as such
