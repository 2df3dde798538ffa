"""The calculators in the page: the real worker gives native Python's results, the forms, the address bar,
instant navigation, the fallback without WebAssembly, the print record, and what the build ships."""

import base64
import datetime
import gzip
import hashlib
import io
import json
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from accessibility import axe_results
from off_site import off_site
from playwright.sync_api import expect
from scenarios.run import read_cases
from workbook_files import workbook_bytes

from calculators.browser import handle
from sitebuild.browser_bundle import CALCULATORS_DIR, PYODIDE_FILES, package_files

pytestmark = pytest.mark.browser

SCENARIOS = Path(__file__).parent / "scenarios"
# Python starts in the worker in about 5 s here; a slow CI machine gets generous room before a test fails.
READY_TIMEOUT_MS = 90_000
CALCULATOR_OF = {
    "tools/ratio/": "ratio",
    "tools/grade/": "grade",
    "tools/allowance/": "allowance",
    "tools/batch/": "ratio-batch",
    "tools/selfcheck/": "selfcheck",
}
TOOL_PAGES = list(CALCULATOR_OF)


def _ready(page, calculator):
    root = page.locator(f'[data-jm-calculator="{calculator}"]')
    expect(root).to_have_attribute("data-jm-state", "ready", timeout=READY_TIMEOUT_MS)
    return root


@pytest.fixture(scope="module")
def tool_page(browser, site_url):
    """One page with the ratio calculator, Python already started, shared by the form tests."""
    context = browser.new_context(service_workers="block", locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_url}tools/ratio/")
    _ready(page, "ratio")
    yield page
    context.close()


def _calculate_ratio(page, org_type, total, social_work):
    page.select_option("#ratio-org_type", org_type)
    page.fill("#ratio-total", total)
    page.fill("#ratio-social_work", social_work)
    page.click('[data-jm-calculator="ratio"] [data-jm-action="calculate"]')
    expect(page.locator('[data-jm-calculator="ratio"]')).to_have_attribute("data-jm-state", "ready")


def test_every_scenario_gives_the_same_result_through_the_worker_as_natively(tool_page):
    requests = [
        {"calculator": calculator, "inputs": case["input"]}
        for calculator in ("ratio", "grade", "allowance")
        for case in read_cases((SCENARIOS / f"{calculator}.jsonl").read_text(encoding="utf-8"))
    ]
    in_page = tool_page.evaluate(
        "async (requests) => { const out = []; for (const r of requests) out.push(await jmCalculators.run(r.calculator, r.inputs)); return out; }",
        requests,
    )
    native = [json.loads(handle(r["calculator"], json.dumps(r["inputs"]))) for r in requests]
    assert len(in_page) == len(native) > 100
    assert in_page == native


@pytest.mark.parametrize(
    ("total", "social_work", "verdict", "minimum"),
    [
        ("10", "7", "符合", "7 个"),
        ("10", "6", "不符合", "7 个"),
        ("10", "8", "符合", "7 个"),
        ("11", "7", "不符合", "8 个"),
        ("100", "69", "不符合", "70 个"),
        ("100", "70", "符合", "70 个"),
        ("100", "71", "符合", "70 个"),
    ],
)
def test_the_ratio_form_gives_the_verdict_and_the_minimum(tool_page, total, social_work, verdict, minimum):
    _calculate_ratio(tool_page, "sw-org", total, social_work)
    result = tool_page.locator('[data-jm-calculator="ratio"] [data-jm-result]')
    assert result.locator(".jm-calc__verdict-text").inner_text().startswith(verdict + "：")
    assert minimum in result.inner_text()
    link = result.locator(".jm-calc__clauses a", has_text="三（二）3")
    assert link.get_attribute("href").endswith("policy/#s3-2-3")


def test_invalid_input_shows_the_message_beside_the_field_and_the_next_input_works(tool_page):
    _calculate_ratio(tool_page, "sw-org", "abc", "7")
    error = tool_page.locator("#ratio-total-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("岗位总数必须是数字，“abc”不是数字。")
    expect(tool_page.locator("#ratio-total")).to_have_attribute("aria-invalid", "true")
    _calculate_ratio(tool_page, "sw-org", "10", "7")
    expect(error).to_be_hidden()
    expect(tool_page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合")


def test_the_result_is_announced_in_a_live_region(tool_page):
    region = tool_page.locator('[data-jm-calculator="ratio"] [data-jm-result]')
    assert region.get_attribute("role") == "status" or region.get_attribute("aria-live") == "polite"


def test_every_field_has_a_visible_label(page, site_url):
    for path, labels in [
        ("tools/ratio/", ["单位类型", "岗位总数", "社会工作专业岗位数"]),
        ("tools/grade/", ["由岗位查等级", "由等级查岗位", "社会工作专业岗位", "岗位级别"]),
        ("tools/allowance/", ["工作单位类型", "持证情况"]),
    ]:
        page.goto(site_url + path)
        for label in labels:
            expect(page.get_by_label(label, exact=True)).to_be_visible()
        for control in page.locator("[data-jm-calculator] input[name], [data-jm-calculator] select[name]").all():
            assert page.locator(f'label[for="{control.get_attribute("id")}"]').count() == 1


def test_a_shared_address_restores_the_inputs_and_the_result(page, site_url):
    page.goto(f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=11&ratio-social_work=7")
    _ready(page, "ratio")
    expect(page.locator("#ratio-total")).to_have_value("11")
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text(
        "不符合", timeout=READY_TIMEOUT_MS
    )
    expect(page.locator('[data-jm-calculator="ratio"] [data-jm-result]')).to_contain_text("至少需要 8 个")


def test_calculating_writes_the_inputs_into_the_address(tool_page):
    _calculate_ratio(tool_page, "sw-org", "20", "14")
    query = urlsplit(tool_page.url).query
    assert "ratio-total=20" in query and "ratio-social_work=14" in query and "ratio-org_type=sw-org" in query


def test_the_grade_and_allowance_forms(page, site_url):
    page.goto(f"{site_url}tools/grade/")
    _ready(page, "grade")
    page.get_by_label("由等级查岗位").check()
    page.fill("#grade-grade", "9")
    page.click('[data-jm-calculator="grade"] [data-jm-action="calculate"]')
    expect(page.locator('[data-jm-calculator="grade"] .jm-calc__verdict-text')).to_have_text(
        "九级专业技术岗位对应社会工作师二级岗位。"
    )
    # The other direction's fields are hidden and not sent: the post chosen there does not clash with the grade.
    page.get_by_label("由岗位查等级").check()
    page.select_option("#grade-qualification", "assistant")
    page.click('[data-jm-calculator="grade"] [data-jm-action="calculate"]')
    expect(page.locator('[data-jm-calculator="grade"] .jm-calc__verdict-text')).to_contain_text("助理社会工作师")

    page.goto(f"{site_url}tools/allowance/")
    _ready(page, "allowance")
    page.select_option("#allowance-employment", "village-community")
    page.select_option("#allowance-certificate", "assistant")
    page.click('[data-jm-calculator="allowance"] [data-jm-action="calculate"]')
    result = page.locator('[data-jm-calculator="allowance"] [data-jm-result]')
    expect(result).to_contain_text("各地应给予")
    expect(result.locator(".jm-calc__provisions")).to_contain_text("【「应」：要求；对象：各地】")
    # 四（一）'s sentence on social organisations has no modal word: the page must not add one.
    page.select_option("#allowance-employment", "social-org")
    page.click('[data-jm-calculator="allowance"] [data-jm-action="calculate"]')
    expect(result.locator(".jm-calc__verdict")).to_contain_text("「社会组织参考同类人员给予职业津贴」")
    expect(result.locator(".jm-calc__verdict")).not_to_contain_text("应")


def test_python_starts_once_and_survives_instant_navigation(page, site_url):
    page.goto(f"{site_url}tools/ratio/")
    _ready(page, "ratio")
    page.evaluate("window.jmSameDocument = true")
    page.locator('.md-nav__link[href$="tools/grade/"]').first.click()
    expect(page).to_have_url(f"{site_url}tools/grade/")
    _ready(page, "grade")
    assert page.evaluate("window.jmSameDocument === true"), "the page was reloaded instead of swapped"
    assert page.evaluate("jmCalculators.starts") == 1


def test_without_webassembly_the_page_says_so_and_the_tables_still_serve(browser, site_url):
    context = browser.new_context(service_workers="block")
    context.route("**/*.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site_url}tools/ratio/")
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root).to_have_attribute("data-jm-state", "error", timeout=READY_TIMEOUT_MS)
    expect(root.locator("[data-jm-status]")).to_contain_text("计算器无法加载")
    expect(page.locator("table").first).to_be_visible()
    context.close()


def _manifest(built_site):
    return json.loads((built_site.directory / "assets" / "calculators" / "manifest.json").read_text())


def _serve_manifest_changed(context, change):
    """The manifest as `change` leaves it, for every request of `context` (a browser context, or one page)."""

    def fulfil(route):
        response = route.fetch()
        manifest = response.json()
        change(manifest)
        route.fulfill(response=response, json=manifest)

    context.route("**/assets/calculators/manifest.json", fulfil)


def _any_link_is_fast(manifest):
    """The snapshot is worth fetching on any link: what a test of the downloaded snapshot needs, whatever the
    load of the machine the tests run on."""
    manifest["snapshot"]["fetch_above_bytes_per_second"] = 1


def _slow_link(context, manifest):
    """A slow link, as the worker sees it: the trimmed standard library, which it times, arrives a second after
    the time it allows (its size at the snapshot's fetch_above_bytes_per_second)."""
    allowed = manifest["stdlib"]["bytes"] / manifest["snapshot"]["fetch_above_bytes_per_second"]

    def slow(route):
        time.sleep(allowed + 1)
        route.continue_()

    context.route("**/assets/calculators/" + manifest["stdlib"]["file"], slow)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda m: m["snapshot"].update(pyodide="0.0.0"), "snapshot was made for Pyodide 0.0.0"),
        (lambda m: m["snapshot"].update(package_sha256="0" * 64), "snapshot was made for Pyodide"),
        (lambda m: m["snapshot"].update(stdlib_sha256="0" * 64), "snapshot was made for Pyodide"),
        (lambda m: m["snapshot"].update(gzip_sha256="0" * 64), "snapshot does not match its manifest"),
        (lambda m: m["snapshot"].update(bytes=m["snapshot"]["bytes"] - 1), "snapshot does not match its manifest"),
        (
            lambda m: (m["stdlib"].update(sha256="0" * 64), m["snapshot"].update(stdlib_sha256="0" * 64)),
            "standard library does not match its manifest",
        ),
    ],
    ids=[
        "another runtime",
        "another package",
        "another standard library",
        "damaged bytes",
        "another size",
        "damaged standard library",
    ],
)
def test_a_snapshot_that_does_not_fit_its_runtime_stops_start_up_visibly(browser, site_url, change, reason):
    context = browser.new_context(service_workers="block")
    _serve_manifest_changed(context, lambda manifest: (_any_link_is_fast(manifest), change(manifest)))
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{site_url}tools/ratio/")
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root).to_have_attribute("data-jm-state", "error", timeout=READY_TIMEOUT_MS)
    expect(root.locator("[data-jm-status]")).to_contain_text("计算器无法加载")
    assert any(reason in text for text in errors), errors
    context.close()


# The worker keeps the unpacked snapshot in the origin private file system, under the name the manifest gives.
STORED_SNAPSHOT_JS = """async () => {
  try {
    const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle("calculators-snapshot");
    const files = {};
    for await (const [name, handle] of directory.entries()) files[name] = (await handle.getFile()).size;
    return files;
  } catch { return {}; }
}"""
PUT_STORED_FILE_JS = """async ([name, size]) => {
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle("calculators-snapshot", { create: true });
  const writable = await (await directory.getFileHandle(name, { create: true })).createWritable();
  await writable.write(new Uint8Array(size));
  await writable.close();
}"""


def _snapshot_manifest(built_site):
    return _manifest(built_site)["snapshot"]


def _visit_ratio_page(context, site_url):
    page = context.new_page()
    page.goto(f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    _ready(page, "ratio")
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合")
    return page


def test_a_second_visit_starts_from_the_snapshot_this_browser_kept(browser, site_url, built_site):
    snapshot = _snapshot_manifest(built_site)
    context = browser.new_context(service_workers="block")
    _serve_manifest_changed(context, _any_link_is_fast)
    first = _visit_ratio_page(context, site_url)
    assert first.evaluate("jmCalculators.snapshot") == "downloaded"
    first.wait_for_function("() => jmCalculators.snapshotKept")
    assert first.evaluate(STORED_SNAPSHOT_JS) == {snapshot["sha256"]: snapshot["bytes"]}
    first.close()
    second = _visit_ratio_page(context, site_url)
    assert second.evaluate("jmCalculators.snapshot") == "stored"
    assert second.evaluate(STORED_SNAPSHOT_JS) == {snapshot["sha256"]: snapshot["bytes"]}
    context.close()


def test_a_kept_snapshot_of_the_wrong_size_is_ignored_and_an_older_one_removed(browser, site_url, built_site):
    snapshot = _snapshot_manifest(built_site)
    context = browser.new_context(service_workers="block")
    _serve_manifest_changed(context, _any_link_is_fast)
    page = context.new_page()
    page.goto(f"{site_url}about/")  # the same origin, without a calculator: nothing starts yet
    page.evaluate(PUT_STORED_FILE_JS, [snapshot["sha256"], snapshot["bytes"] // 2])  # cut short
    page.evaluate(PUT_STORED_FILE_JS, ["0" * 64, 1024])  # kept by an older version of the site
    visit = _visit_ratio_page(context, site_url)
    assert visit.evaluate("jmCalculators.snapshot") == "downloaded"
    visit.wait_for_function("() => jmCalculators.snapshotKept")
    assert visit.evaluate(STORED_SNAPSHOT_JS) == {snapshot["sha256"]: snapshot["bytes"]}
    context.close()


def test_on_a_slow_link_the_snapshot_is_not_fetched_and_the_next_visit_starts_from_one_made_here(
    browser, site_url, built_site
):
    manifest = _manifest(built_site)
    context = browser.new_context(service_workers="block")
    _slow_link(context, manifest)
    requested = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    first = _visit_ratio_page(context, site_url)
    assert first.evaluate("jmCalculators.snapshot") == "none"
    assert 0 < first.evaluate("jmCalculators.link") < manifest["snapshot"]["fetch_above_bytes_per_second"]
    # What the page counted is what this path fetches, and what the manifest says it fetches.
    total = manifest["download_bytes"]["runtime"] + manifest["download_bytes"]["package"]
    assert first.evaluate("jmCalculators.download") == {"received": total, "total": total}
    first.wait_for_function("() => jmCalculators.snapshotKept", timeout=READY_TIMEOUT_MS)
    kept = first.evaluate(STORED_SNAPSHOT_JS)
    assert list(kept) == [manifest["device_snapshot"]] and kept[manifest["device_snapshot"]] > 1_000_000
    first.close()
    second = _visit_ratio_page(context, site_url)
    assert second.evaluate("jmCalculators.snapshot") == "stored"
    assert not [path for path in requested if path.endswith("/" + manifest["snapshot"]["file"])]
    fetched = {
        path.rsplit("/", 1)[-1] for path in requested if "/assets/pyodide/" in path or "/assets/calculators/" in path
    }
    assert fetched == {
        "manifest.json",
        manifest["stdlib"]["file"],
        manifest["package"],
        "pyodide.mjs",
        "pyodide.asm.js",
        "pyodide.asm.wasm",
    }
    context.close()


def test_a_kept_snapshot_that_does_not_restore_is_refused_and_python_starts_anew(browser, site_url, built_site):
    manifest = _manifest(built_site)
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(f"{site_url}about/")
    # Under this version's name but not a snapshot (a damaged file), and one made by another version.
    page.evaluate(PUT_STORED_FILE_JS, [manifest["device_snapshot"], manifest["snapshot"]["bytes"]])
    page.evaluate(PUT_STORED_FILE_JS, ["device-" + "0" * 64, 1024])
    visit = _visit_ratio_page(context, site_url)
    assert visit.evaluate("jmCalculators.snapshot") == "none"
    visit.wait_for_function("() => jmCalculators.snapshotKept", timeout=READY_TIMEOUT_MS)
    assert list(visit.evaluate(STORED_SNAPSHOT_JS)) == [manifest["device_snapshot"]]
    visit.close()
    again = _visit_ratio_page(context, site_url)
    assert again.evaluate("jmCalculators.snapshot") == "stored"
    context.close()


# When the search index was requested and when the calculator became ready, on the page's own clock.
SEARCH_INDEX_AND_READY_JS = """() => {
  const index = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/search/search_index.json"));
  return [index ? index.startTime : null, window.jmReadyAt ?? null];
}"""
RECORD_READY_JS = """
new MutationObserver(() => {
  if (window.jmReadyAt === undefined && document.querySelector('[data-jm-calculator][data-jm-state="ready"]')) {
    window.jmReadyAt = performance.now();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-jm-state"] });
"""


def test_a_tool_page_asks_for_the_search_index_only_once_python_is_up(page, site_url):
    page.add_init_script(RECORD_READY_JS)
    page.goto(f"{site_url}tools/ratio/")
    _ready(page, "ratio")
    page.wait_for_function(f"() => ({SEARCH_INDEX_AND_READY_JS})()[0] !== null")
    requested_at, ready_at = page.evaluate(SEARCH_INDEX_AND_READY_JS)
    assert ready_at is not None and requested_at >= ready_at


def test_on_a_slow_link_the_search_index_waits_for_python_past_the_ten_seconds_given_to_a_calculator_to_start(
    page, site_url
):
    asked_for_the_index = []
    page.on(
        "request", lambda request: request.url.endswith("/search/search_index.json") and asked_for_the_index.append(1)
    )
    # The worker's module is held back, as on a link where the runtime takes longer than 10 s to arrive.
    held = []
    page.route("**/calculator-worker.mjs", lambda route: held.append(route))
    page.clock.install()
    page.goto(f"{site_url}tools/ratio/")
    page.wait_for_function("() => window.jmCalculators && jmCalculators.state === 'loading'")
    page.clock.run_for(15_000)
    assert held and not asked_for_the_index
    page.clock.resume()  # time flows again, as it does
    with page.expect_request("**/search/search_index.json", timeout=READY_TIMEOUT_MS):
        held[0].continue_()
        _ready(page, "ratio")


def test_on_a_tool_page_search_works_at_once_when_the_reader_reaches_for_it(page, site_url):
    page.goto(f"{site_url}tools/ratio/")
    page.locator("input.md-search__input").click()  # at once: Python is still starting
    page.keyboard.type("津贴")
    page.keyboard.press("End")  # Playwright's non-ASCII typing sends no keyup, which Material listens for
    expect(page.locator('.md-search-result__link[href*="policy/"][href$="#s4-1"]').first).to_be_attached()


@pytest.mark.parametrize("path", ["", "policy/", "rules/"])
def test_pages_without_a_starting_calculator_ask_for_the_search_index_at_once(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_function(f"() => ({SEARCH_INDEX_AND_READY_JS})()[0] !== null")
    assert "search-after-python" not in page.content() and "jmSearchIndex" not in page.content()


# The page's own module scripts, as the browser requested them (the worker's requests are not the page's).
PAGE_MODULES_JS = """() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname)
  .filter((path) => /\\.m?js$/.test(path) && path.includes("/assets/javascripts/") && !path.includes("/workers/"))"""


def test_the_head_lists_every_module_the_page_scripts_import_for_preloading_and_nothing_else(page, site_url):
    page.goto(f"{site_url}tools/ratio/")
    _ready(page, "ratio")
    preloaded = page.eval_on_selector_all(
        'link[rel="modulepreload"]', "(links) => links.map((link) => new URL(link.href).pathname)"
    )
    entries = page.eval_on_selector_all('script[type="module"][src]', "(s) => s.map((e) => new URL(e.src).pathname)")
    # Not the page's modules: site.js and Material's bundle are classic scripts, the worker a script of its own.
    not_modules = {"/assets/javascripts/site.js", "/assets/javascripts/calculator-worker.mjs"}
    requested = {path for path in page.evaluate(PAGE_MODULES_JS) if not path.endswith(".min.js")} - not_modules
    assert len(preloaded) == len(set(preloaded)) >= 6
    assert set(preloaded) | set(entries) == requested


def test_the_print_record_shows_the_inputs_the_result_and_the_clauses(page, site_url):
    page.add_init_script("window.print = () => { window.jmPrinted = true; }")
    page.goto(f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    _ready(page, "ratio")
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text(
        "符合", timeout=READY_TIMEOUT_MS
    )
    page.click('[data-jm-action="print"]')
    assert page.evaluate("window.jmPrinted === true")
    page.emulate_media(media="print")
    record = page.locator('[data-jm-calculator="ratio"] [data-jm-record]')
    expect(record).to_be_visible()
    for text in ("岗位总数", "10", "社会工作专业岗位数", "符合", "三（二）3", "自查日期", "网站版本", "不是官方认定"):
        expect(record).to_contain_text(text)
    expect(page.locator('[data-jm-calculator="ratio"] form')).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()


def test_the_calculator_beside_its_clause_starts_when_opened(page, site_url):
    page.goto(f"{site_url}policy/#s3-2-3")
    assert page.evaluate("jmCalculators.starts") == 0
    page.locator(".jm-calc-embed > summary", has_text="岗位比例自查").click()
    page.locator("#ratio-org_type").focus()
    _ready(page, "ratio")
    _calculate_ratio(page, "sw-org", "11", "8")
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合")


@pytest.mark.parametrize("path", ["", "glossary/", "about/", "rules/"])
def test_a_page_without_a_calculator_loads_no_runtime(page, site_url, requests_seen, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests_seen if "/assets/pyodide/" in url or "/assets/calculators/" in url]


@pytest.mark.parametrize("path", TOOL_PAGES)
def test_tool_pages_request_nothing_from_another_host(page, site_url, requests_seen, path):
    page.goto(site_url + path)
    _ready(page, CALCULATOR_OF[path])
    assert any("pyodide.asm.wasm" in url for url in requests_seen)
    assert off_site(requests_seen, site_url) == []


@pytest.mark.parametrize("path", TOOL_PAGES + ["tools/"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_reports_no_violations_on_tool_pages_with_a_result(page, site_url, path, color_scheme):
    page.emulate_media(color_scheme=color_scheme)
    query = {
        "tools/ratio/": "?ratio-org_type=sw-org&ratio-total=abc&ratio-social_work=7",
        "tools/grade/": "?grade-grade=9",
        "tools/allowance/": "?allowance-employment=social-org&allowance-certificate=assistant",
    }
    page.goto(site_url + path + query.get(path, ""))
    if path in query:
        root = _ready(page, CALCULATOR_OF[path])
        expect(root.locator("[data-jm-result]")).not_to_be_empty(timeout=READY_TIMEOUT_MS)
    elif path in CALCULATOR_OF:
        _ready(page, CALCULATOR_OF[path])
    results = axe_results(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", TOOL_PAGES)
def test_tool_pages_fit_a_390_px_phone(browser, site_url, path):
    context = browser.new_context(
        service_workers="block", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(site_url + path)
    _ready(page, CALCULATOR_OF[path])
    page.locator('[data-jm-action="calculate"]').click()
    expect(page.locator("[data-jm-calculator]")).to_have_attribute("data-jm-state", "ready")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_the_shipped_package_is_the_source_and_the_runtime_is_the_pinned_one(built_site):
    package = built_site.directory / "assets" / "calculators" / "calculators.zip"
    manifest = json.loads((built_site.directory / "assets" / "calculators" / "manifest.json").read_text())
    assert manifest["package_sha256"] == hashlib.sha256(package.read_bytes()).hexdigest()
    with zipfile.ZipFile(package) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist()}
    source = {f"calculators/{p.relative_to(CALCULATORS_DIR).as_posix()}": p.read_bytes() for p in package_files()}
    assert shipped == source
    assert "calculators/rules/ratio.toml" in shipped and "calculators/browser.py" in shipped
    runtime = built_site.directory / "assets" / "pyodide"
    # .gz, .br: the server's compressed copies (hooks/deploy.py)
    assert sorted(p.name for p in runtime.iterdir() if p.suffix not in (".gz", ".br")) == sorted(PYODIDE_FILES)
    pinned = json.loads((Path(__file__).resolve().parent.parent / "package-lock.json").read_text())
    assert manifest["pyodide"] == pinned["packages"]["node_modules/pyodide"]["version"]
    # The memory snapshot the worker starts from: made by this runtime from this package.
    snapshot = manifest["snapshot"]
    snapshot_file = built_site.directory / "assets" / "calculators" / snapshot["file"]
    unpacked = gzip.decompress(snapshot_file.read_bytes())
    assert snapshot["sha256"] == hashlib.sha256(unpacked).hexdigest()
    assert snapshot["bytes"] == len(unpacked) and snapshot["gzip_bytes"] == snapshot_file.stat().st_size
    assert snapshot["gzip_sha256"] == hashlib.sha256(snapshot_file.read_bytes()).hexdigest()
    assert (snapshot["pyodide"], snapshot["package_sha256"]) == (manifest["pyodide"], manifest["package_sha256"])


BATCH_HEADER = "单位名称,单位类型,岗位总数,社会工作专业岗位数\r\n"
BATCH_ROWS = "甲中心,以社会工作服务为主的社会组织,10,7\r\n乙站,sw-org,11,7\r\n丙院,民办养老机构,20,2\r\n"


@pytest.fixture(scope="module")
def batch_page(browser, site_url):
    context = browser.new_context(service_workers="block", locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}tools/batch/")
    _ready(page, "ratio-batch")
    yield page
    context.close()


def _upload(page, tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    page.set_input_files("#ratio-batch-csv", str(path))
    page.get_by_role("button", name="开始自查").click()
    expect(page.locator('[data-jm-calculator="ratio-batch"]')).to_have_attribute("data-jm-state", "ready")


@pytest.mark.parametrize(("encoding", "label"), [("utf-8-sig", "UTF-8"), ("gbk", "GBK")])
def test_the_batch_page_checks_every_unit_of_a_file_as_excel_saves_it(batch_page, tmp_path, encoding, label):
    _upload(batch_page, tmp_path, f"units-{encoding}.csv", (BATCH_HEADER + BATCH_ROWS).encode(encoding))
    result = batch_page.locator('[data-jm-calculator="ratio-batch"] [data-jm-result]')
    expect(result.locator(".jm-calc__verdict-text")).to_have_text(
        "共 3 个单位：符合 1 个，不符合 1 个，比例要求不适用 1 个，数据有误 0 个。"
    )
    expect(result).to_contain_text(f"读取的文件：CSV 表格，{label} 编码。")
    outcomes = result.locator("tbody tr").evaluate_all("(rows) => rows.map((r) => r.dataset.jmOutcome)")
    assert outcomes == ["compliant", "not-compliant", "not-applicable"]
    with batch_page.expect_download() as download:
        result.get_by_role("button", name="下载结果（CSV）").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("行号,单位名称") and "乙站" in text and len(text.splitlines()) == 4


def test_bad_rows_are_reported_row_by_row_on_the_batch_page(batch_page, tmp_path):
    rows = BATCH_ROWS + "丁,sw-org,abc,3\r\n戊,未知类型,10,7\r\n己,sw-org,10\r\n"
    _upload(batch_page, tmp_path, "bad.csv", (BATCH_HEADER + rows).encode("utf-8"))
    result = batch_page.locator('[data-jm-calculator="ratio-batch"] [data-jm-result]')
    expect(result.locator(".jm-calc__verdict")).to_contain_text("数据有误 3 个")
    expect(result.locator('tr[data-jm-row="5"]')).to_contain_text("岗位总数必须是数字")
    # The bad rows echo what they held.
    assert result.locator('tr[data-jm-row="5"] td').all_inner_texts()[:5] == ["5", "丁", "sw-org", "abc", "3"]
    assert result.locator('tr[data-jm-row="6"] td').nth(2).inner_text() == "未知类型"
    expect(result.locator('tr[data-jm-row="6"]')).to_contain_text("无法识别的单位类型")
    expect(result.locator('tr[data-jm-row="7"]')).to_contain_text("列数不够")
    expect(result.locator('tr[data-jm-row="2"]')).to_have_attribute("data-jm-outcome", "compliant")


def test_a_large_batch_is_shown_a_hundred_units_at_a_time_with_a_pager(batch_page, tmp_path):
    rows = "".join(f"单位{n},sw-org,10,{n % 11}\r\n" for n in range(250))
    _upload(batch_page, tmp_path, "large.csv", (BATCH_HEADER + rows).encode("utf-8"))
    result = batch_page.locator('[data-jm-calculator="ratio-batch"] [data-jm-result]')
    expect(result.locator(".jm-calc__verdict-text")).to_contain_text("共 250 个单位")
    pager = result.get_by_role("navigation", name="结果分页")
    status = pager.get_by_role("status")
    body = result.locator("tbody tr")
    expect(status).to_have_text("第 1–100 个，共 250 个单位")
    expect(body).to_have_count(100)
    expect(body.first).to_have_attribute("data-jm-row", "2")  # the header is line 1
    expect(pager.get_by_role("button", name="上一页")).to_be_disabled()
    pager.get_by_role("button", name="下一页").click()
    expect(status).to_have_text("第 101–200 个，共 250 个单位")
    expect(body.first).to_have_attribute("data-jm-row", "102")
    pager.get_by_role("button", name="下一页").click()
    expect(status).to_have_text("第 201–250 个，共 250 个单位")
    expect(body).to_have_count(50)
    expect(pager.get_by_role("button", name="下一页")).to_be_disabled()
    pager.get_by_role("button", name="上一页").click()
    expect(body.last).to_have_attribute("data-jm-row", "201")
    results = axe_results(batch_page, context='[data-jm-calculator="ratio-batch"]')
    assert results.violations_count == 0, results.generate_report()
    # Only the units that need attention: below the ratio (n % 11 < 7), from the first page again.
    below = [n for n in range(250) if n % 11 < 7]
    result.get_by_label(f"只看需要处理的单位（不符合比例要求或数据有误，共 {len(below)} 个）").check()
    expect(status).to_have_text(f"第 1–100 个，共 {len(below)} 个单位")
    expect(body.first).to_have_attribute("data-jm-row", "2")
    outcomes = body.evaluate_all("(rows) => rows.map((r) => r.dataset.jmOutcome)")
    assert set(outcomes) == {"not-compliant"} and len(outcomes) == 100
    pager.get_by_role("button", name="下一页").click()
    expect(body.first).to_have_attribute("data-jm-row", str(below[100] + 2))
    # The print record shows what the table shows.
    record = batch_page.locator('[data-jm-calculator="ratio-batch"] [data-jm-record]')
    expect(record.locator("tbody tr").first).to_have_attribute("data-jm-row", str(below[100] + 2))


def test_a_long_batch_shows_how_far_it_has_got(batch_page, tmp_path):
    batch_page.evaluate("""() => {
        window.jmWorkingSeen = [];
        const region = document.querySelector('[data-jm-calculator="ratio-batch"] [data-jm-result]');
        new MutationObserver(() => {
            const text = region.querySelector('[data-jm-working] p');
            if (text && window.jmWorkingSeen.at(-1) !== text.textContent) window.jmWorkingSeen.push(text.textContent);
        }).observe(region, { subtree: true, childList: true, characterData: true });
    }""")
    rows = "".join(f"单位{n},sw-org,10,{n % 11}\r\n" for n in range(3000))
    _upload(batch_page, tmp_path, "long.csv", (BATCH_HEADER + rows).encode("utf-8"))
    verdict = batch_page.locator('[data-jm-calculator="ratio-batch"] .jm-calc__verdict-text')
    expect(verdict).to_contain_text("共 3000 个单位")
    seen = batch_page.evaluate("window.jmWorkingSeen")
    assert seen[0] == "正在读取文件……"
    assert "正在检查：已完成 1,000 / 3,000 行" in seen and "正在检查：已完成 2,000 / 3,000 行" in seen


def test_a_batch_that_fits_on_one_page_has_no_pager(batch_page, tmp_path):
    _upload(batch_page, tmp_path, "small.csv", (BATCH_HEADER + BATCH_ROWS).encode("utf-8"))
    result = batch_page.locator('[data-jm-calculator="ratio-batch"] [data-jm-result]')
    expect(result.locator("tbody tr")).to_have_count(3)
    expect(result.get_by_role("navigation", name="结果分页")).to_have_count(0)


def test_the_batch_page_reads_a_workbook_and_offers_the_results_as_one(batch_page, tmp_path):
    header = BATCH_HEADER.strip().split(",")
    rows = [
        ["某县社会组织岗位统计表"],
        header,
        ["甲中心", "以社会工作服务为主的社会组织", 10, 7],
        ["乙站", None, 11, "7"],
    ]
    rows += [["丙院", "民办养老机构", 20, 2], ["丁", "sw-org", "abc", 3]]
    _upload(batch_page, tmp_path, "units.xlsx", workbook_bytes(rows, merge="B3:B4"))
    root = batch_page.locator('[data-jm-calculator="ratio-batch"]')
    result = root.locator("[data-jm-result]")
    expect(result.locator(".jm-calc__verdict-text")).to_have_text(
        "共 4 个单位：符合 1 个，不符合 1 个，比例要求不适用 1 个，数据有误 1 个。"
    )
    expect(result).to_contain_text("读取的文件：Excel 工作簿的第一个工作表“岗位统计”。")
    outcomes = result.locator("tbody tr").evaluate_all("(rows) => rows.map((r) => r.dataset.jmOutcome)")
    assert outcomes == ["compliant", "not-compliant", "not-applicable", "invalid"]
    with batch_page.expect_download() as download:
        result.get_by_role("button", name="下载结果（Excel）").click()
    assert download.value.suggested_filename == "岗位比例批量自查结果.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["自查结果", "说明"]
    table = [list(row) for row in book["自查结果"].iter_rows(values_only=True)]
    assert [row[:5] for row in table[1:3]] == [
        [3, "甲中心", "以社会工作服务为主的社会组织", 10, 7],
        [4, "乙站", "以社会工作服务为主的社会组织", 11, 7],  # the merged type, on both rows
    ]
    rules = {r.formula[0] for f in book["自查结果"].conditional_formatting for r in f.rules}
    assert rules == {'$F2=""', '$G2="否"'}
    notes = [line for (line,) in book["说明"].iter_rows(values_only=True)]
    today = batch_page.evaluate("new Date().toLocaleDateString('sv')")  # the reader's date, as ISO
    assert f"自查日期：{today}" in notes and datetime.date.fromisoformat(today)
    assert f"网站版本：{root.get_attribute('data-jm-site-version')}" in notes
    assert any("不是官方认定或审批结论" in line for line in notes)
    expect(result.locator(".jm-calc__download-status")).to_have_text(["", ""])
    # Another file checked behind the page's back (a second tab's script, say): the kept results are gone, and the
    # button says so beside it instead of downloading another file's results.
    batch_page.evaluate(
        "(data) => jmCalculators.run('ratio-batch', { data_base64: data })",
        base64.b64encode((BATCH_HEADER + BATCH_ROWS).encode("utf-8")).decode("ascii"),
    )
    result.get_by_role("button", name="下载结果（CSV）").click()
    expect(result.get_by_role("status").filter(has_text="不在内存中")).to_contain_text("请重新开始自查")


def test_a_workbook_that_cannot_be_read_is_refused_beside_the_file_field(batch_page, tmp_path):
    locked = (Path(__file__).parent / "workbooks" / "encrypted.xlsx").read_bytes()
    _upload(batch_page, tmp_path, "locked.xlsx", locked)
    expect(batch_page.locator("#ratio-batch-csv-error")).to_contain_text("这个工作簿设置了打开密码")
    _upload(batch_page, tmp_path, "old.xls", (Path(__file__).parent / "workbooks" / "old.xls").read_bytes())
    expect(batch_page.locator("#ratio-batch-csv-error")).to_contain_text("旧版 Excel 文件（.xls）")


WORKBOOK_SUPPORT = ("/openpyxl-", "/et_xmlfile-", "/workbook-stdlib.zip")


@pytest.mark.parametrize("path", TOOL_PAGES)
def test_only_the_batch_page_loads_the_workbook_support(page, site_url, requests_seen, path):
    page.goto(site_url + path)
    _ready(page, CALCULATOR_OF[path])
    if path == "tools/batch/":
        # Asked for by the page once Python is up; fetched a moment later.
        for _ in range(100):
            if all(any(name in url for url in requests_seen) for name in WORKBOOK_SUPPORT):
                break
            page.wait_for_timeout(100)
        assert all(any(name in url for url in requests_seen) for name in WORKBOOK_SUPPORT)
    else:
        page.wait_for_load_state("networkidle")
        assert not [url for url in requests_seen if any(name in url for name in WORKBOOK_SUPPORT)]
    assert off_site(requests_seen, site_url) == []


def test_an_unusable_file_is_refused_beside_the_file_field(batch_page, tmp_path):
    _upload(batch_page, tmp_path, "wrong.csv", "名称,数量\r\n甲,1\r\n".encode())
    expect(batch_page.locator("#ratio-batch-csv-error")).to_contain_text("表头缺少这些列")


@pytest.mark.parametrize("name", ["units-template.csv", "units-template.xlsx"])
def test_the_templates_the_batch_page_offers_are_read_by_the_batch(built_site, name):
    from calculators import check_ratio_batch

    template = (built_site.directory / "tools" / name).read_bytes()
    result = check_ratio_batch(template)
    assert result.ok and result.summary.units == 2 and result.summary.invalid == 0
    assert [unit.unit for unit in result.units] == ["示例社会工作服务中心", "示例养老院"]


def _answer_all(page, value):
    for fieldset in page.locator("[data-jm-point]").all():
        if fieldset.locator("input[type=radio]").count():
            fieldset.locator(f"input[value={value}]").check()


@pytest.mark.parametrize(
    ("org_type", "counts", "not_met"),
    [("sw-org", ("10", "6"), {"ratio": "三（二）3"}), ("enterprise", None, {"enterprise-posts": "三（二）4"})],
)
def test_the_self_check_gives_a_record_with_the_right_points_and_clauses(browser, site_url, org_type, counts, not_met):
    context = browser.new_context(service_workers="block", locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}tools/selfcheck/")
    _ready(page, "selfcheck")
    page.get_by_label("单位类型").select_option(org_type)
    _answer_all(page, "yes")
    if counts:
        page.fill("#selfcheck-total", counts[0])
        page.fill("#selfcheck-social_work", counts[1])
    else:
        page.locator('[data-jm-point="enterprise-posts"] input[value=no]').check()
    page.get_by_role("button", name="生成自查记录").click()
    table = page.locator("[data-jm-result] .jm-calc__selfcheck")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    statuses = rows.evaluate_all("(all) => Object.fromEntries(all.map((r) => [r.dataset.jmPoint, r.dataset.jmStatus]))")
    assert {point for point, status in statuses.items() if status == "not_met"} == set(not_met)
    for point, label in not_met.items():
        row = table.locator(f'tr[data-jm-point="{point}"]')
        expect(row.locator("a")).to_have_text(label)
        expect(row.locator("td").nth(4)).not_to_be_empty()
    with page.expect_download() as download:
        page.get_by_text("下载数据文件").click()
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["org_type"] == org_type and len(record["points"]) == rows.count() and record["date"]
    with page.expect_download() as download:
        page.get_by_text("下载表格").click()
    assert Path(download.value.path()).read_bytes().decode("utf-8-sig").startswith("要点,条款,用语与对象,结果")
    page.add_init_script("window.print = () => {}")
    page.evaluate("window.print = () => {}")
    page.click('[data-jm-calculator="selfcheck"] [data-jm-action="print"]')
    page.emulate_media(media="print")
    expect(page.locator('[data-jm-calculator="selfcheck"] [data-jm-record]')).to_contain_text("不是官方认定")
    context.close()


def test_the_self_check_reports_a_missing_answer_beside_its_question(page, site_url):
    page.goto(f"{site_url}tools/selfcheck/")
    _ready(page, "selfcheck")
    page.get_by_label("单位类型").select_option("sw-org")
    page.fill("#selfcheck-total", "ten")
    page.get_by_role("button", name="生成自查记录").click()
    expect(page.locator("#selfcheck-total-error")).to_contain_text("岗位总数必须是数字")
