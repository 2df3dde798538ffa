"""The question bank in the site: a printable question set, a separate answer key (both Markdown, built into
pages), training/questions.json for trainers to reuse, and the root element of the pages quiz.js builds
(practice, exam, the notebook and the paper builder, with the parts of the document the builder offers)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from policytext import clause_by_label, fragments_by_label, load_clauses
from sitebuild.page_words import load_page_words
from training import load_questions, section_of

# What each section asks, as exam papers say it; the multiple-choice form is what training.bank.check_item enforces.
TYPE_INSTRUCTIONS = {
    "single": "每题的备选项中，只有一个正确答案。",
    "multiple": "每题五个备选项，有两个或两个以上正确答案，至少有一个错误选项。",
    "true_false": "判断下列说法是否正确。",
}
LETTERS = "ABCDEFGH"
QUESTIONS_JSON = Path("training") / "questions.json"
# A part's own numbering in its heading (一、 （二）) and the label before a title of the site's own (前言：).
SECTION_NUMBERING = re.compile(r"^(?:[一二三四五]、|（[一二三四五六七八九十]+）|[^：]+：)")
# The paper builder's title unless the address gives another.
PAPER_TITLE = "晋民发〔2022〕59号 学习测验"


def type_names() -> dict[str, str]:
    """The question types by name, in the order of a paper (single, multiple, true/false), worded once for these
    pages and quiz.js: sitebuild/page_words.toml, [quiz]."""
    return load_page_words()["quiz"]["type_names"]


def _sections():
    """Items grouped by type, in the order single, multiple, true/false, numbered 1… across the whole set."""
    number = 0
    for kind, title in type_names().items():
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


def answer_text(item) -> str:
    """The right answer as the printed set shows it: the letters of the options, or 正确 / 错误."""
    if item.type == "true_false":
        return item.options[item.answer[0]]
    return "".join(LETTERS[i] for i in item.answer)


def answer_key(policy_link: str) -> str:
    """One block per item: number, answer and clause on a line, the explanation below it at the full width
    (a table squeezed the explanation into a third of the page)."""
    lines = []
    for _, title, numbered in _sections():
        lines += [f"## {title}", ""]
        for number, item in numbered:
            clause = f"[{item.clause}]({policy_link}#{clause_by_label(item.clause).fragment})"
            explanation = item.explanation
            if item.source:
                explanation += f"（来源：{item.source}）"
            lines += [
                '<div class="jm-key-item" markdown>',
                "",
                f"**{number}\\.** 答案：**{answer_text(item)}**　条款：{clause}",
                "",
                explanation,
                "",
                "</div>",
                "",
            ]
    return "\n".join(lines)


def paper_sections() -> list[dict]:
    """The parts of the document the paper builder offers, in the document's order, each with the clauses it
    holds; only parts the bank has items on."""
    asked = {section_of(item.clause) for item in load_questions()}
    sections = []
    for clause in load_clauses():
        section = section_of(clause.label)
        if section not in asked:
            continue
        if clause.label == section:
            title = SECTION_NUMBERING.sub("", clause.navigation_title).rstrip("。")
            sections.append({"key": clause.fragment, "name": f"{clause.label} {title}", "clauses": []})
        sections[-1]["clauses"].append(clause.label)
    return sections


def write_questions_json(site_dir: Path) -> Path:
    """training/questions.json: a list of items (id, type, stem, options, answer as 0-based option indices,
    explanation, clause, and source where a fact comes from beyond the text)."""
    target = site_dir / QUESTIONS_JSON
    target.parent.mkdir(parents=True, exist_ok=True)
    items = [item.as_dict() for item in load_questions()]
    target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


PAGES = {"题目": lambda policy_link: question_set(), "答案": answer_key}


MODES = ("practice", "exam", "paper", "notebook")
FALLBACKS = {
    "paper": '正在载入题库……（组卷需要浏览器运行本页的脚本；也可以打印<a href="../questions/">全部题目</a>和'
    '<a href="../answers/">答案与解析</a>。）',
    "notebook": "正在载入错题本……（需要浏览器运行本页的脚本。）",
}


def quiz(mode: str, page_url_to_site_root: str) -> str:
    """The root element of the practice, exam, paper-builder or notebook page; quiz.js builds the page inside it
    from training/questions.json. Without JavaScript the printable set and the answer key remain."""
    if mode not in MODES:
        raise ValueError(f"unknown training mode {mode!r}; expected one of {MODES}")
    attrs = {
        "class": "jm-quiz",
        "data-jm-quiz": mode,
        "data-jm-state": "loading",
        "data-jm-questions-url": f"{page_url_to_site_root}training/questions.json",
        "data-jm-policy-url": f"{page_url_to_site_root}policy/",
        "data-jm-practice-url": f"{page_url_to_site_root}training/practice/",
        "data-jm-notebook-url": f"{page_url_to_site_root}training/notebook/",
        "data-jm-clause-fragments": json.dumps(fragments_by_label(), ensure_ascii=False),
    }
    if mode in ("paper", "exam"):
        attrs["data-jm-paper"] = json.dumps(
            {"title": PAPER_TITLE, "instructions": TYPE_INSTRUCTIONS, "sections": paper_sections()}, ensure_ascii=False
        )
    opening = "<div " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items()) + ">"
    fallback = FALLBACKS.get(
        mode,
        "正在载入题库……（需要浏览器运行本页的脚本；"
        '也可以使用<a href="../questions/">可打印的题目</a>和<a href="../answers/">答案与解析</a>。）',
    )
    return f'{opening}\n<p class="jm-quiz__status" data-jm-quiz-status>{fallback}</p>\n</div>\n'
