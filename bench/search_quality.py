"""`make search-quality`: how well the site's search box finds the clause that answers a reader's query.

Every query of tests/search/queries.toml is typed into the search of the built site in Debian's Chromium (through
Material's ?q= address, which fills the box and searches); the first five results as the reader sees them (the
clause search's, then Material's: each page's best section, its further sections folded away not counted) are
read off the box and their addresses mapped to clause labels. With --material-only, Material's results alone,
as the site had them before the clause search. Prints, per query, the rank of the first answering clause (or "-"), then:
findability@5 (the share of queries with an answering clause in the first five) and, for verbatim phrases of the
text, the share found first. Issue 16's goal: at least 90 % and every verbatim phrase first.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import sync_playwright

from policytext import load_clauses
from sitebuild.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild.serving import serving

PROJECT_DIR = Path(__file__).resolve().parent.parent
QUERIES = PROJECT_DIR / "tests" / "search" / "queries.toml"
TOP = 5
# The first results as the reader sees them: the clause search's (clause-search.mjs), then Material's, each
# result's link in order, but not those folded away under "还有 N 个符合条件的结果" (a closed <details>).
VISIBLE_RESULTS = """(materialOnly) => [
  ...(materialOnly ? [] : document.querySelectorAll("[data-jm-clause-results] a.jm-clause-result")),
  ...[...document.querySelectorAll(".md-search-result__list a.md-search-result__link")]
    .filter((link) => !link.closest("details:not([open])")),
].map((link) => link.href)"""


def load_queries() -> list[dict]:
    return tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]


def label_of(address: str, policy_path: str, labels_by_fragment: dict[str, str]) -> str | None:
    parts = urlsplit(address)
    if not parts.path.endswith(policy_path):
        return None
    return labels_by_fragment.get(parts.fragment)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="a site already built, instead of building one")
    parser.add_argument("--material-only", action="store_true", help="count Material's results alone")
    options = parser.parse_args()
    labels_by_fragment = {clause.fragment: clause.label for clause in load_clauses()}
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        if options.site_dir:
            shutil.copytree(options.site_dir, site)
        else:
            subprocess.run(
                [
                    str(PROJECT_DIR / ".venv" / "bin" / "mkdocs"),
                    "build",
                    "--strict",
                    "--quiet",
                    "--site-dir",
                    str(site),
                ],
                check=True,
                cwd=PROJECT_DIR,
                env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
            )
        with serving(site, as_deployed=False) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
            page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844}, service_workers="block")
            found = phrases = phrases_first = 0
            queries = load_queries()
            for query in queries:
                page.goto(f"{server.url}?q={quote(query['text'])}")
                page.wait_for_function(
                    "() => document.querySelector('.md-search-result__meta')?.textContent.trim()"
                    " && !/正在初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
                    timeout=30_000,
                )
                page.wait_for_timeout(300)  # results are written after the count, the clause search's beside them
                hrefs = page.evaluate(VISIBLE_RESULTS, options.material_only)
                labels = [label_of(href, "/policy/", labels_by_fragment) for href in hrefs]
                ranks = [rank for rank, label in enumerate(labels[:TOP], 1) if label in query["clauses"]]
                rank = ranks[0] if ranks else None
                found += rank is not None
                if query["kind"] == "phrase":
                    phrases += 1
                    phrases_first += rank == 1
                shown = " ".join(label or "·" for label in labels[:TOP])
                print(f"{rank or '-':>2}  {query['kind']:<10} {query['text']:<24} → {shown}")
            browser.close()
    print(f"findability@{TOP}: {found}/{len(queries)} = {found / len(queries):.0%} (goal ≥ 90%)")
    print(f"verbatim phrases first: {phrases_first}/{phrases} (goal: all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
