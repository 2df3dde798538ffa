"""The organisation self-check: what 59号 asks of one type of organisation, answered point by point, into a
record (met / not met / not applicable / not answered), each point with its clause and a suggestion.

The points are data (rules/selfcheck.toml); the ratio point is answered by the ratio calculator.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from calculators import inputs
from calculators.inputs import FieldError, InvalidInput
from calculators.ratio import check_ratio
from calculators.results import Invalid, unique
from calculators.rules import PolicyProvision, load_rules_file, provision, ratio_rules
from calculators.words import section, wording

say = wording("selfcheck")

ANSWERS = {"yes": "met", "no": "not_met", "na": "not_applicable", "": "unanswered"}
ANSWER_SPELLINGS = {"yes": "yes", "是": "yes", "no": "no", "否": "no", "na": "na", "不适用": "na", "": ""}
# The statuses in the order the summary counts them; words.toml [selfcheck.status] words each.
STATUSES = ("met", "not_met", "not_applicable", "unanswered")


@dataclass(frozen=True, kw_only=True)
class CheckPoint:
    id: str
    provision: PolicyProvision
    binds_unit: bool  # the provision's words are addressed to the organisation itself
    question: str
    suggestion: str
    kind: str = "yes-no"

    @property
    def clause(self) -> str:
        return self.provision.clause

    @property
    def strength(self) -> str:
        return self.provision.force.level

    @property
    def force_label(self) -> str:
        """The text's own word and addressee, as the checklist and the record show them."""
        return say("force_label", force=self.provision.force.label, addressee=self.provision.addressee_label)


@dataclass(frozen=True, kw_only=True)
class PointResult:
    id: str
    question: str
    clause: str
    word: str
    strength: str
    strength_label: str
    binds_unit: bool
    status: str
    status_label: str
    detail: str | None
    suggestion: str | None


@dataclass(frozen=True, kw_only=True)
class SelfCheckSummary:
    met: int
    not_met: int
    not_applicable: int
    unanswered: int
    required_not_met: int  # 「应」「要」 addressed to the organisation itself
    directive_not_met: int  # no force word, but addressed to the organisation


@dataclass(frozen=True, kw_only=True)
class SelfCheckResult:
    org_type: str
    org_type_name: str
    points: tuple[PointResult, ...]
    summary: SelfCheckSummary
    verdict: str
    steps: tuple[str, ...]
    clauses: tuple[str, ...]
    ok: bool = True


@cache
def _points() -> tuple[tuple[CheckPoint, tuple[str, ...]], ...]:
    data = load_rules_file("selfcheck.toml")
    return tuple(
        (
            CheckPoint(
                id=p["id"],
                provision=provision(p["provision"]),
                binds_unit=p["binds_unit"],
                question=p["question"],
                suggestion=p["suggestion"],
                kind=p.get("kind", "yes-no"),
            ),
            tuple(p["applies_to"]),
        )
        for p in data["point"]
    )


def checklist(org_type_code: str) -> tuple[CheckPoint, ...]:
    """The points that concern one type of organisation, in order."""
    return tuple(point for point, types in _points() if "all" in types or org_type_code in types)


def check_selfcheck(org_type, answers=None, total=None, social_work=None):
    """`answers` maps point ids to 是/否/不适用 (yes/no/na); the ratio point takes total and social_work."""
    try:
        code = ratio_rules().read_org_type(org_type)
    except InvalidInput as problem:
        return Invalid(errors=(problem.error,))
    points = checklist(code)
    answers = answers if isinstance(answers, dict) else {} if answers is None else None
    if answers is None:
        return Invalid(errors=(FieldError("answers", say("answers_not_a_mapping")),))
    known = {point.id for point in points}
    errors = [
        FieldError(str(key), say("not_a_point", key=str(key)[:20], org_type=ratio_rules().org_type(code).name))
        for key in answers
        if key not in known
    ]
    results = []
    for point in points:
        if point.kind == "ratio":
            result = _ratio_point(point, code, total, social_work, errors)
        else:
            spelled = ANSWER_SPELLINGS.get(inputs.normalise(answers.get(point.id, "") or "").lower())
            if spelled is None:
                errors.append(FieldError(point.id, say("answer_choice")))
                continue
            result = _point_result(point, ANSWERS[spelled], None)
        if result:
            results.append(result)
    if errors:
        return Invalid(errors=tuple(errors))
    return _record(code, tuple(results))


def _ratio_point(point, code, total, social_work, errors):
    if inputs.is_blank(total) and inputs.is_blank(social_work):
        return _point_result(point, "unanswered", say("counts_missing"))
    ratio = check_ratio(code, total, social_work)
    if not ratio.ok:
        errors.extend(ratio.errors)
        return None
    return _point_result(point, "met" if ratio.compliant else "not_met", ratio.verdict)


def _point_result(point: CheckPoint, status: str, detail: str | None) -> PointResult:
    return PointResult(
        id=point.id,
        question=point.question,
        clause=point.clause,
        word=point.provision.word,
        strength=point.strength,
        strength_label=point.force_label,
        binds_unit=point.binds_unit,
        status=status,
        status_label=section("selfcheck")["status"][status],
        detail=detail,
        suggestion=point.suggestion if status == "not_met" else None,
    )


def _record(code: str, points: tuple[PointResult, ...]) -> SelfCheckResult:
    kind = ratio_rules().org_type(code)
    count = {status: sum(1 for p in points if p.status == status) for status in STATUSES}
    not_met = [p for p in points if p.status == "not_met"]
    firm = sum(1 for p in not_met if p.binds_unit and p.strength == "required")
    directive = sum(1 for p in not_met if p.binds_unit and p.strength == "directive")
    summary = SelfCheckSummary(
        met=count["met"],
        not_met=count["not_met"],
        not_applicable=count["not_applicable"],
        unanswered=count["unanswered"],
        required_not_met=firm,
        directive_not_met=directive,
    )
    verdict = _verdict(count, firm, directive)
    steps = (
        say("org_type_step", org_type=kind.name, count=len(points)),
        say("count_step", **count),
        say("reading_step"),
    )
    return SelfCheckResult(
        org_type=code,
        org_type_name=kind.name,
        points=points,
        summary=summary,
        verdict=verdict,
        steps=steps,
        clauses=unique(p.clause for p in points),
    )


def _verdict(count: dict, firm: int, directive: int) -> str:
    if count["unanswered"]:
        return say("verdict_unfinished", count=count["unanswered"])
    others = count["not_met"] - firm - directive
    parts = []
    if firm:
        parts.append(say("firm_not_met", count=firm))
    if directive:
        parts.append(say("directive_not_met", count=directive))
    if others:
        parts.append(say("others_not_met", count=others))
    if not parts:
        return say("verdict_all_met")
    # Without a firm item left, the verdict first says that every firm item is done.
    lead = "" if firm else say("firm_all_met")
    return say("verdict_not_met", lead=lead, parts="；".join(parts))


def selfcheck_csv(result: SelfCheckResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(section("selfcheck")["csv_header"])
    for point in result.points:
        writer.writerow(
            [
                point.question,
                point.clause,
                point.strength_label,
                point.status_label,
                point.detail or "",
                point.suggestion or "",
            ]
        )
    return out.getvalue()
