"""Reading the built site the way the contract describes it (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

# Inside a data-jm-clause element, only these may hold anything but official text.
NOT_TEXT_SELECTOR = ".md-annotation, .headerlink, [data-jm-not-text]"
WHITESPACE = re.compile(r"\s+")


def without_whitespace(text: str) -> str:
    return WHITESPACE.sub("", text)


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def official_text_of(element: Tag) -> str:
    """The text content of a data-jm-clause element, without the parts the contract says are not text."""
    copy = BeautifulSoup(str(element), "html.parser")
    for extra in copy.select(NOT_TEXT_SELECTOR):
        extra.decompose()
    return without_whitespace(copy.get_text())


def clause_elements(page: BeautifulSoup) -> list[Tag]:
    return page.select("[data-jm-clause]")


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if p.name != "404.html")
