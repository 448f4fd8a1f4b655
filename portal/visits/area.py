"""Overdue visits of a whole area in SQL: the dashboard's counts and one sorted page of the overdue list.

The rules are the schedule's (:mod:`portal.visits.due`): one SELECT per tracked rule of each group and one for
the risk levels, each already narrowed to what is overdue. Here they are joined by UNION ALL into one
derived table, so that a county's figures are one aggregate and a page of its list is one ORDER BY ... LIMIT,
instead of every overdue row read into Python (a county has tens of thousands).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import case, func, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from ..core.time import local_today, to_local
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .due import RISK_RULE, DueRow, Filters, _people_clause, risk_days, risk_select, rule_select

#: The columns every part of the union gives, in this order.
COLUMNS = ("id", "name", "group", "place_id", "risk_level", "last", "vid", "rule", "due")


def overdue_table(people: ColumnElement[bool], filters: Filters, today: date | None = None):
    """A subquery of every overdue (person, rule) in ``people`` narrowed by ``filters``: ``COLUMNS``.

    None when no rule applies (a helper's list in a group whose rules no pairing carries).
    """
    until = (today or local_today()) - timedelta(days=1)
    where = _people_clause(people, filters)
    plugins = current_plugins()
    parts = []
    for group in [filters.group] if filters.group else list(plugins.groups):
        if group not in plugins.groups:
            continue
        for rule in plugins.visit_rules_tracked(group):
            stmt = rule_select(group, rule, where, filters, until)
            if stmt is not None:
                parts.append(stmt)
    parts.append(risk_select(where, filters, until))
    # Each part as a subquery: their "since" columns differ in type (a date, a time), the union's do not.
    selects = []
    for stmt in parts:
        sub = stmt.subquery()
        selects.append(select(*[sub.c[name] for name in COLUMNS]))
    return union_all(*selects).subquery("overdue")


def _village(table):
    """(the place joined, its parent, the village id, the village name): a grid counts in its village."""
    spot, parent = aliased(Place), aliased(Place)
    is_grid = (spot.level == "grid") & parent.id.is_not(None)
    return spot, parent, case((is_grid, parent.id), else_=spot.id), case((is_grid, parent.name), else_=spot.name)


def overdue_counts(people: ColumnElement[bool], filters: Filters, today: date | None = None,
                   villages: int = 8) -> dict:
    """{total, people, high, by_village: [((village id, name), overdue visits)] most first}: one aggregate.

    A person lives in one village, so people and high-risk people counted per village add up to the area's.
    """
    table = overdue_table(people, filters, today)
    spot, parent, village_id, village_name = _village(table)
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
    table = overdue_table(people, filters, today)
    spot, parent, village_id, village_name = _village(table)
    helper = aliased(Volunteer)
    stmt = (select(*[table.c[name] for name in COLUMNS], helper.name, village_id, village_name)
            .select_from(table).join(spot, spot.id == table.c.place_id)
            .outerjoin(parent, parent.id == spot.parent_id).outerjoin(helper, helper.id == table.c.vid)
            .order_by(*_order(table, sort, village_name, helper.name))
            .limit(per_page).offset((max(page, 1) - 1) * per_page))
    return [_due_row(row) for row in db.session.execute(stmt).all()]


def _due_row(row) -> DueRow:
    pid, name, group, place_id, risk, last, vid, code, due, helper, village_id, village = row
    if code == RISK_RULE.code:
        days = risk_days()
        rule = replace(RISK_RULE, every_days=days.get(risk, days["general"]))
    else:
        rule = next(r for r in current_plugins().visit_rules_tracked(group) if r.code == code)
    return DueRow(pid, name, group, place_id, risk, rule, to_local(last), due, vid or None, helper=helper or "",
                  village=village or "", village_id=village_id)


def overdue_helpers(people: ColumnElement[bool], filters: Filters, today: date | None = None) -> list[tuple]:
    """(volunteer id, name) of the helpers with overdue visits in view, by name: the list's helper filter."""
    table = overdue_table(people, filters, today)
    ids = select(table.c.vid).where(table.c.vid.is_not(None)).distinct().subquery()
    stmt = select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(select(ids.c.vid))).order_by(
        Volunteer.name, Volunteer.id)
    return [tuple(row) for row in db.session.execute(stmt).all()]
