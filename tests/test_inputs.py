"""Reading counts as people type them: 23, 23个, ２３, 二十三; and refusing, in Chinese, what is not a count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.inputs import InvalidInput, chinese_whole_number, count, whole_number

DIGITS = "零一二三四五六七八九"


def _section(number: int) -> str:
    """0 < number < 10 000 the way it is written in full: 一千零五十, 三百, 二十一."""
    text, gap = "", False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // place % 10
        if digit == 0:
            gap = bool(text)
            continue
        text += ("零" if gap else "") + DIGITS[digit] + unit
        gap = False
    return text


def standard_chinese(number: int) -> str:
    """A reference writer for the parser's round trip, independent of it."""
    if number == 0:
        return "零"
    high, low = divmod(number, 10_000)
    text = _section(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _section(low)
    return text[1:] if text.startswith("一十") else text  # 十一, 十万


def test_every_number_up_to_99999_written_in_full_reads_back():
    assert all(chinese_whole_number(standard_chinese(n)) == n for n in range(100_000))


@given(st.integers(min_value=0, max_value=99_999_999))
def test_numbers_up_to_a_hundred_million_written_in_full_read_back(number):
    assert chinese_whole_number(standard_chinese(number)) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("十", 10),
        ("十一", 11),
        ("一十一", 11),
        ("二十三", 23),
        ("一百二十", 120),
        ("两", 2),
        ("两百", 200),
        ("一百零五", 105),
        ("一千零五十", 1050),
        ("九万九千九百九十九", 99_999),
        ("十万", 100_000),
        ("〇", 0),
        # The last digit without a unit is one place below the unit before it, as people say it.
        ("一百五", 150),
        ("三千二", 3200),
        ("两万三", 23_000),
        ("一万零五十", 10_050),
    ],
)
def test_chinese_numerals(text, number):
    assert chinese_whole_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "二三",
        "百",
        "十十",
        "一百零",
        "零五",
        "一千零五百",
        "一万五百",
        "二十零五",
        "万",
        "一万万",
        "三十二百",
        "",
        "五六七",
    ],
)
def test_what_is_not_a_chinese_numeral_is_not_read_as_one(text):
    assert chinese_whole_number(text) is None


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("23", 23),
        ("23个", 23),
        ("23 个", 23),
        ("２３", 23),
        ("２３个", 23),
        ("二十三", 23),
        ("二十三个", 23),
        (" 1,000 ", 1000),
        (23, 23),
        (23.0, 23),
        ("0", 0),
        ("零", 0),
        ("十", 10),
    ],
)
def test_a_count_as_people_type_it(value, number):
    assert count(value, "total", "岗位总数") == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10.5", "岗位总数必须是整数，不能有小数。"),
        ("十点五", "岗位总数必须是整数，不能有小数。"),
        (10.5, "岗位总数必须是整数，不能有小数。"),
        ("-5", "岗位总数不能是负数。"),
        ("负五", "岗位总数不能是负数。"),
        (-5, "岗位总数不能是负数。"),
        ("abc", "岗位总数必须是数字，“abc”不是数字。"),
        ("23人", "岗位总数必须是数字，“23人”不是数字。"),
        ("二三", "岗位总数写法无法识别：“二三”。请写成数字，如 23 或 二十三。"),
        ("", "请填写岗位总数（0 或正整数）。"),
        (None, "请填写岗位总数（0 或正整数）。"),
        (True, "请填写岗位总数（0 或正整数）。"),
        ("20亿", "岗位总数必须是数字，“20亿”不是数字。"),
    ],
)
def test_what_is_not_a_count_gets_a_chinese_message_on_its_field(value, message):
    with pytest.raises(InvalidInput) as refused:
        count(value, "total", "岗位总数")
    assert (refused.value.error.field, refused.value.error.message) == ("total", message)


def test_each_field_takes_its_own_measure_word():
    assert count("两年", "hardship_years", "服务年限", unit="年") == 2
    assert whole_number("十一级", "grade", "专业技术岗位等级", unit="级") == 11
    with pytest.raises(InvalidInput):
        count("两年", "total", "岗位总数")  # a count of posts is not written in years


def test_a_count_above_the_maximum_is_refused():
    assert count("九十九万九千九百九十九", "total", "岗位总数") == 999_999
    with pytest.raises(InvalidInput, match="不能超过 80"):
        count("八十一", "hardship_years", "服务年限", maximum=80, unit="年")
