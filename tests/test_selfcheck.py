"""The organisation self-check: the right points for each type of organisation, a record whose points and
clauses are right, and structured errors."""

import csv
import io
import json

import pytest

from calculators.browser import handle
from calculators.results import as_json
from calculators.selfcheck import check_selfcheck, checklist, selfcheck_csv


def test_a_service_organisation_is_asked_the_ratio_and_an_enterprise_is_not():
    service = [p.id for p in checklist("sw-org")]
    enterprise = [p.id for p in checklist("enterprise")]
    assert "ratio" in service and "allowance-social-org" in service
    assert "ratio" not in enterprise and "enterprise-posts" in enterprise
    assert [p.clause for p in checklist("enterprise") if p.id == "enterprise-posts"] == ["三（二）4"]
    public = [p.id for p in checklist("public-institution")]
    # 三（二）1: 纳入管理 is a directive; counting by the main series' ratios belongs to the optional 合并设置.
    assert "professional-posts-managed" in public and "merged-series-counted" in public
    # 四（一）: 以其他形式就业于……事业单位 — a 事业单位 sets such pay by reference too.
    assert "salary-by-reference" in public and "salary-public-institution" in public


def test_a_service_organisation_below_the_ratio_gets_a_record_with_the_point_not_met_and_a_suggestion():
    answers = {p.id: "是" for p in checklist("sw-org") if p.kind != "ratio"}
    record = check_selfcheck("sw-org", answers, total=10, social_work=6)
    assert record.ok
    ratio = next(p for p in record.points if p.id == "ratio")
    assert ratio.status == "not_met" and ratio.clause == "三（二）3" and ratio.suggestion
    # The ratio point's detail is the ratio calculator's verdict: both ways to reach 70 %, in plain words.
    assert (
        ratio.detail
        == "不符合：社会工作专业岗位占 60%，低于 70%。需把 1 个现有岗位改设为社会工作专业岗位，或新增 4 个社会工作专业岗位。"
    )
    assert record.summary.required_not_met == 1 and record.summary.met == len(answers)
    assert record.verdict == "有 1 项本文件以「应」「要」对本单位提出的事项尚未做到。各项的用语和对象见下表。"
    assert "三（二）3" in record.clauses and "四（一）" in record.clauses


def test_the_ratio_point_shows_the_percentage_as_the_ratio_calculator_does():
    # 69.999999 % rounds to 70 %, but a share below 70 % is never shown as 70 %.
    answers = {p.id: "是" for p in checklist("sw-org") if p.kind != "ratio"}
    record = check_selfcheck("sw-org", answers, total=100_000_000, social_work=69_999_999)
    ratio = next(p for p in record.points if p.id == "ratio")
    assert ratio.status == "not_met" and ratio.detail.startswith("不符合：社会工作专业岗位占 69.99%，低于 70%。")


def test_an_enterprise_that_sets_no_posts_misses_only_an_encouraged_point():
    answers = {p.id: "yes" for p in checklist("enterprise")}
    answers["enterprise-posts"] = "no"
    record = check_selfcheck("企业", answers)
    post = next(p for p in record.points if p.id == "enterprise-posts")
    assert post.status == "not_met" and post.strength == "encouraged"
    assert record.summary.required_not_met == 0
    assert record.verdict.startswith("本文件以「应」「要」对本单位提出的事项均已做到；有 1 项其他事项")


def test_unanswered_and_not_applicable_points_are_recorded_as_such():
    record = check_selfcheck("charity", {"supervision": "不适用"})
    statuses = {p.id: p.status for p in record.points}
    assert statuses["supervision"] == "not_applicable"
    assert statuses["posts-developed"] == "unanswered"
    assert record.verdict.startswith("自查未完成")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("学校", {}), "org_type"),
        (("sw-org", {"ratio": "是", "bogus": "是"}), "bogus"),
        (("sw-org", {"duties-defined": "也许"}), "duties-defined"),
        (("sw-org", {}, "abc", "1"), "total"),
        (("sw-org", "是"), "answers"),
    ],
)
def test_bad_answers_give_chinese_errors_by_field(args, field):
    result = check_selfcheck(*args)
    assert not result.ok and field in [e.field for e in result.errors]


def test_the_record_downloads_as_csv_and_through_the_page_protocol_as_json():
    answers = {p.id: "是" for p in checklist("elderly-care")}
    record = check_selfcheck("elderly-care", answers)
    rows = list(csv.reader(io.StringIO(selfcheck_csv(record))))
    assert rows[0] == ["要点", "条款", "用语与对象", "结果", "说明", "建议"] and len(rows) == len(record.points) + 1
    via_page = json.loads(handle("selfcheck", json.dumps({"org_type": "elderly-care", "answers": answers})))
    assert {k: v for k, v in via_page.items() if k not in ("csv", "display")} == as_json(record)
    assert via_page["csv"] == selfcheck_csv(record)
    assert via_page["display"] == {"outcome": "met", "title": "适用的要点均已做到", "figures": []}


def test_a_要_addressed_to_各地_is_shown_with_its_addressee_and_not_counted_as_the_units_own():
    # 三（三）: 各地要参照……支持引导……社会组织明确社会工作专业岗位等级 — the 要 binds 各地, not the organisation.
    answers = {p.id: "是" for p in checklist("sw-org") if p.kind != "ratio"}
    answers["grades-defined"] = "否"
    answers["continuing-education"] = "否"
    record = check_selfcheck("sw-org", answers, total=10, social_work=7)
    grades = next(p for p in record.points if p.id == "grades-defined")
    assert grades.word == "要" and "对象：各地" in grades.strength_label and not grades.binds_unit
    assert record.summary.required_not_met == 0 and record.summary.not_met == 2
    assert record.verdict.startswith("本文件以「应」「要」对本单位提出的事项均已做到")


def test_a_directive_without_a_modal_word_is_counted_apart_from_the_应_and_要():
    # 四（一）: 同时按照国家有关规定办理社会保险和公积金 — no 应 or 要, but addressed to the 用人单位.
    answers = {p.id: "是" for p in checklist("charity")}
    answers["social-insurance"] = "否"
    record = check_selfcheck("charity", answers)
    insurance = next(p for p in record.points if p.id == "social-insurance")
    assert insurance.word == "" and insurance.strength == "directive"
    assert record.summary.required_not_met == 0 and record.summary.directive_not_met == 1
    assert "未用情态词、直接对本单位作出部署的事项" in record.verdict
