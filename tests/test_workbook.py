"""The batch check from and to Excel/WPS workbooks (.xlsx): the first sheet read as a CSV file would be, the
files Excel users actually have (numbers stored as numbers or as text, merged cells, a title above the header,
formatted empty rows below the data), a clear Chinese message for a file that cannot be read, and the results
workbook with its problem rows highlighted and its 说明 sheet."""

import datetime
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_files import workbook_bytes

from calculators.batch import batch_csv, batch_workbook, check_ratio_batch
from sitebuild.rules_fingerprint import rules_fingerprint

WORKBOOKS = Path(__file__).parent / "workbooks"
HEADER = ["单位名称", "单位类型", "岗位总数", "社会工作专业岗位数"]
UNITS = [
    ["甲社工服务中心", "以社会工作服务为主的社会组织", 10, 7],
    ["乙社工站", "sw-org", 11, 7],
    ["丙公司", "企业", 5, 1],
]
CSV_TEXT = "\r\n".join(",".join(str(cell) for cell in row) for row in [HEADER, *UNITS]) + "\r\n"


def outcomes(batch):
    return [(unit.row, unit.unit, unit.result.ok and unit.result.compliant) for unit in batch.units]


def test_a_workbook_gives_the_same_results_as_the_same_table_saved_as_csv():
    from_csv = check_ratio_batch(CSV_TEXT.encode("utf-8"))
    from_xlsx = check_ratio_batch(workbook_bytes([HEADER, *UNITS]))
    assert from_xlsx.ok and from_xlsx.encoding is None
    assert from_xlsx.source == "读取的文件：Excel 工作簿的第一个工作表“岗位统计”。"
    assert [u.result for u in from_xlsx.units] == [u.result for u in from_csv.units]
    assert batch_csv(from_xlsx) == batch_csv(from_csv)


def test_numbers_stored_as_text_or_as_whole_floats_read_as_typed():
    rows = [HEADER, ["甲", "sw-org", "10", " 7 "], ["乙", "sw-org", 10.0, 7.0], ["丙", "sw-org", 10.5, 7]]
    batch = check_ratio_batch(workbook_bytes(rows))
    first, second, third = batch.units
    assert first.result.compliant is True and second.result.compliant is True
    assert (second.total_text, second.social_work_text) == ("10", "7")
    # A fraction is not a count: it is reported on its row, as typed.
    assert not third.result.ok and third.total_text == "10.5" and "整数" in third.result.errors[0].message


def test_only_the_first_sheet_is_read():
    def add_second(book, _):
        book.create_sheet("另一个表").append(["其他", "内容"])
        book.active = 1  # the sheet open when saved is not the one read

    batch = check_ratio_batch(workbook_bytes([HEADER, *UNITS], prepare=add_second))
    assert batch.ok and batch.summary.units == 3 and "岗位统计" in batch.source


def test_a_merged_cell_gives_its_value_to_every_row_it_spans():
    # A unit type merged down a column, as county tables often group their units.
    rows = [HEADER, ["甲", "以社会工作服务为主的社会组织", 10, 7], ["乙", None, 10, 6], ["丙", None, 20, 14]]
    batch = check_ratio_batch(workbook_bytes(rows, merge="B2:B4"))
    assert [u.result.org_type_name for u in batch.units] == ["以社会工作服务为主的社会组织"] * 3
    assert [u.result.compliant for u in batch.units] == [True, False, True]


def test_a_title_above_the_header_and_formatted_empty_rows_below_the_data_are_passed_over():
    def decorate(_, sheet):
        sheet.merge_cells("A1:D1")  # the title, across the table
        for row in range(6, 40):  # borders on rows nobody filled
            sheet.cell(row=row, column=1).border = openpyxl.styles.Border(bottom=openpyxl.styles.Side("thin"))

    rows = [["某县社会组织岗位统计表"], [], HEADER, *UNITS]
    batch = check_ratio_batch(workbook_bytes(rows, prepare=decorate))
    assert batch.ok and batch.summary.units == 3
    assert [u.row for u in batch.units] == [4, 5, 6]  # the sheet's own row numbers


def test_a_bad_row_in_a_workbook_is_reported_on_its_row_and_the_rest_are_checked():
    rows = [HEADER, UNITS[0], ["乙", "sw-org", "十一个半", 3], UNITS[2]]
    batch = check_ratio_batch(workbook_bytes(rows))
    assert batch.summary.units == 3 and batch.summary.invalid == 1
    assert not batch.units[1].result.ok and batch.units[1].row == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((WORKBOOKS / "old.xls").read_bytes(), "旧版 Excel 文件（.xls）"),
        ((WORKBOOKS / "encrypted.xlsx").read_bytes(), "设置了打开密码"),
        (workbook_bytes([HEADER, *UNITS])[:2000], "文件已损坏，或不是 Excel 工作簿"),
        (None, "文件已损坏，或不是 Excel 工作簿"),  # a zip that is no workbook
        (workbook_bytes([["名称", "人数"], ["甲", 3]]), "表头缺少这些列：单位类型、岗位总数、社会工作专业岗位数"),
        (workbook_bytes([HEADER]), "文件只有表头"),
        (workbook_bytes([]), "文件是空的"),
    ],
    ids=["xls", "password", "cut-short", "other-zip", "no-columns", "header-only", "empty"],
)
def test_a_file_that_cannot_be_read_gets_one_clear_message(data, message):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        data = out.getvalue()
    result = check_ratio_batch(data)
    assert not result.ok and len(result.errors) == 1
    assert result.errors[0].field == "csv" and message in result.errors[0].message


def results_of(rows) -> openpyxl.Workbook:
    batch = check_ratio_batch(workbook_bytes(rows))
    data = batch_workbook(
        batch,
        site_version="0.1.0（2026-12-06 构建）",
        today=datetime.date(2026, 12, 6),
        file_fingerprint="0123456789abcdef",
    )
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_results_workbook_holds_every_row_of_the_csv_with_numbers_as_numbers():
    rows = [HEADER, *UNITS, ["丁", "sw-org", "abc", 3]]
    book = results_of(rows)
    assert book.sheetnames == ["自查结果", "说明"]
    sheet = book["自查结果"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected = [line.split(",") for line in batch_csv(check_ratio_batch(workbook_bytes(rows))).splitlines()]
    assert [["" if cell is None else str(cell) for cell in row] for row in values] == expected
    assert values[1][:5] == [2, "甲社工服务中心", "以社会工作服务为主的社会组织", 10, 7]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L5"


def test_the_rows_that_need_attention_are_highlighted_and_say_why():
    book = results_of([HEADER, *UNITS, ["丁", "sw-org", "abc", 3]])
    sheet = book["自查结果"]
    rules = {
        rule.formula[0]: rule.dxf.fill.bgColor.rgb[-6:]
        for formats in sheet.conditional_formatting
        for rule in formats.rules
        if str(formats.sqref) == "A2:L5"
    }
    assert rules == {'$F2=""': "FFF2CC", '$G2="否"': "FDE2E1"}
    # Which rows each rule picks, read as Excel reads it: the not-compliant unit and the bad row, no other.
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    not_compliant = [row[1] for row in rows if row[6] == "否"]
    invalid = [row[1] for row in rows if row[5] in (None, "")]
    assert not_compliant == ["乙社工站"] and invalid == ["丁"]
    assert rows[1][11].startswith("不符合：")
    assert rows[3][11].startswith("数据有误：")


def test_the_notes_sheet_states_date_version_clause_and_that_it_is_a_self_check():
    notes = [row[0] for row in results_of([HEADER, *UNITS])["说明"].iter_rows(values_only=True)]
    assert "自查日期：2026-12-06" in notes
    assert "网站版本：0.1.0（2026-12-06 构建）" in notes
    assert any(line.startswith("依据条款（晋民发〔2022〕59号）：") and "三（二）3" in line for line in notes)
    assert any("不是官方认定或审批结论" in line for line in notes)
    assert f"规则版本：{rules_fingerprint()}（第 1 版，2026-12-06）" in notes
    assert any(line.startswith("所读文件的指纹（SHA-256 前 16 位）：0123456789abcdef") for line in notes)
    assert "共 3 个单位：符合 1 个，不符合 1 个，比例要求不适用 1 个，数据有误 0 个。" in notes


def run_cli(*args):
    process = subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True)
    return process.returncode, process.stdout, process.stderr


def test_the_command_line_reads_a_workbook_and_writes_one_by_the_output_name(tmp_path):
    source = tmp_path / "units.xlsx"
    source.write_bytes(workbook_bytes([HEADER, *UNITS]))
    status, out, _ = run_cli("ratio", "--xlsx", str(source), "--out", str(tmp_path / "results.xlsx"), "--json")
    assert status == 0 and json.loads(out)["summary"]["not_compliant"] == 1
    written = openpyxl.load_workbook(tmp_path / "results.xlsx")
    assert written.sheetnames == ["自查结果", "说明"] and written["自查结果"].max_row == 4
    version = next(line for (line,) in written["说明"].iter_rows(values_only=True) if line.startswith("网站版本"))
    assert version.endswith("（命令行）")
    notes = [line for (line,) in written["说明"].iter_rows(values_only=True)]
    assert f"所读文件的指纹（SHA-256 前 16 位）：{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}" in " ".join(
        notes
    )
    # The same file through --csv (it is read by its content) and into a CSV file.
    status, _, _ = run_cli("ratio", "--csv", str(source), "--out", str(tmp_path / "results.csv"))
    assert status == 0 and (tmp_path / "results.csv").read_text(encoding="utf-8-sig").count("\n") == 4


def test_the_command_line_says_in_chinese_why_a_workbook_cannot_be_read(tmp_path):
    status, out, err = run_cli("ratio", "--xlsx", str(WORKBOOKS / "encrypted.xlsx"))
    assert status == 2 and out == "" and "设置了打开密码" in err and "Traceback" not in err


def test_a_sheet_that_declares_a_wrong_size_is_read_to_its_last_cell():
    # Some programs write <dimension ref="A1"/> whatever the sheet holds; the rows are read as they are.
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([HEADER, *UNITS])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as patched:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D4" />' in data
                data = data.replace(b'<dimension ref="A1:D4" />', b'<dimension ref="A1" />')
            patched.writestr(item, data)
    batch = check_ratio_batch(out.getvalue())
    assert batch.ok and [u.result for u in batch.units] == [u.result for u in check_ratio_batch(CSV_TEXT).units]


def test_an_empty_last_cell_reads_as_a_missing_count_not_a_short_row():
    batch = check_ratio_batch(workbook_bytes([HEADER, ["甲", "sw-org", 10, None], UNITS[0]]))
    first = batch.units[0]
    assert not first.result.ok and first.result.errors[0].field == "social_work"
    assert "请填写社会工作专业岗位数" in first.result.errors[0].message
