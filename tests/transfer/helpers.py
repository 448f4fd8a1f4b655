"""Shared steps: preview and commit as the pages and the command do."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.transfer.commit import commit_preview
from portal.transfer.preview import Options, build_preview


def preview(user, content: bytes, place, filename="台账.xlsx", group=None, update=False, mapping=None):
    return build_preview(user, filename, content, Options(place, group, update, mapping))


def imported(user, content: bytes, place, filename="台账.xlsx", group=None, update=False):
    """Preview and commit; returns the preview (it must be clean)."""
    result = preview(user, content, place, filename, group, update)
    assert result.ok, result.problems + result.row_problems()
    commit_preview(user, result, place.id)
    db.session.commit()
    return result


def people() -> dict[str, Beneficiary]:
    return {p.name: p for p in db.session.execute(select(Beneficiary)).scalars()}


def count() -> int:
    return db.session.execute(select(db.func.count()).select_from(Beneficiary)).scalar_one()
