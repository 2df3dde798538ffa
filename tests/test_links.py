"""Every internal link and anchor of the built site resolves; every clause fragment is on the policy page."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_html import html_pages, parse

from policytext import load_clauses


def _target_file(site_dir: Path, page: Path, path: str) -> Path:
    target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def _internal_links(site_dir: Path):
    for page in html_pages(site_dir):
        for anchor in parse(page).select("a[href]"):
            parts = urlsplit(anchor["href"])
            if parts.scheme or parts.netloc:
                continue
            yield page, anchor["href"], parts.path, unquote(parts.fragment)


def test_the_site_has_internal_links_to_check(built_site):
    assert sum(1 for _ in _internal_links(built_site.directory)) > 50


def test_every_internal_link_points_to_an_existing_page_and_anchor(built_site):
    broken = []
    ids_by_file = {}
    for page, href, path, fragment in _internal_links(built_site.directory):
        target = _target_file(built_site.directory, page, path)
        if not target.exists():
            broken.append(f"{page.relative_to(built_site.directory)}: {href} (no such page)")
            continue
        if fragment and target.suffix == ".html":
            if target not in ids_by_file:
                ids_by_file[target] = {e["id"] for e in parse(target).select("[id]")}
            if fragment not in ids_by_file[target]:
                broken.append(f"{page.relative_to(built_site.directory)}: {href} (no such anchor)")
    assert broken == []


def test_ids_are_unique_on_every_page(built_site):
    for page in html_pages(built_site.directory):
        ids = [e["id"] for e in parse(page).select("[id]")]
        assert len(ids) == len(set(ids)), page


@pytest.mark.parametrize("clause", load_clauses(), ids=lambda c: c.fragment)
def test_each_clause_fragment_resolves_to_the_element_that_holds_or_heads_its_text(built_site, clause):
    page = parse(built_site.directory / "policy" / "index.html")
    target = page.find(id=clause.fragment)
    assert target is not None
    holder = target if target.has_attr("data-jm-clause") else target.find_parent(attrs={"data-jm-clause": True})
    assert holder["data-jm-clause"] == clause.label
