"""The clause table is checked loudly: a gap, an overlap or a malformed entry stops the build."""

import pytest

from policytext.clauses import ClauseTableError, cut_text

TEXT = "一、总则\n坚持甲。正文甲。\n\n（一）乙。正文乙。\n"


def entry(label, fragment, lines, form="run-in", level=3, **extra):
    return {"label": label, "fragment": fragment, "lines": lines, "form": form, "level": level, **extra}


GOOD = [entry("一", "s1", [1], form="heading", level=2), entry("二", "s2", [2]), entry("三", "s3", [4])]


def test_a_table_that_covers_every_line_once_is_accepted():
    clauses = cut_text(TEXT, GOOD)
    assert [c.label for c in clauses] == ["一", "二", "三"]
    assert clauses[1].heading == "坚持甲。"
    assert clauses[1].body == ("正文甲。",)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (GOOD[:2], "lines not owned by any clause: [4]"),
        (GOOD + [entry("四", "s4", [4])], "distinct lines"),
        ([GOOD[0], GOOD[2], GOOD[1]], "distinct lines, in the order"),
        ([GOOD[0], GOOD[1], entry("二", "s3", [4])], "duplicate labels"),
        ([GOOD[0], GOOD[1], entry("三", "s2", [4])], "duplicate fragments"),
        ([GOOD[0], GOOD[1], entry("三", "S3", [4])], "not lower-case ASCII"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [4], form="box")], "unknown form"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [3])], "blank line"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [9])], "outside the text"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [4], level=None)], "needs level"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [4], form="paragraph", level=None)], "navigation title"),
        ([GOOD[0], GOOD[1], entry("三", "s3", [4], colour="red")], "unknown keys"),
        ([entry("一", "s1", [1, 2]), entry("三", "s3", [4])], "one paragraph, one line"),
    ],
)
def test_a_faulty_table_is_refused_with_a_message_naming_the_fault(table, message):
    with pytest.raises(ClauseTableError, match=message.replace("[", r"\[").replace("]", r"\]")):
        cut_text(TEXT, table)


def test_a_run_in_clause_needs_a_lead_sentence():
    with pytest.raises(ClauseTableError, match="no 。"):
        cut_text("没有句号的段落\n", [entry("一", "s1", [1])])
