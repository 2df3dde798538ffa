"""The reference tables of the 规则一览 page, generated from the calculators' rules data at build time, so no
number of the policy is typed twice (the same data drives the calculators)."""

from __future__ import annotations

import re

from calculators import grade_name, minimum_social_work_posts, percent_text
from calculators.rules import PolicyProvision, allowance_rules, grade_rules, provision_rules, ratio_rules
from calculators.words import allowance_conditions, section, wording
from policytext import clause_by_label

# Totals shown in the worked table of minimums: small units in full, then round numbers.
EXAMPLE_TOTALS = (*range(1, 21), 25, 30, 40, 50, 100)
# The tables' own words: words.toml [rule_tables]. What each provision says comes from the rules data.
say = wording("rule_tables")


def _table_head(key: str, align: str = "---") -> list[str]:
    """A Markdown table's head row and rule, from a list of column names in words.toml."""
    columns = section("rule_tables")[key]
    return [f"| {' | '.join(columns)} |", f"| {' | '.join(align for _ in columns)} |"]


def _link(label: str, policy_link: str) -> str:
    return f"[{label}]({policy_link}#{clause_by_label(label).fragment})"


def ratio_table(policy_link: str) -> str:
    rules = ratio_rules()
    threshold = percent_text(rules.threshold)
    lines = [
        say("ratio_requirement", threshold=threshold, counted=say("counted" if rules.inclusive else "not_counted")),
        "",
    ]
    # A list rather than a table: the requirements are sentences, which a five-column table squeezes on a phone.
    for kind in rules.org_types:
        clauses = "、".join(_link(label, policy_link) for label in kind.clauses)
        ratio = say("ratio_applies" if kind.applies else "ratio_does_not_apply")
        lines.append(f"- **{kind.name}**（{ratio}；{clauses}）：{kind.asks}")
    lines += ["", say("minimums_heading"), "", *_table_head("minimums_columns", align="---:")]
    lines += [f"| {total} | {minimum_social_work_posts(total)} |" for total in EXAMPLE_TOTALS]
    return "\n".join(lines) + "\n"


def grade_table(policy_link: str) -> str:
    rules = grade_rules()
    lines = _table_head("grade_columns")
    for post in rules.qualifications:
        name = say("post", post=post.name)
        clauses = "、".join(_link(label, policy_link) for label in post.clauses)
        # 高级社会工作师岗位 has no levels and 59号 names no grade for it: the row says so.
        rows = [(level, grade_name(grade)) for level, grade in post.levels] or [(say("no_levels"), say("no_grade"))]
        lines += [f"| {name} | {level} | {grade} | {post.tier} | {clauses} |" for level, grade in rows]
    lines += [
        "",
        f"*{rules.reading_note}{rules.appointment_note}*",
        "",
        say("grades_heading", count=sum(len(tier.grades) for tier in rules.tiers), source=rules.source),
        "",
        *_table_head("tier_columns"),
    ]
    for tier in rules.tiers:
        names = "、".join(grade_name(g) for g in tier.grades)
        posts = []
        for grade in tier.grades:
            for post in rules.qualifications:
                posts += [
                    say("post_level", post=post.name, level=level) for level, mapped in post.levels if mapped == grade
                ]
        described = "、".join(posts) or say("grades_without_post")
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
        shown = say("listed_when", who=_who(provision))
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
    force = say("force", text=provision.text, force=provision.force.label, addressee=provision.addressee_label)
    return force + (provision.note or "")


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
        parts.append(say("certified"))
    # Each yes/no condition is worded once, in words.toml, for the tool's messages and this list alike.
    parts += [words["condition"] for flag, words in allowance_conditions().items() if when.get(flag)]
    if "min_hardship_years" in when:
        parts.append(say("hardship_years", years=getattr(rules, when["min_hardship_years"])))
    return "；".join(parts) or say("everyone")


TABLES = {"比例": ratio_table, "等级": grade_table, "激励": provisions_table, "用语": force_table}
