"""The same scenario files run inside real Pyodide (the browser's Python, here under Node) on the trimmed standard
library the site ships, and must give exactly the outputs native Python gives; so must the requests the page
sends that no scenario file covers (the batch check in each encoding and from workbooks, the self-check)."""

import base64
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from scenarios.run import run_file
from workbook_files import workbook_bytes

from calculators.browser import handle
from calculators.rules import ratio_rules
from calculators.selfcheck import checklist
from sitebuild.browser_bundle import build_calculators_zip, build_trimmed_stdlib, fetch_browser_wheels

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


HEADER = BATCH.splitlines()[0].split(",")
WORKBOOKS = [
    workbook_bytes(
        [HEADER, ["甲中心", "以社会工作服务为主的社会组织", 10, 7], ["乙站", None, 10.0, "6"]], merge="B2:B3"
    ),
    workbook_bytes([["某县统计表"], HEADER, ["甲", "sw-org", 10, "x"]]),
    workbook_bytes([["名称"], ["甲"]]),
    (TESTS_DIR / "workbooks" / "encrypted.xlsx").read_bytes(),
    (TESTS_DIR / "workbooks" / "old.xls").read_bytes(),
    workbook_bytes([HEADER])[:700],
]


def _workbook_requests():
    """The batch page's requests with workbooks: each file, and after the first its results as a workbook."""
    requests = []
    for data in WORKBOOKS:
        requests.append(["ratio-batch", json.dumps({"data_base64": base64.b64encode(data).decode("ascii")})])
        if len(requests) == 1:
            answer = json.loads(handle(*requests[0]))
            requests.append(
                [
                    "ratio-batch-workbook",
                    json.dumps(
                        {"batch_key": answer["batch_key"], "site_version": "t", "file_fingerprint": "0123456789abcdef"}
                    ),
                ]
            )
    return requests


@pytest.fixture(scope="module")
def pyodide_outputs(tmp_path_factory):
    if not (PROJECT_DIR / "node_modules" / "pyodide" / "pyodide.asm.wasm").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci` (make test does it).", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run Pyodide outside the browser.", pytrace=False)
    work = tmp_path_factory.mktemp("pyodide")
    package = build_calculators_zip(work / "calculators.zip")
    workbook_stdlib = work / "workbook-stdlib.zip"
    # The build's own, from its cache when built.
    stdlib = build_trimmed_stdlib(package, work / "stdlib.zip", workbook_destination=workbook_stdlib)
    request = {
        "package": str(package),
        "stdlib": str(stdlib),
        "runner": str(TESTS_DIR / "scenarios" / "run.py"),
        "scenarios": {
            name: (TESTS_DIR / "scenarios" / f"{name}.jsonl").read_text(encoding="utf-8") for name in CALCULATORS
        },
        "requests": _page_requests(),
        "workbook": {
            "stdlib": str(workbook_stdlib),
            "wheels": [str(wheel) for wheel in fetch_browser_wheels()],
        },
        "workbook_requests": _workbook_requests(),
    }
    process = subprocess.run(
        [node, str(TESTS_DIR / "pyodide" / "run_scenarios.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-3000:]  # the end: the error, not the minified runtime
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
    assert sum("CSV 表格，GBK 编码" in answer for answer in native) == 1  # the GB18030 file was read as such


def _sheets(answer: str) -> dict:
    """A results workbook's sheets as values, and its highlighting rules (its zip's timestamps differ by run)."""
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(json.loads(answer)["xlsx_base64"])))
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    rules = [(str(f.sqref), r.formula) for f in book.worksheets[0].conditional_formatting for r in f.rules]
    return {"sheets": sheets, "rules": rules}


def test_workbooks_give_the_same_answers_in_pyodide_as_natively(pyodide_outputs):
    native = [handle(calculator, inputs) for calculator, inputs in _workbook_requests()]
    in_pyodide = pyodide_outputs["workbook_requests"]
    assert len(in_pyodide) == len(native) == len(WORKBOOKS) + 1
    # The results workbook: the same sheets and rules, whatever the date it was written.
    assert _sheets(in_pyodide[1]) == _sheets(native[1])
    assert _sheets(native[1])["sheets"]["自查结果"][2][2] == "以社会工作服务为主的社会组织"  # merged cell, filled
    del in_pyodide[1], native[1]
    assert in_pyodide == native
    refusals = [json.loads(answer) for answer in native[2:]]
    assert [answer["ok"] for answer in refusals] == [False] * 4 and "数据有误 1 个" in native[1]
