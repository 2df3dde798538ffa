"""The Markdown the policy pages' markers expand to: clauses, the glossary, and the small pieces around them.

hooks/policy_pages.py maps each marker to one of these functions; hooks/search_index.py uses
``without_clause_wrappers``. The clause markup is the site's contract with its tests and outside checks: the
element carrying ``data-jm-clause`` holds the official text of that clause and nothing else, except Material's
``.headerlink`` and elements marked ``data-jm-not-text``.
"""

from __future__ import annotations

import hashlib
import html
import re

from mkdocs.exceptions import PluginError

from policytext import Clause, clause_by_label, load_document, load_glossary, official_text
from sitebuild.calculator_forms import FORMS, render_batch, render_calculator, render_selfcheck
from sitebuild.deploy import public_address

POLICY_PAGE = "policy/index.md"

# Markdown gives these ASCII characters a meaning; the official text must come out as written.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")

# Rendered hidden: site.js shows it, so a reader without JavaScript never sees a button that does nothing.
ANNOTATIONS_TOGGLE = (
    '<p class="jm-reading-tools" data-search-exclude>'
    '<button type="button" class="jm-annotations-toggle" aria-pressed="false" hidden>隐藏解读（只看原文）</button>'
    "</p>\n"
)

CHAPTER_NUMERALS = "一二三四五"


def site_root_from(page_path: str, *, in_markdown: bool) -> str:
    """The site root relative to the page whose source is page_path ("" or "../", "../../" …).

    A Markdown link is resolved by MkDocs against the page's source file (glossary.md → ""), and MkDocs then
    rewrites it to the page's address; raw HTML is resolved by the browser against the page's address, which
    is a directory (glossary.md → glossary/ → "../"; an index.md is its folder's address).
    """
    depth = page_path.count("/")
    if not in_markdown and not page_path.endswith("index.md"):
        depth += 1
    return "../" * depth


def policy_link_in_markdown(page_path: str) -> str:
    """A Markdown link target for the policy page, which MkDocs checks and rewrites (policy/index.md)."""
    return site_root_from(page_path, in_markdown=True) + POLICY_PAGE


def policy_address_from(page_path: str) -> str:
    """The policy page's address relative to the page at page_path, for raw HTML ("" on the policy page)."""
    return "" if page_path == POLICY_PAGE else site_root_from(page_path, in_markdown=False) + "policy/"


def chapter_of(label: str) -> str:
    """The chapter a clause belongs to: 一…五, or the front matter and the closing parts as one group each."""
    if label[0] in CHAPTER_NUMERALS:
        return label[0]
    return "front" if label in ("文号", "主送", "前言") else "end"


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


class TermMarker:
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


def render_clause(clause: Clause, mark_terms: TermMarker | None = None) -> str:
    """Markdown (with md_in_html blocks) for one clause: a label bar, then the verbatim text."""
    label = html.escape(clause.label)
    citation = load_document().citation(clause.label)
    anchor_on_block = "" if clause.heading else f' id="{clause.fragment}"'
    bar = (
        f'<div class="jm-clause__bar" data-jm-not-text data-search-exclude>'
        f'<a class="jm-clause__label" href="#{clause.fragment}">{label}</a>'
        + (
            f'<span class="jm-clause__title">{html.escape(clause.title)}</span>'
            if clause.title and clause.title != clause.label
            else ""
        )
        + f'<button type="button" class="jm-cite" data-jm-citation="{html.escape(citation)}" '
        f'data-jm-fragment="{clause.fragment}" aria-label="复制引用：{label}" hidden>复制引用</button>'
        "</div>"
    )
    parts = [
        f'<section class="jm-clause jm-clause--{clause.form}" markdown>',
        bar,
        f'<div class="jm-clause__text" data-jm-clause="{label}"{anchor_on_block} markdown>',
        "",
    ]
    if clause.heading:
        hashes = "#" * clause.level
        parts += [f"{hashes} {escape_markdown(clause.heading)} {{#{clause.fragment} .jm-clause__heading}}", ""]
    mark_terms = mark_terms or TermMarker()
    for paragraph in clause.body:
        parts += [mark_terms(escape_markdown(paragraph)), ""]
    parts += ["</div>", "</section>", ""]
    return "\n".join(parts)


def render_glossary(page_path: str) -> str:
    """Markdown for the glossary page: one section per term, linking to the clauses where it matters."""
    policy_link = policy_link_in_markdown(page_path)
    parts = []
    for term in load_glossary():
        parts += [f"## {term.term} {{#{term.fragment}}}", "", term.explanation, ""]
        if term.clauses:
            links = "、".join(f"[{label}]({policy_link}#{clause_by_label(label).fragment})" for label in term.clauses)
            parts += [f"相关条款：{links}", ""]
        if term.sources:
            parts += ["来源：" + "；".join(term.sources), ""]
    return "\n".join(parts)


def render_calculator_marker(argument: str, page_path: str) -> str:
    """A calculator's form: "ratio", or "ratio embedded" to fold it beside a clause; "selfcheck", "ratio-batch"."""
    name, _, mode = argument.partition(" ")
    policy = policy_address_from(page_path)
    site_root = site_root_from(page_path, in_markdown=False)
    if name == "selfcheck" and not mode:
        return render_selfcheck(policy, site_root)
    if name == "ratio-batch" and not mode:
        return render_batch(policy, site_root)
    if name not in FORMS or mode not in ("", "embedded"):
        raise PluginError(f"{page_path}: unknown calculator {argument!r}; expected one of {sorted(FORMS)} [embedded]")
    if mode == "embedded":
        calculator = render_calculator(name, policy, site_root, start="visible")
        return (
            f'<details class="jm-calc-embed" data-search-exclude><summary>自查工具：{FORMS[name].title}</summary>\n'
            f"{calculator}</details>\n"
        )
    return render_calculator(name, policy, site_root)


def render_handbook_link(handbook_url: str) -> str:
    # Raw HTML: MkDocs checks Markdown links against the docs, and the PDF is made only after the pages.
    return (
        f'<p><a class="md-button md-button--primary" href="{handbook_url}" type="application/pdf">'
        "下载 PDF 手册</a></p>\n"
    )


def render_text_fingerprint() -> str:
    text = official_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    visible = len("".join(text.split()))
    return (
        f"- 文件：`policytext/official_text.txt`（UTF-8，{len(text.splitlines())} 行）\n"
        f"- 字符数（不计空白）：{visible}\n"
        f"- SHA-256：`{digest}`\n"
    )


def render_citation_example(label: str, site_url: str) -> str:
    clause = clause_by_label(label)
    # A build for this machine names no address: a reader would copy a 127.0.0.1 link into a document.
    address = public_address(site_url)
    link = f" {address}policy/#{clause.fragment}" if address else ""
    return f"> {load_document().citation(clause.label)}{link}\n"


# A clause heading's permalink is its label in the bar just above it (三（二） → #s3-2), so the ¶ link the toc
# extension adds to every heading is dropped from clause headings: one link fewer to each, and no tooltip to mount.
CLAUSE_HEADING = re.compile(r'<(h[1-6]) class="jm-clause__heading" id="([^"]+)">(.*?)</\1>', re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink" href="#(?P<fragment>[^"]+)"[^>]*>&para;</a>')


def without_clause_heading_permalinks(html_text: str, page_path: str) -> str:
    def without_permalink(match: re.Match) -> str:
        tag, fragment, inner = match.groups()
        links = list(HEADERLINK.finditer(inner))
        if len(links) != 1 or links[0]["fragment"] != fragment:
            raise PluginError(
                f"{page_path}: clause heading #{fragment} has no permalink of its own "
                f"to drop (has the toc extension's markup changed?)"
            )
        return f'<{tag} class="jm-clause__heading" id="{fragment}">{HEADERLINK.sub("", inner)}</{tag}>'

    return CLAUSE_HEADING.sub(without_permalink, html_text)


# The clause markup never nests these tags inside themselves, so each opening tag's closer is the next one.
CLAUSE_WRAPPERS = (
    (re.compile(r'<section class="jm-clause[ "][^>]*>'), "</section>"),
    (re.compile(r'<div class="jm-clause__text"[^>]*>'), "</div>"),
)


def without_clause_wrappers(content: str) -> str:
    """The page's HTML with each clause's <section> and data-jm-clause <div> removed, their contents kept."""
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
