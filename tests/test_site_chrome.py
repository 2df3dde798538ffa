"""The site's chrome in Debian's Chromium, on a 390 px phone, light and dark: a focused field shows it, the
colour-scheme toggle says what a tap does and does it, tapped buttons stay legible, the skip link says where it
goes, search starts on pasted text, the 404 page is in Chinese; no address of this machine is ever printed, and
no technical word reaches a reader outside the about page's technical section."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from accessibility import axe_results
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from search_box import open_search
from site_html import parse

from sitebuild.deploy import public_address
from sitebuild.handbook import write_handbook
from sitebuild.policy_markup import render_citation_example
from sitebuild.serving import serving

pytestmark = pytest.mark.browser

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCHEMES = [("light", "default"), ("dark", "slate")]
PHONE = {"width": 390, "height": 844}
PUBLIC_URL = "https://example.org/jmf/"
LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "0.0.0.0", "[::1]", "file:")

# ---- Colour arithmetic, in the page: WCAG's contrast ratio of two computed colours -----------------------------
# A colour is composited over what lies behind it (the first opaque background among the element's ancestors,
# the canvas's white at the bottom), as the reader sees it.
COLOUR_JS = """
const rgba = (css) => {
  const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
  return [r, g, b, a];
};
const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
const backgroundBehind = (element) => {
  const layers = [];
  for (let node = element; node instanceof Element; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
};
const luminance = (rgb) => {
  const [r, g, b] = rgb.map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (one, two) => {
  const [light, dark] = [luminance(one), luminance(two)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
};
"""

# What marks an element as focused: its outline, border and shadow, and the outline's contrast with what is
# behind it (the element itself when the outline is drawn inside it, otherwise what surrounds it).
FOCUS_LOOK_JS = (
    "(element) => {"
    + COLOUR_JS
    + """
  const style = getComputedStyle(element);
  const offset = parseFloat(style.outlineOffset);
  const drawn = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const behind = backgroundBehind(offset < 0 ? element : element.parentElement);
  return {
    look: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.outlineOffset,
           style.borderColor, style.borderWidth, style.boxShadow].join(" | "),
    outline: drawn ? `${style.outlineWidth} ${style.outlineColor}` : null,
    contrast: drawn ? contrast(over(rgba(style.outlineColor), behind), behind) : 0,
    focused: document.activeElement === element,
  };
}"""
)

# A button's text against its background, once any transition to the forced state has run.
BUTTON_CONTRAST_JS = (
    "async (element) => {"
    + COLOUR_JS
    + """
  await Promise.all(element.getAnimations().map((animation) => animation.finished));
  const style = getComputedStyle(element);
  const behind = backgroundBehind(element);
  return { text: style.color, background: style.backgroundColor,
           contrast: contrast(over(rgba(style.color), behind), behind) };
}"""
)

BODY_BACKGROUND_JS = "getComputedStyle(document.body).backgroundColor"


@pytest.fixture
def phone(browser):
    """A fresh 390 px phone context; call it with a colour scheme, get a page. Every request its pages make must
    go to the site's own host (the test servers of 127.0.0.1), checked when the test ends."""
    contexts, requests = [], []

    def open_page(color_scheme="light"):
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            color_scheme=color_scheme,
            locale="zh-CN",
            service_workers="block",
        )
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    foreign = [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert foreign == []


def _open(page, url, material_scheme=None):
    page.goto(url)
    page.wait_for_load_state("load")
    if material_scheme:
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material_scheme)


# ---- 1. A focused field shows it (WCAG 2.4.7), light and dark -------------------------------------------------

FIELD_PAGES = [
    "tools/ratio/",
    "tools/allowance/",
    "tools/grade/",
    "tools/selfcheck/",
    "tools/batch/",
    "training/practice/",
]
FIELDS = '.md-typeset :is(input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea)'


def _keyboard_focus_look(page, field):
    """The field's look with the focus just before it, then once Tab has brought the focus to it."""
    field.focus()
    page.keyboard.press("Shift+Tab")
    before = field.evaluate(FOCUS_LOOK_JS)
    page.keyboard.press("Tab")
    after = field.evaluate(FOCUS_LOOK_JS)
    return before, after


@pytest.mark.parametrize("path", FIELD_PAGES)
@pytest.mark.parametrize(("color_scheme", "material_scheme"), SCHEMES)
def test_every_field_focused_by_the_keyboard_shows_an_outline_of_3_to_1_against_its_background(
    phone, site_url, path, color_scheme, material_scheme
):
    page = phone(color_scheme)
    # The fields' looks do not need Python: the calculators are not started, to spare the processor.
    page.route("**/calculator-worker.mjs", lambda route: route.abort())
    _open(page, site_url + path, material_scheme)
    if path == "training/practice/":
        expect(page.locator('[data-jm-quiz="practice"]')).to_have_attribute("data-jm-state", "ready", timeout=30_000)
    fields = page.locator(FIELDS)
    assert fields.count() > 0
    for index in range(fields.count()):
        field = fields.nth(index)
        # Shown as a choice, a result or a tap on 展开 would show it.
        field.evaluate("""(element) => {
          for (let part = element; part; part = part.parentElement) {
            part.hidden = false;
            if (part instanceof HTMLDetailsElement) part.open = true;
          }
        }""")
        name = field.evaluate("(element) => element.id || element.name || element.outerHTML.slice(0, 60)")
        before, after = _keyboard_focus_look(page, field)
        assert after["focused"] and not before["focused"], name
        assert after["look"] != before["look"], f"{name} looks the same focused and unfocused: {after['look']}"
        assert after["outline"], f"{name} shows no outline when focused"
        assert after["contrast"] >= 3, f"{name}: outline {after['outline']} has {after['contrast']:.2f}:1"


@pytest.mark.parametrize(("color_scheme", "material_scheme"), SCHEMES)
def test_the_search_box_focused_by_the_keyboard_shows_an_outline_of_3_to_1(
    phone, site_url, color_scheme, material_scheme
):
    page = phone(color_scheme)
    _open(page, site_url, material_scheme)
    open_search(page, page.locator('label.md-header__button[for="__search"]').first)
    field = page.locator("input.md-search__input")
    expect(field).to_be_focused()
    page.keyboard.press("Tab")  # to the results
    before = field.evaluate(FOCUS_LOOK_JS)
    page.keyboard.press("Shift+Tab")
    after = field.evaluate(FOCUS_LOOK_JS)
    assert after["focused"] and not before["focused"]
    assert after["look"] != before["look"]
    assert after["outline"] and after["contrast"] >= 3, after


# ---- 2. The colour-scheme toggle --------------------------------------------------------------------------------

NEXT_STATE = {"default": "切换到深色模式", "slate": "切换到浅色模式"}


@pytest.mark.parametrize(("color_scheme", "material_scheme"), SCHEMES)
def test_the_scheme_toggle_starts_with_the_system_and_every_tap_changes_the_page_and_names_the_next_state(
    phone, site_url, color_scheme, material_scheme
):
    page = phone(color_scheme)
    _open(page, f"{site_url}glossary/", material_scheme)
    toggle = page.locator('[data-md-component="palette"] label:not([hidden])')
    scheme = material_scheme
    for _ in range(3):
        # The control a keyboard or screen reader reaches is the checked radio: its name is what a tap will do.
        expect(page.get_by_role("radio", checked=True)).to_have_accessible_name(NEXT_STATE[scheme])
        background = page.evaluate(BODY_BACKGROUND_JS)
        toggle.click()
        scheme = "slate" if scheme == "default" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        page.wait_for_function(f"{BODY_BACKGROUND_JS} !== {background!r}")


def test_the_scheme_follows_the_system_from_page_to_page_until_the_reader_taps_the_toggle(phone, site_url):
    page = phone("light")
    _open(page, site_url, "default")
    page.emulate_media(color_scheme="dark")  # the phone turns dark at night
    _open(page, f"{site_url}glossary/", "slate")
    page.locator('[data-md-component="palette"] label:not([hidden])').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    _open(page, f"{site_url}rules/", "default")  # the reader's choice, not the system's


def _keep_palette(page, place, media, scheme):
    page.evaluate(
        """([place, media, scheme]) => localStorage.setItem(`${__md_scope.pathname}.__palette`,
      JSON.stringify({index: place, color: {media, scheme, primary: "custom", accent: "custom"}}))""",
        [place, media, scheme],
    )


def test_a_scheme_chosen_when_the_toggle_had_three_states_is_kept_and_the_automatic_one_follows_the_system(
    phone, site_url
):
    page = phone("dark")
    _open(page, site_url, "slate")
    # Material keeps a choice by its place: 跟随系统, 浅色, 深色 were the places 0, 1, 2.
    _keep_palette(page, 1, "(prefers-color-scheme: light)", "default")
    _open(page, f"{site_url}glossary/", "default")
    expect(page.get_by_role("radio", checked=True)).to_have_accessible_name("切换到深色模式")
    _open(page, f"{site_url}rules/", "default")
    _keep_palette(page, 0, "(prefers-color-scheme)", "default")
    _open(page, f"{site_url}glossary/", "slate")


# ---- 3. Hovered, focused and tapped buttons keep 4.5:1 ---------------------------------------------------------

BUTTON_STATES = [[], ["hover"], ["focus"], ["active"], ["focus-visible"], ["hover", "focus", "active"]]


@pytest.mark.parametrize(("color_scheme", "material_scheme"), SCHEMES)
def test_buttons_keep_a_contrast_of_4_5_to_1_at_rest_hovered_focused_and_tapped(
    phone, site_url, color_scheme, material_scheme
):
    page = phone(color_scheme)
    _open(page, site_url, material_scheme)  # the home page has a primary button and plain ones
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    failures = []
    for selector in (".md-typeset .md-button--primary", ".md-typeset .md-button:not(.md-button--primary)"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        for state in BUTTON_STATES:
            cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": state})
            seen = page.locator(selector).first.evaluate(BUTTON_CONTRAST_JS)
            if seen["contrast"] < 4.5:
                failures.append(f"{selector} {state or 'at rest'}: {seen}")
        cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": []})
    assert failures == []


# ---- 7. The skip link -------------------------------------------------------------------------------------------


def test_the_first_tab_reaches_the_skip_link_which_says_it_skips_to_the_text(phone, site_url):
    page = phone()
    _open(page, f"{site_url}policy/")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳转至正文")
    expect(skip).to_be_visible()


# ---- 8. Search starts on pasted or dictated text ----------------------------------------------------------------


def test_text_put_in_the_search_box_without_keys_searches(phone, site_url):
    page = phone()
    _open(page, site_url)
    open_search(page, page.locator('label.md-header__button[for="__search"]').first)
    page.locator("input.md-search__input").fill("津贴")  # one input event, no key: as pasting or dictating
    expect(page.locator('.md-search-result__link[href*="policy/"]').first).to_be_attached()
    expect(page.locator(".md-search-result__meta")).to_contain_text("符合条件的结果")


# ---- 4. The 404 page --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def not_found_server(built_site):
    """The built site on its own port of 127.0.0.1, answering a missing address as deploy/nginx.conf does: status
    404 with the site's 404.html."""
    with serving(built_site.directory, as_deployed=False, not_found_page=True) as server:
        yield server.url


def _get(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:  # an error response holds its connection open until closed
            return error.code, error.read().decode("utf-8")


def test_a_missing_page_answers_404_in_chinese_with_links_to_the_policy_search_and_home(not_found_server):
    status, body = _get(f"{not_found_server}no-such-page/")
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("article h1").get_text(strip=True) == "找不到这个页面"
    assert "404" in page.title.get_text()
    links = {a.get_text(strip=True): a["href"] for a in page.select("article a[href]")}
    assert set(links) == {"阅读政策原文与解读", "搜索本站", "回到首页"}
    targets = {text: urljoin(f"{not_found_server}no-such-page/", href) for text, href in links.items()}
    assert targets["阅读政策原文与解读"] == f"{not_found_server}policy/"
    assert targets["回到首页"] == not_found_server
    assert targets["搜索本站"] == f"{not_found_server}?q="  # Material opens its search on ?q=
    for target in targets.values():
        assert _get(target)[0] == 200, target


@pytest.mark.parametrize(("color_scheme", "material_scheme"), SCHEMES)
def test_the_404_page_passes_axe_and_its_search_link_opens_the_search(
    phone, not_found_server, color_scheme, material_scheme
):
    page = phone(color_scheme)
    _open(page, f"{not_found_server}tools/no-such-tool/", material_scheme)
    expect(page.locator("article h1")).to_have_text("找不到这个页面")
    results = axe_results(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="搜索本站").click()
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("津贴")
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__link").first).to_be_attached()


# ---- 5. No address of this machine is printed --------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install Debian's poppler-utils (`make test` does it as root)", pytrace=False)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:8000/",
        "http://localhost:8000/",
        "http://0.0.0.0:8000/",
        "http://[::1]:8000/",
        "file:///srv/site/",
        "",
    ],
)
def test_an_address_of_this_machine_is_not_public(address):
    assert public_address(address) == ""


def test_a_public_address_is_public():
    assert public_address(PUBLIC_URL) == PUBLIC_URL


def test_the_about_pages_citation_example_gives_a_public_address_and_never_a_local_one():
    render = render_citation_example
    assert f"{PUBLIC_URL}policy/#s3-2-3" in render("三（二）3", PUBLIC_URL)
    for local in ("http://127.0.0.1:8000/", "http://localhost:8000/"):
        example = render("三（二）3", local)
        assert "三（二）3" in example
        assert not any(address in example for address in LOCAL_ADDRESSES), example


def test_a_site_built_for_this_machine_prints_no_address_on_the_about_page_or_in_the_handbook(built_site):
    # The tests build the site for 127.0.0.1, as `make serve` does.
    about = parse(built_site.directory / "about" / "index.html").select_one("article").get_text()
    handbook = _pdf_text(built_site.directory / "handbook.pdf")
    for text in (about, handbook):
        assert [address for address in LOCAL_ADDRESSES if address in text] == []


def test_a_handbook_for_a_public_address_prints_it_on_its_cover_and_beside_the_online_tools(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site.directory, site, ignore=shutil.ignore_patterns("*.pdf", "*.gz", "pyodide"))
    pdf = write_handbook(site, PUBLIC_URL, "0.1.0", datetime.date(2026, 1, 1), cache_dir=tmp_path / "cache")
    cover, *rest = _pdf_text(pdf).split("\f")
    assert re.search("网址[：:]" + re.escape(PUBLIC_URL), cover), cover
    assert f"{PUBLIC_URL}tools/ratio/" in "".join(rest).replace("\n", "")


# ---- 6. No technical words shown to readers ---------------------------------------------------------------------

# Words a reader of this site need not know. Allowed only inside the about page's technical section, and on the
# 开放数据 page, which is written for those who build other systems: file and field names are what it is about.
JARGON = re.compile(
    r"Python|Pyodide|WebAssembly|\bwasm\b|JSON|Web ?Worker|localStorage|运行环境"
    r"|[\w.-]*\w\.(?:txt|toml|py|js|mjs|json|wasm|yml|yaml)\b",  # a file's name or path
    re.IGNORECASE,
)
TECHNICAL_SECTIONS = {"about/index.html": "#technical", "data/index.html": "article"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def _shown_text(page: BeautifulSoup) -> list[str]:
    """The text a reader sees or hears: text nodes outside scripts and styles, and the attributes shown as
    tooltips or read out."""
    for hidden in page.select("script, style, template"):
        hidden.decompose()
    texts = [text for text in page.find_all(string=True) if text.strip()]
    texts += [element[name] for name in SHOWN_ATTRIBUTES for element in page.select(f"[{name}]")]
    return texts


def test_the_about_page_has_its_technical_section(built_site):
    section = parse(built_site.directory / "about" / "index.html").select_one(TECHNICAL_SECTIONS["about/index.html"])
    assert section is not None and JARGON.search(section.get_text())


def test_no_page_shows_a_technical_word_outside_the_about_pages_technical_section(built_site):
    found = []
    for path in sorted(built_site.directory.rglob("*.html")):
        name = path.relative_to(built_site.directory).as_posix()
        page = parse(path)
        if name in TECHNICAL_SECTIONS:
            page.select_one(TECHNICAL_SECTIONS[name]).decompose()
        for text in _shown_text(page):
            for match in JARGON.finditer(text):
                found.append(f"{name}: {match.group()} in {' '.join(text.split())[:80]!r}")
    assert found == []
