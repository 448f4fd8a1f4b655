"""Who took part, from a sheet (issue 29: "Activities record which people took part (from a list of the people the
activity is for, on a phone, or imported)"): a sign-in sheet (签到表) typed up in Excel or WPS, or the list this page
downloads with the absent struck out, names the people by 人员编号, 身份证号码 or 姓名.

The file is read once by the import machinery (``portal.transfer.sheets.read_rows``: .xlsx, .xls, .csv in UTF-8 or
GBK; its caps on the unpacked size, rows and a cell's length, each refusal naming the limit). Every row is matched
against the people the activity is for as the user sees them (``attendance.people_for``); every row that names no
one of them, or a name two of them share, is named with its column; then all are recorded, or none."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..activities.models import Activity
from ..ledger.models import Beneficiary
from .attendance import people_for, took_part

#: The header words a sheet names each column by (Chinese first, as 签到表 are kept; English as this page writes
#: them in English). Compared without spaces and case.
HEADERS = {
    "person": ("人员编号", "编号", "personid", "id"),
    "id_number": ("公民身份证号码", "身份证号码", "身份证号", "身份证", "idnumber", "idcardnumber"),
    "name": ("姓名", "名字", "name"),
}
COLUMN_NAMES = {"person": "人员编号", "id_number": "身份证号码", "name": "姓名"}
#: A header is looked for in the sheet's first rows (a title row and a date row come before it in a 签到表).
HEADER_WITHIN = 10


class SheetRefused(ValueError):
    """The sheet cannot be recorded: ``problems`` names each bad row and column (or the sheet's fault)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SheetResult:
    rows: int          # rows that named a person
    people: int        # distinct people they named
    added: int         # of them, not ticked before


def _key(value) -> str:
    return "".join(str(value).split()).lower()


def _text(value) -> str:
    """A cell as text: a whole number read from a workbook as a float (123.0) is its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(rows: list[list]) -> tuple[int, dict[str, int]]:
    """(index of the header row, {field: column index}) of the first row naming a column we read."""
    wanted = {_key(word): field for field, words in HEADERS.items() for word in words}
    for index, row in enumerate(rows[:HEADER_WITHIN]):
        found: dict[str, int] = {}
        for column, cell in enumerate(row):
            field = wanted.get(_key(_text(cell)))
            if field is not None and field not in found:
                found[field] = column
        if found:
            return index, found
    raise SheetRefused([str(_l("The sheet needs a column 人员编号, 身份证号码 or 姓名 in its first %(n)d rows.",
                               n=HEADER_WITHIN))])


def _problem(number: int, field: str, message) -> str:
    return str(_l("Row %(n)d, %(column)s: %(message)s", n=number, column=COLUMN_NAMES[field], message=message))


def people_named(activity: Activity, user, rows: list[list]) -> tuple[set[int], int]:
    """The ids of the people the sheet's rows name, and how many rows named someone; every bad row refuses the
    sheet (``SheetRefused`` lists them all)."""
    start, columns = _columns(rows)
    allowed = people_for(activity, user)
    by_id = {p.id: p for p in allowed}
    by_number = {p.id_number.upper(): p for p in allowed if p.id_number}
    by_name: dict[str, list[Beneficiary]] = {}
    for p in allowed:
        by_name.setdefault(_key(p.name), []).append(p)
    problems: list[str] = []
    found: set[int] = set()
    named = 0
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        cell = {field: _text(row[i]) if i < len(row) else "" for field, i in columns.items()}
        if not any(cell.values()):
            continue
        person = None
        if cell.get("person"):
            raw = cell["person"]
            person = by_id.get(int(raw)) if raw.isdecimal() and len(raw) < 19 else None
            if person is None:
                problems.append(_problem(number, "person", _l("%(value)s is none of the people this activity is for.",
                                                              value=raw[:30])))
                continue
        elif cell.get("id_number"):
            raw = cell["id_number"].upper()
            person = by_number.get(raw)
            if person is None:
                problems.append(_problem(number, "id_number", _l(
                    "No one of the people this activity is for has this ID number.")))
                continue
        else:
            same = by_name.get(_key(cell.get("name", "")), [])
            if not same:
                problems.append(_problem(number, "name", _l("%(value)s is none of the people this activity is for.",
                                                            value=cell["name"][:30])))
                continue
            if len(same) > 1:
                problems.append(_problem(number, "name", _l(
                    "%(n)d of the people this activity is for are named %(value)s: give the 人员编号 or 身份证号码.",
                    n=len(same), value=cell["name"][:30])))
                continue
            person = same[0]
        if cell.get("name") and (cell.get("person") or cell.get("id_number")) and _key(cell["name"]) != _key(person.name):
            problems.append(_problem(number, "name", _l("The person of this row is %(name)s, not %(value)s.",
                                                        name=person.name, value=cell["name"][:30])))
            continue
        found.add(person.id)
        named += 1
    if problems:
        raise SheetRefused(problems)
    if not named:
        raise SheetRefused([str(_l("The sheet names nobody under its header row."))])
    return found, named


def preview_sheet(actor, activity: Activity, rows: list[list]) -> tuple[SheetResult, set[int]]:
    """What the sheet would tick, written nowhere: its figures and the people it names who are not ticked yet.
    The page shows them ticked on its checklist, to be checked and saved with the list's own button (those ticked
    already stay ticked; nobody is unticked). Nothing is shown when any row is bad (``SheetRefused``)."""
    found, named = people_named(activity, actor, rows)
    new = found - took_part(activity)
    return SheetResult(named, len(found), len(new)), new

