"""The PDF handbook, read back the way a print shop and a reader would: poppler's pdftotext and pdffonts, and
pypdf for the outline and the links. The handbook is made by the same build the other tests use."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_html import without_whitespace

from policytext import load_clauses, load_document
from training import load_questions

A4_POINTS = (595.28, 841.89)
FOOTER = re.compile(r"^第 (\d+) 页 / 共 (\d+) 页$")
CHAPTER_TITLES = [
    "目　录",
    "政策原文与解读",
    "术语表",
    "规则一览",
    "附录一　晋民发〔2022〕59号 练习题",
    "附录二　晋民发〔2022〕59号 练习题答案与解析",
    "附录三　自查工具",
    "附录四　关于本站",
]


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(
            f"{tool} not found: the handbook tests need Debian's poppler-utils (`make test` installs it "
            "as root; otherwise `sudo apt-get install poppler-utils`)",
            pytrace=False,
        )
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@dataclass
class Handbook:
    path: Path

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def pages(self) -> list[str]:
        """Each page's text as pdftotext reads it."""
        return poppler("pdftotext", "-raw", "-enc", "UTF-8", str(self.path), "-").split("\f")[: len(self.reader.pages)]

    @cached_property
    def running_header(self) -> str:
        return f"{load_document().number} 逐条原文与解读（非官方整理版本）"

    def body(self, index: int) -> str:
        """A page's text without its running header and page number, whitespace removed."""
        lines = [line.strip() for line in self.pages[index].splitlines()]
        # pdftotext -raw emits a list's bullets (·) apart from their items, at the end of the page's text; they
        # are layout, and the official text has no ·.
        kept = [
            line
            for line in lines
            if not line.startswith(self.running_header) and not FOOTER.match(line) and line != "·"
        ]
        return without_whitespace("".join(kept))

    @cached_property
    def text(self) -> str:
        """The body of every page, joined: a clause that runs over a page break reads as one."""
        return "".join(self.body(i) for i in range(len(self.pages)))

    def page_of(self, needle: str, start: int = 0) -> int:
        """The 0-based page on which `needle` (whitespace removed) begins, searching from page `start`."""
        position = self.text.index(without_whitespace(needle), sum(len(self.body(i)) for i in range(start)))
        total = 0
        for index in range(len(self.pages)):
            total += len(self.body(index))
            if position < total:
                return index
        raise AssertionError("unreachable")

    @cached_property
    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, 0-based page) for every outline entry, in order."""
        entries = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    entries.append((depth, item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline, 1)
        return entries


@pytest.fixture(scope="module")
def handbook(built_site) -> Handbook:
    path = built_site.directory / "handbook.pdf"
    assert path.is_file(), "the build wrote no handbook.pdf"
    return Handbook(path)


def _first_policy_page(handbook: Handbook) -> int:
    return next(page for depth, title, page in handbook.outline if depth == 1 and title == "政策原文与解读")


# ---- The file -------------------------------------------------------------------------------------------------


def test_the_handbook_opens_and_every_page_is_a4_portrait(handbook):
    assert len(handbook.reader.pages) >= 30
    for page in handbook.reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4_POINTS[0], 1), round(A4_POINTS[1], 1))


def test_the_pdf_is_tagged_and_titled_in_chinese(handbook):
    info = poppler("pdfinfo", str(handbook.path))
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+晋民发〔2022〕59号 逐条原文与解读（非官方整理版本）$", info, re.MULTILINE)
    assert handbook.reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_every_font_is_embedded_and_none_is_type_3(handbook):
    rows = poppler("pdffonts", str(handbook.path)).splitlines()[2:]
    assert rows, "pdffonts lists no font"
    for row in rows:
        assert "Type 3" not in row, row
        # Columns after the type: encoding, emb, sub, uni, object id, generation.
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_the_text_is_set_in_the_simplified_chinese_faces_serif_for_the_official_text(handbook):
    names = [row.split()[0] for row in poppler("pdffonts", str(handbook.path)).splitlines()[2:]]
    faces = {name.split("+", 1)[-1] for name in names}
    assert "Noto-Serif-CJK-SC" in faces  # the official text
    assert "Noto-Sans-CJK-SC" in faces  # everything the site adds
    assert all("CJK-SC" in face for face in faces), faces  # never the Japanese, Korean or Traditional forms


# ---- Cover, contents, running heads --------------------------------------------------------------------------


def test_the_cover_names_the_document_and_says_it_is_unofficial_with_date_and_version(handbook, built_site):
    cover = without_whitespace(handbook.pages[0])
    document = load_document()
    assert without_whitespace(document.number) in cover
    assert without_whitespace(document.reported_title) in cover and document.title_hedge in cover
    assert "非官方整理版本" in cover
    assert re.search(r"构建日期：\d{4}-\d{2}-\d{2}", cover)
    assert re.search(r"网站版本：\d+\.\d+\.\d+", cover)
    assert "第1页" not in cover  # no page number on the cover


def test_every_page_after_the_cover_has_the_running_header_with_its_chapter_and_its_page_number(handbook):
    total = len(handbook.pages)
    chapter_starts = [(page, title) for depth, title, page in handbook.outline if depth == 1]
    for index, text in enumerate(handbook.pages[1:], start=1):
        chapter = [title for page, title in chapter_starts if page <= index][-1]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        headers = [line for line in lines if line.startswith(handbook.running_header)]
        assert len(headers) == 1, f"page {index + 1} has no running header"
        assert without_whitespace(headers[0]).endswith(without_whitespace(chapter)), f"page {index + 1}"
        footers = [FOOTER.match(line) for line in lines if FOOTER.match(line)]
        assert [(int(m[1]), int(m[2])) for m in footers] == [(index + 1, total)], f"page {index + 1}"


def test_the_contents_give_the_right_page_for_every_chapter_and_every_clause(handbook):
    contents = poppler("pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", "2", str(handbook.path), "-")
    assert "目录" in without_whitespace(contents)
    # A line of the contents: the entry, a leader of dots, the page number.
    listed = {}
    for line in contents.splitlines():
        match = re.match(r"^(.+?)\s*·[·\s]*(\d+)$", line.strip())
        if match:
            listed[without_whitespace(match[1])] = int(match[2]) - 1
    for depth, title, page in handbook.outline:
        if depth == 1 and title != "目　录":
            assert listed.get(without_whitespace(title)) == page, title
    policy_start = _first_policy_page(handbook)
    for clause in load_clauses():
        entry = next(key for key in listed if key.startswith(without_whitespace(clause.label)))
        assert listed[entry] == handbook.page_of(clause.lines[0], policy_start), clause.label


# ---- The outline and the links -------------------------------------------------------------------------------


def test_the_outline_has_every_chapter_in_order(handbook):
    chapters = [title for depth, title, page in handbook.outline if depth == 1]
    assert chapters == CHAPTER_TITLES


def test_the_outline_has_an_entry_for_every_clause_on_the_page_where_the_clause_begins(handbook):
    policy_start = _first_policy_page(handbook)
    clause_entries = [(title, page) for depth, title, page in handbook.outline if depth >= 2 and page >= policy_start][
        : len(load_clauses())
    ]
    assert len(clause_entries) == len(load_clauses())
    for clause, (title, page) in zip(load_clauses(), clause_entries, strict=True):
        assert without_whitespace(clause.navigation_title) in without_whitespace(title), (clause.label, title)
        assert page == handbook.page_of(clause.lines[0], policy_start), clause.label


def test_every_link_inside_the_pdf_lands_on_a_named_destination(handbook):
    destinations = handbook.reader.named_destinations
    internal = 0
    for page in handbook.reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                assert str(annotation["/Dest"]) in destinations, annotation["/Dest"]
                internal += 1
    assert internal >= 500  # the contents, the 相关条款 of every 解读, the glossary and the answer key


def test_a_clause_reference_in_the_glossary_leads_to_the_page_of_that_clause(handbook):
    destinations = handbook.reader.named_destinations
    glossary_start = next(page for depth, title, page in handbook.outline if title == "术语表")
    links = [annotation.get_object() for annotation in handbook.reader.pages[glossary_start].get("/Annots", [])]
    targets = {str(link["/Dest"]) for link in links if "/Dest" in link}
    assert "s3-2-3" in targets or "s4-1" in targets
    policy_start = _first_policy_page(handbook)
    for fragment, label in (("s3-2-3", "三（二）3"), ("s4-1", "四（一）")):
        if fragment in targets:
            clause = next(c for c in load_clauses() if c.label == label)
            landed = handbook.reader.get_destination_page_number(destinations[fragment])
            assert landed == handbook.page_of(clause.lines[0], policy_start)


def test_a_cross_chapter_reference_prints_its_page_number(handbook):
    glossary = "".join(handbook.pages[next(p for d, t, p in handbook.outline if t == "术语表")])
    assert re.search(r"三（二）\s*3\s*（第\s*\d+\s*页）", glossary)


# ---- The contents ------------------------------------------------------------------------------------------


def test_every_clause_of_the_official_text_is_in_the_handbook_in_order_whitespace_aside(handbook):
    position = 0
    for clause in load_clauses():
        found = handbook.text.find(without_whitespace(clause.text), position)
        assert found >= 0, f"clause {clause.label} is not in the handbook as written"
        position = found + len(without_whitespace(clause.text))


def test_each_clause_is_followed_by_its_interpretation_set_apart(handbook, built_site):
    policy = (built_site.directory / "policy" / "index.html").read_text(encoding="utf-8")
    expected = policy.count('<div class="admonition interpretation">')
    policy_pages = "".join(handbook.pages[_first_policy_page(handbook) :])
    interpretations = [line for line in policy_pages.splitlines() if line.strip() == "解读"]
    assert expected >= len(load_clauses()) - 1
    assert len(interpretations) >= expected
    assert "原文如此" in handbook.text


def test_the_glossary_and_the_reference_tables_are_chapters_of_the_handbook(handbook):
    assert "社会工作专业人才" in handbook.text
    assert "岗位比例" in handbook.text and "社会工作专业岗位等级对照" in handbook.text
    # The grade table, generated from the rules data: 社会工作师 ↔ 八级 … 十级.
    assert re.search(r"社会工作师.{0,40}八级", handbook.text)


def test_the_question_set_and_its_answer_key_are_appendices(handbook):
    for item in load_questions():
        assert without_whitespace(item.stem) in handbook.text, item.stem
    answers_start = next(page for depth, title, page in handbook.outline if title.startswith("附录二"))
    key = "".join(handbook.body(i) for i in range(answers_start, len(handbook.pages)))
    explained = sum(without_whitespace(item.explanation)[:20] in key for item in load_questions())
    assert explained == len(load_questions())


def test_nothing_that_only_works_on_a_screen_is_printed(handbook):
    for control in ("隐藏解读（只看原文）", "自查工具：岗位比例自查"):
        assert control not in handbook.text, control
