"""The policy as data, for other systems (training platforms, a province's portal, researchers): data/clauses.json,
data/rules.json and data/glossary.json, each beside a JSON Schema that describes it, at stable addresses and
described on the 开放数据 page (docs/data.md).

Every file carries the version of its content and the changelog of its versions (sitebuild/open_data.toml). The
content's digest is recorded with each version, and a test compares it with the content the build writes: the
content of a file cannot change without a new version and a changelog line saying what changed.

What each file holds comes from the same sources as the pages: the official text cut into clauses
(policytext/clauses.toml), the 解读 of docs/policy/index.md, the rules data (calculators/rules/*.toml: the one
source of each provision's force and addressee) and the glossary (policytext/glossary.toml).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tomllib
from pathlib import Path

from calculators.ratio import percent_text
from calculators.rules import grade_rules, provision_rules, ratio_rules
from policytext import load_clauses, load_document, load_glossary
from sitebuild.rule_tables import expand_force_markers

PROJECT_DIR = Path(__file__).resolve().parent.parent
POLICY_PAGE = PROJECT_DIR / "docs" / "policy" / "index.md"
HISTORY = Path(__file__).with_name("open_data.toml")
SCHEMAS = Path(__file__).with_name("schemas")
DATA_DIR = Path("data")
FILES = ("clauses", "rules", "glossary")
# The site's pages a data entry points at, relative to the site's root.
POLICY_URL = "policy/"
GLOSSARY_URL = "glossary/"

CLAUSE_MARKER = re.compile(r"^\[\[条款 (?P<label>[^\]]+)\]\]$", re.MULTILINE)
# A marker that is not part of a 解读 (a calculator beside its clause) ends it.
OTHER_MARKER = re.compile(r"^\[\[", re.MULTILINE)
CHAPTER_LEVEL = 2


ADMONITION = re.compile(r'^!!! (?P<kind>[a-z-]+)(?: "(?P<title>[^"]*)")?$')
INDENT = "    "


def annotations(markdown: str) -> dict[str, list[dict]]:
    """Each clause's notes as the policy page has them after the clause's marker: its 解读 (kind
    "interpretation") and 原文如此 (kind "slip"), each with its title and its Markdown, the 用语 list written out
    as the page shows it. Links in the Markdown are relative to the policy page."""
    markdown = expand_force_markers(markdown)
    markers = list(CLAUSE_MARKER.finditer(markdown))
    found = {}
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        block = markdown[marker.end() : following.start() if following else len(markdown)]
        other = OTHER_MARKER.search(block)
        found[marker["label"]] = _notes(block[: other.start()] if other else block)
    return found


def _notes(block: str) -> list[dict]:
    """The admonitions of one clause's block: !!! kind "title", then its body indented by four spaces."""
    notes: list[dict] = []
    for line in block.splitlines():
        start = ADMONITION.match(line)
        if start:
            notes.append({"kind": start["kind"], "title": start["title"] or "", "lines": []})
        elif notes and (line.startswith(INDENT) or not line.strip()):
            notes[-1]["lines"].append(line.removeprefix(INDENT))
        elif line.strip():
            raise ValueError(f"text outside a note after a clause marker: {line!r}")
    return [
        {"kind": note["kind"], "title": note["title"], "markdown": "\n".join(note["lines"]).strip()} for note in notes
    ]


def clauses_content(markdown: str | None = None) -> dict:
    notes = annotations(POLICY_PAGE.read_text(encoding="utf-8") if markdown is None else markdown)
    document = load_document()
    chapter = None
    entries = []
    for clause in load_clauses():
        if clause.level == CHAPTER_LEVEL:
            chapter = clause.label
        entries.append(
            {
                "label": clause.label,
                "fragment": clause.fragment,
                "url": f"{POLICY_URL}#{clause.fragment}",
                # The chapter (一 … 五) a clause stands in; null before the first (文号, 主送, 前言).
                "chapter": chapter,
                "form": clause.form,
                "heading": clause.heading,
                "title": clause.title,
                "text": clause.text,
                "notes": notes.get(clause.label, []),
            }
        )
    return {
        "document": {
            "number": document.number,
            "reported_title": document.reported_title,
            "title_hedge": document.title_hedge,
        },
        "clauses": entries,
    }


def rules_content() -> dict:
    ratio = ratio_rules()
    grades = grade_rules()
    provisions = provision_rules()
    return {
        "threshold": {
            "numerator": ratio.threshold.numerator,
            "denominator": ratio.threshold.denominator,
            "percent": percent_text(ratio.threshold, ratio.threshold),
            "inclusive": ratio.inclusive,
            "provision": ratio.provision.id,
            "clause": ratio.provision.clause,
        },
        "org_types": [
            {
                "code": kind.code,
                "name": kind.name,
                "names": list(kind.names),
                "applies": kind.applies,
                "provisions": [p.id for p in kind.provisions],
                "clauses": list(kind.clauses),
                "also": kind.also,
            }
            for kind in ratio.org_types
        ],
        "grade_system": {
            "source": grades.source,
            "lowest": grades.lowest,
            "highest": grades.highest,
            "tiers": [{"name": t.name, "grades": list(t.grades), "note": t.note} for t in grades.tiers],
        },
        "qualifications": [
            {
                "code": q.code,
                "name": q.name,
                "names": list(q.names),
                "tier": q.tier,
                "levels": [{"level": level, "grade": grade} for level, grade in q.levels],
                "unspecified": q.unspecified,
                "clauses": list(q.clauses),
            }
            for q in grades.qualifications
        ],
        "forces": [{"word": f.word, "level": f.level, "label": f.label} for f in provisions.forces],
        "provisions": [
            {
                "id": p.id,
                "clause": p.clause,
                "text": p.text,
                "word": p.force.word,
                "force": p.force.label,
                "level": p.force.level,
                "addressee": p.addressee,
                "note": p.note,
            }
            for p in provisions.provisions
        ],
    }


def glossary_content() -> dict:
    return {
        "terms": [
            {
                "term": term.term,
                "fragment": term.fragment,
                "url": f"{GLOSSARY_URL}#{term.fragment}",
                "short": term.short,
                "explanation": term.explanation,
                "clauses": list(term.clauses),
                "sources": list(term.sources),
            }
            for term in load_glossary()
        ]
    }


CONTENT = {"clauses": clauses_content, "rules": rules_content, "glossary": glossary_content}


def digest(content: dict) -> str:
    """The content's fingerprint, as recorded with each version in open_data.toml."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def history() -> dict[str, list[dict]]:
    """Each file's versions, oldest first: version, date, digest and the changelog line."""
    return {name: entries for name, entries in tomllib.loads(HISTORY.read_text(encoding="utf-8")).items()}


def data_file(name: str, content: dict | None = None) -> dict:
    """A data file as published: its schema, name, version and changelog, then its content."""
    content = CONTENT[name]() if content is None else content
    versions = history()[name]
    return {
        "$schema": f"{name}.schema.json",
        "name": name,
        "version": versions[-1]["version"],
        "changelog": [{key: entry[key] for key in ("version", "date", "change")} for entry in versions],
        **content,
    }


def write_open_data(site_dir: Path) -> list[Path]:
    """Writes data/<name>.json and data/<name>.schema.json for every file; returns the paths written."""
    target = site_dir / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = target / f"{name}.json"
        path.write_text(json.dumps(data_file(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [path, Path(shutil.copyfile(SCHEMAS / f"{name}.schema.json", target / f"{name}.schema.json"))]
    return written
