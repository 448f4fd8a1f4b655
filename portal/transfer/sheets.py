"""Reading an uploaded file as rows of cells: .xlsx and .xls (python-calamine), .csv in UTF-8 or GBK."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import lazy_gettext as _l

FORMATS = (".xlsx", ".xls", ".csv")
#: No sheet a ledger is kept in has more columns than this (the national children's form has about 40).
MAX_COLUMNS = 200


class UnreadableFile(Exception):
    """The upload is no spreadsheet this portal reads; the message says what to do."""


def kind_of(filename: str, content: bytes) -> str:
    """The file's real kind, from its first bytes (a WPS .xls saved as .xlsx still reads), else its name."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    name = filename.lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return "csv"
    if name.endswith((".xlsx", ".xls")):
        raise UnreadableFile(_l("This file is damaged or is no Excel workbook."))
    raise UnreadableFile(_l("Upload an Excel (.xlsx, .xls) or CSV file."))


def decode(content: bytes) -> str:
    """CSV text: UTF-8 (with or without the mark Excel writes), else GBK (GB 18030, what Chinese Excel saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_l("This CSV file is neither UTF-8 nor GBK text."))


def read_rows(filename: str, content: bytes) -> list[list[Any]]:
    """The first non-empty sheet as a list of rows (lists of cell values), trailing blanks kept as ''."""
    kind = kind_of(filename, content)
    if kind == "csv":
        text = decode(content)
        dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else csv.excel
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(any(cell not in ("", None) for cell in row) for row in rows):
                return [list(row) for row in rows]
    except Exception as error:  # calamine raises its own error types for every damaged file
        raise UnreadableFile(_l("This workbook cannot be read: %(error)s", error=str(error))) from error
    return []
