"""The requests a page made to any host but the site's own: the tests that record a page's requests fail on any.
data: and blob: addresses are made in the page itself and go nowhere."""

from __future__ import annotations

from urllib.parse import urlsplit


def off_site(urls: list[str], site_url: str) -> list[str]:
    local = urlsplit(site_url).netloc
    return [url for url in urls if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != local]
