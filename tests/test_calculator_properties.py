"""Properties of the calculators over many generated inputs (hypothesis)."""

import dataclasses
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import (
    check_allowance,
    check_grade,
    check_ratio,
    check_ratio_batch,
    largest_total_supported,
    minimum_social_work_posts,
)
from calculators.rules import ratio_rules

TOTALS = st.integers(min_value=1, max_value=10**9)


@given(TOTALS, st.integers(min_value=0, max_value=1000))
def test_the_minimum_never_decreases_as_the_total_grows(total, more):
    assert minimum_social_work_posts(total) <= minimum_social_work_posts(total + more)


@given(TOTALS)
def test_the_minimum_is_the_smallest_count_at_or_above_seventy_percent(total):
    minimum = minimum_social_work_posts(total)
    threshold = ratio_rules().threshold
    assert Fraction(minimum, total) >= threshold
    assert minimum == 0 or Fraction(minimum - 1, total) < threshold


@given(TOTALS.flatmap(lambda total: st.tuples(st.just(total), st.integers(min_value=0, max_value=total))))
def test_compliant_exactly_when_social_work_posts_reach_the_minimum(total_and_social_work):
    total, social_work = total_and_social_work
    result = check_ratio("sw-org", total, social_work)
    assert result.ok
    assert result.compliant == (social_work >= minimum_social_work_posts(total))
    assert result.shortfall == max(0, minimum_social_work_posts(total) - social_work)


@given(st.integers(min_value=0, max_value=10**9))
def test_the_largest_supported_total_is_the_last_total_that_still_complies(social_work):
    largest = largest_total_supported(social_work)
    assert largest == 0 or minimum_social_work_posts(largest) <= social_work
    assert minimum_social_work_posts(largest + 1) > social_work


# Anything a form, a URL, the command line or a CSV cell can hand the public API. These tests ask for an answer,
# not for speed: no deadline, so a busy machine does not fail them.
ANY_INPUT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "sw-org",
            "事业单位",
            "assistant",
            "一级",
            "10",
            "１０",
            "-0",
            "1e9",
            "NaN",
            "inf",
            "0x10",
            "7.0",
            "是",
            "否",
            "3:3:4",
            "0:0:0",
            "1e999",
            "1_000",
            "二十三",
            "23个",
            "十点五",
            "负五",
            "十一级",
            "两年",
            "一万零",
            "九万九千九百九十九",
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300)
@given(ANY_INPUT, ANY_INPUT, ANY_INPUT, ANY_INPUT, ANY_INPUT)
def test_the_ratio_calculator_answers_any_input_without_an_exception(
    org_type, total, social_work, professional, structure
):
    result = check_ratio(org_type, total, social_work, professional, structure)
    assert result.ok or all(error.field and error.message for error in result.errors)


@settings(max_examples=300)
@given(ANY_INPUT, ANY_INPUT, ANY_INPUT)
def test_the_grade_calculator_answers_any_input_without_an_exception(qualification, level, grade):
    result = check_grade(qualification, level, grade)
    assert result.ok or all(error.field and error.message for error in result.errors)


@settings(max_examples=300)
@given(st.lists(ANY_INPUT, min_size=9, max_size=9))
def test_the_allowance_calculator_answers_any_input_without_an_exception(values):
    result = check_allowance(*values)
    assert result.ok or all(error.field and error.message for error in result.errors)


@settings(max_examples=200)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200),
        st.none(),
        st.integers(),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.text(max_size=200).map(lambda t: ("单位名称,单位类型,岗位总数,社会工作专业岗位数\n" + t).encode("gb18030")),
    )
)
def test_the_batch_answers_any_file_without_an_exception(data):
    result = check_ratio_batch(data)
    assert result.ok or result.errors


@given(
    st.sampled_from([t.code for t in ratio_rules().org_types]),
    TOTALS.flatmap(lambda total: st.tuples(st.just(total), st.integers(min_value=0, max_value=total))),
    st.sampled_from([(None, None), ("20", "1:3:6")]),
)
@settings(max_examples=300)
def test_the_batchs_brief_answer_is_the_full_answer_without_its_explanation(org_type, counts, tiers):
    # The batch check asks for answers without their explaining sentences (explain=False); every other field,
    # the verdict included, must be what the single calculator gives.
    total, social_work = counts
    professional_total, structure = tiers if org_type == "public-institution" and total >= 20 else (None, None)
    full = check_ratio(org_type, total, social_work, professional_total, structure)
    brief = check_ratio(org_type, total, social_work, professional_total, structure, explain=False)
    assert brief.steps == () and brief.next_steps == () and brief.max_total_text is None
    assert dataclasses.replace(full, steps=(), next_steps=(), max_total_text=None) == brief
