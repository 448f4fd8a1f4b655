"""Overdue visits of a whole area in SQL: the dashboard's counts and one sorted page of the overdue list.

The rules are the schedule's (:mod:`portal.visits.due`): one SELECT per tracked rule of each group and one for
the risk levels, each already narrowed to what is overdue, joined by UNION ALL into one derived table
(:func:`portal.visits.due.due_table`), so that a county's figures are one aggregate and a page of its list is
one ORDER BY ... LIMIT, instead of every overdue row read into Python (a county has tens of thousands).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..volunteers.models import Volunteer
from .due import COLUMNS, DueRow, Filters, RowReader, _people_clause, due_table, named_rows, village_of_row
from .models import VisitDue

__all__ = ["COLUMNS", "overdue_counts", "overdue_helpers", "overdue_page", "overdue_slice", "overdue_table", "overdue_total"]


def _kept(filters: Filters) -> bool:
    """Whether the list reads the kept due table: it is whole under the rules in force (:func:`kept.ready`),
    and the list is not one helper's (their own pairings' rules only: who carries a rule is theirs to see, not
    the first helper's; a few people, computed from their visits)."""
    from . import kept
    return filters.volunteer_id is None and filters.ids is None and kept.ready()


def overdue_table(people: ColumnElement[bool], filters: Filters, today: date | None = None):
    """A subquery of every overdue (person, rule) in ``people`` narrowed by ``filters``: ``COLUMNS``.

    Read from the kept due table (:mod:`portal.visits.kept`) when :func:`_kept`: the rows past due, the person's
    name, group and place as they are now. Computed from the visits otherwise."""
    today = today or local_today()
    if _kept(filters):
        return (select(VisitDue.beneficiary_id.label("id"), Beneficiary.name, Beneficiary.group,
                       Beneficiary.place_id, VisitDue.risk_level, VisitDue.last, VisitDue.vid, VisitDue.rule,
                       VisitDue.due)
                .join(Beneficiary, Beneficiary.id == VisitDue.beneficiary_id)
                .where(VisitDue.due < today, *_people_clause(people, filters)).subquery("due"))
    return due_table(_people_clause(people, filters), filters, today - timedelta(days=1))


#: The kept page's joins, made once: the person's place, its parent (a grid counts in its village), the helper.
_SPOT, _PARENT, _HELPER = aliased(Place, name="spot"), aliased(Place, name="spot_parent"), aliased(Volunteer,
                                                                                                   name="helper")


def _kept_slice(people: ColumnElement[bool], filters: Filters, sort: str, today: date):
    """The kept page's statement, without a derived table (the same columns and order as :func:`named_rows`
    over :func:`overdue_table` with :func:`_order`): built per request, so built with as little as it can."""
    is_grid = (_SPOT.level == "grid") & _PARENT.id.is_not(None)
    village = case((is_grid, _PARENT.name), else_=_SPOT.name)
    first = {"name": [Beneficiary.name], "village": [village],
             "risk": [case((VisitDue.risk_level == "high", 0), (VisitDue.risk_level == "key", 1), else_=2)],
             "helper": [_HELPER.name.is_(None), _HELPER.name]}.get(sort, [])
    return (select(VisitDue.beneficiary_id, Beneficiary.name, Beneficiary.group, Beneficiary.place_id,
                   VisitDue.risk_level, VisitDue.last, VisitDue.vid, VisitDue.rule, VisitDue.due, _HELPER.name,
                   case((is_grid, _PARENT.id), else_=_SPOT.id), village)
            .select_from(VisitDue).join(Beneficiary, Beneficiary.id == VisitDue.beneficiary_id)
            .join(_SPOT, _SPOT.id == Beneficiary.place_id).outerjoin(_PARENT, _PARENT.id == _SPOT.parent_id)
            .outerjoin(_HELPER, _HELPER.id == VisitDue.vid)
            .where(VisitDue.due < today, *_people_clause(people, filters))
            .order_by(*first, VisitDue.due, Beneficiary.name, VisitDue.beneficiary_id, VisitDue.rule))


def overdue_counts(people: ColumnElement[bool], filters: Filters, today: date | None = None,
                   villages: int = 8) -> dict:
    """{total, people, high, by_village: [((village id, name), overdue visits)] most first}: one aggregate.

    A person lives in one village, so people and high-risk people counted per village add up to the area's.
    """
    table = overdue_table(people, filters, today)
    spot, parent, village_id, village_name = village_of_row(table)
    inner = (select(village_id.label("vid"), village_name.label("vname"), table.c.id, table.c.risk_level)
             .select_from(table).join(spot, spot.id == table.c.place_id)
             .outerjoin(parent, parent.id == spot.parent_id)).subquery()
    high = case((inner.c.risk_level == "high", inner.c.id))
    stmt = (select(inner.c.vid, inner.c.vname, func.count(), func.count(func.distinct(inner.c.id)),
                   func.count(func.distinct(high))).group_by(inner.c.vid, inner.c.vname))
    rows = db.session.execute(stmt).all()
    top = sorted(rows, key=lambda r: (-r[2], r[1] or "", r[0]))[:villages]
    return {"total": sum(r[2] for r in rows), "people": sum(r[3] for r in rows), "high": sum(r[4] for r in rows),
            "by_village": [((r[0], r[1]), r[2]) for r in top]}


def _order(table, sort: str, village_name, helper_name) -> list:
    """ORDER BY for ``sort``, then the schedule's own order (due, name, person, rule): the Python sort's ties."""
    then = [table.c.due, table.c.name, table.c.id, table.c.rule]
    first = {"name": [table.c.name], "village": [village_name],
             "risk": [case((table.c.risk_level == "high", 0), (table.c.risk_level == "key", 1), else_=2)],
             "helper": [helper_name.is_(None), helper_name]}.get(sort, [])
    return [*first, *then]


def overdue_total(people: ColumnElement[bool], filters: Filters, today: date | None = None) -> int:
    """How many overdue visits in all (the pager's count)."""
    table = overdue_table(people, filters, today)
    return db.session.execute(select(func.count()).select_from(table)).scalar_one()


def overdue_page(people: ColumnElement[bool], filters: Filters, sort: str, page: int, per_page: int,
                 today: date | None = None) -> list[DueRow]:
    """The ``page``-th ``per_page`` overdue visits sorted by ``sort``: one ORDER BY ... LIMIT in the database."""
    return overdue_slice(people, filters, sort, per_page, (max(page, 1) - 1) * per_page, today)


def overdue_slice(people: ColumnElement[bool], filters: Filters, sort: str, limit: int, offset: int,
                  today: date | None = None) -> list[DueRow]:
    """``limit`` overdue visits from the ``offset``-th, sorted by ``sort`` (see :func:`_order`)."""
    if _kept(filters):
        stmt = _kept_slice(people, filters, sort, today or local_today())
    else:
        table = overdue_table(people, filters, today)
        stmt, village_name, helper_name = named_rows(table)
        stmt = stmt.order_by(*_order(table, sort, village_name, helper_name))
    stmt = stmt.limit(limit).offset(offset)
    read = RowReader()
    return [read(row) for row in db.session.execute(stmt).all()]


def overdue_helpers(people: ColumnElement[bool], filters: Filters, today: date | None = None) -> list[tuple]:
    """(volunteer id, name) of the helpers with overdue visits in view, by name: the list's helper filter."""
    table = overdue_table(people, filters, today)
    ids = select(table.c.vid).where(table.c.vid.is_not(None)).distinct().subquery()
    stmt = select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(select(ids.c.vid))).order_by(
        Volunteer.name, Volunteer.id)
    return [tuple(row) for row in db.session.execute(stmt).all()]
