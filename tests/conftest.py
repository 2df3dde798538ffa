"""Shared fixtures: one strict build of the site per test session, served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from sitebuild.chromium import CHROMIUM, CHROMIUM_ARGS
from sitebuild.serving import Server, SiteHandler, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Tests check behaviour, not timings (`make bench` measures speed). Hypothesis's default 200 ms deadline per example
# is a timing check: a garbage collection over the heap the whole suite builds up can exceed it at random.
settings.register_profile("behaviour", deadline=None)
settings.load_profile("behaviour")


@dataclass(frozen=True)
class BuiltSite:
    directory: Path
    log: str  # everything `mkdocs build --strict` printed


@pytest.fixture(scope="session")
def _local_server():
    """A server bound to a free port of 127.0.0.1 before the build, so the site is built for its own address
    (Material's instant navigation only follows links to the site_url it was built for)."""
    server = Server(("127.0.0.1", 0), SiteHandler)
    yield server
    server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, _local_server) -> BuiltSite:
    """The site, built once with --strict exactly as `make site` builds it, for the test server's address."""
    directory = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    site_address = _local_server.url
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(directory)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_address},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return BuiltSite(directory, log)


@pytest.fixture(scope="session")
def site_url(built_site, _local_server) -> str:
    """The built site served for the session; the URL ends with a slash."""
    # The files as built: the browser tests count and wait for them as the build wrote them.
    serve(_local_server, built_site.directory, as_deployed=False)
    _local_server.start()
    yield _local_server.url
    _local_server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's Chromium (Playwright cannot download one here)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's chromium and fonts-noto-cjk: "
            "run `make test` (it installs them as root) or `sudo apt-get install chromium fonts-noto-cjk`.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": list(CHROMIUM_ARGS)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Chinese-language context that may use the clipboard (for the 复制引用 test). The service worker is
    blocked: it would download the whole site in every test's fresh context; tests/test_offline.py allows it."""
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "permissions": ["clipboard-read", "clipboard-write"],
        "service_workers": "block",
    }


@pytest.fixture
def requests_seen(page):
    """Every URL the page requests during the test (checked by the tests that must stay local)."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


@pytest.fixture
def offline_context(browser):
    """A browser context whose service worker may install (the other browser tests block it), for the offline
    tests (test_offline.py, test_offline_control.py)."""
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    yield context
    context.close()
