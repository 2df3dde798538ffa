"""The one entry point the page's Web Worker calls: a calculator's name and its inputs as JSON, the result as
JSON. Kept in the package so pytest runs exactly what the browser runs."""

from __future__ import annotations

import base64
import binascii
import datetime
import inspect
import json

from calculators.allowance import check_allowance
from calculators.batch import batch_clauses, batch_csv, batch_workbook, check_ratio_batch, needs_attention
from calculators.display import allowance_display, batch_display, grade_display, ratio_display, selfcheck_display
from calculators.grade import check_grade
from calculators.inputs import FieldError
from calculators.ratio import check_ratio
from calculators.record import check_record_rules
from calculators.results import Invalid, as_json
from calculators.selfcheck import check_selfcheck, selfcheck_csv
from calculators.words import wording

say = wording("browser")
say_common = wording("common")


def _invalid(field: str, message: str) -> dict:
    return as_json(Invalid(errors=(FieldError(field, message),)))


def _with_missing_as_none(calculator, inputs: dict) -> dict:
    """A field left empty is absent from the page's JSON; passed as None, the calculator reports it as missing
    in Chinese, where leaving it out would stop the call with a TypeError."""
    required = {
        name: None
        for name, parameter in inspect.signature(calculator).parameters.items()
        if parameter.default is parameter.empty
    }
    return {**required, **inputs}


def _by_keyword(calculator, display=None, to_csv=None):
    """The adapter of a calculator whose parameters are its form's fields, by name. A valid result carries what
    the page shows of it (`display`, for a calculator's answer); with `to_csv`, its CSV too, for the page's
    download button."""

    def run(inputs: dict, report=None) -> dict:
        unknown = sorted(set(inputs) - set(inspect.signature(calculator).parameters))
        if unknown:
            return _invalid(unknown[0], say_common("unknown_inputs", names="、".join(unknown)))
        outcome = calculator(**_with_missing_as_none(calculator, inputs))
        result = as_json(outcome)
        if outcome.ok and display:
            result["display"] = as_json(display(outcome))
        if outcome.ok and to_csv:
            result["csv"] = to_csv(outcome)
        return result

    return run


# The last batch checked stays here, in the worker: the page shows it a page of units at a time and asks for
# its CSV or workbook when the reader wants the file. With every unit in the answer, 20,000 units made 9.5 MB
# of JSON to encode, copy to the page and decode before anything was shown. One batch is kept at a time (the
# worker serves one page), under a key the page quotes back: made from the file's bytes (CRC-32 and length), so
# the same file gives the same answer every time, here and natively.
_latest_batch = {"key": None, "batch": None, "attention": None}
PAGE_ROWS = 100  # units in the first answer; the page asks for others as it needs them
MAX_PAGE_ROWS = 1000


def _ratio_batch(inputs: dict, report=None) -> dict:
    """A CSV file or .xlsx workbook as the page read it (base64 of its bytes, so GBK survives the JSON message):
    the summary, the first page of units, and the key to quote when asking for other pages or the files."""
    if set(inputs) != {"data_base64"} or not isinstance(inputs["data_base64"], str):
        return _invalid("csv", say_common("choose_csv"))
    try:
        data = base64.b64decode(inputs["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        return _invalid("csv", say("unreadable_file"))
    batch = check_ratio_batch(data, progress=report)
    if not batch.ok:
        return as_json(batch)
    _latest_batch.update(key=f"{binascii.crc32(data):08x}-{len(data)}", batch=batch, attention=None)
    return {
        "ok": True,
        "source": batch.source,
        "summary": as_json(batch.summary),
        "attention": batch.summary.not_compliant + batch.summary.invalid,
        "verdict": batch.verdict,
        "clauses": list(batch_clauses(batch)),
        "display": as_json(batch_display(batch)),
        "batch_key": _latest_batch["key"],
        "rows": _rows(batch.units, 0, PAGE_ROWS),
    }


def _latest(inputs: dict, fields: set[str]):
    """The batch the page's key names, or the Invalid answer to give when the inputs are wrong or it is gone."""
    if set(inputs) != {"batch_key", *fields} or not isinstance(inputs["batch_key"], str):
        return _invalid("batch_key", say("batch_inputs"))
    if _latest_batch["batch"] is None or inputs["batch_key"] != _latest_batch["key"]:
        return _invalid("batch_key", say("batch_gone"))
    return _latest_batch["batch"]


def _ratio_batch_rows(inputs: dict, report=None) -> dict:
    """A page of the last batch's units: `count` from `first`, of all units or only those that need attention."""
    batch = _latest(inputs, {"first", "count", "attention_only"})
    if isinstance(batch, dict):
        return batch
    first, count, attention_only = inputs["first"], inputs["count"], inputs["attention_only"]
    numbers_ok = all(isinstance(n, int) and not isinstance(n, bool) for n in (first, count))
    if not numbers_ok or first < 0 or not 1 <= count <= MAX_PAGE_ROWS or not isinstance(attention_only, bool):
        return _invalid("batch_key", say("batch_inputs"))
    units = batch.units
    if attention_only:
        if _latest_batch["attention"] is None:
            _latest_batch["attention"] = tuple(unit for unit in units if needs_attention(unit))
        units = _latest_batch["attention"]
    return {"ok": True, **_rows(units, first, count)}


def _rows(units, first: int, count: int) -> dict:
    return {"first": first, "total": len(units), "units": [_unit_for_the_page(u) for u in units[first : first + count]]}


def _ratio_batch_csv(inputs: dict, report=None) -> dict:
    """The last batch's results as CSV text, for the page's download button."""
    batch = _latest(inputs, set())
    return batch if isinstance(batch, dict) else {"ok": True, "csv": batch_csv(batch)}


def _ratio_batch_workbook(inputs: dict, report=None) -> dict:
    """The last batch's results as an .xlsx workbook (base64), dated today on the reader's device and marked
    with the site's version as the page shows it and the file's fingerprint as the page worked it out."""
    batch = _latest(inputs, {"site_version", "file_fingerprint"})
    if isinstance(batch, dict):
        return batch
    if not all(isinstance(inputs[name], str) for name in ("site_version", "file_fingerprint")):
        return _invalid("batch_key", say("batch_inputs"))
    data = batch_workbook(
        batch,
        site_version=inputs["site_version"],
        today=datetime.date.today(),
        file_fingerprint=inputs["file_fingerprint"],
    )
    return {"ok": True, "xlsx_base64": base64.b64encode(data).decode("ascii")}


def _unit_for_the_page(unit) -> dict:
    """What the batch page shows of a unit: its row, name, counts and verdict, or the cells of a bad row with its
    errors. Not its steps and routes, which the CSV carries: with them, 20,000 units made 38 MB of JSON."""
    result = unit.result
    if not result.ok:
        return {
            "row": unit.row,
            "unit": unit.unit,
            "org_type_text": unit.org_type_text,
            "total_text": unit.total_text,
            "social_work_text": unit.social_work_text,
            "result": {"ok": False, "errors": as_json(result.errors)},
        }
    return {
        "row": unit.row,
        "unit": unit.unit,
        "result": {
            "ok": True,
            "compliant": result.compliant,
            "verdict": result.verdict,
            "org_type_name": result.org_type_name,
            "total_posts": result.total_posts,
            "social_work_posts": result.social_work_posts,
        },
    }


# The one table of what the page may ask for: calculator name → adapter from the page's inputs (a JSON object)
# to the result's JSON. Each calculator's own differences (a file in base64, what the page shows, a CSV to
# download) live in its adapter, so handle() has no special cases: every adapter takes the inputs and `report`,
# which only the batch check uses.
CALCULATORS = {
    "ratio": _by_keyword(check_ratio, ratio_display),
    "grade": _by_keyword(check_grade, grade_display),
    "allowance": _by_keyword(check_allowance, allowance_display),
    "ratio-batch": _ratio_batch,
    "ratio-batch-rows": _ratio_batch_rows,
    "ratio-batch-csv": _ratio_batch_csv,
    "ratio-batch-workbook": _ratio_batch_workbook,
    "selfcheck": _by_keyword(check_selfcheck, selfcheck_display, to_csv=selfcheck_csv),
    # Not a calculator: whether a record's rules are the rules in force (its notice, when they are not).
    "record-rules": _by_keyword(check_record_rules),
}


def handle(name: str, inputs_json: str, report=None) -> str:
    """Run calculator `name` on the inputs (a JSON object of parameter → value); always returns JSON.
    `report(done, total)`, when given, hears how far a long calculation has got (the batch check)."""
    adapter = CALCULATORS.get(name)
    if adapter is None:
        result = _invalid("calculator", say("no_calculator", name=name))
    else:
        try:
            inputs = json.loads(inputs_json)
        except (TypeError, ValueError):
            inputs = None
            result = _invalid("inputs", say("not_json"))
        if inputs is not None:
            result = adapter(inputs, report) if isinstance(inputs, dict) else _invalid("inputs", say("not_a_mapping"))
    return json.dumps(result, ensure_ascii=False)
