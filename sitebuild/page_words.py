"""The page scripts' words, from page_words.toml: every word site.js, the calculators' page code and quiz.js show,
by the part of the page that shows it, apart from the code (tests/test_page_words.py keeps the scripts free of
Chinese and checks each word asked for is here, and each word here is asked for).

The build writes into each page the parts its scripts need (hooks/page_words.py, overrides/main.html): [site] on
every page, the others only where the elements their words serve are, since every byte of a text page counts.
The calculators' own answers are worded in calculators/rules/words.toml, which travels with them into Pyodide;
these stay out of it, so a change of the page's wording leaves the calculators' package and snapshot as they were.
[forms] is the forms' own words, which the build writes into the HTML (sitebuild/calculator_forms.py).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

PAGE_WORDS_FILE = Path(__file__).with_name("page_words.toml")
# Parts the build writes into the page's HTML itself (the calculators' forms): never carried as JSON.
BUILD_PARTS = ("forms",)
# Each part but [site] (on every page), and the markup of the elements its words serve: a page carries the part
# when its content holds any of them.
PART_MARKERS = {
    "clauses": ('class="jm-cite"', 'class="jm-annotations-toggle"'),
    "offline": (" data-jm-offline>", " data-jm-offline "),
    "calculators": (" data-jm-calculator=",),
    "quiz": (" data-jm-quiz=",),
}


def load_page_words() -> dict:
    """The whole file, by part ([site], [clauses], [offline], [calculators], [quiz]); read afresh, so `make serve`
    sees an edit."""
    with PAGE_WORDS_FILE.open("rb") as file:
        return tomllib.load(file)


def parts_on(html: str) -> list[str]:
    """The parts of the words a page's scripts need, from the page's content."""
    return ["site", *(part for part, markers in PART_MARKERS.items() if any(marker in html for marker in markers))]


def words_block(parts: list[str], words: dict | None = None) -> str:
    """The JSON the page carries in <script type="application/json" data-jm-words>: UTF-8 as it is (a character
    escaped as \\uXXXX would take 6 bytes instead of 3), and no "<", so it cannot end the element it is in."""
    words = load_page_words() if words is None else words
    text = json.dumps({part: words[part] for part in parts}, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")
