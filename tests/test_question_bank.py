"""The question bank: enough items of each type, every clause exists, answers are well formed, and every
item about a number or table of the policy agrees with the rules data."""

import json
import re

import pytest
from site_html import parse

from calculators import minimum_social_work_posts
from calculators.grade import grade_name
from calculators.ratio import percent_text
from calculators.rules import allowance_rules, grade_rules, ratio_rules
from policytext import load_clauses
from sitebuild.question_pages import paper_sections
from training import load_questions, section_of
from training.bank import BankError, QuestionItem, check_item

ITEMS = load_questions()
LABELS = {c.label for c in load_clauses()}
HAND_WRITTEN = [item for item in ITEMS if item.generated_from is None]
GENERATED = [item for item in ITEMS if item.generated_from]


def test_the_bank_has_at_least_sixty_items_of_all_three_types():
    assert len(ITEMS) >= 60
    assert {item.type for item in ITEMS} == {"single", "multiple", "true_false"}
    assert all(sum(1 for item in ITEMS if item.type == kind) >= 8 for kind in ("single", "multiple", "true_false"))


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_each_item_is_well_formed_and_cites_an_existing_clause(item):
    check_item(item, LABELS)  # raises BankError otherwise
    assert item.clause in LABELS


def test_the_chapters_of_the_policy_are_all_examined():
    chapters = {item.clause[0] for item in ITEMS}
    assert set("一二三四五") <= chapters


def test_a_malformed_item_is_refused():
    bad = QuestionItem("x-1", "single", "题干", ("甲", "乙", "丙"), (0, 1), "解析", "四（一）")
    with pytest.raises(BankError, match="exactly one answer"):
        check_item(bad, LABELS)
    with pytest.raises(BankError, match="no clause"):
        check_item(QuestionItem("x-2", "true_false", "题干", ("正确", "错误"), (0,), "解析", "六（一）"), LABELS)


FIVE = ("甲", "乙", "丙", "丁", "戊")


@pytest.mark.parametrize(
    "options, answer",
    [
        (FIVE[:4], (0, 1)),  # four options: the national form has five
        (FIVE + ("己",), (0, 1)),  # six options
        (FIVE, (0,)),  # one right answer is a single-choice item
        (FIVE, (0, 1, 2, 3, 4)),  # every option right: nothing to rule out
    ],
)
def test_a_multiple_choice_item_has_five_options_two_to_four_of_them_right(options, answer):
    check_item(QuestionItem("x-3", "multiple", "题干", FIVE, (0, 1, 4), "解析", "四（一）"), LABELS)  # well formed
    with pytest.raises(BankError, match="five options"):
        check_item(QuestionItem("x-3", "multiple", "题干", options, answer, "解析", "四（一）"), LABELS)


def test_single_choice_items_have_four_options_as_in_the_national_form():
    assert [item.id for item in ITEMS if item.type == "single" and len(item.options) != 4] == []


def test_exam_mode_has_enough_single_and_multiple_choice_items_for_its_longest_exam():
    # quiz.js offers exams of 10, 20, 30 and 50 items, drawn from single- and multiple-choice items only.
    assert sum(1 for item in ITEMS if item.type in ("single", "multiple")) >= 50


# Hand-written items must leave the policy's numbers to the generated items, which come from the rules data.
NUMBER_PATTERNS = [
    re.compile(r"\d+\s*%"),
    re.compile(r"[一二三四五六七八九十]+级专业技术岗位"),
    re.compile(r"满[一两二三四五]年"),
]


@pytest.mark.parametrize("item", HAND_WRITTEN, ids=lambda item: item.id)
def test_hand_written_items_do_not_restate_the_numbers_of_the_rules(item):
    text = item.stem + "".join(item.options)
    assert not any(pattern.search(text) for pattern in NUMBER_PATTERNS), item.id


def _correct(item):
    return [item.options[i] for i in item.answer]


def test_the_generated_threshold_question_has_the_rules_threshold_as_its_answer():
    item = next(i for i in GENERATED if i.id == "s3-2-3-gen-threshold")
    assert _correct(item) == [percent_text(ratio_rules().threshold)]


def test_the_generated_minimum_question_agrees_with_the_calculator():
    item = next(i for i in GENERATED if i.id == "s3-2-3-gen-minimum-eleven")
    assert _correct(item) == [f"{minimum_social_work_posts(11)} 个"]


def test_the_generated_grade_questions_agree_with_the_grade_table():
    table = {(q.name, level): grade for q in grade_rules().qualifications for level, grade in q.levels}
    grade_items = [i for i in GENERATED if i.generated_from == "grades.toml qualification"]
    assert len(grade_items) == len(table)
    for item in grade_items:
        (name, level), grade = next(((key, g) for key, g in table.items() if f"{key[0]}{key[1]}岗位" in item.stem))
        assert _correct(item) == [grade_name(grade)]


def test_the_generated_ratio_truths_agree_with_which_types_the_ratio_binds():
    for item in (i for i in GENERATED if i.id.startswith("s3-2-gen-applies-")):
        kind = ratio_rules().org_type(item.id.removeprefix("s3-2-gen-applies-"))
        assert _correct(item) == ["正确" if kind.applies else "错误"]


def test_the_generated_allowance_questions_ask_for_the_texts_own_wording_and_take_the_answer_from_the_data():
    provisions = {p.id: p for p in allowance_rules().provisions if p.occupational_allowance}
    items = [i for i in GENERATED if i.id.startswith("s4-1-gen-")]
    assert sorted(i.id.removeprefix("s4-1-gen-") for i in items) == sorted(provisions)
    for item in items:
        provision = provisions[item.id.removeprefix("s4-1-gen-")]
        (wording,) = _correct(item)
        # The right option is the provision's own words; every other option puts a force word the text does
        # not use for this addressee (四（一）: 社会组织 has none, 各地 has 应).
        assert provision.text.endswith(wording)
        assert [option for option in item.options if provision.text.endswith(option)] == [wording]
        assert all(provision.policy.addressee in option for option in item.options)


def test_the_generated_years_question_agrees_with_the_hardship_rule():
    item = next(i for i in GENERATED if i.id == "s4-4-gen-postgraduate-years")
    assert _correct(item) == [{1: "一年", 2: "两年", 3: "三年"}[allowance_rules().min_years_for_postgraduate_priority]]


def test_the_bank_is_published_for_trainers_as_json(built_site):
    published = json.loads((built_site.directory / "training" / "questions.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in published] == [item.id for item in ITEMS]
    for item in published:
        assert {"id", "type", "stem", "options", "answer", "explanation", "clause"} <= set(item)


def test_the_printable_set_and_the_answer_key_list_every_item(built_site):
    questions = parse(built_site.directory / "training" / "questions" / "index.html").get_text()
    answers = parse(built_site.directory / "training" / "answers" / "index.html")
    for item in ITEMS:
        assert item.stem in questions
    # One block per item: number, answer and clause on a line, the explanation below at the full width.
    blocks = answers.select(".jm-key-item")
    assert len(blocks) == len(ITEMS)
    assert all(block.select_one("a[href*='policy/#']") for block in blocks)
    assert not answers.select("article table")


def test_the_paper_builder_offers_every_part_of_the_document_the_bank_asks_about():
    sections = paper_sections()
    offered = {label: section["key"] for section in sections for label in section["clauses"]}
    assert all(item.clause in offered for item in ITEMS)
    assert len({section["key"] for section in sections}) == len(sections)
    assert {"三（二）3", "三（二）"} <= {label for s in sections if s["key"] == "s3-2" for label in s["clauses"]}


@pytest.mark.parametrize(
    ("label", "section"),
    [
        ("三（二）3", "三（二）"),
        ("二-1", "二"),
        ("一", "一"),
        ("前言", "前言"),
        ("四（一）", "四（一）"),
        ("末段", "末段"),
    ],
)
def test_a_clause_belongs_to_the_part_of_the_document_the_bank_groups_it_under(label, section):
    assert section_of(label) == section
