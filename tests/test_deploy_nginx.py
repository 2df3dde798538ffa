"""deploy/nginx.conf, run for real: the site built for a sub-path (/jmf/) and served by Debian's nginx with the
file as it is (only its port and paths swapped). MIME types, precompressed files (brotli and gzip), cache
lifetimes, the security headers, and the site itself working in Chromium from there: pages, instant navigation,
search, a calculator, the handbook."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import brotli
import pytest
from playwright.sync_api import expect
from search_box import open_search

from sitebuild.deploy import HEADERS_PATH, read_headers_conf, write_brotli_copies

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG = PROJECT_DIR / "deploy" / "nginx.conf"
SUB_PATH = "/jmf/"
NGINX_MODULES = Path("/usr/share/nginx/modules")
NGINX_MODULES_ENABLED = Path("/etc/nginx/modules-enabled")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """(base URL, site dir): the site built for http://127.0.0.1:<port>/jmf/ and served by nginx there."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail(
            "nginx not found: the deployment tests need Debian's nginx (`make test` installs it as root)", pytrace=False
        )
    if not (NGINX_MODULES / "ngx_http_brotli_static_module.so").exists():
        pytest.fail(
            "nginx's brotli_static module not found: deploy/nginx.conf needs Debian's "
            "libnginx-mod-http-brotli-static (`make test` installs it as root)",
            pytrace=False,
        )
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    site = work / "site"
    built = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    server = CONFIG.read_text(encoding="utf-8").replace("listen 8080;", f"listen 127.0.0.1:{port};")
    server = server.replace("/srv/jmf/site/", f"{site}/")
    (work / "server.conf").write_text(server, encoding="utf-8")
    temp = work / "temp"
    temp.mkdir()
    # Dynamic modules (brotli_static) load as Debian loads them: modules-enabled/*.conf, whose paths are relative
    # to nginx's prefix, here the test's folder.
    (work / "modules").symlink_to(NGINX_MODULES)
    (work / "main.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # the workers must read the test's private temp folder
        + f"include {NGINX_MODULES_ENABLED}/*.conf;\n"
        + f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
        f"  include {work}/server.conf;\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(work / "main.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.poll() is not None else ""
                pytest.fail(f"nginx did not start with deploy/nginx.conf:\n{output}", pytrace=False)
            time.sleep(0.1)
    yield base, site
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:  # an error response holds its connection open until closed
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_webassembly_and_modules_have_their_mime_types_and_travel_gzipped(nginx_site):
    base, _ = nginx_site
    status, headers, body = _get(base + "assets/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-type"] == "application/wasm"
    assert headers["content-encoding"] == "gzip" and len(body) < 5_000_000
    for module in ("assets/javascripts/calculator-worker.mjs", "assets/pyodide/pyodide.mjs"):
        status, headers, _ = _get(base + module)
        assert status == 200 and headers["content-type"].startswith("text/javascript"), module


def test_a_browser_that_accepts_brotli_gets_the_brotli_copy_and_others_the_gzipped_one(nginx_site):
    base, site = nginx_site
    for path in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.js", "policy/index.html"):
        original = (site / path).read_bytes()
        status, headers, body = _get(base + path, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert status == 200 and headers["content-encoding"] == "br", path
        assert "accept-encoding" in headers.get("vary", "").lower(), path
        assert brotli.decompress(body) == original, path
        status, headers, body = _get(base + path, **{"Accept-Encoding": "gzip, deflate"})
        assert status == 200 and headers["content-encoding"] == "gzip", path
        assert gzip.decompress(body) == original, path
    status, headers, body = _get(base + "policy/index.html", **{"Accept-Encoding": "identity"})
    assert status == 200 and "content-encoding" not in headers and body == (site / "policy/index.html").read_bytes()


def test_the_build_writes_a_brotli_copy_beside_every_gzipped_one_and_each_unpacks_to_its_file(nginx_site):
    _, site = nginx_site
    gzipped = [path for path in site.rglob("*.gz") if path.with_suffix("").is_file()]
    assert len(gzipped) > 50
    for copy in gzipped:
        original = copy.with_suffix("")
        compressed = original.with_name(original.name + ".br")
        assert compressed.is_file(), original
        assert brotli.decompress(compressed.read_bytes()) == original.read_bytes(), original
    wasm = site / "assets" / "pyodide" / "pyodide.asm.wasm"
    assert wasm.with_name(wasm.name + ".br").stat().st_size < wasm.with_name(wasm.name + ".gz").stat().st_size


def test_brotli_copies_of_large_files_are_kept_between_builds_and_follow_their_content(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    large = site / "large.js"
    large.write_text("const 岗位 = [];\n" * 10_000, encoding="utf-8")
    (site / "small.js").write_text("const a = 1;\n" * 200, encoding="utf-8")
    write_brotli_copies(site, cache)
    assert len(list(cache.iterdir())) == 1  # the large file's copy only
    kept = next(cache.iterdir())
    kept.write_bytes(brotli.compress(b"kept"))  # a later build reuses the kept copy instead of compressing anew
    write_brotli_copies(site, cache)
    assert brotli.decompress((site / "large.js.br").read_bytes()) == b"kept"
    large.write_text("const 津贴 = [];\n" * 10_000, encoding="utf-8")  # new content: compressed anew
    write_brotli_copies(site, cache)
    assert brotli.decompress((site / "large.js.br").read_bytes()) == large.read_bytes()
    assert brotli.decompress((site / "small.js.br").read_bytes()) == (site / "small.js").read_bytes()


def test_pages_are_revalidated_and_hashed_assets_are_cached_for_a_year(nginx_site):
    base, site = nginx_site
    _, page, _ = _get(base)
    assert page["cache-control"] == "no-cache"
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    status, asset, _ = _get(f"{base}assets/javascripts/{bundle.name}")
    assert status == 200 and asset["cache-control"] == "public, max-age=31536000, immutable"


def test_every_response_carries_the_security_headers_of_the_build(nginx_site):
    base, site = nginx_site
    expected = read_headers_conf(site / HEADERS_PATH)
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for path in (
        "",
        "policy/",
        "assets/javascripts/calculator-worker.mjs",
        f"assets/javascripts/{bundle.name}",
        "no-such-page/",
    ):
        _, headers, _ = _get(base + path)
        for name, value in expected.items():
            assert headers.get(name.lower()) == value, (path, name)


def test_the_servers_own_files_and_missing_pages_are_not_found(nginx_site):
    base, _ = nginx_site
    assert _get(base + "_deploy/security-headers.conf")[0] == 404
    status, _, body = _get(base + "no-such-page/")
    assert status == 404 and "404" in body.decode("utf-8")


@pytest.mark.browser
def test_the_site_works_from_the_sub_path_navigation_search_calculator_and_handbook(page, nginx_site):
    base, _ = nginx_site
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    expect(page.locator('[data-jm-calculator="ratio"] .jm-calc__verdict')).to_contain_text("符合", timeout=90_000)
    page.evaluate("window.jmSameDocument = true")
    page.locator('.md-nav__link[href$="/policy/"]').first.click()
    expect(page).to_have_url(f"{base}policy/")
    assert page.evaluate("window.jmSameDocument === true"), "instant navigation reloaded the page"
    expect(page.locator('[data-jm-clause="四（一）"]')).to_be_visible()
    open_search(page)
    page.keyboard.type("津贴")
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    handbook = page.locator(".jm-handbook-link").get_attribute("href")
    status, headers, body = _get(urllib.parse.urljoin(page.url, handbook))
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF")
    assert violations == []
