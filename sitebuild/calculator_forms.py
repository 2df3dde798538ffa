"""The calculators' forms, generated at build time from the rules data (the choices offered are the codes the
calculators accept) and worded from page_words.toml [forms], with the calculators' own field labels (words.toml). Each form is the site's contract with its tests: the root carries data-jm-calculator and
data-jm-state, every field has a visible <label>, the result region is a polite live region."""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass, field
from importlib import metadata

from calculators.batch import COLUMNS
from calculators.rules import allowance_rules, grade_rules, ratio_rules
from calculators.selfcheck import checklist
from calculators.words import condition_words, section
from policytext import fragments_by_label
from sitebuild.page_words import load_page_words
from sitebuild.rules_fingerprint import rules_fingerprint

FORM_WORDS = load_page_words()["forms"]  # page_words.toml [forms]: the forms' own words


def say(key: str, /, **values) -> str:
    return FORM_WORDS[key].format(**values)


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
    choose = (("", say("choose")),)
    ratio_words, grade_words, allowance_words = section("ratio"), section("grade"), section("allowance")
    box = {
        flag: condition_words(flag)["box"] for flag in ("hardship_area", "wants_postgraduate", "applying_public_post")
    }

    def local_amount(field: str, certificate: str) -> Field:
        label = say("in_yuan", label=allowance_words["local_monthly_label"].format(certificate=certificate))
        return Field(field, label, "amount", group="local")

    return {
        "ratio": CalculatorForm(
            "ratio",
            say("ratio_title"),
            (
                Field(
                    "org_type",
                    ratio_words["org_type_label"],
                    "select",
                    choose + tuple((t.code, t.name) for t in ratio.org_types),
                ),
                Field("total", ratio_words["total_label"], hint=say("total_hint")),
                Field("social_work", ratio_words["social_work_label"], hint=say("social_work_hint")),
                Field(
                    "professional_total",
                    ratio_words["professional_total_label"],
                    group="public-institution",
                    hint=say("professional_total_hint"),
                ),
                Field(
                    "structure",
                    say("structure_label"),
                    "text",
                    group="public-institution",
                    hint=say("structure_hint"),
                ),
            ),
            {"public-institution": (say("public_institution_legend"), "org_type", "public-institution")},
        ),
        "grade": CalculatorForm(
            "grade",
            say("grade_title"),
            (
                Field(
                    "direction",
                    say("direction_label"),
                    "mode",
                    (("by-post", say("by_post")), ("by-grade", say("by_grade"))),
                ),
                Field(
                    "qualification",
                    grade_words["qualification_label"],
                    "select",
                    choose + tuple((q.code, say("post_option", post=q.name)) for q in grades.qualifications),
                    group="by-post",
                ),
                Field(
                    "level",
                    say("level_label"),
                    "select",
                    (("", say("any_level")),) + tuple((name, name) for name in _all_levels(grades)),
                    hint=say("level_hint"),
                    group="by-post",
                ),
                Field(
                    "grade",
                    grade_words["grade_label"],
                    hint=say("grade_hint", lowest=grades.lowest, highest=grades.highest),
                    group="by-grade",
                ),
            ),
            {
                "by-post": (say("by_post_legend"), "direction", "by-post"),
                "by-grade": (say("by_grade_legend"), "direction", "by-grade"),
            },
        ),
        "allowance": CalculatorForm(
            "allowance",
            say("allowance_title"),
            (
                Field(
                    "employment",
                    allowance_words["employment_label"],
                    "select",
                    choose + tuple(allowance.employment.items()),
                ),
                Field(
                    "certificate",
                    allowance_words["certificate_label"],
                    "select",
                    choose + tuple(allowance.certificate.items()),
                ),
                Field("hardship_area", box["hardship_area"], "checkbox"),
                Field("hardship_years", allowance_words["hardship_years_label"], hint=say("hardship_years_hint")),
                Field("wants_postgraduate", box["wants_postgraduate"], "checkbox"),
                Field("applying_public_post", box["applying_public_post"], "checkbox"),
                local_amount("local_monthly_assistant", allowance.certificate["assistant"]),
                local_amount("local_monthly_social_worker", allowance.certificate["social-worker"]),
                local_amount("local_monthly_senior", allowance.certificate["senior"]),
            ),
            {"local": (say("local_legend"), "", "")},
        ),
    }


def _all_levels(grades) -> tuple[str, ...]:
    """Every post level 59号 names, in order; the page narrows them to the chosen post's (data-jm-levels)."""
    return tuple(dict.fromkeys(level for q in grades.qualifications for level, _ in q.levels))


def _levels_by_post() -> dict[str, list[str]]:
    return {q.code: [level for level, _ in q.levels] for q in grade_rules().qualifications}


FORMS = _forms()


def _loading_and_result(calculator: str, shareable: bool = True) -> str:
    """The loading bar, the result, and beside the result what can be done with it: copy its link, print the
    record (with an optional unit name, which never leaves the page)."""
    unit_id = f"{calculator}-unit_name"
    copy = (
        f'<button type="button" class="md-button" data-jm-action="copy-link" disabled>{say("copy_link")}</button>'
        if shareable
        else ""
    )
    return (
        # The bar runs to 100: the download fills most of it, the start-up steps the rest (calculators/results.mjs).
        '<div class="jm-calc__loading" data-jm-loading>'
        f'<progress max="100" value="0" aria-label="{say("loading_label")}"></progress>'
        f'<p class="jm-calc__status" data-jm-status>{say("loading_status")}</p></div>\n'
        '<div class="jm-calc__result" role="status" aria-live="polite" data-jm-result></div>\n'
        '<div class="jm-calc__share" data-jm-share hidden>'
        f'<div class="jm-calc__actions">{copy}'
        f'<button type="button" class="md-button" data-jm-action="print" disabled>{say("print_record")}</button></div>'
        '<p class="jm-calc__copied" role="status" aria-live="polite" data-jm-copy-status></p>'
        f'<p class="jm-field__hint jm-calc__sharing">{say("sharing_note" if shareable else "not_shared_note")}</p>'
        f'<div class="jm-field jm-calc__unit"><label for="{unit_id}">{say("unit_name_label")}</label>'
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
        # The release alone (0.1.0), for the result's address: short, and the same for every build of a release.
        "data-jm-site-release": site_release(),
        # The fingerprint of the rules the answers are computed with, for the result's address and QR code.
        "data-jm-rules": rules_fingerprint(),
        "data-jm-title": title,
        "aria-label": title,
    }
    return "<section " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items()) + ">"


def site_release() -> str:
    """The site's release number (pyproject.toml's version), e.g. 0.1.0."""
    return metadata.version("jmf-2022-59")


def site_version() -> str:
    return say("site_version", version=site_release(), date=datetime.date.today().isoformat())


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
    parts += [_actions(say("calculate")), _loading_and_result(name)]
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


# ---- The batch ratio check: a workbook or CSV file in, a table and a CSV or workbook file out ---------------
TEMPLATE_PATH = "tools/units-template.csv"
WORKBOOK_TEMPLATE_PATH = "tools/units-template.xlsx"
TEMPLATE_ROWS = tuple(tuple(row) for row in FORM_WORDS["template_rows"])
# The file types the picker offers: Excel/WPS workbooks and CSV files (calculators/batch.py tells them apart by
# their content, so a file named otherwise is still read).
BATCH_ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"


def _template_header() -> str:
    return ",".join(names[0] for names in COLUMNS.values())


def template_csv() -> str:
    """A template to fill in, with the column names the batch reads and two example rows."""
    return "\r\n".join([_template_header(), *(",".join(row) for row in TEMPLATE_ROWS)]) + "\r\n"


def template_workbook() -> bytes:
    """The same template as an .xlsx workbook: the header in bold, the counts as numbers, the columns wide
    enough to read, and the header kept in view while scrolling."""
    import io

    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = say("template_sheet")
    sheet.append([names[0] for names in COLUMNS.values()])
    for name, org_type, total, social_work in TEMPLATE_ROWS:
        sheet.append([name, org_type, int(total), int(social_work)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (28, 32, 12, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_batch(policy_url: str, site_root: str) -> str:
    templates = say(
        "download_templates",
        **{
            kind: f'<a href="{html.escape(site_root + path)}" download>{say(label)}</a>'
            for kind, path, label in (
                ("xlsx", WORKBOOK_TEMPLATE_PATH, "download_template_xlsx"),
                ("csv", TEMPLATE_PATH, "download_template"),
            )
        },
    )
    return (
        "\n".join(
            [
                _root_opening("ratio-batch", say("batch_title"), policy_url, site_root),
                '<form class="jm-calc__form" novalidate>',
                f'<div class="jm-field"><label for="ratio-batch-csv">{say("csv_label")}</label>'
                f'<span class="jm-field__hint" id="ratio-batch-csv-hint">{say("csv_hint", columns=_template_header())}'
                f"{templates}</span>"
                f'<input type="file" id="ratio-batch-csv" name="csv" accept="{BATCH_ACCEPT}" '
                'aria-describedby="ratio-batch-csv-hint ratio-batch-csv-error">'
                '<p class="jm-field__error" id="ratio-batch-csv-error" data-jm-error-for="csv" hidden></p></div>',
                _actions(say("start_batch")),
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
    options = f'<option value="">{say("choose")}</option>' + "".join(
        f'<option value="{k.code}">{html.escape(k.name)}</option>' for k in rules.org_types
    )
    return (
        "\n".join(
            [
                _root_opening("selfcheck", say("selfcheck_title"), policy_url, site_root),
                '<form class="jm-calc__form" novalidate>',
                f'<div class="jm-field"><label for="selfcheck-org_type">{section("ratio")["org_type_label"]}</label>'
                '<select id="selfcheck-org_type" '
                f'name="org_type" aria-describedby="selfcheck-org_type-error">{options}</select>'
                '<p class="jm-field__error" id="selfcheck-org_type-error" data-jm-error-for="org_type" hidden></p></div>',
                '<div class="jm-selfcheck__points" data-jm-points></div>',
                *(_checklist_template(kind.code, policy_url) for kind in rules.org_types),
                _actions(say("make_record")),
                _loading_and_result("selfcheck"),
            ]
        )
        + "\n"
    )


# The answers a point offers (its radio values are the codes calculators.selfcheck reads).
POINT_ANSWERS = tuple(FORM_WORDS["point_answers"].items())
# The ratio point asks for the two counts instead, under the ratio tool's own names for them.
RATIO_POINT_FIELDS = tuple((name, section("ratio")[f"{name}_label"]) for name in ("total", "social_work"))


def _checklist_template(org_type: str, policy_url: str) -> str:
    """One org type's checklist, as the page shows it when that type is chosen: a fieldset per point with its
    question, force word and clause, and 是/否/不适用 (or, for the ratio, the two counts). One line without
    whitespace between the elements, as the page once built it, so it lays out the same; kept out of search."""
    fragments = fragments_by_label()
    points = []
    for point in checklist(org_type):
        clause = f'<a href="{html.escape(policy_url)}#{fragments[point.clause]}">{html.escape(point.clause)}</a>'
        parts = [
            f'<fieldset class="jm-selfcheck__point" data-jm-point="{html.escape(point.id)}">'
            f"<legend>{html.escape(point.question)}</legend>"
            f'<p class="jm-field__hint">{say("point_force", force=html.escape(point.force_label))}{clause}</p>'
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
