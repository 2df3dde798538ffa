"""The site in Debian's Chromium: deep links, search, the 复制引用 action, hiding the 解读, the contract in the
live DOM, no request to another host, axe, and a 390 px phone."""

import pytest
from accessibility import axe_results
from off_site import off_site
from playwright.sync_api import expect
from search_box import open_search

from policytext import load_clauses, load_document

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "policy/",
    "rules/",
    "glossary/",
    "about/",
    "training/",
    "training/questions/",
    "training/answers/",
    "training/practice/",
    "training/exam/",
]

# The contract, evaluated in the page: text of each data-jm-clause element without the parts that are not text.
CLAUSE_TEXTS_JS = """
() => [...document.querySelectorAll('[data-jm-clause]')].map((element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.md-annotation, .headerlink, [data-jm-not-text]').forEach((extra) => extra.remove());
  return [element.dataset.jmClause, copy.textContent.replace(/\\s+/g, '')];
})
"""


def _ready(page, url):
    page.goto(url)
    page.wait_for_load_state("load")


def test_a_deep_link_to_four_one_shows_that_clause_in_view(page, site_url):
    _ready(page, f"{site_url}policy/#s4-1")
    expect(page.locator("#s4-1")).to_be_in_viewport()
    expect(page.locator('[data-jm-clause="四（一）"]')).to_be_in_viewport()


def test_the_live_dom_keeps_the_contract_after_scripts_ran(page, site_url):
    _ready(page, f"{site_url}policy/")
    expect(page.locator(".jm-cite").first).to_be_visible()  # site.js has run
    page.locator("[data-jm-clause] abbr").first.hover()  # Material mounts its tooltip for the glossary term
    published = dict(page.evaluate(CLAUSE_TEXTS_JS))
    assert published == {c.label: "".join(c.text.split()) for c in load_clauses()}


def _search(page, site_url, query):
    _ready(page, site_url)
    open_search(page)
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
    expect(page.locator('[data-jm-clause="四（一）"]')).to_be_visible()
    page.reload()
    expect(page.locator(".admonition.interpretation").first).to_be_hidden()
    page.locator(".jm-annotations-toggle").click()
    expect(page.locator(".admonition.interpretation").first).to_be_visible()


@pytest.mark.parametrize("path", PAGES)
def test_every_request_a_page_makes_goes_to_the_local_server(page, site_url, requests_seen, path):
    _ready(page, site_url + path)
    page.wait_for_load_state("networkidle")
    assert requests_seen, "the page made no request at all"
    assert off_site(requests_seen, site_url) == []


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_axe_reports_no_violations(page, site_url, path, color_scheme, material_scheme):
    page.emulate_media(color_scheme=color_scheme)
    _ready(page, site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material_scheme)
    results = axe_results(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_390_px_phone_without_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(
        service_workers="block",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    _ready(page, site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    results = axe_results(page)  # the phone layout (navigation drawer, folded table of contents) is checked too
    context.close()
    assert overflow <= 0
    assert results.violations_count == 0, results.generate_report()


# ---- The policy page on a phone: deep links through instant navigation, glossary tooltips by keyboard, axe --------
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "service_workers": "block",
}


@pytest.mark.parametrize("fragment", ["s3-2-3", "s5-3", "signatories"])
def test_a_deep_link_followed_by_instant_navigation_lands_on_its_clause(browser, site_url, fragment):
    # Material follows a link to another page of the site without reloading, then scrolls to the fragment while
    # the 解读 between the top and the clause are not laid out yet. The link is put at the top of the glossary:
    # a link tapped within 250 ms of scrolling loses its fragment to Material's navigation.tracking, which writes
    # the old page's heading into the new address (Material's behaviour with or without this site's changes).
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _ready(page, f"{site_url}glossary/")
    page.evaluate("window.jmSameDocument = true")
    page.evaluate(f"""() => {{ const a = document.createElement('a'); a.href = '../policy/#{fragment}';
      a.textContent = '{fragment}'; a.dataset.test = ''; document.querySelector('.md-content__inner').prepend(a); }}""")
    page.locator("a[data-test]").click()
    expect(page).to_have_url(f"{site_url}policy/#{fragment}")
    target = page.locator(f"#{fragment}")
    expect(target).to_be_in_viewport()
    page.wait_for_load_state("networkidle")
    top = target.evaluate("(element) => element.getBoundingClientRect().top")
    same_document = page.evaluate("window.jmSameDocument === true")
    context.close()
    assert same_document, "the link reloaded the page instead of instant navigation"
    assert 0 <= top <= 200  # below the header, where scroll-margin-top puts it, and still there


def test_a_glossary_term_in_the_text_shows_its_tooltip_when_reached_by_keyboard(page, site_url):
    _ready(page, f"{site_url}policy/")
    term = page.locator("[data-jm-clause] abbr").first
    explanation = term.get_attribute("title")  # Material moves it into the tooltip while the tooltip shows
    # Start from the clause's 复制引用 button, just before its text, and move on with Tab as a keyboard user does.
    term.locator("xpath=ancestor::section").locator(".jm-cite").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if term.evaluate("(element) => element === document.activeElement"):
            break
    expect(term).to_be_focused()
    tooltip = page.locator(".md-tooltip2[role='tooltip']")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(explanation)
    expect(term).to_have_attribute("aria-describedby", tooltip.get_attribute("id"))


@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_axe_reports_no_violations_on_the_policy_page_at_390_px_notes_drawn_or_not(
    browser, site_url, color_scheme, material_scheme
):
    context = browser.new_context(**PHONE, color_scheme=color_scheme)
    page = context.new_page()
    _ready(page, f"{site_url}policy/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material_scheme)
    # With WCAG 2.2's target size, as Lighthouse checks it: a note not drawn yet must not reach over the next
    # clause's 复制引用 button.
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    as_opened = axe_results(page, options=options)
    # The 解读 off screen are not laid out yet, so axe cannot judge their colours: draw them all and check again.
    page.add_style_tag(content=".md-typeset .admonition { content-visibility: visible !important; }")
    all_drawn = axe_results(page, options=options)
    context.close()
    assert as_opened.violations_count == 0, as_opened.generate_report()
    assert all_drawn.violations_count == 0, all_drawn.generate_report()
