"""`python -m calculators`: the calculators on the command line, human-readable by default, `--json` for machines.

Exit status 0 for a result, 2 for invalid input (the errors are printed, in Chinese, field by field).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from calculators.allowance import check_allowance
from calculators.batch import batch_csv, batch_workbook, check_ratio_batch
from calculators.grade import check_grade
from calculators.inputs import FieldError
from calculators.ratio import check_ratio
from calculators.results import Invalid, as_json
from calculators.words import condition_words, wording

say = wording("cli")


def box(flag: str) -> str:
    """A yes/no flag's help, worded as the form's checkbox (words.toml [allowance.conditions])."""
    return condition_words(flag)["box"]


INVALID_INPUT = 2


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is reported like any other invalid input."""

    def error(self, message):
        raise _CommandLineError(message)


class _CommandLineError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m calculators", description="晋民发〔2022〕59号 自查计算器")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)

    ratio = commands.add_parser("ratio", help="岗位比例自查（三（二））")
    ratio.add_argument(
        "--org-type",
        help="单位类型：sw-org, charity, elderly-care, disaster-relief, other-social-org, "
        "public-institution, township-community, enterprise，或中文名称",
    )
    ratio.add_argument("--total", help="岗位总数")
    ratio.add_argument("--social-work", help="社会工作专业岗位数")
    ratio.add_argument("--professional-total", help="事业单位：专业技术岗位总量")
    ratio.add_argument("--structure", help="事业单位：本单位核定的结构比例 高级:中级:初级，如 1:3:6")
    batch_file = ratio.add_mutually_exclusive_group()
    batch_file.add_argument(
        "--csv",
        type=Path,
        help="批量自查：CSV 文件（UTF-8 或 GBK），表头为 单位名称,单位类型,岗位总数,社会工作专业岗位数",
    )
    batch_file.add_argument("--xlsx", type=Path, help="批量自查：Excel/WPS 工作簿（.xlsx），读取第一个工作表，表头同上")
    ratio.add_argument(
        "--out",
        type=Path,
        help="批量自查结果写入的文件：以 .xlsx 结尾写成 Excel 工作簿（问题行标色，另附说明表），"
        "否则写成 CSV（UTF-8，带 BOM，Excel 可直接打开）",
    )
    ratio.add_argument("--json", action="store_true", help="输出 JSON")

    grade = commands.add_parser("grade", help="社会工作专业岗位等级对照（三（三））")
    grade.add_argument(
        "--qualification",
        help="社会工作专业岗位：assistant（助理社会工作师岗位）, social-worker（社会工作师岗位）, senior（高级社会工作师岗位），或中文名称",
    )
    grade.add_argument("--level", help="岗位级别：一级、二级、三级")
    grade.add_argument("--grade", help="专业技术岗位等级 1–13（反查）")
    grade.add_argument("--json", action="store_true", help="输出 JSON")

    allowance = commands.add_parser("allowance", help="津贴与激励资格自查（四）")
    allowance.add_argument(
        "--employment",
        help="工作单位类型：village-community, social-org, public-institution, "
        "party-govt-or-mass-org, enterprise, other，或中文名称",
    )
    allowance.add_argument("--certificate", help="持证情况：none, assistant, social-worker, senior")
    allowance.add_argument("--hardship-area", action="store_true", help=box("hardship_area"))
    allowance.add_argument("--hardship-years", help="在艰苦地区服务的年数")
    allowance.add_argument("--wants-postgraduate", action="store_true", help=box("wants_postgraduate"))
    allowance.add_argument("--applying-public-post", action="store_true", help=box("applying_public_post"))
    allowance.add_argument("--local-monthly-assistant", help="当地助理社会工作师每月津贴（元，你自己的数字）")
    allowance.add_argument("--local-monthly-social-worker", help="当地社会工作师每月津贴（元）")
    allowance.add_argument("--local-monthly-senior", help="当地高级社会工作师每月津贴（元）")
    allowance.add_argument("--json", action="store_true", help="输出 JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wants_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
    except _CommandLineError as problem:
        return _report(Invalid(errors=(FieldError("arguments", say("bad_arguments", problem=problem)),)), wants_json)

    if args.command == "ratio" and (args.csv or args.xlsx):
        return _ratio_batch(args)
    if args.command == "ratio":
        result = check_ratio(args.org_type, args.total, args.social_work, args.professional_total, args.structure)
    elif args.command == "grade":
        result = check_grade(args.qualification, args.level, args.grade)
    else:
        result = check_allowance(
            args.employment,
            args.certificate,
            args.hardship_area,
            args.hardship_years,
            args.wants_postgraduate,
            args.applying_public_post,
            args.local_monthly_assistant,
            args.local_monthly_social_worker,
            args.local_monthly_senior,
        )
    return _report(result, args.json)


def _ratio_batch(args) -> int:
    # Either file is read by its content, not its name: a workbook saved as .csv by mistake is still read.
    path = args.csv or args.xlsx
    try:
        data = path.read_bytes()
    except OSError as problem:
        return _report(
            Invalid(errors=(FieldError("csv", say("unreadable_file", path=path, reason=problem.strerror)),)),
            args.json,
        )
    batch = check_ratio_batch(data)
    if batch.ok and args.out and args.out.suffix.lower() == ".xlsx":
        print_ = hashlib.sha256(data).hexdigest()[:16]
        workbook = batch_workbook(batch, site_version=_version(), today=datetime.date.today(), file_fingerprint=print_)
        args.out.write_bytes(workbook)
    elif batch.ok and args.out:
        args.out.write_text(batch_csv(batch), encoding="utf-8-sig", newline="")
    if not batch.ok or args.json or args.out:
        return _report(batch, args.json)
    sys.stdout.write(batch.verdict + "\n" + batch_csv(batch))
    return 0


def _version() -> str:
    """The version named on a results workbook made here: the installed project's, as the site names its own."""
    try:
        return say("version", version=metadata.version("jmf-2022-59"))
    except metadata.PackageNotFoundError:
        return say("version_unknown")


def _report(result, as_machine_output: bool) -> int:
    if as_machine_output:
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    elif not result.ok:
        for error in result.errors:
            print(say("invalid_field", field=error.field, message=error.message), file=sys.stderr)
    else:
        print(result.verdict)
        next_steps = getattr(result, "next_steps", ())
        if next_steps:
            print(say("next_steps_heading"))
            for step in next_steps:
                print(f"  → {step}")
        for step in getattr(result, "steps", ()):
            print(f"  · {step}")
        for provision in getattr(result, "provisions", ()):
            print(
                say(
                    "provision_line",
                    clause=provision.clause,
                    force=provision.strength_label,
                    addressee=provision.addressee,
                    text=provision.text,
                )
            )
        if getattr(result, "local_amount_source", None):
            print(result.local_amount_source)
        if getattr(result, "clauses", None):
            print(say("clauses_line", clauses="、".join(result.clauses)))
    return 0 if result.ok else INVALID_INPUT
