"""The trainer's paper builder (training/paper/): a paper drawn from the bank by number, kinds and chapters,
reproducible from its address (same address, same paper and option orders), printed as the paper with its
name / class / score lines, a one-page answer grid and a key with the explanation at the full width; the key
agrees with the bank."""

import re
import shutil
import subprocess

import pytest
from accessibility import axe_results
from off_site import off_site
from playwright.sync_api import expect

from training import load_questions, section_of

pytestmark = pytest.mark.browser

BANK = {item.id: item for item in load_questions()}
LETTERS = "ABCDEFGH"


def _open(page, url):
    page.goto(url)
    expect(page.locator('[data-jm-quiz="paper"]')).to_have_attribute("data-jm-state", "ready")


def _paper_text(page) -> str:
    return page.locator(".jm-paper").inner_text()


def _choose_part(page, part):
    """Press the part's print button without the browser's print dialog; the page is then in print media."""
    page.evaluate("window.print = () => {}")
    page.emulate_media(media="screen")
    page.locator(f'button[data-jm-print-part="{part}"]').click()
    page.emulate_media(media="print")


def _pdf_pages(page, pdf) -> int:
    """Print to A4 (Chromium then fires afterprint, which ends the part's selection) and count the pages."""
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo not found: install Debian's poppler-utils (`make test` does it as root)", pytrace=False)
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def _shown(page):
    """The paper as printed: each question's id and its options' original indices in the order shown."""
    return page.locator(".jm-paper__part[data-jm-part=paper] .jm-paper__question").evaluate_all(
        "(all) => all.map((q) => [q.dataset.jmQuestionId, [...q.querySelectorAll('[data-jm-option]')].map((o) => Number(o.dataset.jmOption))])"
    )


def test_the_same_address_gives_the_same_paper_and_another_seed_another(page, site_url, requests_seen):
    address = f"{site_url}training/paper/?n=20&kinds=single,multiple,true_false&seed=123456"
    _open(page, address)
    first, first_order = _paper_text(page), _shown(page)
    _open(page, address)
    assert _paper_text(page) == first
    assert _shown(page) == first_order
    _open(page, address.replace("seed=123456", "seed=123457"))
    assert _shown(page) != first_order
    assert off_site(requests_seen, site_url) == []


def test_an_address_without_a_seed_gets_one_and_then_reproduces_the_paper(page, site_url):
    _open(page, f"{site_url}training/paper/")
    assert re.search(r"[?&]seed=\d+", page.url) and "n=20" in page.url
    shown = _shown(page)
    assert len(shown) == 20
    _open(page, page.url)
    assert _shown(page) == shown


def test_the_form_writes_its_choices_into_the_address(page, site_url):
    _open(page, f"{site_url}training/paper/?seed=42")
    page.get_by_label("判断题（").uncheck()
    page.get_by_role("button", name="全不选").click()
    page.get_by_label(re.compile(r"^四（一）")).check()
    page.get_by_label("题量").fill("5")
    page.get_by_label("组卷号").fill("777")
    page.get_by_role("button", name="生成试卷").click()
    expect(page).to_have_url(re.compile(r"\?n=5&kinds=single,multiple&chapters=s4-1&seed=777$"))
    ids = [question_id for question_id, _ in _shown(page)]
    assert len(ids) == 5
    assert {section_of(BANK[i].clause) for i in ids} == {"四（一）"}
    assert {BANK[i].type for i in ids} <= {"single", "multiple"}


@pytest.mark.parametrize(
    ("query", "count", "kinds", "sections"),
    [
        ("n=7&kinds=multiple", 7, {"multiple"}, None),
        ("n=12&kinds=single,true_false&chapters=s3-2,s3-3", 12, {"single", "true_false"}, {"三（二）", "三（三）"}),
        ("n=500&kinds=true_false&chapters=preamble", None, {"true_false"}, {"前言"}),  # more asked than there are
    ],
)
def test_number_kinds_and_chapters_are_honoured(page, site_url, query, count, kinds, sections):
    _open(page, f"{site_url}training/paper/?{query}&seed=9")
    ids = [question_id for question_id, _ in _shown(page)]
    eligible = [
        i
        for i, item in BANK.items()
        if item.type in kinds and (sections is None or section_of(item.clause) in sections)
    ]
    assert len(ids) == (count if count is not None else len(eligible))
    assert len(set(ids)) == len(ids)
    assert set(ids) <= set(eligible)
    # Grouped as papers are: single, then multiple, then true/false.
    order = ["single", "multiple", "true_false"]
    assert [order.index(BANK[i].type) for i in ids] == sorted(order.index(BANK[i].type) for i in ids)


def test_the_grid_and_the_key_agree_with_the_bank_for_the_options_as_printed(page, site_url):
    _open(page, f"{site_url}training/paper/?n=40&kinds=single,multiple,true_false&seed=2024")
    shown = _shown(page)
    grid = page.locator(".jm-paper__grid > li").evaluate_all(
        "(all) => all.map((li) => [li.dataset.jmQuestionId, li.querySelector('.jm-paper__number').textContent,"
        " li.querySelector('.jm-paper__answer').textContent])"
    )
    key = page.locator(".jm-paper__key-item").evaluate_all(
        "(all) => all.map((k) => [k.dataset.jmQuestionId, k.querySelector('.jm-paper__answer').textContent,"
        " k.querySelector('.jm-paper__explanation').textContent])"
    )
    options = page.locator(".jm-paper__part[data-jm-part=paper] .jm-paper__question").evaluate_all(
        "(all) => all.map((q) => [...q.querySelectorAll('[data-jm-option]')].map((o) => o.textContent))"
    )
    assert [row[0] for row in grid] == [row[0] for row in key] == [question_id for question_id, _ in shown]
    for number, ((question_id, order), (_, grid_number, grid_answer), (_, key_answer, explanation), texts) in enumerate(
        zip(shown, grid, key, options, strict=True), start=1
    ):
        item = BANK[question_id]
        if item.type == "true_false":
            expected = item.options[item.answer[0]]
        else:
            # The printed options are the bank's options in the order shown…
            assert texts == [
                f"{LETTERS[shown_at]}. {item.options[original]}" for shown_at, original in enumerate(order)
            ]
            # …and the letters in the key are those of the bank's right options among them.
            expected = "".join(LETTERS[shown_at] for shown_at, original in enumerate(order) if original in item.answer)
        assert (grid_number, grid_answer, key_answer) == (str(number), expected, expected), question_id
        assert explanation.startswith(item.explanation)


def test_the_answer_grid_of_the_whole_bank_prints_on_one_a4_page(page, site_url, tmp_path):
    _open(page, f"{site_url}training/paper/?n={len(BANK)}&kinds=single,multiple,true_false&seed=5")
    expect(page.locator(".jm-paper__grid > li")).to_have_count(len(BANK))
    _choose_part(page, "grid")
    expect(page.locator('.jm-paper__part[data-jm-part="grid"]')).to_be_visible()
    expect(page.locator('.jm-paper__part[data-jm-part="paper"]')).to_be_hidden()
    assert _pdf_pages(page, tmp_path / "grid.pdf") == 1


def test_the_printed_paper_has_a_title_candidate_lines_and_no_site_chrome(page, site_url, tmp_path):
    _open(
        page,
        f"{site_url}training/paper/?n=20&kinds=single,multiple,true_false&seed=31&title=%E7%AC%AC%E4%B8%80%E6%9C%9F%E6%B5%8B%E9%AA%8C",
    )
    _choose_part(page, "paper")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".md-content h1",
        ".jm-paper__form",
        ".jm-paper__actions",
        '.jm-paper__part[data-jm-part="grid"]',
        '.jm-paper__part[data-jm-part="key"]',
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    paper = page.locator('.jm-paper__part[data-jm-part="paper"]')
    expect(paper.get_by_role("heading", level=2)).to_have_text("第一期测验")
    for field in ("姓名", "班级", "得分"):
        expect(paper.locator(".jm-paper__candidate")).to_contain_text(field)
    assert 1 <= _pdf_pages(page, tmp_path / "paper.pdf") <= 4
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "paper.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "第一期测验" in text and "姓名" in text and "组卷打印" not in text


def test_the_key_prints_its_explanations_at_the_full_width(page, site_url):
    _open(page, f"{site_url}training/paper/?n=20&kinds=single,multiple,true_false&seed=31")
    _choose_part(page, "key")
    part = page.locator('.jm-paper__part[data-jm-part="key"]')
    width = part.evaluate("(p) => p.getBoundingClientRect().width")
    explanation = part.locator(".jm-paper__explanation").first.evaluate("(e) => e.getBoundingClientRect().width")
    assert explanation >= 0.95 * width


@pytest.mark.parametrize(("color_scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_the_paper_builder_passes_axe_and_fits_a_phone(browser, site_url, color_scheme, material_scheme):
    context = browser.new_context(
        service_workers="block",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        color_scheme=color_scheme,
        locale="zh-CN",
    )
    page = context.new_page()
    _open(page, f"{site_url}training/paper/?n=30&seed=8")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material_scheme)
    results = axe_results(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0
