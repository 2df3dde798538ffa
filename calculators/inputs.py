"""Reading raw input (from the command line, a form in the browser or a CSV cell) into checked values.

Every reader returns the value or raises InvalidInput with the field and a Chinese message; the calculators
collect these into their results, so no exception reaches a caller. Full-width digits and punctuation, as
Chinese input methods type them, are read like their ASCII forms; a count may carry its measure word (23个, 5年)
or be written in Chinese numerals (二十三, 一百二十, 两万三).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from calculators.words import wording

# More posts than any organisation has; beyond this the input is a typing slip, not a unit.
MAX_POSTS = 1_000_000_000
MAX_YEARS = 80
MAX_MONTHLY_AMOUNT = Decimal("1000000")
say = wording("inputs")  # the messages: words.toml [inputs]


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class InvalidInput(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.error = FieldError(field, message)


class FieldErrors(list):
    """Collects every field's error, so a form shows all its mistakes at once rather than the first."""

    def read(self, reader, *args, **options):
        """reader(*args, **options), or None with its error collected."""
        try:
            return reader(*args, **options)
        except InvalidInput as problem:
            self.append(problem.error)
            return None


def normalise(value: object) -> str:
    """NFKC folds full-width digits, letters and colons into ASCII; spaces at the ends do not count."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not normalise(value))


# Chinese numerals are read by the small parser below rather than a library: the only candidates (cn2an and the
# like) would be one more package to ship to the browser, for a few lines of code.
CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
TEN_THOUSAND = "万"
CHINESE_NUMERAL_CHARACTERS = set(CHINESE_DIGITS) | set(CHINESE_UNITS) | {TEN_THOUSAND}


def _chinese_below_ten_thousand(text: str) -> int | None:
    """0–9999 written as 三千零五, 一百二十, 十一, 两百 or 一百五; None when the text is not such a numeral.

    A last digit without a unit stands one place below the unit before it, as people say it: 一百五 is 150,
    三千二 is 3200 (and 二十五 is 25 by the same rule). 零 must stand for at least one place left out.
    """
    if text.startswith("十"):
        text = "一" + text  # 十一 is 一十一
    value = 0
    place = 10_000  # the last unit read; units must fall: 千, 百, 十
    digit = None
    after_zero = False
    for character in text:
        if character in CHINESE_DIGITS:
            if digit is not None:
                return None  # 二三: two digits in a row
            if CHINESE_DIGITS[character] == 0:
                if after_zero or value == 0:
                    return None  # 零零, or a leading 零
                after_zero = True
                continue
            digit = CHINESE_DIGITS[character]
        elif character in CHINESE_UNITS:
            unit = CHINESE_UNITS[character]
            if digit is None or unit >= place or (after_zero and unit * 10 >= place):
                return None  # 百 alone, 十百, or 一千零五百 (no place left out)
            value += digit * unit
            place, digit, after_zero = unit, None, False
        else:
            return None
    if digit is None:
        return None if after_zero or value == 0 else value  # 一百零 ends in 零
    if place == 10_000:
        return digit  # a single digit
    if after_zero:
        return value + digit if place >= 100 else None  # 一百零五; 二十零五 leaves no place out
    return value + digit * place // 10


def chinese_whole_number(text: str) -> int | None:
    """A whole number from 0 to 99 999 999 in Chinese numerals (十, 二十三, 一百二十, 两万三, 九万九千九百九十九), or None."""
    if text in ("零", "〇"):
        return 0
    high_text, has_ten_thousand, low_text = text.partition(TEN_THOUSAND)
    if not has_ten_thousand:
        return _chinese_below_ten_thousand(text)
    high = _chinese_below_ten_thousand(high_text)
    if not high:
        return None
    if not low_text:
        return high * 10_000
    if low_text[0] in ("零", "〇"):
        low = _chinese_below_ten_thousand(low_text[1:])
        return high * 10_000 + low if low and low < 1000 else None  # 一万零五十
    if len(low_text) == 1 and CHINESE_DIGITS.get(low_text):
        return high * 10_000 + CHINESE_DIGITS[low_text] * 1000  # 两万三 is 23 000
    low = _chinese_below_ten_thousand(low_text)
    return high * 10_000 + low if low and low >= 1000 else None  # 一万五百 would need a 零


def whole_number(value: object, field: str, label: str, *, unit: str = "") -> int:
    """A whole number of either sign: 23, “23”, “23个” (with `unit` 个), “２３”, “二十三”; floats only if whole."""
    if isinstance(value, bool) or is_blank(value):
        raise InvalidInput(field, say("blank_count", label=label))
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InvalidInput(field, say("not_whole", label=label))
        return int(value)
    if isinstance(value, int):
        return value
    text = normalise(value).replace(",", "")
    if unit:
        text = text.removesuffix(unit).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        raise InvalidInput(field, say("not_whole", label=label))
    negative = text.startswith("负")
    number = chinese_whole_number(text.removeprefix("负"))
    if number is not None:
        return -number if negative else number
    whole, point, fraction = text.removeprefix("负").partition("点")
    if point and chinese_whole_number(whole) is not None and all(c in CHINESE_DIGITS for c in fraction) and fraction:
        raise InvalidInput(field, say("not_whole", label=label))  # 十点五
    if set(text) & CHINESE_NUMERAL_CHARACTERS:
        raise InvalidInput(field, say("unreadable_numeral", label=label, value=str(value)[:20]))
    raise InvalidInput(field, say("not_a_number", label=label, value=str(value)[:20]))


def count(value: object, field: str, label: str, *, maximum: int = MAX_POSTS, unit: str = "个") -> int:
    """A whole number from 0 to maximum; `unit` is the measure word a person may write after it (23个, 5年)."""
    number = whole_number(value, field, label, unit=unit)
    if number < 0:
        raise InvalidInput(field, say("negative", label=label))
    if number > maximum:
        raise InvalidInput(field, say("too_many", label=label, maximum=maximum))
    return number


def amount(value: object, field: str, label: str) -> Decimal:
    """A sum of money in yuan, at most two decimals, from 0 to MAX_MONTHLY_AMOUNT."""
    if isinstance(value, bool):
        raise InvalidInput(field, say("not_an_amount", label=label))
    text = normalise(value).replace(",", "").removesuffix("元").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field, say("amount_not_a_number", label=label, value=str(value)[:20])) from None
    if not number.is_finite():
        raise InvalidInput(field, say("not_an_amount", label=label))
    if number < 0:
        raise InvalidInput(field, say("negative", label=label))
    if number > MAX_MONTHLY_AMOUNT:
        raise InvalidInput(field, say("amount_too_large", label=label, maximum=MAX_MONTHLY_AMOUNT))
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput(field, say("amount_cents", label=label))
    return number


TRUE_WORDS = {"true", "1", "yes", "y", "是", "有", "对"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "无", "不是", "没有", ""}


def yes_no(value: object, field: str, label: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = normalise(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise InvalidInput(field, say("yes_or_no", label=label))


def choice(value: object, field: str, label: str, options: dict[str, str]) -> str:
    """One of the options' codes; `options` maps every accepted spelling (codes and Chinese names) to a code."""
    if is_blank(value) or isinstance(value, bool):
        raise InvalidInput(field, say("choose", label=label))
    text = normalise(value)
    for key in (text, text.lower()):
        if key in options:
            return options[key]
    raise InvalidInput(field, say("unrecognised_choice", label=label, value=str(value)[:30]))
