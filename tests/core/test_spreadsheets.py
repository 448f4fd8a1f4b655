"""The one helper every sheet writer uses: text stays text (issue 26, OWASP's rule for CSV injection)."""
import io
from datetime import date

import pytest
from openpyxl import Workbook

from portal.core.spreadsheets import csv_cell, formula_like, xlsx_cell, xlsx_row
from tests.neutral import FORMULA_NAME, xlsx_cells_with


@pytest.mark.parametrize("text", [FORMULA_NAME, "+86 138", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_text_starting_like_a_formula_gets_an_apostrophe(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text


def test_csv_leaves_plain_text_numbers_and_dates_alone():
    assert csv_cell("李小红") == "李小红"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell(-5) == "-5" and csv_cell(2.5) == "2.5"
    assert csv_cell(date(2026, 5, 1)) == "2026-05-01"
    assert csv_cell(None) == ""


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_is_a_text_cell_never_a_formula(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    sheet.append(xlsx_row(sheet, [FORMULA_NAME, "-3", -3, date(2026, 5, 1), None, "李小红"]))
    out = io.BytesIO()
    book.save(out)
    xlsx_cells_with(out.getvalue(), FORMULA_NAME)
    xlsx_cells_with(out.getvalue(), "-3")


def test_xlsx_numbers_and_dates_stay_what_they_are():
    sheet = Workbook().active
    assert xlsx_cell(sheet, 3) == 3 and xlsx_cell(sheet, date(2026, 1, 1)) == date(2026, 1, 1)
    assert xlsx_cell(sheet, None) is None and xlsx_cell(sheet, None, "") == ""
    plain = xlsx_cell(sheet, "李小红")
    assert plain.data_type == "s" and not plain.quotePrefix
