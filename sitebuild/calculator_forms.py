"""The calculators' forms, generated at build time from the rules data (the choices offered are the codes the
calculators accept). Each form is the site's contract with its tests: the root carries data-jm-calculator and
data-jm-state, every field has a visible <label>, the result region is a polite live region."""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass, field
from importlib import metadata

from calculators.rules import allowance_rules, grade_rules, ratio_rules
from policytext import fragments_by_label


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "count"  # count (whole number), amount (yuan), text, select, checkbox, mode
    options: tuple[tuple[str, str], ...] = ()  # (value, shown text) for select and mode
    hint: str = ""
    group: str = ""  # fields of a group are shown together and only sent when the group is shown
    # mode: radio buttons that switch between groups of the form on the page; never sent to the calculator
    # (the page marks them data-jm-local), and restored from a link by the fields the link fills.


@dataclass(frozen=True)
class CalculatorForm:
    name: str
    title: str
    fields: tuple[Field, ...]
    groups: dict = field(default_factory=dict)  # group → (legend, shown only when this field has this value)


def _forms() -> dict[str, CalculatorForm]:
    ratio = ratio_rules()
    grades = grade_rules()
    allowance = allowance_rules()
    return {
        "ratio": CalculatorForm(
            "ratio",
            "岗位比例自查",
            (
                Field(
                    "org_type",
                    "单位类型",
                    "select",
                    (("", "请选择"),) + tuple((t.code, t.name) for t in ratio.org_types),
                ),
                Field("total", "岗位总数", hint="单位全部岗位的数量"),
                Field("social_work", "社会工作专业岗位数", hint="其中社会工作专业岗位的数量"),
                Field(
                    "professional_total",
                    "专业技术岗位总量",
                    group="public-institution",
                    hint="可选：本单位专业技术岗位总数",
                ),
                Field(
                    "structure",
                    "本单位核定的结构比例（高级:中级:初级）",
                    "text",
                    group="public-institution",
                    hint="可选：如 1:3:6，以主管部门核定的为准；本站不假定任何标准",
                ),
            ),
            {"public-institution": ("事业单位（可选）：专业技术岗位各层级数量", "org_type", "public-institution")},
        ),
        "grade": CalculatorForm(
            "grade",
            "社会工作专业岗位等级对照",
            (
                Field("direction", "查询方向", "mode", (("by-post", "由岗位查等级"), ("by-grade", "由等级查岗位"))),
                Field(
                    "qualification",
                    "社会工作专业岗位",
                    "select",
                    (("", "请选择"),) + tuple((q.code, f"{q.name}岗位") for q in grades.qualifications),
                    group="by-post",
                ),
                Field(
                    "level",
                    "岗位级别",
                    "select",
                    (("", "不区分"),) + tuple((name, name) for name in _all_levels(grades)),
                    hint="只列出本文件为所选岗位规定的级别",
                    group="by-post",
                ),
                Field(
                    "grade",
                    "专业技术岗位等级",
                    hint=f"填 {grades.lowest} 到 {grades.highest} 的整数，如 9 或 九",
                    group="by-grade",
                ),
            ),
            {
                "by-post": ("由社会工作专业岗位查专业技术岗位等级", "direction", "by-post"),
                "by-grade": ("由专业技术岗位等级反查社会工作专业岗位", "direction", "by-grade"),
            },
        ),
        "allowance": CalculatorForm(
            "allowance",
            "津贴与激励资格自查",
            (
                Field(
                    "employment", "你的身份/就业类型", "select", (("", "请选择"),) + tuple(allowance.employment.items())
                ),
                Field("certificate", "持证情况", "select", (("", "请选择"),) + tuple(allowance.certificate.items())),
                Field("hardship_area", "目前在艰苦地区工作", "checkbox"),
                Field("hardship_years", "在艰苦地区服务的年数", hint="没有可不填"),
                Field("wants_postgraduate", "打算报考社会工作专业硕士、博士研究生", "checkbox"),
                Field("applying_public_post", "打算报考党政机关、群团组织或事业单位的社会服务相关职位", "checkbox"),
                Field(
                    "local_monthly_assistant",
                    f"当地{allowance.certificate['assistant']}每月津贴（元）",
                    "amount",
                    group="local",
                ),
                Field(
                    "local_monthly_social_worker",
                    f"当地{allowance.certificate['social-worker']}每月津贴（元）",
                    "amount",
                    group="local",
                ),
                Field(
                    "local_monthly_senior",
                    f"当地{allowance.certificate['senior']}每月津贴（元）",
                    "amount",
                    group="local",
                ),
            ),
            {"local": ("可选：填写当地职业津贴标准以估算全年金额（你自己的数字，不是本文件规定）", "", "")},
        ),
    }


def _all_levels(grades) -> tuple[str, ...]:
    """Every post level 59号 names, in order; the page narrows them to the chosen post's (data-jm-levels)."""
    return tuple(dict.fromkeys(level for q in grades.qualifications for level, _ in q.levels))


def _levels_by_post() -> dict[str, list[str]]:
    return {q.code: [level for level, _ in q.levels] for q in grade_rules().qualifications}


FORMS = _forms()


SHARING_NOTE = (
    "结果链接中包含你填写的内容，打开它即可恢复结果；计算全部在你的浏览器中完成，填写的内容不会发送到任何地方。"
)
NOT_SHARED_NOTE = "文件只在你的浏览器中读取和计算，不会上传；文件内容无法放进链接，请下载结果保存。"


def _loading_and_result(calculator: str, shareable: bool = True) -> str:
    """The loading bar, the result, and beside the result what can be done with it: copy its link, print the
    record (with an optional unit name, which never leaves the page)."""
    unit_id = f"{calculator}-unit_name"
    copy = (
        '<button type="button" class="md-button" data-jm-action="copy-link" disabled>复制结果链接</button>'
        if shareable
        else ""
    )
    return (
        # The bar runs to 100: the download fills most of it, the start-up steps the rest (calculators/results.mjs).
        '<div class="jm-calc__loading" data-jm-loading><progress max="100" value="0" aria-label="计算器加载进度"></progress>'
        '<p class="jm-calc__status" data-jm-status>正在准备计算器……（需要开启 JavaScript 的较新浏览器）</p></div>\n'
        '<div class="jm-calc__result" role="status" aria-live="polite" data-jm-result></div>\n'
        '<div class="jm-calc__share" data-jm-share hidden>'
        f'<div class="jm-calc__actions">{copy}'
        '<button type="button" class="md-button" data-jm-action="print" disabled>打印自查记录</button></div>'
        '<p class="jm-calc__copied" role="status" aria-live="polite" data-jm-copy-status></p>'
        f'<p class="jm-field__hint jm-calc__sharing">{SHARING_NOTE if shareable else NOT_SHARED_NOTE}</p>'
        f'<div class="jm-field jm-calc__unit"><label for="{unit_id}">单位名称（可选，只印在自查记录上）</label>'
        f'<input type="text" id="{unit_id}" data-jm-local data-jm-unit-name autocomplete="organization"></div>'
        "</div>\n"
        '<div class="jm-calc__record" data-jm-record hidden></div>\n'
        "</section>"
    )


def _actions(calculate_label: str) -> str:
    return (
        '<p class="jm-field__error" data-jm-error-for="" hidden></p>'
        '<div class="jm-calc__actions">'
        f'<button type="submit" class="md-button md-button--primary" data-jm-action="calculate">{calculate_label}</button>'
        "</div></form>"
    )


def _root_opening(
    name: str, title: str, policy_url: str, site_root: str, start: str = "eager", extra: dict | None = None
) -> str:
    """The calculator's root element: the contract's data-jm-calculator and data-jm-state, and what the page needs."""
    attrs = {
        "class": f"jm-calc jm-calc--{name}",
        "data-jm-calculator": name,
        "data-jm-state": "loading",
        "data-jm-start": start,
        "data-jm-policy-url": policy_url,
        "data-jm-site-root": site_root,
        "data-jm-clause-fragments": json.dumps(fragments_by_label(), ensure_ascii=False),
        **(extra or {}),
        "data-jm-site-version": site_version(),
        "data-jm-title": title,
        "aria-label": title,
    }
    return "<section " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items()) + ">"


def site_version() -> str:
    return f"{metadata.version('jmf-2022-59')}（{datetime.date.today().isoformat()} 构建）"


def render_calculator(name: str, policy_url: str, site_root: str, start: str = "eager") -> str:
    """The HTML of one calculator. `start` is eager (tool pages) or visible (embedded beside a clause: Python is
    only loaded when the reader scrolls to it or uses it)."""
    form = FORMS[name]
    extra = {"data-jm-levels": json.dumps(_levels_by_post(), ensure_ascii=False)} if name == "grade" else None
    parts = [_root_opening(name, form.title, policy_url, site_root, start, extra)]
    parts.append('<form class="jm-calc__form" novalidate>')
    grouped: dict[str, list[Field]] = {}
    for item in form.fields:
        if item.group:
            grouped.setdefault(item.group, []).append(item)
            continue
        parts.append(_field_html(name, item))
    for group, items in grouped.items():
        legend, when_field, when_value = form.groups[group]
        condition = f' data-jm-show-when="{when_field}" data-jm-show-value="{when_value}"' if when_field else ""
        if when_field:
            parts.append(
                f'<fieldset class="jm-calc__group" data-jm-group="{group}"{condition}><legend>{html.escape(legend)}</legend>'
            )
        else:
            parts.append(
                f'<details class="jm-calc__group" data-jm-group="{group}"><summary>{html.escape(legend)}</summary>'
            )
        parts += [_field_html(name, item) for item in items]
        parts.append("</fieldset>" if when_field else "</details>")
    parts += [_actions("计算"), _loading_and_result(name)]
    return "\n".join(parts) + "\n"


def _field_html(calculator: str, item: Field) -> str:
    field_id = f"{calculator}-{item.name}"
    error_id = f"{field_id}-error"
    hint_id = f"{field_id}-hint"
    described = f"{hint_id} {error_id}" if item.hint else error_id
    hint = f'<span class="jm-field__hint" id="{hint_id}">{html.escape(item.hint)}</span>' if item.hint else ""
    error = f'<p class="jm-field__error" id="{error_id}" data-jm-error-for="{item.name}" hidden></p>'
    if item.kind == "checkbox":
        control = (
            f'<input type="checkbox" id="{field_id}" name="{item.name}" value="true" aria-describedby="{described}">'
            f'<label for="{field_id}">{html.escape(item.label)}</label>'
        )
        return f'<div class="jm-field jm-field--checkbox">{control}{hint}{error}</div>'
    if item.kind == "mode":
        choices = "".join(
            f'<label for="{field_id}-{value}"><input type="radio" id="{field_id}-{value}" name="{item.name}" '
            f'value="{value}" data-jm-local{" checked" if index == 0 else ""}>{html.escape(text)}</label>'
            for index, (value, text) in enumerate(item.options)
        )
        return (
            f'<fieldset class="jm-field jm-calc__modes"><legend>{html.escape(item.label)}</legend>{choices}</fieldset>'
        )
    label = f'<label for="{field_id}">{html.escape(item.label)}</label>'
    if item.kind == "select":
        options = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in item.options)
        control = f'<select id="{field_id}" name="{item.name}" aria-describedby="{described}">{options}</select>'
    else:
        # Text inputs, not type=number: a wrong entry must reach the calculator so it can say what is wrong.
        mode = {"count": "numeric", "amount": "decimal"}.get(item.kind, "text")
        control = (
            f'<input type="text" id="{field_id}" name="{item.name}" inputmode="{mode}" autocomplete="off" '
            f'aria-describedby="{described}">'
        )
    return f'<div class="jm-field">{label}{hint}{control}{error}</div>'


# ---- The batch ratio check: a CSV file in, a table and a CSV file out ------------------------------------
TEMPLATE_PATH = "tools/units-template.csv"
TEMPLATE_ROWS = (
    ("示例社会工作服务中心", "以社会工作服务为主的社会组织", "10", "7"),
    ("示例养老院", "民办养老机构", "20", "2"),
)


def template_csv() -> str:
    """A template to fill in, with the column names the batch reads and two example rows."""
    from calculators.batch import COLUMNS

    header = ",".join(names[0] for names in COLUMNS.values())
    return "\r\n".join([header, *(",".join(row) for row in TEMPLATE_ROWS)]) + "\r\n"


def render_batch(policy_url: str, site_root: str, template_url: str) -> str:
    return (
        "\n".join(
            [
                _root_opening("ratio-batch", "批量岗位比例自查", policy_url, site_root),
                '<form class="jm-calc__form" novalidate>',
                '<div class="jm-field"><label for="ratio-batch-csv">CSV 文件</label>'
                '<span class="jm-field__hint" id="ratio-batch-csv-hint">第一行为表头：单位名称,单位类型,岗位总数,社会工作专业岗位数；'
                f'UTF-8 或 GBK 编码（Excel 另存为 CSV 即可）。<a href="{html.escape(template_url)}" download>下载模板</a></span>'
                '<input type="file" id="ratio-batch-csv" name="csv" accept=".csv,text/csv" aria-describedby="ratio-batch-csv-hint ratio-batch-csv-error">'
                '<p class="jm-field__error" id="ratio-batch-csv-error" data-jm-error-for="csv" hidden></p></div>',
                _actions("开始自查"),
                _loading_and_result("ratio-batch", shareable=False),
            ]
        )
        + "\n"
    )


# ---- The organisation self-check: a checklist per org type, answered 是/否/不适用 ---------------------------
def render_selfcheck(policy_url: str, site_root: str) -> str:
    """Every org type's checklist is rendered here, in a <template> the page shows when that type is chosen, so
    the questions show before Python has started; the record itself is computed by the worker
    (calculators.selfcheck)."""
    rules = ratio_rules()
    options = '<option value="">请选择</option>' + "".join(
        f'<option value="{k.code}">{html.escape(k.name)}</option>' for k in rules.org_types
    )
    return (
        "\n".join(
            [
                _root_opening("selfcheck", "单位自查", policy_url, site_root),
                '<form class="jm-calc__form" novalidate>',
                f'<div class="jm-field"><label for="selfcheck-org_type">单位类型</label><select id="selfcheck-org_type" '
                f'name="org_type" aria-describedby="selfcheck-org_type-error">{options}</select>'
                '<p class="jm-field__error" id="selfcheck-org_type-error" data-jm-error-for="org_type" hidden></p></div>',
                '<div class="jm-selfcheck__points" data-jm-points></div>',
                *(_checklist_template(kind.code, policy_url) for kind in rules.org_types),
                _actions("生成自查记录"),
                _loading_and_result("selfcheck"),
            ]
        )
        + "\n"
    )


# The answers a point offers (its radio values are the codes calculators.selfcheck reads).
POINT_ANSWERS = (("yes", "是"), ("no", "否"), ("na", "不适用"))
# The ratio point asks for the two counts instead, under the ratio tool's own names for them.
RATIO_POINT_FIELDS = (("total", "岗位总数"), ("social_work", "社会工作专业岗位数"))


def _checklist_template(org_type: str, policy_url: str) -> str:
    """One org type's checklist, as the page shows it when that type is chosen: a fieldset per point with its
    question, force word and clause, and 是/否/不适用 (or, for the ratio, the two counts). One line without
    whitespace between the elements, as the page once built it, so it lays out the same; kept out of search."""
    from calculators.selfcheck import checklist

    fragments = fragments_by_label()
    points = []
    for point in checklist(org_type):
        clause = f'<a href="{html.escape(policy_url)}#{fragments[point.clause]}">{html.escape(point.clause)}</a>'
        parts = [
            f'<fieldset class="jm-selfcheck__point" data-jm-point="{html.escape(point.id)}">'
            f"<legend>{html.escape(point.question)}</legend>"
            f'<p class="jm-field__hint">【{html.escape(point.force_label)}】{clause}</p>'
        ]
        if point.kind == "ratio":
            for name, label in RATIO_POINT_FIELDS:
                field_id = f"selfcheck-{name}"
                parts.append(
                    f'<div class="jm-field"><label for="{field_id}">{label}</label>'
                    f'<input type="text" id="{field_id}" name="{name}" inputmode="numeric" autocomplete="off" '
                    f'aria-describedby="{field_id}-error">'
                    f'<p class="jm-field__error" id="{field_id}-error" data-jm-error-for="{name}" hidden></p></div>'
                )
        else:
            for value, label in POINT_ANSWERS:
                answer_id = html.escape(f"selfcheck-{point.id}-{value}")
                parts.append(
                    f'<div class="jm-field jm-field--checkbox"><input type="radio" id="{answer_id}" '
                    f'name="point-{html.escape(point.id)}" value="{value}"><label for="{answer_id}">{label}</label></div>'
                )
            parts.append(f'<p class="jm-field__error" data-jm-error-for="{html.escape(point.id)}" hidden></p>')
        parts.append("</fieldset>")
        points.append("".join(parts))
    return f'<template data-jm-checklist="{html.escape(org_type)}" data-search-exclude>{"".join(points)}</template>'
