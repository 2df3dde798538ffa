"""MkDocs hook: Material's search index sees each policy page with its clause wrappers taken off.

Why: the search index starts a section at each heading but ends it where the element around the heading
closes. A clause heading sits inside its data-jm-clause wrapper (sitebuild/policy_markup.py), so the 解读 that
follows the wrapper would be indexed under the page instead of under the clause, and a search for 津贴 would
not lead to 四（一）.

How: just before the search plugin reads page.content (its on_page_context runs at the default priority 0),
page.content is swapped for the page without the wrappers, headings at top level; just after, the page gets
its own content back, so the HTML written to site/ keeps the wrappers and the contract they carry.
"""

from __future__ import annotations

from mkdocs.plugins import CombinedEvent, event_priority

from sitebuild.policy_markup import without_clause_wrappers

_pages_before_search: dict[str, str] = {}  # page source path → its content with the wrappers


@event_priority(100)
def _show_search_the_clauses_unwrapped(context, page, config, nav):
    if 'data-jm-clause="' in (page.content or ""):
        _pages_before_search[page.file.src_uri] = page.content
        page.content = without_clause_wrappers(page.content)
    return context


@event_priority(-100)
def _restore_the_clause_wrappers(context, page, config, nav):
    original = _pages_before_search.pop(page.file.src_uri, None)
    if original is not None:
        page.content = original
    return context


on_page_context = CombinedEvent(_show_search_the_clauses_unwrapped, _restore_the_clause_wrappers)
