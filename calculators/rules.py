"""The rules of 59号 as data: calculators/rules/*.toml, read with the standard library only (the browser has
nothing else). Each rule carries the clause labels it comes from; tests prove the labels exist on the site."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, cached_property
from importlib import resources

from calculators.inputs import InvalidInput, choice, normalise
from calculators.words import section


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
    provisions: tuple[PolicyProvision, ...]
    also: str | None = None

    @property
    def asks(self) -> str:
        """What the policy says of this type: its provisions quoted, each with the text's own force word."""
        quoted = "；".join(f"「{p.text}」（{p.force.label}）" for p in self.provisions)
        return quoted + "。" + (self.also or "")

    @property
    def strength(self) -> str:
        return self.provisions[0].force.level

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.clause for p in self.provisions))


@dataclass(frozen=True)
class RatioRules:
    threshold: Fraction
    inclusive: bool
    provision: PolicyProvision
    org_types: tuple[OrgType, ...]
    ambiguous: dict[str, tuple[tuple[str, ...], str]]  # folded spelling → (codes to choose from, message)

    @property
    def clauses(self) -> tuple[str, ...]:
        return (self.provision.clause,)

    @property
    def strength(self) -> str:
        return self.provision.force.level

    def org_type(self, code: str) -> OrgType:
        return next(t for t in self.org_types if t.code == code)

    # Worked out once per rules, not per answer: a batch of 20,000 units spent a third of its time here.
    @cached_property
    def org_type_spellings(self) -> dict[str, str]:
        return accepted_spellings({t.code: [t.name, *t.names] for t in self.org_types})

    def read_org_type(self, value: object, field: str = "org_type", label: str | None = None) -> str:
        """An org type's code; a name that could be either kind of social organisation is refused with a
        message asking the user to choose, because the text does not say which it is."""
        folded = normalise(value) if isinstance(value, str) else ""
        ambiguous = self.ambiguous.get(folded) or self.ambiguous.get(folded.lower())
        if ambiguous:
            codes, message = ambiguous
            choices = "”或“".join(self.org_type(code).name for code in codes)
            raise InvalidInput(field, message.format(given=folded[:30], choices=choices))
        return choice(value, field, label or section("ratio")["org_type_label"], self.org_type_spellings)


@cache
def ratio_rules() -> RatioRules:
    data = load_rules_file("ratio.toml")
    threshold = data["threshold"]
    share = Fraction(threshold["numerator"], threshold["denominator"])
    # Adding posts can reach only a threshold below 100 %, and the percentage display needs one that is a whole
    # number of hundredths of a percent (calculators/ratio.py): refuse anything else loudly.
    if not 0 < share < 1 or (share * 10000).denominator != 1:
        raise ValueError(f"ratio.toml: the threshold {share} must lie between 0 and 1 in hundredths of a percent")
    ambiguous = {}
    for entry in data.get("ambiguous", ()):
        for name in entry["names"]:
            ambiguous[normalise(name)] = (tuple(entry["choose_from"]), entry["message"])
    return RatioRules(
        threshold=share,
        inclusive=threshold["inclusive"],
        provision=provision(threshold["provision"]),
        org_types=tuple(
            OrgType(
                t["code"],
                t["name"],
                tuple(t["names"]),
                t["applies"],
                tuple(provision(p) for p in t["provisions"]),
                t.get("also"),
            )
            for t in data["org_type"]
        ),
        ambiguous=ambiguous,
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
    unspecified: str | None = None  # what 59号 leaves open for a post it does not split into levels

    @property
    def level_names(self) -> tuple[str, ...]:
        """The post levels 59号 gives this post (一级、二级 …), the only ones a form should offer; () for none."""
        return tuple(name for name, _ in self.levels)


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
                q["code"],
                q["name"],
                tuple(q["names"]),
                q["tier"],
                tuple(q["clauses"]),
                tuple((level["level"], level["grade"]) for level in q["levels"]),
                q.get("unspecified"),
            )
            for q in data["qualification"]
        ),
        reading_note=data["reading"]["note"],
        appointment_note=data["reading"]["appointment"],
    )


# ---- Every provision with the text's own force word and addressee (rules/provisions.toml) -----------------


@dataclass(frozen=True)
class Force:
    word: str  # the text's own word, "" where the sentence has none
    level: str  # required / directive / priority / encouraged / permitted
    label: str  # how the site names it


@dataclass(frozen=True)
class PolicyProvision:
    id: str
    clause: str
    text: str  # verbatim from the clause; …… marks words left out
    force: Force
    addressee: str  # in the text's own words; "" where the sentence names nobody
    note: str | None = None

    @property
    def word(self) -> str:
        return self.force.word

    @property
    def addressee_label(self) -> str:
        return self.addressee or "本文件未明示"


@dataclass(frozen=True)
class ProvisionRules:
    forces: tuple[Force, ...]
    provisions: tuple[PolicyProvision, ...]

    def provision(self, provision_id: str) -> PolicyProvision:
        return next(p for p in self.provisions if p.id == provision_id)

    def of_clause(self, label: str) -> tuple[PolicyProvision, ...]:
        return tuple(p for p in self.provisions if p.clause == label)


@cache
def provision_rules() -> ProvisionRules:
    data = load_rules_file("provisions.toml")
    forces = tuple(Force(f["word"], f["level"], f["label"]) for f in data["force"])
    by_word = {force.word: force for force in forces}
    return ProvisionRules(
        forces,
        tuple(
            PolicyProvision(p["id"], p["clause"], p["text"], by_word[p["word"]], p["addressee"], p.get("note"))
            for p in data["provision"]
        ),
    )


def provision(provision_id: str) -> PolicyProvision:
    return provision_rules().provision(provision_id)


# ---- 四: pay, allowance and incentives -----------------------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    """A provision of 四 as the allowance calculator applies it: the policy's words from provisions.toml, plus
    when the calculator shows it and what the calculator cannot judge (`note`)."""

    policy: PolicyProvision
    when: dict
    note: str | None = None
    occupational_allowance: str | None = None
    left_to_local: bool = False
    reading: str | None = None  # how the calculator reads who is concerned, where the text leaves it open

    @property
    def id(self) -> str:
        return self.policy.id

    @property
    def clause(self) -> str:
        return self.policy.clause

    @property
    def text(self) -> str:
        return self.policy.text


@dataclass(frozen=True)
class AllowanceRules:
    employment: dict[str, str]
    certificate: dict[str, str]
    occupational_allowance_words: dict[str, str]
    local_amount_source: dict[str, str]  # by the same keys: where a reader learns the local amount
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
        employment=dict(data["employment"]),
        certificate=dict(data["certificate"]),
        occupational_allowance_words=dict(data["occupational_allowance"]),
        local_amount_source=dict(data["local_amount_source"]),
        min_years_for_postgraduate_priority=hardship["min_years_for_postgraduate_priority"],
        hardship_clauses=tuple(hardship["clauses"]),
        provisions=tuple(
            Provision(
                provision(p["id"]),
                dict(p["when"]),
                p.get("note"),
                p.get("occupational_allowance"),
                p.get("left_to_local", False),
                p.get("reading"),
            )
            for p in data["provision"]
        ),
    )
