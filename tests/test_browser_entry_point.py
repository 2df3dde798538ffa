"""calculators.browser.handle, the worker's one entry point: whatever JSON the page sends, a JSON answer and
never an exception (an exception would reach the reader as 计算时出现意外错误 instead of a message by the field)."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.browser import CALCULATORS, handle

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_a_calculator_sent_no_inputs_names_the_missing_fields_in_chinese(name):
    result = json.loads(handle(name, "{}"))
    assert result["ok"] is False and result["errors"]
    assert all(CHINESE.search(error["message"]) for error in result["errors"])


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.booleans(), max_size=3),
)
field_names = st.sampled_from(
    [
        "org_type",
        "total",
        "social_work",
        "professional_total",
        "structure",
        "qualification",
        "level",
        "grade",
        "employment",
        "certificate",
        "hardship_area",
        "hardship_years",
        "wants_postgraduate",
        "answers",
        "data_base64",
    ]
)


@settings(max_examples=300)
@given(name=st.sampled_from(sorted(CALCULATORS)), inputs=st.dictionaries(field_names, values, max_size=6))
def test_any_inputs_give_a_json_answer_and_never_an_exception(name, inputs):
    result = json.loads(handle(name, json.dumps(inputs)))
    assert result["ok"] in (True, False)
    if result["ok"] is False:
        assert all(CHINESE.search(error["message"]) for error in result["errors"])
