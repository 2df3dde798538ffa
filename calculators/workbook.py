"""Excel and WPS workbooks (.xlsx) for the batch check: the first sheet read into rows of text, as a CSV file
would give them, and the results written as a workbook with the problem rows highlighted.

openpyxl (with et-xmlfile) reads and writes the format. It is pure Python and imported only here, when a
workbook is read or written, so nothing else loads it: in the browser the worker adds it on the batch page alone
(sitebuild/browser_bundle.py ships its wheels). A file is told apart by its first bytes, not its name: an .xlsx
is a zip; an old .xls and a password-protected .xlsx are both OLE2 compound files, told apart by the stream an
encrypted workbook holds.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from calculators.words import section, wording

say = wording("workbook")

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted Office file keeps its workbook in (its name in the compound file's directory is
# UTF-16LE); an .xls has a "Workbook" stream instead.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# The results sheet's fills for the rows that need attention; the row's own words say the same, so the colour
# is never the only sign (and a printout in black and white loses nothing).
NOT_COMPLIANT_FILL = "FDE2E1"
INVALID_FILL = "FFF2CC"
HEADER_FILL = "DDEBF7"


class WorkbookError(ValueError):
    """The file cannot be read as a workbook; the message says why, in Chinese."""


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are a workbook (or a file Excel saves that is not one we can read), not a CSV text."""
    return data.startswith(ZIP_SIGNATURE) or data.startswith(OLE2_SIGNATURE)


def first_sheet_rows(data: bytes) -> tuple[str, list[list[str]]]:
    """The first worksheet's name and its rows, each cell as text ("" for an empty cell). A merged range gives
    its value to every cell it covers (a unit type merged down a column applies to each row). Numbers stored as
    numbers read as they are shown: 12, not 12.0. Formulas give the value Excel last calculated."""
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookError(say("password_protected" if ENCRYPTED_STREAM in data else "old_format"))
    try:
        import openpyxl
    except ImportError:
        raise WorkbookError(say("not_available")) from None
    try:
        # Read-only mode streams the sheet instead of making a cell object for each cell: a third less time for a
        # 20,000-row sheet. It does not report merged ranges, which are read from the sheet's XML below.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not book.worksheets:
            raise WorkbookError(say("no_sheet"))
        sheet = book.worksheets[0]
        # The size a sheet declares can be wrong (some programs write A1 whatever the sheet holds); each row is
        # read as far as it goes instead, and the rows are evened out below.
        sheet.reset_dimensions()
        try:
            rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            merged = _merged_ranges(book, sheet)
        finally:
            book.close()  # a read-only workbook keeps its zip open until closed
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError, SyntaxError) as problem:
        if isinstance(problem, WorkbookError):
            raise
        # openpyxl raises whatever the zip or XML layer raised (KeyError for a missing part, SyntaxError's
        # subclass ParseError for broken XML, BadZipFile for a cut-short file).
        raise WorkbookError(say("damaged", problem=type(problem).__name__)) from None
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    for min_col, min_row, max_col, max_row in merged:
        if min_row > len(rows):
            continue
        value = rows[min_row - 1][min_col - 1] if min_col <= width else ""
        for row in rows[min_row - 1 : max_row]:
            for column in range(min_col - 1, min(max_col, width)):
                row[column] = value
    return sheet.title, rows


# A merged range as the sheet's XML writes it, after its rows: <mergeCell ref="B2:B4"/> (with any prefix).
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _merged_ranges(book, sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min_col, min_row, max_col, max_row). openpyxl's read-only sheet knows the
    part it was read from but not its merges; those are found in that part's XML, which lists them after the
    rows (a search of bytes, not a second parse)."""
    from openpyxl.utils.cell import range_boundaries

    with book._archive.open(sheet._worksheet_path) as part:  # the read-only sheet's own source (openpyxl 3.1)
        xml = part.read()
    tail = xml[xml.rfind(b"</sheetData>") :]
    return [range_boundaries(ref.decode("ascii")) for ref in MERGE_CELL.findall(tail)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return section("common")["yes" if value else "no"]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value)


def results_workbook(header, rows, highlights, notes) -> bytes:
    """An .xlsx of the results: the sheet 自查结果 (the header, then `rows`) and the sheet 说明 with `notes`, a
    line each. `highlights` are (column index, value, fill colour): a row whose cell in that column holds that
    value is filled with that colour.

    The rows are streamed (openpyxl's write-only mode), and the highlights are conditional formats over the whole
    sheet rather than a style on each cell: a cell style costs openpyxl as much again as writing the cell (for
    20,000 units, 1.6 s more natively, several seconds in the browser), and a rule keeps its colour on the right
    rows when the reader sorts or filters the sheet."""
    import openpyxl
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(say("results_sheet"))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(section("workbook")["column_widths"], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last_row = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last_row}"
    area = f"A2:{get_column_letter(len(header))}{last_row}"
    for column, value, colour in highlights:
        condition = f'${get_column_letter(column + 1)}2="{value}"'
        fill = PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)
        sheet.conditional_formatting.add(area, FormulaRule(formula=[condition], fill=fill, stopIfTrue=True))
    header_cells = []
    for name in header:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet(say("notes_sheet"))
    about.column_dimensions["A"].width = 100
    for line in notes:
        about.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
