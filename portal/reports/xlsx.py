"""A report as an ``.xlsx`` workbook: a cover sheet, then one sheet per table, headers in the user's language;
every cell through ``core.spreadsheets`` (names in the tables are text, never formulas)."""
from __future__ import annotations

import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..core.spreadsheets import xlsx_row
from ..core.time import local_today
from .build import all_tables


def sheet_name(key: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", key)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f"~{n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def report_workbook(report) -> bytes:
    """The workbook's bytes: row 1 the table's title, row 2 its headers, then its rows and total; written
    row by row (openpyxl's write-only mode: a county's tables hold no cell object each in memory)."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    cover = wb.create_sheet(sheet_name("report", used))
    for line in ([_("Area"), report.place.full_name], [_("Period"), report.period.label],
                 [_("From"), report.period.start.isoformat()], [_("To"), report.period.end.isoformat()],
                 [_("Made on"), local_today().isoformat()]):
        cover.append(xlsx_row(cover, line))
    bold = Font(bold=True)
    for section, table in all_tables(report):
        ws = wb.create_sheet(sheet_name(table.key, used))
        ws.column_dimensions["A"].width = 28
        ws.append(xlsx_row(ws, [f"{section.title} · {table.title}"]))
        header = [_bold(ws, cell, bold) for cell in xlsx_row(ws, table.columns)]
        ws.append(header)
        for row in table.rows:
            ws.append(xlsx_row(ws, row))
        if table.total:
            ws.append(xlsx_row(ws, table.total))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bold(sheet, cell, font):
    """A header cell in bold (a written-only cell carries its style)."""
    if not hasattr(cell, "font"):  # a number or a date as it is
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = font
    return cell
