"""The rules of 59号 as data: calculators/rules/*.toml, read with the standard library only (the browser has
nothing else). Each rule carries the clause labels it comes from; tests prove the labels exist on the site."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

from calculators.inputs import normalise


def load_rules_file(name: str) -> dict:
    """One file of calculators/rules, parsed; read through the package so it works from a zip in Pyodide too."""
    return tomllib.loads(resources.files("calculators").joinpath("rules", name).read_text(encoding="utf-8"))


def accepted_spellings(codes_and_names: dict[str, list[str]]) -> dict[str, str]:
    """Every accepted spelling (the code and each name, folded as input is folded) → the code."""
    spellings = {}
    for code, names in codes_and_names.items():
        for spelling in (code, *names):
            spellings[normalise(spelling)] = code
            spellings[normalise(spelling).lower()] = code
    return spellings


# ---- 三（二）: the post ratio -------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgType:
    code: str
    name: str
    names: tuple[str, ...]
    applies: bool
    asks: str
    strength: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class RatioRules:
    threshold: Fraction
    inclusive: bool
    strength: str
    clauses: tuple[str, ...]
    org_types: tuple[OrgType, ...]

    def org_type(self, code: str) -> OrgType:
        return next(t for t in self.org_types if t.code == code)

    @property
    def org_type_spellings(self) -> dict[str, str]:
        return accepted_spellings({t.code: [t.name, *t.names] for t in self.org_types})


@cache
def ratio_rules() -> RatioRules:
    data = load_rules_file("ratio.toml")
    threshold = data["threshold"]
    share = Fraction(threshold["numerator"], threshold["denominator"]) * 100
    percent = f"{share.numerator}%" if share.denominator == 1 else f"{float(share)}%"
    for org_type in data["org_type"]:
        org_type["asks"] = org_type["asks"].format(threshold=percent)
    return RatioRules(
        threshold=Fraction(threshold["numerator"], threshold["denominator"]),
        inclusive=threshold["inclusive"],
        strength=threshold["strength"],
        clauses=tuple(threshold["clauses"]),
        org_types=tuple(
            OrgType(t["code"], t["name"], tuple(t["names"]), t["applies"], t["asks"], t["strength"], tuple(t["clauses"]))
            for t in data["org_type"]
        ),
    )


# ---- 三（三）: qualifications and post grades ---------------------------------------------------------------

@dataclass(frozen=True)
class Tier:
    name: str
    grades: tuple[int, ...]
    note: str | None = None


@dataclass(frozen=True)
class Qualification:
    code: str
    name: str
    names: tuple[str, ...]
    tier: str
    clauses: tuple[str, ...]
    levels: tuple[tuple[str, int], ...]  # (post level, grade), in the order 59号 names them
    covers_tiers: tuple[str, ...] = ()
    unspecified: str | None = None


@dataclass(frozen=True)
class GradeRules:
    source: str
    lowest: int
    highest: int
    tiers: tuple[Tier, ...]
    qualifications: tuple[Qualification, ...]
    reading_note: str
    appointment_note: str

    def tier_of(self, grade: int) -> Tier:
        return next(t for t in self.tiers if grade in t.grades)

    def qualification(self, code: str) -> Qualification:
        return next(q for q in self.qualifications if q.code == code)

    @property
    def qualification_spellings(self) -> dict[str, str]:
        return accepted_spellings({q.code: [q.name, *q.names] for q in self.qualifications})


@cache
def grade_rules() -> GradeRules:
    data = load_rules_file("grades.toml")
    system = data["grade_system"]
    return GradeRules(
        source=system["source"],
        lowest=system["lowest"],
        highest=system["highest"],
        tiers=tuple(Tier(t["name"], tuple(t["grades"]), t.get("note")) for t in data["tier"]),
        qualifications=tuple(
            Qualification(
                q["code"], q["name"], tuple(q["names"]), q["tier"], tuple(q["clauses"]),
                tuple((level["level"], level["grade"]) for level in q["levels"]),
                tuple(q.get("covers_tiers", ())), q.get("unspecified"),
            )
            for q in data["qualification"]
        ),
        reading_note=data["reading"]["note"],
        appointment_note=data["reading"]["appointment"],
    )


# ---- 四: pay, allowance and incentives -----------------------------------------------------------------------

@dataclass(frozen=True)
class Provision:
    id: str
    clause: str
    text: str
    strength: str
    when: dict
    note: str | None = None
    occupational_allowance: str | None = None
    left_to_local: bool = False


@dataclass(frozen=True)
class AllowanceRules:
    strengths: dict[str, str]
    employment: dict[str, str]
    certificate: dict[str, str]
    min_years_for_postgraduate_priority: int
    hardship_clauses: tuple[str, ...]
    provisions: tuple[Provision, ...]

    @property
    def employment_spellings(self) -> dict[str, str]:
        return accepted_spellings({code: [name] for code, name in self.employment.items()})

    @property
    def certificate_spellings(self) -> dict[str, str]:
        spellings = accepted_spellings({code: [name] for code, name in self.certificate.items()})
        # The qualification names and their short forms are accepted here too.
        for spelling, code in grade_rules().qualification_spellings.items():
            spellings.setdefault(spelling, code)
        spellings.update({"无": "none", "没有": "none", "未持证": "none"})
        return spellings


@cache
def allowance_rules() -> AllowanceRules:
    data = load_rules_file("allowance.toml")
    hardship = data["hardship"]
    return AllowanceRules(
        strengths=dict(data["strengths"]),
        employment=dict(data["employment"]),
        certificate=dict(data["certificate"]),
        min_years_for_postgraduate_priority=hardship["min_years_for_postgraduate_priority"],
        hardship_clauses=tuple(hardship["clauses"]),
        provisions=tuple(
            Provision(
                p["id"], p["clause"], p["text"], p["strength"], dict(p["when"]), p.get("note"),
                p.get("occupational_allowance"), p.get("left_to_local", False),
            )
            for p in data["provision"]
        ),
    )
