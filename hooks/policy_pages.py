"""MkDocs hook: publishes the official text clause by clause, and the glossary, from the policytext package.

Pages ask for content with markers on a line of their own:

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
    [[计算器 ratio]]    a calculator (ratio, grade, allowance or ratio-batch) that runs in the browser; add "embedded" to
                        fold it beside a clause, where Python loads only when the reader opens it

The exam training's [[培训 …]] markers are expanded before this hook runs, by hooks/training_bank.py.

The clause markup is the site's contract with its tests and outside checks: the element carrying
``data-clause`` holds the official text of that clause and nothing else, except Material's ``.headerlink``
and elements marked ``data-not-text``. Unknown markers, unknown labels and clauses published twice or not
at all stop the build.
"""

from __future__ import annotations

import hashlib
import html
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from policytext import Clause, clause_by_label, load_clauses, load_document, load_glossary, official_text
from sitebuild.calculator_forms import FORMS, TEMPLATE_PATH, render_batch, render_calculator, render_selfcheck
from sitebuild.deploy import public_address
from sitebuild.handbook import HANDBOOK_PATH, HANDBOOK_SOURCES
from sitebuild.question_pages import PAGES as QUESTION_PAGES
from sitebuild.rule_tables import TABLES as RULE_TABLES
from sitebuild.rule_tables import expand_force_markers

MARKER = re.compile(r"^\[\[(?P<kind>\S+)(?: (?P<argument>.+?))?\]\]$", re.MULTILINE)
# Markdown gives these ASCII characters a meaning; the official text must come out as written.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")

# Rendered hidden: site.js shows it, so a reader without JavaScript never sees a button that does nothing.
ANNOTATIONS_TOGGLE = (
    '<p class="jm-reading-tools" data-search-exclude>'
    '<button type="button" class="jm-annotations-toggle" aria-pressed="false" hidden>隐藏解读（只看原文）</button>'
    "</p>\n"
)

_published: dict[str, str] = {}  # clause label → source path of the page that published it


# Glossary tooltips: one _TermMarker per chapter of each page, so a term is marked once per chapter.
_term_markers: dict[tuple[str, str], "_TermMarker"] = {}
CHAPTER_NUMERALS = "一二三四五"


def on_pre_build(config) -> None:
    _published.clear()
    _term_markers.clear()


def chapter_of(label: str) -> str:
    """The chapter a clause belongs to: 一…五, or the front matter and the closing parts as one group each."""
    if label[0] in CHAPTER_NUMERALS:
        return label[0]
    return "front" if label in ("文号", "主送", "前言") else "end"


def on_page_markdown(markdown: str, page, config, files) -> str:
    handbook_url = _page_url_to_site_root(page.file.src_uri) + HANDBOOK_PATH.as_posix()
    # The pages the handbook holds, and the home page, offer it beside their title (overrides/main.html).
    if page.file.src_uri in HANDBOOK_SOURCES or page.is_homepage:
        page.meta["handbook_url"] = handbook_url

    def expand(match: re.Match) -> str:
        kind, argument = match["kind"], match["argument"]
        if kind == "条款" and argument:
            return _publish_clause(argument, page.file.src_uri)
        if kind == "术语表" and not argument:
            return render_glossary(page.file.src_uri)
        if kind == "解读开关" and not argument:
            return ANNOTATIONS_TOGGLE
        if kind == "原文校验" and not argument:
            return render_text_fingerprint()
        if kind == "引用示例" and argument:
            return render_citation_example(argument, page, config)
        if kind == "题库" and argument in QUESTION_PAGES:
            return QUESTION_PAGES[argument](_relative_link(page.file.src_uri, "policy/index.md"))
        if kind == "手册" and not argument:
            return render_handbook_link(handbook_url)
        if kind == "计算器" and argument:
            if not argument.endswith(" embedded"):
                page.meta["starts_python"] = True  # read by overrides/main.html
            return _calculator(argument, page.file.src_uri)
        if kind == "规则表" and argument in RULE_TABLES:
            return RULE_TABLES[argument](_relative_link(page.file.src_uri, "policy/index.md"))
        raise PluginError(f"{page.file.src_uri}: unknown marker {match[0]!r}")

    try:
        markdown = expand_force_markers(markdown)
    except ValueError as problem:
        raise PluginError(f"{page.file.src_uri}: {problem}") from None
    return MARKER.sub(expand, markdown)


def on_env(env, config, files):
    missing = [c.label for c in load_clauses() if c.label not in _published]
    if missing:
        raise PluginError(f"clauses published on no page: {missing}")
    return env


def _publish_clause(label: str, page_path: str) -> str:
    try:
        clause = clause_by_label(label)
    except KeyError:
        raise PluginError(f"{page_path}: no clause labelled {label!r} in policytext/clauses.toml") from None
    if label in _published:
        raise PluginError(f"{page_path}: clause {label} is already published on {_published[label]}")
    _published[label] = page_path
    marker = _term_markers.setdefault((page_path, chapter_of(label)), _TermMarker())
    return render_clause(clause, marker)


def render_clause(clause: Clause, mark_terms: "_TermMarker | None" = None) -> str:
    """Markdown (with md_in_html blocks) for one clause: a label bar, then the verbatim text."""
    label = html.escape(clause.label)
    citation = load_document().citation(clause.label)
    anchor_on_block = "" if clause.heading else f' id="{clause.fragment}"'
    bar = (
        f'<div class="jm-clause__bar" data-not-text data-search-exclude>'
        f'<a class="jm-clause__label" href="#{clause.fragment}">{label}</a>'
        + (f'<span class="jm-clause__title">{html.escape(clause.title)}</span>'
           if clause.title and clause.title != clause.label else "")
        + f'<button type="button" class="jm-cite" data-jm-citation="{html.escape(citation)}" '
        f'data-jm-fragment="{clause.fragment}" aria-label="复制引用：{label}" hidden>复制引用</button>'
        "</div>"
    )
    parts = [
        f'<section class="jm-clause jm-clause--{clause.form}" markdown>',
        bar,
        f'<div class="jm-clause__text" data-clause="{label}"{anchor_on_block} markdown>',
        "",
    ]
    if clause.heading:
        hashes = "#" * clause.level
        parts += [f"{hashes} {_escape(clause.heading)} {{#{clause.fragment} .jm-clause__heading}}", ""]
    mark_terms = mark_terms or _TermMarker()
    for paragraph in clause.body:
        parts += [mark_terms(_escape(paragraph)), ""]
    parts += ["</div>", "</section>", ""]
    return "\n".join(parts)


# A clause heading's permalink is its label in the bar just above it (三（二） → #s3-2), so the ¶ link the toc
# extension adds to every heading is dropped from clause headings: one link fewer to each, and no tooltip to mount.
CLAUSE_HEADING = re.compile(r'<(h[1-6]) class="jm-clause__heading" id="([^"]+)">(.*?)</\1>', re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink" href="#(?P<fragment>[^"]+)"[^>]*>&para;</a>')


def on_page_content(html_text: str, page, config, files) -> str:
    def without_permalink(match: re.Match) -> str:
        tag, fragment, inner = match.groups()
        links = list(HEADERLINK.finditer(inner))
        if len(links) != 1 or links[0]["fragment"] != fragment:
            raise PluginError(f"{page.file.src_uri}: clause heading #{fragment} has no permalink of its own "
                              f"to drop (has the toc extension's markup changed?)")
        return f'<{tag} class="jm-clause__heading" id="{fragment}">{HEADERLINK.sub("", inner)}</{tag}>'

    return CLAUSE_HEADING.sub(without_permalink, html_text)


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


class _TermMarker:
    """Wraps the first occurrence (in the clauses it is given) of each glossary term in an <abbr> tooltip.

    Python-Markdown's abbr extension needs word boundaries, which Chinese text does not have, so the terms
    are marked here. Longer terms win over the shorter terms they contain (社会工作专业人才 over 社会工作).
    These are the only elements of a clause with a title, so the only ones Material mounts a tooltip for
    (content.tooltips): the label link and the heading need none, and each costs the page's start-up.
    """

    def __init__(self) -> None:
        terms = sorted(load_glossary(), key=lambda t: len(t.term), reverse=True)
        self._short = {t.term: t.short for t in terms}
        self._pattern = re.compile("|".join(re.escape(t.term) for t in terms)) if terms else None
        self._done: set[str] = set()

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(self._mark, text)

    def _mark(self, match: re.Match) -> str:
        term = match[0]
        if term in self._done:
            return term
        self._done.add(term)
        # tabindex: Material shows the tooltip on hover or focus, and an <abbr> is not focusable by itself.
        return f'<abbr title="{html.escape(self._short[term])}" tabindex="0">{term}</abbr>'


def render_glossary(page_path: str) -> str:
    """Markdown for the glossary page: one section per term, linking to the clauses where it matters."""
    policy_link = _relative_link(page_path, "policy/index.md")
    parts = []
    for term in load_glossary():
        parts += [f"## {term.term} {{#{term.fragment}}}", "", term.explanation, ""]
        if term.clauses:
            links = "、".join(
                f"[{label}]({policy_link}#{clause_by_label(label).fragment})" for label in term.clauses
            )
            parts += [f"相关条款：{links}", ""]
        if term.sources:
            parts += ["来源：" + "；".join(term.sources), ""]
    return "\n".join(parts)


def _relative_link(from_page: str, to_page: str) -> str:
    depth = from_page.count("/")
    return "../" * depth + to_page


def _calculator(argument: str, page_path: str) -> str:
    name, _, mode = argument.partition(" ")
    if name == "selfcheck" and not mode:
        return render_selfcheck(_page_url_to_policy(page_path), _page_url_to_site_root(page_path))
    if name == "ratio-batch" and not mode:
        site_root = _page_url_to_site_root(page_path)
        return render_batch(_page_url_to_policy(page_path), site_root, site_root + TEMPLATE_PATH)
    if name not in FORMS or mode not in ("", "embedded"):
        raise PluginError(f"{page_path}: unknown calculator {argument!r}; expected one of {sorted(FORMS)} [embedded]")
    if mode == "embedded":
        calculator = render_calculator(name, _page_url_to_policy(page_path), _page_url_to_site_root(page_path),
                                       start="visible")
        return (f'<details class="jm-calc-embed" data-search-exclude><summary>自查工具：{FORMS[name].title}</summary>\n'
                f"{calculator}</details>\n")
    return render_calculator(name, _page_url_to_policy(page_path), _page_url_to_site_root(page_path))


def _page_url_to_site_root(page_path: str) -> str:
    """The site root's URL relative to the URL of the page at page_path (directory URLs: a/b.md → a/b/)."""
    depth = page_path.count("/") + (0 if page_path.endswith("index.md") else 1)
    return "../" * depth


def _page_url_to_policy(page_path: str) -> str:
    """The policy page's URL relative to the page at page_path ("" on the policy page itself)."""
    return "" if page_path == "policy/index.md" else _page_url_to_site_root(page_path) + "policy/"


def render_handbook_link(handbook_url: str) -> str:
    # Raw HTML: MkDocs checks Markdown links against the docs, and the PDF is made only after the pages.
    return (f'<p><a class="md-button md-button--primary" href="{handbook_url}" type="application/pdf">'
            "下载 PDF 手册</a></p>\n")


def render_text_fingerprint() -> str:
    text = official_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    visible = len("".join(text.split()))
    return (
        f"- 文件：`policytext/official_text.txt`（UTF-8，{len(text.splitlines())} 行）\n"
        f"- 字符数（不计空白）：{visible}\n"
        f"- SHA-256：`{digest}`\n"
    )


def render_citation_example(label: str, page, config) -> str:
    clause = clause_by_label(label)
    # A build for this machine names no address: a reader would copy a 127.0.0.1 link into a document.
    address = public_address(config.site_url or "")
    link = f" {address}policy/#{clause.fragment}" if address else ""
    return f"> {load_document().citation(clause.label)}{link}\n"


# ---- Search ---------------------------------------------------------------------------------------------
# Material's search index starts a section at each heading, but ends it where the element around the heading
# closes. A clause heading sits inside its data-clause wrapper, so the 解读 that follows the wrapper would be
# indexed under the page instead of under the clause, and a search for 津贴 would not lead to 四（一）.
# So the index is shown the page without the clause wrappers (headings at top level), and the page itself
# keeps them: the swap happens just before the search plugin reads page.content, and is undone just after.
# The clause markup never nests these tags inside themselves, so each opening tag's closer is the next one.
CLAUSE_WRAPPERS = (
    (re.compile(r'<section class="jm-clause[ "][^>]*>'), "</section>"),
    (re.compile(r'<div class="jm-clause__text"[^>]*>'), "</div>"),
)
_pages_before_search: dict[str, str] = {}


def without_clause_wrappers(content: str) -> str:
    for opening, closing in CLAUSE_WRAPPERS:
        pieces, position = [], 0
        for match in opening.finditer(content):
            if match.start() < position:
                raise PluginError(f"nested clause wrapper at {match.group()!r}")
            end = content.index(closing, match.end())
            pieces += [content[position : match.start()], content[match.end() : end]]
            position = end + len(closing)
        content = "".join(pieces) + content[position:]
    return content


@event_priority(100)
def _show_search_the_clauses_unwrapped(context, page, config, nav):
    if 'data-clause="' in (page.content or ""):
        _pages_before_search[page.file.src_uri] = page.content
        page.content = without_clause_wrappers(page.content)
    return context


@event_priority(-100)
def _restore_the_clause_wrappers(context, page, config, nav):
    original = _pages_before_search.pop(page.file.src_uri, None)
    if original is not None:
        page.content = original
    return context


on_page_context = CombinedEvent(_show_search_the_clauses_unwrapped, _restore_the_clause_wrappers)
