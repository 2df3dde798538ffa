"""What the page shows of a result above its steps (calculators/display.py, through browser.handle): the outcome
that sets the verdict's icon and colour, its heading, and the figures, for each calculator and its boundaries."""

import base64
import json

import pytest

from calculators.browser import handle


def display(name: str, inputs: dict) -> dict:
    return json.loads(handle(name, json.dumps(inputs, ensure_ascii=False)))["display"]


@pytest.mark.parametrize(
    ("total", "social_work", "outcome", "title", "share"),
    [
        (100, 69, "not-met", "未达到比例要求", "69%"),
        (100, 70, "met", "符合比例要求", "70%"),
        (100, 71, "met", "符合比例要求", "71%"),
        (3, 2, "not-met", "未达到比例要求", "66.67%"),
    ],
)
def test_the_ratio_around_the_threshold(total, social_work, outcome, title, share):
    shown = display("ratio", {"org_type": "sw-org", "total": total, "social_work": social_work})
    assert (shown["outcome"], shown["title"]) == (outcome, title)
    assert shown["figures"][:3] == [
        ["社会工作专业岗位占比", share],
        ["要求", "不低于 70%"],
        [f"{total} 个岗位至少需要", f"{-(-total * 7 // 10)} 个社会工作专业岗位"],
    ]


def test_the_ratio_where_it_does_not_apply_says_so_and_quotes_what_the_text_asks():
    shown = display("ratio", {"org_type": "charity", "total": 10, "social_work": 2})
    assert (shown["outcome"], shown["title"]) == ("not-applicable", "比例要求不适用")
    assert shown["figures"][0] == ["比例要求", "不适用"]
    assert (
        shown["figures"][1][0] == "本文件的有关规定"
        and "应结合自身需求与特点开发社会工作专业岗位" in shown["figures"][1][1]
    )


@pytest.mark.parametrize(
    ("inputs", "figures"),
    [
        (
            {"qualification": "assistant", "level": "二级"},
            [["社会工作专业岗位", "助理社会工作师二级"], ["岗位层级", "初级"], ["专业技术岗位等级", "十二级"]],
        ),
        (
            {"qualification": "social-worker"},
            [["社会工作专业岗位", "社会工作师"], ["岗位层级", "中级"], ["专业技术岗位等级", "八级、九级、十级"]],
        ),
        ({"grade": 13}, [["专业技术岗位等级", "十三级"]]),
    ],
)
def test_the_grade_table_reads_as_figures(inputs, figures):
    shown = display("grade", inputs)
    assert (shown["outcome"], shown["title"]) == ("info", "对照结果")
    assert shown["figures"][: len(figures)] == figures


def test_the_allowance_shows_the_occupational_allowance_and_the_reader_s_own_estimate():
    shown = display(
        "allowance", {"employment": "social-org", "certificate": "assistant", "local_monthly_assistant": "100"}
    )
    assert (shown["outcome"], shown["title"]) == ("info", "与你有关的规定")
    assert shown["figures"][0][0] == "职业津贴" and "参考同类人员给予职业津贴" in shown["figures"][0][1]
    assert shown["figures"][1] == ["按你填写的标准估算（全年）", "1200 元"]


def test_a_batch_with_a_unit_short_of_the_ratio_or_a_bad_row_is_not_met():
    def batch(rows: str) -> dict:
        data = ("单位名称,单位类型,岗位总数,社会工作专业岗位数\n" + rows).encode("utf-8")
        return display("ratio-batch", {"data_base64": base64.b64encode(data).decode()})

    assert batch("甲,sw-org,10,7\n") == {"outcome": "met", "title": "已检查的单位均无问题", "figures": []}
    assert batch("甲,sw-org,10,6\n")["outcome"] == "not-met"
    assert batch("甲,sw-org,十点五,6\n") == {"outcome": "not-met", "title": "有单位未达到要求或数据有误", "figures": []}


def test_the_self_check_is_unfinished_until_every_point_is_answered():
    assert display("selfcheck", {"org_type": "sw-org"})["title"] == "自查未完成"
    assert display("selfcheck", {"org_type": "sw-org"})["outcome"] == "incomplete"


def test_an_invalid_input_carries_no_display_only_its_errors():
    answer = json.loads(handle("ratio", json.dumps({"org_type": "sw-org", "total": 0, "social_work": 0})))
    assert answer["ok"] is False and "display" not in answer and answer["errors"]
