"""The glossary and the 解读 stay tied to the text: terms occur in it, cited clauses exist, every clause is
annotated, the known slips are marked 原文如此, and nothing the site adds sits inside the official text."""

import re
from pathlib import Path

import pytest
from site_html import parse

from policytext import clause_by_label, load_clauses, load_glossary, official_text
from policytext.quotations import QUOTATION, is_verbatim

PROJECT_DIR = Path(__file__).resolve().parent.parent
LABELS = {c.label for c in load_clauses()}
REQUIRED_TERMS = [
    "社会工作专业人才",
    "水平评价类职业资格",
    "专业技术岗位",
    "主系列",
    "辅系列",
    "事业单位",
    "社会组织",
    "政府购买服务",
    "职业津贴",
    "督导",
    "艰苦地区",
]


def test_the_glossary_has_the_terms_readers_ask_about():
    assert set(REQUIRED_TERMS) <= {t.term for t in load_glossary()}


@pytest.mark.parametrize("term", load_glossary(), ids=lambda t: t.fragment)
def test_each_glossary_term_occurs_in_the_text_and_cites_existing_clauses(term):
    assert term.term in official_text()
    assert term.fragment.isascii() and term.fragment == term.fragment.lower()
    assert term.short and len(term.short) <= 80
    assert set(term.clauses) <= LABELS


def test_glossary_fragments_are_unique():
    fragments = [t.fragment for t in load_glossary()]
    assert len(fragments) == len(set(fragments))


def test_every_search_word_is_a_well_formed_jieba_entry_that_occurs_in_the_text():
    lines = (PROJECT_DIR / "policytext" / "search_words.txt").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        word, frequency, tag = line.split(" ")
        assert word in official_text(), word
        assert frequency.isdigit() and tag.isalpha()


def test_the_search_words_do_not_hide_the_words_readers_search_for():
    words = {
        line.split(" ")[0] for line in (PROJECT_DIR / "policytext" / "search_words.txt").read_text("utf-8").splitlines()
    }
    # jieba indexes a listed word whole, so 职业津贴 would make 津贴 unfindable in 四（一）.
    assert "职业津贴" not in words


def test_every_clause_is_followed_by_its_interpretation(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    missing = []
    for element in page.select("[data-jm-clause]"):
        section = element.find_parent("section")
        annotation = section.find_next_sibling()
        if annotation is None or "interpretation" not in annotation.get("class", []):
            missing.append(element["data-jm-clause"])
    assert missing == []


@pytest.mark.parametrize(
    ("label", "slip"), [("署名", "妇联女联合会"), ("五（二）", "需求待遇"), ("末段", "社会工作岗位开发")]
)
def test_the_known_slips_are_marked_as_such_after_their_clause(built_site, label, slip):
    page = parse(built_site.directory / "policy" / "index.html")
    section = page.select_one(f'[data-jm-clause="{label}"]').find_parent("section")
    notes = []
    for sibling in section.find_next_siblings():
        if sibling.name == "section":
            break
        if "slip" in sibling.get("class", []):
            notes.append(sibling.get_text())
    assert any("原文如此" in note and slip in note for note in notes)


def test_annotations_are_never_inside_the_official_text(built_site):
    page = parse(built_site.directory / "policy" / "index.html")
    assert page.select("[data-jm-clause] .admonition, [data-jm-clause] details") == []


# ---------------------------------------------------------------------------------------------------------------
# Every sentence true to the text. 「…」 in the glossary is a verbatim quotation of a clause the entry lists
# (whitespace aside; …… elides, each piece in order in that one clause). Paraphrase stays in “…” or unquoted.


def glossary_quotation_is_verbatim(quotation: str, clause_texts: list[str]) -> bool:
    """True if the 「」 quotation is verbatim in one of the clause texts, each piece in the same clause."""
    return any(is_verbatim(quotation, text) for text in clause_texts)


def test_the_verbatim_check_itself_tells_a_quotation_from_a_paraphrase():
    text = "各地要参照事业单位专业技术岗位等级设置标准，支持引导相关事业单位明确社会工作专业岗位等级。"
    assert glossary_quotation_is_verbatim("各地要参照事业单位专业技术岗位等级设置标准", [text])
    assert glossary_quotation_is_verbatim("各地要参照……明确社会工作专业岗位等级", [text])
    assert not glossary_quotation_is_verbatim("各地应参照事业单位专业技术岗位等级设置标准", [text])  # force word
    assert not glossary_quotation_is_verbatim("明确社会工作专业岗位等级……各地要参照", [text])  # out of order
    assert not glossary_quotation_is_verbatim("各地要参照……", [text])  # an empty piece


@pytest.mark.parametrize("term", load_glossary(), ids=lambda t: t.fragment)
def test_every_quotation_in_a_glossary_entry_is_verbatim_in_a_clause_it_lists(term):
    clause_texts = [clause_by_label(label).text for label in term.clauses]
    not_verbatim = [
        quotation
        for field in (term.short, term.explanation)
        for quotation in QUOTATION.findall(field)
        if not glossary_quotation_is_verbatim(quotation, clause_texts)
    ]
    assert not_verbatim == []


# Phrases an outside review found in earlier versions: each changed a force word or an addressee, widened a
# clause or defined what the text leaves undefined.
GLOSSARY_SLIPS = [
    "被要求",  # 三（三）: the 要 binds 各地; the units are 支持引导
    "必须",  # the text says 要 / 应, of someone named
    "不得少于",  # 三（二）3 says 应不低于
    "职称聘用",  # 四（四） says 专业技术职务聘用（任）
    "各级人才工作部门",  # an addressee the text does not name
    "试点",  # 五（二） says 探索
    "应得到",  # 四（一）: 各地应给予
    "省直各部门可",  # 五（二）: 省直各部门要
    "可以通过购买服务",  # 三（二）2 has no 可以
    "三种配备方式",  # 三（二）2's list ends in 等
    "就属于辅系列",  # 三（二）1: the 事业单位 可以 decide
    "算足",  # 四（一）: 作为重要核算依据
    "同类人员”即",
    "同类人员”是",
    "同类人员”就是",
    "同额",
]
SAME_KIND_HEDGE = "本文件未明确“同类人员”指哪些人员"


@pytest.mark.parametrize("slip", GLOSSARY_SLIPS)
def test_the_glossary_has_none_of_the_known_slips(slip):
    found = [t.term for t in load_glossary() if slip in t.short or slip in t.explanation]
    assert found == []


def test_where_the_glossary_explains_same_kind_staff_it_says_the_text_leaves_them_undefined():
    for term in load_glossary():
        text = term.short + term.explanation
        # “同类人员”指… is only ever the hedge itself; any entry that explains 参考同类人员 carries the hedge.
        assert text.count("同类人员”指") == text.count(SAME_KIND_HEDGE), term.term
        if "参考同类人员" in term.explanation:
            assert SAME_KIND_HEDGE in term.explanation, term.term
        assert "同类人员" not in term.short, term.term  # a tooltip has no room for the hedge


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；\n]", text) if s.strip()]


def test_the_glossary_keeps_the_qualifiers_of_the_priorities_in_four_three_and_four_four():
    for term in load_glossary():
        text = term.short + "\n" + term.explanation
        # 四（三）: priority only for those 具有丰富基层实践经验、善于做群众工作的.
        for match in re.finditer("优先录（聘）用", text):
            assert text[match.end() :].startswith("具有丰富基层实践经验、善于做群众工作的社会工作专业人才"), term.term
        for sentence in _sentences(text):
            # 四（四）: the postgraduate priority is for two years' service, in 社会工作专业 master's and doctoral study.
            if "报考" in sentence:
                assert "服务满两年" in sentence and "社会工作专业硕士、博士研究生" in sentence, (term.term, sentence)
            # 四（四）: promotion and appointment are 优先予以考虑, and the appointment is 专业技术职务聘用（任）.
            if "提拔晋升" in sentence:
                assert "优先予以考虑" in sentence and "专业技术职务聘用（任）" in sentence, (term.term, sentence)


@pytest.mark.parametrize("term", load_glossary(), ids=lambda t: t.fragment)
def test_each_tooltip_is_one_sentence(term):
    assert term.short.endswith("。")
    assert "。" not in term.short[:-1]


# The home and about pages and the handbook's cover: the text is 本站所据文本, never 正式文本; counts match lists.


def test_the_site_calls_its_text_the_text_it_is_based_on_and_says_it_was_not_checked_against_the_original():
    about = (PROJECT_DIR / "docs" / "about.md").read_text(encoding="utf-8")
    cover = (PROJECT_DIR / "sitebuild" / "handbook.py").read_text(encoding="utf-8")
    for page in (about, cover):
        assert "正式文本" not in page
        assert "本站所据文本" in page and "未与纸质原件核对" in page
    assert "最近一次核对" not in about  # a fixed date would claim a check the build does not make


def test_the_site_name_keeps_the_texts_own_words():
    config = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r"^site_name: (.+)$", config, re.MULTILINE)[1]
    assert "社会工作专业岗位开发与人才激励保障" in site_name
    assert "社会工作专业岗位开发与人才激励保障" in official_text()


def test_the_home_page_names_as_many_tools_as_it_says_and_keeps_the_force_words():
    home = (PROJECT_DIR / "docs" / "index.md").read_text(encoding="utf-8")
    tools_section = home.split("## 自查工具", 1)[1].split("\n## ", 1)[0]
    linked = set(re.findall(r"\]\(tools/(\w+)\.md\)", tools_section))
    pages = {p.stem for p in (PROJECT_DIR / "docs" / "tools").glob("*.md")} - {"index"}
    numerals = "零一二三四五六七八九十"
    assert linked == pages
    assert f"{numerals[len(pages)]}个自查工具" in tools_section
    assert "[岗位等级对照](tools/grade.md)" in tools_section
    for slip in ("不得少于", "应得到", "职称聘用", "在晋升、聘用、报考研究生时"):
        assert slip not in home


def test_no_tooltip_holds_the_words_the_fidelity_check_tampers_with():
    # A tooltip is an attribute inside the policy page; test_fidelity.py alters the first 给予职业津贴 of that page
    # and expects to hit 四（一）'s text, not a tooltip that comes before it.
    assert [t.term for t in load_glossary() if "给予职业津贴" in t.short] == []
