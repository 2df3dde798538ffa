"""四（一）–（四）: which pay, allowance and incentive provisions apply to a person, and how strongly worded.

The provisions and their conditions are data (rules/allowance.toml). 59号 sets no amount: the result says whom
to ask for the local one (`local_amount_source`), and a user may enter the local monthly allowance per certificate
level to estimate a yearly figure, always labelled as the user's figure. Years served in hardship areas matter
only for 四（四）'s postgraduate priority; whenever they are given, the steps say how they were used or why not.
`decide_allowance` decides which provisions apply and what is missing; `_result` words that from words.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculators import inputs
from calculators.results import Invalid, unique
from calculators.rules import Provision, allowance_rules
from calculators.words import condition_words, wording

say = wording("allowance")

MONTHS_PER_YEAR = 12
LOCAL_AMOUNT_FIELDS = {
    "assistant": "local_monthly_assistant",
    "social-worker": "local_monthly_social_worker",
    "senior": "local_monthly_senior",
}
# The yes/no conditions a provision's `when` may set; words.toml words each once ([allowance.conditions]).
CONDITION_FLAGS = ("hardship_area", "wants_postgraduate", "applying_public_post")


@dataclass(frozen=True, kw_only=True)
class AppliedProvision:
    id: str
    text: str
    word: str  # the text's own force word, "" where it has none
    strength: str  # the word's level (provisions.toml [[force]])
    strength_label: str
    addressee: str  # in the text's words, or 本文件未明示
    clause: str
    note: str | None
    left_to_local: bool


@dataclass(frozen=True, kw_only=True)
class AllowanceEstimate:
    monthly: Decimal
    yearly: Decimal
    note: str


@dataclass(frozen=True, kw_only=True)
class AllowanceResult:
    employment: str
    employment_name: str
    certificate: str
    certificate_name: str
    occupational_allowance: str  # required / by_reference / not_covered
    occupational_allowance_label: str
    provisions: tuple[AppliedProvision, ...]
    not_yet: tuple[str, ...]  # provisions close to applying, and what is missing
    left_to_local: tuple[str, ...]
    estimate: AllowanceEstimate | None
    verdict: str
    steps: tuple[str, ...]
    clauses: tuple[str, ...]
    local_amount_source: str = ""  # where the reader learns the local amount; 59号 sets none
    ok: bool = True


def check_allowance(
    employment,
    certificate,
    hardship_area=False,
    hardship_years=None,
    wants_postgraduate=False,
    applying_public_post=False,
    local_monthly_assistant=None,
    local_monthly_social_worker=None,
    local_monthly_senior=None,
):
    rules = allowance_rules()
    errors = inputs.FieldErrors()
    read = errors.read

    def flag(value, name):
        return read(inputs.yes_no, value, name, condition_words(name)["field"])

    person = {
        "employment": read(
            inputs.choice, employment, "employment", say("employment_label"), rules.employment_spellings
        ),
        "certificate": read(
            inputs.choice, certificate, "certificate", say("certificate_label"), rules.certificate_spellings
        ),
        "hardship_area": flag(hardship_area, "hardship_area"),
        "hardship_years": 0
        if inputs.is_blank(hardship_years)
        else read(
            inputs.count,
            hardship_years,
            "hardship_years",
            say("hardship_years_label"),
            maximum=inputs.MAX_YEARS,
            unit="年",
        ),
        "hardship_years_given": not inputs.is_blank(hardship_years),
        "wants_postgraduate": flag(wants_postgraduate, "wants_postgraduate"),
        "applying_public_post": flag(applying_public_post, "applying_public_post"),
    }
    local_amounts = {}
    for code, raw in (
        ("assistant", local_monthly_assistant),
        ("social-worker", local_monthly_social_worker),
        ("senior", local_monthly_senior),
    ):
        if not inputs.is_blank(raw):
            label = say("local_monthly_label", certificate=rules.certificate[code])
            local_amounts[code] = read(inputs.amount, raw, LOCAL_AMOUNT_FIELDS[code], label)
    if errors:
        return Invalid(errors=tuple(errors))
    return _result(person, local_amounts)


def _applies(provision: Provision, person: dict) -> bool:
    when = provision.when
    if "employment" in when and person["employment"] not in when["employment"]:
        return False
    if "certified" in when and (person["certificate"] != "none") != when["certified"]:
        return False
    for flag in CONDITION_FLAGS:
        if flag in when and person[flag] != when[flag]:
            return False
    if "min_hardship_years" in when and person["hardship_years"] < _min_years(when):
        return False
    return True


def _applied(provision: Provision) -> AppliedProvision:
    policy = provision.policy
    notes = " ".join(note for note in (policy.note, provision.note) if note)
    return AppliedProvision(
        id=policy.id,
        text=policy.text,
        word=policy.word,
        strength=policy.force.level,
        strength_label=policy.force.label,
        addressee=policy.addressee_label,
        clause=policy.clause,
        note=notes or None,
        left_to_local=provision.left_to_local,
    )


def _min_years(when: dict) -> int:
    # The condition names the rule that holds the number, so the number of years is written down once.
    return getattr(allowance_rules(), when["min_hardship_years"])


@dataclass(frozen=True, kw_only=True)
class AllowanceDecision:
    """What the rules decide for one person, without words; `_result` words it."""

    applied: tuple[Provision, ...]  # the provisions that apply, in the order of allowance.toml
    deciding: Provision | None  # the occupational-allowance provision that applies, if any
    allowance: str  # required / by_reference / not_covered
    years_short: tuple[Provision, ...]  # priorities the person wants but has not served long enough for
    uncertified: tuple[Provision, ...]  # allowance provisions of the person's employment that need a certificate
    estimate: str | None  # None (no local amount given), not_covered, amount_missing or estimated
    monthly: Decimal | None  # the local monthly amount an estimate uses


def decide_allowance(person: dict, local_amounts: dict) -> AllowanceDecision:
    rules = allowance_rules()
    applied = tuple(p for p in rules.provisions if _applies(p, person))
    deciding = next((p for p in applied if p.occupational_allowance), None)
    allowance = deciding.occupational_allowance if deciding else "not_covered"
    monthly = local_amounts.get(person["certificate"])
    return AllowanceDecision(
        applied=applied,
        deciding=deciding,
        allowance=allowance,
        years_short=tuple(
            p
            for p in rules.provisions
            if "min_hardship_years" in p.when and p not in applied and person["wants_postgraduate"]
        ),
        uncertified=tuple(
            p
            for p in _allowance_provisions()
            if person["certificate"] == "none" and person["employment"] in p.when["employment"]
        ),
        estimate=_estimate_case(local_amounts, allowance, monthly),
        monthly=monthly,
    )


def _allowance_provisions() -> list[Provision]:
    return [p for p in allowance_rules().provisions if p.occupational_allowance]


def _estimate_case(local_amounts: dict, allowance: str, monthly: Decimal | None) -> str | None:
    if not local_amounts:
        return None
    if allowance == "not_covered":
        return "not_covered"
    return "amount_missing" if monthly is None else "estimated"


def _result(person: dict, local_amounts: dict) -> AllowanceResult:
    rules = allowance_rules()
    d = decide_allowance(person, local_amounts)
    provisions = tuple(_applied(p) for p in d.applied)
    not_yet = _not_yet_texts(person, d)
    hardship_steps = _hardship_years_steps(person, list(d.applied)) if person["hardship_years_given"] else []
    estimate = _estimate(d)
    names_hardship = hardship_steps or (not_yet and person["wants_postgraduate"])
    return AllowanceResult(
        employment=person["employment"],
        employment_name=rules.employment[person["employment"]],
        certificate=person["certificate"],
        certificate_name=rules.certificate[person["certificate"]],
        occupational_allowance=d.allowance,
        occupational_allowance_label=rules.occupational_allowance_words[d.allowance],
        provisions=provisions,
        not_yet=tuple(not_yet),
        left_to_local=tuple(p.text for p in provisions if p.left_to_local),
        estimate=estimate,
        verdict=_verdict(d, len(provisions)),
        steps=(
            *_summary_steps(person, d, len(provisions)),
            *not_yet,
            *hardship_steps,
            *_estimate_steps(person, d, estimate),
        ),
        clauses=unique(
            (
                _allowance_provisions()[0].clause,
                *(p.clause for p in provisions),
                *(rules.hardship_clauses if names_hardship else ()),
            )
        ),
        local_amount_source=rules.local_amount_source[d.allowance],
    )


def _summary_steps(person: dict, d: AllowanceDecision, provision_count: int) -> list[str]:
    rules = allowance_rules()
    return [
        say(
            "person_step",
            employment=rules.employment[person["employment"]],
            certificate=rules.certificate[person["certificate"]],
        ),
        say("allowance_step", label=rules.occupational_allowance_words[d.allowance]),
        say("count_step", count=provision_count),
    ]


def _not_yet_texts(person: dict, d: AllowanceDecision) -> list[str]:
    """Provisions close to applying, and what is missing: years of service, or a certificate."""
    years = person["hardship_years"]
    texts = [
        say("years_short", clause=p.clause, needed=_min_years(p.when), years=years, missing=_min_years(p.when) - years)
        for p in d.years_short
    ]
    return texts + [say("uncertified", clause=p.clause, text=p.text, reading=p.reading) for p in d.uncertified]


def _estimate(d: AllowanceDecision) -> AllowanceEstimate | None:
    if d.estimate != "estimated":
        return None
    yearly = d.monthly * MONTHS_PER_YEAR
    note = say("estimate", monthly=d.monthly, months=MONTHS_PER_YEAR, yearly=yearly)
    return AllowanceEstimate(monthly=d.monthly, yearly=yearly, note=note)


def _estimate_steps(person: dict, d: AllowanceDecision, estimate: AllowanceEstimate | None) -> list[str]:
    if d.estimate == "not_covered":
        return [say("estimate_not_covered")]
    if d.estimate == "amount_missing":
        return [say("estimate_amount_missing", certificate=allowance_rules().certificate[person["certificate"]])]
    return [estimate.note] if estimate else []


def _verdict(d: AllowanceDecision, provision_count: int) -> str:
    if d.deciding:
        # The verdict quotes the provision itself, so its force word and addressee are the text's own.
        return say("verdict_covered", clause=d.deciding.clause, text=d.deciding.text)
    return say("verdict_not_covered", count=provision_count)


def _hardship_years_steps(person: dict, applied: list[Provision]) -> list[str]:
    """How the years served in hardship areas were used, or why they were not: they count only for the
    postgraduate priority of 四（四）, and only for someone who means to apply."""
    years = person["hardship_years"]
    priority = next(p for p in allowance_rules().provisions if "min_hardship_years" in p.when)
    steps = []
    if not person["wants_postgraduate"]:
        # The steps name the form's own boxes, so the reader finds the one left empty.
        steps.append(
            say("years_unused", years=years, clause=priority.clause, box=condition_words("wants_postgraduate")["box"])
        )
    elif priority in applied:
        steps.append(
            say(
                "years_used",
                years=years,
                needed=_min_years(priority.when),
                clause=priority.clause,
                text=priority.text,
                force=priority.policy.force.label,
            )
        )
    # Otherwise the years fall short, and the not-yet step already says by how many.
    if years and not person["hardship_area"]:
        steps.append(say("hardship_box_unticked", box=condition_words("hardship_area")["box"], clause=priority.clause))
    return steps
