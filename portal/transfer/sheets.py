"""Reading an uploaded file as rows of cells: .xlsx and .xls (python-calamine), .csv in UTF-8 or GBK.

An upload is untrusted: a 303 KB .xlsx holding one 300 MB string took 194 s to preview (issue 26). Before a
workbook is parsed, its zip members are inflated (and thrown away) up to ``GUANAI_IMPORT_MAX_UNPACKED_BYTES``;
while it is read, rows stop at ``GUANAI_IMPORT_MAX_ROWS`` and a cell longer than ``GUANAI_IMPORT_MAX_CELL_CHARS``
(Excel's own limit) or a row wider than MAX_COLUMNS is refused. Each refusal names the limit.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

FORMATS = (".xlsx", ".xls", ".csv")
#: No sheet a ledger is kept in has more columns than this (the national children's form has about 40).
MAX_COLUMNS = 200
#: Defaults of the settings (each ``GUANAI_IMPORT_...`` in the app's configuration replaces one).
DEFAULT_MAX_ROWS = 50_000                    # a township's ledger; a bigger sheet is split
DEFAULT_MAX_CELL_CHARS = 32_767              # the most Excel itself lets a cell hold
DEFAULT_MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a 50,000-row workbook unpacks to about 30 MB


class UnreadableFile(Exception):
    """The upload is no spreadsheet this portal reads, or exceeds a limit; the message says what to do."""


def limit(name: str, default: int) -> int:
    """A limit from the app's configuration (``GUANAI_IMPORT_<name>``), else its default."""
    return int(current_app.config.get(f"GUANAI_IMPORT_{name}", default)) if has_app_context() else default


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


def check_unpacked_size(content: bytes) -> None:
    """Refuse a workbook whose members inflate to more than the limit, inflating at most that much.

    The sizes a zip declares are not trusted: each member is inflated in chunks (Python's zipfile also
    stops at the declared size and checks the CRC) and counted, so the check costs at most the limit.
    """
    most = limit("MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            for info in book.infolist():
                if total + info.file_size > most:
                    _too_big(most)
                with book.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        total += len(chunk)
                        if total > most:
                            _too_big(most)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        raise UnreadableFile(_l("This file is damaged or is no Excel workbook.")) from None


def _too_big(most: int):
    raise UnreadableFile(_l("This workbook unpacks to more than %(mb)s MB: split it into smaller sheets.",
                            mb=f"{most / 1048576:g}"))


def bounded(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    """The rows as lists, read one at a time and refused at the first that passes a limit (rows, columns,
    characters in a cell), so a huge sheet costs no more than its allowed part."""
    max_rows = limit("MAX_ROWS", DEFAULT_MAX_ROWS)
    max_chars = limit("MAX_CELL_CHARS", DEFAULT_MAX_CELL_CHARS)
    out: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            raise UnreadableFile(_l("The sheet has more than %(rows)s rows: split it into smaller sheets.",
                                    rows=f"{max_rows:,}"))
        cells = list(row)
        if len(cells) > MAX_COLUMNS:
            while cells and cells[-1] in ("", None):  # a sheet's blank columns on the right do not count
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise UnreadableFile(_l("Row %(row)s has more than %(columns)s columns.", row=number,
                                        columns=MAX_COLUMNS))
        for cell in cells:
            if isinstance(cell, str) and len(cell) > max_chars:
                raise UnreadableFile(_l("Row %(row)s has a cell of more than %(chars)s characters.",
                                        row=number, chars=f"{max_chars:,}"))
        out.append(cells)
    return out


def _csv_rows(text: str) -> Iterator[list[str]]:
    first = text.split("\n", 1)[0]
    dialect = csv.excel_tab if first.count("\t") > first.count(",") else csv.excel
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as error:  # a field longer than the csv module's own limit, a stray NUL
        raise UnreadableFile(_l("This CSV file cannot be read: %(error)s", error=str(error))) from None


def _from_a1(sheet) -> Iterator[list[Any]]:
    """A calamine sheet's rows from column A (its rows start at row 1, but its columns at the first used one),
    one at a time, as ``to_python(skip_empty_area=False)`` gave them all at once."""
    blank = [""] * (sheet.start[1] if sheet.start else 0)
    for row in sheet.iter_rows():
        yield blank + row if blank else row


def read_rows(filename: str, content: bytes) -> list[list[Any]]:
    """The first non-empty sheet as a list of rows (lists of cell values), trailing blanks kept as ''."""
    kind = kind_of(filename, content)
    if kind == "csv":
        return bounded(_csv_rows(decode(content)))
    if kind == "xlsx":
        check_unpacked_size(content)
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = bounded(_from_a1(sheet))
            if any(any(cell not in ("", None) for cell in row) for row in rows):
                return rows
    except UnreadableFile:
        raise
    except Exception as error:  # calamine raises its own error types for every damaged file
        raise UnreadableFile(_l("This workbook cannot be read: %(error)s", error=str(error))) from error
    return []
