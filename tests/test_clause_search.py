"""The clause search (docs/assets/javascripts/clause-search.mjs over search/clauses.json): a reader's query in the
search box finds the clause that answers it, a verbatim phrase of the text finds its clause first, a clause label
written any way leads to that clause, on a phone, offline too, and nothing leaves the site.

The queries are tests/search/queries.toml: written as readers type them, each with the clauses that answer it;
the last ones were held out (written after the ranking was settled and run once without changing it)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from urllib.parse import quote

import pytest
from accessibility import axe_results
from off_site import off_site
from playwright.sync_api import expect
from search_box import open_search
from site_html import without_whitespace

from policytext import load_clauses
from sitebuild.clause_search import OUTPUT_PATH, clause_search_data, gists

QUERIES = tomllib.loads((Path(__file__).parent / "search" / "queries.toml").read_text(encoding="utf-8"))["query"]
TOP = 5
FINDABILITY_GOAL = 0.9
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
RANK_ALL = """async (queries) => {
  const search = await import("/assets/javascripts/clause-search.mjs");
  const data = await (await fetch("/search/clauses.json")).json();
  const index = search.prepare(data);
  return queries.map((query) => search.rank(index, query).map((hit) => hit.clause.label));
}"""


def test_the_data_holds_every_clause_with_its_official_text_unchanged(built_site):
    data = json.loads((built_site.directory / OUTPUT_PATH).read_text(encoding="utf-8"))
    clauses = load_clauses()
    assert [entry["label"] for entry in data["clauses"]] == [clause.label for clause in clauses]
    for entry, clause in zip(data["clauses"], clauses, strict=True):
        assert without_whitespace(entry["text"]) == without_whitespace(clause.text), clause.label
        assert entry["fragment"] == clause.fragment
    assert data == clause_search_data()


def test_the_gist_of_a_解读_leaves_its_cross_references_out():
    markdown = (
        "[[条款 四（一）]]\n\n!!! interpretation\n\n    **一句话**：见[四（二）](#s4-2)的奖励。\n\n[[条款 四（二）]]\n"
    )
    assert gists(markdown) == {"四（一）": "见的奖励。", "四（二）": ""}


def test_every_query_names_clauses_that_exist():
    labels = {clause.label for clause in load_clauses()}
    assert len(QUERIES) >= 50
    assert [query["text"] for query in QUERIES if not set(query["clauses"]) <= labels] == []


def _ranked(page, site_url) -> list[list[str]]:
    page.goto(site_url)
    return page.evaluate(RANK_ALL, [query["text"] for query in QUERIES])


@pytest.mark.browser
@pytest.mark.parametrize("held_out", [False, True], ids=["tuned", "held-out"])
def test_most_queries_find_their_clause_in_the_first_five_and_verbatim_phrases_first(page, site_url, held_out):
    ranked = _ranked(page, site_url)
    rows = [
        (query, labels)
        for query, labels in zip(QUERIES, ranked, strict=True)
        if query.get("held_out", False) == held_out
    ]
    found = [query["text"] for query, labels in rows if set(labels[:TOP]) & set(query["clauses"])]
    missed = [f"{query['text']} → {labels[:TOP]}" for query, labels in rows if query["text"] not in found]
    phrases = [(query, labels) for query, labels in rows if query["kind"] == "phrase"]
    not_first = [
        f"{query['text']} → {labels[:1]}"
        for query, labels in phrases
        if labels[:1] != [query["clauses"][0]] and not (labels[:1] and labels[0] in query["clauses"])
    ]
    findability = len(found) / len(rows)
    report = f"findability@{TOP} {len(found)}/{len(rows)} = {findability:.0%}; phrases first {len(phrases) - len(not_first)}/{len(phrases)}"
    assert findability >= FINDABILITY_GOAL, f"{report}; missed: {missed}"
    assert not_first == [], report
    assert phrases, "the set holds verbatim phrases"


@pytest.mark.browser
def test_every_phrase_marked_verbatim_is_in_the_text_of_one_of_its_clauses():
    clauses = {clause.label: clause.text for clause in load_clauses()}
    for query in QUERIES:
        if query["kind"] == "phrase":
            pieces = query["text"].split()
            assert any(all(piece in clauses[label] for piece in pieces) for label in query["clauses"]), query["text"]


def _search(page, site_url, query, start="glossary/"):
    page.goto(f"{site_url}{start}?q={quote(query)}")
    return page.locator("[data-jm-clause-results]")


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_phone_the_answering_clause_comes_first_with_its_label_and_the_words_marked(
    browser, site_url, color_scheme
):
    context = browser.new_context(**PHONE, color_scheme=color_scheme, service_workers="block")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    block = _search(page, site_url, "以岗定薪 以绩定奖")
    expect(block.locator(".jm-clause-results__title")).to_have_text("原文条款")
    first = block.locator(".jm-clause-result").first
    expect(first.locator(".jm-clause-result__label")).to_have_text("四（一）")
    expect(first.locator("mark")).to_have_text(["以岗定薪", "以绩定奖"])
    assert first.get_attribute("href").endswith("/policy/#s4-1")
    results = axe_results(page, context=".md-search")  # once the search has slid in: it enters from the side
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    # Tapped in a fresh page, as a reader taps it: on a page loaded a second time with its search open, Material
    # restores the old scroll position over the fragment's.
    context = browser.new_context(**PHONE, color_scheme=color_scheme, service_workers="block")
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    _search(page, site_url, "以岗定薪 以绩定奖").locator(".jm-clause-result").first.click()
    expect(page).to_have_url(re.compile(r"/policy/#s4-1$"))
    expect(page.locator("#s4-1")).to_be_in_viewport()
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0
    assert requested and off_site(requested, site_url) == []


@pytest.mark.browser
@pytest.mark.parametrize(("typed", "fragment"), [("3-2-3", "s3-2-3"), ("四（一）", "s4-1"), ("三.二.3", "s3-2-3")])
def test_a_clause_label_typed_in_the_box_and_enter_lead_to_that_clause(page, site_url, typed, fragment):
    page.goto(f"{site_url}glossary/")
    box = page.locator('[data-md-component="search-query"]')
    open_search(page, box)
    box.fill(typed)
    expect(page.locator("[data-jm-clause-results] .jm-clause-result")).to_have_count(1)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/policy/#{fragment}$"))


@pytest.mark.browser
def test_a_query_no_clause_answers_leaves_the_box_to_material_s_results(page, site_url):
    block = _search(page, site_url, "离线使用")
    expect(page.locator(".md-search-result__meta")).not_to_be_empty()
    expect(block).to_have_count(0)


@pytest.mark.browser
def test_offline_after_a_first_visit_the_clause_search_still_answers(offline_context, site_url):
    page = offline_context.new_page()
    page.goto(site_url)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
    page.wait_for_function(
        "async () => (await caches.keys()).length === 1"
        " && Boolean(await (await caches.open((await caches.keys())[0])).match(new URL('search/clauses.json', location.href)))",
        timeout=120_000,
    )
    offline_context.set_offline(True)
    block = _search(page, site_url, "政府购买指导性目录", start="")
    expect(block.locator(".jm-clause-result__label").first).to_have_text("五（二）")


def test_the_build_s_segmenter_works_without_pkg_resources():
    """Material's search cuts the pages' Chinese with jieba (0.42.1, pinned), which is no longer maintained and
    imports pkg_resources, which setuptools removed (the lock pins setuptools 84). jieba guards that import and
    reads its dictionary from its own folder instead: this is what every build does."""
    import importlib.util

    import jieba

    assert importlib.util.find_spec("pkg_resources") is None
    words = jieba.lcut("社会工作专业岗位数量应不低于岗位总数量的70%")
    assert "".join(words) == "社会工作专业岗位数量应不低于岗位总数量的70%" and len(words) > 3
