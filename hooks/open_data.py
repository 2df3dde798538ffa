"""MkDocs hook: after each build, publish the policy as data under data/ (sitebuild/open_data.py: clauses.json,
rules.json, glossary.json and a JSON Schema for each) and list those files in the sitemap beside the pages."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from sitebuild.open_data import write_open_data

SITEMAP = "sitemap.xml"


def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    written = write_open_data(site_dir)
    data_files = [path for path in written if not path.name.endswith(".schema.json")]
    _list_in_sitemap(site_dir, [path.relative_to(site_dir).as_posix() for path in data_files], config.site_url or "")


def _list_in_sitemap(site_dir: Path, addresses: list[str], site_url: str) -> None:
    """Adds the addresses to the sitemap MkDocs wrote, once (hooks/deploy.py then writes its compressed copies
    anew)."""
    sitemap = site_dir / SITEMAP
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    entries = "".join(
        f"    <url>\n         <loc>{escape(site_url + address)}</loc>\n    </url>\n"
        for address in addresses
        if f"<loc>{escape(site_url + address)}</loc>" not in text
    )
    text = text.replace("</urlset>", entries + "</urlset>")
    sitemap.write_text(text, encoding="utf-8")
