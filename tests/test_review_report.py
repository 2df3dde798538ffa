"""本站对各条的全部表述 (`make review`): everything the site says about a clause is reachable from its label."""

import pytest

from calculators.rules import allowance_rules, provision_rules, ratio_rules
from calculators.selfcheck import checklist
from policytext import load_clauses, load_glossary
from sitebuild.review import collect, render, representative_results
from training.bank import load_questions


@pytest.fixture(scope="module")
def reviews():
    return collect()


def _section(reviews, label, name):
    return "\n".join(reviews[label].sections.get(name, []))


def test_every_clause_has_its_text_and_its_解读_in_the_report(reviews):
    report = render(reviews)
    for clause in load_clauses():
        assert f"## {clause.label}\n" in report
        assert _section(reviews, clause.label, "解读（原文与解读页）"), clause.label


def test_every_provision_glossary_entry_question_and_self_check_point_is_under_its_clause(reviews):
    for provision in provision_rules().provisions:
        assert f"`{provision.id}` 「{provision.text}」" in _section(
            reviews, provision.clause, "规则数据：规定、用语与对象"
        )
    for term in load_glossary():
        for label in term.clauses:
            assert f"**{term.term}**" in _section(reviews, label, "术语表")
    for item in load_questions():
        assert f"`{item.id}`" in _section(reviews, item.clause, "题库")
    for kind in ratio_rules().org_types:
        for point in checklist(kind.code):
            assert f"`{point.id}`" in _section(reviews, point.clause, "工具规则：单位自查")
    for provision in allowance_rules().provisions:
        assert f"`{provision.id}`" in _section(reviews, provision.clause, "工具规则：津贴与激励资格自查")


def test_every_sentence_a_tool_answers_with_is_under_each_clause_the_answer_cites(reviews):
    results = [r for r in representative_results() if r.ok]
    assert len(results) > 100
    for result in results:
        for label in result.clauses:
            assert result.verdict in _section(reviews, label, "工具答复（各工具对这些输入说的话）")


def test_a_line_of_another_page_that_names_a_clause_is_under_that_clause(reviews):
    # 规则一览 cites 三（二） in its ratio section; the tools page cites 三（二）3.
    assert "`rules.md`" in _section(reviews, "三（二）", "其他页面")
    assert "`tools/index.md`" in _section(reviews, "三（二）3", "其他页面")
