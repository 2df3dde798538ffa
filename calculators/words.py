"""The site's own words in the calculators' answers, from rules/words.toml: one place for every label, step,
verdict and error message the calculators write, apart from the code that decides what to say.

What the policy says is not worded here but quoted from the rules data (provisions.toml and the others).
"""

from __future__ import annotations

from functools import cache

from calculators.rules import load_rules_file


@cache
def vocabulary() -> dict:
    """The whole of words.toml, by section ([ratio], [allowance] …)."""
    return load_rules_file("words.toml")


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
