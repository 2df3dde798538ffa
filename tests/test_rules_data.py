"""The rules data cites clauses and provisions that exist, and the calculators cite only those clauses."""

import tomllib
from pathlib import Path

import pytest
from scenarios.run import read_cases, run_case

from calculators.rules import allowance_rules, grade_rules, provision_rules, ratio_rules
from policytext import load_clauses
from sitebuild.rules_fingerprint import RULE_FILES

LABELS = {c.label for c in load_clauses()}
RULES_DIR = Path(__file__).resolve().parent.parent / "calculators" / "rules"


PROVISION_IDS = {p.id for p in provision_rules().provisions}


def _cited(value, keys):
    """Every string under one of `keys` (a string or a list of strings), anywhere in a parsed rules file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, str):
                yield item
            elif key in keys and isinstance(item, list) and all(isinstance(i, str) for i in item):
                yield from item
            else:
                yield from _cited(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from _cited(item, keys)


# The files the calculators decide by, as the rules fingerprint counts them: not words.toml (the site's own
# words, tests/test_words.py) nor history.toml (the rules' versions, tests/test_record_rules.py).
RULES_FILES = [RULES_DIR / name for name in RULE_FILES]


@pytest.mark.parametrize("path", RULES_FILES, ids=lambda p: p.name)
def test_every_clause_and_provision_a_rules_file_cites_exists(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    clauses = set(_cited(data, ("clause", "clauses")))
    provisions = set(_cited(data, ("provision", "provisions")))
    provisions |= {entry["id"] for entry in data.get("provision", ()) if path.name == "allowance.toml"}
    assert clauses or provisions, f"{path.name} cites nothing"
    assert clauses <= LABELS and provisions <= PROVISION_IDS


def test_every_provision_id_is_unique():
    ids = [p.id for p in provision_rules().provisions]
    assert len(ids) == len(set(ids))


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


def test_the_threshold_is_a_whole_number_of_hundredths_of_a_percent_below_one_hundred_percent():
    # The percentage display and the count of new posts rely on both (calculators/ratio.py).
    threshold = ratio_rules().threshold
    assert (threshold * 10000).denominator == 1 and 0 < threshold < 1


def test_each_post_offers_only_the_levels_the_text_gives_it():
    levels = {q.code: q.level_names for q in grade_rules().qualifications}
    assert levels == {"assistant": ("一级", "二级"), "social-worker": ("一级", "二级", "三级"), "senior": ()}


def test_where_to_learn_the_local_allowance_is_said_for_every_case_and_invents_no_amount_or_title():
    rules = allowance_rules()
    assert set(rules.local_amount_source) == set(rules.occupational_allowance_words)
    for sentence in rules.local_amount_source.values():
        assert sentence.startswith("本文件没有规定职业津贴的金额")
        assert not any(character.isdigit() for character in sentence) and "元" not in sentence and "《" not in sentence


def test_the_grade_table_covers_thirteen_grades_once_each():
    rules = grade_rules()
    grades = [g for tier in rules.tiers for g in tier.grades]
    assert sorted(grades) == list(range(rules.lowest, rules.highest + 1)) == list(range(1, 14))


def test_the_two_year_condition_is_the_number_the_text_gives():
    text = next(c.text for c in load_clauses() if c.label == "四（四）")
    assert allowance_rules().min_years_for_postgraduate_priority == 2 and "服务满两年" in text
