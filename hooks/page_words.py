"""MkDocs hook: the page scripts' words (sitebuild/page_words.toml) go into each page, as
<script type="application/json" data-jm-words> in its <head> (overrides/main.html), where the scripts read them
(dom.mjs's wording(); site.js has its own few lines). The head, because Material's instant navigation swaps the
head's elements that differ from the next page's, while it copies a <script> of the page body without its
attributes and runs the copy as code.

[site] is on every page, the other parts only on the pages that hold the elements their words serve (a calculator,
a quiz, the 离线使用 control, the buttons beside the clauses: sitebuild/page_words.py). The file is read at every
build, and a file that does not parse stops it.
"""

from __future__ import annotations

import tomllib

from mkdocs.exceptions import PluginError

from sitebuild.page_words import PAGE_WORDS_FILE, load_page_words, parts_on, words_block

_words: dict = {}


def on_config(config):
    try:
        words = load_page_words()
    except (OSError, tomllib.TOMLDecodeError) as problem:
        raise PluginError(f"{PAGE_WORDS_FILE}: {problem}") from None
    _words.clear()  # `make serve` rebuilds in the same process: a word removed from the file is gone
    _words.update(words)
    # For the pages MkDocs renders from a template alone, without a Markdown page (the 404 page).
    config.extra["page_words"] = words_block(["site"], _words)
    return config


def on_page_content(html: str, page, config, files) -> str:
    page.meta["page_words"] = words_block(parts_on(html), _words)  # read by overrides/main.html
    return html
