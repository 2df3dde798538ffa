"""The glossary and the 解读 stay tied to the text: terms occur in it, cited clauses exist, every clause is
annotated, the known slips are marked 原文如此, and nothing the site adds sits inside the official text."""

from pathlib import Path

import pytest

from policytext import load_clauses, load_glossary, official_text
from site_html import parse

PROJECT_DIR = Path(__file__).resolve().parent.parent
LABELS = {c.label for c in load_clauses()}
REQUIRED_TERMS = ["社会工作专业人才", "水平评价类职业资格", "专业技术岗位", "主系列", "辅系列", "事业单位", "社会组织",
                  "政府购买服务", "职业津贴", "督导", "艰苦地区"]


def test_the_glossary_has_the_terms_readers_ask_about():
    assert set(REQUIRED_TERMS) <= {t.term for t in load_glossary()}


@pytest.mark.parametrize("term", load_glossary(), ids=lambda t: t.fragment)
def test_each_glossary_term_occurs_in_the_text_and_cites_existing_clauses(term):
    assert term.term in official_text()
    assert term.fragment.isascii() and term.fragment == term.fragment.lower()
    assert term.short and len(term.short) <= 80
    assert set(term.clauses) <= LABELS


def test_glossary_fragments_are_unique():
    fragments = [t.fragment for t in load_glossary()]
    assert len(fragments) == len(set(fragments))


def test_every_search_word_is_a_well_formed_jieba_entry_that_occurs_in_the_text():
    lines = (PROJECT_DIR / "policytext" / "search_words.txt").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        word, frequency, tag = line.split(" ")
        assert word in official_text(), word
        assert frequency.isdigit() and tag.isalpha()


def test_the_search_words_do_not_hide_the_words_readers_search_for():
    words = {line.split(" ")[0] for line in (PROJECT_DIR / "policytext" / "search_words.txt").read_text("utf-8").splitlines()}
    # jieba indexes a listed word whole, so 职业津贴 would make 津贴 unfindable in 四（一）.
    assert "职业津贴" not in words


def test_every_clause_is_followed_by_its_interpretation(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    missing = []
    for element in page.select("[data-clause]"):
        section = element.find_parent("section")
        annotation = section.find_next_sibling()
        if annotation is None or "interpretation" not in annotation.get("class", []):
            missing.append(element["data-clause"])
    assert missing == []


@pytest.mark.parametrize(("label", "slip"), [("署名", "妇联女联合会"), ("五（二）", "需求待遇"), ("末段", "社会工作岗位开发")])
def test_the_known_slips_are_marked_as_such_after_their_clause(built_site, label, slip):
    page = parse(built_site.directory / "policy" / "index.html")
    section = page.select_one(f'[data-clause="{label}"]').find_parent("section")
    notes = []
    for sibling in section.find_next_siblings():
        if sibling.name == "section":
            break
        if "slip" in sibling.get("class", []):
            notes.append(sibling.get_text())
    assert any("原文如此" in note and slip in note for note in notes)


def test_annotations_are_never_inside_the_official_text(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    assert page.select("[data-clause] .admonition, [data-clause] details") == []
