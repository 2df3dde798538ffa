"""MkDocs hook: publishes the question bank as training/questions.json after each build, for trainers to reuse."""

from __future__ import annotations

from pathlib import Path

from sitebuild.question_pages import write_questions_json


def on_post_build(config) -> None:
    write_questions_json(Path(config.site_dir))
