"""本站对各条的全部表述: everything the site says about each clause, gathered under that clause's label, so a
reviewer can read one clause of the official text against every word the site says about it — the 解读, the
provisions with their force word and addressee, glossary entries, the rules the tools apply, the sentences the
tools answer with, the questions, and the lines of other pages that cite it.

`make review` writes it to build/review/clauses.md and prints a count per clause.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from calculators import check_allowance, check_grade, check_ratio, check_selfcheck, checklist
from calculators.rules import allowance_rules, grade_rules, provision_rules, ratio_rules
from policytext import load_clauses, load_glossary
from policytext.quotations import labels_named
from sitebuild.rule_tables import expand_force_markers
from training.bank import load_questions

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
POLICY_PAGE = DOCS / "policy" / "index.md"
REPORT_PATH = ROOT / "build" / "review" / "clauses.md"


@dataclass
class ClauseReview:
    label: str
    text: str
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, section: str, entry: str) -> None:
        entries = self.sections.setdefault(section, [])
        if entry not in entries:  # a tool sentence said in many results is listed once
            entries.append(entry)


def collect() -> dict[str, ClauseReview]:
    reviews = {c.label: ClauseReview(c.label, c.text) for c in load_clauses()}
    _annotations(reviews)
    for provision in provision_rules().provisions:
        note = f" {provision.note}" if provision.note else ""
        reviews[provision.clause].add(
            "规则数据：规定、用语与对象",
            f"`{provision.id}` 「{provision.text}」——"
            f"用语：{provision.force.label}；对象：{provision.addressee_label}。{note}",
        )
    for term in load_glossary():
        for label in term.clauses:
            reviews[label].add("术语表", f"**{term.term}**：{term.short}\n\n{_indented(term.explanation)}")
    _tool_rules(reviews)
    _tool_answers(reviews)
    for item in load_questions():
        answers = "、".join(item.options[i] for i in item.answer)
        reviews[item.clause].add(
            "题库", f"`{item.id}` {item.stem}（{'／'.join(item.options)}）答案：{answers}。{item.explanation}"
        )
    _other_pages(reviews)
    return reviews


def annotations_by_clause(page: str) -> list[tuple[str, str]]:
    """The policy page's Markdown cut at its [[条款 …]] markers: each clause's label with the 解读 and 原文如此
    notes that follow it."""
    parts = re.split(r"^\[\[条款 (.+?)\]\]$", page, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _annotations(reviews: dict[str, ClauseReview]) -> None:
    """The policy page's 解读 and 原文如此 notes, with each clause's 用语 list expanded as the site shows it."""
    page = expand_force_markers(POLICY_PAGE.read_text(encoding="utf-8"))
    for label, body in annotations_by_clause(page):
        notes = body.split("[[")[0].strip()  # a calculator marker may follow the notes
        reviews[label].add("解读（原文与解读页）", notes)


def _tool_rules(reviews: dict[str, ClauseReview]) -> None:
    for kind in ratio_rules().org_types:
        for label in kind.clauses:
            reviews[label].add(
                "工具规则：单位类型", f"**{kind.name}**（{'适用' if kind.applies else '不适用'}比例）：{kind.asks}"
            )
    for provision in allowance_rules().provisions:
        reviews[provision.clause].add(
            "工具规则：津贴与激励资格自查",
            f"`{provision.id}` 列出条件：{provision.when or '所有人'}。{provision.note or ''}",
        )
    users: dict[str, list[str]] = {}  # point id → the org types asked it
    points = {}
    for code in (kind.code for kind in ratio_rules().org_types):
        for point in checklist(code):
            points[point.id] = point
            users.setdefault(point.id, []).append(code)
    for point in points.values():
        reviews[point.clause].add(
            "工具规则：单位自查",
            f"`{point.id}`（{'、'.join(users[point.id])}）{point.question} "
            f"用语与对象：{point.force_label}。未做到时的建议：{point.suggestion}",
        )
    grades = grade_rules()
    for post in grades.qualifications:
        for label in post.clauses:
            for sentence in (grades.reading_note, grades.appointment_note, post.unspecified):
                if sentence:
                    reviews[label].add("工具规则：岗位等级对照", sentence)


def representative_results():
    """Each calculator over a fixed spread of inputs: every org type at, below and without the threshold, every
    grade and post, every employment and certificate with and without each condition, every self-check type."""
    for code in [kind.code for kind in ratio_rules().org_types]:
        for total, social_work in ((10, 7), (10, 6), (None, None)):
            yield check_ratio(code, total, social_work)
        answers = {p.id: "否" for p in checklist(code) if p.kind != "ratio"}
        yield check_selfcheck(code, answers, total=10, social_work=6)
        yield check_selfcheck(code, {p.id: "是" for p in checklist(code) if p.kind != "ratio"}, total=10, social_work=7)
    grades = grade_rules()
    for grade in range(grades.lowest, grades.highest + 1):
        yield check_grade(grade=grade)
    for post in grades.qualifications:
        yield check_grade(post.code)
        for level, _ in post.levels:
            yield check_grade(post.code, level)
    rules = allowance_rules()
    for employment in rules.employment:
        for certificate in rules.certificate:
            yield check_allowance(employment, certificate)
            yield check_allowance(
                employment,
                certificate,
                hardship_area=True,
                hardship_years=1,
                wants_postgraduate=True,
                applying_public_post=True,
                local_monthly_assistant="100",
                local_monthly_social_worker="200",
                local_monthly_senior="300",
            )


def _tool_answers(reviews: dict[str, ClauseReview]) -> None:
    for result in representative_results():
        if not result.ok:
            continue
        sentences = [result.verdict, *result.steps]
        for label in result.clauses:
            for sentence in sentences:
                reviews[label].add("工具答复（各工具对这些输入说的话）", sentence)


def _other_pages(reviews: dict[str, ClauseReview]) -> None:
    for path in sorted(DOCS.rglob("*.md")):
        if path == POLICY_PAGE:
            continue
        page = path.relative_to(DOCS).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            for label in labels_named(line):
                reviews[label].add("其他页面", f"`{page}`：{line.strip()}")


def _indented(text: str, indent: str = "    ") -> str:
    return "\n".join(indent + line if line else line for line in text.splitlines())


def render(reviews: dict[str, ClauseReview]) -> str:
    lines = [
        "# 本站对各条的全部表述",
        "",
        "按条款汇集本站对每一条说过的全部话：原文、解读、规则数据（用语与对象）、术语表、各工具的规则和答复、题库、"
        "其他页面中引用该条的句子。供审读时逐条对照原文；由 `make review` 生成，不发布到网站。",
        "",
    ]
    for review in reviews.values():
        lines += [f"## {review.label}", "", "**原文**", "", _indented(review.text, "> "), ""]
        for section, entries in review.sections.items():
            lines += [f"### {section}", ""]
            lines += [f"- {entry}" if "\n" not in entry else f"- {_indented(entry).lstrip()}" for entry in entries]
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    reviews = collect()
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(render(reviews), encoding="utf-8")
    for review in reviews.values():
        counts = "，".join(f"{name} {len(entries)}" for name, entries in review.sections.items())
        print(f"{review.label}：{counts or '（本站没有另外的表述）'}")
    print(f"Written: {REPORT_PATH.relative_to(ROOT)} ({REPORT_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
