"""Cut the official text into clauses, as ``clauses.toml`` describes, and check the cut loudly.

The table is checked against the text every time it is loaded: every non-blank line belongs to exactly one
clause, labels and fragments are unique, forms are known. A wrong table stops the build instead of publishing
a text with a gap or a duplicate.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
OFFICIAL_TEXT_PATH = PACKAGE_DIR / "official_text.txt"
CLAUSE_TABLE_PATH = PACKAGE_DIR / "clauses.toml"

FORMS = ("paragraph", "heading", "run-in", "lines")
FRAGMENT_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
# A run-in heading is the lead sentence, up to and including the first full stop.
LEAD_SENTENCE_END = "。"


class ClauseTableError(ValueError):
    """clauses.toml does not describe the official text exactly."""


@dataclass(frozen=True)
class Clause:
    label: str
    fragment: str
    form: str
    lines: tuple[str, ...]  # the clause's lines of official text, stripped of layout whitespace at both ends
    level: int | None = None
    title: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def heading(self) -> str | None:
        """The part of the text set as a heading (heading and run-in forms), else None."""
        if self.form == "heading":
            return self.lines[0]
        if self.form == "run-in":
            return self.lines[0][: self.lines[0].index(LEAD_SENTENCE_END) + 1]
        return None

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs that follow the heading (or all paragraphs when there is none)."""
        if self.form == "heading":
            return self.lines[1:]
        if self.form == "run-in":
            rest = self.lines[0][len(self.heading) :]
            return (rest,) if rest else ()
        return self.lines

    @property
    def navigation_title(self) -> str:
        """What the table of contents and citations call the clause: its heading, or the site's title."""
        return self.title or self.heading or self.label


def official_text() -> str:
    return OFFICIAL_TEXT_PATH.read_text(encoding="utf-8")


@cache
def load_clauses() -> tuple[Clause, ...]:
    table = tomllib.loads(CLAUSE_TABLE_PATH.read_text(encoding="utf-8"))["clause"]
    return cut_text(official_text(), table)


def cut_text(text: str, table: list[dict]) -> tuple[Clause, ...]:
    """The clauses the table describes, after checking that they cover the text exactly once."""
    text_lines = text.split("\n")
    clauses = tuple(_clause_from_entry(entry, text_lines) for entry in table)
    _check_cut(clauses, table, text_lines)
    return clauses


def fragments_by_label() -> dict[str, str]:
    """Each clause label → its URL fragment, as the pages' scripts need it to link results to clauses."""
    return {clause.label: clause.fragment for clause in load_clauses()}


def clause_by_label(label: str) -> Clause:
    for clause in load_clauses():
        if clause.label == label:
            return clause
    raise KeyError(f"no clause labelled {label!r}")


def _clause_from_entry(entry: dict, text_lines: list[str]) -> Clause:
    label = entry.get("label", "?")
    unknown = set(entry) - {"label", "fragment", "lines", "form", "level", "title"}
    if unknown:
        raise ClauseTableError(f"clause {label}: unknown keys {sorted(unknown)}")
    form = entry["form"]
    if form not in FORMS:
        raise ClauseTableError(f"clause {label}: unknown form {form!r}, expected one of {FORMS}")
    if not FRAGMENT_PATTERN.match(entry["fragment"]):
        raise ClauseTableError(f"clause {label}: fragment {entry['fragment']!r} is not lower-case ASCII")
    numbers = entry["lines"]
    if not numbers or any(not 1 <= n <= len(text_lines) for n in numbers):
        raise ClauseTableError(f"clause {label}: line numbers {numbers} outside the text")
    lines = tuple(text_lines[n - 1].strip() for n in numbers)
    if any(not line for line in lines):
        raise ClauseTableError(f"clause {label}: lists a blank line")
    level = entry.get("level")
    if form in ("heading", "run-in") and level not in (2, 3, 4):
        raise ClauseTableError(f"clause {label}: form {form} needs level 2, 3 or 4")
    if form == "run-in" and len(lines) != 1:
        raise ClauseTableError(f"clause {label}: a run-in clause is one paragraph, one line")
    if form == "run-in" and LEAD_SENTENCE_END not in lines[0]:
        raise ClauseTableError(f"clause {label}: run-in form but no 。 ends a lead sentence")
    if form not in ("heading", "run-in") and not entry.get("title"):
        raise ClauseTableError(f"clause {label}: a clause without a heading needs a navigation title")
    return Clause(label, entry["fragment"], form, lines, level, entry.get("title"))


def _check_cut(clauses: tuple[Clause, ...], table: list[dict], text_lines: list[str]) -> None:
    for attribute in ("label", "fragment"):
        values = [getattr(c, attribute) for c in clauses]
        duplicates = {v for v in values if values.count(v) > 1}
        if duplicates:
            raise ClauseTableError(f"duplicate {attribute}s: {sorted(duplicates)}")
    owned = [n for entry in table for n in entry["lines"]]
    if owned != sorted(set(owned)):
        raise ClauseTableError("clauses must own distinct lines, in the order of the text")
    non_blank = [n for n, line in enumerate(text_lines, start=1) if line.strip()]
    if owned != non_blank:
        missing = sorted(set(non_blank) - set(owned))
        raise ClauseTableError(f"lines not owned by any clause: {missing}")
