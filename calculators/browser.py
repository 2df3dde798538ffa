"""The one entry point the page's Web Worker calls: a calculator's name and its inputs as JSON, the result as
JSON. Kept in the package so pytest runs exactly what the browser runs."""

from __future__ import annotations

import base64
import binascii
import inspect
import json

from calculators.allowance import check_allowance
from calculators.batch import batch_csv, check_ratio_batch
from calculators.grade import check_grade
from calculators.inputs import FieldError
from calculators.ratio import check_ratio
from calculators.results import Invalid, as_json
from calculators.selfcheck import check_selfcheck, selfcheck_csv
from calculators.words import wording

say = wording("browser")
say_common = wording("common")

CALCULATORS = {
    "ratio": check_ratio,
    "grade": check_grade,
    "allowance": check_allowance,
    "ratio-batch": check_ratio_batch,
    "selfcheck": check_selfcheck,
}


def handle(name: str, inputs_json: str) -> str:
    """Run calculator `name` on the inputs (a JSON object of parameter → value); always returns JSON."""
    calculator = CALCULATORS.get(name)
    if calculator is None:
        return _invalid("calculator", say("no_calculator", name=name))
    try:
        inputs = json.loads(inputs_json)
    except (TypeError, ValueError):
        return _invalid("inputs", say("not_json"))
    if not isinstance(inputs, dict):
        return _invalid("inputs", say("not_a_mapping"))
    if name == "ratio-batch":
        return _ratio_batch(inputs)
    if name == "selfcheck":
        return _selfcheck(inputs)
    known = inspect.signature(calculator).parameters
    unknown = sorted(set(inputs) - set(known))
    if unknown:
        return _invalid(unknown[0], say_common("unknown_inputs", names="、".join(unknown)))
    return json.dumps(as_json(calculator(**_with_missing_as_none(calculator, inputs))), ensure_ascii=False)


def _with_missing_as_none(calculator, inputs: dict) -> dict:
    """A field left empty is absent from the page's JSON; passed as None, the calculator reports it as missing
    in Chinese, where leaving it out would stop the call with a TypeError."""
    required = {
        name: None
        for name, parameter in inspect.signature(calculator).parameters.items()
        if parameter.default is parameter.empty
    }
    return {**required, **inputs}


def _ratio_batch(inputs: dict) -> str:
    """A CSV file as the page read it (base64 of its bytes, so GBK survives the JSON message); the result
    carries the output CSV too, for the page's download button."""
    if set(inputs) != {"data_base64"} or not isinstance(inputs["data_base64"], str):
        return _invalid("csv", say_common("choose_csv"))
    try:
        data = base64.b64decode(inputs["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        return _invalid("csv", say("unreadable_file"))
    batch = check_ratio_batch(data)
    result = as_json(batch)
    if batch.ok:
        result["csv"] = batch_csv(batch)
    return json.dumps(result, ensure_ascii=False)


def _invalid(field: str, message: str) -> str:
    return json.dumps(as_json(Invalid(errors=(FieldError(field, message),))), ensure_ascii=False)


def _selfcheck(inputs: dict) -> str:
    """The self-check record, with its CSV for the page's download button."""
    unknown = sorted(set(inputs) - {"org_type", "answers", "total", "social_work"})
    if unknown:
        return _invalid(unknown[0], say_common("unknown_inputs", names="、".join(unknown)))
    record = check_selfcheck(**_with_missing_as_none(check_selfcheck, inputs))
    result = as_json(record)
    if record.ok:
        result["csv"] = selfcheck_csv(record)
    return json.dumps(result, ensure_ascii=False)
