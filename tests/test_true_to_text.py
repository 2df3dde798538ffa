"""Every sentence true to the text: each provision's force word and addressee are the text's own, and every 「…」
the site presents as the original is a verbatim piece of the clause it cites — in the 解读, the pages, the rules
data and the calculators' results. (The glossary's and the question bank's quotations are held to their own listed
clauses, more strictly, in test_glossary_and_annotations.py and test_question_bank_conventions.py.)"""

import re
from pathlib import Path

import pytest
from scenarios.run import read_cases

from calculators import check_allowance, check_grade, check_ratio
from calculators.results import as_json
from calculators.rules import allowance_rules, load_rules_file, provision_rules, ratio_rules
from calculators.selfcheck import check_selfcheck, checklist
from policytext import clause_by_label
from policytext.quotations import is_verbatim, misquotations
from sitebuild.review import annotations_by_clause

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCENARIOS = Path(__file__).parent / "scenarios"
# A quotation that names a force word (「应」「要」…) is vocabulary, not a quotation of one clause.
FORCE_WORDS = frozenset(
    word for force in provision_rules().forces if force.word for word in (force.word, force.word.replace("…", "……"))
)
# 应 and 要 inside other words are not force words.
NOT_MODAL = re.compile(r"需要|重要|要求|主要|必要|纲要|相应|对应|适应|应急|供应|效应|反应")


def _misquoted(text, about=()):
    return [(m.quotation, m.line[:60]) for m in misquotations(text, tuple(about), words=FORCE_WORDS)]


# ---- The rules data: one source for each provision's force ------------------------------------------------


@pytest.mark.parametrize("provision", provision_rules().provisions, ids=lambda p: p.id)
def test_each_provision_quotes_its_clause_and_its_force_word_and_addressee_are_the_texts_own(provision):
    clause = clause_by_label(provision.clause).text
    assert is_verbatim(provision.text, clause), "the provision's text is not in its clause"
    if provision.word:
        assert is_verbatim(provision.word.replace("…", "……"), provision.text), "its force word is not in its words"
    else:
        bare = NOT_MODAL.sub("", provision.text.split("……")[0] + "".join(provision.text.split("……")[1:]))
        assert "应" not in bare and "要" not in bare, "a sentence with 应 or 要 is labelled as having no force word"
    if provision.addressee:
        assert provision.addressee in clause, "the addressee is not named in the clause"


def test_every_force_label_quotes_only_its_own_word():
    for force in provision_rules().forces:
        quoted = set(re.findall(r"「([^」]*)」", force.label))
        expected = {force.word.replace("…", "……")} if force.word else {"应", "要"}
        assert quoted == expected, force.label


def test_the_calculators_self_check_and_tables_take_their_force_from_the_provisions():
    provisions = {p.id: p for p in provision_rules().provisions}
    for org_type in ratio_rules().org_types:
        assert all(p.id in provisions for p in org_type.provisions)
        for provision in org_type.provisions:
            assert f"「{provision.text}」（{provision.force.label}）" in org_type.asks
    for provision in allowance_rules().provisions:
        assert provision.policy is provisions[provision.id]
    for code in (t.code for t in ratio_rules().org_types):
        for point in checklist(code):
            assert point.provision is provisions[point.provision.id]
    # No rules file but provisions.toml states a force word of its own.
    for name in ("ratio.toml", "allowance.toml", "selfcheck.toml"):
        assert "strength" not in str(load_rules_file(name)), name


def test_a_point_counted_as_the_units_own_requirement_is_addressed_to_the_unit():
    others = ("各地", "各级各部门", "当地政府部门", "省直各部门")
    for code in (t.code for t in ratio_rules().org_types):
        for point in checklist(code):
            if point.binds_unit:
                # named by the text, and not someone else: a sentence that names nobody binds no one in particular
                assert point.provision.addressee and point.provision.addressee not in others, point.id


def test_参考_and_参照_are_not_taken_for_force_words():
    # 「社会组织参考同类人员给予职业津贴」 has no modal word; 参考 says how the allowance is set, not how firmly.
    assert not {"参考", "参照"} & {force.word for force in provision_rules().forces}
    allowance = provision_rules().provision("allowance-social-org")
    assert allowance.word == "" and allowance.addressee == "社会组织"


# ---- 「…」 is verbatim wherever the site presents it as the original -----------------------------------------


def test_every_quotation_in_a_解读_is_verbatim_in_its_clause():
    annotated = annotations_by_clause((DOCS / "policy" / "index.md").read_text(encoding="utf-8"))
    assert len(annotated) == 31
    problems = {label: _misquoted(body, (label,)) for label, body in annotated}
    assert not {label: found for label, found in problems.items() if found}


@pytest.mark.parametrize(
    "page",
    sorted(
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if p.relative_to(DOCS).as_posix() != "policy/index.md"
    ),
)
def test_every_quotation_on_the_other_pages_is_verbatim(page):
    assert not _misquoted((DOCS / page).read_text(encoding="utf-8"))


def test_every_quotation_in_the_rules_data_is_verbatim_in_its_clause():
    problems = []
    for provision in provision_rules().provisions:
        problems += _misquoted(provision.note or "", (provision.clause,))
    for provision in allowance_rules().provisions:
        problems += _misquoted(provision.note or "", (provision.clause,))
    for code in (t.code for t in ratio_rules().org_types):
        for point in checklist(code):
            problems += _misquoted(f"{point.question}\n{point.suggestion}", (point.clause,))
    assert not problems


def _all_results():
    calculators = {"ratio": check_ratio, "grade": check_grade, "allowance": check_allowance}
    for name, calculator in calculators.items():
        for case in read_cases((SCENARIOS / f"{name}.jsonl").read_text(encoding="utf-8")):
            result = calculator(**case["input"])
            if result.ok:
                yield case["name"], result
    for code in (t.code for t in ratio_rules().org_types):
        answers = {p.id: "否" for p in checklist(code) if p.kind != "ratio"}
        yield code, check_selfcheck(code, answers, total=10, social_work=6)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_every_quotation_in_a_calculator_result_is_verbatim_in_the_clauses_it_cites():
    problems = {}
    for name, result in _all_results():
        found = _misquoted("\n".join(_strings(as_json(result))), result.clauses)
        if found:
            problems[name] = found
    assert not problems


def test_the_quotation_check_finds_a_quotation_that_is_not_in_its_clause():
    # The guard itself: 四（一） says 各地应给予, never 社会组织应给予; 三（二）3 says 应不低于, never 不得少于.
    assert _misquoted("「社会组织应参考同类人员给予职业津贴」", ("四（一）",))
    assert _misquoted("「社会工作专业岗位数量不得少于岗位总数量的70%」", ("三（二）3",))
    assert not _misquoted("「社会组织参考同类人员给予职业津贴」", ("四（一）",))
    assert not _misquoted("「对取得……村（社区）专职工作人员，各地应给予职业津贴」", ("四（一）",))


# ---- Slips found in review, kept out --------------------------------------------------------------------

SLIPS = {
    "不得少于": "三（二）3 says 应不低于",
    "职称聘用": "四（四） says 专业技术职务聘用（任）",
    "各级人才工作部门": "no clause names such an addressee",
    "被要求": "三（三）: 各地要参照……支持引导 the units",
    "三种配备方式": "三（二）2's list ends in 等",
    "就属于辅系列": "三（二）1: the unit decides its main and auxiliary series",
    "预算要算足": "四（一）: 作为重要核算依据",
    "“同类人员”指持证": "the text does not define 同类人员",
    "同类人员指持证": "the text does not define 同类人员",
    "比照村（社区）": "the text does not define 同类人员",
    "社会组织应参考": "四（一）'s social-organisation sentence has no modal word",
    "由单位参照确定": "the amount is not said to be set by the unit",
    "应当（要求）": "the text never uses 应当",
    "一级至七级": "三（三） gives no grade for the senior post",
    "对应高级社会工作师岗位": "三（三） maps no grade to the senior post",
    "证书与岗位等级对照": "三（三） maps posts, not certificates",
    "由平台或社区自己招用": "三（二）2 names no one who hires",
    "要由各地各单位建立": "三（三）: 各地要……支持引导 the units",
    "所有执行本文件的单位和个人": "末段 names no addressee",
}
WRITTEN_BY_THE_SITE = [
    *DOCS.rglob("*.md"),
    *(ROOT / "policytext").glob("*.toml"),
    *(ROOT / "calculators").rglob("*.toml"),
    *(ROOT / "calculators").glob("*.py"),
    *(ROOT / "sitebuild").glob("*.py"),
    ROOT / "sitebuild" / "page_words.toml",  # the page scripts' words
    *(ROOT / "training").glob("*.*"),
    *(DOCS / "assets" / "javascripts").rglob("*.*"),
    ROOT / "mkdocs.yml",
]


@pytest.mark.parametrize("slip", SLIPS)
def test_a_slip_found_in_review_is_not_written_again(slip):
    found = [
        path.relative_to(ROOT).as_posix()
        for path in WRITTEN_BY_THE_SITE
        if path.is_file() and slip in path.read_text(encoding="utf-8")
    ]
    assert not found, f"{slip!r} ({SLIPS[slip]}) in {found}"
