"""Loading and checking the question bank. Every item: id, type, stem, options, answer (0-based indices of the
correct options), explanation and clause; `source` where a fact comes from beyond the text."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from training.generated import generated_items
from training.items import DOCUMENT, TRUE_FALSE_OPTIONS, QuestionItem

__all__ = ["DOCUMENT", "TRUE_FALSE_OPTIONS", "BankError", "QuestionItem", "check_item", "load_questions", "section_of"]

BANK_PATH = Path(__file__).parent / "bank.toml"
TYPES = ("single", "multiple", "true_false")
# The national exam's form for multiple-choice items: five options, two or more right and at least one wrong.
MULTIPLE_OPTIONS = 5
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A chapter (一…五) with its item number, if any: 三（二）3 → 三（二）, 二-1 → 二.
SECTION_PATTERN = re.compile(r"^[一二三四五](?:（[一二三四五六七八九十]+）)?")


class BankError(ValueError):
    pass


def section_of(label: str) -> str:
    """The part of the document a clause belongs to, as bank.toml groups its items and the paper builder offers
    them: 前言, 一, 二 (with its four principles), 三（一）… 五（五） (with their numbered items), 末段."""
    match = SECTION_PATTERN.match(label)
    return match[0] if match else label


def check_item(item: QuestionItem, labels: set[str]) -> None:
    where = f"question {item.id}"
    if not ID_PATTERN.match(item.id):
        raise BankError(f"{where}: id must be lower-case ASCII with hyphens")
    if item.type not in TYPES:
        raise BankError(f"{where}: unknown type {item.type!r}")
    if item.clause not in labels:
        raise BankError(f"{where}: no clause labelled {item.clause!r}")
    if not item.stem.strip() or not item.explanation.strip():
        raise BankError(f"{where}: stem and explanation must not be empty")
    if len(set(item.options)) != len(item.options):
        raise BankError(f"{where}: two options are the same")
    if not all(0 <= a < len(item.options) for a in item.answer) or len(set(item.answer)) != len(item.answer):
        raise BankError(f"{where}: answer {item.answer} does not index the options")
    if item.type == "true_false" and (item.options != TRUE_FALSE_OPTIONS or len(item.answer) != 1):
        raise BankError(f"{where}: true/false items have the options 正确, 错误 and one answer")
    if item.type == "single" and (len(item.answer) != 1 or len(item.options) < 3):
        raise BankError(f"{where}: single-choice items have at least three options and exactly one answer")
    if item.type == "multiple" and (
        len(item.options) != MULTIPLE_OPTIONS or not 2 <= len(item.answer) <= MULTIPLE_OPTIONS - 1
    ):
        raise BankError(f"{where}: multiple-choice items have five options, two to four of them right")


def _hand_written() -> list[QuestionItem]:
    entries = tomllib.loads(BANK_PATH.read_text(encoding="utf-8"))["item"]
    return [
        QuestionItem(
            id=e["id"],
            type=e["type"],
            stem=e["stem"],
            options=tuple(e["options"]),
            answer=tuple(e["answer"]),
            explanation=e["explanation"],
            clause=e["clause"],
            source=e.get("source"),
        )
        for e in entries
    ]


@cache
def load_questions() -> tuple[QuestionItem, ...]:
    """The whole bank, hand-written items first, then the generated ones; checked, ids unique."""
    from policytext import load_clauses

    labels = {c.label for c in load_clauses()}
    items = (*_hand_written(), *generated_items())
    for item in items:
        check_item(item, labels)
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BankError(f"duplicate question ids: {duplicates}")
    return items
