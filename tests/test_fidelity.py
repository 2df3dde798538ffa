"""The contract: every data-jm-clause element holds exactly its clause's official text, and together they hold
all of it (whitespace aside). Checked on the built HTML; test_browser.py checks the live DOM as well."""

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from site_html import clause_elements, html_pages, official_text_of, parse, without_whitespace

from policytext import clause_by_label, load_clauses, official_text


def test_the_strict_build_prints_no_warning(built_site):
    problems = [line for line in built_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert problems == []


def test_every_data_clause_element_holds_exactly_the_canonical_text_of_its_clause(built_site):
    canonical = {c.label: without_whitespace(c.text) for c in load_clauses()}
    checked = 0
    for path in html_pages(built_site.directory):
        for element in clause_elements(parse(path)):
            label = element["data-jm-clause"]
            assert label in canonical, f"{path}: unknown clause label {label!r}"
            assert official_text_of(element) == canonical[label], f"{path}: clause {label} differs"
            checked += 1
    assert checked >= len(canonical)


def test_the_policy_page_publishes_every_clause_once_in_the_order_of_the_text(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    elements = clause_elements(page)
    labels = [e["data-jm-clause"] for e in elements]
    assert labels == [c.label for c in load_clauses()]
    assert "".join(official_text_of(e) for e in elements) == without_whitespace(official_text())


def test_no_clause_element_is_nested_in_another(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    for element in clause_elements(page):
        assert element.find_parent(attrs={"data-jm-clause": True}) is None


def test_every_character_of_the_text_is_inside_some_clause_element_on_the_site(built_site):
    published = Counter()
    for path in html_pages(built_site.directory):
        for element in clause_elements(parse(path)):
            published[element["data-jm-clause"]] += 1
    assert set(published) == {c.label for c in load_clauses()}


def test_each_clause_shows_its_label_and_a_copy_citation_action_outside_the_text(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    for clause in load_clauses():
        element = page.select_one(f'[data-jm-clause="{clause.label}"]')
        section = element.find_parent("section")
        bar = section.select_one(".jm-clause__bar")
        assert bar.select_one(".jm-clause__label").get_text() == clause.label
        button = bar.select_one("button.jm-cite")
        assert button.get_text() == "复制引用"
        assert button["data-jm-citation"].startswith(f"晋民发〔2022〕59号 {clause.label}（")
        assert button["data-jm-fragment"] == clause.fragment
        assert page.find(id=clause.fragment) is not None


@pytest.mark.parametrize(
    ("change", "replacement"),
    [
        ("给予职业津贴", "给予职业补贴"),  # one character altered
        ("给予职业津贴", "给予职业津贴<span>[注]</span>"),  # a marker mixed into the text without data-jm-not-text
        ("给予职业津贴。", "给予职业津贴"),  # one character dropped
    ],
)
def test_the_fidelity_check_notices_a_single_changed_character(built_site, change, replacement):
    html = (built_site.directory / "policy" / "index.html").read_text(encoding="utf-8")
    assert change in html
    tampered = BeautifulSoup(html.replace(change, replacement, 1), "html.parser")
    element = tampered.select_one('[data-jm-clause="四（一）"]')
    assert official_text_of(element) != without_whitespace(clause_by_label("四（一）").text)


def test_parts_marked_data_not_text_are_left_out_of_the_comparison(built_site):
    html = (built_site.directory / "policy" / "index.html").read_text(encoding="utf-8")
    tampered = BeautifulSoup(
        html.replace("给予职业津贴", "给予职业津贴<sup data-jm-not-text>[1]</sup>", 1), "html.parser"
    )
    element = tampered.select_one('[data-jm-clause="四（一）"]')
    assert official_text_of(element) == without_whitespace(clause_by_label("四（一）").text)
