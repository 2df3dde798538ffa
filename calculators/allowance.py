"""四（一）–（四）: which pay, allowance and incentive provisions apply to a person, and how strongly worded.

The provisions and their conditions are data (rules/allowance.toml). 59号 sets no amount: the result says whom
to ask for the local one (`local_amount_source`), and a user may enter the local monthly allowance per certificate
level to estimate a yearly figure, always labelled as the user's figure. Years served in hardship areas matter
only for 四（四）'s postgraduate priority; whenever they are given, the steps say how they were used or why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculators import inputs
from calculators.results import Invalid, unique
from calculators.rules import Provision, allowance_rules

MONTHS_PER_YEAR = 12
LOCAL_AMOUNT_FIELDS = {"assistant": "local_monthly_assistant", "social-worker": "local_monthly_social_worker",
                       "senior": "local_monthly_senior"}


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class AllowanceEstimate:
    monthly: Decimal
    yearly: Decimal
    note: str


@dataclass(frozen=True)
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


def check_allowance(employment, certificate, hardship_area=False, hardship_years=None, wants_postgraduate=False,
                    applying_public_post=False, local_monthly_assistant=None, local_monthly_social_worker=None,
                    local_monthly_senior=None):
    rules = allowance_rules()
    errors = inputs.FieldErrors()
    read = errors.read

    person = {
        "employment": read(inputs.choice, employment, "employment", "工作单位类型", rules.employment_spellings),
        "certificate": read(inputs.choice, certificate, "certificate", "持证情况", rules.certificate_spellings),
        "hardship_area": read(inputs.yes_no, hardship_area, "hardship_area", "是否在艰苦地区工作"),
        "hardship_years": 0 if inputs.is_blank(hardship_years)
        else read(inputs.count, hardship_years, "hardship_years", "在艰苦地区服务年限", maximum=inputs.MAX_YEARS, unit="年"),
        "hardship_years_given": not inputs.is_blank(hardship_years),
        "wants_postgraduate": read(inputs.yes_no, wants_postgraduate, "wants_postgraduate", "是否报考社会工作专业硕士、博士研究生"),
        "applying_public_post": read(inputs.yes_no, applying_public_post, "applying_public_post", "是否报考党政机关、群团组织或事业单位职位"),
    }
    local_amounts = {}
    for code, raw in (("assistant", local_monthly_assistant), ("social-worker", local_monthly_social_worker),
                      ("senior", local_monthly_senior)):
        if not inputs.is_blank(raw):
            label = f"当地{rules.certificate[code]}每月津贴"
            local_amounts[code] = read(inputs.amount, raw, LOCAL_AMOUNT_FIELDS[code], label)
    if errors:
        return Invalid(tuple(errors))
    return _result(person, local_amounts)


def _applies(provision: Provision, person: dict) -> bool:
    when = provision.when
    if "employment" in when and person["employment"] not in when["employment"]:
        return False
    if "certified" in when and (person["certificate"] != "none") != when["certified"]:
        return False
    for flag in ("hardship_area", "wants_postgraduate", "applying_public_post"):
        if flag in when and person[flag] != when[flag]:
            return False
    if "min_hardship_years" in when and person["hardship_years"] < _min_years(when):
        return False
    return True


def _applied(provision: Provision) -> AppliedProvision:
    policy = provision.policy
    notes = " ".join(note for note in (policy.note, provision.note) if note)
    return AppliedProvision(policy.id, policy.text, policy.word, policy.force.level, policy.force.label,
                            policy.addressee_label, policy.clause, notes or None, provision.left_to_local)


def _min_years(when: dict) -> int:
    # The condition names the rule that holds the number, so the number of years is written down once.
    return getattr(allowance_rules(), when["min_hardship_years"])


def _result(person: dict, local_amounts: dict) -> AllowanceResult:
    rules = allowance_rules()
    employment_name = rules.employment[person["employment"]]
    certificate_name = rules.certificate[person["certificate"]]
    applied = [p for p in rules.provisions if _applies(p, person)]
    provisions = tuple(_applied(p) for p in applied)
    deciding = next((p for p in applied if p.occupational_allowance), None)  # the allowance provision that applies
    allowance = deciding.occupational_allowance if deciding else "not_covered"

    steps = [f"工作单位类型：{employment_name}；持证情况：{certificate_name}。"]
    not_yet = []
    for p in rules.provisions:
        if p in applied or "min_hardship_years" not in p.when or not person["wants_postgraduate"]:
            continue
        needed = _min_years(p.when)
        not_yet.append(f"{p.clause}：在艰苦地区服务满 {needed} 年报考社会工作专业硕士、博士研究生，同等条件下优先录取；"
                       f"你填写的服务年限是 {person['hardship_years']} 年，还差 {needed - person['hardship_years']} 年。")
    allowance_provisions = [p for p in rules.provisions if p.occupational_allowance]
    allowance_clause = allowance_provisions[0].clause
    if person["certificate"] == "none":
        for p in allowance_provisions:
            if person["employment"] in p.when["employment"]:
                not_yet.append(f"{p.clause}：「{p.text}」——{p.reading}")

    allowance_label = rules.occupational_allowance_words[allowance]
    steps.append(f"职业津贴——{allowance_label}。本文件没有规定津贴金额和发放条件。")
    steps.append(f"与你有关的规定共 {len(provisions)} 项，每项都注明本文件的用语、对象和条款。")
    steps += not_yet
    hardship_steps = _hardship_years_steps(person, applied) if person["hardship_years_given"] else []
    steps += hardship_steps

    estimate = None
    if local_amounts:
        monthly = local_amounts.get(person["certificate"])
        if allowance == "not_covered":
            steps.append("你填写了当地津贴标准，但本文件的职业津贴条款没有涉及你的情形，因此不作估算。")
        elif monthly is None:
            steps.append(f"你没有填写当地{certificate_name}的每月津贴，因此不作估算。")
        else:
            yearly = monthly * MONTHS_PER_YEAR
            note = (f"按你填写的当地标准估算：每月 {monthly} 元 × {MONTHS_PER_YEAR} 个月 = {yearly} 元。"
                    "这是你自己填写的数字，不是本文件规定的金额；实际以当地规定和发放条件为准。")
            estimate = AllowanceEstimate(monthly, yearly, note)
            steps.append(note)

    left_to_local = tuple(p.text for p in provisions if p.left_to_local)
    if deciding:
        # The verdict quotes the provision itself, so its force word and addressee are the text's own.
        verdict = f"涉及职业津贴。{deciding.clause}：「{deciding.text}」。本文件没有规定金额和发放条件。"
    else:
        verdict = f"本文件的职业津贴条款没有涉及你的情形；另有 {len(provisions)} 项薪酬与激励规定与你有关。"
    names_hardship = hardship_steps or (not_yet and person["wants_postgraduate"])
    clauses = unique((allowance_clause, *(p.clause for p in provisions), *(rules.hardship_clauses if names_hardship else ())))
    return AllowanceResult(
        person["employment"], employment_name, person["certificate"], certificate_name, allowance, allowance_label,
        provisions,
        tuple(not_yet), left_to_local, estimate, verdict, tuple(steps), clauses,
        local_amount_source=rules.local_amount_source[allowance],
    )


# The form's own labels, so the steps name the boxes the reader ticked or left empty.
HARDSHIP_AREA_BOX = "目前在艰苦地区工作"
POSTGRADUATE_BOX = "打算报考社会工作专业硕士、博士研究生"


def _hardship_years_steps(person: dict, applied: list[Provision]) -> list[str]:
    """How the years served in hardship areas were used, or why they were not: they count only for the
    postgraduate priority of 四（四）, and only for someone who means to apply."""
    years = person["hardship_years"]
    priority = next(p for p in allowance_rules().provisions if "min_hardship_years" in p.when)
    needed = _min_years(priority.when)
    steps = []
    if not person["wants_postgraduate"]:
        steps.append(f"你填写了在艰苦地区服务 {years} 年。服务年限只用于判断{priority.clause}研究生优先录取一项；"
                     f"你没有勾选“{POSTGRADUATE_BOX}”，所以没有使用这个年限。")
    elif priority in applied:
        steps.append(f"你填写的艰苦地区服务年限是 {years} 年，已满 {needed} 年，所以列出{priority.clause}：「{priority.text}」"
                     f"（{priority.policy.force.label}）。")
    # Otherwise the years fall short, and the not-yet step already says by how many.
    if years and not person["hardship_area"]:
        steps.append(f"你没有勾选“{HARDSHIP_AREA_BOX}”：{priority.clause}对录（聘）用到艰苦地区工作的、自愿长期留在艰苦地区工作的"
                     "社会工作专业人才另有两项规定，本工具只在勾选这一项后列出，不按服务年限列出。")
    return steps
