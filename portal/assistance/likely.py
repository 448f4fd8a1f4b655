"""People likely eligible for a programme who have not applied (one SQL query: a UNION over the hints)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import bindparam, exists, func, literal, select, union_all

from ..core.scoping import visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from .models import AssistanceCase
from ..core.sql import by_pinyin


@dataclass(frozen=True)
class LikelyRow:
    person_id: int
    name: str
    group: str
    place_id: int
    programme: str
    reason: str


def _hint_union(today: date, programme: str | None, by_person: bool, by_household: bool):
    """(hints, a UNION ALL of a SELECT per hint of the active people it names who have not applied), built once
    per app, day and shape (building it cost more than running it for one person: 27 ms against 4 on a county,
    issue 32); one person or household is the bound ``likely_person`` / ``likely_household``."""
    cache = current_app.extensions.setdefault("guanai_likely_sql", {})
    key = (today, programme, by_person, by_household)
    if key in cache:
        return cache[key]
    if len(cache) > 64:
        cache.clear()
    plugins = current_plugins()
    programmes = plugins.assistance_programmes()
    hints = [h for h in plugins.assistance_hints() if h.programme in programmes
             and (h.group is None or h.group in plugins.groups) and programme in (None, h.programme)]
    selects = []
    for index, hint in enumerate(hints):
        applied = exists().where(AssistanceCase.beneficiary_id == Beneficiary.id,
                                 AssistanceCase.programme == hint.programme, AssistanceCase.state != "likely")
        stmt = select(Beneficiary.id.label("person_id"), Beneficiary.name, Beneficiary.group, Beneficiary.place_id,
                      literal(index).label("hint"), literal(hint.programme).label("programme")).where(Beneficiary.status == "active", hint.condition(today),
                                                          ~applied)
        if hint.group is not None:
            stmt = stmt.where(Beneficiary.group == hint.group)
        if by_person:
            stmt = stmt.where(Beneficiary.id == bindparam("likely_person"))
        if by_household:
            stmt = stmt.where(Beneficiary.household_id == bindparam("likely_household"))
        selects.append(stmt)
    cache[key] = (hints, union_all(*selects) if selects else None)
    return cache[key]


def _first_reasons(user, place, programme, today, person_id, household_id):
    """(hints, a subquery of the people named with each programme once: its first hint's reason), or None."""
    hints, union = _hint_union(today, programme, person_id is not None, household_id is not None)
    if union is None:
        return None
    rows = union.subquery()
    # Two hints for one programme: the first reason is enough (one row per person and programme, in SQL, so a
    # page of the list can be cut by the database).
    rank = func.row_number().over(partition_by=(rows.c.person_id, rows.c.programme), order_by=rows.c.hint)
    stmt = select(rows, rank.label("rank")).where(
        rows.c.person_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user))))
    if place is not None:
        stmt = stmt.where(rows.c.place_id.in_(subtree_ids(place)))
    ranked = stmt.subquery()
    return hints, select(ranked).where(ranked.c.rank == 1).subquery()


def _bound(person_id, household_id) -> dict:
    return {"likely_person": person_id, "likely_household": household_id}


def likely_eligible(user, *, place: Place | None = None, programme: str | None = None,
                    today: date | None = None, person_id: int | None = None,
                    household_id: int | None = None, limit: int | None = None, offset: int = 0) -> list[LikelyRow]:
    """Active people the user sees whom a hint names for a programme they have no application for (a case in any
    state but "likely"), by village and name; only ``person_id`` when given (a person's page: each hint is then
    asked of one row, not of the whole village, issue 32); only the members of ``household_id`` when given;
    ``limit`` and ``offset`` cut one page in the database."""
    found = _first_reasons(user, place, programme, today or local_today(), person_id, household_id)
    if found is None:
        return []
    hints, rows = found
    stmt = (select(rows).join(Place, Place.id == rows.c.place_id)
            .order_by(Place.path, by_pinyin(rows.c.name), rows.c.person_id, rows.c.hint))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [LikelyRow(r.person_id, r.name, r.group, r.place_id, hints[r.hint].programme, hints[r.hint].name)
            for r in db.session.execute(stmt, _bound(person_id, household_id))]


def count_likely(user, *, place: Place | None = None, programme: str | None = None, today: date | None = None) -> int:
    """How many lines :func:`likely_eligible` gives for an area (the pager's total), counted in the database."""
    found = _first_reasons(user, place, programme, today or local_today(), None, None)
    if found is None:
        return 0
    return db.session.execute(select(func.count()).select_from(found[1]), _bound(None, None)).scalar_one()
