"""Offline after the first visit: the service worker (sw.js, written by the build) keeps the whole site, text,
tools, training and the handbook; a new version replaces the old one whole, and never mixes with it."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from sitebuild.service_worker import write_service_worker

pytestmark = pytest.mark.browser

INSTALL_TIMEOUT_MS = 120_000  # the first visit stores the whole site, runtime included
CONTROLLED = "navigator.serviceWorker.controller !== null"


@pytest.fixture
def offline_context(browser):
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    yield context
    context.close()


def _first_visit(context, url):
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(CONTROLLED, timeout=INSTALL_TIMEOUT_MS)
    return page


def test_after_a_first_visit_text_tools_training_and_handbook_work_with_the_network_off(offline_context, site_url):
    page = _first_visit(offline_context, site_url)
    offline_context.set_offline(True)
    for path, shown in (("policy/", '[data-clause="四（一）"]'), ("glossary/", "#social-work-posts"),
                        ("rules/", "table"), ("training/questions/", ".jm-question"), ("about/", "h1")):
        page.goto(site_url + path)
        expect(page.locator(shown).first).to_be_visible()
    page.goto(f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    expect(page.locator('[data-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)
    page.goto(f"{site_url}training/practice/")
    expect(page.locator('[data-quiz="practice"]')).to_have_attribute("data-state", "ready", timeout=30_000)
    handbook = page.evaluate("""async (url) => {
      const response = await fetch(url);
      const head = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
      return [response.status, String.fromCharCode(...head)];
    }""", f"{site_url}handbook.pdf")
    assert handbook == [200, "%PDF"]


def test_offline_an_unknown_address_shows_the_sites_not_found_page(offline_context, site_url):
    page = _first_visit(offline_context, site_url)
    offline_context.set_offline(True)
    page.goto(f"{site_url}no-such-page/")
    expect(page.locator("h1")).to_have_text("找不到这个页面")


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes the path of every request that reached the server."""
    requested: list[str] = []

    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        self.requested.append(self.path)


@pytest.fixture
def changing_site(built_site, tmp_path):
    """A copy of the built site on its own server, to be changed into a 'new version' by a test; the third item
    is the list of paths the server has been asked for."""
    site = tmp_path / "site"
    shutil.copytree(built_site.directory, site)
    requested: list[str] = []
    handler = type("Handler", (RecordingHandler,), {"requested": requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/", requested
    server.shutdown()
    server.server_close()


def _publish_a_new_glossary(site):
    """A new build in which one page changes, and with it the service worker's version."""
    glossary = site / "glossary" / "index.html"
    old_page = glossary.read_text(encoding="utf-8")
    new_page = old_page.replace('>术语表<a class="headerlink"', '>术语表（新版）<a class="headerlink"', 1)
    assert new_page != old_page
    glossary.write_text(new_page, encoding="utf-8")
    old_worker = (site / "sw.js").read_text(encoding="utf-8")
    write_service_worker(site)
    assert (site / "sw.js").read_text(encoding="utf-8") != old_worker


def test_a_new_version_is_offered_and_replaces_the_old_one_whole_never_mixed(offline_context, changing_site):
    site, url, _ = changing_site
    page = _first_visit(offline_context, url)
    old_caches = page.evaluate("caches.keys()")
    assert len(old_caches) == 1 and old_caches[0].startswith("jmf-")
    _publish_a_new_glossary(site)

    # The next visit finds the new version; it installs in the background and the page offers it.
    page.goto(f"{url}glossary/")
    notice = page.locator(".jm-update")
    expect(notice).to_be_visible(timeout=INSTALL_TIMEOUT_MS)
    expect(notice).to_have_attribute("role", "status")
    results = Axe().run(page)  # the notice and its button, over the page
    assert results.violations_count == 0, results.generate_report()
    # Until the reader accepts, the old version serves every page: nothing is mixed.
    expect(page.locator("h1")).not_to_contain_text("新版")
    page.goto(f"{url}glossary/")
    expect(page.locator("h1")).not_to_contain_text("新版")

    page.locator(".jm-update button").click()
    expect(page.locator("h1")).to_contain_text("新版")  # the page reloaded, whole, from the new version
    expect(page.locator(".jm-update")).to_have_count(0)
    page.wait_for_function(f"caches.keys().then((names) => names.length === 1 && names[0] !== {old_caches[0]!r})")


def test_a_new_version_downloads_only_what_changed(offline_context, changing_site):
    site, url, requested = changing_site
    page = _first_visit(offline_context, url)
    first_install = list(requested)
    assert "/assets/pyodide/pyodide.asm.wasm" in first_install and "/glossary/" in first_install
    requested.clear()
    _publish_a_new_glossary(site)
    page.goto(f"{url}about/")
    expect(page.locator(".jm-update")).to_be_visible(timeout=INSTALL_TIMEOUT_MS)  # the new version is installed
    assert "/glossary/" in requested and "/sw.js" in requested
    assert requested.count("/glossary/") == 1
    assert [path for path in requested if path.startswith("/assets/")] == []
    # What was copied serves as well as what was downloaded.
    page.locator(".jm-update button").click()
    expect(page.locator("h1")).to_be_visible()
    offline_context.set_offline(True)
    page.goto(f"{url}glossary/")
    expect(page.locator("h1")).to_contain_text("新版")
    page.goto(f"{url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    expect(page.locator('[data-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)


def test_a_first_visit_to_a_tool_stores_the_site_once_python_has_started(offline_context, site_url):
    page = offline_context.new_page()
    page.goto(f"{site_url}tools/ratio/")
    expect(page.locator('[data-calculator="ratio"]')).to_have_attribute("data-state", "ready", timeout=90_000)
    page.wait_for_function(CONTROLLED, timeout=INSTALL_TIMEOUT_MS)
    offline_context.set_offline(True)
    page.goto(f"{site_url}glossary/")
    expect(page.locator("#social-work-posts")).to_be_visible()
