"""The rules data cites clauses that exist, and the calculators cite only those clauses."""

import tomllib
from pathlib import Path

import pytest

from calculators.rules import allowance_rules, grade_rules, ratio_rules
from policytext import load_clauses
from scenarios.run import read_cases, run_case

LABELS = {c.label for c in load_clauses()}
RULES_DIR = Path(__file__).resolve().parent.parent / "calculators" / "rules"


def _cited_labels(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("clause", "clauses"):
                yield from ([item] if isinstance(item, str) else item)
            else:
                yield from _cited_labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cited_labels(item)


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_clause_a_rules_file_cites_exists_on_the_site(path):
    cited = set(_cited_labels(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert cited and cited <= LABELS


def test_every_clause_a_calculator_result_cites_exists_on_the_site():
    scenarios = Path(__file__).parent / "scenarios"
    for calculator in ("ratio", "grade", "allowance"):
        for case in read_cases((scenarios / f"{calculator}.jsonl").read_text(encoding="utf-8")):
            output = run_case(calculator, case)
            assert set(output.get("clauses", [])) <= LABELS
            assert {p["clause"] for p in output.get("provisions", [])} <= LABELS


def test_the_threshold_is_seventy_percent_inclusive_as_the_text_says():
    rules = ratio_rules()
    assert rules.threshold.numerator * 10 == rules.threshold.denominator * 7 and rules.inclusive
    clause_text = next(c.text for c in load_clauses() if c.label == "三（二）3")
    assert "应不低于岗位总数量的70%" in clause_text


def test_the_grade_table_covers_thirteen_grades_once_each():
    rules = grade_rules()
    grades = [g for tier in rules.tiers for g in tier.grades]
    assert sorted(grades) == list(range(rules.lowest, rules.highest + 1)) == list(range(1, 14))


def test_every_provision_quotes_the_text_of_its_clause_verbatim():
    clauses = {c.label: c.text for c in load_clauses()}
    for provision in allowance_rules().provisions:
        assert provision.text in clauses[provision.clause], provision.id
        assert provision.strength in allowance_rules().strengths


def test_the_two_year_condition_is_the_number_the_text_gives():
    text = next(c.text for c in load_clauses() if c.label == "四（四）")
    assert allowance_rules().min_years_for_postgraduate_priority == 2 and "服务满两年" in text
