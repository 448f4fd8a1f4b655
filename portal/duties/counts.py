"""The overdue counts and the gaps, kept per village with the due table (issue 28: the coordinator's overdue list
of a county of 100,000 counted 415,000 rows four ways on each view).

``recount`` rewrites the rows of ``duty_counts`` and ``duty_gaps`` for some villages (or all) from ``duty_due``
with one grouped ``INSERT … SELECT`` each; ``portal.duties.due.refresh`` calls it after writing the due table, for
the villages the people refreshed lived in before and live in now. A count row holds the duties of a village,
group, duty and owner due on a day, the days bucketed around the refresh's day: every day before it counts as the
day before, every day more than :data:`HORIZON` days on as the day after the horizon. "Overdue today" is then the
sum of the rows due before today, exact for :data:`HORIZON` days after the last refresh (the daily run refreshes
everything); older counts, a place below a village (a grid) or a user placed at a grid read the due table itself.
The counts are also kept summed (``way``, :data:`WAYS`): per village and group, and per township by duty and by
owner, which is all a township's or the county's view asks (:func:`summed`); and the paired helpers' duties are
counted per village and duty, not per helper (:data:`PER_KIND`).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, delete, func, insert, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from ..auth.models import User
from ..core.scoping import visible
from ..extensions import db
from ..places.models import Place, subtree_ids
from .models import DutyCount, DutyDue, DutyGap

#: For how many days after a refresh the kept counts answer "overdue today" exactly.
HORIZON = 7
#: The owner roles counted per village and duty, not per owner (``owner_id`` NULL, ``owned`` saying whether there
#: is one): every paired helper owns their own few duties, and counting them one by one made a county's counts
#: some 75,000 rows, all read by each view of the overdue list. A list filtered by owner, or seen by a user who
#: owns such duties, is counted from the due table (its owner index) instead.
PER_KIND = ("helper",)


def _villages(column, village_ids) -> ColumnElement[bool]:
    ids = {v for v in village_ids if v is not None}
    clause = column.in_(sorted(ids))
    return or_(clause, column.is_(None)) if None in village_ids else clause


def recount(village_ids=None, today: date | None = None) -> None:
    """Rewrite the kept counts and gaps of these villages (all when None) from the due table, in SQL; the kept
    lists' generation moves on at the commit (``portal.duties.kept``). Leaves the commit to the caller."""
    from ..core.time import local_today
    today = today or local_today()
    from .kept import bump_at_commit
    bump_at_commit()
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
    # the paired helpers' duties are counted per village and duty, not per helper (see PER_KIND)
    per_owner = case((DutyDue.owner_role.in_(PER_KIND), null()), else_=DutyDue.owner_id)
    owned = case((DutyDue.owner_id.is_(None), literal(False)), else_=literal(True))
    rows = select(DutyDue.village_id, DutyDue.group, DutyDue.duty, DutyDue.owner_role, per_owner.label("owner_id"),
                  owned.label("owned"), bucket.label("due_by")).where(*where_due).subquery()
    db.session.execute(insert(DutyCount).from_select(
        ["village_id", "group", "duty", "owner_role", "owner_id", "owned", "due_by", "n", "as_of"],
        select(rows.c.village_id, rows.c.group, rows.c.duty, rows.c.owner_role, rows.c.owner_id, rows.c.owned,
               rows.c.due_by, func.count(), literal(today)).group_by(*rows.c)))
    _roll_up(village_ids, today)
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


#: The ways the kept counts are also summed (``DutyCount.way``; "" for the counts themselves): by village (per
#: village and group), and, per township, by duty and by owner. A view of a township or the county with no
#: filter but place and group reads these (a few thousand rows for the county of 100,000, where the counts
#: themselves are some 38,000 rows past due: one per village, group, duty and owner).
WAYS = ("village", "duty", "owner")


def _township_key(place):
    """The township a count's village lies in (the place itself for a township or the county)."""
    return case((place.level.in_(("township", "county")), place.id), else_=place.parent_id)


def _roll_up(village_ids, today: date) -> None:
    """Rewrite the sums of the kept counts of these villages (all when None) and of their townships, from the
    counts themselves (a few rows per village and duty, not the due table)."""
    fine = [DutyCount.way == ""]
    cols = ["village_id", "group", "duty", "owner_role", "owner_id", "owned", "due_by", "n", "as_of", "way"]
    n = func.sum(DutyCount.n)
    # by village (the counts' own delete removed these villages' sums)
    where = fine if village_ids is None else [*fine, _villages(DutyCount.village_id, village_ids)]
    db.session.execute(insert(DutyCount).from_select(cols, select(
        DutyCount.village_id, DutyCount.group, literal(""), literal(""), null(), literal(True), DutyCount.due_by, n,
        literal(today), literal("village")).where(*where).group_by(DutyCount.village_id, DutyCount.group,
                                                                   DutyCount.due_by)))
    place = aliased(Place)
    key = _township_key(place)
    if village_ids is None:
        db.session.execute(delete(DutyCount).where(DutyCount.way.in_(("duty", "owner"))))
        scope = []
    else:
        townships = set(db.session.execute(select(key).where(place.id.in_({v for v in village_ids if v is not None})))
                        .scalars())
        if None in village_ids:
            townships.add(None)
        db.session.execute(delete(DutyCount).where(DutyCount.way.in_(("duty", "owner")),
                                                   _villages(DutyCount.village_id, townships)))
        ids = {t for t in townships if t is not None}
        # the villages of these townships (read first: as a subquery the planner scanned every count), by the
        # counts' village index, then exactly those whose township it is
        near = set(db.session.execute(select(Place.id).where(or_(Place.id.in_(ids), Place.parent_id.in_(ids))))
                   .scalars()) if ids else set()
        scope = [_villages(DutyCount.village_id, near | ({None} if None in townships else set())),
                 _villages(key, townships)]
    rows = (select(key.label("township"), DutyCount.group, DutyCount.duty, DutyCount.owner_role, DutyCount.owner_id,
                   DutyCount.owned, DutyCount.due_by, DutyCount.n)
            .select_from(DutyCount).outerjoin(place, place.id == DutyCount.village_id).where(*fine, *scope)).cte("fine")
    n = func.sum(rows.c.n)
    # both ways in one statement: the township's counts read once
    db.session.execute(insert(DutyCount).from_select(cols, union_all(
        select(rows.c.township, rows.c.group, rows.c.duty, literal(""), null(), literal(True), rows.c.due_by, n,
               literal(today), literal("duty")).group_by(rows.c.township, rows.c.group, rows.c.duty, rows.c.due_by),
        select(rows.c.township, rows.c.group, literal(""), rows.c.owner_role, rows.c.owner_id, rows.c.owned,
               rows.c.due_by, n, literal(today), literal("owner"))
        .group_by(rows.c.township, rows.c.group, rows.c.owner_role, rows.c.owner_id, rows.c.owned, rows.c.due_by))))


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


def usable(user, place: Place | None, today: date, owner_id: int | None = None) -> bool:
    """Whether the kept counts answer for this user, place and owner filter today (see the module's docstring)."""
    if place is not None and place.level == "grid":
        return False
    if user.role not in ("admin",) and user.place is not None and user.place.level == "grid":
        return False
    if owner_id is not None or _owns_per_kind(user):   # kept per kind, not per owner (PER_KIND)
        return False
    oldest = db.session.execute(select(func.min(DutyCount.as_of))).scalar_one()   # an index's first entry
    if oldest is None:   # never counted (after the upgrade, before the first refresh), or nothing is due anywhere
        return db.session.execute(select(DutyDue.id).limit(1)).first() is None
    return oldest <= today <= oldest + timedelta(days=HORIZON)


def _owns_per_kind(user) -> bool:
    """Whether the user owns duties of a role counted per kind (a coordinator who is also a paired helper sees
    their own duties anywhere): one probe of the due table's owner index."""
    if getattr(user, "id", None) is None:
        return False
    return db.session.execute(select(DutyDue.id).where(DutyDue.owner_id == user.id,
                                                       DutyDue.owner_role.in_(PER_KIND)).limit(1)).first() is not None


def visible_counts(user):
    """Scope rule: the counts of the villages in the user's area (staff: their group's), and of their own duties."""
    from sqlalchemy import true
    from ..places.scopes import in_jurisdiction
    if user.role == "admin":
        return true()
    from .scopes import owned_by
    mine = owned_by(user, DutyCount.owner_id)
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
        where.append(duty_clause(model.duty, filters.duty))
    if filters.owner_id is not None:
        where.append(model.owner_id == filters.owner_id)
    if filters.role:
        where.append(model.owner_role == filters.role)
    if filters.unowned:
        where.append(model.owned.is_(False) if model is DutyCount else model.owner_id.is_(None))
    return where


def duty_keys(duty: str) -> list[str]:
    """The duty keys in force that ``duty`` names: itself, or each of its holidays."""
    from .rules import rule_index
    return [k for k in rule_index() if k == duty or k.startswith(duty + ":")]


def duty_clause(column, duty: str) -> ColumnElement[bool]:
    """``column`` names the duty ``duty`` or one of its holidays ("<key>:<holiday>"), as equalities: the due
    table's (duty, due day, person) index then seeks one duty's overdue rows in the list's order (an OR with a
    LIKE made PostgreSQL walk the (due day, person, duty) index over every duty, filtering)."""
    keys = duty_keys(duty)
    if not keys:
        return or_(column == duty, column.startswith(duty + ":"))
    return column == keys[0] if len(keys) == 1 else column.in_(keys)


def count_clauses(user, filters, today: date, ways=("",)) -> list:
    return [*clauses_on(DutyCount, DutyCount.village_id, user, filters), DutyCount.due_by < today,
            DutyCount.way == ways[0] if len(ways) == 1 else DutyCount.way.in_(ways)]


def summed(user, filters) -> bool:
    """Whether the sums (:data:`WAYS`) answer this view: filtered by place (a township or the county) and group at
    most, for a user who sees whole townships (the sums are kept per township) and owns no duty (whose own duties
    anywhere are in their view)."""
    if filters.duty or filters.role or filters.unowned or filters.owner_id is not None:
        return False
    if filters.place is not None and filters.place.level not in ("county", "township"):
        return False
    if user.role == "admin":
        return True
    if user.place is None or user.place.level not in ("county", "township") or getattr(user, "id", None) is None:
        return False
    return db.session.execute(select(DutyDue.id).where(DutyDue.owner_id == user.id).limit(1)).first() is None


def kept_total(user, filters, today: date) -> int:
    ways = ("duty",) if summed(user, filters) else ("",)
    return int(db.session.execute(select(func.coalesce(func.sum(DutyCount.n), 0))
                                  .where(*count_clauses(user, filters, today, ways))).scalar_one())


#: The owner's name of a role's duties counted together (PER_KIND): each their own.
EACH_OWNER = "*"   # never an id


def kept_counts(user, filters, today: date, top: int | None = None) -> dict[str, list]:
    """The overdue duties in all, and by village (name), duty key, owner (name, role) and group: one statement
    over the kept counts of the user's view (a few rows per village and duty), the rows read once (a CTE, ids
    only) and summed five ways in SQL; with ``top``, only the ``top`` largest of each way; then the names of the
    villages and owners listed (joining every row to its names first cost a third of a county's view)."""
    from sqlalchemy import String, cast, literal, true, union_all
    ways = WAYS if summed(user, filters) else ("",)
    c = (select(DutyCount.village_id, DutyCount.duty, DutyCount.owner_id, DutyCount.owned, DutyCount.owner_role,
                DutyCount.group, DutyCount.n, DutyCount.way).where(*count_clauses(user, filters, today, ways))
         .cte("kept"))
    text_ = lambda column: cast(column, String)  # noqa: E731
    way = (lambda name: c.c.way == name) if ways == WAYS else (lambda name: true())  # noqa: E731
    # a kind counted as one (PER_KIND): its owners together, named EACH_OWNER
    owner = case((and_(c.c.owner_id.is_(None), c.c.owned.is_(True)), literal(EACH_OWNER)),
                 else_=text_(c.c.owner_id))
    n = func.sum(c.c.n)
    parts = union_all(
        select(literal("total").label("kind"), cast(null(), String).label("a"), cast(null(), String).label("b"),
               n.label("n")).where(way("duty")),
        select(literal("village"), text_(c.c.village_id), cast(null(), String), n).where(way("village"))
        .group_by(c.c.village_id),
        select(literal("duty"), text_(c.c.duty), cast(null(), String), n).where(way("duty")).group_by(c.c.duty),
        select(literal("owner"), owner, text_(c.c.owner_role), n).where(way("owner"))
        .group_by(owner, c.c.owner_role),
        select(literal("group"), text_(c.c.group), cast(null(), String), n).where(way("duty"))
        .group_by(c.c.group)).subquery()
    rank = func.row_number().over(partition_by=parts.c.kind, order_by=(parts.c.n.desc(), parts.c.a)).label("rank")
    ranked = select(parts, rank).subquery()
    stmt = select(ranked.c.kind, ranked.c.a, ranked.c.b, ranked.c.n)
    if top is not None:
        stmt = stmt.where(ranked.c.rank <= top)
    found = db.session.execute(stmt.order_by(ranked.c.kind, ranked.c.rank)).all()
    ids = lambda kind: {int(a) for k, a, _b, _n in found if k == kind and a not in (None, EACH_OWNER)}  # noqa: E731
    villages = dict(db.session.execute(select(Place.id, Place.name).where(Place.id.in_(ids("village")))).all()) \
        if ids("village") else {}
    owners = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids("owner")))).all()) \
        if ids("owner") else {}
    out: dict[str, list] = {"village": [], "duty": [], "owner": [], "group": [], "total": 0}
    for kind, a, b, k in found:
        if kind == "total":
            out["total"] = int(k or 0)
        elif kind == "owner":
            out["owner"].append((a if a in (None, EACH_OWNER) else owners.get(int(a)), b, int(k)))
        elif kind == "village":
            out["village"].append((villages.get(int(a), "") if a is not None else "", int(k)))
        else:
            out[kind].append((a, int(k)))
    return out
