"""People flagged by their health readings: the latest reading of a kind is outside the group's range (in SQL)."""
from __future__ import annotations

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from ..core.scoping import scoped
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from .models import Reading
from ..core.sql import by_pinyin


def flagged_people(user, limit: int = 1000) -> list:
    """(person id, name, group, place, kind, day, values, flags) of each latest flagged reading the user may see."""
    later = aliased(Reading)
    newer = exists().where(later.beneficiary_id == Reading.beneficiary_id, later.kind == Reading.kind,
                           later.superseded.is_(False),
                           (later.taken_on > Reading.taken_on) | and_(later.taken_on == Reading.taken_on,
                                                                      later.id > Reading.id))
    stmt = (scoped(Reading, user, select(Reading, Beneficiary.name, Beneficiary.group, Beneficiary.place_id))
            .join(Beneficiary, Beneficiary.id == Reading.beneficiary_id).join(Place, Place.id == Beneficiary.place_id)
            .where(Reading.flagged.is_(True), Reading.superseded.is_(False), ~newer, Beneficiary.status == "active")
            .order_by(Place.path, by_pinyin(Beneficiary.name), Reading.kind).limit(limit))
    return [_Row(r, name, group, place_id) for r, name, group, place_id in db.session.execute(stmt)]


class _Row:
    def __init__(self, reading, name, group, place_id):
        self.reading, self.name, self.group, self.place_id = reading, name, group, place_id
