"""Printing a page from the browser: navigation, search and buttons go; clause labels and 解读 stay (only the
bare text when the 解读 are hidden); links that leave the page print their address; paper is never dark."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect
from site_html import without_whitespace

from policytext import load_clauses

pytestmark = pytest.mark.browser

SCREEN_ONLY = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".jm-cite",
    ".jm-annotations-toggle",
    ".jm-handbook-link",
    ".jm-calc-embed",
]


def _open(page, url):
    page.goto(url)
    expect(page.locator(".jm-handbook-link")).to_be_visible()
    page.wait_for_load_state("load")


def _printed_text(page, tmp_path) -> str:
    """What Chromium prints, read back from its PDF."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install Debian's poppler-utils (`make test` does it as root)", pytrace=False)
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4")
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_print_hides_navigation_search_and_buttons_and_keeps_clause_labels_and_interpretations(page, site_url):
    _open(page, f"{site_url}policy/")
    expect(page.locator(".jm-cite").first).to_be_visible()  # on screen, site.js has shown the buttons
    page.emulate_media(media="print")
    for selector in SCREEN_ONLY:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".jm-clause__label").first).to_be_visible()
    expect(page.locator('[data-jm-clause="四（一）"]')).to_be_visible()
    expect(page.locator(".admonition.interpretation").first).to_be_visible()


def test_in_print_every_clause_of_the_text_is_shown(page, site_url):
    _open(page, f"{site_url}policy/")
    page.emulate_media(media="print")
    # The contract tests prove each element's text; here, that print shows every one of them.
    for clause in load_clauses():
        expect(page.locator(f'[data-jm-clause="{clause.label}"]')).to_be_visible()


def test_the_printed_policy_page_has_clause_labels_and_interpretations_and_no_controls(page, site_url, tmp_path):
    _open(page, f"{site_url}policy/")
    printed = _printed_text(page, tmp_path)
    flat = without_whitespace(printed)
    lines = {line.strip() for line in printed.splitlines()}
    for clause in load_clauses():
        assert any(line.startswith(clause.label) for line in lines), clause.label
    assert flat.count("一句话：") >= len(load_clauses()) - 1
    # The controls' own labels (the page's introduction may still mention a button by name).
    for control in ("复制引用", "隐藏解读（只看原文）", "搜索", "自查工具：岗位比例自查", "PDF 手册"):
        assert not any(line.endswith(control) for line in lines), control


def test_with_the_interpretations_hidden_only_the_bare_text_is_printed(page, site_url, tmp_path):
    _open(page, f"{site_url}policy/")
    page.locator(".jm-annotations-toggle").click()
    page.emulate_media(media="print")
    expect(page.locator(".admonition.interpretation").first).to_be_hidden()
    expect(page.locator(".admonition.slip").first).to_be_hidden()
    for clause in load_clauses():
        expect(page.locator(f'[data-jm-clause="{clause.label}"]')).to_be_visible()
    printed = without_whitespace(_printed_text(page, tmp_path))
    assert "一句话：" not in printed and "原文如此" not in printed
    assert without_whitespace(load_clauses()[-1].text)[:20] in printed  # the text runs to the last clause


def _after_content(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("(link) => getComputedStyle(link, '::after').content")


def test_a_link_to_another_page_prints_its_full_address_and_a_clause_reference_prints_its_label_only(page, site_url):
    _open(page, site_url)
    page.emulate_media(media="print")
    # (Material's instant navigation makes every href absolute, hence the suffix selectors.)
    tool_link = '.md-content p a[href$="/tools/ratio/"]'
    assert _after_content(page, tool_link) == f'"（{site_url}tools/ratio/）"'
    assert _after_content(page, '.md-content a[href$="/policy/#s3-2-3"]') == "none"


def test_an_in_page_link_prints_no_address(page, site_url):
    _open(page, f"{site_url}policy/")
    page.emulate_media(media="print")
    assert _after_content(page, '.admonition.interpretation a[href$="#signatories"]') == "none"


PRINTED_COLOURS_JS = """
() => {
  // Material animates colour changes; the values paper gets are where those transitions end.
  document.getAnimations().forEach((animation) => animation.finish());
  return ['[data-jm-clause="四（一）"] p', '.admonition.interpretation a', '.jm-clause__label', 'body'].map((selector) => {
    const style = getComputedStyle(document.querySelector(selector));
    return [selector, style.color, style.backgroundColor];
  });
}
"""


def test_a_reader_in_the_dark_scheme_prints_the_same_colours_as_in_the_light_one(page, site_url):
    printed = {}
    for scheme in ("light", "dark"):
        page.emulate_media(media="screen", color_scheme=scheme)
        _open(page, f"{site_url}policy/")
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
        page.emulate_media(media="print", color_scheme=scheme)
        printed[scheme] = page.evaluate(PRINTED_COLOURS_JS)
    assert printed["dark"] == printed["light"]
    body_background = printed["light"][-1][2]
    assert body_background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), body_background


def test_a_printed_question_keeps_its_options_on_the_same_page(page, site_url):
    _open(page, f"{site_url}training/questions/")
    page.emulate_media(media="print")
    questions = page.locator(".jm-question")
    assert questions.count() >= 100
    assert questions.first.evaluate("(q) => getComputedStyle(q).breakInside") == "avoid"
