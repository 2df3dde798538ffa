"""The printable handbook: the built site's text pages assembled into one HTML document and set as an A4 PDF
with WeasyPrint.

It reads the pages MkDocs has just built, so the handbook holds exactly what the site publishes: the official
text clause by clause under the same ``data-jm-clause`` contract, each clause followed by its 解读, then the
glossary, the reference tables and, as appendices, the question set, its answer key, the list of the online
tools and 关于本站. What only works on a screen (buttons, calculators, tooltips) is dropped; links between the
chapters become links inside the PDF, and links to the rest of the site become full addresses.

WeasyPrint rather than printing from Chromium: Chromium embeds CJK fonts as Type 3 glyphs, which print shops
reject, and has no table of contents with page numbers. WeasyPrint embeds real (subset) OpenType fonts, makes
the PDF outline from bookmark levels and fills page numbers with ``target-counter``.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from policytext import Clause, clause_by_label, load_clauses, load_document
from sitebuild.build_cache import cached_output
from sitebuild.deploy import public_address

HANDBOOK_PATH = Path("handbook.pdf")
STYLESHEET = Path(__file__).with_name("handbook.css")
# Setting the PDF takes about 15 s, so the last one made is kept, keyed by what went into it; a rebuild whose
# handbook would not change (a change to a tool page, a stylesheet of the site) copies it instead.
# JMF_HANDBOOK_CACHE points it elsewhere (the benchmark measures a build that sets the handbook anew).
CACHE_DIR = Path(os.environ.get("JMF_HANDBOOK_CACHE") or Path(__file__).resolve().parents[1] / "build" / "handbook")
# The faces the stylesheet names; without them the text would silently fall back to a font with no Chinese.
REQUIRED_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC")
FONT_PACKAGE = "fonts-noto-cjk"
# Links are resolved against this stand-in origin, then either kept inside the PDF or given the real address.
_ORIGIN = "https://site.invalid/"


@dataclass(frozen=True)
class Chapter:
    key: str  # the chapter's anchor in the handbook, and the prefix of its ids
    source: str  # the page's Markdown source under docs/
    appendix: str = ""  # 附录一 … for the appendices

    @property
    def page(self) -> str:
        """The page's directory URL in the built site (glossary.md → glossary/, policy/index.md → policy/)."""
        path = self.source.removesuffix(".md").removesuffix("index")
        return path if path.endswith("/") or not path else path + "/"


CHAPTERS = (
    Chapter("policy", "policy/index.md"),
    Chapter("glossary", "glossary.md"),
    Chapter("rules", "rules.md"),
    Chapter("questions", "training/questions.md", "附录一"),
    Chapter("answers", "training/answers.md", "附录二"),
    # What the online tools do, each with its address: the calculators themselves only run in a browser.
    Chapter("tools", "tools/index.md", "附录三"),
    Chapter("about", "about.md", "附录四"),
)
HANDBOOK_SOURCES = frozenset(chapter.source for chapter in CHAPTERS)
# The policy chapter keeps the site's clause fragments as they are (handbook.pdf#s3-2-3 names the same clause
# as policy/#s3-2-3); every other chapter's ids get the chapter's key in front, so no two chapters collide.
UNPREFIXED_CHAPTER = "policy"

# Screen-only parts of a page, dropped from the handbook.
SCREEN_ONLY = ", ".join(
    (
        ".headerlink",
        "button",
        "form",
        "script",
        ".jm-reading-tools",
        ".jm-calc",
        ".jm-calc-embed",
        ".jm-quiz",
        ".md-source-file",
        ".md-content__button",  # the PDF handbook link beside the title
    )
)


class HandbookError(RuntimeError):
    """The handbook cannot be made as it must be (a page or a font is missing, an id is used twice)."""


# ---- Assembling the HTML -----------------------------------------------------------------------------------


def assemble_handbook(site_dir: Path, site_url: str, version: str, built_on: datetime.date) -> str:
    """The handbook as one HTML document: cover, contents, the chapters in order. It prints the site's address
    only when that is public: a handbook built for this machine (127.0.0.1 …) names no address at all."""
    site_url = public_address(site_url)
    chapters = [(chapter, _chapter_content(site_dir, chapter, site_url)) for chapter in CHAPTERS]
    _check_unique_ids(chapters)
    document = load_document()
    title = f"{document.number} 逐条原文与解读"
    running_header = f"{title}（非官方整理版本）"
    body = [
        _cover(title, site_url, version, built_on),
        _contents([(chapter, _heading_text(content)) for chapter, content in chapters]),
        *(str(content) for _, content in chapters),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(running_header)}</title>\n"
        f'<meta name="description" content="{html.escape(document.short_name)}：原文、解读、术语表、规则一览与练习题。">\n'
        f'<meta name="dcterms.created" content="{built_on.isoformat()}">\n'
        # The running header carries the document number from document.toml, so it is set here, not in the CSS.
        f'<style>@page {{ @top-left {{ content: "{running_header}"; }} }}</style>\n'
        "</head>\n"
        '<body class="jm-handbook">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _chapter_content(site_dir: Path, chapter: Chapter, site_url: str) -> Tag:
    path = site_dir / chapter.page / "index.html"
    if not path.is_file():
        raise HandbookError(f"the handbook needs {path}, which the build did not write")
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article.md-content__inner")
    if article is None:
        raise HandbookError(f"{path} has no article.md-content__inner")
    for element in article.select(SCREEN_ONLY):
        element.decompose()
    # Tooltips cannot be opened on paper; the glossary is a chapter of its own.
    for abbreviation in article.select("abbr"):
        abbreviation.unwrap()
    _rewrite_ids(article, chapter)
    _rewrite_links(article, chapter, site_url)
    if chapter.key == UNPREFIXED_CHAPTER:
        _bookmark_unheaded_clauses(article)
    heading = article.find("h1")
    if heading is None:
        raise HandbookError(f"{path} has no h1 to title its chapter")
    if chapter.appendix:
        heading.insert(0, f"{chapter.appendix}　")
    section = page.new_tag("section", attrs={"class": f"jm-chapter jm-chapter--{chapter.key}", "id": chapter.key})
    section.extend(list(article.contents))
    return section


def _prefixed(chapter: Chapter, fragment: str) -> str:
    return fragment if chapter.key == UNPREFIXED_CHAPTER else f"{chapter.key}-{fragment}"


def _rewrite_ids(article: Tag, chapter: Chapter) -> None:
    for element in article.select("[id]"):
        element["id"] = _prefixed(chapter, element["id"])


def _rewrite_links(article: Tag, chapter: Chapter, site_url: str) -> None:
    """Links to a chapter of the handbook point inside the PDF (and say so, for a cross-chapter reference, with
    a page number in print); links to the rest of the site get its full public address, or, without one, are
    left as plain text."""
    chapters_by_page = {c.page: c for c in CHAPTERS}
    for link in article.select("a[href]"):
        target = urlsplit(urljoin(_ORIGIN + chapter.page, link["href"]))
        if f"{target.scheme}://{target.netloc}/" != _ORIGIN:
            continue  # another site's address stays as it is
        page = target.path.lstrip("/")
        if page in chapters_by_page:
            target_chapter = chapters_by_page[page]
            fragment = _prefixed(target_chapter, target.fragment) if target.fragment else target_chapter.key
            link["href"] = f"#{fragment}"
            if target_chapter is not chapter:
                link["class"] = [*link.get("class", []), "jm-xref"]
        elif not site_url:
            link.unwrap()
        else:
            address = site_url + page + (f"#{target.fragment}" if target.fragment else "")
            link["href"] = address
            link["class"] = [*link.get("class", []), "jm-external"]


def _bookmark_unheaded_clauses(article: Tag) -> None:
    """Clauses without a heading of their own (文号, 前言, 二-1 …) still get an entry in the PDF outline, at
    the depth of their place in the document."""
    for text in article.select("[data-jm-clause]"):
        clause = clause_by_label(text["data-jm-clause"])
        if clause.heading:
            continue
        section = text.find_parent("section")
        label = _bookmark_label(clause).replace('"', "'")
        section["style"] = f'bookmark-level: {_outline_depth(clause)}; bookmark-label: "{label}"'


def _outline_depth(clause: Clause) -> int:
    """The clause's depth in the outline, the chapter page being 1: a heading's own level, otherwise 2 for the
    front and closing parts and 3 for the principles 二-1 … 二-4 that sit under 二."""
    if clause.level:
        return clause.level
    return 3 if "-" in clause.label else 2


def _bookmark_label(clause: Clause) -> str:
    title = clause.navigation_title
    return title if title.startswith(clause.label) else f"{clause.label}　{title}"


def _check_unique_ids(chapters: list[tuple[Chapter, Tag]]) -> None:
    seen: dict[str, str] = {}
    for chapter, content in chapters:
        for element in [content, *content.select("[id]")]:
            identifier = element["id"]
            if identifier in seen:
                raise HandbookError(f"id {identifier!r} is used in {seen[identifier]} and {chapter.key}")
            seen[identifier] = chapter.key


def _heading_text(content: Tag) -> str:
    return content.find("h1").get_text().strip()


def _cover(title: str, site_url: str, version: str, built_on: datetime.date) -> str:
    document = load_document()
    # Only a public address: a handbook made on this machine for this machine (127.0.0.1 …) names none.
    address = (
        f'<dt>网址</dt><dd><a href="{html.escape(site_url)}">{html.escape(site_url)}</a></dd>\n' if site_url else ""
    )
    return (
        '<section class="jm-cover">\n'
        f'<p class="jm-cover__number">{html.escape(document.number)}</p>\n'
        f'<h1 class="jm-cover__title">{html.escape(document.short_name)}<br>逐条原文与解读</h1>\n'
        f'<p class="jm-cover__reported">《{html.escape(document.reported_title)}》'
        f"<br><small>（{html.escape(document.title_hedge)}）</small></p>\n"
        '<p class="jm-cover__unofficial">非官方整理版本</p>\n'
        '<p class="jm-cover__note">原文照录本站所据文本（项目保存的一份电子文本，未与纸质原件核对），逐字未改；'
        "解读、术语表和规则一览是本站的说明，不是官方解释。政策内容以发文机关正式印发的文件为准。</p>\n"
        '<dl class="jm-cover__facts">\n'
        f"<dt>构建日期</dt><dd>{built_on.isoformat()}</dd>\n"
        f"<dt>网站版本</dt><dd>{html.escape(version)}</dd>\n"
        f"{address}</dl>\n"
        "</section>\n"
    )


def _contents(chapters: list[tuple[Chapter, str]]) -> str:
    """The table of contents: every chapter, and inside the policy chapter every clause, with page numbers
    that WeasyPrint fills in (target-counter in handbook.css)."""
    lines = [
        '<nav class="jm-contents" aria-labelledby="contents-title">',
        '<h1 id="contents-title">目　录</h1>',
        '<ol class="jm-contents__list">',
    ]
    for chapter, title in chapters:
        lines.append(f'<li class="jm-contents__chapter"><a href="#{chapter.key}">{html.escape(title)}</a>')
        if chapter.key == UNPREFIXED_CHAPTER:
            lines.append('<ol class="jm-contents__clauses">')
            for clause in load_clauses():
                lines.append(
                    f'<li class="jm-contents__clause jm-contents__clause--{_outline_depth(clause)}">'
                    f'<a href="#{clause.fragment}"><span class="jm-contents__label">{html.escape(clause.label)}</span>'
                    f"{html.escape(_contents_title(clause))}</a></li>"
                )
            lines.append("</ol>")
        lines.append("</li>")
    lines += ["</ol>", "</nav>"]
    return "\n".join(lines)


def _contents_title(clause: Clause) -> str:
    """What the contents list shows after the label: the clause's title or heading, without the numbering the
    label already gives (一、总体要求 → 总体要求; （一）合理确定薪酬待遇。 → 合理确定薪酬待遇)."""
    title = clause.navigation_title
    if title == clause.label:
        return ""
    for separator in ("、", "）", "."):
        head, found, rest = title.partition(separator)
        if found and len(head) <= 3:
            title = rest
            break
    return "　" + title.rstrip("。")


# ---- Setting the PDF ------------------------------------------------------------------------------------------


def missing_fonts() -> list[str]:
    """The required font families fontconfig does not know (an empty list when all are installed)."""
    if shutil.which("fc-list") is None:
        return list(REQUIRED_FONTS)
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return [font for font in REQUIRED_FONTS if font not in families]


def write_handbook(
    site_dir: Path, site_url: str, version: str, built_on: datetime.date, cache_dir: Path = CACHE_DIR
) -> Path:
    """site_dir/handbook.pdf from the pages built into site_dir; set anew only when its content has changed."""
    handbook_html = assemble_handbook(site_dir, site_url, version, built_on)
    destination = site_dir / HANDBOOK_PATH
    cached = cached_output(
        cache_dir, _cache_key(handbook_html), ".pdf", lambda partial: render_pdf(handbook_html, partial)
    )
    shutil.copyfile(cached, destination)
    return destination


def _cache_key(handbook_html: str) -> str:
    from weasyprint import __version__ as weasyprint_version

    digest = hashlib.sha256()
    for part in (handbook_html, STYLESHEET.read_text(encoding="utf-8"), weasyprint_version):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def render_pdf(handbook_html: str, destination: Path) -> Path:
    """Set the handbook as a tagged PDF (its structure readable by screen readers) with embedded fonts."""
    # Imported here: only this step needs WeasyPrint, and importing it costs every other build step time.
    import weasyprint

    missing = missing_fonts()
    if missing:
        raise HandbookError(
            f"the handbook needs the fonts {', '.join(missing)} (Debian package {FONT_PACKAGE}): "
            f"`make site` installs it as root; otherwise run `sudo apt-get install {FONT_PACKAGE}`"
        )
    document = weasyprint.HTML(string=handbook_html, base_url=str(destination.parent))
    document.write_pdf(destination, stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))], pdf_tags=True)
    return destination
