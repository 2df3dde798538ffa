"""The question bank in the site: a printable question set, a separate answer key (both Markdown, built into
pages) and training/questions.json for trainers to reuse."""

from __future__ import annotations

import html
import json
from pathlib import Path

from policytext import clause_by_label, fragments_by_label
from training import load_questions

TYPE_NAMES = {"single": "单选题", "multiple": "多选题", "true_false": "判断题"}
# What each section asks, as exam papers say it; the multiple-choice form is what training.bank.check_item enforces.
TYPE_INSTRUCTIONS = {
    "single": "每题的备选项中，只有一个正确答案。",
    "multiple": "每题五个备选项，有两个或两个以上正确答案，至少有一个错误选项。",
    "true_false": "判断下列说法是否正确。",
}
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
        yield kind, title, numbered


def question_set() -> str:
    lines = []
    for kind, title, numbered in _sections():
        lines += [f"## {title}（{len(numbered)} 题）", "", TYPE_INSTRUCTIONS[kind], ""]
        for number, item in numbered:
            # Each item in a block of its own, so print keeps a question on one page with its options.
            lines += ['<div class="jm-question" markdown>', "", f"{number}\\. {item.stem}（　　）", ""]
            if item.type != "true_false":
                # One paragraph, one option per line (two trailing spaces make the line break).
                lines += ["  \n".join(f"{LETTERS[i]}\\. {option}" for i, option in enumerate(item.options)), ""]
            lines += ["</div>", ""]
    return "\n".join(lines)


def answer_key(policy_link: str) -> str:
    lines = []
    for _, title, numbered in _sections():
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


def quiz(mode: str, page_url_to_site_root: str) -> str:
    """The root element of the practice or exam page; quiz.js builds the questions inside it from
    training/questions.json. Without JavaScript the printable set and the answer key remain."""
    attrs = {
        "class": "jm-quiz",
        "data-quiz": mode,
        "data-state": "loading",
        "data-questions-url": f"{page_url_to_site_root}training/questions.json",
        "data-policy-url": f"{page_url_to_site_root}policy/",
        "data-clause-fragments": json.dumps(fragments_by_label(), ensure_ascii=False),
    }
    opening = "<div " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items()) + ">"
    fallback = ('<p class="jm-quiz__status" data-quiz-status>正在载入题库……（需要 JavaScript；'
                '也可以使用<a href="../questions/">可打印的题目</a>和<a href="../answers/">答案与解析</a>。）</p>')
    return f"{opening}\n{fallback}\n</div>\n"
