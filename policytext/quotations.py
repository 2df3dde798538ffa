"""「…」 on this site marks a verbatim quotation of the official text; this module checks that it is one.

A quotation must be a piece of the clause it cites, whitespace aside. "……" inside the marks stands for words left
out: each piece must then occur in that clause, in order. Which clause a quotation cites: the clause the text is
about (a 解读's clause, a glossary entry's clauses, a question's clause), the clauses nested in it (三（二） holds
三（二）1–4), and any clause named or linked on the same line. Paraphrase and the site's own words use “…”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policytext.clauses import load_clauses

QUOTATION = re.compile(r"「([^「」]+)」")  # empty marks, as in “「」内是……”, name the marks and quote nothing
ELISION = "……"
WHITESPACE = re.compile(r"\s+")
FRAGMENT_LINK = re.compile(r"#([a-z][a-z0-9-]*)\b")


@dataclass(frozen=True)
class Misquotation:
    quotation: str
    line: str
    cited: tuple[str, ...]  # the clauses it was checked against


def _bare(text: str) -> str:
    return WHITESPACE.sub("", text)


def is_verbatim(quotation: str, text: str) -> bool:
    """Every piece of the quotation (split at ……) occurs in `text`, in order, whitespace aside. A piece left empty
    (「各地要参照……」) quotes nothing and is refused. The one check every test of quotations calls."""
    text = _bare(text)
    pieces = _bare(quotation).split(ELISION)
    if not all(pieces):
        return False
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


@cache
def _clause_texts() -> dict[str, str]:
    return {clause.label: clause.text for clause in load_clauses()}


@cache
def _fragments() -> dict[str, str]:
    return {clause.fragment: clause.label for clause in load_clauses()}


def with_nested(labels) -> tuple[str, ...]:
    """The clauses and those nested in them: 三（二） → 三（二）, 三（二）1 … 三（二）4; 二 → 二, 二-1 … 二-4."""
    every = _clause_texts()
    found = []
    for label in labels:
        found += [other for other in every if other == label or other.startswith(label)]
    return tuple(dict.fromkeys(found))


def labels_named(line: str) -> tuple[str, ...]:
    """Clause labels written out (三（二）3, 四（一）, 前言 …) or linked by fragment (#s3-2-3) on a line.
    One-character labels (一 … 五) are too common in Chinese to be read as citations unless linked."""
    named = [label for label in _clause_texts() if len(label) > 1 and label in line]
    named += [_fragments()[fragment] for fragment in FRAGMENT_LINK.findall(line) if fragment in _fragments()]
    return tuple(dict.fromkeys(named))


def misquotations(text: str, about: tuple[str, ...] = (), *, words: frozenset[str] = frozenset()) -> list[Misquotation]:
    """The 「…」 quotations in `text` that are not verbatim in the clause they cite. `about` are the clauses the text
    is about; with none and no clause named on a line, the whole official text is the source. `words` are
    quotations that name a word rather than quote a clause (the force words 「应」「要」…), accepted anywhere."""
    problems = []
    texts = _clause_texts()
    for line in text.splitlines():
        quotations = [q for q in QUOTATION.findall(line) if q not in words]
        if not quotations:
            continue
        cited = with_nested((*about, *labels_named(line)))
        source = "\n".join(texts[label] for label in cited) if cited else "\n".join(texts.values())
        problems += [Misquotation(q, line.strip(), cited) for q in quotations if not _in_one(q, cited, texts, source)]
    return problems


def _in_one(quotation: str, cited: tuple[str, ...], texts: dict[str, str], source: str) -> bool:
    # A quotation with elisions must come from one clause; a plain one from any cited clause.
    if not cited:
        return is_verbatim(quotation, source)
    return any(is_verbatim(quotation, texts[label]) for label in cited)
