"""The clause search's data, search/clauses.json: every clause of the official text with its label and
fragment, its text, the gist of its 解读 (the 一句话 and 怎么理解 lines of docs/policy/index.md, links taken out),
the glossary terms that matter to it, and the everyday words readers type for the text's own
(policytext/search_synonyms.toml).

docs/assets/javascripts/clause-search.mjs ranks the clauses with it in the browser, above Material's results in
the search box; Material's search goes on finding everything else. Why not Material's search alone: it cuts the
index into words with jieba at build time but the query in the browser another way, matches function words such
as 的 everywhere, and ranks pages about a clause above the clause (bench/search_quality.py measures both).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from policytext import load_clauses, load_glossary

PROJECT_DIR = Path(__file__).resolve().parent.parent
POLICY_PAGE = PROJECT_DIR / "docs" / "policy" / "index.md"
SYNONYMS_FILE = PROJECT_DIR / "policytext" / "search_synonyms.toml"
OUTPUT_PATH = Path("search") / "clauses.json"
VERSION = 1

CLAUSE_MARKER = re.compile(r"^\[\[条款 (?P<label>[^\]]+)\]\]$", re.MULTILINE)
GIST_LINE = re.compile(r"^\s*\*\*(?:一句话|怎么理解)\*\*：(?P<text>.+)$", re.MULTILINE)
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def gists(markdown: str) -> dict[str, str]:
    """Each clause's 一句话 and 怎么理解, as plain text: the lines after its marker, up to the next marker.
    Cross-references ([四（一）](#s4-1)) are taken out, or a clause would be found by the labels it points to."""
    markers = list(CLAUSE_MARKER.finditer(markdown))
    found = {}
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        block = markdown[marker.end() : following.start() if following else len(markdown)]
        lines = [MARKDOWN_LINK.sub("", line["text"]).replace("**", "") for line in GIST_LINE.finditer(block)]
        found[marker["label"]] = " ".join(lines)
    return found


def clause_search_data(markdown: str | None = None) -> dict:
    markdown = POLICY_PAGE.read_text(encoding="utf-8") if markdown is None else markdown
    notes = gists(markdown)
    terms: dict[str, list[str]] = {}
    for term in load_glossary():
        for label in term.clauses:
            terms.setdefault(label, []).append(term.term)
    synonyms = tomllib.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["synonyms"]
    return {
        "version": VERSION,
        "clauses": [
            {
                "label": clause.label,
                "fragment": clause.fragment,
                "text": clause.text,
                "notes": notes.get(clause.label, ""),
                "terms": terms.get(clause.label, []),
            }
            for clause in load_clauses()
        ],
        "synonyms": synonyms,
    }


def write_clause_search_data(site_dir: Path) -> Path:
    path = site_dir / OUTPUT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clause_search_data(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path
