"""The ratio check for many units at once, from a CSV file or an Excel/WPS workbook (.xlsx) as people keep them.

Excel in China saves CSV as GBK, or as UTF-8 with a byte-order mark; both are read. A workbook's first sheet is
read (calculators/workbook.py). A header row names the columns (Chinese or English names): the first row, or a
row a little lower under a title such as 某县社会组织岗位统计表; each later row is one unit. A bad row is reported in its own result row,
with the values it had, and never stops the batch. A unit below the threshold gets both ways to reach it: the
existing posts to re-designate, or the new social-work posts to add (more, since the total grows with them).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from calculators.inputs import FieldError, normalise
from calculators.ratio import RatioResult, check_ratio
from calculators.record import rules_history
from calculators.results import Invalid, unique
from calculators.words import section, wording
from calculators.workbook import (
    INVALID_FILL,
    NOT_COMPLIANT_FILL,
    WorkbookError,
    first_sheet_rows,
    is_workbook,
    results_workbook,
)

say = wording("batch")

# Accepted column names → the field they fill.
COLUMNS = {
    "unit": ("单位名称", "单位", "名称", "unit", "name"),
    "org_type": ("单位类型", "类型", "org_type", "org-type", "type"),
    "total": ("岗位总数", "岗位总数量", "total"),
    "social_work": (
        "社会工作专业岗位数",
        "社会工作专业岗位数量",
        "社会工作岗位数",
        "社工岗位数",
        "social_work",
        "social-work",
    ),
}


# Where, in an output row (and [batch] output_header), a unit's 是否适用比例要求 and 是否符合 stand.
APPLIES_COLUMN = 5
COMPLIANT_COLUMN = 6
# How far down a title and notes may push the header row: it is looked for among this many first non-empty rows.
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, kw_only=True)
class UnitResult:
    row: int  # the line number in the file, counting the header as 1
    unit: str
    result: RatioResult | Invalid
    # The row's cells as read (spaces at the ends removed; "" where the row is too short), so a bad row can be
    # shown next to its error with what it contained.
    org_type_text: str = ""
    total_text: str = ""
    social_work_text: str = ""


@dataclass(frozen=True, kw_only=True)
class BatchSummary:
    units: int
    compliant: int
    not_compliant: int
    not_applicable: int
    invalid: int


@dataclass(frozen=True, kw_only=True)
class BatchResult:
    encoding: str | None  # a CSV file's ("UTF-8" or "GBK"); None for a workbook
    source: str  # what was read, in words: 「CSV 文件（UTF-8 编码）」 or a workbook's sheet
    summary: BatchSummary
    units: tuple[UnitResult, ...]
    verdict: str
    ok: bool = True


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (with or without BOM) first, else GBK (as GB18030)."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise ValueError(say("unknown_encoding")) from None


# How often a long batch says how far it has got (the page's progress bar): every this many units.
PROGRESS_EVERY = 1000


def check_ratio_batch(data: bytes, progress=None):
    """BatchResult for a whole CSV file or .xlsx workbook (bytes as saved, or CSV text already decoded), or
    Invalid when the file itself cannot be read. `progress(done, total)`, when given, hears every
    PROGRESS_EVERY units how many rows of the file have been checked."""
    table = _read_table(data)
    if isinstance(table, Invalid):
        return table
    rows, encoding, source = table
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return Invalid(errors=(FieldError("csv", say("empty_file")),))
    header = _header_row(rows)
    if isinstance(header, FieldError):
        return Invalid(errors=(header,))
    header_index, positions = header
    units = []
    body = rows[header_index + 1 :]
    for index, row in enumerate(body):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(body))
        if not any(cell.strip() for cell in row):
            continue
        units.append(_check_row(header_index + 2 + index, row, positions))
    if not units:
        return Invalid(errors=(FieldError("csv", say("header_only")),))
    summary = _summarise(units)
    verdict = say(
        "verdict",
        units=summary.units,
        compliant=summary.compliant,
        not_compliant=summary.not_compliant,
        not_applicable=summary.not_applicable,
        invalid=summary.invalid,
    )
    return BatchResult(encoding=encoding, source=source, summary=summary, units=tuple(units), verdict=verdict)


def _read_table(data) -> tuple[list[list[str]], str | None, str] | Invalid:
    """The file's rows of cells, its encoding (a CSV file's) and what was read, in words."""
    if isinstance(data, str):
        text, encoding = data, "UTF-8"
    elif isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        if is_workbook(data):
            try:
                sheet, rows = first_sheet_rows(data)
            except WorkbookError as problem:
                return Invalid(errors=(FieldError("csv", str(problem)),))
            return rows, None, say("source_workbook", sheet=sheet)
        try:
            text, encoding = decode(data)
        except ValueError as problem:
            return Invalid(errors=(FieldError("csv", str(problem)),))
    else:
        return Invalid(errors=(FieldError("csv", section("common")["choose_csv"]),))
    try:
        # newline="" lets the csv module see Windows (\r\n) and old Mac (\r) line ends itself.
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as problem:
        return Invalid(errors=(FieldError("csv", say("not_a_table", problem=problem)),))
    return rows, encoding, say("source_csv", encoding=encoding)


def _header_row(rows: list[list[str]]) -> tuple[int, dict[str, int]] | FieldError:
    """The index of the header row and the column of each field. The header is the first row naming every
    column, among the first HEADER_SEARCH_ROWS non-empty rows; when none does, the first non-empty row's
    missing columns are reported."""
    filled = [index for index, row in enumerate(rows) if any(cell.strip() for cell in row)][:HEADER_SEARCH_ROWS]
    for index in filled:
        positions = _column_positions(rows[index])
        if not isinstance(positions, FieldError):
            return index, positions
    return _column_positions(rows[filled[0]])


def _column_positions(header: list[str]) -> dict[str, int] | FieldError:
    names = [normalise(cell).lower() for cell in header]
    positions = {}
    for field, spellings in COLUMNS.items():
        for spelling in spellings:
            if normalise(spelling).lower() in names:
                positions[field] = names.index(normalise(spelling).lower())
                break
    missing = [COLUMNS[field][0] for field in COLUMNS if field not in positions]
    if missing:
        return FieldError("csv", say("missing_columns", missing="、".join(missing)))
    return positions


def _check_row(number: int, row: list[str], positions: dict[str, int]) -> UnitResult:
    def cell(field):
        position = positions[field]
        return row[position].strip() if position < len(row) else ""

    values = {"org_type_text": cell("org_type"), "total_text": cell("total"), "social_work_text": cell("social_work")}
    if len(row) < max(positions.values()) + 1:
        short = Invalid(errors=(FieldError("row", say("short_row", row=number, columns=len(positions))),))
        return UnitResult(row=number, unit=cell("unit"), result=short, **values)
    # A verdict a row: the explanation of each answer is the single calculator's (the CSV has the routes' figures).
    result = check_ratio(values["org_type_text"], values["total_text"], values["social_work_text"], explain=False)
    return UnitResult(row=number, unit=cell("unit"), result=result, **values)


def _summarise(units) -> BatchSummary:
    results = [u.result for u in units]
    valid = [r for r in results if r.ok]
    return BatchSummary(
        units=len(results),
        compliant=sum(1 for r in valid if r.compliant is True),
        not_compliant=sum(1 for r in valid if r.compliant is False),
        not_applicable=sum(1 for r in valid if not r.applies),
        invalid=len(results) - len(valid),
    )


def batch_csv(batch: BatchResult) -> str:
    """The results as CSV text, one row per unit, in the order of the input; a bad row shows the cells it had."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(section("batch")["output_header"])
    writer.writerows(_output_rows(batch))
    return out.getvalue()


def batch_workbook(batch: BatchResult, *, site_version: str, today: datetime.date, file_fingerprint: str) -> bytes:
    """The results as an .xlsx workbook: the rows of batch_csv, with the units that do not meet the ratio and
    the bad rows highlighted, and a sheet that says when, with which version and under which clause the check
    was made, and that it is a self-check, not an official ruling; with the rules version and the file's
    fingerprint (the first 16 hex digits of its SHA-256), so a reviewer can check the same file again."""
    rows = list(_output_rows(batch))
    clauses = batch_clauses(batch)
    rules = rules_history()[-1]
    notes = [
        say("notes_title"),
        say("notes_date", date=today.isoformat()),
        say("notes_version", version=site_version),
        say("notes_rules", fingerprint=rules.fingerprint, number=rules.number, date=rules.date),
        say("notes_file", fingerprint=file_fingerprint),
        say("notes_clauses", clauses="、".join(clauses)),
        say("notes_source", source=batch.source),
        batch.verdict,
        say("notes_legend"),
        say("notes_disclaimer"),
    ]
    # Rows are highlighted by what they hold: 是否符合 says 否, or 是否适用比例要求 is empty (only a bad row's is).
    highlights = [(APPLIES_COLUMN, "", INVALID_FILL), (COMPLIANT_COLUMN, _yes_no(False), NOT_COMPLIANT_FILL)]
    return results_workbook(section("batch")["output_header"], rows, highlights, notes)


def needs_attention(unit: UnitResult) -> bool:
    """A unit the reader has to act on: a bad row, or a unit below the ratio."""
    return not unit.result.ok or unit.result.compliant is False


def batch_clauses(batch: BatchResult) -> tuple[str, ...]:
    """The clauses the units' results rest on, each once, in first-mentioned order."""
    return unique(label for unit in batch.units if unit.result.ok for label in unit.result.clauses)


def _output_rows(batch: BatchResult):
    """Each unit's output row, numbers as numbers (a bad row: the cells it had and its errors)."""
    for unit in batch.units:
        r = unit.result
        if not r.ok:
            message = "；".join(e.message for e in r.errors)
            cells = [unit.org_type_text, unit.total_text, unit.social_work_text]
            yield [unit.row, unit.unit, *cells, "", "", "", "", "", "", say("row_invalid", message=message)]
            continue
        row = [
            unit.row,
            unit.unit,
            r.org_type_name,
            r.total_posts if r.total_posts is not None else "",
            r.social_work_posts if r.social_work_posts is not None else "",
            _yes_no(r.applies),
            "" if r.compliant is None else _yes_no(r.compliant),
            r.ratio_percent or "",
            "" if r.min_social_work_posts is None else r.min_social_work_posts,
            "" if r.shortfall is None else r.shortfall,
            "" if r.add_new is None else r.add_new,
            r.verdict,
        ]
        yield row


def _yes_no(value: bool) -> str:
    return section("common")["yes" if value else "no"]
