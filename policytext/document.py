"""What is known about the document (number, reported title and its hedge), and how to cite a clause."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOCUMENT_PATH = Path(__file__).parent / "document.toml"


@dataclass(frozen=True)
class Document:
    number: str
    reported_title: str
    title_hedge: str
    short_name: str
    own_words: str

    def citation(self, label: str) -> str:
        """The citation for one clause, e.g. 晋民发〔2022〕59号 三（二）3（《……实施意见》，标题据转载…）. The number leads
        and the reported title comes with its hedge: no 「」, which on this site mark the text's own words."""
        return f"{self.number} {label}（《{self.reported_title}》，{self.title_hedge}）"


@cache
def load_document() -> Document:
    return Document(**tomllib.loads(DOCUMENT_PATH.read_text(encoding="utf-8")))
