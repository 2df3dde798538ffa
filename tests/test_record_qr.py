"""A record anyone can verify: the printed record's QR code, read back from the printed page by a real decoder
(Debian's zbarimg), opens the same result in a fresh browser; a batch's code holds its summary and the file's
fingerprint; and a link made under other rules says so above the result."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from off_site import off_site
from playwright.sync_api import expect

from sitebuild.calculator_forms import site_release
from sitebuild.rules_fingerprint import rules_fingerprint

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 90_000
# The page is drawn at 4 device pixels a CSS pixel, about 384 dpi: the resolution of a printout, at which a
# phone reads the printed code (at the screen's 96 dpi a dense code would fall below a pixel a module).
PRINT_SCALE = 4
RECORDS = {
    "ratio": "tools/ratio/?ratio-org_type=sw-org&ratio-total=11&ratio-social_work=7",
    "grade": "tools/grade/?grade-qualification=social-worker&grade-level=二级",
    "allowance": "tools/allowance/?allowance-employment=social-org&allowance-certificate=assistant",
}


@pytest.fixture(scope="module")
def zbarimg():
    found = shutil.which("zbarimg")
    if found is None:
        pytest.fail("zbarimg is missing: install Debian's zbar-tools (make test does it).", pytrace=False)
    return found


def _printed_qr_text(page, calculator, zbarimg, tmp_path) -> str:
    """The text of the record's QR code as a phone would read it: the code as printed, decoded from pixels."""
    root = page.locator(f'[data-jm-calculator="{calculator}"]')
    expect(root.locator("[data-jm-record] [data-jm-qr]")).to_have_attribute("data-jm-qr", "ready")
    page.emulate_media(media="print")
    page.evaluate(
        "(name) => { document.documentElement.dataset.jmPrinting = 'record';"
        " document.querySelector(`[data-jm-calculator='${name}']`).dataset.jmPrinted = ''; }",
        calculator,
    )
    image = tmp_path / f"{calculator}-qr.png"
    root.locator("[data-jm-record] .jm-calc__qr svg").screenshot(path=image)
    decoded = subprocess.run([zbarimg, "--raw", "-q", str(image)], capture_output=True, text=True, check=False)
    assert decoded.returncode == 0, f"no QR code found in the printed record: {decoded.stderr}"
    return decoded.stdout.rstrip("\n")


@pytest.mark.parametrize("calculator", RECORDS)
def test_the_printed_qr_code_opens_the_same_result_in_a_fresh_browser(browser, site_url, calculator, zbarimg, tmp_path):
    context = browser.new_context(service_workers="block", device_scale_factor=PRINT_SCALE)
    page = context.new_page()
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(site_url + RECORDS[calculator])
    root = page.locator(f'[data-jm-calculator="{calculator}"]')
    expect(root.locator(".jm-calc__verdict")).to_be_visible(timeout=READY_TIMEOUT_MS)
    printed_verdict = root.locator(".jm-calc__verdict-text").inner_text()
    address = _printed_qr_text(page, calculator, zbarimg, tmp_path)
    assert address.startswith(site_url) and f"{calculator}-rules={rules_fingerprint()}" in address
    assert f"{calculator}-site={site_release()}" in address  # the release that computed it
    assert address in root.locator("[data-jm-record] .jm-calc__record-link").inner_text()
    assert off_site(seen, site_url) == []  # the generator comes from the site itself
    context.close()

    fresh = browser.new_context(service_workers="block")
    reviewer = fresh.new_page()
    reviewer.goto(address)
    again = reviewer.locator(f'[data-jm-calculator="{calculator}"]')
    expect(again.locator(".jm-calc__verdict-text")).to_have_text(printed_verdict, timeout=READY_TIMEOUT_MS)
    expect(again.locator("[data-jm-rules-notice]")).to_have_count(0)  # the same rules: nothing to say
    fresh.close()


def test_a_batch_records_code_holds_its_summary_and_the_files_fingerprint(browser, site_url, zbarimg, tmp_path):
    data = "单位名称,单位类型,岗位总数,社会工作专业岗位数\r\n甲中心,sw-org,10,7\r\n乙站,sw-org,11,7\r\n".encode()
    path = tmp_path / "units.csv"
    path.write_bytes(data)
    context = browser.new_context(service_workers="block", device_scale_factor=PRINT_SCALE)
    page = context.new_page()
    page.goto(f"{site_url}tools/batch/")
    root = page.locator('[data-jm-calculator="ratio-batch"]')
    expect(root).to_have_attribute("data-jm-state", "ready", timeout=READY_TIMEOUT_MS)
    page.set_input_files("#ratio-batch-csv", str(path))
    page.get_by_role("button", name="开始自查").click()
    print_ = hashlib.sha256(data).hexdigest()[:16]
    expect(root.locator("[data-jm-result]")).to_contain_text(f"文件指纹（SHA-256 前 16 位）：{print_}")
    text = _printed_qr_text(page, "ratio-batch", zbarimg, tmp_path)
    assert "共 2 个单位：符合 1 个，不符合 1 个" in text and print_ in text
    assert rules_fingerprint() in text and f"{site_url}tools/ratio-batch/" not in text
    assert f"{site_url}tools/batch/" in text
    context.close()


def test_a_link_made_under_other_rules_says_so_above_the_current_result(page, site_url):
    page.goto(f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=11&ratio-social_work=7&ratio-rules=0badf00d")
    root = page.locator('[data-jm-calculator="ratio"]')
    notice = root.locator("[data-jm-rules-notice]")
    expect(notice).to_contain_text(
        "本记录所按的规则（标记 0badf00d）不在本站的规则版本记录中", timeout=READY_TIMEOUT_MS
    )
    expect(notice).to_contain_text("下面是按现行规则")
    expect(root.locator(".jm-calc__verdict-text")).to_contain_text("不符合")


@pytest.mark.parametrize(
    ("release", "said"),
    [
        ("0.0.9", f"本记录由本站 0.0.9 版生成，本站现为 {site_release()} 版"),
        ("<b>补贴</b>", "本记录中的网站版本标记无法识别。"),  # anybody's text is not repeated on the page
    ],
)
def test_a_link_made_by_another_release_of_the_site_says_so_above_the_current_result(page, site_url, release, said):
    query = f"ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7&ratio-rules={rules_fingerprint()}"
    page.goto(f"{site_url}tools/ratio/?{query}&ratio-site={quote(release)}")
    root = page.locator('[data-jm-calculator="ratio"]')
    notice = root.locator("[data-jm-rules-notice]")
    expect(notice).to_have_text(re.compile("^" + re.escape(said)), timeout=READY_TIMEOUT_MS)
    expect(notice).to_contain_text("下面是按现行版本计算的结果")
    expect(notice).not_to_contain_text("规则")  # the rules are today's: only the release is spoken of
    expect(root.locator(".jm-calc__verdict-text")).to_contain_text("符合")


def test_a_link_from_another_release_and_other_rules_says_both_and_the_current_result_once(page, site_url):
    query = "ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7&ratio-rules=0badf00d&ratio-site=0.0.9"
    page.goto(f"{site_url}tools/ratio/?{query}")
    notice = page.locator('[data-jm-calculator="ratio"] [data-jm-rules-notice]')
    expect(notice).to_contain_text("本记录由本站 0.0.9 版生成", timeout=READY_TIMEOUT_MS)
    text = notice.inner_text()
    assert text.index("不在本站的规则版本记录中") < text.index("0.0.9 版") and text.count("下面是") == 1


def test_a_link_made_by_this_release_with_todays_rules_has_no_notice(page, site_url):
    query = f"ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7&ratio-rules={rules_fingerprint()}"
    page.goto(f"{site_url}tools/ratio/?{query}&ratio-site={site_release()}")
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root.locator(".jm-calc__verdict-text")).to_contain_text("符合", timeout=READY_TIMEOUT_MS)
    expect(root.locator("[data-jm-rules-notice]")).to_have_count(0)


def test_a_self_checks_record_too_long_for_a_link_code_holds_its_summary_and_answers_fingerprint(
    browser, site_url, zbarimg, tmp_path
):
    context = browser.new_context(service_workers="block", device_scale_factor=PRINT_SCALE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}tools/selfcheck/")
    root = page.locator('[data-jm-calculator="selfcheck"]')
    expect(root).to_have_attribute("data-jm-state", "ready", timeout=READY_TIMEOUT_MS)
    # A 事业单位 answers ten points: its result link runs past what a code read from paper holds (300 bytes).
    page.get_by_label("单位类型").select_option("public-institution")
    for fieldset in page.locator("[data-jm-point]").all():
        if fieldset.locator("input[type=radio]").count():
            fieldset.locator("input[value=yes]").check()
    page.get_by_role("button", name="生成自查记录").click()
    printed = root.locator("[data-jm-result]").get_by_text("回答指纹（SHA-256 前 16 位）：")
    expect(printed).to_be_visible()
    answers = printed.inner_text().rsplit("：", 1)[1]
    assert len(page.evaluate("location.href")) > 300  # too long for a code read from paper: not printed either
    expect(root.locator("[data-jm-record] .jm-calc__record-link")).to_have_count(0)
    text = _printed_qr_text(page, "selfcheck", zbarimg, tmp_path)
    assert text.startswith("晋民发〔2022〕59号 单位自查记录") and answers in text and rules_fingerprint() in text
    assert root.locator(".jm-calc__verdict-text").inner_text() in text
    # The data file carries the same: the rules version and the result link with every answer.
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_text("下载数据文件").click()
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["rules"] == rules_fingerprint() and "selfcheck-rules=" in record["result_link"]
    context.close()
