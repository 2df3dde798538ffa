"""The 规则一览 page shows what the rules data says (it is generated from the same files the calculators use)."""

import pytest

from calculators import minimum_social_work_posts
from calculators.grade import grade_name
from calculators.rules import allowance_rules, grade_rules, ratio_rules
from site_html import parse, without_whitespace
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
    expected = [[q.name, level, grade_name(grade), q.tier] for q in grade_rules().qualifications for level, grade in q.levels]
    assert [row for row in rows if row[1] != "不分级别"] == expected
    assert ["高级社会工作师", "不分级别", "高级专业技术岗位（未细分）", "高级"] in rows


def test_every_provision_is_listed_with_its_wording_strength_and_clause(rules_page):
    text = _section_text(rules_page, "provisions")
    rules = allowance_rules()
    for provision in rules.provisions:
        assert f"「{provision.text}」" in text  # the provisions quote the text, which has no spaces
    assert text.count("按规定执行") == sum(1 for p in rules.provisions if p.strength == "per_regulations")
    assert "在艰苦地区服务满2年" in text
