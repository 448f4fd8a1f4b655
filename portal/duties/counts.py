"""The overdue counts and the gaps, kept per village with the due table (issue 28: the coordinator's overdue list
of a county of 100,000 counted 415,000 rows four ways on each view).

``recount`` rewrites the rows of ``duty_counts`` and ``duty_gaps`` for some villages (or all) from ``duty_due``
with one grouped ``INSERT … SELECT`` each; ``portal.duties.due.refresh`` calls it after writing the due table, for
the villages the people refreshed lived in before and live in now. A count row holds the duties of a village,
group, duty and owner due on a day, the days bucketed around the refresh's day: every day before it counts as the
day before, every day more than :data:`HORIZON` days on as the day after the horizon. "Overdue today" is then the
sum of the rows due before today, exact for :data:`HORIZON` days after the last refresh (the daily run refreshes
everything); older counts, a place below a village (a grid) or a user placed at a grid read the due table itself.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, delete, func, insert, literal, null, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from ..auth.models import User
from ..core.scoping import visible
from ..extensions import db
from ..places.models import Place, subtree_ids
from .models import DutyCount, DutyDue, DutyGap

#: For how many days after a refresh the kept counts answer "overdue today" exactly.
HORIZON = 7


def _villages(column, village_ids) -> ColumnElement[bool]:
    ids = {v for v in village_ids if v is not None}
    clause = column.in_(sorted(ids))
    return or_(clause, column.is_(None)) if None in village_ids else clause


def recount(village_ids=None, today: date | None = None) -> None:
    """Rewrite the kept counts and gaps of these villages (all when None) from the due table, in SQL.
    Leaves the commit to the caller."""
    from ..core.time import local_today
    today = today or local_today()
    if village_ids is not None:
        village_ids = set(village_ids)
        if not village_ids:
            return
    where_due = [] if village_ids is None else [_villages(DutyDue.village_id, village_ids)]
    db.session.execute(delete(DutyCount).where(*([] if village_ids is None else
                                                 [_villages(DutyCount.village_id, village_ids)])))
    db.session.execute(delete(DutyGap).where(*([] if village_ids is None else
                                               [_villages(DutyGap.village_id, village_ids)])))
    before, after = today - timedelta(days=1), today + timedelta(days=HORIZON + 1)
    bucket = case((DutyDue.due_on < today, literal(before)), (DutyDue.due_on >= after, literal(after)),
                  else_=DutyDue.due_on)
    rows = select(DutyDue.village_id, DutyDue.group, DutyDue.duty, DutyDue.owner_role, DutyDue.owner_id,
                  bucket.label("due_by")).where(*where_due).subquery()
    db.session.execute(insert(DutyCount).from_select(
        ["village_id", "group", "duty", "owner_role", "owner_id", "due_by", "n", "as_of"],
        select(rows.c.village_id, rows.c.group, rows.c.duty, rows.c.owner_role, rows.c.owner_id, rows.c.due_by,
               func.count(), literal(today)).group_by(*rows.c)))
    grid = case((DutyDue.owner_role == "grid_worker", DutyDue.place_id), else_=null())
    unowned = select(DutyDue.village_id, DutyDue.group, DutyDue.owner_role, grid.label("grid_id"),
                     DutyDue.household_id, DutyDue.beneficiary_id).where(DutyDue.owner_id.is_(None),
                                                                         *where_due).subquery()
    columns = ["village_id", "group", "owner_role", "grid_id", "households", "people", "duties"]
    counted = (func.count(func.distinct(unowned.c.household_id)), func.count(func.distinct(unowned.c.beneficiary_id)),
               func.count())
    db.session.execute(insert(DutyGap).from_select(columns, select(
        unowned.c.village_id, unowned.c.group, unowned.c.owner_role, unowned.c.grid_id, *counted)
        .group_by(unowned.c.village_id, unowned.c.group, unowned.c.owner_role, unowned.c.grid_id)))
    db.session.execute(insert(DutyGap).from_select(columns, select(
        unowned.c.village_id, literal(""), unowned.c.owner_role, unowned.c.grid_id, *counted)
        .group_by(unowned.c.village_id, unowned.c.owner_role, unowned.c.grid_id)))


def villages_of(ids) -> set:
    """The villages (``duty_due.village_id``) of the kept duties of these people."""
    return set(db.session.execute(select(DutyDue.village_id).where(DutyDue.beneficiary_id.in_(ids))
                                  .distinct()).scalars())


def counted() -> bool:
    """Whether the kept counts were written since the due table was (not so after the upgrade, before the first
    refresh): some count rows, or no due rows either."""
    if db.session.execute(select(DutyCount.id).limit(1)).first() is not None:
        return True
    return db.session.execute(select(DutyDue.id).limit(1)).first() is None


def usable(user, place: Place | None, today: date) -> bool:
    """Whether the kept counts answer for this user and place today (see the module's docstring)."""
    if place is not None and place.level == "grid":
        return False
    if user.role not in ("admin",) and user.place is not None and user.place.level == "grid":
        return False
    oldest = db.session.execute(select(func.min(DutyCount.as_of))).scalar_one()   # an index's first entry
    if oldest is None:   # never counted (after the upgrade, before the first refresh), or nothing is due anywhere
        return db.session.execute(select(DutyDue.id).limit(1)).first() is None
    return oldest <= today <= oldest + timedelta(days=HORIZON)


def visible_counts(user):
    """Scope rule: the counts of the villages in the user's area (staff: their group's), and of their own duties."""
    from sqlalchemy import true
    from ..places.scopes import in_jurisdiction
    if user.role == "admin":
        return true()
    mine = DutyCount.owner_id == user.id
    if user.role == "coordinator":
        return in_jurisdiction(DutyCount.village_id, user) | mine
    if user.role == "staff":
        return ((DutyCount.group == user.group) & in_jurisdiction(DutyCount.village_id, user)) | mine
    return mine


def visible_gaps(user):
    """Scope rule: the gaps of the villages in the user's area; staff their group's rows, others the rows of all
    groups together."""
    from sqlalchemy import false
    from ..places.scopes import in_jurisdiction
    if user.role == "admin":
        return DutyGap.group == ""
    if user.role == "coordinator":
        return (DutyGap.group == "") & in_jurisdiction(DutyGap.village_id, user)
    if user.role == "staff":
        return (DutyGap.group == user.group) & in_jurisdiction(DutyGap.village_id, user)
    return false()


def clauses_on(model, place_column, user, filters) -> list:
    """The list's filters (place, group, duty, owner, role, unowned) on ``model``: the due table or its kept counts."""
    where = [visible(model, user)]
    if filters.place is not None:
        where.append(place_column.in_(subtree_ids(filters.place)))
    if filters.group:
        where.append(model.group == filters.group)
    if filters.duty:
        where.append(or_(model.duty == filters.duty, model.duty.startswith(filters.duty + ":")))
    if filters.owner_id is not None:
        where.append(model.owner_id == filters.owner_id)
    if filters.role:
        where.append(model.owner_role == filters.role)
    if filters.unowned:
        where.append(model.owner_id.is_(None))
    return where


def count_clauses(user, filters, today: date) -> list:
    return [*clauses_on(DutyCount, DutyCount.village_id, user, filters), DutyCount.due_by < today]


def kept_total(user, filters, today: date) -> int:
    return int(db.session.execute(select(func.coalesce(func.sum(DutyCount.n), 0))
                                  .where(*count_clauses(user, filters, today))).scalar_one())


def kept_counts(user, filters, today: date, top: int | None = None) -> dict[str, list]:
    """The overdue duties in all, and by village (name), duty key, owner (name, role) and group: one statement
    over the kept counts of the user's view (a few rows per village and duty), the rows read once (a CTE) and
    summed five ways in SQL; with ``top``, only the ``top`` largest of each way."""
    from sqlalchemy import String, cast, literal, union_all
    village, owner = aliased(Place), aliased(User)
    c = (select(village.name.label("village"), DutyCount.duty, owner.display_name.label("owner"),
                DutyCount.owner_role, DutyCount.group, DutyCount.n)
         .select_from(DutyCount).outerjoin(village, village.id == DutyCount.village_id)
         .outerjoin(owner, owner.id == DutyCount.owner_id)
         .where(*count_clauses(user, filters, today)).cte("kept"))
    text_ = lambda column: cast(column, String)  # noqa: E731
    n = func.sum(c.c.n)
    parts = union_all(
        select(literal("total").label("kind"), cast(null(), String).label("a"), cast(null(), String).label("b"),
               n.label("n")),
        select(literal("village"), text_(c.c.village), cast(null(), String), n).group_by(c.c.village),
        select(literal("duty"), text_(c.c.duty), cast(null(), String), n).group_by(c.c.duty),
        select(literal("owner"), text_(c.c.owner), text_(c.c.owner_role), n).group_by(c.c.owner, c.c.owner_role),
        select(literal("group"), text_(c.c.group), cast(null(), String), n).group_by(c.c.group)).subquery()
    rank = func.row_number().over(partition_by=parts.c.kind, order_by=(parts.c.n.desc(), parts.c.a)).label("rank")
    ranked = select(parts, rank).subquery()
    stmt = select(ranked.c.kind, ranked.c.a, ranked.c.b, ranked.c.n)
    if top is not None:
        stmt = stmt.where(ranked.c.rank <= top)
    out: dict[str, list] = {"village": [], "duty": [], "owner": [], "group": [], "total": 0}
    for kind, a, b, k in db.session.execute(stmt.order_by(ranked.c.kind, ranked.c.rank)):
        if kind == "total":
            out["total"] = int(k or 0)
        elif kind == "owner":
            out["owner"].append((a, b, int(k)))
        elif kind == "village":
            out["village"].append((a or "", int(k)))
        else:
            out[kind].append((a, int(k)))
    return out
