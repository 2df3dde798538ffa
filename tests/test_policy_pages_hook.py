"""The MkDocs hook: clause Markdown comes out as the verbatim text, markers fail loudly, the glossary renders."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from site_html import official_text_of, without_whitespace

from policytext import Clause, load_clauses, load_glossary
from sitebuild.policy_markup import render_clause, render_glossary, site_root_from, without_clause_wrappers

PROJECT_DIR = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("policy_pages", PROJECT_DIR / "hooks" / "policy_pages.py")
policy_pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(policy_pages)


@pytest.fixture(scope="module")
def site_markdown():
    """A Markdown converter with the site's own extensions and settings, as MkDocs builds pages."""
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"))
    return lambda source: markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    ).convert(source)


def _rendered_text(site_markdown, clause: Clause) -> str:
    page = BeautifulSoup(site_markdown(render_clause(clause)), "html.parser")
    (element,) = page.select("[data-jm-clause]")
    return official_text_of(element)


# Chinese text mixed with every ASCII character Markdown, HTML or the site's extensions might act on.
TEXT_CHARACTERS = st.sampled_from(list("社会工作岗位（）《》“”、，；：％70." + "*_#+-!.[](){}<>&|~`\\:=^'\"%$@/"))
LINE = st.text(TEXT_CHARACTERS, min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=300)
@given(body=st.lists(LINE, min_size=1, max_size=3), lead=LINE, form=st.sampled_from(["paragraph", "heading", "run-in"]))
def test_any_text_comes_out_of_the_clause_markup_unchanged(site_markdown, body, lead, form):
    lines = (lead + "。" + "".join(body),) if form == "run-in" else (lead, *body)
    clause = Clause("测试", "s9", form, tuple(lines), level=None if form == "paragraph" else 3, title="测试")
    assert _rendered_text(site_markdown, clause) == without_whitespace("".join(lines))


@pytest.mark.parametrize("clause", load_clauses(), ids=lambda c: c.fragment)
def test_each_real_clause_renders_verbatim_with_its_anchor(site_markdown, clause):
    html = site_markdown(render_clause(clause))
    page = BeautifulSoup(html, "html.parser")
    assert _rendered_text(site_markdown, clause) == without_whitespace(clause.text)
    assert page.find(id=clause.fragment) is not None


def _page(path="policy/index.md"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=path), meta={}, is_homepage=path == "index.md")


def test_an_unknown_marker_stops_the_build():
    policy_pages.on_pre_build(None)
    with pytest.raises(PluginError, match="unknown marker"):
        policy_pages.on_page_markdown("[[条文 四（一）]]\n", _page(), None, None)


@pytest.mark.parametrize("line", ["[[手册 PDF]]", "[[条款]]", "[[规则表 不存在的表]]", "[[题库 不存在]]"])
def test_a_known_marker_with_an_argument_it_does_not_take_stops_the_build(line):
    policy_pages.on_pre_build(None)
    with pytest.raises(PluginError, match="unknown marker"):
        policy_pages.on_page_markdown(line + "\n", _page(), None, None)


@pytest.mark.parametrize(
    ("path", "in_markdown", "expected"),
    [
        ("index.md", True, ""),
        ("index.md", False, ""),
        ("glossary.md", True, ""),
        ("glossary.md", False, "../"),
        ("policy/index.md", True, "../"),
        ("policy/index.md", False, "../"),
        ("tools/ratio.md", True, "../"),
        ("tools/ratio.md", False, "../../"),
    ],
)
def test_the_site_root_is_found_from_the_source_file_in_markdown_and_from_the_page_address_in_html(
    path, in_markdown, expected
):
    assert site_root_from(path, in_markdown=in_markdown) == expected


def test_an_unknown_clause_label_stops_the_build():
    policy_pages.on_pre_build(None)
    with pytest.raises(PluginError, match="no clause labelled '六（一）'"):
        policy_pages.on_page_markdown("[[条款 六（一）]]\n", _page(), None, None)


def test_a_clause_published_twice_stops_the_build():
    policy_pages.on_pre_build(None)
    policy_pages.on_page_markdown("[[条款 四（一）]]\n", _page(), None, None)
    with pytest.raises(PluginError, match="already published"):
        policy_pages.on_page_markdown("[[条款 四（一）]]\n", _page("other.md"), None, None)


def test_a_clause_published_nowhere_stops_the_build():
    policy_pages.on_pre_build(None)
    policy_pages.on_page_markdown("[[条款 四（一）]]\n", _page(), None, None)
    with pytest.raises(PluginError, match="published on no page"):
        policy_pages.on_env(None, None, None)


def test_glossary_terms_get_a_tooltip_once_per_chapter():
    policy_pages.on_pre_build(None)
    source = "\n".join(f"[[条款 {label}]]" for label in ("四（一）", "四（二）", "五（一）"))
    out = policy_pages.on_page_markdown(source, _page(), None, None)
    sections = out.split('<section class="jm-clause')
    assert sections[1].count('<abbr title="') >= 1
    marked_in_four_one = {a.split("</abbr>")[0].split(">")[-1] for a in sections[1].split("<abbr")[1:]}
    for term in marked_in_four_one:
        assert f">{term}</abbr>" not in sections[2], f"{term} marked twice in chapter 四"
    assert "<abbr" in sections[3]  # a new chapter marks its terms again


def test_the_search_index_sees_clause_headings_at_top_level_and_the_page_keeps_its_wrappers():
    html = render_clause(next(c for c in load_clauses() if c.label == "四（一）"))
    rendered = markdown.Markdown(extensions=["attr_list", "md_in_html"]).convert(html)
    flat = without_clause_wrappers(rendered)
    assert "data-jm-clause" not in flat and "<section" not in flat
    assert 'id="s4-1"' in flat and "职业津贴" in flat


def test_the_glossary_page_links_each_term_to_its_clauses():
    rendered = render_glossary("glossary.md")
    for term in load_glossary():
        assert f"## {term.term} {{#{term.fragment}}}" in rendered
        for label in term.clauses:
            assert f"[{label}](policy/index.md#" in rendered


def test_the_pages_the_handbook_holds_and_the_home_page_link_to_it_relative_to_their_own_address():
    policy_pages.on_pre_build(None)
    for path, expected in (
        ("policy/index.md", "../handbook.pdf"),
        ("training/answers.md", "../../handbook.pdf"),
        ("index.md", "handbook.pdf"),
        ("glossary.md", "../handbook.pdf"),
    ):
        page = _page(path)
        policy_pages.on_page_markdown("", page, None, None)
        assert page.meta["handbook_url"] == expected, path
    tool_page = _page("tools/ratio.md")
    policy_pages.on_page_markdown("", tool_page, None, None)
    assert "handbook_url" not in tool_page.meta


def test_the_handbook_marker_renders_a_link_to_the_pdf():
    out = policy_pages.on_page_markdown("[[手册]]\n", _page("index.md"), None, None)
    assert 'href="handbook.pdf"' in out and "下载 PDF 手册" in out


def _clause_page_html(site_markdown, label: str) -> str:
    """A clause as the built page has it: Markdown with the site's extensions, then the hook's page content pass."""
    policy_pages.on_pre_build(None)
    html = site_markdown(policy_pages.on_page_markdown(f"[[条款 {label}]]\n\n## 别的标题\n", _page(), None, None))
    return policy_pages.on_page_content(html, _page(), None, None)


def test_a_clause_heading_has_no_pilcrow_link_its_label_is_its_link(site_markdown):
    page = BeautifulSoup(_clause_page_html(site_markdown, "四（一）"), "html.parser")
    heading = page.select_one("#s4-1")
    assert heading.select(".headerlink") == []
    assert page.select_one(".jm-clause__label")["href"] == "#s4-1"
    # Headings that are not clauses keep the permalink the toc extension gives them.
    assert page.select_one("h2:not(.jm-clause__heading) .headerlink") is not None


def test_a_clause_heading_whose_permalink_is_not_found_stops_the_build():
    html = '<h3 class="jm-clause__heading" id="s4-1">（一）合理确定薪酬待遇。</h3>'
    with pytest.raises(PluginError, match="#s4-1 has no permalink"):
        policy_pages.on_page_content(html, _page(), None, None)


def test_only_the_glossary_terms_of_a_clause_carry_a_title_and_each_can_be_focused(site_markdown):
    # Material mounts a tooltip for every element with a title (content.tooltips): in a clause, only the terms.
    page = BeautifulSoup(_clause_page_html(site_markdown, "四（一）"), "html.parser")
    section = page.select_one("section.jm-clause")
    titled = section.select("[title]")
    assert titled and {element.name for element in titled} == {"abbr"}
    assert all(element.get("tabindex") == "0" for element in titled)  # Material shows them on focus as on hover


def test_the_search_plugin_reads_a_policy_page_unwrapped_and_the_page_gets_its_wrappers_back():
    spec = importlib.util.spec_from_file_location("search_index", PROJECT_DIR / "hooks" / "search_index.py")
    search_index = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search_index)
    wrapped = markdown.Markdown(extensions=["attr_list", "md_in_html"]).convert(
        render_clause(next(c for c in load_clauses() if c.label == "四（一）"))
    )
    page = SimpleNamespace(file=SimpleNamespace(src_uri="policy/index.md"), content=wrapped)
    unwrap, restore = search_index.on_page_context.methods
    assert (unwrap.mkdocs_priority, restore.mkdocs_priority) == (100, -100)  # around the search plugin's 0
    unwrap({}, page, None, None)
    assert "data-jm-clause" not in page.content and 'id="s4-1"' in page.content
    restore({}, page, None, None)
    assert page.content == wrapped
