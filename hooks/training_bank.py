"""MkDocs hook: the exam training. Expands the training markers on a line of their own,

    [[培训 practice]]   practice mode         [[培训 exam]]      exam mode
    [[培训 paper]]      the paper builder     [[培训 notebook]]  the wrong-answer notebook

into the root element quiz.js builds the page in, and publishes the question bank as training/questions.json
after each build, for the pages and for trainers to reuse. It runs before hooks/policy_pages.py, which stops the
build on any marker left that it does not know.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitebuild.question_pages import MODES, quiz, write_questions_json

TRAINING_MARKER = re.compile(r"^\[\[培训 (?P<mode>.+?)\]\]$", re.MULTILINE)


@event_priority(10)  # before policy_pages.on_page_markdown (priority 0)
def on_page_markdown(markdown: str, page, config, files) -> str:
    site_root = "../" * page.file.url.count("/")

    def expand(match: re.Match) -> str:
        if match["mode"] not in MODES:
            raise PluginError(f"{page.file.src_uri}: unknown training mode in {match[0]!r}; expected one of {MODES}")
        return quiz(match["mode"], site_root)

    return TRAINING_MARKER.sub(expand, markdown)


def on_post_build(config) -> None:
    write_questions_json(Path(config.site_dir))
