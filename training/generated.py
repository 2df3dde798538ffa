"""Questions about the numbers and tables of 59号, generated from the calculators' rules data: when a rule
changes, its questions change with it."""

from __future__ import annotations

from calculators import check_ratio, minimum_social_work_posts
from calculators.grade import grade_name
from calculators.ratio import percent_text
from calculators.rules import allowance_rules, grade_rules, ratio_rules
from training.bank import TRUE_FALSE_OPTIONS, QuestionItem

CHINESE_COUNTS = "零一两三四五六七八九十"


def _single(item_id, stem, correct, options, explanation, clause, rule):
    """`options` in the order they are shown (the page shuffles them anyway); `correct` is one of them."""
    options = list(dict.fromkeys(options))
    return QuestionItem(item_id, "single", stem, tuple(options), (options.index(correct),), explanation, clause,
                        generated_from=rule)


def _true_false(item_id, stem, truth, explanation, clause, rule):
    return QuestionItem(item_id, "true_false", stem, TRUE_FALSE_OPTIONS, (0 if truth else 1,), explanation, clause,
                        generated_from=rule)


def ratio_items() -> list[QuestionItem]:
    rules = ratio_rules()
    clause = rules.clauses[0]
    percent = percent_text(rules.threshold)
    share = rules.threshold * 100
    options = [percent_text((share + delta) / 100) for delta in (-20, -10, 0, 10) if 0 < share + delta <= 100]
    items = [_single(
        "s3-2-3-gen-threshold", "以社会工作服务为主的社会组织，社会工作专业岗位数量应不低于岗位总数量的多少？",
        percent, options,
        f"{clause}：「社会工作专业岗位数量应不低于岗位总数量的{percent}」。", clause, "ratio.toml [threshold]",
    )]
    total = 10
    exact = check_ratio("sw-org", total, minimum_social_work_posts(total))
    items.append(_true_false(
        "s3-2-3-gen-exactly-threshold",
        f"某以社会工作服务为主的社会组织共有 {total} 个岗位，其中社会工作专业岗位 {minimum_social_work_posts(total)} 个，"
        "符合本文件的比例要求。",
        bool(exact.compliant),
        f"「不低于」包括恰好等于：{exact.ratio_percent} 不低于 {percent}。", clause, "ratio.toml [threshold]",
    ))
    total = 11
    minimum = minimum_social_work_posts(total)
    items.append(_single(
        "s3-2-3-gen-minimum-eleven", f"某以社会工作服务为主的社会组织共有 {total} 个岗位，至少应有几个社会工作专业岗位？",
        f"{minimum} 个", [f"{n} 个" for n in (minimum - 1, minimum, minimum + 1, minimum + 2)],
        f"{total} × {percent} = {float(total * rules.threshold):g}，不足一个岗位的部分要向上取整，所以至少 {minimum} 个。",
        clause, "ratio.toml [threshold]",
    ))
    for code in ("charity", "elderly-care", "enterprise", "sw-org"):
        kind = rules.org_type(code)
        items.append(_true_false(
            f"s3-2-gen-applies-{code}", f"本文件规定{kind.name}的社会工作专业岗位数量应不低于岗位总数量的{percent}。",
            kind.applies, f"{'、'.join(kind.clauses)}：{kind.asks}", kind.clauses[0], f"ratio.toml org_type {code}",
        ))
    return items


def grade_items() -> list[QuestionItem]:
    rules = grade_rules()
    mapped = [(post, level, grade) for post in rules.qualifications for level, grade in post.levels]
    all_grades = sorted(grade for _, _, grade in mapped)
    items = []
    for post, level, grade in mapped:
        nearest = sorted(all_grades, key=lambda g: (abs(g - grade), g))[:4]
        items.append(_single(
            f"s3-3-gen-{post.code}-{'abc'[['一级', '二级', '三级'].index(level)]}",
            f"按本文件，{post.name}{level}岗位对应哪一级专业技术岗位？",
            grade_name(grade), [grade_name(g) for g in sorted(nearest)],
            f"三（三）：{post.name}岗位分为" + "、".join(name for name, _ in post.levels) + "，分别对应"
            + "、".join(grade_name(g) for _, g in post.levels) + f"专业技术岗位。{rules.reading_note}",
            post.clauses[0], "grades.toml qualification",
        ))
    senior = next(post for post in rules.qualifications if not post.levels)
    items.append(_single(
        "s3-3-gen-senior-tier", f"按本文件，{senior.name}岗位属于哪一层级的专业技术岗位？",
        "高级专业技术岗位", ["初级专业技术岗位", "中级专业技术岗位", "高级专业技术岗位", "本文件没有规定"],
        f"三（三）：「{senior.name}岗位属于高级专业技术岗位」。{senior.unspecified}", senior.clauses[0],
        "grades.toml qualification senior",
    ))
    lowest_tier = rules.tiers[-1]
    unmatched = [g for g in lowest_tier.grades if g not in all_grades]
    items.append(_true_false(
        "s3-3-gen-grade-thirteen", f"按本文件，{grade_name(unmatched[0])}专业技术岗位对应助理社会工作师岗位。", False,
        f"本文件的对应表只写到助理社会工作师二级岗位对应{grade_name(max(all_grades))}；{grade_name(unmatched[0])}"
        f"（{lowest_tier.note.rstrip('。')}）没有对应的社会工作专业岗位。", senior.clauses[0], "grades.toml tier",
    ))
    return items


def allowance_items() -> list[QuestionItem]:
    rules = allowance_rules()
    years = rules.min_years_for_postgraduate_priority
    word = CHINESE_COUNTS[years] + "年"
    items = [_single(
        "s4-4-gen-postgraduate-years", "在艰苦地区服务满多长时间报考社会工作专业硕士、博士研究生的社会工作专业人才，同等条件下优先录取？",
        word, [CHINESE_COUNTS[n] + "年" for n in sorted({1, years, 3, 5} if years not in (1, 3, 5) else {1, 2, 3, 5})],
        f"四（四）：「对在艰苦地区服务满{word}报考社会工作专业硕士、博士研究生的社会工作专业人才，同等条件下优先录取」。",
        rules.hardship_clauses[0], "allowance.toml [hardship]",
    )]
    choices = {"required": "应", "by_reference": "参考同类人员"}
    for provision in rules.provisions:
        if not provision.occupational_allowance:
            continue
        who = "取得全国社会工作者职业资格证书的村（社区）专职工作人员" if "village-community" in provision.when["employment"] else "社会组织中取得证书的社会工作专业人才"
        correct = choices[provision.occupational_allowance]
        items.append(_single(
            f"s4-1-gen-{provision.id}", f"对{who}的职业津贴，本文件的用语是哪一个？",
            f"「{correct}」给予", [*(f"「{c}」给予" for c in choices.values()), "「可以」给予", "「鼓励」给予"],
            f"四（一）：「{provision.text}」。{rules.strengths[provision.strength]}。", provision.clause,
            f"allowance.toml provision {provision.id}",
        ))
    return items


def generated_items() -> list[QuestionItem]:
    return [*ratio_items(), *grade_items(), *allowance_items()]
