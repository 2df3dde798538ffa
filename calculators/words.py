"""The site's own words in the calculators' answers, from rules/words.toml: one place for every label, step,
verdict and error message the calculators write, apart from the code that decides what to say.

What the policy says is not worded here but quoted from the rules data (provisions.toml and the others).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def vocabulary() -> dict:
    """The whole of words.toml, by section ([ratio], [allowance] …)."""
    # Read here rather than through calculators.rules: calculators.inputs words its messages from this file, and
    # calculators.rules imports calculators.inputs.
    return tomllib.loads(resources.files("calculators").joinpath("rules", "words.toml").read_text(encoding="utf-8"))


def section(name: str) -> dict:
    """One section as it stands in words.toml, for entries that are lists or tables rather than sentences."""
    return vocabulary()[name]


def wording(name: str):
    """A function that words the entries of one section: say = wording("ratio"); say("met_step", social_work=7).

    The file is read at the first call, not at import, so importing a calculator reads no file."""

    def say(key: str, /, **values) -> str:
        return section(name)[key].format(**values)

    return say


def condition_words(flag: str) -> dict[str, str]:
    """How one yes/no condition of allowance.toml's `when` is worded: its field, its form box, its condition."""
    return allowance_conditions()[flag]


def allowance_conditions() -> dict[str, dict[str, str]]:
    """Every yes/no condition flag → its words, in the order words.toml lists them."""
    return section("allowance")["conditions"]
