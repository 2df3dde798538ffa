"""Every data attribute of ours carries the prefix jm- (the README's promise), in the built pages and in what the
page scripts set; Material's own (data-md-…, data-search-exclude, data-clipboard-…) are its names, not ours."""

import re
from pathlib import Path

from site_html import html_pages, parse

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
MATERIALS = ("data-md-", "data-search-exclude", "data-clipboard")
# dataset.name in a script sets data-name; names that are not ours the scripts only read (Material's scheme).
DATASET = re.compile(r"\bdataset\.([A-Za-z]+)")
ATTRIBUTE_IN_SCRIPT = re.compile(r"(?<![\w-])data-[a-z][a-z0-9-]*")


def test_every_data_attribute_in_the_built_pages_is_ours_with_jm_or_materials(built_site):
    strays = set()
    for path in html_pages(built_site.directory):
        for tag in parse(path).find_all(True):
            strays |= {
                f"{path.relative_to(built_site.directory)}: {name}"
                for name in tag.attrs
                if name.startswith("data-") and not name.startswith(("data-jm-", *MATERIALS))
            }
    assert not strays, sorted(strays)[:20]


def test_the_page_scripts_name_data_attributes_with_jm():
    strays = []
    for script in sorted((*SCRIPTS.rglob("*.js"), *SCRIPTS.rglob("*.mjs"))):
        code = script.read_text(encoding="utf-8")
        strays += [
            f"{script.name}: dataset.{name}" for name in DATASET.findall(code) if not name.startswith(("jm", "md"))
        ]
        strays += [
            f"{script.name}: {name}"
            for name in ATTRIBUTE_IN_SCRIPT.findall(code)
            if not name.startswith(("data-jm-", *MATERIALS))
        ]
    assert not strays
