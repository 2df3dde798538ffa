"""Questions about the numbers and tables of 59号, generated from the calculators' rules data: when a rule
changes, its questions change with it."""

from __future__ import annotations

from calculators import check_ratio, grade_name, minimum_social_work_posts, percent_text
from calculators.rules import allowance_rules, grade_rules, ratio_rules
from calculators.words import section, wording
from training.items import DOCUMENT, TRUE_FALSE_OPTIONS, QuestionItem

# The questions' wording: words.toml [questions]. Every template may use {document}; say() fills it in.
_say = wording("questions")


def say(key: str, /, **values) -> str:
    return _say(key, document=DOCUMENT, **values)


CHINESE_COUNTS = "零一两三四五六七八九十"
# Item ids name a post's level by letter, so they stay ASCII: 一级 → a.
LEVEL_LETTERS = {"一级": "a", "二级": "b", "三级": "c"}


def _single(item_id, stem, correct, options, explanation, clause, rule):
    """`options` in the order they are shown (the page shuffles them anyway); `correct` is one of them."""
    options = list(dict.fromkeys(options))
    return QuestionItem(
        id=item_id,
        type="single",
        stem=stem,
        options=tuple(options),
        answer=(options.index(correct),),
        explanation=explanation,
        clause=clause,
        generated_from=rule,
    )


def _true_false(item_id, stem, truth, explanation, clause, rule):
    return QuestionItem(
        id=item_id,
        type="true_false",
        stem=stem,
        options=TRUE_FALSE_OPTIONS,
        answer=(0 if truth else 1,),
        explanation=explanation,
        clause=clause,
        generated_from=rule,
    )


def _nearby_percents(threshold) -> list[str]:
    """The threshold and the shares 10 and 20 points below and 10 above it, as far as they are shares."""
    share = threshold * 100
    return [percent_text((share + delta) / 100) for delta in (-20, -10, 0, 10) if 0 < share + delta <= 100]


def _threshold_rule_text(percent: str) -> str:
    return say("threshold_rule", percent=percent)


def _threshold_item(clause: str, percent: str) -> QuestionItem:
    return _single(
        "s3-2-3-gen-threshold",
        say("threshold_stem"),
        percent,
        _nearby_percents(ratio_rules().threshold),
        say("threshold_explanation", clause=clause, rule=_threshold_rule_text(percent)),
        clause,
        "ratio.toml [threshold]",
    )


def _exactly_threshold_item(clause: str, percent: str, total: int = 10) -> QuestionItem:
    exact = check_ratio("sw-org", total, minimum_social_work_posts(total))
    return _true_false(
        "s3-2-3-gen-exactly-threshold",
        say("exactly_threshold_stem", total=total, social_work=minimum_social_work_posts(total)),
        bool(exact.compliant),
        say("exactly_threshold_explanation", share=exact.ratio_percent, percent=percent),
        clause,
        "ratio.toml [threshold]",
    )


def _minimum_item(clause: str, percent: str, total: int = 11) -> QuestionItem:
    minimum = minimum_social_work_posts(total)
    exact_share = float(total * ratio_rules().threshold)
    return _single(
        "s3-2-3-gen-minimum-eleven",
        say("minimum_stem", total=total),
        say("posts", count=minimum),
        [say("posts", count=n) for n in (minimum - 1, minimum, minimum + 1, minimum + 2)],
        # The text says only 不低于; rounding up follows from it, because posts are whole.
        say(
            "minimum_explanation",
            clause=clause,
            rule=_threshold_rule_text(percent),
            total=total,
            percent=percent,
            share=f"{exact_share:g}",
            minimum=minimum,
        ),
        clause,
        "ratio.toml [threshold]",
    )


def _not_bound_item(percent: str) -> QuestionItem:
    """One type the ratio does not bind, asked once (the threshold item's stem already says whom it binds).
    The stem leaves the percentage out, which the threshold item asks."""
    kind = ratio_rules().org_type("charity")
    return _true_false(
        f"s3-2-gen-applies-{kind.code}",
        say("bound_stem", org_type=kind.name),
        kind.applies,
        _what_the_text_says_of(kind, percent),
        kind.clauses[0],
        f"ratio.toml org_type {kind.code}",
    )


def ratio_items() -> list[QuestionItem]:
    rules = ratio_rules()
    clause = rules.clauses[0]
    percent = percent_text(rules.threshold)
    return [
        _threshold_item(clause, percent),
        _exactly_threshold_item(clause, percent),
        _minimum_item(clause, percent),
        _not_bound_item(percent),
    ]


def _what_the_text_says_of(kind, percent) -> str:
    """The type's own provisions, quoted from its clause, then where the ratio does apply."""
    quoted = "；".join(f"「{p.text}」" for p in kind.provisions if p.clause == kind.clauses[0])
    ratio = (
        say("ratio_applies")
        if kind.applies
        else say("ratio_does_not_apply", percent=percent, clause=ratio_rules().clauses[0])
    )
    return say("bound_explanation", clause=kind.clauses[0], quoted=quoted, ratio=ratio)


def _nearest_grades(grade: int, grades: list[int]) -> list[int]:
    """The four mapped grades nearest `grade` (itself included), lower first on a tie, in ascending order."""
    return sorted(sorted(grades, key=lambda g: (abs(g - grade), g))[:4])


def _levels_sentence(post, reading_note: str) -> str:
    """三（三）'s sentence for one post: its levels and the grades they correspond to, in order."""
    levels = "、".join(name for name, _ in post.levels)
    grades = "、".join(grade_name(g) for _, g in post.levels)
    return say(
        "levels_explanation",
        clause=post.clauses[0],
        post=post.name,
        levels=levels,
        grades=grades,
        reading_note=reading_note,
    )


def grade_items() -> list[QuestionItem]:
    rules = grade_rules()
    mapped = [(post, level, grade) for post in rules.qualifications for level, grade in post.levels]
    all_grades = sorted(grade for _, _, grade in mapped)
    items = []
    for post, level, grade in mapped:
        items.append(
            _single(
                f"s3-3-gen-{post.code}-{LEVEL_LETTERS[level]}",
                say("grade_stem", post=post.name, level=level),
                grade_name(grade),
                [grade_name(g) for g in _nearest_grades(grade, all_grades)],
                _levels_sentence(post, rules.reading_note),
                post.clauses[0],
                "grades.toml qualification",
            )
        )
    senior = next(post for post in rules.qualifications if not post.levels)
    items.append(
        _single(
            "s3-3-gen-senior-tier",
            say("senior_stem", post=senior.name),
            say("senior_tier"),
            [*section("questions")["tiers"], say("not_set")],
            say("senior_explanation", clause=senior.clauses[0], post=senior.name),
            senior.clauses[0],
            "grades.toml qualification senior",
        )
    )
    return items


def _years_text(years: int) -> str:
    return say("years", count=CHINESE_COUNTS[years])


def _year_options(years: int) -> list[str]:
    """The right number of years among 1, 3 and 5; when it is one of those, 2 makes the fourth option."""
    choices = {1, 3, 5, years} if years not in (1, 3, 5) else {1, 2, 3, 5}
    return [_years_text(n) for n in sorted(choices)]


def _force_word_explanation(policy) -> str:
    """The sentence quoted, its force word (or that it has none) and its addressee. Written out here rather than
    with the force label, which says 本文件: questions.json leaves the site."""
    word = say("force_word", word=policy.word) if policy.word else say("no_force_word")
    return say("wording_explanation", clause=policy.clause, text=policy.text, word=word, addressee=policy.addressee)


def _allowance_wording_item(provision) -> QuestionItem:
    """Which wording the text uses for one occupational-allowance sentence: the right option is the sentence's
    own ending, the others put another force word on the same addressee (provisions.toml says which is right)."""
    policy = provision.policy
    giver = policy.addressee
    correct = policy.text.split("，")[-1]
    options = [option.format(giver=giver) for option in section("questions")["allowance_wordings"]]
    if correct not in options:
        raise ValueError(f"{policy.id}: the text's wording {correct!r} is not among the options")
    return _single(
        f"s4-1-gen-{provision.id}",
        say("wording_stem", clause=policy.clause, giver=giver),
        correct,
        options,
        _force_word_explanation(policy),
        policy.clause,
        f"provisions.toml provision {policy.id}",
    )


def allowance_items() -> list[QuestionItem]:
    rules = allowance_rules()
    word = _years_text(rules.min_years_for_postgraduate_priority)
    items = [
        _single(
            "s4-4-gen-postgraduate-years",
            say("postgraduate_stem"),
            word,
            _year_options(rules.min_years_for_postgraduate_priority),
            say("postgraduate_explanation", clause=rules.hardship_clauses[0], years=word),
            rules.hardship_clauses[0],
            "allowance.toml [hardship]",
        )
    ]
    items += [_allowance_wording_item(p) for p in rules.provisions if p.occupational_allowance]
    return items


def generated_items() -> list[QuestionItem]:
    return [*ratio_items(), *grade_items(), *allowance_items()]
