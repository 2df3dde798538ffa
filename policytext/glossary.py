"""The glossary: terms, a one-line definition for tooltips and a longer explanation for the glossary page."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).parent / "glossary.toml"


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    fragment: str  # ASCII anchor on the glossary page
    short: str  # one sentence, shown as a tooltip where the term occurs in the text
    explanation: str  # Markdown, shown on the glossary page
    clauses: tuple[str, ...]  # labels of the clauses where the term matters
    sources: tuple[str, ...]  # where the explanation's facts come from, beyond the text itself


@cache
def load_glossary() -> tuple[GlossaryTerm, ...]:
    entries = tomllib.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))["term"]
    terms = tuple(
        GlossaryTerm(
            term=e["term"],
            fragment=e["fragment"],
            short=e["short"],
            explanation=e["explanation"].strip(),
            clauses=tuple(e.get("clauses", ())),
            sources=tuple(e.get("sources", ())),
        )
        for e in entries
    )
    names = [t.term for t in terms]
    if len(names) != len(set(names)):
        raise ValueError(f"glossary.toml lists a term twice: {names}")
    return terms
