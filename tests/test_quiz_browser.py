"""Exam training in the browser: practice with instant feedback, an exam of single- and multiple-choice items
with a score and a review, and the progress, the wrong-answer notebook and an unfinished exam kept across a
reload."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from training import load_questions

pytestmark = pytest.mark.browser

ANSWERS = {item.id: set(item.answer) for item in load_questions()}
TYPES = {item.id: item.type for item in load_questions()}


def _open(page, url):
    page.goto(url)
    expect(page.locator("[data-quiz]")).to_have_attribute("data-state", "ready")


def _answer(fieldset, right):
    """Tick the right options of a question, or one wrong one."""
    question_id = fieldset.get_attribute("data-question-id")
    inputs = fieldset.locator("input")
    values = [int(inputs.nth(i).get_attribute("value")) for i in range(inputs.count())]
    correct = ANSWERS[question_id]
    if right:
        wanted = correct
    else:  # one wrong option: every item has one (multiple-choice items at least one of five)
        wanted = {next(v for v in values if v not in correct)}
    for i, value in enumerate(values):
        if value in wanted:
            inputs.nth(i).check()
    return question_id


def test_practice_gives_instant_feedback_and_keeps_progress_and_the_notebook_across_a_reload(page, site_url):
    _open(page, f"{site_url}training/practice/")
    _answer(page.locator(".jm-quiz__question"), right=True)
    page.get_by_role("button", name="提交答案").click()
    feedback = page.locator(".jm-quiz__feedback")
    expect(feedback).to_contain_text("回答正确。")
    expect(feedback.locator("a.jm-quiz__clause")).to_have_attribute("href", re.compile(r"policy/#"))
    page.get_by_role("button", name="下一题").click()
    wrong_id = _answer(page.locator(".jm-quiz__question"), right=False)
    page.get_by_role("button", name="提交答案").click()
    expect(feedback).to_contain_text("回答错误。正确答案：")
    summary = page.locator(".jm-quiz__summary")
    expect(summary).to_have_attribute("data-seen", "2")
    expect(summary).to_have_attribute("data-wrong", "1")

    page.reload()
    expect(page.locator("[data-quiz]")).to_have_attribute("data-state", "ready")
    expect(summary).to_have_attribute("data-seen", "2")
    expect(summary).to_have_attribute("data-wrong", "1")
    page.get_by_label("练习范围").select_option("wrong")
    expect(page.locator(".jm-quiz__question")).to_have_attribute("data-question-id", wrong_id)
    _answer(page.locator(".jm-quiz__question"), right=True)
    page.get_by_role("button", name="提交答案").click()
    expect(summary).to_have_attribute("data-wrong", "0")


def test_an_exam_is_scored_and_the_wrong_answers_are_reviewed_with_their_clauses(page, site_url):
    _open(page, f"{site_url}training/exam/")
    page.get_by_label("题量").select_option("10")
    page.get_by_role("button", name="开始考试").click()
    questions = page.locator(".jm-quiz__question")
    expect(questions).to_have_count(10)
    expect(page.locator(".jm-quiz__feedback, .jm-quiz__right, .jm-quiz__wrong")).to_have_count(0)  # no feedback yet
    missed = _answer(questions.nth(0), right=False)
    for i in range(1, 10):
        _answer(questions.nth(i), right=True)
    expect(page.locator(".jm-quiz__clock")).to_contain_text("剩余时间")
    page.get_by_role("button", name="交卷").click()
    score = page.locator(".jm-quiz__score")
    expect(score).to_have_attribute("data-score", "9")
    expect(score).to_have_attribute("data-total", "10")
    review = page.locator(".jm-quiz__review > li")
    expect(review).to_have_count(1)
    expect(review.first).to_have_attribute("data-question-id", missed)
    expect(review.first.locator("a.jm-quiz__clause")).to_have_attribute("href", re.compile(r"policy/#"))
    assert missed in page.evaluate("JSON.parse(localStorage.getItem('jm-quiz-wrong'))")


def test_an_exam_draws_only_single_and_multiple_choice_items(page, site_url):
    _open(page, f"{site_url}training/exam/")
    page.get_by_label("题量").select_option("50")  # the longest exam: most of the eligible items
    page.get_by_role("button", name="开始考试").click()
    questions = page.locator(".jm-quiz__question")
    expect(questions).to_have_count(50)
    ids = questions.evaluate_all("(all) => all.map((f) => f.dataset.questionId)")
    assert {TYPES[i] for i in ids} <= {"single", "multiple"}
    assert not [t for t in page.locator(".jm-quiz__type").all_inner_texts() if "判断题" in t]
    # A multiple-choice item offers five checkboxes.
    multiple = next(i for i in ids if TYPES[i] == "multiple")
    expect(page.locator(f'[data-question-id="{multiple}"] input[type="checkbox"]')).to_have_count(5)


def test_an_unfinished_exam_holding_a_true_false_item_is_set_aside(page, site_url):
    # Saved before true/false items left exam mode: the page starts afresh instead of showing one.
    statement = next(i for i, kind in TYPES.items() if kind == "true_false")
    single = next(i for i, kind in TYPES.items() if kind == "single")
    _open(page, f"{site_url}training/exam/")
    saved = {"ids": [statement, single], "orders": [[0, 1], [0, 1, 2, 3]], "answers": [[], []],
             "started": 0, "deadline": 4102444800000}
    page.evaluate(f"localStorage.setItem('jm-quiz-exam', {json.dumps(json.dumps(saved))})")
    page.reload()
    expect(page.locator("[data-quiz]")).to_have_attribute("data-state", "ready")
    expect(page.get_by_role("button", name="开始考试")).to_be_visible()
    expect(page.locator(".jm-quiz__question")).to_have_count(0)


def test_an_unfinished_exam_survives_a_reload(page, site_url):
    _open(page, f"{site_url}training/exam/")
    page.get_by_role("button", name="开始考试").click()
    first = page.locator(".jm-quiz__question").first
    first_id = _answer(first, right=True)
    ids = page.locator(".jm-quiz__question").evaluate_all("(all) => all.map((f) => f.dataset.questionId)")
    page.reload()
    expect(page.locator("[data-quiz]")).to_have_attribute("data-state", "ready")
    assert page.locator(".jm-quiz__question").evaluate_all("(all) => all.map((f) => f.dataset.questionId)") == ids
    reloaded = page.locator(".jm-quiz__question").first
    assert reloaded.get_attribute("data-question-id") == first_id
    assert reloaded.locator("input:checked").count() >= 1


@pytest.mark.parametrize("path", ["training/practice/", "training/exam/"])
def test_training_pages_pass_axe_and_fit_a_phone(browser, site_url, path):
    context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _open(page, site_url + path)
    if path.endswith("exam/"):
        page.get_by_role("button", name="开始考试").click()
    results = Axe().run(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0
