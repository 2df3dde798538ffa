"""Excel workbooks made in memory for the tests, as a bureau's staff would save them: one sheet of rows."""

import io

import openpyxl


def workbook_bytes(rows, *, merge=None, prepare=None) -> bytes:
    """An .xlsx file whose first sheet, 岗位统计, holds `rows`; `merge` merges a range (e.g. "B2:B3") and
    `prepare(book, sheet)` changes anything else before the file is saved."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "岗位统计"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if prepare:
        prepare(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
