"""Shared steps: preview and commit as the pages and the command do."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.transfer.commit import commit_preview
from portal.transfer.preview import Options, build_preview


def preview(user, content: bytes, place, filename="台账.xlsx", group=None, update=False, mapping=None):
    return build_preview(user, filename, content, Options(place, group, update, mapping))


#: The test sheets hold people outside their group's rule (a woman whose husband's years away are not
#: recorded): written, as on the page, with a reason (issue 27).
REASON = "村委会核实，先行登记"


def imported(user, content: bytes, place, filename="台账.xlsx", group=None, update=False, outside_reason=REASON):
    """Preview and commit; returns the preview (it must be clean)."""
    result = preview(user, content, place, filename, group, update)
    assert result.ok, result.problems + result.row_problems()
    commit_preview(user, result, place.id, outside_reason)
    db.session.commit()
    return result


def people() -> dict[str, Beneficiary]:
    return {p.name: p for p in db.session.execute(select(Beneficiary)).scalars()}


def count() -> int:
    return db.session.execute(select(db.func.count()).select_from(Beneficiary)).scalar_one()


def per_row_commit(user, result, place_id: int, outside_reason: str | None = REASON) -> None:
    """The import as it was written before the batch (issue 16): ``save_record`` row by row, the reference
    the batch must equal."""
    from portal.ledger.records import save_record
    from portal.transfer.commit import _created, _Households, _updated, record_import
    households = _Households(result.rows)
    written = {"new": 0, "update": 0}
    for row in result.rows:
        if row.outcome == "new":
            record = _created(row, households)
            save_record(user, record.group, None, record.data, record.profile, outside_reason=outside_reason)
        elif row.outcome == "update":
            record = _updated(row, db.session.get(Beneficiary, row.existing_id))
            save_record(user, record.group, db.session.get(Beneficiary, row.existing_id), record.data, record.profile,
                        outside_reason=outside_reason)
        else:
            continue
        written[row.outcome] += 1
    record_import(user, result, place_id, written)
