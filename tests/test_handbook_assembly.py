"""How the handbook is put together from the built pages, checked on its HTML (fast, no PDF is set here)."""

from __future__ import annotations

import datetime
import shutil

import pytest
from bs4 import BeautifulSoup
from site_html import NOT_TEXT_SELECTOR, clause_elements, official_text_of, without_whitespace

from policytext import load_clauses, official_text
from sitebuild import handbook as handbook_module
from sitebuild.handbook import HandbookError, assemble_handbook, write_handbook

SITE_URL = "https://example.org/jmf/"
BUILT_ON = datetime.date(2026, 11, 28)


@pytest.fixture(scope="module")
def assembled(built_site) -> BeautifulSoup:
    return BeautifulSoup(assemble_handbook(built_site.directory, SITE_URL, "0.1.0", BUILT_ON), "html.parser")


def test_the_handbook_keeps_the_clause_contract_every_clause_once_in_the_order_of_the_text(assembled):
    elements = clause_elements(assembled)
    assert [e["data-jm-clause"] for e in elements] == [c.label for c in load_clauses()]
    for element, clause in zip(elements, load_clauses(), strict=True):
        assert official_text_of(element) == without_whitespace(clause.text), clause.label
    assert "".join(official_text_of(e) for e in elements) == without_whitespace(official_text())


def test_inside_a_clause_only_the_marked_parts_are_not_official_text(assembled):
    for element in clause_elements(assembled):
        for child in element.find_all(True):
            if child.select_one(NOT_TEXT_SELECTOR) or child.find_parent(attrs={"data-jm-not-text": True}):
                continue
            assert child.name in ("p", "h2", "h3", "h4", "br", "strong"), (element["data-jm-clause"], child.name)


def test_the_chapters_come_in_order_after_the_cover_and_the_contents(assembled):
    body = [child for child in assembled.body.children if getattr(child, "name", None)]
    assert "jm-cover" in body[0]["class"] and body[1].name == "nav"
    # Written out, not read from CHAPTERS: the order is what is checked, so it must not come from the code.
    assert [section["id"] for section in body[2:]] == [
        "policy",
        "glossary",
        "rules",
        "questions",
        "answers",
        "tools",
        "about",
    ]
    titles = [section.find("h1").get_text().strip() for section in body[2:]]
    assert titles[0] == "政策原文与解读"
    assert [t.split("　")[0] for t in titles[3:]] == ["附录一", "附录二", "附录三", "附录四"]


def test_nothing_that_only_works_on_a_screen_is_carried_over(assembled):
    for selector in (
        "button",
        "form",
        "input",
        "script",
        "abbr",
        ".headerlink",
        ".jm-calc",
        ".jm-calc-embed",
        ".jm-reading-tools",
        ".md-content__button",
        "svg",
    ):
        assert assembled.select(selector) == [], selector


def test_ids_are_unique_and_every_link_inside_the_handbook_has_its_target(assembled):
    ids = [element["id"] for element in assembled.select("[id]")]
    assert len(ids) == len(set(ids))
    for link in assembled.select("a[href]"):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://")), href


def test_clause_fragments_are_the_sites_own_so_a_pdf_link_names_the_same_clause(assembled):
    for clause in load_clauses():
        assert assembled.find(id=clause.fragment) is not None, clause.fragment


def test_a_reference_from_another_chapter_into_the_policy_is_an_internal_cross_reference(assembled):
    glossary = assembled.find(id="glossary")
    references = glossary.select('a.jm-xref[href="#s3-2-3"]')
    assert references, "the glossary should refer to 三（二）3 inside the handbook"


def test_a_link_to_a_page_the_handbook_does_not_hold_gets_the_sites_public_address(assembled):
    external = [link["href"] for link in assembled.select("a.jm-external")]
    assert SITE_URL + "tools/ratio/" in external  # from the appendix on the online tools
    assert all(href.startswith(SITE_URL) for href in external)
    # 关于本站 links to the policy page by path; that stays inside the handbook.
    assert not any(href.startswith(SITE_URL + "policy/") for href in external)


def test_a_missing_page_stops_the_handbook_with_its_name(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site.directory, site, ignore=shutil.ignore_patterns("*.pdf", "pyodide"))
    shutil.rmtree(site / "glossary")
    with pytest.raises(HandbookError, match="glossary"):
        assemble_handbook(site, SITE_URL, "0.1.0", BUILT_ON)


def test_a_missing_font_stops_the_handbook_and_names_the_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(handbook_module, "REQUIRED_FONTS", ("No Such Font CJK SC",))
    with pytest.raises(HandbookError, match="fonts-noto-cjk"):
        handbook_module.render_pdf("<html></html>", tmp_path / "handbook.pdf")


def test_the_pdf_is_set_again_only_when_its_content_changes(built_site, tmp_path, monkeypatch):
    rendered = []

    def fake_render(handbook_html, destination):
        rendered.append(handbook_html)
        destination.write_bytes(b"%PDF-1.7 " + str(len(rendered)).encode())
        return destination

    monkeypatch.setattr(handbook_module, "render_pdf", fake_render)
    site = tmp_path / "site"
    shutil.copytree(built_site.directory, site, ignore=shutil.ignore_patterns("*.pdf", "pyodide"))
    cache = tmp_path / "cache"
    first = write_handbook(site, SITE_URL, "0.1.0", BUILT_ON, cache_dir=cache)
    again = write_handbook(site, SITE_URL, "0.1.0", BUILT_ON, cache_dir=cache)
    assert len(rendered) == 1 and first.read_bytes() == again.read_bytes() == b"%PDF-1.7 1"
    write_handbook(site, SITE_URL, "0.1.1", BUILT_ON, cache_dir=cache)  # the cover changes
    assert len(rendered) == 2 and (site / "handbook.pdf").read_bytes() == b"%PDF-1.7 2"
    assert len(list(cache.glob("*.pdf"))) == 1  # only the latest is kept
