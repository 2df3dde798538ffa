"""The site in Debian's Chromium: deep links, search, the 复制引用 action, hiding the 解读, the contract in the
live DOM, no request to another host, axe, and a 390 px phone."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from policytext import load_clauses, load_document

pytestmark = pytest.mark.browser

PAGES = ["", "policy/", "rules/", "glossary/", "about/", "training/", "training/questions/", "training/answers/",
         "training/practice/", "training/exam/"]

# The contract, evaluated in the page: text of each data-clause element without the parts that are not text.
CLAUSE_TEXTS_JS = """
() => [...document.querySelectorAll('[data-clause]')].map((element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.md-annotation, .headerlink, [data-not-text]').forEach((extra) => extra.remove());
  return [element.dataset.clause, copy.textContent.replace(/\\s+/g, '')];
})
"""


def _ready(page, url):
    page.goto(url)
    page.wait_for_load_state("load")


def test_a_deep_link_to_four_one_shows_that_clause_in_view(page, site_url):
    _ready(page, f"{site_url}policy/#s4-1")
    expect(page.locator("#s4-1")).to_be_in_viewport()
    expect(page.locator('[data-clause="四（一）"]')).to_be_in_viewport()


def test_the_live_dom_keeps_the_contract_after_scripts_ran(page, site_url):
    _ready(page, f"{site_url}policy/")
    expect(page.locator(".jm-cite").first).to_be_visible()  # site.js has run
    page.locator("[data-clause] abbr").first.hover()  # Material mounts its tooltip for the glossary term
    published = dict(page.evaluate(CLAUSE_TEXTS_JS))
    assert published == {c.label: "".join(c.text.split()) for c in load_clauses()}


def _search(page, site_url, query):
    _ready(page, site_url)
    page.locator("input.md-search__input").click()
    # Playwright's typing of non-ASCII text sends no keyup, which Material's search listens for; End does.
    page.keyboard.type(query)
    page.keyboard.press("End")


def test_searching_for_jintie_lists_a_result_that_links_to_four_one(page, site_url):
    _search(page, site_url, "津贴")
    expect(page.locator('.md-search-result__link[href*="policy/"][href$="#s4-1"]').first).to_be_attached()


@pytest.mark.parametrize(("query", "fragment"), [("助理社会工作师", "s3-3"), ("艰苦地区", "s4-4")])
def test_searching_a_key_term_finds_the_clause_that_answers_it(page, site_url, query, fragment):
    _search(page, site_url, query)
    expect(page.locator(f'.md-search-result__link[href*="policy/"][href$="#{fragment}"]').first).to_be_attached()


def test_copy_citation_puts_the_citation_with_its_link_on_the_clipboard(page, site_url):
    _ready(page, f"{site_url}policy/")
    button = page.locator('.jm-cite[data-jm-fragment="s3-2-3"]')
    button.click()
    expect(button).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    document = load_document()
    assert copied.startswith(f"晋民发〔2022〕59号 三（二）3（《{document.reported_title}》，{document.title_hedge}）")
    assert copied.endswith(f"{site_url}policy/#s3-2-3")
    expect(page.locator("[data-jm-live]").first).to_have_text("引用已复制到剪贴板")


def test_hiding_the_annotations_leaves_the_bare_text_and_is_remembered(page, site_url):
    _ready(page, f"{site_url}policy/")
    annotation = page.locator(".admonition.interpretation").first
    expect(annotation).to_be_visible()
    toggle = page.locator(".jm-annotations-toggle")
    toggle.click()
    expect(annotation).to_be_hidden()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-clause="四（一）"]')).to_be_visible()
    page.reload()
    expect(page.locator(".admonition.interpretation").first).to_be_hidden()
    page.locator(".jm-annotations-toggle").click()
    expect(page.locator(".admonition.interpretation").first).to_be_visible()


@pytest.mark.parametrize("path", PAGES)
def test_every_request_a_page_makes_goes_to_the_local_server(page, site_url, requests_seen, path):
    _ready(page, site_url + path)
    page.wait_for_load_state("networkidle")
    local = urlsplit(site_url).netloc
    assert requests_seen, "the page made no request at all"
    foreign = [url for url in requests_seen if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != local]
    assert foreign == []


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_axe_reports_no_violations(page, site_url, path, color_scheme, material_scheme):
    page.emulate_media(color_scheme=color_scheme)
    _ready(page, site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material_scheme)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_390_px_phone_without_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    _ready(page, site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    results = Axe().run(page)  # the phone layout (navigation drawer, folded table of contents) is checked too
    context.close()
    assert overflow <= 0
    assert results.violations_count == 0, results.generate_report()
