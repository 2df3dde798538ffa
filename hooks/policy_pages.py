"""MkDocs hook: publishes the official text clause by clause, and the glossary, from the policytext package.

Pages ask for content with markers on a line of their own; MARKERS below is the one list of them, each with
the function that expands it (the Markdown itself is made in sitebuild/policy_markup.py and the modules it
names):

    [[条款 四（一）]]   the clause 四（一）, verbatim, with its label, anchor and 复制引用 button
    [[术语表]]          the whole glossary
    [[解读开关]]        the button that hides or shows the 解读 (the choice is kept in the browser)
    [[原文校验]]        the SHA-256 and size of the canonical text, for the 关于本站 page
    [[引用示例 三（二）3]] how a clause is cited, for the 关于本站 page
    [[规则表 比例]]     a reference table generated from the calculators' rules data (比例, 等级, 激励 or 用语)
    [[用语 四（一）]]   the provisions of one clause with the text's own force word and addressee, from
                        calculators/rules/provisions.toml; may be indented, inside a 解读
    [[题库 题目]]       the question bank as a printable question set (题目) or its answer key (答案)
    [[手册]]            the link to the printable PDF handbook (site/handbook.pdf, made after the build)
    [[计算器 ratio]]    a calculator (ratio, grade, allowance, ratio-batch or selfcheck) that runs in the browser;
                        add "embedded" to fold it beside a clause, where Python loads only when the reader opens it

The exam training's [[培训 …]] markers are expanded before this hook runs, by hooks/training_bank.py; the
search index's view of the clauses is hooks/search_index.py's.

Unknown markers, unknown labels and clauses published twice or not at all stop the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from mkdocs.exceptions import PluginError

from policytext import clause_by_label, load_clauses
from sitebuild.handbook import HANDBOOK_PATH, HANDBOOK_SOURCES
from sitebuild.policy_markup import (
    ANNOTATIONS_TOGGLE,
    TermMarker,
    chapter_of,
    policy_link_in_markdown,
    render_calculator_marker,
    render_citation_example,
    render_clause,
    render_glossary,
    render_handbook_link,
    render_text_fingerprint,
    site_root_from,
    without_clause_heading_permalinks,
)
from sitebuild.question_pages import PAGES as QUESTION_PAGES
from sitebuild.rule_tables import TABLES as RULE_TABLES
from sitebuild.rule_tables import expand_force_markers

MARKER = re.compile(r"^\[\[(?P<kind>\S+)(?: (?P<argument>.+?))?\]\]$", re.MULTILINE)

_published: dict[str, str] = {}  # clause label → source path of the page that published it
# Glossary tooltips: one TermMarker per chapter of each page, so a term is marked once per chapter.
_term_markers: dict[tuple[str, str], TermMarker] = {}


class _MarkerPage(NamedTuple):
    """What a marker's expansion knows of the page it is on."""

    page: object
    config: object

    @property
    def path(self) -> str:
        return self.page.file.src_uri

    @property
    def handbook_url(self) -> str:
        return site_root_from(self.path, in_markdown=False) + HANDBOOK_PATH.as_posix()


def _clause(label: str, on: _MarkerPage) -> str:
    try:
        clause = clause_by_label(label)
    except KeyError:
        raise PluginError(f"{on.path}: no clause labelled {label!r} in policytext/clauses.toml") from None
    if label in _published:
        raise PluginError(f"{on.path}: clause {label} is already published on {_published[label]}")
    _published[label] = on.path
    return render_clause(clause, _term_markers.setdefault((on.path, chapter_of(label)), TermMarker()))


def _calculator(argument: str, on: _MarkerPage) -> str:
    if not argument.endswith(" embedded"):
        on.page.meta["starts_python"] = True  # read by overrides/main.html
    return render_calculator_marker(argument, on.path)


# Which argument a marker takes: none, any (checked by its expansion), or one of a set of names.
def _no_argument(argument: str | None) -> bool:
    return argument is None


def _an_argument(argument: str | None) -> bool:
    return argument is not None


class _Marker(NamedTuple):
    accepts: Callable[[str | None], bool]
    expand: Callable[[str | None, _MarkerPage], str]


MARKERS: dict[str, _Marker] = {
    "条款": _Marker(_an_argument, _clause),
    "术语表": _Marker(_no_argument, lambda _, on: render_glossary(on.path)),
    "解读开关": _Marker(_no_argument, lambda _, on: ANNOTATIONS_TOGGLE),
    "原文校验": _Marker(_no_argument, lambda _, on: render_text_fingerprint()),
    "引用示例": _Marker(_an_argument, lambda label, on: render_citation_example(label, on.config.site_url or "")),
    "题库": _Marker(
        QUESTION_PAGES.__contains__, lambda name, on: QUESTION_PAGES[name](policy_link_in_markdown(on.path))
    ),
    "手册": _Marker(_no_argument, lambda _, on: render_handbook_link(on.handbook_url)),
    "计算器": _Marker(_an_argument, _calculator),
    "规则表": _Marker(RULE_TABLES.__contains__, lambda name, on: RULE_TABLES[name](policy_link_in_markdown(on.path))),
    # [[用语 四（一）]] may be indented inside a 解读, so rule_tables.expand_force_markers finds it (below).
}


def on_pre_build(config) -> None:
    _published.clear()
    _term_markers.clear()


def on_page_markdown(markdown: str, page, config, files) -> str:
    on = _MarkerPage(page, config)
    # The pages the handbook holds, and the home page, offer it beside their title (overrides/main.html).
    if on.path in HANDBOOK_SOURCES or page.is_homepage:
        page.meta["handbook_url"] = on.handbook_url

    def expand(match: re.Match) -> str:
        kind, argument = match["kind"], match["argument"]
        marker = MARKERS.get(kind)
        if marker is None or not marker.accepts(argument):
            raise PluginError(f"{on.path}: unknown marker {match[0]!r}")
        return marker.expand(argument, on)

    try:
        markdown = expand_force_markers(markdown)
    except ValueError as problem:
        raise PluginError(f"{on.path}: {problem}") from None
    return MARKER.sub(expand, markdown)


def on_env(env, config, files):
    missing = [c.label for c in load_clauses() if c.label not in _published]
    if missing:
        raise PluginError(f"clauses published on no page: {missing}")
    return env


def on_page_content(html_text: str, page, config, files) -> str:
    return without_clause_heading_permalinks(html_text, page.file.src_uri)
