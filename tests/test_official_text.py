"""The canonical text is the official text, and the clause table cuts it completely and without overlap."""

import hashlib
from pathlib import Path

import pytest

from policytext import load_clauses, official_text
from policytext.clauses import FRAGMENT_PATTERN

# The SHA-256 of the official text as issued. If this test fails, the canonical copy was changed: restore it.
OFFICIAL_SHA256 = "bb4d199392e65b26aed25a2786971dd6b1faa95bfd3f2984f9db8522abaf505d"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_5530db9cb7e62bf2.txt"


def test_the_canonical_copy_is_byte_for_byte_the_official_text():
    assert hashlib.sha256(official_text().encode("utf-8")).hexdigest() == OFFICIAL_SHA256


def test_the_canonical_copy_equals_the_shared_seed_where_the_seed_is_present():
    if not SHARED_SEED.exists():
        pytest.skip("shared/seeds is not beside this checkout; the SHA-256 test above still guards the text")
    assert SHARED_SEED.read_bytes() == official_text().encode("utf-8")


def test_the_clauses_joined_in_order_are_the_whole_text_whitespace_aside():
    joined = "".join("".join(c.text.split()) for c in load_clauses())
    assert joined == "".join(official_text().split())


def test_labels_and_fragments_are_unique_and_fragments_are_ascii():
    clauses = load_clauses()
    labels = [c.label for c in clauses]
    fragments = [c.fragment for c in clauses]
    assert len(set(labels)) == len(labels)
    assert len(set(fragments)) == len(fragments)
    assert all(FRAGMENT_PATTERN.match(f) and f.isascii() for f in fragments)


@pytest.mark.parametrize(
    ("label", "fragment", "starts_with"),
    [
        ("文号", "doc-number", "晋民发〔2022〕59号"),
        ("主送", "addressees", "各市市委组织部"),
        ("前言", "preamble", "为认真贯彻落实"),
        ("一", "s1", "一、总体要求"),
        ("二-1", "s2-1", "坚持党的领导、把准方向。"),
        ("二-4", "s2-4", "坚持保障基层、稳定一线。"),
        ("三（二）", "s3-2", "（二）分类推进岗位设置"),
        ("三（二）3", "s3-2-3", "3.社会组织岗位设置。"),
        ("三（三）", "s3-3", "（三）规范社会工作专业岗位聘用（任）"),
        ("四（一）", "s4-1", "（一）合理确定薪酬待遇。"),
        ("五（五）", "s5-5", "（五）加大宣传力度。"),
        ("末段", "closing", "本实施意见自印发之日起施行"),
        ("署名", "signatories", "山西省教育厅"),
    ],
)
def test_each_documented_label_names_the_part_of_the_text_it_says(label, fragment, starts_with):
    clause = next(c for c in load_clauses() if c.label == label)
    assert clause.fragment == fragment
    assert clause.text.startswith(starts_with)


def test_every_numbered_part_of_the_document_has_its_own_clause():
    labels = {c.label for c in load_clauses()}
    expected = {"一", "二", "三", "四", "五"}
    expected |= {f"二-{n}" for n in range(1, 5)}
    expected |= {f"三（{n}）" for n in "一二三四"} | {f"三（二）{n}" for n in range(1, 5)}
    expected |= {f"四（{n}）" for n in "一二三四"} | {f"五（{n}）" for n in "一二三四五"}
    assert expected <= labels


def test_run_in_headings_are_the_lead_sentence_and_the_body_continues_the_text():
    clause = next(c for c in load_clauses() if c.label == "四（一）")
    assert clause.heading == "（一）合理确定薪酬待遇。"
    assert clause.heading + "".join(clause.body) == clause.text
