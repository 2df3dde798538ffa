"""Exam training in the browser: practice with instant feedback, an exam of single- and multiple-choice items
with a score and a review, and the progress, the wrong-answer notebook and an unfinished exam kept across a
reload; nothing lost by one tap (the record is cleared, and an exam with unanswered questions handed in, only
after asking), the exam's last minute and its time-out, and the notebook's own page."""

import json
import re

import pytest
from accessibility import axe_results
from off_site import off_site
from playwright.sync_api import expect

from training import load_questions

pytestmark = pytest.mark.browser

ANSWERS = {item.id: set(item.answer) for item in load_questions()}
TYPES = {item.id: item.type for item in load_questions()}


def _open(page, url):
    page.goto(url)
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")


def _answer(fieldset, right):
    """Tick the right options of a question, or one wrong one."""
    question_id = fieldset.get_attribute("data-jm-question-id")
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
    expect(summary).to_have_attribute("data-jm-seen", "2")
    expect(summary).to_have_attribute("data-jm-wrong", "1")

    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    expect(summary).to_have_attribute("data-jm-seen", "2")
    expect(summary).to_have_attribute("data-jm-wrong", "1")
    page.get_by_label("练习范围").select_option("wrong")
    expect(page.locator(".jm-quiz__question")).to_have_attribute("data-jm-question-id", wrong_id)
    _answer(page.locator(".jm-quiz__question"), right=True)
    page.get_by_role("button", name="提交答案").click()
    expect(summary).to_have_attribute("data-jm-wrong", "0")


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
    expect(score).to_have_attribute("data-jm-score", "9")
    expect(score).to_have_attribute("data-jm-total", "10")
    review = page.locator(".jm-quiz__review > li")
    expect(review).to_have_count(1)
    expect(review.first).to_have_attribute("data-jm-question-id", missed)
    expect(review.first.locator("a.jm-quiz__clause")).to_have_attribute("href", re.compile(r"policy/#"))
    assert missed in page.evaluate("JSON.parse(localStorage.getItem('jm-quiz-wrong'))")


def test_an_exam_draws_only_single_and_multiple_choice_items(page, site_url):
    _open(page, f"{site_url}training/exam/")
    page.get_by_label("题量").select_option("50")  # the longest exam: most of the eligible items
    page.get_by_role("button", name="开始考试").click()
    questions = page.locator(".jm-quiz__question")
    expect(questions).to_have_count(50)
    ids = questions.evaluate_all("(all) => all.map((f) => f.dataset.jmQuestionId)")
    assert {TYPES[i] for i in ids} <= {"single", "multiple"}
    assert not [t for t in page.locator(".jm-quiz__type").all_inner_texts() if "判断题" in t]
    # A multiple-choice item offers five checkboxes.
    multiple = next(i for i in ids if TYPES[i] == "multiple")
    expect(page.locator(f'[data-jm-question-id="{multiple}"] input[type="checkbox"]')).to_have_count(5)


def test_an_unfinished_exam_holding_a_true_false_item_is_set_aside(page, site_url):
    # Saved before true/false items left exam mode: the page starts afresh instead of showing one.
    statement = next(i for i, kind in TYPES.items() if kind == "true_false")
    single = next(i for i, kind in TYPES.items() if kind == "single")
    _open(page, f"{site_url}training/exam/")
    saved = {
        "ids": [statement, single],
        "orders": [[0, 1], [0, 1, 2, 3]],
        "answers": [[], []],
        "started": 0,
        "deadline": 4102444800000,
    }
    page.evaluate(f"localStorage.setItem('jm-quiz-exam', {json.dumps(json.dumps(saved))})")
    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    expect(page.get_by_role("button", name="开始考试")).to_be_visible()
    expect(page.locator(".jm-quiz__question")).to_have_count(0)


def test_an_unfinished_exam_survives_a_reload(page, site_url):
    _open(page, f"{site_url}training/exam/")
    page.get_by_role("button", name="开始考试").click()
    first = page.locator(".jm-quiz__question").first
    first_id = _answer(first, right=True)
    ids = page.locator(".jm-quiz__question").evaluate_all("(all) => all.map((f) => f.dataset.jmQuestionId)")
    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    assert page.locator(".jm-quiz__question").evaluate_all("(all) => all.map((f) => f.dataset.jmQuestionId)") == ids
    reloaded = page.locator(".jm-quiz__question").first
    assert reloaded.get_attribute("data-jm-question-id") == first_id
    assert reloaded.locator("input:checked").count() >= 1


@pytest.mark.parametrize("path", ["training/practice/", "training/exam/"])
def test_training_pages_pass_axe_and_fit_a_phone(browser, site_url, path):
    context = browser.new_context(
        service_workers="block", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _open(page, site_url + path)
    if path.endswith("exam/"):
        page.get_by_role("button", name="开始考试").click()
    results = axe_results(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0


# ---- Nothing lost by one tap, the notebook, the timer ---------------------------------------------------------


def _only_local(requests_seen, site_url):
    assert requests_seen
    assert off_site(requests_seen, site_url) == []


def _stored(page, key):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")


NOTEBOOK = [i for i, kind in TYPES.items() if kind == "single"][:3]


def test_practice_marks_the_right_option_and_the_wrong_choice_in_words_and_counts_the_questions(
    page, site_url, requests_seen
):
    _open(page, f"{site_url}training/practice/")
    counter = page.locator(".jm-quiz__counter")
    expect(counter).to_have_text(f"第 1 题 / 共 {len(ANSWERS)} 题")
    question = page.locator(".jm-quiz__question")
    _answer(question, right=False)
    page.get_by_role("button", name="提交答案").click()
    chosen = question.locator('.jm-quiz__option[data-jm-mark="chosen"]')
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("✗ 你的选择")
    right = question.locator('.jm-quiz__option[data-jm-mark="right"]')
    expect(right).to_have_count(len(ANSWERS[question.get_attribute("data-jm-question-id")]))
    expect(right.first).to_contain_text("✓ 正确答案")
    page.get_by_role("button", name="下一题").click()
    expect(counter).to_have_text(f"第 2 题 / 共 {len(ANSWERS)} 题")
    _answer(page.locator(".jm-quiz__question"), right=True)
    page.get_by_role("button", name="提交答案").click()
    expect(page.locator('.jm-quiz__option[data-jm-mark="right"]').first).to_contain_text("✓ 正确答案（你的选择）")
    expect(page.locator('.jm-quiz__option[data-jm-mark="chosen"]')).to_have_count(0)
    _only_local(requests_seen, site_url)


def test_clearing_the_record_asks_first_naming_the_notebook_size_and_cancel_keeps_everything(page, site_url):
    _open(page, f"{site_url}training/practice/")
    page.evaluate(f"localStorage.setItem('jm-quiz-wrong', {json.dumps(json.dumps(NOTEBOOK))})")
    page.evaluate(
        f"localStorage.setItem('jm-quiz-progress', JSON.stringify({{'{NOTEBOOK[0]}': {{seen: 1, right: 0, last: false}}}}))"
    )
    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    clear = page.get_by_role("button", name="清空练习记录")
    # Away from the thumb: above the question, not beside 提交答案.
    assert (
        clear.bounding_box()["y"] + clear.bounding_box()["height"]
        < page.locator(".jm-quiz__question").bounding_box()["y"]
    )
    clear.click()
    dialog = page.locator("dialog.jm-quiz__dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_name(f"将清空练习记录和错题本（{len(NOTEBOOK)} 题），确定？")
    expect(dialog.get_by_role("button", name="取消")).to_be_focused()
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_have_count(0)
    assert _stored(page, "jm-quiz-wrong") == NOTEBOOK
    assert _stored(page, "jm-quiz-progress") is not None
    expect(page.locator(".jm-quiz__summary")).to_have_attribute("data-jm-wrong", str(len(NOTEBOOK)))

    clear.click()
    page.locator("dialog.jm-quiz__dialog").get_by_role("button", name="确定清空").click()
    expect(page.locator(".jm-quiz__summary")).to_have_attribute("data-jm-wrong", "0")
    assert _stored(page, "jm-quiz-wrong") is None
    assert _stored(page, "jm-quiz-progress") is None


def _start_exam(page, site_url, count="10"):
    _open(page, f"{site_url}training/exam/")
    page.get_by_label("题量").select_option(count)
    page.get_by_role("button", name="开始考试").click()
    return page.locator(".jm-quiz__question")


def test_handing_in_with_unanswered_questions_asks_and_can_go_back_to_the_first_of_them(page, site_url):
    questions = _start_exam(page, site_url)
    _answer(questions.nth(0), right=True)
    _answer(questions.nth(1), right=True)
    page.get_by_role("button", name="交卷").click()
    dialog = page.locator("dialog.jm-quiz__dialog")
    expect(dialog).to_contain_text("还有 8 题未答")
    dialog.get_by_role("button", name="回到第 3 题").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("#jm-exam-q-3 input").first).to_be_focused()
    expect(page.locator(".jm-quiz__score")).to_have_count(0)  # not handed in


def test_unanswered_questions_score_nothing_and_stay_out_of_the_notebook(page, site_url, requests_seen):
    questions = _start_exam(page, site_url)
    wrong = _answer(questions.nth(0), right=False)
    _answer(questions.nth(1), right=True)
    unanswered = questions.evaluate_all("(all) => all.slice(2).map((f) => f.dataset.jmQuestionId)")
    page.get_by_role("button", name="交卷").click()
    page.locator("dialog.jm-quiz__dialog").get_by_role("button", name="仍然交卷").click()
    expect(page.locator(".jm-quiz__score")).to_have_attribute("data-jm-score", "1")
    expect(page.locator(".jm-quiz__review > li[data-jm-unanswered]")).to_have_count(8)
    expect(page.locator(".jm-quiz__report")).to_contain_text("未答 8 题，不得分，也不加入错题本")
    assert _stored(page, "jm-quiz-wrong") == [wrong]
    assert not set(unanswered) & set(_stored(page, "jm-quiz-progress"))
    expect(page.get_by_role("link", name="查看错题本（1 题）")).to_have_attribute(
        "href", re.compile(r"training/notebook/$")
    )
    _only_local(requests_seen, site_url)


def _set_deadline(page, milliseconds_left):
    page.evaluate(
        "(left) => { const s = JSON.parse(localStorage.getItem('jm-quiz-exam'));"
        " s.deadline = Date.now() + left; localStorage.setItem('jm-quiz-exam', JSON.stringify(s)); }",
        milliseconds_left,
    )
    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")


def test_the_exam_clock_warns_in_its_last_minute_and_hands_in_when_time_is_up(page, site_url):
    questions = _start_exam(page, site_url)
    expect(page.locator(".jm-quiz__clock")).not_to_have_attribute("data-jm-warning", "")
    answered = _answer(questions.nth(0), right=False)
    _set_deadline(page, 45_000)
    clock = page.locator(".jm-quiz__clock")
    expect(clock).to_have_attribute("data-jm-warning", "")
    alert = clock.get_by_role("status")
    expect(alert).to_have_attribute("aria-live", "polite")
    expect(alert).to_have_text("还剩不到 1 分钟，时间到将自动交卷。")
    expect(alert).to_be_visible()

    _set_deadline(page, 1_500)
    expect(page.locator(".jm-quiz__timeout")).to_have_text("时间到，已自动交卷。", timeout=10_000)
    expect(page.locator(".jm-quiz__timeout")).to_be_focused()
    expect(page.locator(".jm-quiz__score")).to_have_attribute("data-jm-total", "10")
    assert _stored(page, "jm-quiz-exam") is None
    assert _stored(page, "jm-quiz-wrong") == [answered]


def test_an_exam_whose_time_ran_out_while_the_page_was_closed_says_so(page, site_url):
    _start_exam(page, site_url)
    _set_deadline(page, -5_000)
    expect(page.locator(".jm-quiz__timeout")).to_have_text("时间到，已自动交卷。")


def test_the_exam_prints_the_paper_it_drew_with_the_options_in_the_order_shown(page, site_url, tmp_path):
    questions = _start_exam(page, site_url)
    shown = questions.evaluate_all(
        "(all) => all.map((f) => [f.dataset.jmQuestionId, [...f.querySelectorAll('input')].map((i) => i.value)])"
    )
    page.evaluate("window.print = () => { window.jmPrinted = true; }")
    page.get_by_role("button", name="打印本次试卷").click()
    assert page.evaluate("window.jmPrinted")
    page.emulate_media(media="print")
    sheet = page.locator(".jm-print-sheet")
    expect(sheet).to_be_visible()
    expect(page.locator(".jm-quiz__paper")).to_be_hidden()
    expect(page.locator(".md-content h1")).to_be_hidden()
    printed = sheet.locator(".jm-paper__question").evaluate_all(
        "(all) => all.map((q) => [q.dataset.jmQuestionId, [...q.querySelectorAll('[data-jm-option]')].map((o) => o.dataset.jmOption)])"
    )
    assert printed == shown  # the screen's order and numbering, each question saying its kind
    expect(sheet.locator(".jm-paper__stem").first).to_contain_text(re.compile(r"^1\. 【(单选题|多选题)】"))
    expect(sheet.locator(".jm-paper__candidate")).to_contain_text("姓名")


def test_the_notebook_lists_the_wrong_questions_with_answer_explanation_and_clause_and_practises_them(
    page, site_url, requests_seen
):
    _open(page, f"{site_url}training/notebook/")
    expect(page.locator(".jm-notebook__heading")).to_have_text("错题本（0 题）")
    page.evaluate(f"localStorage.setItem('jm-quiz-wrong', {json.dumps(json.dumps(NOTEBOOK))})")
    page.reload()
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    expect(page.get_by_role("heading", name=f"错题本（{len(NOTEBOOK)} 题）")).to_be_visible()
    items = page.locator(".jm-notebook__item")
    assert items.evaluate_all("(all) => all.map((i) => i.dataset.jmQuestionId)") == NOTEBOOK
    bank = {item.id: item for item in load_questions()}
    for index, question_id in enumerate(NOTEBOOK):
        item, question = items.nth(index), bank[question_id]
        expect(item).to_contain_text(question.stem)
        expect(item.locator(".jm-notebook__answer")).to_contain_text(question.options[question.answer[0]])
        expect(item.locator('[data-jm-mark="right"]')).to_contain_text("✓ 正确答案")
        expect(item).to_contain_text(question.explanation)
        expect(item.locator("a.jm-quiz__clause")).to_have_attribute("href", re.compile(r"policy/#"))
    page.get_by_role("link", name=f"只练这些错题（{len(NOTEBOOK)} 题）").click()
    expect(page).to_have_url(re.compile(r"training/practice/\?scope=wrong$"))
    expect(page.locator("[data-jm-quiz]")).to_have_attribute("data-jm-state", "ready")
    expect(page.get_by_label("练习范围")).to_have_value("wrong")
    expect(page.locator(".jm-quiz__counter")).to_have_text(f"第 1 题 / 共 {len(NOTEBOOK)} 题")
    assert page.locator(".jm-quiz__question").get_attribute("data-jm-question-id") in NOTEBOOK
    expect(page.get_by_role("link", name=f"错题本（{len(NOTEBOOK)} 题）")).to_be_visible()
    _only_local(requests_seen, site_url)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("state", ["clear-dialog", "hand-in-dialog", "last-minute", "report", "notebook"])
def test_the_new_states_pass_axe_on_a_phone_in_both_schemes(browser, site_url, state, color_scheme):
    context = browser.new_context(
        service_workers="block",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        color_scheme=color_scheme,
        locale="zh-CN",
    )
    page = context.new_page()
    if state == "clear-dialog":
        _open(page, f"{site_url}training/practice/")
        _answer(page.locator(".jm-quiz__question"), right=True)
        page.get_by_role("button", name="提交答案").click()
        page.get_by_role("button", name="清空练习记录").click()
        expect(page.locator("dialog.jm-quiz__dialog")).to_be_visible()
    elif state == "notebook":
        _open(page, f"{site_url}training/notebook/")
        page.evaluate(f"localStorage.setItem('jm-quiz-wrong', {json.dumps(json.dumps(NOTEBOOK))})")
        page.reload()
        expect(page.locator(".jm-notebook__item")).to_have_count(len(NOTEBOOK))
    else:
        questions = _start_exam(page, site_url)
        _answer(questions.nth(0), right=False)
        if state == "last-minute":
            _set_deadline(page, 45_000)
            expect(page.locator(".jm-quiz__alert")).not_to_be_empty()
        else:
            page.get_by_role("button", name="交卷").click()
            expect(page.locator("dialog.jm-quiz__dialog")).to_be_visible()
            if state == "report":
                page.get_by_role("button", name="仍然交卷").click()
                expect(page.locator(".jm-quiz__score")).to_be_visible()
    results = axe_results(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0
