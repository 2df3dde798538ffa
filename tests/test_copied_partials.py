"""The one Material partial the site copies, overrides/partials/search.html, is Material's own with one known
change: so an upgrade of Material that changes the partial is noticed, not silently masked by the old copy."""

from __future__ import annotations

import re
from pathlib import Path

import material

PROJECT_DIR = Path(__file__).resolve().parent.parent
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"

# Material's build stamps each template with this comment; the copy carries its own comment instead.
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)
# The one change: the search dialog gets an accessible name, which axe requires of role="dialog".
OUR_CHANGE = ('role="dialog" aria-label="{{ lang.t(\'search\') }}">', 'role="dialog">')


def _without_leading_comment(template: str) -> str:
    return LEADING_COMMENT.sub("", template, count=1)


def test_the_copied_search_partial_is_materials_own_but_for_the_dialogs_aria_label():
    ours = (PROJECT_DIR / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    materials = (MATERIAL_TEMPLATES / "partials" / "search.html").read_text(encoding="utf-8")
    assert ours.count(OUR_CHANGE[0]) == 1, "the aria-label the copy exists for is gone"
    undone = _without_leading_comment(ours).replace(*OUR_CHANGE)
    assert undone == _without_leading_comment(materials), (
        "Material's partials/search.html has changed: copy it again into overrides/partials/search.html "
        "and give the search dialog its aria-label again (or drop the copy if Material now names the dialog)"
    )
