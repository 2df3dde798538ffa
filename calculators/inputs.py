"""Reading raw input (from the command line, a form in the browser or a CSV cell) into checked values.

Every reader returns the value or raises InvalidInput with the field and a Chinese message; the calculators
collect these into their results, so no exception reaches a caller. Full-width digits and punctuation, as
Chinese input methods type them, are read like their ASCII forms.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# More posts than any organisation has; beyond this the input is a typing slip, not a unit.
MAX_POSTS = 1_000_000_000
MAX_YEARS = 80
MAX_MONTHLY_AMOUNT = Decimal("1000000")


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


def count(value: object, field: str, label: str, *, maximum: int = MAX_POSTS) -> int:
    """A whole number from 0 to maximum."""
    if isinstance(value, bool) or is_blank(value):
        raise InvalidInput(field, f"请填写{label}（0 或正整数）。")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InvalidInput(field, f"{label}必须是整数，不能有小数。")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = normalise(value).replace(",", "")
        if re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
        elif re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
            raise InvalidInput(field, f"{label}必须是整数，不能有小数。")
        else:
            raise InvalidInput(field, f"{label}必须是数字，“{str(value)[:20]}”不是数字。")
    if number < 0:
        raise InvalidInput(field, f"{label}不能是负数。")
    if number > maximum:
        raise InvalidInput(field, f"{label}不能超过 {maximum}，请检查是否多输了位数。")
    return number


def amount(value: object, field: str, label: str) -> Decimal:
    """A sum of money in yuan, at most two decimals, from 0 to MAX_MONTHLY_AMOUNT."""
    if isinstance(value, bool):
        raise InvalidInput(field, f"{label}必须是金额（元）。")
    text = normalise(value).replace(",", "").removesuffix("元").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field, f"{label}必须是金额（元），“{str(value)[:20]}”不是数字。") from None
    if not number.is_finite():
        raise InvalidInput(field, f"{label}必须是金额（元）。")
    if number < 0:
        raise InvalidInput(field, f"{label}不能是负数。")
    if number > MAX_MONTHLY_AMOUNT:
        raise InvalidInput(field, f"{label}不能超过 {MAX_MONTHLY_AMOUNT} 元，请检查是否多输了位数。")
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput(field, f"{label}最多保留两位小数（分）。")
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
    raise InvalidInput(field, f"{label}请回答“是”或“否”。")


def choice(value: object, field: str, label: str, options: dict[str, str]) -> str:
    """One of the options' codes; `options` maps every accepted spelling (codes and Chinese names) to a code."""
    if is_blank(value) or isinstance(value, bool):
        raise InvalidInput(field, f"请选择{label}。")
    text = normalise(value)
    for key in (text, text.lower()):
        if key in options:
            return options[key]
    raise InvalidInput(field, f"无法识别的{label}：“{str(value)[:30]}”。")
