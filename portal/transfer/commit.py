"""Writing a previewed import: every row in one transaction, or nothing; audited as one import."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from ..core.audit import record
from ..core.bulk import ANALYZE_FROM, analyze
from ..extensions import db
from ..ledger.batch import RecordData, RecordsRefused, add_households, save_records
from ..ledger.models import Beneficiary, Household
from .duplicates import composed_notes, update_data, villages_differ, villages_of
from .models import ImportRun
from .preview import Preview
from .rows import Row

#: The sheet's words for the record's fields a refusal names.
COLUMNS = {"name": "姓名", "gender": "性别", "birth_date": "出生日期", "id_number": "公民身份证号码", "phone": "联系电话",
           "category": "身份类别", "outside_rules": "身份类别"}


class ImportRefused(Exception):
    """The import cannot be written; ``problems`` name the rows (``row N, COLUMN: message``, as the command line
    prints them), ``cells`` say the same as ``[row number or None, column, message]`` for a page to word. Nothing
    was written."""

    def __init__(self, problems: list[str], cells: list[list[Any]] | None = None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.cells = cells if cells is not None else [[None, "", p] for p in problems]


def refused_preview(preview: Preview) -> ImportRefused:
    """The refusal of a preview that is not clean: its file's problems, then every bad cell."""
    cells = [[None, "", p] for p in preview.problems]
    cells += [[r.number, column, message] for r in preview.rows for column, message in r.problems]
    return ImportRefused(preview.problems + preview.row_problems(), cells)


def commit_preview(actor, preview: Preview, place_id: int, outside_reason: str | None = None,
                   progress: Callable[[float], None] | None = None) -> ImportRun:
    """Write the new and updated rows of a clean preview, audited; the caller commits (or rolls back).
    ``progress(fraction)``, when given, hears how far the writing is (0 to 1; an import job's bar).

    The rows go to the record service in one batch (``save_records``: set-based checks, multi-row
    INSERTs), which keeps every rule of ``save_record`` at a fraction of its round trips (issue 16) and
    decides the group's rule as it does (issue 26): rows outside it are written only with ``outside_reason``,
    which their notes keep.
    """
    if not preview.ok:
        raise refused_preview(preview)
    households = _Households(preview.rows)
    rows = [row for row in preview.rows if row.outcome in ("new", "update")]
    people = _people([row.existing_id for row in rows if row.outcome == "update"])
    villages = villages_of({person.place_id for person in people.values()})  # not a statement per moved row
    records = [_created(row, households) if row.outcome == "new" else _updated(row, people[row.existing_id], villages)
               for row in rows]
    for one in records:
        one.outside_reason = outside_reason
    try:
        ids = save_records(actor, records, progress=progress)
    except RecordsRefused as refused:
        row = rows[refused.index]
        cells = [[row.number, COLUMNS.get(k, k), str(v)] for k, v in refused.errors.items()]
        raise ImportRefused([f"row {n}, {column}: {message}" for n, column, message in cells], cells) from refused
    given = {pid: row.traits for pid, row in zip(ids, rows) if row.traits is not None}
    if given:
        from ..duties.traits import set_traits_many
        set_traits_many(given)
    written = {outcome: sum(1 for row in rows if row.outcome == outcome) for outcome in ("new", "update")}
    if len(records) >= ANALYZE_FROM:  # the next preview, the lists and the duties' refresh plan with the new rows
        profiles = [t for t in db.metadata.tables if t.endswith("_profiles")]
        analyze(["beneficiaries", "households", *profiles])
    return record_import(actor, preview, place_id, written)


def record_import(actor, preview, place_id: int, written: dict[str, int], what: str | None = None) -> ImportRun:
    """Keep one import (who, file, counts previewed and written) and audit it as one change."""
    counts = {**preview.counts, **{f"written_{k}": v for k, v in written.items()}}
    run = ImportRun(user_id=getattr(actor, "id", None), file_name=preview.filename[:200], place_id=place_id,
                    counts=counts)
    db.session.add(run)
    db.session.flush()
    record(actor, "import", "import", run.id, None,
           {"file_name": run.file_name, "counts": counts, **({"what": what} if what else {})})
    return run


def _created(row: Row, households: _Households) -> RecordData:
    data: dict[str, Any] = {k: v for k, v in row.data.items() if k != "notes_extra"}
    data["notes"] = composed_notes(row)
    data["household_id"] = households.find(row)
    return RecordData(row.group, data, row.profile)


def _people(ids: list[int]) -> dict[int, Beneficiary]:
    found: dict[int, Beneficiary] = {}
    for start in range(0, len(ids), 500):
        found.update((p.id, p) for p in db.session.execute(
            select(Beneficiary).where(Beneficiary.id.in_(ids[start:start + 500]))).scalars())
    return found


def _updated(row: Row, person: Beneficiary, villages: dict[int, int] | None = None) -> RecordData:
    """The record as it is, with the fields the sheet has; household, needs and services kept (``villages``:
    the village of each record's place, read once for all rows)."""
    data = {name: getattr(person, name) for name in ("name", "gender", "birth_date", "address", "living_situation",
                                                     "notes", "household_id", "needs", "services")}
    data["place_id"] = row.data["place_id"] if villages_differ(row, person, villages) else person.place_id
    data.update(update_data(row))
    return RecordData(row.group, data, row.profile, person.id)


class _Households:
    """Households formed from the rows: members with the same named head, else the same address, in one
    place share one; an existing household of that head (or address) there is reused. All are found or
    made before the first record, with one query and one INSERT per few hundred households."""

    def __init__(self, rows: list[Row]):
        self.ids: dict[tuple, int] = {}
        wanted = {self.key(r): r for r in rows if r.outcome == "new" and self.key(r) is not None}
        places = sorted({key[0] for key in wanted})
        for part in range(0, len(places), 500):
            stmt = select(Household.id, Household.place_id, Household.head_name, Household.address).where(
                Household.place_id.in_(places[part:part + 500])).order_by(Household.id)
            for hid, place_id, head, address in db.session.execute(stmt):
                self.ids.setdefault((place_id, "head", head), hid)
                self.ids.setdefault((place_id, "address", address), hid)
        made = {key: {"place_id": key[0], "head_name": row.household_head or row.household_hint or row.name,
                      "address": (row.data.get("address") or "").strip()}
                for key, row in wanted.items() if key not in self.ids}
        self.ids.update(zip(made, add_households(list(made.values()))))

    @staticmethod
    def key(row: Row) -> tuple | None:
        """By head of household, else address, else the name the group's columns give the household (the
        2016 children's form: the father's name)."""
        head, address = row.household_head or "", (row.data.get("address") or "").strip()
        if head:
            return row.data["place_id"], "head", head
        if address:
            return row.data["place_id"], "address", address
        return (row.data["place_id"], "head", row.household_hint) if row.household_hint else None

    def find(self, row: Row) -> int | None:
        key = self.key(row)
        return self.ids.get(key) if key is not None else None
