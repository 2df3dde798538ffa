"""The site's calculators for 晋民发〔2022〕59号: post ratio (三（二）), grade equivalent (三（三）) and allowance and
incentive eligibility (四（一）–（四）), with the organisation self-check (check_selfcheck) over them.

Small pure functions over the rules data in rules/*.toml: raw input in (strings, numbers, booleans, as a form or
the command line gives them), a frozen dataclass out — a result with ok=True, a verdict, the explanation steps
and the clause labels, or Invalid with a Chinese message per field. The same code runs under pytest and, in the
browser, under Pyodide; it uses the standard library only. `as_json` gives the JSON form both share. The site's own words in the answers
are in rules/words.toml (calculators.words), apart from the code that decides.
"""

from calculators.allowance import AllowanceResult, check_allowance
from calculators.batch import BatchResult, batch_csv, check_ratio_batch
from calculators.grade import GradeResult, check_grade, grade_name
from calculators.inputs import FieldError
from calculators.ratio import RatioResult, check_ratio, largest_total_supported, minimum_social_work_posts, percent_text
from calculators.results import Invalid, as_json
from calculators.selfcheck import CheckPoint, SelfCheckResult, check_selfcheck, checklist, selfcheck_csv

__all__ = [
    "AllowanceResult",
    "BatchResult",
    "CheckPoint",
    "FieldError",
    "GradeResult",
    "Invalid",
    "RatioResult",
    "SelfCheckResult",
    "as_json",
    "batch_csv",
    "check_allowance",
    "check_grade",
    "check_ratio",
    "check_ratio_batch",
    "check_selfcheck",
    "checklist",
    "grade_name",
    "largest_total_supported",
    "minimum_social_work_posts",
    "percent_text",
    "selfcheck_csv",
]
