"""The 规则一览 page shows what the rules data says (it is generated from the same files the calculators use)."""

import pytest
from site_html import parse, without_whitespace

from calculators import minimum_social_work_posts
from calculators.grade import grade_name
from calculators.rules import allowance_rules, grade_rules, provision_rules, ratio_rules
from sitebuild.rule_tables import EXAMPLE_TOTALS


@pytest.fixture(scope="module")
def rules_page(built_site):
    return parse(built_site.directory / "rules" / "index.html")


def _section_text(page, fragment):
    heading = page.find(id=fragment)
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text())
    return without_whitespace("".join(parts))


def test_the_ratio_section_states_the_threshold_and_every_org_type(rules_page):
    text = _section_text(rules_page, "ratio")
    assert "不低于岗位总数量的70%（含本数）" in text
    for kind in ratio_rules().org_types:
        assert without_whitespace(kind.name) in text and without_whitespace(kind.asks) in text


def test_the_table_of_minimums_matches_the_calculator(rules_page):
    table = rules_page.find(id="ratio").find_next("table")
    rows = [[cell.get_text(strip=True) for cell in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [[str(total), str(minimum_social_work_posts(total))] for total in EXAMPLE_TOTALS]
    assert ["10", "7"] in rows and ["11", "8"] in rows


def test_the_grade_table_lists_every_post_level_with_its_grade(rules_page):
    table = rules_page.find(id="grades").find_next("table")
    rows = [[cell.get_text(strip=True) for cell in row.select("td")][:4] for row in table.select("tbody tr")]
    expected = [
        [f"{q.name}岗位", level, grade_name(grade), q.tier]
        for q in grade_rules().qualifications
        for level, grade in q.levels
    ]
    assert [row for row in rows if row[1] != "本文件未分级别"] == expected
    # 三（三） says only that the senior post belongs to the senior tier: no grade is given for it.
    assert ["高级社会工作师岗位", "本文件未分级别", "属于高级专业技术岗位；本文件没有说对应哪一级", "高级"] in rows
    thirteen = rules_page.find(id="grades").find_all_next("table")[1].get_text()
    assert "正高级" in thirteen and "高级社会工作师" not in thirteen


def test_every_provision_is_listed_with_its_wording_strength_and_clause(rules_page):
    text = _section_text(rules_page, "provisions")
    rules = allowance_rules()
    for provision in rules.provisions:
        # the provisions quote the text (which has no spaces), each with its own force label and addressee
        assert (
            f"「{provision.text}」——用语：{provision.policy.force.label}；对象：{provision.policy.addressee_label}"
            in text
        )
    assert "在艰苦地区服务满2年" in text
    # 四（四）'s settling support is for those who stay long and are excellent: the tool's note says so.
    assert "自愿长期留在艰苦地区工作的优秀社会工作专业人才" in text


def test_every_provision_of_the_rules_data_is_listed_with_its_force_and_addressee(rules_page):
    text = _section_text(rules_page, "forces")
    for provision in provision_rules().provisions:
        assert f"「{provision.text}」——用语：{provision.force.label}；对象：{provision.addressee_label}" in text
