"""The batch check as the page talks to it (calculators.browser.handle): the first answer holds the summary and
one page of units, however large the file; other pages, the units that need attention, and the CSV and workbook
downloads are asked for by the key the first answer gives; a long batch reports how far it has got."""

import base64
import json

import pytest

from calculators.batch import PROGRESS_EVERY, batch_csv, check_ratio_batch
from calculators.browser import MAX_PAGE_ROWS, PAGE_ROWS, handle

HEADER = "单位名称,单位类型,岗位总数,社会工作专业岗位数\r\n"


def units_csv(count: int) -> bytes:
    """`count` units: every third below the ratio, every seventh a bad row, the rest at or above it."""
    rows = []
    for n in range(count):
        if n % 7 == 6:
            rows.append(f"单位{n},sw-org,十个半,3")
        elif n % 3 == 1:
            rows.append(f"单位{n},sw-org,10,{n % 7}")
        else:
            rows.append(f"单位{n},以社会工作服务为主的社会组织,10,{7 + n % 4}")
    return (HEADER + "\r\n".join(rows) + "\r\n").encode("utf-8")


def ask(calculator: str, inputs: dict, report=None) -> dict:
    return json.loads(handle(calculator, json.dumps(inputs), report))


def check(data: bytes, report=None) -> dict:
    return ask("ratio-batch", {"data_base64": base64.b64encode(data).decode("ascii")}, report)


def test_the_first_answer_holds_the_summary_and_one_page_of_units():
    data = units_csv(250)
    answer = check(data)
    batch = check_ratio_batch(data)
    assert answer["summary"]["units"] == 250 and answer["verdict"] == batch.verdict
    assert answer["attention"] == batch.summary.not_compliant + batch.summary.invalid > 0
    assert answer["rows"]["first"] == 0 and answer["rows"]["total"] == 250
    assert [unit["row"] for unit in answer["rows"]["units"]] == list(range(2, 2 + PAGE_ROWS))
    assert "csv" not in answer and "units" not in answer


def test_other_pages_are_asked_for_by_key_and_end_with_the_last_unit():
    answer = check(units_csv(250))
    page = ask(
        "ratio-batch-rows", {"batch_key": answer["batch_key"], "first": 200, "count": 100, "attention_only": False}
    )
    assert page["ok"] and page["first"] == 200 and page["total"] == 250
    assert [unit["row"] for unit in page["units"]] == list(range(202, 252))
    beyond = ask(
        "ratio-batch-rows", {"batch_key": answer["batch_key"], "first": 300, "count": 10, "attention_only": False}
    )
    assert beyond["ok"] and beyond["units"] == []


def test_the_units_that_need_attention_are_the_bad_rows_and_those_below_the_ratio_in_file_order():
    data = units_csv(250)
    answer = check(data)
    key = answer["batch_key"]
    page = ask("ratio-batch-rows", {"batch_key": key, "first": 0, "count": 1000, "attention_only": True})
    expected = [u.row for u in check_ratio_batch(data).units if not u.result.ok or u.result.compliant is False]
    assert page["total"] == answer["attention"] == len(expected)
    assert [unit["row"] for unit in page["units"]] == expected
    assert all(not u["result"]["ok"] or u["result"]["compliant"] is False for u in page["units"])


def test_the_csv_download_is_the_whole_batch():
    data = units_csv(250)
    answer = check(data)
    download = ask("ratio-batch-csv", {"batch_key": answer["batch_key"]})
    assert download["csv"] == batch_csv(check_ratio_batch(data)) and download["csv"].count("\r\n") == 251


@pytest.mark.parametrize(
    "inputs",
    [
        {"first": -1, "count": 10, "attention_only": False},
        {"first": 0, "count": 0, "attention_only": False},
        {"first": 0, "count": MAX_PAGE_ROWS + 1, "attention_only": False},
        {"first": 0, "count": True, "attention_only": False},
        {"first": "0", "count": 10, "attention_only": False},
        {"first": 0, "count": 10, "attention_only": "yes"},
        {"first": 0, "count": 10},
    ],
)
def test_a_malformed_page_request_gets_a_chinese_message(inputs):
    answer = check(units_csv(5))
    refused = ask("ratio-batch-rows", {"batch_key": answer["batch_key"], **inputs})
    assert refused["ok"] is False and "请求不完整" in refused["errors"][0]["message"]


def test_a_key_from_an_earlier_file_is_refused_once_another_has_been_checked():
    first = check(units_csv(5))
    check(units_csv(6))
    for calculator, extra in (
        ("ratio-batch-rows", {"first": 0, "count": 10, "attention_only": False}),
        ("ratio-batch-csv", {}),
        ("ratio-batch-workbook", {"site_version": "t", "file_fingerprint": "0123456789abcdef"}),
    ):
        refused = ask(calculator, {"batch_key": first["batch_key"], **extra})
        assert refused["ok"] is False and "请重新开始自查" in refused["errors"][0]["message"]


def test_the_same_file_gives_the_same_key():
    assert check(units_csv(5))["batch_key"] == check(units_csv(5))["batch_key"] != check(units_csv(6))["batch_key"]


def test_a_long_batch_reports_how_far_it_has_got():
    heard = []
    answer = check(units_csv(2500), lambda done, total: heard.append((done, total)))
    assert answer["ok"] and heard == [(0, 2500), (PROGRESS_EVERY, 2500), (2 * PROGRESS_EVERY, 2500)]


def test_the_first_answer_stays_small_however_many_units_the_file_holds():
    answer = handle("ratio-batch", json.dumps({"data_base64": base64.b64encode(units_csv(20_000)).decode()}))
    # A page of 100 units and the summary: about 20 kB, where every unit's verdict made 9.5 MB.
    assert len(answer.encode("utf-8")) < 60_000
