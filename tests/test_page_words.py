"""The page scripts hold no words: every Chinese word they show is in sitebuild/page_words.toml, which the build
writes into each page for the scripts on it (hooks/page_words.py), and each word a script asks for is there."""

import ast
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from site_html import parse

from sitebuild.page_words import BUILD_PARTS, PART_MARKERS, load_page_words, parts_on, words_block

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS_DIR = ROOT / "docs" / "assets" / "javascripts"
SCRIPTS = sorted(path for path in SCRIPTS_DIR.rglob("*") if path.suffix in {".js", ".mjs"})
# Chinese as the reader sees it: the ideographs, and CJK punctuation and full-width forms (、 ， ： （ ）【】 ……).
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Chinese allowed in a script outside its comments, as (file, the text) → why. None today: keep it short.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "clause-search.mjs",
        'const NUMERALS = "',
    ): "the numerals a clause label is typed in (四（一）); read, never shown",
    ("clause-search.mjs", "const QUOTES = "): "quotation marks taken out of the text and the query before matching",
    ("clause-search.mjs", "const SEPARATORS = "): "the punctuation a query and the text are split at before matching",
}
PAGE_WORDS = load_page_words()


def _code(source: str) -> str:
    """The script without its comments (each comment replaced by spaces, so line numbers stay): strings, template
    literals and regular expressions are kept whole, so a // inside one is not taken for a comment."""
    out = []
    i, previous = 0, ""
    while i < len(source):
        char, pair = source[i], source[i : i + 2]
        if pair == "//":
            end = source.find("\n", i)
            end = len(source) if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif pair == "/*":
            end = source.index("*/", i) + 2
            out.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif char in "\"'`" or (char == "/" and previous in "(,=:[!&|?{};+-*%<>~^"):
            # A string, a template literal or a regular expression, to its unescaped closing character. A
            # template's ${…} is kept with it: its code holds no comment in these scripts.
            end = i + 1
            in_class = False
            while end < len(source):
                if source[end] == "\\":
                    end += 2
                    continue
                if char == "/" and source[end] in "[]":
                    in_class = source[end] == "["
                elif source[end] == char and not in_class:
                    break
                end += 1
            out.append(source[i : end + 1])
            i = end + 1
            previous = char
        else:
            out.append(char)
            if not char.isspace():
                previous = char
            i += 1
    return "".join(out)


CODE = {path.relative_to(SCRIPTS_DIR).as_posix(): _code(path.read_text(encoding="utf-8")) for path in SCRIPTS}


def test_the_comment_stripper_keeps_strings_and_drops_comments():
    source = 'const a = "x // 不是注释"; // 注释\n/* 注释\n */ const b = /\\/"/; const c = `${a}「」`; // 注释'
    code = _code(source)
    assert CHINESE.findall(code) == list("不是注释「」")
    assert code.count("\n") == source.count("\n") and 'const b = /\\/"/;' in code


def test_no_script_shows_a_chinese_word_of_its_own():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, code in CODE.items()
        for number, line in enumerate(code.splitlines(), 1)
        for text in CHINESE.findall(line)[:1]
        if not any(name == allowed_name and allowed in line for allowed_name, allowed in ALLOWED)
    ]
    assert not found, "Chinese in a script; word it in sitebuild/page_words.toml:\n" + "\n".join(found)


# How a script asks for its words (dom.mjs; site.js has its own copy of the two functions):
#   const say = wording("quiz"); … say("counter", { position, total })    an entry filled in
#   words("quiz", "type_names")                                           an entry as it stands (a list, a table)
BINDING = re.compile(r"\bconst (\w+) = wording\(([^)]*)\)")
ENTRY = re.compile(r"(?<!function )\bwords\(([^,)]*),\s*([^,)]*)\)")
LITERAL = re.compile(r'^"(\w+)"$')


def _asked() -> tuple[set[tuple[str, str]], list[str]]:
    """Every (part, key) the scripts ask for, and every request that does not name its word literally."""
    asked, unnamed = set(), []
    for name, code in CODE.items():
        for binding in BINDING.finditer(code):
            part = LITERAL.match(binding[2].strip())
            if not part:
                unnamed.append(f"{name}: {binding[0]}")
                continue
            for call in re.finditer(rf"(?<![\w.]){binding[1]}\(([^,)]*)", code):
                key = LITERAL.match(call[1].strip())
                if key:
                    asked.add((part[1], key[1]))
                else:
                    unnamed.append(f"{name}: {call[0]}")
        for call in ENTRY.finditer(code):
            part, key = LITERAL.match(call[1].strip()), LITERAL.match(call[2].strip())
            if part and key:
                asked.add((part[1], key[1]))
            else:
                unnamed.append(f"{name}: {call[0]}")
    return asked, unnamed


ASKED, UNNAMED = _asked()


def test_the_scripts_name_each_word_they_ask_for():
    assert not UNNAMED  # a literal key, so that a typo is caught here rather than on the reader's screen


def test_every_word_a_script_asks_for_is_in_the_words_file():
    assert ASKED  # the scripts do ask
    missing = sorted(f"{part}.{key}" for part, key in ASKED if key not in PAGE_WORDS.get(part, {}))
    assert not missing


def test_every_entry_of_the_words_file_is_asked_for_by_a_script():
    unused = sorted(
        f"{part}.{key}"
        for part, entries in PAGE_WORDS.items()
        if part not in BUILD_PARTS
        for key in entries
        if (part, key) not in ASKED
    )
    assert not unused


def test_every_entry_of_the_forms_part_is_used_by_the_build():
    code = (ROOT / "sitebuild" / "calculator_forms.py").read_text(encoding="utf-8")
    assert not [key for key in PAGE_WORDS["forms"] if f'"{key}"' not in code]


def test_the_forms_module_writes_no_chinese_of_its_own():
    """Its docstrings may speak of 是/否/不适用; no string it writes into a page holds Chinese."""
    tree = ast.parse((ROOT / "sitebuild" / "calculator_forms.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = [
        f"{node.lineno}: {node.value[:30]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if CHINESE.search(node.value)
    ]
    assert not found


def test_the_words_file_has_the_parts_the_build_renders():
    assert set(PAGE_WORDS) == {"site", *PART_MARKERS, *BUILD_PARTS}


def test_each_start_up_step_of_the_worker_is_worded():
    protocol = (SCRIPTS_DIR / "protocol.mjs").read_text(encoding="utf-8")
    steps = re.search(r'@property \{("[^}]*)\} step', protocol)[1]
    assert set(PAGE_WORDS["calculators"]["progress"]) == set(re.findall(r'"(\w+)"', steps))


def test_a_page_carries_the_words_of_the_scripts_that_act_on_it():
    assert parts_on("<p>text</p>") == ["site"]
    assert parts_on('<div class="jm-calc" data-jm-calculator="ratio">') == ["site", "calculators"]
    assert parts_on('<div data-jm-quiz="exam">') == ["site", "quiz"]
    assert parts_on('<div class="jm-offline" data-jm-offline></div>') == ["site", "offline"]
    assert parts_on('<button type="button" class="jm-cite" hidden>') == ["site", "clauses"]
    block = words_block(["site"])
    assert json.loads(block) == {"site": PAGE_WORDS["site"]}
    assert "<" not in block  # it cannot end the <script> it is written in


@pytest.mark.parametrize(
    ("page", "parts"),
    [
        ("index.html", {"site"}),
        ("policy/index.html", {"site", "clauses", "calculators"}),  # with calculators folded beside their clauses
        ("about/index.html", {"site", "offline"}),
        ("training/index.html", {"site", "offline"}),
        ("glossary/index.html", {"site"}),
        ("tools/ratio/index.html", {"site", "calculators"}),
        ("training/exam/index.html", {"site", "quiz"}),
        ("404.html", {"site"}),
    ],
)
def test_the_built_page_holds_the_words_of_its_scripts_alone(built_site, page, parts):
    document = parse(built_site.directory / page)
    blocks = document.select("script[data-jm-words]")
    assert len(blocks) == 1 and blocks[0].parent.name == "head"  # Material's instant navigation swaps the head's
    assert blocks[0]["type"] == "application/json"
    assert set(json.loads(blocks[0].string)) == parts


def _words_in_head(page) -> set[str]:
    return set(
        page.evaluate("""() => {
      const blocks = document.querySelectorAll("script[data-jm-words]");
      if (blocks.length !== 1 || blocks[0].parentElement !== document.head) return ["not one block in the head"];
      return Object.keys(JSON.parse(blocks[0].textContent));
    }""")
    )


def _follow(page, address):
    """Follow a link as a reader would, so Material's instant navigation swaps the page."""
    page.evaluate(
        "(address) => { const link = document.createElement('a'); link.href = address;"
        " document.querySelector('.md-content').append(link); link.click(); }",
        address,
    )


@pytest.mark.browser
def test_instant_navigation_brings_each_page_s_words_and_the_scripts_find_them(page, site_url):
    page.goto(site_url)
    assert _words_in_head(page) == {"site"}
    page.evaluate("window.jmSameDocument = true")
    _follow(page, f"{site_url}tools/ratio/?ratio-org_type=sw-org&ratio-total=10&ratio-social_work=7")
    root = page.locator('[data-jm-calculator="ratio"]')
    expect(root.locator(".jm-calc__verdict")).to_contain_text("符合比例要求", timeout=90_000)
    expect(root.locator("[data-jm-result] .jm-calc__subhead").last).to_have_text("计算过程")
    assert _words_in_head(page) == {"site", "calculators"}
    _follow(page, f"{site_url}training/practice/")
    expect(page.locator(".jm-quiz__counter")).to_contain_text("第 1 题 / 共")
    assert _words_in_head(page) == {"site", "quiz"}
    assert page.evaluate("window.jmSameDocument === true"), "a page was reloaded instead of swapped"
