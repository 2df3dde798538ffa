"""三（二）3: what a unit below 70 % can do — re-designate existing posts or add new ones — and how shares and
counts are written: percentages as Excel rounds them but never across the threshold, counts as decimals."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import check_ratio
from calculators.ratio import fewest_new_posts, number_text, percent_text
from calculators.rules import ratio_rules

THRESHOLD = ratio_rules().threshold
TOTALS = st.integers(min_value=1, max_value=10**9)
TOTAL_AND_SOCIAL_WORK = TOTALS.flatmap(
    lambda total: st.tuples(st.just(total), st.integers(min_value=0, max_value=total))
)
ROUNDING_SENTENCE = "百分比四舍五入保留两位小数；低于 70% 的比例不会显示为 70%。"


# ---- The two routes ------------------------------------------------------------------------------------------


def test_fifteen_of_twenty_three_needs_two_re_designated_or_four_new_posts():
    result = check_ratio("sw-org", 23, 15)
    assert (result.shortfall, result.add_new, result.max_total_supported) == (2, 4, 21)
    # Two new posts would give 17/25 = 68 %: adding posts grows the total too.
    assert Fraction(17, 25) < THRESHOLD <= Fraction(19, 27)
    assert result.verdict == (
        "不符合：社会工作专业岗位占 65.22%，低于 70%。"
        "需把 2 个现有岗位改设为社会工作专业岗位，或新增 4 个社会工作专业岗位。"
    )
    assert result.next_steps[:2] == (
        "把现有岗位中的 2 个改设为社会工作专业岗位（岗位总数仍为 23 个）：17 ÷ 23 = 73.91%。",
        "或者新增 4 个社会工作专业岗位（岗位总数增至 27 个）：19 ÷ 27 = 70.37%。",
    )
    assert "新增 3 个时 18 ÷ 26 = 69.23%，仍低于 70%" in "".join(result.steps)
    assert "23 个岗位 × 70% = 16.1；" in "".join(result.steps)


@given(TOTAL_AND_SOCIAL_WORK)
def test_add_new_is_the_fewest_new_posts_that_reach_the_threshold(total_and_social_work):
    total, social_work = total_and_social_work
    added = check_ratio("sw-org", total, social_work).add_new
    assert added == fewest_new_posts(social_work, total)
    assert Fraction(social_work + added, total + added) >= THRESHOLD
    assert added == 0 or Fraction(social_work + added - 1, total + added - 1) < THRESHOLD


@given(TOTAL_AND_SOCIAL_WORK)
def test_shortfall_is_the_fewest_existing_posts_to_re_designate(total_and_social_work):
    total, social_work = total_and_social_work
    result = check_ratio("sw-org", total, social_work)
    shortfall = result.shortfall
    assert social_work + shortfall <= total  # there are always enough other posts to re-designate
    assert Fraction(social_work + shortfall, total) >= THRESHOLD
    assert shortfall == 0 or Fraction(social_work + shortfall - 1, total) < THRESHOLD
    # New posts grow the total, so never fewer are needed than existing posts re-designated.
    assert result.add_new >= shortfall and (result.add_new == 0) == result.compliant


@given(TOTAL_AND_SOCIAL_WORK)
def test_the_verdict_and_next_steps_match_the_numbers(total_and_social_work):
    total, social_work = total_and_social_work
    result = check_ratio("sw-org", total, social_work)
    assert "至少还需" not in result.verdict
    assert f"最多 {result.max_total_supported} 个" in result.max_total_text or result.max_total_supported == 0
    assert result.max_total_text in result.steps
    if result.compliant:
        assert len(result.next_steps) == 1 and result.next_steps[0].startswith(f"保持现有 {social_work} 个")
    else:
        assert (
            f"需把 {result.shortfall} 个现有岗位" in result.verdict and f"或新增 {result.add_new} 个" in result.verdict
        )
        assert f"岗位总数增至 {total + result.add_new} 个" in result.next_steps[1]
        # Combining the two is offered only where there is something to split.
        assert (len(result.next_steps) == 3) == (result.shortfall > 1)


@pytest.mark.parametrize(
    ("total", "social_work", "headroom"),
    [
        (20, 15, "岗位总数不超过 21 个时仍符合要求（还能增加 1 个其他岗位）"),
        (10, 7, "岗位总数 10 个已是上限"),
        (100, 100, "岗位总数不超过 142 个时仍符合要求（还能增加 42 个其他岗位）"),
    ],
)
def test_a_compliant_unit_is_told_the_room_it_has(total, social_work, headroom):
    assert headroom in check_ratio("sw-org", total, social_work).next_steps[0]


def test_no_social_work_post_supports_no_total():
    result = check_ratio("sw-org", 5, 0)
    assert result.max_total_supported == 0 and "岗位总数无论多少" in result.max_total_text
    assert (result.shortfall, result.add_new) == (4, 12)  # 12/17 = 70.59 %, 11/16 = 68.75 %


def test_a_type_without_the_ratio_gets_no_routes():
    result = check_ratio("charity", 10, 1)
    assert (result.add_new, result.next_steps, result.max_total_text) == (None, (), None)


# ---- Percentages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (Fraction(69, 100), "69%"),
        (Fraction(70, 100), "70%"),
        (Fraction(71, 100), "71%"),
        (Fraction(7, 10), "70%"),
        # Just below 70 %: rounding would say 70 %, so the value is cut instead.
        (Fraction(69995, 100000), "69.99%"),
        (Fraction(69996, 100000), "69.99%"),
        (Fraction(699949, 1000000), "69.99%"),
        (Fraction(699999999, 10**9), "69.99%"),
        (Fraction(7 * 10**17 - 1, 10**18), "69.99%"),
        # At or above 70 %, and anywhere else, it rounds half-up as Excel's ROUND does (not to even).
        (Fraction(70004, 100000), "70%"),
        (Fraction(70005, 100000), "70.01%"),
        (Fraction(700000001, 10**9), "70%"),
        (Fraction(2, 3), "66.67%"),
        (Fraction(1, 3), "33.33%"),
        (Fraction(12345, 100000), "12.35%"),
        (Fraction(125, 100000), "0.13%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(15, 23), "65.22%"),
        (Fraction(17, 23), "73.91%"),
        (Fraction(7, 11), "63.64%"),
        (Fraction(0), "0%"),
        (Fraction(1), "100%"),
    ],
)
def test_percentages_round_half_up_but_never_reach_a_threshold_they_miss(share, shown):
    assert percent_text(share) == shown


def _shown_value(text: str) -> Fraction:
    return Fraction(text.removesuffix("%")) / 100


@given(TOTAL_AND_SOCIAL_WORK)
def test_a_shown_percentage_is_on_the_same_side_of_the_threshold_and_within_a_hundredth(total_and_social_work):
    total, social_work = total_and_social_work
    exact = Fraction(social_work, total)
    shown = _shown_value(percent_text(exact))
    assert (shown >= THRESHOLD) == (exact >= THRESHOLD)
    assert abs(shown - exact) < Fraction(1, 10000)


@given(st.integers(min_value=1, max_value=9999), st.fractions(min_value=0, max_value=1))
def test_the_guard_holds_for_any_threshold_in_hundredths_of_a_percent(threshold_hundredths, share):
    threshold = Fraction(threshold_hundredths, 10000)
    shown = _shown_value(percent_text(share, threshold))
    assert (shown >= threshold) == (share >= threshold)


def test_the_rounding_is_said_once_in_the_steps():
    steps = check_ratio("sw-org", 10**9, 699999999).steps
    assert steps.count(ROUNDING_SENTENCE) == 1 and "69.99%" in steps[1]


# ---- Counts that are not whole, read as decimals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(161, 10), "16.1"),
        (Fraction(7), "7"),
        (Fraction(7, 10), "0.7"),
        (Fraction(1, 8), "0.125"),
        (Fraction(10, 3), "约 3.33"),
        (Fraction(2, 3), "约 0.67"),
        (Fraction(1, 6), "约 0.17"),
        (Fraction(31, 10**5), "约 0"),
        (Fraction(7 * 10**9, 10), "700000000"),
    ],
)
def test_counts_read_as_decimals_and_repeating_ones_as_about(value, text):
    assert number_text(value) == text


def test_a_public_institutions_tier_posts_read_as_decimals():
    result = check_ratio("public-institution", professional_total=10, structure="1:1:1")
    assert [t.posts_text for t in result.tier_posts] == ["约 3.33"] * 3
    assert "高级 约 3.33；中级 约 3.33；初级 约 3.33" in "".join(result.steps)


# ---- 专业技术岗位总量 cannot exceed 岗位总数 -------------------------------------------------------------------


@pytest.mark.parametrize(("total", "professional", "refused"), [(10, 11, True), (10, 10, False), (None, 500, False)])
def test_more_professional_posts_than_posts_in_all_is_refused_on_that_field(total, professional, refused):
    social_work = None if total is None else 1
    result = check_ratio("public-institution", total, social_work, professional, "1:3:6")
    assert result.ok is not refused
    if refused:
        assert [(e.field, e.message) for e in result.errors] == [
            ("professional_total", "专业技术岗位总量（11 个）不能多于岗位总数（10 个）。")
        ]


def test_the_rules_refuse_a_threshold_the_arithmetic_cannot_use(monkeypatch):
    import calculators.rules as rules

    real = rules.load_rules_file

    def with_threshold(numerator, denominator):
        def load(name):
            data = real(name)
            data["threshold"] = {**data["threshold"], "numerator": numerator, "denominator": denominator}
            return data

        return load

    for numerator, denominator in ((1, 1), (0, 1), (2, 3)):
        monkeypatch.setattr(rules, "load_rules_file", with_threshold(numerator, denominator))
        with pytest.raises(ValueError):
            rules.ratio_rules.__wrapped__()
    monkeypatch.setattr(rules, "load_rules_file", with_threshold(7, 10))
    assert rules.ratio_rules.__wrapped__().threshold == Fraction(7, 10)
