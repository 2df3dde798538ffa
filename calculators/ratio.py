"""三（二）: the social-work post ratio of an organisation, and what the policy asks of the other kinds.

For 以社会工作服务为主的社会组织 the social-work posts must be at least 70 % of all posts (三（二）3, inclusive).
All arithmetic is on integers and Fractions: the minimum for a total is 70 % rounded up (10 → 7, 11 → 8).
A unit below the threshold gets both ways to reach it: re-designate existing posts (the total stays; `shortfall`)
or add new social-work posts (the total grows with them, so more are needed: 15 of 23 needs 2 re-designated or
4 new, because 17/25 is still 68 %; `add_new`).
Percentages are rounded half-up to two decimals as Excel rounds them, except that a share below 70 % is never
shown as 70 %; counts that are not whole read as decimals (16.1) or, when they do not end, as 约 3.33.
For 事业单位 the unit may give its professional-technical post total and its own structure-ratio standard to see
the posts per tier; no standard is ever assumed (三（二）1).
`decide_threshold` decides in numbers; the functions after it word the decision from words.toml [ratio].
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from calculators import inputs
from calculators.inputs import FieldError, InvalidInput
from calculators.results import Invalid, unique
from calculators.rules import ratio_rules
from calculators.words import wording

say = wording("ratio")

STRUCTURE_TIERS = ("高级", "中级", "初级")


@dataclass(frozen=True, kw_only=True)
class TierPosts:
    tier: str
    share: Fraction  # of the professional-technical total
    posts: Fraction  # exact; not always a whole number
    posts_text: str


@dataclass(frozen=True, kw_only=True)
class RatioResult:
    org_type: str
    org_type_name: str
    applies: bool
    compliant: bool | None = None  # None, like the counts below, where the threshold does not apply
    total_posts: int | None
    social_work_posts: int | None
    ratio: Fraction | None
    ratio_percent: str | None  # rounded half-up to two decimals, but never shown as reaching a threshold it misses
    threshold_percent: str
    min_social_work_posts: int | None = None
    shortfall: int | None = None  # existing posts to re-designate as social-work posts, the total unchanged
    max_total_supported: int | None = None
    asks: str
    strength: str
    tier_posts: tuple[TierPosts, ...]
    verdict: str
    steps: tuple[str, ...]
    clauses: tuple[str, ...]
    add_new: int | None = None  # new social-work posts to add instead (the total grows by as many); 0 if compliant
    next_steps: tuple[str, ...] = ()  # what to do, in plain words: both routes, or the room left when compliant
    max_total_text: str | None = None  # max_total_supported as a sentence a director reads at once
    ok: bool = True


def minimum_social_work_posts(total: int) -> int:
    """The fewest social-work posts that meet the threshold for `total` posts: 70 % rounded up."""
    threshold = ratio_rules().threshold
    return -(-total * threshold.numerator // threshold.denominator)


def largest_total_supported(social_work: int) -> int:
    """The most posts in all that `social_work` social-work posts still keep at or above the threshold."""
    threshold = ratio_rules().threshold
    return social_work * threshold.denominator // threshold.numerator


def fewest_new_posts(social_work: int, total: int) -> int:
    """The fewest new social-work posts to add, each adding one post to the total too, so that the unit meets
    the threshold: the least m ≥ 0 with (social_work + m) / (total + m) ≥ threshold.

    With threshold a/b < 1 that is m·(b − a) ≥ a·total − b·social_work, so m is that quotient rounded up.
    """
    threshold = ratio_rules().threshold
    a, b = threshold.numerator, threshold.denominator
    return max(0, -(-(a * total - b * social_work) // (b - a)))


def meets_threshold(social_work: int, total: int) -> bool:
    return Fraction(social_work, total) >= ratio_rules().threshold


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def percent_text(value, threshold: Fraction | None = None) -> str:
    """A share as a percentage, rounded half-up to two decimals as Excel's ROUND does, in the short form (70%,
    73.91%), except that a share below the threshold (the ratio rule's, unless given) never shows as reaching
    it: 69.996 % shows as 69.99 %, truncated, not as 70 %.

    A share at or above the threshold needs no such care: rounding half-up never goes down past a whole number
    of hundredths of a percent, and the threshold is one (calculators/rules.py refuses any other).
    """
    value = Fraction(value)
    threshold = ratio_rules().threshold if threshold is None else threshold
    # In whole numbers rather than Fractions (the same arithmetic, several times faster; a batch of 20,000
    # units writes some 65,000 percentages): floor(value × 10000 + ½), and the comparisons cross-multiplied.
    n, d = value.numerator, value.denominator
    hundredths = (2 * n * 10000 + d) // (2 * d)
    below = n * threshold.denominator < threshold.numerator * d
    if below and threshold.numerator * 10000 <= hundredths * threshold.denominator:
        hundredths = (n * 10000) // d
    whole, part = divmod(hundredths, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}".rstrip("0") + "%"


# A terminating decimal with at most this many places is written out exactly; anything else reads 约 x.xx.
EXACT_DECIMAL_PLACES = 4


def number_text(value: Fraction) -> str:
    """A count that may not be whole, as a director reads it: 16, 16.1, 0.7 exactly, or 约 3.33 (half-up)."""
    value = Fraction(value)
    for places in range(EXACT_DECIMAL_PLACES + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return _decimal_text(scaled.numerator, places)
    return "约 " + _decimal_text(_round_half_up(value * 100), 2)


def _decimal_text(scaled: int, places: int) -> str:
    """`scaled` / 10**places written out, trailing zeros dropped: (161, 1) → 16.1, (300, 2) → 3."""
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**places)
    decimals = f"{part:0{places}d}".rstrip("0") if places else ""
    return f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"


def check_ratio(org_type, total=None, social_work=None, professional_total=None, structure=None, *, explain=True):
    """The ratio check for one unit. Returns RatioResult, or Invalid with the errors of each field.

    Counts may be written 23, “23个” or “二十三”; a 事业单位's structure ratio takes its professional-technical
    post total, which cannot exceed the unit's post total when both are given. With explain=False the sentences
    that explain the answer (steps, next_steps, max_total_text) are left out, and nothing else changes: the batch
    check shows a verdict and figures a unit, and wording 20,000 explanations was 40 % of its time.
    """
    rules = ratio_rules()
    errors = inputs.FieldErrors()
    read = errors.read

    code = read(rules.read_org_type, org_type)
    kind = rules.org_type(code) if code else None
    needs_counts = kind is None or kind.applies
    total_posts = social_work_posts = None
    if needs_counts or not inputs.is_blank(total) or not inputs.is_blank(social_work):
        total_posts = read(inputs.count, total, "total", say("total_label"))
        social_work_posts = read(inputs.count, social_work, "social_work", say("social_work_label"))
    if total_posts == 0:
        errors.append(FieldError("total", say("total_zero")))
    if total_posts and social_work_posts is not None and social_work_posts > total_posts:
        errors.append(FieldError("social_work", say("social_work_over_total")))

    tier_posts = ()
    if not inputs.is_blank(professional_total) or not inputs.is_blank(structure):
        tier_posts = _read_tiers(errors, code, total_posts, professional_total, structure)

    if errors:
        return Invalid(errors=tuple(errors))
    return _result(kind, total_posts, social_work_posts, tier_posts, explain)


def _read_tiers(errors: inputs.FieldErrors, code, total_posts, professional_total, structure) -> tuple[TierPosts, ...]:
    """A 事业单位's posts per tier, or () with the errors collected."""
    if code and code != "public-institution":
        errors.append(FieldError("structure", say("structure_not_public_institution")))
        return ()
    professional_posts = errors.read(
        inputs.count, professional_total, "professional_total", say("professional_total_label")
    )
    if professional_posts is None:
        return ()
    if total_posts and professional_posts > total_posts:
        errors.append(
            FieldError(
                "professional_total", say("professional_over_total", professional=professional_posts, total=total_posts)
            )
        )
        return ()
    return errors.read(_tier_posts, professional_posts, structure) or ()


def _tier_posts(total: int, structure) -> tuple[TierPosts, ...]:
    if inputs.is_blank(structure):
        raise InvalidInput("structure", say("structure_missing"))
    parts = re.split(r"[:：/]", inputs.normalise(structure))
    if len(parts) != 3 or not all(re.fullmatch(r"\d+", p.strip()) for p in parts):
        raise InvalidInput("structure", say("structure_form"))
    weights = [int(p) for p in parts]
    if sum(weights) == 0:
        raise InvalidInput("structure", say("structure_all_zero"))
    result = []
    for tier, weight in zip(STRUCTURE_TIERS, weights, strict=True):
        share = Fraction(weight, sum(weights))
        posts = total * share
        result.append(TierPosts(tier=tier, share=share, posts=posts, posts_text=number_text(posts)))
    return tuple(result)


@dataclass(frozen=True, kw_only=True)
class ThresholdDecision:
    """What the 70 % rule decides for one unit, in numbers only; the wording functions below say it."""

    total: int
    social_work: int
    ratio: Fraction
    minimum: int  # the fewest social-work posts for this total
    compliant: bool
    shortfall: int  # existing posts to re-designate, the total unchanged
    add_new: int  # new social-work posts to add instead
    supported: int  # the most posts in all the present social-work posts keep at the threshold


def decide_threshold(total: int, social_work: int) -> ThresholdDecision:
    minimum = minimum_social_work_posts(total)
    return ThresholdDecision(
        total=total,
        social_work=social_work,
        ratio=Fraction(social_work, total),
        minimum=minimum,
        compliant=meets_threshold(social_work, total),
        shortfall=max(0, minimum - social_work),
        add_new=fewest_new_posts(social_work, total),
        supported=largest_total_supported(social_work),
    )


def _result(kind, total, social_work, tier_posts, explain=True) -> RatioResult:
    if kind.applies:
        return _threshold_result(kind, decide_threshold(total, social_work), tier_posts, explain)
    return _not_applicable_result(kind, total, social_work, tier_posts, explain)


def _threshold_result(kind, decision: ThresholdDecision, tier_posts, explain=True) -> RatioResult:
    rules = ratio_rules()
    d = decision
    max_total_text = _max_total_text(d.social_work, d.total, d.supported, _threshold_percent()) if explain else None
    return RatioResult(
        org_type=kind.code,
        org_type_name=kind.name,
        applies=True,
        compliant=d.compliant,
        total_posts=d.total,
        social_work_posts=d.social_work,
        ratio=d.ratio,
        ratio_percent=percent_text(d.ratio),
        threshold_percent=_threshold_percent(),
        min_social_work_posts=d.minimum,
        shortfall=d.shortfall,
        max_total_supported=d.supported,
        asks=kind.asks,
        strength=kind.strength,
        tier_posts=tier_posts,
        verdict=_threshold_verdict(d),
        steps=(*_share_steps(kind, d.total, d.social_work), *_threshold_steps(d)) if explain else (),
        clauses=unique((*rules.clauses, *kind.clauses)),
        add_new=d.add_new,
        next_steps=_next_steps(d) if explain else (),
        max_total_text=max_total_text,
    )


def _threshold_percent() -> str:
    return _percent_of_threshold(ratio_rules().threshold)


@cache
def _percent_of_threshold(threshold: Fraction) -> str:
    # Once per threshold, not up to five times per answer: arithmetic on Fractions is most of a batch's cost.
    return percent_text(threshold, threshold)


def _share_steps(kind, total, social_work) -> list[str]:
    """The unit's type, then its share and how it is rounded, when the counts were given."""
    steps = [say("org_type_step", name=kind.name)]
    if total:
        steps.append(
            say("share_step", social_work=social_work, total=total, percent=percent_text(Fraction(social_work, total)))
        )
        steps.append(
            say("rounding_near_threshold_step", threshold=_threshold_percent())
            if kind.applies
            else say("rounding_step")
        )
    return steps


def _threshold_steps(d: ThresholdDecision) -> list[str]:
    threshold = _threshold_percent()
    steps = [
        say("requirement_step", threshold=threshold),
        say(
            "minimum_step",
            total=d.total,
            threshold=threshold,
            minimum=d.minimum,
            product=number_text(d.total * ratio_rules().threshold),
        ),
        say("met_step", social_work=d.social_work)
        if d.compliant
        else say("short_step", social_work=d.social_work, shortfall=d.shortfall),
    ]
    if not d.compliant:
        steps.append(_new_posts_step(d.social_work, d.total, d.add_new, threshold))
    steps.append(_max_total_text(d.social_work, d.total, d.supported, threshold))
    return steps


def _threshold_verdict(d: ThresholdDecision) -> str:
    if d.compliant:
        return say("verdict_met", percent=percent_text(d.ratio), threshold=_threshold_percent())
    return say(
        "verdict_not_met",
        percent=percent_text(d.ratio),
        threshold=_threshold_percent(),
        shortfall=d.shortfall,
        add_new=d.add_new,
    )


def _next_steps(d: ThresholdDecision) -> tuple[str, ...]:
    """Both routes for a unit below the threshold; the room left for one at or above it."""
    if d.compliant:
        return (_headroom_text(d.social_work, d.total, d.supported, _threshold_percent()),)
    return _routes_text(d.social_work, d.total, d.shortfall, d.add_new)


def _not_applicable_result(kind, total, social_work, tier_posts, explain=True) -> RatioResult:
    rules = ratio_rules()
    ratio = Fraction(social_work, total) if total else None
    steps = (
        []
        if not explain
        else [
            *_share_steps(kind, total, social_work),
            say("not_applicable_step", threshold=_threshold_percent(), name=kind.name),
            say("provisions_step", asks=kind.asks),
        ]
    )
    if tier_posts and explain:
        tiers = "；".join(say("tier_posts_item", tier=t.tier, posts=t.posts_text) for t in tier_posts)
        steps.append(say("tier_posts_step", tiers=tiers))
    return RatioResult(
        org_type=kind.code,
        org_type_name=kind.name,
        applies=False,
        total_posts=total,
        social_work_posts=social_work,
        ratio=ratio,
        ratio_percent=percent_text(ratio) if ratio is not None else None,
        threshold_percent=_threshold_percent(),
        asks=kind.asks,
        strength=kind.strength,
        tier_posts=tier_posts,
        verdict=say("verdict_not_applicable", name=kind.name),
        steps=tuple(steps),
        clauses=unique((*kind.clauses, *rules.clauses)),
    )


def _routes_text(social_work: int, total: int, shortfall: int, add_new: int) -> tuple[str, ...]:
    """The two ways to reach the threshold, each with the share it gives."""
    redesignated = social_work + shortfall
    grown_total = total + add_new
    routes = (
        say(
            "redesignate_route",
            shortfall=shortfall,
            total=total,
            social_work=redesignated,
            percent=percent_text(Fraction(redesignated, total)),
        ),
        say(
            "add_new_route",
            add_new=add_new,
            total=grown_total,
            social_work=social_work + add_new,
            percent=percent_text(Fraction(social_work + add_new, grown_total)),
        ),
    )
    if shortfall < 2:
        return routes  # with one post to re-designate there is nothing to split between the two ways
    return routes + (say("combined_routes"),)


def _new_posts_step(social_work: int, total: int, add_new: int, threshold_percent: str) -> str:
    """Why adding new posts takes more than re-designating: each new post adds to the total too."""
    one_fewer = ""
    if add_new > 1:
        one_fewer = say(
            "one_fewer_clause",
            add_new=add_new - 1,
            social_work=social_work + add_new - 1,
            total=total + add_new - 1,
            threshold=threshold_percent,
            percent=percent_text(Fraction(social_work + add_new - 1, total + add_new - 1)),
        )
    return say(
        "new_posts_step",
        add_new=add_new,
        social_work=social_work + add_new,
        total=total + add_new,
        percent=percent_text(Fraction(social_work + add_new, total + add_new)),
        one_fewer=one_fewer,
    )


def _max_total_text(social_work: int, total: int, supported: int, threshold_percent: str) -> str:
    if supported == 0:
        return say("no_posts_no_total", threshold=threshold_percent)
    return say("max_total_step", social_work=social_work, supported=supported, threshold=threshold_percent, total=total)


def _headroom_text(social_work: int, total: int, supported: int, threshold_percent: str) -> str:
    """What a compliant unit can still do without adding social-work posts."""
    if supported > total:
        return say("headroom", social_work=social_work, supported=supported, room=supported - total)
    return say("no_headroom", social_work=social_work, total=total, threshold=threshold_percent)
