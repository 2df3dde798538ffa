"""Offline use (sw.js, written by the build; sitebuild/service_worker.js): a first visit keeps every page, light
enough for a phone on metered data; a calculator is kept once it has run; a new version downloads only what
changed of what this browser kept, and never mixes with the old one. 离线使用, which keeps everything, is
tests/test_offline_control.py."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from accessibility import axe_results
from playwright.sync_api import expect

from sitebuild.service_worker import CALCULATORS, PAGES, offline_file_list, write_service_worker
from sitebuild.serving import Recording, serving

pytestmark = pytest.mark.browser

INSTALL_TIMEOUT_MS = 120_000
CONTROLLED = "navigator.serviceWorker.controller !== null"
RATIO_MEETS = "tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7"
RUNTIME_PREFIXES = ("/assets/pyodide/", "/assets/calculators/")
# A text page's first visit, everything included (the page, the theme, the search, the worker and what it keeps).
FIRST_VISIT_BUDGET = 1_000_000  # bytes
HEADER_BYTES = 400  # a generous allowance for each response's status line and headers
QUIET_MS = 2_000

# Of `urls`, those the single cache of the site does not hold yet (all of them if there is no cache). match, not
# keys: a large file is listed among the keys while it is still being written.
MISSING = """async (urls) => {
  const names = (await caches.keys()).filter((name) => name.startsWith("jmf-"));
  if (names.length !== 1) return urls;
  const cache = await caches.open(names[0]);
  const kept = await Promise.all(urls.map((url) => cache.match(url, { ignoreVary: true })));
  return urls.filter((url, index) => !kept[index]);
}"""


def part_urls(site: Path, url: str, part: str) -> list[str]:
    return [url + file.removeprefix("./") for file, entry in offline_file_list(site).items() if entry[3] == part]


def wait_until_kept(page, urls: list[str]) -> None:
    # Polled here: wait_for_function would take the promise MISSING returns for a truthy answer.
    deadline = time.monotonic() + INSTALL_TIMEOUT_MS / 1000
    while missing := page.evaluate(MISSING, urls):
        assert time.monotonic() < deadline, f"not kept: {missing}"
        page.wait_for_timeout(250)


def first_visit(context, url):
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(CONTROLLED, timeout=INSTALL_TIMEOUT_MS)
    return page


def compute_ratio_offline(page, url):
    page.goto(url + RATIO_MEETS)
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)


@pytest.fixture
def recorded_site(built_site):
    """The built site on a server of its own, which records every request: (directory, url, requested, answered)."""
    recording = Recording()
    # Every request that reached the server is recorded, the service worker's and the calculators' worker's included.
    with serving(built_site.directory, as_deployed=False, recording=recording) as server:
        yield built_site.directory, server.url, recording.requested, recording.answered


@pytest.fixture
def changing_site(built_site, tmp_path):
    """A copy of the built site on its own server, to be changed into a 'new version' by a test; the third item
    is the list of paths the server has been asked for."""
    site = tmp_path / "site"
    shutil.copytree(built_site.directory, site)
    recording = Recording()
    with serving(site, as_deployed=False, recording=recording) as server:
        yield site, server.url, recording.requested


def transfer_bytes(site: Path, path: str) -> int:
    """What the file at `path` costs to download as deploy/nginx.conf serves it: its .gz beside it where the build
    wrote one (the test server itself does not compress)."""
    file = site / unquote(urlsplit(path).path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    compressed = file.with_name(file.name + ".gz")
    return (compressed if compressed.is_file() else file).stat().st_size


def settle(page, requested: list[str]) -> None:
    """Until the server has heard nothing for QUIET_MS: the worker keeps files after the page has loaded, and
    there is no event that says it has finished with the network."""
    seen = -1
    while seen != len(requested):
        seen = len(requested)
        page.wait_for_timeout(QUIET_MS)


@pytest.mark.parametrize("path", ["", "policy/"])
def test_a_text_pages_first_visit_fetches_no_calculator_and_stays_under_1_MB(offline_context, recorded_site, path):
    site, url, requested, answered = recorded_site
    page = first_visit(offline_context, url + path)
    wait_until_kept(page, part_urls(site, url, PAGES))
    settle(page, requested)
    assert [p for p in requested if p.startswith(RUNTIME_PREFIXES) or p.endswith(".pdf")] == []
    downloaded = sum(transfer_bytes(site, p) + HEADER_BYTES for p, status in answered if status == 200)
    assert downloaded <= FIRST_VISIT_BUDGET, f"{downloaded} bytes in {len(answered)} responses"
    # Nothing is fetched twice: what the page fetched, the worker takes from the browser's HTTP cache.
    fetched = [p for p, status in answered if status == 200]
    assert len(fetched) == len(set(fetched)), sorted(p for p in fetched if fetched.count(p) > 1)


def test_the_calculators_part_holds_the_runtime_the_worker_loads_and_not_what_it_skips(built_site):
    files = offline_file_list(built_site.directory)
    calculators = {file: entry for file, entry in files.items() if entry[3] == CALCULATORS}
    assert {
        "assets/pyodide/pyodide.asm.wasm",
        "assets/calculators/stdlib.zip",
        "assets/calculators/calculators.zip",
    } <= set(calculators)
    # The whole library only the plain baseline loads, and the snapshot the worker keeps (or makes) itself.
    assert not {"assets/pyodide/python_stdlib.zip", "assets/calculators/snapshot.bin.gz"} & set(files)
    assert sum(entry[2] for entry in calculators.values()) < 3_500_000  # bytes to download


def test_after_a_first_visit_every_page_works_with_the_network_off(offline_context, site_url):
    page = first_visit(offline_context, site_url)
    wait_until_kept(page, [site_url + "policy/", site_url + "training/questions.json"])
    offline_context.set_offline(True)
    for path, shown in (
        ("policy/", '[data-jm-clause="四（一）"]'),
        ("glossary/", "#social-work-posts"),
        ("rules/", "table"),
        ("training/questions/", ".jm-question"),
        ("about/", "h1"),
        ("tools/ratio/", '[data-jm-calculator="ratio"]'),
    ):
        page.goto(site_url + path)
        expect(page.locator(shown).first).to_be_visible()
    page.goto(f"{site_url}training/practice/")
    expect(page.locator('[data-jm-quiz="practice"]')).to_have_attribute("data-jm-state", "ready", timeout=30_000)


def test_offline_a_page_asked_for_as_index_html_is_its_folder(offline_context, site_url):
    page = first_visit(offline_context, f"{site_url}about/")
    wait_until_kept(page, [site_url, site_url + "glossary/"])
    offline_context.set_offline(True)
    page.goto(f"{site_url}glossary/index.html")
    expect(page.locator("#social-work-posts")).to_be_visible()
    page.goto(f"{site_url}index.html")
    expect(page.locator("h1")).to_contain_text("逐条原文与解读")


def test_offline_an_unknown_address_shows_the_sites_not_found_page(offline_context, site_url):
    page = first_visit(offline_context, site_url)
    wait_until_kept(page, [site_url + "404.html"])
    offline_context.set_offline(True)
    page.goto(f"{site_url}no-such-page/")
    expect(page.locator("h1")).to_have_text("找不到这个页面")


def test_a_calculator_used_online_works_offline(offline_context, built_site, site_url):
    page = offline_context.new_page()
    page.goto(site_url + RATIO_MEETS)
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)
    wait_until_kept(page, part_urls(built_site.directory, site_url, CALCULATORS))
    offline_context.set_offline(True)
    page.goto(f"{site_url}glossary/")
    expect(page.locator("#social-work-posts")).to_be_visible()
    compute_ratio_offline(page, site_url)


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
    page = first_visit(offline_context, url)
    old_caches = page.evaluate("caches.keys()")
    assert len(old_caches) == 1 and old_caches[0].startswith("jmf-")
    _publish_a_new_glossary(site)

    # The next visit finds the new version; it installs in the background and the page offers it.
    page.goto(f"{url}glossary/")
    notice = page.locator(".jm-update")
    expect(notice).to_be_visible(timeout=INSTALL_TIMEOUT_MS)
    expect(notice).to_have_attribute("role", "status")
    results = axe_results(page)  # the notice and its button, over the page
    assert results.violations_count == 0, results.generate_report()
    # Until the reader accepts, the old version serves every page: nothing is mixed.
    expect(page.locator("h1")).not_to_contain_text("新版")
    page.goto(f"{url}glossary/")
    expect(page.locator("h1")).not_to_contain_text("新版")

    page.locator(".jm-update button").click()
    expect(page.locator("h1")).to_contain_text("新版")  # the page reloaded, whole, from the new version
    expect(page.locator(".jm-update")).to_have_count(0)
    page.wait_for_function(f"caches.keys().then((names) => names.length === 1 && names[0] !== {old_caches[0]!r})")


def test_a_new_version_downloads_only_what_changed_of_what_this_browser_kept(offline_context, changing_site):
    site, url, requested = changing_site
    page = offline_context.new_page()
    page.goto(url + RATIO_MEETS)  # the calculator runs, so this browser keeps it
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)
    wait_until_kept(page, part_urls(site, url, CALCULATORS) + part_urls(site, url, PAGES))
    assert "/glossary/" in requested and "/handbook.pdf" not in requested
    requested.clear()
    _publish_a_new_glossary(site)
    page.goto(f"{url}about/")
    expect(page.locator(".jm-update")).to_be_visible(timeout=INSTALL_TIMEOUT_MS)  # the new version is installed
    assert "/glossary/" in requested and "/sw.js" in requested
    assert requested.count("/glossary/") == 1
    # Unchanged files are copied, the calculators' runtime included; the handbook, never kept, is not fetched.
    assert [path for path in requested if path.startswith("/assets/") or path.endswith(".pdf")] == []
    # What was copied serves as well as what was downloaded. The page reloads once the new version has taken over
    # (an event after the click, not the click itself): going offline before that reload would abort it.
    with page.expect_navigation(timeout=INSTALL_TIMEOUT_MS):
        page.locator(".jm-update button").click()
    expect(page.locator("h1")).to_be_visible()
    offline_context.set_offline(True)
    page.goto(f"{url}glossary/")
    expect(page.locator("h1")).to_contain_text("新版")
    compute_ratio_offline(page, url)
