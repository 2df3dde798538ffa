"""How the question bank writes: 「」 only around the text's own words, the document named wherever it is meant,
true/false items that no single word gives away, and each fact asked once, so no item gives away another's
answer in an exam."""

import difflib
import re

import pytest

from policytext import clause_by_label
from policytext.quotations import QUOTATION, is_verbatim
from training import load_questions
from training.bank import DOCUMENT, TRUE_FALSE_OPTIONS, QuestionItem

ITEMS = load_questions()


def _texts(item):
    return [("stem", item.stem), *(("option", o) for o in item.options), ("explanation", item.explanation)]


# ---- Quotation marks ------------------------------------------------------------------------------------------


def test_a_quotation_is_checked_piece_by_piece_in_order():
    clause = clause_by_label("四（一）").text
    assert is_verbatim("各地应给予职业津贴", clause)
    assert is_verbatim("由用人单位……参考同类人员合理确定薪酬标准", clause)
    assert not is_verbatim("参考同类人员合理确定薪酬标准……由用人单位", clause)  # out of order
    assert not is_verbatim("各地应当给予职业津贴", clause)  # a word added


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_what_is_in_corner_brackets_is_verbatim_from_the_items_own_clause(item):
    clause = clause_by_label(item.clause).text
    wrong = [
        (field, quote)
        for field, text in _texts(item)
        for quote in QUOTATION.findall(text)
        if not is_verbatim(quote, clause)
    ]
    assert wrong == [], f"not the words of {item.clause}; use “” or no marks for the site's own words"


# ---- The document named -----------------------------------------------------------------------------------------

VAGUE = re.compile("本文件|本条|本意见")


def _names_the_document_where_it_means_it(text: str) -> bool:
    # Quotations of the text may say 本实施意见; the site's own words name the document.
    return not VAGUE.search(QUOTATION.sub("", text)) or DOCUMENT in text


def test_a_text_that_says_only_this_document_is_refused():
    assert not _names_the_document_where_it_means_it("按本文件，社会组织应……")
    assert _names_the_document_where_it_means_it(f"{DOCUMENT}没有规定，本文件未明确")
    assert _names_the_document_where_it_means_it("原文为「本实施意见自印发之日起施行」")


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_stems_options_and_explanations_name_the_document_they_mean(item):
    vague = [field for field, text in _texts(item) if not _names_the_document_where_it_means_it(text)]
    assert vague == [], f"write {DOCUMENT}, not 本文件/本条: questions.json is read outside the site"


# ---- True/false items no single word gives away ----------------------------------------------------------------

# Absolute words that tempt a guess, and the words that once marked every statement false.
TELLING_WORDS = ("必须", "所有", "一律", "自动", "保证", "只要", "规定", "要求")
TRUE_FALSE = [item for item in ITEMS if item.type == "true_false"]


def _answers_by_word(items):
    return {word: {item.options[item.answer[0]] for item in items if word in item.stem} for word in TELLING_WORDS}


def _statement(item_id, stem, truth, clause="四（二）"):
    return QuestionItem(item_id, "true_false", stem, TRUE_FALSE_OPTIONS, (0 if truth else 1,), "解析", clause)


def test_a_word_that_always_means_false_is_caught():
    once = [
        _statement("a", "按本文件，所有机构必须设立奖励基金。", False),
        _statement("b", "各地必须设立关爱基金。", False),
    ]
    assert _answers_by_word(once)["必须"] == {"错误"}
    assert _answers_by_word([*once, _statement("c", "主、辅系列并非必须合并设置。", True)])["必须"] == {"正确", "错误"}


def test_no_telling_word_predicts_the_answer_of_the_true_false_items_that_contain_it():
    # A word that occurs must occur in a true statement and in a false one; a word that never occurs is fine.
    predicting = {word: answers for word, answers in _answers_by_word(TRUE_FALSE).items() if len(answers) == 1}
    assert predicting == {}


def test_true_and_false_statements_are_roughly_balanced():
    true = sum(1 for item in TRUE_FALSE if item.answer == (0,))
    assert 0.35 <= true / len(TRUE_FALSE) <= 0.65


# ---- Each fact asked once ---------------------------------------------------------------------------------------

FORCE_WORD_LEAD = re.compile(r"^(要|应|可以|鼓励和支持|鼓励支持|鼓励|支持)")


def _core(text: str) -> str:
    """A stem without the document's name and punctuation: what is left to compare."""
    text = re.sub(rf"按?{DOCUMENT}", "", text)
    return re.sub(r"[\s，。、：；？！“”「」（）《》]", "", text)


def _correct(item):
    return [item.options[i] for i in item.answer]


def _near_duplicates(items):
    """Pairs whose stems are nearly the same and whose answers are the same: one question asked twice."""
    return [
        (a.id, b.id)
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if _correct(a) == _correct(b) and difflib.SequenceMatcher(None, _core(a.stem), _core(b.stem)).ratio() > 0.8
    ]


def _answers_given_away(items):
    """(single, other): the other item, on the same clause, states the single's answer in its stem, with or
    without its force word (a stem that says 加快推进 gives away the answer 要加快推进)."""
    found = []
    for single in (i for i in items if i.type == "single"):
        (answer,) = (_core(a) for a in _correct(single))
        bare = FORCE_WORD_LEAD.sub("", answer)
        for other in items:
            if other is not single and other.clause == single.clause:
                stem = _core(other.stem)
                if (len(answer) >= 2 and answer in stem) or (len(bare) >= 2 and bare in stem):
                    found.append((single.id, other.id))
    return found


def _distractors_restated(items):
    """(single, statement): a true/false statement on the same clause is one of the single's wrong options."""
    return [
        (single.id, statement.id)
        for single in (i for i in items if i.type == "single")
        for statement in (i for i in items if i.type == "true_false" and i.clause == single.clause)
        for option in single.options
        if option not in _correct(single) and len(_core(option)) >= 4 and _core(option) in _core(statement.stem)
    ]


def _item(item_id, kind, stem, options, answer, clause):
    return QuestionItem(item_id, kind, stem, tuple(options), tuple(answer), "解析", clause)


def test_the_duplicate_checks_catch_the_pairs_once_in_the_bank():
    # Three pairs the bank once had, rebuilt here in their old words.
    who = _item(
        "a", "single", "五（四）规定的督促检查对象是：", ["各市", "各社会组织", "各企业", "各院校"], [0], "五（四）"
    )
    lead = _item(
        "b",
        "single",
        "对各市落实政策情况进行督促检查，由谁会同其他部门开展？",
        ["省民政厅", "省财政厅", "省委组织部", "省人社厅"],
        [0],
        "五（四）",
    )
    assert ("a", "b") in _answers_given_away([who, lead])
    repeal = _item(
        "c",
        "single",
        "本实施意见施行后，同时废止的是哪份文件？",
        ["晋组通字〔2013〕61号", "晋民发〔2017〕49号", "中组发〔2011〕25号", "民发〔2016〕186号"],
        [1],
        "末段",
    )
    not_61 = _statement("d", "本实施意见施行后，晋组通字〔2013〕61号同时废止。", False, "末段")
    assert ("c", "d") in _distractors_restated([repeal, not_61])
    charity = _statement(
        "e", "按本文件，慈善组织（基金会）的社会工作专业岗位数量应不低于岗位总数量的70%。", False, "三（二）3"
    )
    elderly = _statement(
        "f", "按本文件，民办养老机构的社会工作专业岗位数量应不低于岗位总数量的70%。", False, "三（二）3"
    )
    assert ("e", "f") in _near_duplicates([charity, elderly])


def test_no_two_items_ask_the_same_question_in_nearly_the_same_words():
    assert _near_duplicates(list(ITEMS)) == []


def test_no_stem_states_the_answer_of_a_single_choice_item_on_its_clause():
    assert _answers_given_away(list(ITEMS)) == []


def test_no_true_false_statement_restates_a_wrong_option_of_a_single_choice_item_on_its_clause():
    assert _distractors_restated(list(ITEMS)) == []
