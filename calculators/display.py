"""What the page shows of a result above its steps: the verdict's outcome (the icon and colour), its heading, and
the figures under it as (term, value) rows. Worded here, from words.toml [display], so that the page holds no
words of the policy's and renders every calculator's result the same way; the calculators decide, these
functions only word what they decided. browser.handle adds it to every valid result as `display`."""

from __future__ import annotations

from dataclasses import dataclass

from calculators.allowance import AllowanceResult
from calculators.batch import BatchResult
from calculators.grade import GradeResult
from calculators.ratio import RatioResult
from calculators.selfcheck import SelfCheckResult
from calculators.words import wording

say = wording("display")
LIST_SEPARATOR = "、"


@dataclass(frozen=True, kw_only=True)
class Display:
    outcome: str  # met, not-met, not-applicable, incomplete or info: the page's icon and colour
    title: str
    figures: tuple[tuple[str, str], ...] = ()


def ratio_display(result: RatioResult) -> Display:
    if not result.applies:
        figures = [(say("ratio_requirement_label"), say("not_applicable")), (say("ratio_provisions"), result.asks)]
        figures += [(say("tier_posts", tier=tier.tier), tier.posts_text) for tier in result.tier_posts]
        return Display(outcome="not-applicable", title=say("ratio_not_applicable"), figures=tuple(figures))
    figures = [
        (say("ratio_share"), result.ratio_percent),
        (say("ratio_requirement"), say("ratio_requirement_value", threshold=result.threshold_percent)),
        (
            say("ratio_minimum", total=result.total_posts),
            say("ratio_minimum_value", minimum=result.min_social_work_posts),
        ),
    ]
    if result.max_total_text:
        figures.append((say("ratio_max_total"), result.max_total_text))
    met = result.compliant
    return Display(
        outcome="met" if met else "not-met", title=say("ratio_met" if met else "ratio_not_met"), figures=tuple(figures)
    )


def grade_display(result: GradeResult) -> Display:
    figures = []
    if result.qualification:
        figures.append((say("grade_qualification"), result.qualification + (result.level or "")))
    if result.tier:
        figures.append((say("grade_tier"), result.tier))
    if result.grade_names:
        figures.append((say("grade_grades"), LIST_SEPARATOR.join(result.grade_names)))
    if result.not_specified:
        figures.append((say("grade_not_specified"), result.not_specified))
    return Display(outcome="info", title=say("grade_result"), figures=tuple(figures))


def allowance_display(result: AllowanceResult) -> Display:
    figures = [(say("allowance_occupational"), result.occupational_allowance_label)]
    if result.estimate:
        figures.append((say("allowance_estimate"), say("allowance_estimate_value", yearly=result.estimate.yearly)))
    return Display(outcome="info", title=say("related_provisions"), figures=tuple(figures))


def batch_display(result: BatchResult) -> Display:
    if result.summary.not_compliant or result.summary.invalid:
        return Display(outcome="not-met", title=say("batch_not_met"))
    return Display(outcome="met", title=say("batch_met"))


def selfcheck_display(result: SelfCheckResult) -> Display:
    if result.summary.unanswered:
        return Display(outcome="incomplete", title=say("selfcheck_unfinished"))
    if result.summary.not_met:
        return Display(outcome="not-met", title=say("selfcheck_not_met"))
    return Display(outcome="met", title=say("selfcheck_met"))
