"""The command-line contract (`python -m calculators`) that outside checks use, and the CSV batch."""

import base64
import csv
import io
import json
import subprocess
import sys

import pytest

from calculators import batch_csv, check_ratio_batch
from calculators.browser import handle

HEADER = "单位名称,单位类型,岗位总数,社会工作专业岗位数\r\n"
ROWS = "甲社工服务中心,以社会工作服务为主的社会组织,10,7\r\n乙社工站,sw-org,11,7\r\n丙公司,企业,5,1\r\n"


def run(*args):
    process = subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True)
    return process.returncode, process.stdout, process.stderr


def run_json(*args):
    status, out, _ = run(*args, "--json")
    return status, json.loads(out)


def test_ratio_json_contract():
    status, result = run_json("ratio", "--org-type", "sw-org", "--total", "10", "--social-work", "7")
    assert status == 0
    assert result["ok"] is True and result["applies"] is True and result["compliant"] is True
    assert result["min_social_work_posts"] == 7 and result["shortfall"] == 0
    assert "三（二）3" in result["clauses"]


def test_ratio_for_a_type_without_a_ratio_has_nulls():
    status, result = run_json("ratio", "--org-type", "慈善组织（基金会）")
    assert status == 0
    assert result["applies"] is False
    assert result["compliant"] is None and result["min_social_work_posts"] is None and result["shortfall"] is None


def test_grade_json_contract_both_ways():
    status, forward = run_json("grade", "--qualification", "assistant", "--level", "一级")
    assert (
        status == 0 and forward["ok"] and forward["tier"] == "初级" and forward["grades"] == [11] and forward["clauses"]
    )
    status, back = run_json("grade", "--grade", "9")
    assert status == 0 and back["qualification"] == "社会工作师" and back["level"] == "二级" and back["tier"] == "中级"
    status, none = run_json("grade", "--grade", "13")
    assert status == 0 and none["ok"] is True and none["qualification"] is None


def test_allowance_json_contract():
    status, result = run_json("allowance", "--employment", "village-community", "--certificate", "assistant")
    assert status == 0 and result["ok"]
    assert result["occupational_allowance"] == "required"
    assert all({"text", "word", "strength", "addressee", "clause"} <= set(p) for p in result["provisions"])
    assert "四（一）" in result["clauses"]


@pytest.mark.parametrize(
    "args",
    [
        ("ratio", "--org-type", "sw-org", "--total", "-1", "--social-work", "0"),
        ("ratio", "--org-type", "不存在", "--total", "10", "--social-work", "7"),
        ("grade", "--grade", "14"),
        ("allowance", "--employment", "x", "--certificate", "none"),
        ("ratio", "--no-such-option"),
    ],
)
def test_invalid_input_gives_structured_chinese_errors_and_status_2(args):
    status, out, _ = run(*args, "--json")
    result = json.loads(out)
    assert status == 2
    assert result["ok"] is False and result["errors"]
    assert all(
        error["field"] and any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]) for error in result["errors"]
    )


def test_human_readable_output_gives_the_verdict_steps_and_clauses():
    status, out, _ = run("ratio", "--org-type", "sw-org", "--total", "11", "--social-work", "7")
    assert status == 0
    assert out.startswith("不符合")
    assert "至少需要 8 个" in out and "依据条款：三（二）3" in out
    assert "怎样做：\n  → 把现有岗位中的 1 个改设为社会工作专业岗位（岗位总数仍为 11 个）：8 ÷ 11 = 72.73%。" in out
    assert "  → 或者新增 3 个社会工作专业岗位（岗位总数增至 14 个）：10 ÷ 14 = 71.43%。" in out


def test_human_readable_errors_go_to_stderr_in_chinese():
    status, out, err = run("ratio", "--org-type", "sw-org", "--total", "abc", "--social-work", "1")
    assert status == 2 and out == "" and "岗位总数必须是数字" in err


@pytest.mark.parametrize(("encoding", "label"), [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("gbk", "GBK")])
def test_the_batch_reads_csv_as_excel_saves_it(tmp_path, encoding, label):
    source = tmp_path / "units.csv"
    source.write_bytes((HEADER + ROWS).encode(encoding))
    output = tmp_path / "results.csv"
    status, result = run_json("ratio", "--csv", str(source), "--out", str(output))
    assert status == 0 and result["encoding"] == label
    assert result["summary"] == {"units": 3, "compliant": 1, "not_compliant": 1, "not_applicable": 1, "invalid": 0}
    written = output.read_bytes()
    assert written.startswith("\ufeff".encode("utf-8"))  # Excel needs the BOM to read UTF-8
    lines = written.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("行号,单位名称") and lines[1].startswith("2,甲社工服务中心") and len(lines) == 4


def test_bad_rows_are_reported_row_by_row_and_never_stop_the_batch():
    data = (
        HEADER + "甲,sw-org,10,7\r\n乙,sw-org,abc,3\r\n丙,sw-org\r\n丁,未知类型,10,7\r\n\r\n戊,sw-org,10,6\r\n"
    ).encode("gbk")
    result = check_ratio_batch(data)
    assert result.ok
    rows = {unit.row: unit for unit in result.units}
    assert [rows[2].result.ok, rows[3].result.ok, rows[4].result.ok, rows[5].result.ok, rows[7].result.ok] == [
        True,
        False,
        False,
        False,
        True,
    ]
    assert rows[3].result.errors[0].field == "total"
    assert result.summary.invalid == 3 and result.summary.units == 5
    text = batch_csv(result)
    assert "数据有误：岗位总数必须是数字" in text and "第 4 行的列数不够" in text
    # A bad row keeps the values it had, so the reader sees what to correct next to the error.
    assert (rows[3].org_type_text, rows[3].total_text, rows[3].social_work_text) == ("sw-org", "abc", "3")
    assert (rows[4].org_type_text, rows[4].total_text, rows[4].social_work_text) == ("sw-org", "", "")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[2][:5] == ["3", "乙", "sw-org", "abc", "3"] and lines[2][-1].startswith("数据有误：")


def test_the_batch_csv_gives_both_routes_for_a_unit_below_the_ratio():
    result = check_ratio_batch((HEADER + "甲,sw-org,23,15\r\n乙,企业,5,1\r\n").encode("utf-8"))
    header, below, other = list(csv.reader(io.StringIO(batch_csv(result))))
    assert "还差" not in header and len(header) == len(below) == len(other)
    row = dict(zip(header, below, strict=True))
    assert row["社会工作专业岗位占比"] == "65.22%"
    assert row["需改设的现有岗位数（岗位总数不变）"] == "2"
    assert row["或需新增的社会工作专业岗位数（岗位总数随之增加）"] == "4"
    assert row["结论或错误"].endswith("需把 2 个现有岗位改设为社会工作专业岗位，或新增 4 个社会工作专业岗位。")
    assert dict(zip(header, other, strict=True))["或需新增的社会工作专业岗位数（岗位总数随之增加）"] == ""


def test_the_page_gets_each_rows_values_and_verdict_and_the_routes_in_the_csv_through_the_worker_protocol():
    data = (HEADER + "甲,sw-org,23,15\r\n乙, sw-org ,十点五,3\r\n").encode("gbk")
    result = json.loads(handle("ratio-batch", json.dumps({"data_base64": base64.b64encode(data).decode()})))
    good, bad = result["rows"]["units"]
    assert good["result"] == {
        "ok": True,
        "compliant": False,
        "verdict": check_ratio_batch(data).units[0].result.verdict,
        "org_type_name": "以社会工作服务为主的社会组织",
        "total_posts": 23,
        "social_work_posts": 15,
    }
    assert "新增 4 个社会工作专业岗位" in good["result"]["verdict"]
    assert (bad["org_type_text"], bad["total_text"], bad["social_work_text"]) == ("sw-org", "十点五", "3")
    assert bad["result"]["errors"][0]["field"] == "total"
    assert result["clauses"] == ["三（二）3"]
    download = json.loads(handle("ratio-batch-csv", json.dumps({"batch_key": result["batch_key"]})))
    routes = next(csv.reader(io.StringIO(download["csv"].splitlines()[1])))
    assert "4" in routes  # 或需新增的社会工作专业岗位数, in the download


def test_english_column_names_and_any_column_order_are_accepted():
    data = "social_work,total,type,name\n7,10,sw-org,甲\n".encode()
    result = check_ratio_batch(data)
    assert result.ok and result.units[0].result.compliant is True and result.units[0].unit == "甲"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        ("单位名称,岗位总数\n甲,10\n".encode(), "表头缺少这些列：单位类型、社会工作专业岗位数"),
        (HEADER.encode(), "只有表头"),
        (b"\xff\xfe\x00\xd8\x00\x00", "既不是 UTF-8 也不是 GBK"),
    ],
)
def test_an_unusable_file_is_refused_with_a_chinese_message(data, message):
    result = check_ratio_batch(data)
    assert not result.ok and message in result.errors[0].message
