"""The scenario files: every rule and boundary of the calculators, one case per row, named as a sentence."""

from pathlib import Path

import pytest
from scenarios.run import problems, read_cases, run_case

SCENARIOS = Path(__file__).parent / "scenarios"
CASES = [
    pytest.param(calculator, case, id=case["name"])
    for calculator in ("ratio", "grade", "allowance")
    for case in read_cases((SCENARIOS / f"{calculator}.jsonl").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("calculator", "case"), CASES)
def test_scenario(calculator, case):
    output = run_case(calculator, case)
    assert problems(case["expect"], output) == []
    if output["ok"]:
        assert output["verdict"] and output["steps"] and output["clauses"]
    else:
        assert all(error["message"] for error in output["errors"])


def test_every_employment_and_certificate_pair_has_a_scenario():
    cases = read_cases((SCENARIOS / "allowance.jsonl").read_text(encoding="utf-8"))
    pairs = {(c["input"]["employment"], c["input"]["certificate"]) for c in cases}
    employments = [
        "village-community",
        "social-org",
        "public-institution",
        "party-govt-or-mass-org",
        "enterprise",
        "other",
    ]
    certificates = ["none", "assistant", "social-worker", "senior"]
    assert {(e, c) for e in employments for c in certificates} <= pairs


def test_every_grade_from_zero_to_fourteen_has_a_scenario():
    cases = read_cases((SCENARIOS / "grade.jsonl").read_text(encoding="utf-8"))
    grades = {
        int(c["input"]["grade"])
        for c in cases
        if isinstance(c["input"].get("grade"), (int, str)) and str(c["input"]["grade"]).lstrip("-").isdigit()
    }
    assert set(range(0, 15)) <= grades
