"""Whether a record made on this site was computed with the rules in force now (calculators/rules/history.toml).

A record's address carries the fingerprint of the rules it was made with. Opened when the rules have changed
since, the page says so plainly, with the version the record was made with and what has changed, and shows the
result under the current rules: never silently a different one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from calculators.inputs import FieldError
from calculators.results import Invalid
from calculators.rules import load_rules_file
from calculators.words import wording

say = wording("record")

FINGERPRINT = re.compile(r"[0-9a-f]{8}")


@dataclass(frozen=True, kw_only=True)
class RulesVersion:
    number: int
    fingerprint: str
    date: str
    change: str


@dataclass(frozen=True, kw_only=True)
class RecordRules:
    current: bool  # made with the rules in force now
    made_with: int | None  # the version the record was made with; None when the fingerprint is unknown
    in_force: int
    notice: str | None  # what the page says above the result; None when the rules are the same
    ok: bool = True


@cache
def rules_history() -> tuple[RulesVersion, ...]:
    return tuple(
        RulesVersion(number=number, **entry)
        for number, entry in enumerate(load_rules_file("history.toml")["version"], start=1)
    )


def check_record_rules(fingerprint):
    """RecordRules for the fingerprint a record's address carries, or Invalid when it is not one."""
    if not isinstance(fingerprint, str) or not FINGERPRINT.fullmatch(fingerprint):
        return Invalid(errors=(FieldError("fingerprint", say("not_a_fingerprint")),))
    history = rules_history()
    now = history[-1]
    if fingerprint == now.fingerprint:
        return RecordRules(current=True, made_with=now.number, in_force=now.number, notice=None)
    made = next((version for version in history if version.fingerprint == fingerprint), None)
    if made is None:
        notice = say("unknown_rules", fingerprint=fingerprint, version=now.number, date=now.date)
        return RecordRules(current=False, made_with=None, in_force=now.number, notice=notice)
    changes = "；".join(version.change.rstrip("。") for version in history[made.number :])
    notice = say(
        "older_rules", made=made.number, made_date=made.date, version=now.number, date=now.date, changes=changes
    )
    return RecordRules(current=False, made_with=made.number, in_force=now.number, notice=notice)
