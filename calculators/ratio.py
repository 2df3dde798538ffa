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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from calculators import inputs
from calculators.inputs import FieldError, InvalidInput
from calculators.results import Invalid, unique
from calculators.rules import ratio_rules

STRUCTURE_TIERS = ("高级", "中级", "初级")


@dataclass(frozen=True)
class TierPosts:
    tier: str
    share: Fraction  # of the professional-technical total
    posts: Fraction  # exact; not always a whole number
    posts_text: str


@dataclass(frozen=True)
class RatioResult:
    org_type: str
    org_type_name: str
    applies: bool
    compliant: bool | None
    total_posts: int | None
    social_work_posts: int | None
    ratio: Fraction | None
    ratio_percent: str | None  # rounded half-up to two decimals, but never shown as reaching a threshold it misses
    threshold_percent: str
    min_social_work_posts: int | None
    shortfall: int | None  # existing posts to re-designate as social-work posts, the total unchanged
    max_total_supported: int | None
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
    hundredths = _round_half_up(value * 10000)
    if value < threshold <= Fraction(hundredths, 10000):
        hundredths = math.floor(value * 10000)
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


def check_ratio(org_type, total=None, social_work=None, professional_total=None, structure=None):
    """The ratio check for one unit. Returns RatioResult, or Invalid with the errors of each field.

    Counts may be written 23, “23个” or “二十三”; a 事业单位's structure ratio takes its professional-technical
    post total, which cannot exceed the unit's post total when both are given.
    """
    rules = ratio_rules()
    errors = inputs.FieldErrors()
    read = errors.read

    code = read(rules.read_org_type, org_type)
    kind = rules.org_type(code) if code else None
    needs_counts = kind is None or kind.applies
    total_posts = social_work_posts = None
    if needs_counts or not inputs.is_blank(total) or not inputs.is_blank(social_work):
        total_posts = read(inputs.count, total, "total", "岗位总数")
        social_work_posts = read(inputs.count, social_work, "social_work", "社会工作专业岗位数")
    if total_posts == 0:
        errors.append(FieldError("total", "岗位总数为 0，无法计算比例；请填写单位的岗位总数（至少 1 个）。"))
    if total_posts and social_work_posts is not None and social_work_posts > total_posts:
        errors.append(FieldError("social_work", "社会工作专业岗位数不能多于岗位总数。"))

    tier_posts = ()
    wants_tiers = not inputs.is_blank(professional_total) or not inputs.is_blank(structure)
    if wants_tiers:
        if code and code != "public-institution":
            errors.append(FieldError("structure", "专业技术岗位结构比例只适用于事业单位。"))
        else:
            professional_posts = read(inputs.count, professional_total, "professional_total", "专业技术岗位总量")
            if professional_posts is not None and total_posts and professional_posts > total_posts:
                errors.append(FieldError("professional_total", f"专业技术岗位总量（{professional_posts} 个）不能多于岗位总数（{total_posts} 个）。"))
            elif professional_posts is not None:
                tier_posts = read(_tier_posts, professional_posts, structure) or ()

    if errors:
        return Invalid(tuple(errors))
    return _result(kind, total_posts, social_work_posts, tier_posts)


def _tier_posts(total: int, structure) -> tuple[TierPosts, ...]:
    if inputs.is_blank(structure):
        raise InvalidInput("structure", "请填写本单位核定的专业技术岗位结构比例（高级:中级:初级，如 1:3:6）；本站不假定任何标准。")
    parts = re.split(r"[:：/]", inputs.normalise(structure))
    if len(parts) != 3 or not all(re.fullmatch(r"\d+", p.strip()) for p in parts):
        raise InvalidInput("structure", "结构比例请写成“高级:中级:初级”三个整数，如 1:3:6。")
    weights = [int(p) for p in parts]
    if sum(weights) == 0:
        raise InvalidInput("structure", "结构比例不能全为 0。")
    result = []
    for tier, weight in zip(STRUCTURE_TIERS, weights):
        share = Fraction(weight, sum(weights))
        posts = total * share
        result.append(TierPosts(tier, share, posts, number_text(posts)))
    return tuple(result)


def _result(kind, total, social_work, tier_posts) -> RatioResult:
    rules = ratio_rules()
    threshold_percent = percent_text(rules.threshold)
    steps: list[str] = [f"单位类型：{kind.name}。"]
    ratio = Fraction(social_work, total) if total else None
    if ratio is not None:
        steps.append(f"社会工作专业岗位占比 = {social_work} ÷ {total} = {percent_text(ratio)}。")
        steps.append("百分比四舍五入保留两位小数" + (f"；低于 {threshold_percent} 的比例不会显示为 {threshold_percent}。"
                                                 if kind.applies else "。"))

    if kind.applies:
        minimum = minimum_social_work_posts(total)
        compliant = meets_threshold(social_work, total)
        shortfall = max(0, minimum - social_work)
        add_new = fewest_new_posts(social_work, total)
        supported = largest_total_supported(social_work)
        max_total_text = _max_total_text(social_work, total, supported, threshold_percent)
        steps += [
            f"本文件要求：社会工作专业岗位数量应不低于岗位总数量的 {threshold_percent}（恰好 {threshold_percent} 也符合）。",
            f"{total} 个岗位 × {threshold_percent} = {number_text(total * rules.threshold)}；岗位数是整数，不低于这个数的最小整数是 {minimum}，所以至少需要 {minimum} 个社会工作专业岗位。",
            f"现有 {social_work} 个，达到要求。" if compliant else f"现有 {social_work} 个，未达到要求：岗位总数不变时，还差 {shortfall} 个。",
        ]
        if not compliant:
            steps.append(_new_posts_step(social_work, total, add_new, threshold_percent))
        steps.append(max_total_text)
        if compliant:
            next_steps = (_headroom_text(social_work, total, supported, threshold_percent),)
            verdict = f"符合：社会工作专业岗位占 {percent_text(ratio)}，不低于 {threshold_percent}。"
        else:
            next_steps = _routes_text(social_work, total, shortfall, add_new)
            verdict = (f"不符合：社会工作专业岗位占 {percent_text(ratio)}，低于 {threshold_percent}。"
                       f"需把 {shortfall} 个现有岗位改设为社会工作专业岗位，或新增 {add_new} 个社会工作专业岗位。")
        clauses = unique((*rules.clauses, *kind.clauses))
        return RatioResult(
            kind.code, kind.name, True, compliant, total, social_work, ratio, percent_text(ratio), threshold_percent,
            minimum, shortfall, supported, kind.asks, kind.strength, tier_posts, verdict, tuple(steps), clauses,
            add_new=add_new, next_steps=next_steps, max_total_text=max_total_text,
        )

    steps.append(f"{threshold_percent} 的比例要求只针对以社会工作服务为主的社会组织，不适用于{kind.name}。")
    steps.append(f"本文件的有关规定：{kind.asks}")
    if tier_posts:
        steps.append("按你填写的本单位结构比例，专业技术岗位各层级数量为："
                     + "；".join(f"{t.tier} {t.posts_text}" for t in tier_posts)
                     + "。不是整数时的取整办法，以主管部门核定为准。")
    verdict = f"比例要求不适用：本文件没有规定{kind.name}的社会工作专业岗位比例。"
    return RatioResult(
        kind.code, kind.name, False, None, total, social_work, ratio, percent_text(ratio) if ratio is not None else None,
        threshold_percent, None, None, None, kind.asks, kind.strength, tier_posts, verdict, tuple(steps),
        unique((*kind.clauses, *rules.clauses)),
    )


def _routes_text(social_work: int, total: int, shortfall: int, add_new: int) -> tuple[str, ...]:
    """The two ways to reach the threshold, each with the share it gives."""
    redesignated = social_work + shortfall
    grown_total = total + add_new
    routes = (
        f"把现有岗位中的 {shortfall} 个改设为社会工作专业岗位（岗位总数仍为 {total} 个）："
        f"{redesignated} ÷ {total} = {percent_text(Fraction(redesignated, total))}。",
        f"或者新增 {add_new} 个社会工作专业岗位（岗位总数增至 {grown_total} 个）："
        f"{social_work + add_new} ÷ {grown_total} = {percent_text(Fraction(social_work + add_new, grown_total))}。",
    )
    if shortfall < 2:
        return routes  # with one post to re-designate there is nothing to split between the two ways
    return routes + ("两种办法也能结合使用（改设一部分、新增一部分）；结合后的岗位数，请在本工具中重新计算。",)


def _new_posts_step(social_work: int, total: int, add_new: int, threshold_percent: str) -> str:
    """Why adding new posts takes more than re-designating: each new post adds to the total too."""
    grown = social_work + add_new, total + add_new
    text = (f"如果改为新增社会工作专业岗位，岗位总数也随之增加：新增 {add_new} 个时 {grown[0]} ÷ {grown[1]} = "
            f"{percent_text(Fraction(*grown))}，达到要求")
    if add_new > 1:
        one_fewer = grown[0] - 1, grown[1] - 1
        text += f"；新增 {add_new - 1} 个时 {one_fewer[0]} ÷ {one_fewer[1]} = {percent_text(Fraction(*one_fewer))}，仍低于 {threshold_percent}"
    return text + "。"


def _max_total_text(social_work: int, total: int, supported: int, threshold_percent: str) -> str:
    if supported == 0:
        return f"现有 0 个社会工作专业岗位：岗位总数无论多少，社会工作专业岗位占比都达不到 {threshold_percent}。"
    return (f"按现有 {social_work} 个社会工作专业岗位计算，岗位总数（含这 {social_work} 个）最多 {supported} 个，"
            f"社会工作专业岗位才不低于 {threshold_percent}；现在岗位总数是 {total} 个。")


def _headroom_text(social_work: int, total: int, supported: int, threshold_percent: str) -> str:
    """What a compliant unit can still do without adding social-work posts."""
    if supported > total:
        return (f"保持现有 {social_work} 个社会工作专业岗位不变，岗位总数不超过 {supported} 个时仍符合要求"
                f"（还能增加 {supported - total} 个其他岗位）。")
    return (f"保持现有 {social_work} 个社会工作专业岗位不变，岗位总数 {total} 个已是上限：再增加其他岗位，"
            f"社会工作专业岗位占比就会低于 {threshold_percent}。")
