"""What every calculator returns: a result with ok=True, or Invalid with the errors field by field.

Results are frozen dataclasses; `as_json` turns any of them into plain JSON values (exact numbers as strings:
a Fraction as "7/10", a Decimal as "2400.00"), the same in the command line and in the browser.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

from calculators.inputs import FieldError


@dataclasses.dataclass(frozen=True, kw_only=True)
class Invalid:
    """The input could not be used; each error names its field and says why, in Chinese."""

    errors: tuple[FieldError, ...]
    ok: bool = False


def as_json(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: as_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    if isinstance(value, (Fraction, Decimal)):
        return str(value)
    return value


def unique(labels) -> tuple[str, ...]:
    """Clause labels in first-mentioned order, each once."""
    return tuple(dict.fromkeys(labels))
