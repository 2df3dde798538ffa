"""Running a scenario file: the same code runs natively under pytest and inside Pyodide (no imports beyond the
standard library and the calculators package), so both give their outputs the same way."""

import json

import calculators

CALCULATORS = {
    "ratio": calculators.check_ratio,
    "grade": calculators.check_grade,
    "allowance": calculators.check_allowance,
}


def read_cases(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run_case(calculator, case):
    return calculators.as_json(CALCULATORS[calculator](**case["input"]))


def run_file(calculator, text):
    """Every case's full output, in order, as JSON text (so outputs compare exactly across runtimes)."""
    return json.dumps([run_case(calculator, case) for case in read_cases(text)], ensure_ascii=False, sort_keys=True)


def problems(expect, output):
    """How `output` differs from what the case expects; an empty list when it matches."""
    found = []
    for key, wanted in expect.items():
        if key == "error_fields":
            got = [error["field"] for error in output.get("errors", [])]
        elif key == "provisions_include":
            got = sorted(p["id"] for p in output.get("provisions", []) if p["id"] in wanted)
            wanted = sorted(wanted)
        elif key == "provisions_exclude":
            got = [p["id"] for p in output.get("provisions", []) if p["id"] in wanted]
            wanted = []
        elif key in ("verdict_includes", "verdict_excludes"):
            # The words a verdict must (or must never) say: a force word or an addressee the text does not give.
            present = [words for words in wanted if words in output.get("verdict", "")]
            got, wanted = (present, wanted) if key == "verdict_includes" else (present, [])
        elif key in ("steps_include", "steps_exclude"):
            # Words some step must say (or no step may say): how an input was used, or why it was not.
            steps = output.get("steps", [])
            present = [words for words in wanted if any(words in step for step in steps)]
            got, wanted = (present, wanted) if key == "steps_include" else (present, [])
        elif key == "not_yet_count":
            got = len(output.get("not_yet", []))
        else:
            got = output.get(key, "<missing>")
        if got != wanted:
            found.append(f"{key}: expected {wanted!r}, got {got!r}")
    return found
