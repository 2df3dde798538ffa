"""MkDocs hook: after each build, writes search/clauses.json, the clause search's data (sitebuild/clause_search.py).
Registered before hooks/deploy.py, which compresses it and lists it in the service worker, so it works offline."""

from __future__ import annotations

from pathlib import Path

from sitebuild.clause_search import write_clause_search_data


def on_post_build(config) -> None:
    write_clause_search_data(Path(config.site_dir))
