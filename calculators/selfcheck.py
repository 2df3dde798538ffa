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

ANSWERS = {"yes": "met", "no": "not_met", "na": "not_applicable", "": "unanswered"}
ANSWER_SPELLINGS = {"yes": "yes", "是": "yes", "no": "no", "否": "no", "na": "na", "不适用": "na", "": ""}
STATUS_WORDS = {"met": "已做到", "not_met": "未做到", "not_applicable": "不适用", "unanswered": "未回答"}


@dataclass(frozen=True)
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
        return f"{self.provision.force.label}；对象：{self.provision.addressee_label}"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class SelfCheckSummary:
    met: int
    not_met: int
    not_applicable: int
    unanswered: int
    required_not_met: int  # 「应」「要」 addressed to the organisation itself
    directive_not_met: int  # no force word, but addressed to the organisation


@dataclass(frozen=True)
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
        (CheckPoint(p["id"], provision(p["provision"]), p["binds_unit"], p["question"], p["suggestion"],
                    p.get("kind", "yes-no")),
         tuple(p["applies_to"]))
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
        return Invalid((problem.error,))
    points = checklist(code)
    answers = answers if isinstance(answers, dict) else {} if answers is None else None
    if answers is None:
        return Invalid((FieldError("answers", "自查答案应是“要点编号 → 是/否/不适用”的对应表。"),))
    known = {point.id for point in points}
    errors = [FieldError(str(key), f"“{str(key)[:20]}”不是{ratio_rules().org_type(code).name}的自查要点。")
              for key in answers if key not in known]
    results = []
    for point in points:
        if point.kind == "ratio":
            result = _ratio_point(point, code, total, social_work, errors)
        else:
            spelled = ANSWER_SPELLINGS.get(inputs.normalise(answers.get(point.id, "") or "").lower())
            if spelled is None:
                errors.append(FieldError(point.id, "请回答“是”“否”或“不适用”。"))
                continue
            result = _point_result(point, ANSWERS[spelled], None)
        if result:
            results.append(result)
    if errors:
        return Invalid(tuple(errors))
    return _record(code, tuple(results))


def _ratio_point(point, code, total, social_work, errors):
    if inputs.is_blank(total) and inputs.is_blank(social_work):
        return _point_result(point, "unanswered", "未填写岗位数。")
    ratio = check_ratio(code, total, social_work)
    if not ratio.ok:
        errors.extend(ratio.errors)
        return None
    return _point_result(point, "met" if ratio.compliant else "not_met", ratio.verdict)


def _point_result(point: CheckPoint, status: str, detail: str | None) -> PointResult:
    return PointResult(point.id, point.question, point.clause, point.provision.word, point.strength,
                       point.force_label, point.binds_unit, status, STATUS_WORDS[status], detail,
                       point.suggestion if status == "not_met" else None)


def _record(code: str, points: tuple[PointResult, ...]) -> SelfCheckResult:
    kind = ratio_rules().org_type(code)
    count = {status: sum(1 for p in points if p.status == status) for status in STATUS_WORDS}
    not_met = [p for p in points if p.status == "not_met"]
    firm = sum(1 for p in not_met if p.binds_unit and p.strength == "required")
    directive = sum(1 for p in not_met if p.binds_unit and p.strength == "directive")
    summary = SelfCheckSummary(count["met"], count["not_met"], count["not_applicable"], count["unanswered"], firm,
                               directive)
    verdict = _verdict(count, firm, directive)
    steps = (f"单位类型：{kind.name}；自查要点 {len(points)} 项。",
             f"已做到 {count['met']} 项，未做到 {count['not_met']} 项，不适用 {count['not_applicable']} 项，未回答 {count['unanswered']} 项。",
             "“用语”栏照录本文件的原词：「应」「要」是要求；没有情态词的是本文件直接作出的部署；"
             "「鼓励」「支持」是倡导；「可以」是允许。“对象”是本文件这句话所说的对象：对象不是本单位的（如各地、各级各部门），"
             "不计入本单位的要求。")
    return SelfCheckResult(code, kind.name, points, summary, verdict, steps, unique(p.clause for p in points))


def _verdict(count: dict, firm: int, directive: int) -> str:
    if count["unanswered"]:
        return f"自查未完成：还有 {count['unanswered']} 项未回答。"
    others = count["not_met"] - firm - directive
    parts = []
    if firm:
        parts.append(f"有 {firm} 项本文件以「应」「要」对本单位提出的事项尚未做到")
    if directive:
        parts.append(f"有 {directive} 项本文件未用情态词、直接对本单位作出部署的事项尚未做到")
    if others:
        parts.append(f"有 {others} 项其他事项（对象不是本单位或未写明，或用语为倡导、允许）尚未做到")
    if not parts:
        return "所有适用的自查要点均已做到。"
    lead = "" if firm else "本文件以「应」「要」对本单位提出的事项均已做到；"
    return lead + "；".join(parts) + "。各项的用语和对象见下表。"


def selfcheck_csv(result: SelfCheckResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["要点", "条款", "用语与对象", "结果", "说明", "建议"])
    for point in result.points:
        writer.writerow([point.question, point.clause, point.strength_label, point.status_label, point.detail or "",
                         point.suggestion or ""])
    return out.getvalue()
