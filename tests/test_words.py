"""words.toml: the site's own words in the calculators' answers, each worded once and each used. (The page
scripts' words, sitebuild/page_words.toml, are checked against the scripts in tests/test_page_words.py; their
placeholders here.)"""

import ast
import re
import string
from pathlib import Path

import pytest

from calculators import check_allowance
from calculators.allowance import CONDITION_FLAGS
from calculators.rules import allowance_rules
from calculators.words import allowance_conditions, vocabulary
from sitebuild.calculator_forms import FORMS
from sitebuild.page_words import load_page_words
from sitebuild.rule_tables import provisions_table

ROOT = Path(__file__).resolve().parent.parent
# The modules that word the calculators' answers, 规则一览 and the generated questions; their Chinese sentences
# belong in words.toml.
WORDING_MODULES = [
    *(
        ROOT / "calculators" / f"{name}.py"
        for name in (
            "inputs",
            "ratio",
            "grade",
            "allowance",
            "selfcheck",
            "batch",
            "workbook",
            "browser",
            "cli",
            "display",
            "record",
        )
    ),
    ROOT / "sitebuild" / "rule_tables.py",
    ROOT / "training" / "generated.py",
]
CODE = "\n".join(path.read_text(encoding="utf-8") for path in {*(ROOT / "calculators").glob("*.py"), *WORDING_MODULES})
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sentences(table, path=()):
    """Every (path, text) of the vocabulary that is a sentence or label, nested tables included."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _sentences(value, (*path, key))
        elif isinstance(value, str):
            yield (*path, key), value


SENTENCES = list(_sentences(vocabulary()))
PAGE_SENTENCES = list(_sentences(load_page_words(), ("page_words",)))


@pytest.mark.parametrize(
    ("path", "text"), SENTENCES + PAGE_SENTENCES, ids=lambda value: ".".join(value) if isinstance(value, tuple) else ""
)
def test_every_placeholder_is_a_plain_name(path, text):
    fields = [field for _, field, spec, conversion in string.Formatter().parse(text) if field is not None]
    assert all(field.isidentifier() for field in fields), fields


def test_every_entry_of_a_calculator_section_is_used_in_the_code():
    unused = [
        ".".join(path)
        for path, _ in SENTENCES
        if path[0] != "allowance" or path[1] != "conditions"
        if f'"{path[-1]}"' not in CODE
    ]
    assert not unused


def test_no_calculator_writes_a_chinese_sentence_in_an_f_string():
    found = []
    for path in WORDING_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.Constant) and CJK.search(part.value) for part in node.values
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert not found


def test_each_yes_no_condition_of_the_allowance_rules_is_worded_once():
    flags_in_rules = {
        key
        for provision in allowance_rules().provisions
        for key, value in provision.when.items()
        if isinstance(value, bool) and key != "certified"
    }
    assert flags_in_rules <= set(CONDITION_FLAGS) == set(allowance_conditions())
    for flag, words in allowance_conditions().items():
        assert set(words) == {"field", "box", "condition"}, flag
        for text in words.values():
            # Worded in words.toml alone: no Python module of the calculators or the rule tables repeats it.
            assert f'"{text}"' not in CODE, (flag, text)


def test_the_rule_table_the_form_and_the_errors_use_the_one_wording():
    table = provisions_table("../policy/")
    form_labels = {field.name: field.label for field in FORMS["allowance"].fields}
    for flag, words in allowance_conditions().items():
        assert words["condition"] in table
        assert form_labels[flag] == words["box"]
        answer = check_allowance("social-org", "none", **{flag: "也许"})
        assert [error.message for error in answer.errors if error.field == flag][0].startswith(words["field"])


def test_the_years_step_names_the_form_s_box():
    answer = check_allowance("village-community", "assistant", hardship_years=3)
    box = allowance_conditions()["wants_postgraduate"]["box"]
    assert any(f"“{box}”" in step for step in answer.steps)
