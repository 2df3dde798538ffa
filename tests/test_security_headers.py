"""The site served with the headers deploy/nginx.conf sends (the include the build writes): a strict
Content-Security-Policy blocks nothing the site does, the calculators included."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from search_box import open_search

from sitebuild.deploy import HEADERS_PATH, read_headers_conf
from sitebuild.serving import serving

pytestmark = pytest.mark.browser

PAGES = ["", "policy/", "glossary/", "rules/", "training/practice/", "tools/batch/", "tools/selfcheck/"]
VIOLATIONS_JS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


@pytest.fixture(scope="module")
def strict_site_url(built_site):
    # The files as built, with only the security headers of the deployment: the test is about what they block.
    with serving(built_site.directory, as_deployed=False, security_headers=True) as server:
        yield server.url


def test_the_headers_include_a_strict_policy_and_the_other_security_headers(built_site):
    headers = read_headers_conf(built_site.directory / HEADERS_PATH)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert "http" not in policy  # no other host
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def _watch(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(VIOLATIONS_JS)
    return errors


@pytest.mark.parametrize("path", PAGES)
def test_a_page_under_the_policy_runs_with_nothing_blocked(page, strict_site_url, path):
    errors = _watch(page)
    page.goto(strict_site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_the_calculator_starts_and_answers_under_the_policy(page, strict_site_url):
    errors = _watch(page)
    page.goto(f"{strict_site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root.locator(".jm-calc__verdict")).to_contain_text("符合", timeout=90_000)
    assert page.evaluate("window.__violations") == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_search_works_under_the_policy(page, strict_site_url):
    errors = _watch(page)
    page.goto(f"{strict_site_url}policy/")
    open_search(page)
    page.keyboard.type("津贴")
    page.keyboard.press("End")  # Chinese typed by Playwright sends no keyup; a real input method does
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__violations") == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []


def test_the_policy_is_really_enforced_an_inline_script_the_build_did_not_hash_is_blocked(page, strict_site_url):
    _watch(page)
    page.goto(strict_site_url)
    ran = page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.head.append(script);
      return window.__injected === true;
    }""")
    assert ran is False
    page.wait_for_function("window.__violations.length > 0")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
