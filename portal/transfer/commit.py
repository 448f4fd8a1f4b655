"""Writing a previewed import: every row in one transaction, or nothing; audited as one import."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..core.audit import record
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..ledger.records import RecordRefused, save_record
from .duplicates import composed_notes, update_data, villages_differ
from .models import ImportRun
from .preview import Preview
from .rows import Row


class ImportRefused(Exception):
    """The import cannot be written; ``problems`` name the rows. Nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def commit_preview(actor, preview: Preview, place_id: int) -> ImportRun:
    """Write the new and updated rows of a clean preview, audited; the caller commits (or rolls back)."""
    if not preview.ok:
        raise ImportRefused(preview.problems + preview.row_problems())
    households = _Households()
    written = {"new": 0, "update": 0}
    for row in preview.rows:
        try:
            if row.outcome == "new":
                _create(actor, row, households)
            elif row.outcome == "update":
                _update(actor, row)
            else:
                continue
        except RecordRefused as refused:
            raise ImportRefused([f"row {row.number}, {k}: {v}" for k, v in refused.errors.items()]) from refused
        written[row.outcome] += 1
    counts = {**preview.counts, **{f"written_{k}": v for k, v in written.items()}}
    run = ImportRun(user_id=getattr(actor, "id", None), file_name=preview.filename[:200], place_id=place_id,
                    counts=counts)
    db.session.add(run)
    db.session.flush()
    record(actor, "import", "import", run.id, None, {"file_name": run.file_name, "counts": counts})
    return run


def _create(actor, row: Row, households: _Households) -> Beneficiary:
    data: dict[str, Any] = {k: v for k, v in row.data.items() if k != "notes_extra"}
    data["notes"] = composed_notes(row)
    data["household_id"] = households.find(row)
    return save_record(actor, row.group, None, data, row.profile)


def _update(actor, row: Row) -> Beneficiary:
    """The record as it is, with the fields the sheet has; household, needs and services kept."""
    person = db.session.get(Beneficiary, row.existing_id)
    data = {name: getattr(person, name) for name in ("name", "gender", "birth_date", "address", "living_situation",
                                                     "notes", "household_id", "needs", "services")}
    data["place_id"] = row.data["place_id"] if villages_differ(row, person) else person.place_id
    data.update(update_data(row))
    return save_record(actor, row.group, person, data, row.profile)


class _Households:
    """Households formed from the rows: members with the same named head, else the same address, in one
    village share one; an existing household of that head (or address) in the village is reused."""

    def __init__(self):
        self.made: dict[tuple, int] = {}

    def find(self, row: Row) -> int | None:
        head, address = row.household_head, (row.data.get("address") or "").strip()
        if not head and not address:
            return None
        key = (row.village_id, "head", head) if head else (row.village_id, "address", address)
        if key not in self.made:
            self.made[key] = self._existing(row.data["place_id"], head, address) or self._new(row, head, address)
        return self.made[key]

    def _existing(self, place_id: int, head: str, address: str) -> int | None:
        stmt = select(Household.id).where(Household.place_id == place_id)
        stmt = stmt.where(Household.head_name == head) if head else stmt.where(Household.address == address)
        return db.session.execute(stmt.limit(1)).scalar_one_or_none()

    def _new(self, row: Row, head: str, address: str) -> int:
        household = Household(place_id=row.data["place_id"], head_name=head or row.name, address=address)
        db.session.add(household)
        db.session.flush()
        return household.id
