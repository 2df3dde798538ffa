"""离线使用, on the about and training pages (site.js fills <div data-jm-offline>): it says what the site costs to
keep and what this device keeps, in plain Chinese; with the keyboard it keeps everything, handbook and
calculators included, showing its progress and announcing the end; the whole site then works offline."""

from __future__ import annotations

import re

import pytest
from accessibility import axe_results
from playwright.sync_api import expect
from test_offline import INSTALL_TIMEOUT_MS, compute_ratio_offline

from sitebuild.service_worker import CALCULATORS, HANDBOOK, PAGES, offline_file_list

pytestmark = pytest.mark.browser

KEPT_ALL = "已保存全部内容。断网后，本站的全部页面、自查工具和 PDF 手册都可以使用。"
# Words that mean nothing to most readers.
JARGON = ("service worker", "cache", "缓存", "json", "precache", "manifest")
PROGRESS = re.compile(r"^正在保存：已下载 (\d+\.\d) MB / 共 (\d+\.\d) MB$")

# Every text the progress line shows while storing, in order (the store may take well under a second here).
RECORD_PROGRESS = """
window.jmProgressSeen = [];
new MutationObserver(() => {
  const line = document.querySelector("[data-jm-offline-progress]:not([hidden]) span");
  const seen = window.jmProgressSeen;
  if (line && line.textContent && seen[seen.length - 1] !== line.textContent) seen.push(line.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def part_bytes(built_site, part: str) -> int:
    return sum(entry[2] for entry in offline_file_list(built_site.directory).values() if entry[3] == part)


def test_the_offline_control_says_what_keeping_the_site_costs_and_what_is_kept(offline_context, built_site, site_url):
    page = offline_context.new_page()
    page.goto(f"{site_url}about/")
    control = page.locator("[data-jm-offline]")
    button = control.locator("button")
    expect(button).to_be_visible(timeout=INSTALL_TIMEOUT_MS)
    pages, calculators, handbook = (part_bytes(built_site, part) for part in (PAGES, CALCULATORS, HANDBOOK))
    summary = control.locator("[data-jm-offline-summary]")
    expect(summary).to_contain_text(f"全部内容需下载约 {megabytes(pages + calculators + handbook)}")
    expect(summary).to_contain_text(
        f"页面、搜索和题库 {megabytes(pages)}，自查工具的计算器 {megabytes(calculators)}，"
        f"PDF 手册 {megabytes(handbook)}"
    )
    # A first visit keeps the pages, not the calculators nor the handbook.
    expect(control.locator("[data-jm-offline-kept]")).to_have_text(
        "这台设备上已保存：页面、搜索和题库。尚未保存：自查工具的计算器、PDF 手册。"
    )
    expect(button).to_have_text(f"保存全部内容（需下载约 {megabytes(calculators + handbook)}）")
    expect(button).not_to_have_attribute("aria-disabled", "true")
    expect(control.locator('[role="status"][aria-live="polite"]')).to_have_count(1)
    section = page.locator("h2#offline").inner_text() + "".join(
        page.locator("xpath=//h2[@id='offline']/following-sibling::p[position() <= 2]").all_inner_texts()
    )
    for text in (section, control.inner_text()):
        assert not [word for word in JARGON if word in text.lower()], text
    results = axe_results(page, context="[data-jm-offline]")
    assert results.violations_count == 0, results.generate_report()


def test_the_offline_control_keeps_everything_and_the_whole_site_then_works_offline(
    offline_context, built_site, site_url
):
    page = offline_context.new_page()
    page.add_init_script(RECORD_PROGRESS)
    page.goto(f"{site_url}training/")
    button = page.locator("[data-jm-offline] button")
    expect(button).to_contain_text("保存全部内容（需下载约", timeout=INSTALL_TIMEOUT_MS)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-jm-offline-result]")).to_have_text(KEPT_ALL, timeout=INSTALL_TIMEOUT_MS)
    seen = page.evaluate("window.jmProgressSeen")
    assert seen and all(PROGRESS.match(text) for text in seen), seen
    shown = [tuple(float(number) for number in PROGRESS.match(text).groups()) for text in seen]
    # Its total is what a first visit had not kept, the calculators' runtime and the handbook; the count only
    # grows, up to that total. Whether the last step is drawn depends on timing: the control draws once per
    # frame, and a last file that arrives in the frame the store ends goes straight to the result above.
    expected_total = float(megabytes(part_bytes(built_site, CALCULATORS) + part_bytes(built_site, HANDBOOK))[:-3])
    assert [total for _, total in shown[1:]] == [expected_total] * (len(shown) - 1), seen
    done = [done for done, _ in shown]
    assert done == sorted(done) and done[-1] <= expected_total and len(set(done)) > 2, seen
    expect(page.locator("[data-jm-offline-progress]")).to_be_hidden()
    expect(button).to_have_text("已保存全部内容")
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_be_focused()  # the reader's place is kept
    expect(page.locator("[data-jm-offline-kept]")).to_have_text("这台设备上已保存全部内容，断网时也可以使用本站。")

    offline_context.set_offline(True)
    page.goto(f"{site_url}rules/")  # never visited
    expect(page.locator("table").first).to_be_visible()
    handbook = page.evaluate(
        """async (url) => {
      const response = await fetch(url);
      const head = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
      return [response.status, String.fromCharCode(...head)];
    }""",
        f"{site_url}handbook.pdf",
    )
    assert handbook == [200, "%PDF"]
    # No calculator has run in this browser: it starts from the kept files alone. The build's memory snapshot is
    # not among them (sitebuild/service_worker.py, LEFT_OUT_FILES): Python starts anew, as on a slow link.
    compute_ratio_offline(page, site_url)
    assert page.evaluate("window.jmCalculators.snapshot") == "none"


def test_without_the_network_the_handbook_not_yet_kept_says_so(offline_context, site_url):
    page = offline_context.new_page()
    page.goto(f"{site_url}about/")
    expect(page.locator("[data-jm-offline] button")).to_be_visible(timeout=INSTALL_TIMEOUT_MS)
    offline_context.set_offline(True)
    page.goto(f"{site_url}handbook.pdf")
    expect(page.locator("h1")).to_have_text("没有网络")
    expect(page.locator("body")).to_contain_text("离线使用")
