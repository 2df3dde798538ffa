"""The question bank in the site: a printable question set, a separate answer key (both Markdown, built into
pages) and training/questions.json for trainers to reuse."""

from __future__ import annotations

import json
from pathlib import Path

from policytext import clause_by_label
from training import load_questions

TYPE_NAMES = {"single": "单选题", "multiple": "多选题", "true_false": "判断题"}
LETTERS = "ABCDEFGH"
QUESTIONS_JSON = Path("training") / "questions.json"


def _sections():
    """Items grouped by type, in the order single, multiple, true/false, numbered 1… across the whole set."""
    number = 0
    for kind, title in TYPE_NAMES.items():
        items = [item for item in load_questions() if item.type == kind]
        numbered = []
        for item in items:
            number += 1
            numbered.append((number, item))
        yield title, numbered


def question_set() -> str:
    lines = []
    for title, numbered in _sections():
        lines += [f"## {title}（{len(numbered)} 题）", ""]
        for number, item in numbered:
            lines += [f"{number}\\. {item.stem}（　　）", ""]
            if item.type != "true_false":
                # One paragraph, one option per line (two trailing spaces make the line break).
                lines += ["  \n".join(f"{LETTERS[i]}\\. {option}" for i, option in enumerate(item.options)), ""]
    return "\n".join(lines)


def answer_key(policy_link: str) -> str:
    lines = []
    for title, numbered in _sections():
        lines += [f"## {title}", "", "| 题号 | 答案 | 解析 | 条款 |", "| ---: | --- | --- | --- |"]
        for number, item in numbered:
            if item.type == "true_false":
                answer = item.options[item.answer[0]]
            else:
                answer = "".join(LETTERS[i] for i in item.answer)
            clause = f"[{item.clause}]({policy_link}#{clause_by_label(item.clause).fragment})"
            explanation = item.explanation.replace("|", "｜")
            if item.source:
                explanation += f"（来源：{item.source}）"
            lines.append(f"| {number} | {answer} | {explanation} | {clause} |")
        lines.append("")
    return "\n".join(lines)


def write_questions_json(site_dir: Path) -> Path:
    """training/questions.json: a list of items (id, type, stem, options, answer as 0-based option indices,
    explanation, clause, and source where a fact comes from beyond the text)."""
    target = site_dir / QUESTIONS_JSON
    target.parent.mkdir(parents=True, exist_ok=True)
    items = [item.as_dict() for item in load_questions()]
    target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


PAGES = {"题目": lambda policy_link: question_set(), "答案": answer_key}
