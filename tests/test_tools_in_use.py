"""The tools as their users use them: what to do next after a ratio, sharing a result on purpose, a verdict that
is not told by colour alone, the first wait on a slow link, the printed record on one page, and the grade and
allowance tools' forms. Each test drives the built site in Chromium."""

import json
import re
import subprocess
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from test_calculators_browser import _any_link_is_fast, _serve_manifest_changed

from calculators.browser import handle
from sitebuild.calculator_forms import site_release
from sitebuild.rules_fingerprint import rules_fingerprint

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 90_000


def _ready(page, calculator):
    root = page.locator(f'[data-jm-calculator="{calculator}"]')
    expect(root).to_have_attribute("data-jm-state", "ready", timeout=READY_TIMEOUT_MS)
    return root


def _result_of(page, address, calculator):
    page.goto(address)
    root = _ready(page, calculator)
    expect(root.locator(".jm-calc__verdict")).to_be_visible(timeout=READY_TIMEOUT_MS)
    return root


# ---- What to do next ------------------------------------------------------------------------------------
def test_a_ratio_short_of_70_percent_shows_both_routes_as_python_computes_them(page, site_url):
    root = _result_of(
        page, f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=23&ratio-social_work=15", "ratio"
    )
    native = json.loads(handle("ratio", json.dumps({"org_type": "sw-org", "total": "23", "social_work": "15"})))
    assert (native["shortfall"], native["add_new"]) == (2, 4)  # 17/23 re-designated; 19/27 with new posts
    routes = root.locator(".jm-calc__next li")
    assert routes.all_inner_texts()[: len(native["next_steps"])] == native["next_steps"]
    expect(routes.first).to_contain_text("2 个")
    expect(routes.nth(1)).to_contain_text("4 个")
    expect(root.locator(".jm-calc__verdict")).not_to_contain_text("至少还需 2 个")
    pointer = root.locator(".jm-calc__next + .jm-calc__note a")
    expect(pointer).to_have_text("单位自查")
    pointer.click()
    expect(page).to_have_url(re.compile(r"tools/selfcheck/\?selfcheck-org_type=sw-org$"))
    expect(page.get_by_label("单位类型")).to_have_value("sw-org")
    expect(page.locator("[data-jm-point]").first).to_be_visible()


def test_a_compliant_ratio_says_how_much_room_is_left(page, site_url):
    root = _result_of(page, f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=8", "ratio")
    native = json.loads(handle("ratio", json.dumps({"org_type": "sw-org", "total": "10", "social_work": "8"})))
    expect(root.locator(".jm-calc__next li").first).to_have_text(native["next_steps"][0])
    expect(root.locator("[data-jm-result] .jm-calc__figures")).to_contain_text(native["max_total_text"])


# ---- The verdict: words and an icon, and a colour that repeats them ----------------------------------------
VERDICT_STYLE_JS = """(block) => {
  const style = getComputedStyle(block);
  return [block.dataset.jmOutcome, style.borderLeftColor, block.querySelector('.jm-calc__verdict-icon').textContent];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_met_and_not_met_differ_in_words_icon_and_colour(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    seen = {}
    for social_work, title in (("7", "符合比例要求"), ("6", "未达到比例要求")):
        root = _result_of(
            page,
            f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work={social_work}",
            "ratio",
        )
        verdict = root.locator(".jm-calc__verdict")
        expect(verdict.locator(".jm-calc__verdict-title")).to_have_text(re.compile(f"{title}$"))
        expect(verdict.locator(".jm-calc__verdict-icon")).to_have_attribute("aria-hidden", "true")
        seen[social_work] = verdict.evaluate(VERDICT_STYLE_JS)
    assert seen["7"][0] == "met" and seen["6"][0] == "not-met"
    assert seen["7"][1] != seen["6"][1] and seen["7"][2] != seen["6"][2]


# ---- Sharing on purpose ----------------------------------------------------------------------------------
@pytest.fixture
def clipboard_page(browser, site_url):
    context = browser.new_context(
        service_workers="block", locale="zh-CN", permissions=["clipboard-read", "clipboard-write"]
    )
    yield context.new_page()
    context.close()


def test_the_copied_result_link_has_the_inputs_and_no_fragment(clipboard_page, site_url):
    page = clipboard_page
    root = _result_of(
        page, f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=23&ratio-social_work=15", "ratio"
    )
    # Material's navigation tracking writes the heading scrolled to into the fragment; the copy leaves it out.
    page.evaluate("history.replaceState(null, '', location.href.split('#')[0] + '#gui-ze-biao')")
    root.get_by_role("button", name="复制结果链接").click()
    expect(root.locator("[data-jm-copy-status]")).to_contain_text("已复制")
    assert root.locator("[data-jm-copy-status]").get_attribute("aria-live") == "polite"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "#" not in copied
    assert parse_qs(urlsplit(copied).query) == {
        "ratio-org_type": ["sw-org"],
        "ratio-total": ["23"],
        "ratio-social_work": ["15"],
        "ratio-rules": [rules_fingerprint()],  # the rules the result was computed with
        "ratio-site": [site_release()],  # and the site release that computed it
    }
    page.goto(copied)
    _ready(page, "ratio")
    expect(page.locator(".jm-calc__verdict-text")).to_contain_text("65.22%", timeout=READY_TIMEOUT_MS)


def test_a_calculator_beside_its_clause_shares_its_own_tool_page(clipboard_page, site_url):
    page = clipboard_page
    page.goto(f"{site_url}policy/#s3-2-3")
    page.locator(".jm-calc-embed > summary", has_text="岗位比例自查").click()
    page.select_option("#ratio-org_type", "sw-org")
    page.fill("#ratio-total", "10")
    page.fill("#ratio-social_work", "7")
    page.click('[data-jm-calculator="ratio"] [data-jm-action="calculate"]')
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root.locator(".jm-calc__verdict")).to_be_visible(timeout=READY_TIMEOUT_MS)
    root.get_by_role("button", name="复制结果链接").click()
    expect(root.locator("[data-jm-copy-status]")).to_contain_text("已复制")
    copied = urlsplit(page.evaluate("navigator.clipboard.readText()"))
    assert copied.path.endswith("/tools/ratio/") and not copied.fragment
    assert parse_qs(copied.query) == {
        "ratio-org_type": ["sw-org"],
        "ratio-total": ["10"],
        "ratio-social_work": ["7"],
        "ratio-rules": [rules_fingerprint()],
        "ratio-site": [site_release()],
    }


@pytest.mark.parametrize(
    "path", ["tools/ratio/", "tools/grade/", "tools/allowance/", "tools/selfcheck/", "tools/batch/"]
)
def test_each_tool_page_says_what_a_link_holds_and_that_nothing_is_sent(page, site_url, path):
    page.goto(site_url + path)
    note = page.locator(".jm-calc__sharing")
    expect(note).to_contain_text("不会")
    if path == "tools/batch/":
        expect(page.locator('[data-jm-action="copy-link"]')).to_have_count(0)  # a file does not fit in a link
    else:
        expect(note).to_contain_text("链接中包含你填写的内容")


def test_the_self_check_keeps_its_answers_in_the_address(clipboard_page, site_url):
    page = clipboard_page
    page.goto(f"{site_url}tools/selfcheck/")
    _ready(page, "selfcheck")
    page.get_by_label("单位类型").select_option("sw-org")
    radios = page.locator("[data-jm-point] input[type=radio][value=yes]")
    for index in range(radios.count()):
        radios.nth(index).check()
    page.locator("[data-jm-point] input[type=radio][value=no]").first.check()
    page.fill("#selfcheck-total", "10")
    page.fill("#selfcheck-social_work", "7")
    page.get_by_role("button", name="生成自查记录").click()
    table = page.locator("[data-jm-result] .jm-calc__selfcheck")
    expect(table).to_be_visible(timeout=READY_TIMEOUT_MS)
    statuses = table.locator("tbody tr").evaluate_all("(rows) => rows.map((r) => r.dataset.jmStatus)")
    page.get_by_role("button", name="复制结果链接").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "selfcheck-org_type=sw-org" in copied and "selfcheck-total=10" in copied and "=no" in copied

    page.goto("about:blank")
    page.goto(copied)
    _ready(page, "selfcheck")
    expect(page.locator("#selfcheck-social_work")).to_have_value("7")
    expect(page.locator("[data-jm-point] input[type=radio][value=no]").first).to_be_checked()
    restored = page.locator("[data-jm-result] .jm-calc__selfcheck tbody tr")
    expect(restored.first).to_be_visible(timeout=READY_TIMEOUT_MS)
    assert restored.evaluate_all("(rows) => rows.map((r) => r.dataset.jmStatus)") == statuses


# ---- The first wait on a slow link -------------------------------------------------------------------------
RECORD_STATUS_JS = """
window.jmStatusSeen = [];
new MutationObserver(() => {
  const status = document.querySelector('[data-jm-calculator] [data-jm-status]');
  const result = document.querySelector('[data-jm-calculator] [data-jm-result]');
  for (const text of [status && status.textContent, result && result.textContent]) {
    if (text && window.jmStatusSeen[window.jmStatusSeen.length - 1] !== text) window.jmStatusSeen.push(text);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_the_first_wait_shows_the_bytes_downloaded_of_the_total(page, site_url, built_site):
    manifest = json.loads((built_site.directory / "assets" / "calculators" / "manifest.json").read_text())
    total = (
        manifest["download_bytes"]["runtime"]
        + manifest["download_bytes"]["package"]
        + manifest["snapshot"]["gzip_bytes"]
    )
    # The snapshot is fetched on any link here, so the total includes it whatever the load of this machine
    # (the count on a slow link, without it: test_calculators_browser.py).
    _serve_manifest_changed(page, _any_link_is_fast)
    page.add_init_script(RECORD_STATUS_JS)
    page.goto(f"{site_url}tools/ratio/")
    _ready(page, "ratio")
    assert page.evaluate("jmCalculators.download") == {"received": total, "total": total}
    shown = [text for text in page.evaluate("window.jmStatusSeen") if "已下载" in text]
    megabytes = f"共 {total / 1024 / 1024:.1f} MB"
    assert shown and all(megabytes in text for text in shown), shown


def test_calculate_pressed_while_loading_is_acknowledged_and_then_done(browser, site_url):
    context = browser.new_context(service_workers="block", locale="zh-CN")

    def slow(route):
        time.sleep(3)  # a slow link: the runtime is still loading when the reader presses 计算
        route.continue_()

    context.route("**/assets/calculators/stdlib.zip", slow)  # fetched on every link, snapshot or not
    page = context.new_page()
    page.goto(f"{site_url}tools/ratio/")
    page.select_option("#ratio-org_type", "sw-org")
    page.fill("#ratio-total", "10")
    page.fill("#ratio-social_work", "7")
    assert page.evaluate("jmCalculators.state") != "ready"
    page.click('[data-jm-calculator="ratio"] [data-jm-action="calculate"]')
    expect(page.locator("[data-jm-result]")).to_have_text("计算引擎加载完成后将自动计算。")
    expect(page.locator(".jm-calc__verdict-text")).to_contain_text("符合", timeout=READY_TIMEOUT_MS)
    context.close()


# ---- The printed record ----------------------------------------------------------------------------------
def _print_record(page, path, unit_name="示例社会工作服务中心"):
    page.evaluate("window.print = () => {}")  # the button's own print dialog; the PDF below is the paper
    page.get_by_label("单位名称（可选，只印在自查记录上）").fill(unit_name)
    page.locator('[data-jm-action="print"]').click()
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), text


@pytest.mark.parametrize(
    "address, calculator",
    [
        ("tools/ratio/?ratio-org_type=sw-org&ratio-total=23&ratio-social_work=15", "ratio"),
        (
            "tools/allowance/?allowance-employment=social-org&allowance-certificate=assistant&allowance-local_monthly_assistant=300",
            "allowance",
        ),
        ("tools/grade/?grade-qualification=social-worker&grade-level=%E4%BA%8C%E7%BA%A7", "grade"),
    ],
)
def test_the_record_carries_the_unit_the_link_and_the_date_on_one_page(page, site_url, tmp_path, address, calculator):
    _result_of(page, site_url + address, calculator)
    page.evaluate("history.replaceState(null, '', location.href + '#gui-ze-biao')")
    pages, text = _print_record(page, tmp_path / "record.pdf")
    flat = re.sub(r"\s+", "", text)
    assert pages == 1, text
    assert "单位名称：示例社会工作服务中心" in flat
    assert re.search(r"自查日期：\d{4}年\d{1,2}月\d{1,2}日", flat)
    link = re.sub(r"\s+", "", text.split("结果链接")[1].split("说明")[0])
    assert address.split("?")[1].split("&")[0] in link and "#" not in link


@pytest.mark.parametrize("org_type", ["sw-org", "public-institution"])  # the type with the ratio; the longest list
def test_the_self_check_record_fits_a_phone_and_one_page(browser, site_url, tmp_path, org_type):
    context = browser.new_context(service_workers="block", locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}tools/selfcheck/")
    _ready(page, "selfcheck")
    page.get_by_label("单位类型").select_option(org_type)
    radios = page.locator("[data-jm-point] input[type=radio][value=no]")
    for index in range(radios.count()):
        radios.nth(index).check()  # every point not met: the longest record, with a suggestion in every row
    if org_type == "sw-org":
        page.fill("#selfcheck-total", "10")
        page.fill("#selfcheck-social_work", "6")
    page.get_by_role("button", name="生成自查记录").click()
    expect(page.locator("[data-jm-result] .jm-calc__selfcheck")).to_be_visible(timeout=READY_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    first_cell = page.locator("[data-jm-result] .jm-calc__selfcheck tbody td").nth(3)
    assert first_cell.evaluate("(td) => getComputedStyle(td, '::before').content").strip('"').endswith("：")
    pages, _ = _print_record(page, tmp_path / "selfcheck.pdf")
    context.close()
    assert pages == 1


# ---- The grade and allowance tools ----------------------------------------------------------------------
def test_the_grade_tool_has_two_directions_and_offers_only_the_levels_a_post_has(page, site_url):
    page.goto(f"{site_url}tools/grade/")
    _ready(page, "grade")
    expect(page.locator("#grade-grade")).to_be_hidden()
    levels = page.locator("#grade-level option")
    page.select_option("#grade-qualification", "assistant")
    assert levels.all_inner_texts() == ["不区分", "一级", "二级"]
    page.select_option("#grade-qualification", "social-worker")
    assert levels.all_inner_texts() == ["不区分", "一级", "二级", "三级"]
    page.select_option("#grade-qualification", "senior")
    expect(page.locator("#grade-level")).to_be_hidden()

    page.get_by_label("由等级查岗位").check()
    expect(page.locator("#grade-qualification")).to_be_hidden()
    for value in ("14", "0"):
        page.fill("#grade-grade", value)
        page.click('[data-jm-calculator="grade"] [data-jm-action="calculate"]')
        expect(page.locator("#grade-grade-error")).to_contain_text("应在 1 到 13 之间")
    page.fill("#grade-grade", "十一级")
    page.click('[data-jm-calculator="grade"] [data-jm-action="calculate"]')
    expect(page.locator(".jm-calc__verdict-text")).to_contain_text("助理社会工作师一级")
    # A link in this direction opens in it.
    page.goto(f"{site_url}tools/grade/?grade-grade=9")
    _ready(page, "grade")
    expect(page.get_by_label("由等级查岗位")).to_be_checked()
    expect(page.locator(".jm-calc__verdict-text")).to_contain_text("社会工作师二级", timeout=READY_TIMEOUT_MS)


def test_the_allowance_tool_names_its_field_opens_a_linked_estimate_and_says_where_amounts_are(page, site_url):
    root = _result_of(
        page,
        f"{site_url}tools/allowance/?allowance-employment=social-org&allowance-certificate=assistant"
        "&allowance-local_monthly_assistant=300",
        "allowance",
    )
    expect(page.get_by_label("工作单位类型")).to_have_value("social-org")
    expect(root.locator("details.jm-calc__group")).to_have_attribute("open", "")
    expect(page.get_by_label("当地助理社会工作师每月津贴（元）")).to_be_visible()
    expect(root.locator("[data-jm-result] .jm-calc__figures")).to_contain_text("3600")
    native = json.loads(handle("allowance", json.dumps({"employment": "social-org", "certificate": "assistant"})))
    expect(root.locator("[data-jm-result]")).to_contain_text(native["local_amount_source"])
    expect(page.locator('.md-content a[href$="tools/grade/"]').first).to_be_visible()


def test_a_professional_total_above_the_post_total_is_refused_beside_its_field(page, site_url):
    page.goto(
        f"{site_url}tools/ratio/?ratio-org_type=public-institution&ratio-total=10&ratio-social_work=2"
        "&ratio-professional_total=12&ratio-structure=1:3:6"
    )
    _ready(page, "ratio")
    expect(page.locator("#ratio-professional_total-error")).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page.locator("#ratio-professional_total")).to_have_attribute("aria-invalid", "true")
