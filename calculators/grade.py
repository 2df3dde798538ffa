"""三（三）: which professional-technical post grade a social-work post corresponds to, and back.

助理社会工作师一级/二级 → 十一/十二级 (初级); 社会工作师一级/二级/三级 → 八/九/十级 (中级); 高级社会工作师岗位
属于高级专业技术岗位, and 59号 says nothing more of it: no grade, no 正高/副高 — so neither does this calculator, in
either direction. "分别对应" is read in order. The table maps posts, not certificates: holding a certificate does
not by itself appoint anyone to a grade. A form offers each post only its own levels
(`grade_rules().qualifications[…].level_names`); a level the post does not have is refused on the level field.
The grade may be written 11, 11级, 十一 or 十一级. `chosen_levels` decides; the result's words are words.toml [grade].
"""

from __future__ import annotations

from dataclasses import dataclass

from calculators import inputs
from calculators.inputs import FieldError, InvalidInput
from calculators.results import Invalid
from calculators.rules import grade_rules
from calculators.words import wording

say = wording("grade")

CHINESE_NUMERALS = "零一二三四五六七八九十"
LEVEL_SPELLINGS = {
    "一级": "一级",
    "二级": "二级",
    "三级": "三级",
    "1": "一级",
    "2": "二级",
    "3": "三级",
    "一": "一级",
    "二": "二级",
    "三": "三级",
    "1级": "一级",
    "2级": "二级",
    "3级": "三级",
}


def grade_name(grade: int) -> str:
    """十一级 for 11: the way 59号 writes grades."""
    tens, units = divmod(grade, 10)
    text = ("十" if tens == 1 else CHINESE_NUMERALS[tens] + "十" if tens else "") + (
        CHINESE_NUMERALS[units] if units else ""
    )
    return text + "级"


@dataclass(frozen=True, kw_only=True)
class GradeResult:
    direction: str  # "qualification-to-grade" or "grade-to-qualification"
    qualification: str | None = None  # the post's name, e.g. 社会工作师; None where 59号 maps no social-work post
    qualification_code: str | None = None
    level: str | None = None  # 一级 / 二级 / 三级, or None
    tier: str | None = None  # 初级 / 中级 / 高级 as 59号 names the social-work post's tier
    grade_tier: str | None = None  # 正高级 / 副高级 / 中级 / 初级 of the 13-grade system
    grades: tuple[int, ...]
    grade_names: tuple[str, ...]
    not_specified: str | None = None
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
        return Invalid(errors=(FieldError("grade", say("both_given")),))
    if not has_qualification and not has_grade:
        if not inputs.is_blank(level):
            return Invalid(errors=(FieldError("qualification", say("level_without_post")),))
        return Invalid(errors=(FieldError("qualification", say("neither_given")),))
    try:
        if has_grade:
            if not inputs.is_blank(level):
                raise InvalidInput("level", say("level_with_grade"))
            number = inputs.whole_number(grade, "grade", say("grade_label"), unit="级")
            if not rules.lowest <= number <= rules.highest:
                raise InvalidInput("grade", say("grade_out_of_range", lowest=rules.lowest, highest=rules.highest))
            return _from_grade(number)
        code = inputs.choice(qualification, "qualification", say("qualification_label"), rules.qualification_spellings)
        return _from_qualification(rules.qualification(code), level)
    except InvalidInput as problem:
        return Invalid(errors=(problem.error,))


def _from_qualification(post, level) -> GradeResult:
    if not post.levels:
        return _post_without_levels(post, level)
    return _post_grades(post, chosen_levels(post, level))


def chosen_levels(post, level) -> tuple[tuple[str, int], ...]:
    """The post's (level, grade) pairs the input asks for: all of them when no level is given."""
    if inputs.is_blank(level):
        return post.levels
    spelled = LEVEL_SPELLINGS.get(inputs.normalise(level))
    chosen = tuple((name, grade) for name, grade in post.levels if name == spelled)
    if not chosen:
        raise InvalidInput(
            "level", say("no_such_level", post=post.name, levels=_level_names(post), given=str(level)[:10])
        )
    return chosen


def _level_names(post) -> str:
    return "、".join(name for name, _ in post.levels)


def _grade_names(grades) -> str:
    return "、".join(grade_name(g) for g in grades)


def _post_without_levels(post, level) -> GradeResult:
    """高级社会工作师: 59号 names its tier and nothing more, so the result names no grade."""
    if not inputs.is_blank(level):
        raise InvalidInput("level", say("post_has_no_levels", post=post.name))
    return GradeResult(
        direction="qualification-to-grade",
        qualification=post.name,
        qualification_code=post.code,
        tier=post.tier,
        grades=(),
        grade_names=(),
        not_specified=post.unspecified,
        verdict=say("verdict_unspecified", post=post.name),
        steps=(say("post_tier_step", post=post.name, tier=post.tier), post.unspecified, grade_rules().appointment_note),
        clauses=post.clauses,
    )


def _post_grades(post, chosen: tuple[tuple[str, int], ...]) -> GradeResult:
    rules = grade_rules()
    grades = tuple(grade for _, grade in chosen)
    only_level = chosen[0][0] if len(chosen) == 1 else None
    if only_level:
        verdict = say(
            "verdict_one_level", post=post.name, level=only_level, grade=grade_name(grades[0]), tier=post.tier
        )
    else:
        verdict = say("verdict_levels", post=post.name, grades=_grade_names(grades), tier=post.tier)
    steps = (
        say("post_tier_step", post=post.name, tier=post.tier),
        say("levels_step", post=post.name, levels=_level_names(post), grades=_grade_names(g for _, g in post.levels)),
        rules.reading_note,
        rules.appointment_note,
    )
    return GradeResult(
        direction="qualification-to-grade",
        qualification=post.name,
        qualification_code=post.code,
        level=only_level,
        tier=post.tier,
        grade_tier=rules.tier_of(grades[0]).name,
        grades=grades,
        grade_names=tuple(grade_name(g) for g in grades),
        verdict=verdict,
        steps=steps,
        clauses=post.clauses,
    )


def _from_grade(grade: int) -> GradeResult:
    rules = grade_rules()
    tier = rules.tier_of(grade)
    steps = [say("grade_tier_step", grade=grade_name(grade), tier=tier.name, source=rules.source)]
    for post in rules.qualifications:
        for name, mapped in post.levels:
            if mapped == grade:
                return GradeResult(
                    direction="grade-to-qualification",
                    qualification=post.name,
                    qualification_code=post.code,
                    level=name,
                    tier=post.tier,
                    grade_tier=tier.name,
                    grades=(grade,),
                    grade_names=(grade_name(grade),),
                    verdict=say("verdict_grade_mapped", grade=grade_name(grade), post=post.name, level=name),
                    steps=(*steps, rules.reading_note, rules.appointment_note),
                    clauses=post.clauses,
                )
    mapped = sorted(g for post in rules.qualifications for _, g in post.levels)
    steps.append(
        say("unmapped_step", lowest=grade_name(mapped[0]), highest=grade_name(mapped[-1]), grade=grade_name(grade))
    )
    # 正高级 and 副高级 are both 高级: say what 59号 says of the 高级 post, and that it names no grade.
    unspecified = next((post.unspecified for post in rules.qualifications if not post.levels), None)
    if unspecified and tier.name.endswith("高级"):
        steps.append(unspecified)
    return GradeResult(
        direction="grade-to-qualification",
        grade_tier=tier.name,
        grades=(grade,),
        grade_names=(grade_name(grade),),
        verdict=say("verdict_grade_unmapped", grade=grade_name(grade)),
        steps=tuple(steps),
        clauses=rules.qualifications[0].clauses,
    )
