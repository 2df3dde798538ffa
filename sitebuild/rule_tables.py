"""The reference tables of the 规则一览 page, generated from the calculators' rules data at build time, so no
number of the policy is typed twice (the same data drives the calculators)."""

from __future__ import annotations

import re

from calculators import grade_name, minimum_social_work_posts, percent_text
from calculators.rules import PolicyProvision, allowance_rules, grade_rules, provision_rules, ratio_rules
from calculators.words import allowance_conditions

# Totals shown in the worked table of minimums: small units in full, then round numbers.
EXAMPLE_TOTALS = (*range(1, 21), 25, 30, 40, 50, 100)


def _link(label: str, policy_link: str) -> str:
    from policytext import clause_by_label

    return f"[{label}]({policy_link}#{clause_by_label(label).fragment})"


def ratio_table(policy_link: str) -> str:
    rules = ratio_rules()
    lines = [
        f"以社会工作服务为主的社会组织：社会工作专业岗位数量应不低于岗位总数量的 **{percent_text(rules.threshold)}**"
        f"（{'含' if rules.inclusive else '不含'}本数）。岗位数是整数，所以最少岗位数是不低于“岗位总数 × {percent_text(rules.threshold)}”的最小整数。",
        "",
    ]
    # A list rather than a table: the requirements are sentences, which a five-column table squeezes on a phone.
    for kind in rules.org_types:
        clauses = "、".join(_link(label, policy_link) for label in kind.clauses)
        ratio = "适用比例要求" if kind.applies else "不适用比例要求"
        lines.append(f"- **{kind.name}**（{ratio}；{clauses}）：{kind.asks}")
    lines += [
        "",
        "岗位总数与最少社会工作专业岗位数（以社会工作服务为主的社会组织）：",
        "",
        "| 岗位总数 | 最少社会工作专业岗位数 |",
        "| ---: | ---: |",
    ]
    lines += [f"| {total} | {minimum_social_work_posts(total)} |" for total in EXAMPLE_TOTALS]
    return "\n".join(lines) + "\n"


def grade_table(policy_link: str) -> str:
    rules = grade_rules()
    lines = ["| 社会工作专业岗位 | 岗位级别 | 专业技术岗位等级 | 层级 | 条款 |", "| --- | --- | --- | --- | --- |"]
    for post in rules.qualifications:
        clauses = "、".join(_link(label, policy_link) for label in post.clauses)
        if post.levels:
            for level, grade in post.levels:
                lines.append(f"| {post.name}岗位 | {level} | {grade_name(grade)} | {post.tier} | {clauses} |")
        else:
            lines.append(
                f"| {post.name}岗位 | 本文件未分级别 | 属于高级专业技术岗位；本文件没有说对应哪一级 | {post.tier} | {clauses} |"
            )
    lines += [
        "",
        f"*{rules.reading_note}{rules.appointment_note}*",
        "",
        f"专业技术岗位的 13 个等级（据{rules.source}；不是本文件的规定）：",
        "",
        "| 层级 | 等级 | 对应的社会工作专业岗位（本文件） |",
        "| --- | --- | --- |",
    ]
    for tier in rules.tiers:
        names = "、".join(grade_name(g) for g in tier.grades)
        posts = []
        for grade in tier.grades:
            for post in rules.qualifications:
                posts += [f"{post.name}{level}岗位" for level, mapped in post.levels if mapped == grade]
        described = "、".join(posts) or "本文件没有把这些等级对应到某一社会工作专业岗位"
        if tier.note:
            described += f"；{tier.note}"
        lines.append(f"| {tier.name} | {names} | {described} |")
    return "\n".join(lines) + "\n"


def provisions_table(policy_link: str) -> str:
    """One item per provision the allowance tool shows: the clause, the quoted words with the text's own force word
    and addressee, then when the tool lists it and what the tool cannot judge."""
    lines = []
    for provision in allowance_rules().provisions:
        lines.append(f"- {_provision_line(provision.policy, policy_link)}  ")
        shown = f"本工具在以下情形列出：{_who(provision)}。"
        lines.append(f"    {shown}{provision.note or ''}")
    return "\n".join(lines) + "\n"


def force_table(policy_link: str) -> str:
    """Every provision of provisions.toml, clause by clause: the one list of what the site says of each
    provision's force and addressee."""
    lines = []
    for provision in provision_rules().provisions:
        lines.append(f"- {_provision_line(provision, policy_link)}")
    return "\n".join(lines) + "\n"


def _provision_line(provision: PolicyProvision, policy_link: str) -> str:
    return f"**{_link(provision.clause, policy_link)}** {_force_text(provision)}"


def _force_text(provision: PolicyProvision) -> str:
    """A provision as every list shows it: its words, its force word and its addressee, then its note."""
    return (
        f"「{provision.text}」——用语：{provision.force.label}；对象：{provision.addressee_label}。"
        f"{provision.note or ''}"
    )


# The 用语 list sits inside a 解读 admonition, so its marker may be indented and its list must be too.
FORCE_MARKER = re.compile(r"^(?P<indent>[ ]*)\[\[用语 (?P<label>[^\]]+)\]\]$", re.MULTILINE)


def clause_forces(label: str) -> str:
    """The 用语 list of one clause, for its 解读 on the policy page."""
    provisions = provision_rules().of_clause(label)
    if not provisions:
        raise ValueError(f"no provision of clause {label!r} in provisions.toml")
    return "\n".join(f"- {_force_text(p)}" for p in provisions) + "\n"


def expand_force_markers(markdown: str) -> str:
    """Every [[用语 四（一）]] marker replaced by that clause's 用语 list, at the marker's indent."""

    def expand(match: re.Match) -> str:
        return "\n".join(match["indent"] + line for line in clause_forces(match["label"]).splitlines())

    return FORCE_MARKER.sub(expand, markdown)


def _who(provision) -> str:
    rules = allowance_rules()
    when = provision.when
    parts = []
    if "employment" in when:
        parts.append("、".join(rules.employment[code] for code in when["employment"]))
    if when.get("certified"):
        parts.append("取得全国社会工作者职业资格证书")
    # Each yes/no condition is worded once, in words.toml, for the tool's messages and this list alike.
    parts += [words["condition"] for flag, words in allowance_conditions().items() if when.get(flag)]
    if "min_hardship_years" in when:
        parts.append(f"在艰苦地区服务满 {getattr(rules, when['min_hardship_years'])} 年")
    return "；".join(parts) or "所有人"


TABLES = {"比例": ratio_table, "等级": grade_table, "激励": provisions_table, "用语": force_table}
