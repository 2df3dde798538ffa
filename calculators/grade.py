"""三（三）: which professional-technical post grade a social-work post corresponds to, and back.

助理社会工作师一级/二级 → 十一/十二级 (初级); 社会工作师一级/二级/三级 → 八/九/十级 (中级); 高级社会工作师岗位
属于高级专业技术岗位, and 59号 says nothing more of it: no grade, no 正高/副高 — so neither does this calculator, in
either direction. "分别对应" is read in order. The table maps posts, not certificates: holding a certificate does
not by itself appoint anyone to a grade. A form offers each post only its own levels
(`grade_rules().qualifications[…].level_names`); a level the post does not have is refused on the level field.
The grade may be written 11, 11级, 十一 or 十一级.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculators import inputs
from calculators.inputs import FieldError, InvalidInput
from calculators.results import Invalid
from calculators.rules import grade_rules

CHINESE_NUMERALS = "零一二三四五六七八九十"
LEVEL_SPELLINGS = {"一级": "一级", "二级": "二级", "三级": "三级", "1": "一级", "2": "二级", "3": "三级",
                   "一": "一级", "二": "二级", "三": "三级", "1级": "一级", "2级": "二级", "3级": "三级"}


def grade_name(grade: int) -> str:
    """十一级 for 11: the way 59号 writes grades."""
    tens, units = divmod(grade, 10)
    text = ("十" if tens == 1 else CHINESE_NUMERALS[tens] + "十" if tens else "") + (CHINESE_NUMERALS[units] if units else "")
    return text + "级"


@dataclass(frozen=True)
class GradeResult:
    direction: str  # "qualification-to-grade" or "grade-to-qualification"
    qualification: str | None  # the post's name, e.g. 社会工作师; None where 59号 maps no social-work post
    qualification_code: str | None
    level: str | None  # 一级 / 二级 / 三级, or None
    tier: str | None  # 初级 / 中级 / 高级 as 59号 names the social-work post's tier
    grade_tier: str | None  # 正高级 / 副高级 / 中级 / 初级 of the 13-grade system
    grades: tuple[int, ...]
    grade_names: tuple[str, ...]
    not_specified: str | None
    verdict: str
    steps: tuple[str, ...]
    clauses: tuple[str, ...]
    ok: bool = True


def check_grade(qualification=None, level=None, grade=None):
    """Either a qualification (with an optional post level) → grades, or a grade 1–13 → the social-work post."""
    rules = grade_rules()
    has_qualification = not inputs.is_blank(qualification)
    has_grade = not inputs.is_blank(grade)
    if has_qualification and has_grade:
        return Invalid((FieldError("grade", "请只填写社会工作专业岗位或专业技术岗位等级中的一项。"),))
    if not has_qualification and not has_grade:
        if not inputs.is_blank(level):
            return Invalid((FieldError("qualification", "填写岗位级别时，请同时选择社会工作专业岗位。"),))
        return Invalid((FieldError("qualification", "请选择社会工作专业岗位，或填写专业技术岗位等级（1–13）。"),))
    try:
        if has_grade:
            if not inputs.is_blank(level):
                raise InvalidInput("level", "按专业技术岗位等级查询时不需要填写岗位级别。")
            number = inputs.whole_number(grade, "grade", "专业技术岗位等级", unit="级")
            if not rules.lowest <= number <= rules.highest:
                raise InvalidInput("grade", f"专业技术岗位等级应在 {rules.lowest} 到 {rules.highest} 之间。")
            return _from_grade(number)
        code = inputs.choice(qualification, "qualification", "社会工作专业岗位", rules.qualification_spellings)
        return _from_qualification(rules.qualification(code), level)
    except InvalidInput as problem:
        return Invalid((problem.error,))


def _from_qualification(post, level) -> GradeResult:
    rules = grade_rules()
    steps = [f"{post.name}岗位属于{post.tier}专业技术岗位。"]
    if not post.levels:
        if not inputs.is_blank(level):
            raise InvalidInput("level", f"本文件没有把{post.name}岗位再分级别，请不要填写岗位级别。")
        steps += [post.unspecified, rules.appointment_note]
        return GradeResult(
            "qualification-to-grade", post.name, post.code, None, post.tier, None, (), (), post.unspecified,
            f"{post.name}岗位属于高级专业技术岗位；本文件没有说它对应哪一级。", tuple(steps), post.clauses,
        )
    named_levels = "、".join(name for name, _ in post.levels)
    if inputs.is_blank(level):
        chosen = post.levels
    else:
        spelled = LEVEL_SPELLINGS.get(inputs.normalise(level))
        chosen = tuple((name, g) for name, g in post.levels if name == spelled)
        if not chosen:
            raise InvalidInput("level", f"{post.name}岗位只分{named_levels}，没有“{str(level)[:10]}”。")
    grades = tuple(g for _, g in chosen)
    grade_text = "、".join(grade_name(g) for g in grades)
    steps.append(
        f"{post.name}岗位分为{named_levels}，分别对应"
        + "、".join(grade_name(g) for _, g in post.levels) + "专业技术岗位。"
    )
    steps.append(rules.reading_note)
    if len(chosen) == 1:
        name, only = chosen[0]
        verdict = f"{post.name}{name}岗位对应{grade_name(only)}专业技术岗位（{post.tier}）。"
    else:
        verdict = f"{post.name}岗位对应{grade_text}专业技术岗位（{post.tier}），具体哪一级取决于岗位级别。"
    steps.append(rules.appointment_note)
    return GradeResult(
        "qualification-to-grade", post.name, post.code, chosen[0][0] if len(chosen) == 1 else None, post.tier,
        rules.tier_of(grades[0]).name, grades, tuple(grade_name(g) for g in grades), None, verdict, tuple(steps),
        post.clauses,
    )


def _from_grade(grade: int) -> GradeResult:
    rules = grade_rules()
    tier = rules.tier_of(grade)
    steps = [f"{grade_name(grade)}属于{tier.name}专业技术岗位（据{rules.source}）。"]
    for post in rules.qualifications:
        for name, mapped in post.levels:
            if mapped == grade:
                steps.append(rules.reading_note)
                steps.append(rules.appointment_note)
                return GradeResult(
                    "grade-to-qualification", post.name, post.code, name, post.tier, tier.name, (grade,),
                    (grade_name(grade),), None, f"{grade_name(grade)}专业技术岗位对应{post.name}{name}岗位。",
                    tuple(steps), post.clauses,
                )
    mapped = sorted(g for post in rules.qualifications for _, g in post.levels)
    steps.append(f"本文件的对应表把社会工作专业岗位对应到{grade_name(mapped[0])}至{grade_name(mapped[-1])}；"
                 f"没有把{grade_name(grade)}对应到哪一个社会工作专业岗位。")
    # 正高级 and 副高级 are both 高级: say what 59号 says of the 高级 post, and that it names no grade.
    unspecified = next((post.unspecified for post in rules.qualifications if not post.levels), None)
    if unspecified and tier.name.endswith("高级"):
        steps.append(unspecified)
    return GradeResult(
        "grade-to-qualification", None, None, None, None, tier.name, (grade,), (grade_name(grade),), None,
        f"本文件没有把{grade_name(grade)}专业技术岗位对应到某一社会工作专业岗位。", tuple(steps),
        rules.qualifications[0].clauses,
    )
