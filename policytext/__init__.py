"""The official text of 晋民发〔2022〕59号, cut into citable clauses, and the glossary.

This package is the single source the site, the tests and later the calculators and the question bank cite:
``official_text.txt`` is the canonical text, ``clauses.toml`` says how it is cut, ``document.toml`` holds what
is known about the document, ``glossary.toml`` the terms.
"""

from policytext.clauses import (
    Clause,
    ClauseTableError,
    clause_by_label,
    fragments_by_label,
    load_clauses,
    official_text,
)
from policytext.document import Document, load_document
from policytext.glossary import GlossaryTerm, load_glossary

__all__ = [
    "Clause",
    "ClauseTableError",
    "Document",
    "GlossaryTerm",
    "clause_by_label",
    "fragments_by_label",
    "load_clauses",
    "load_document",
    "load_glossary",
    "official_text",
]
