"""三（二）: the social-work post ratio of an organisation, and what the policy asks of the other kinds.

For 以社会工作服务为主的社会组织 the social-work posts must be at least 70 % of all posts (三（二）3, inclusive).
All arithmetic is on integers and Fractions: the minimum for a total is 70 % rounded up (10 → 7, 11 → 8).
For 事业单位 the unit may give its professional-technical post total and its own structure-ratio standard to see
the posts per tier; no standard is ever assumed (三（二）1).
"""

from __future__ import annotations

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
    ratio_percent: str | None  # truncated to two decimals, never rounded up across the threshold
    threshold_percent: str
    min_social_work_posts: int | None
    shortfall: int | None
    max_total_supported: int | None
    asks: str
    strength: str
    tier_posts: tuple[TierPosts, ...]
    verdict: str
    steps: tuple[str, ...]
    clauses: tuple[str, ...]
    ok: bool = True


def minimum_social_work_posts(total: int) -> int:
    """The fewest social-work posts that meet the threshold for `total` posts: 70 % rounded up."""
    threshold = ratio_rules().threshold
    return -(-total * threshold.numerator // threshold.denominator)


def largest_total_supported(social_work: int) -> int:
    """The most posts in all that `social_work` social-work posts still keep at or above the threshold."""
    threshold = ratio_rules().threshold
    return social_work * threshold.denominator // threshold.numerator


def meets_threshold(social_work: int, total: int) -> bool:
    return Fraction(social_work, total) >= ratio_rules().threshold


def percent_text(value: Fraction) -> str:
    """A percentage truncated (not rounded) to two decimals, so 69.999 % never shows as 70 %."""
    hundredths = value * 10000 // 1
    whole, part = divmod(int(hundredths), 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}".rstrip("0") + "%"


def fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}（约 {float(value):.2f}）"


def check_ratio(org_type, total=None, social_work=None, professional_total=None, structure=None):
    """The ratio check for one unit. Returns RatioResult, or Invalid with the errors of each field."""
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
            tier_posts = read(_tier_posts, professional_total, structure) or ()

    if errors:
        return Invalid(tuple(errors))
    return _result(kind, total_posts, social_work_posts, tier_posts)


def _tier_posts(professional_total, structure) -> tuple[TierPosts, ...]:
    total = inputs.count(professional_total, "professional_total", "专业技术岗位总量")
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
        result.append(TierPosts(tier, share, posts, fraction_text(posts)))
    return tuple(result)


def _result(kind, total, social_work, tier_posts) -> RatioResult:
    rules = ratio_rules()
    threshold_percent = percent_text(rules.threshold)
    steps: list[str] = [f"单位类型：{kind.name}。"]
    ratio = Fraction(social_work, total) if total else None
    if ratio is not None:
        steps.append(f"社会工作专业岗位占比 = {social_work} ÷ {total} = {percent_text(ratio)}。")

    if kind.applies:
        minimum = minimum_social_work_posts(total)
        compliant = meets_threshold(social_work, total)
        shortfall = max(0, minimum - social_work)
        supported = largest_total_supported(social_work)
        steps += [
            f"本文件要求：社会工作专业岗位数量应不低于岗位总数量的 {threshold_percent}（恰好 {threshold_percent} 也符合）。",
            f"{total} 个岗位 × {threshold_percent} = {fraction_text(total * rules.threshold)}；岗位数是整数，不低于这个数的最小整数是 {minimum}，所以至少需要 {minimum} 个社会工作专业岗位。",
            f"现有 {social_work} 个，{'达到' if compliant else '未达到'}要求" + ("。" if compliant else f"，还差 {shortfall} 个。"),
            f"按现有 {social_work} 个社会工作专业岗位，岗位总数最多可为 {supported} 个仍符合要求。",
        ]
        verdict = (
            f"符合：社会工作专业岗位占 {percent_text(ratio)}，不低于 {threshold_percent}。"
            if compliant
            else f"不符合：社会工作专业岗位占 {percent_text(ratio)}，低于 {threshold_percent}，至少还需 {shortfall} 个。"
        )
        clauses = unique((*rules.clauses, *kind.clauses))
        return RatioResult(
            kind.code, kind.name, True, compliant, total, social_work, ratio, percent_text(ratio), threshold_percent,
            minimum, shortfall, supported, kind.asks, kind.strength, tier_posts, verdict, tuple(steps), clauses,
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
