"""Opening a cycle for an area, working through its checklist, and its progress and figures, counted in SQL."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, insert, literal, select

from ..core.audit import record
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..ledger.records import leave_record
from ..places.models import Place, subtree_ids
from .models import Cycle, CycleItem, SpotCheck
from .periods import Period

OUTCOMES = ("confirmed", "updated", "left")


class CycleRefused(Exception):
    """A cycle cannot be opened or an item marked as asked; the message is for the user."""


def open_cycle(actor, period: Period, place: Place) -> Cycle:
    """Open ``period`` for ``place``: a checklist item for every active person in it. Not committed."""
    exists = db.session.execute(select(Cycle.id).where(Cycle.kind == period.kind, Cycle.period == period.period,
                                                       Cycle.place_id == place.id)).scalar_one_or_none()
    if exists is not None:
        raise CycleRefused("already open")
    cycle = Cycle(kind=period.kind, period=period.period, place_id=place.id, opens_on=period.opens_on,
                  due_on=period.due_on, opened_by_id=getattr(actor, "id", None))
    db.session.add(cycle)
    db.session.flush()
    people = select(literal(cycle.id), Beneficiary.id, Beneficiary.place_id, literal("pending")).where(
        Beneficiary.status == "active", Beneficiary.place_id.in_(subtree_ids(place)))
    db.session.execute(insert(CycleItem).from_select(["cycle_id", "beneficiary_id", "place_id", "outcome"], people))
    record(actor, "open", "reverify_cycle", cycle.id, None, {"kind": cycle.kind, "period": cycle.period,
                                                             "place_id": place.id})
    return cycle


def mark_item(actor, item: CycleItem, outcome: str, reason: str | None = None, day: date | None = None) -> None:
    """Mark one person checked: unchanged, updated, or left (taking them off the ledger). Not committed."""
    if outcome not in OUTCOMES:
        raise CycleRefused("unknown outcome")
    day = day or local_today()
    if outcome == "left":
        if not reason:
            raise CycleRefused("reason")
        if item.beneficiary.status == "active":
            leave_record(actor, item.beneficiary, reason, day)
    item.outcome, item.reason = outcome, reason if outcome == "left" else None
    item.checked_by_id, item.checked_on = getattr(actor, "id", None), day
    db.session.flush()


def progress(cycle: Cycle) -> list[dict]:
    """Per village (a grid counts in its village): name, township, total, checked and each outcome, in code order."""
    counts = db.session.execute(select(CycleItem.place_id, CycleItem.outcome, func.count())
                                .where(CycleItem.cycle_id == cycle.id)
                                .group_by(CycleItem.place_id, CycleItem.outcome)).all()
    places = {p.id: p for p in db.session.execute(select(Place).where(
        Place.id.in_({pid for pid, _, _ in counts}))).scalars()}
    rows: dict[int, dict] = {}
    for place_id, outcome, n in counts:
        village = places[place_id]
        if village.level == "grid" and village.parent is not None:
            village = village.parent
        row = rows.setdefault(village.id, {"place": village, "township": _township(village), "total": 0,
                                           "checked": 0, **{o: 0 for o in ("pending", *OUTCOMES)}})
        row["total"] += n
        row[outcome] += n
        if outcome != "pending":
            row["checked"] += n
    return sorted(rows.values(), key=lambda r: r["place"].code)


def _township(place: Place) -> Place | None:
    node = place
    while node is not None and node.level != "township":
        node = node.parent
    return node


def totals(rows: list[dict]) -> dict:
    """The area's progress: the sums of the villages' rows."""
    keys = ("total", "checked", "pending", *OUTCOMES)
    return {k: sum(r[k] for r in rows) for k in keys}


def by_township(rows: list[dict]) -> list[tuple[Place | None, dict]]:
    grouped = defaultdict(list)
    for r in rows:
        grouped[r["township"]].append(r)
    return [(t, totals(rs)) for t, rs in sorted(grouped.items(), key=lambda kv: kv[0].code if kv[0] else "")]


def figures(cycle: Cycle, today: date | None = None) -> dict[str, int]:
    """The cycle's figures for the reports: checked, changed, left, late, spot-checked and flagged."""
    today = today or local_today()
    late = (CycleItem.checked_on > cycle.due_on) | (CycleItem.checked_on.is_(None) & literal(today > cycle.due_on))
    row = db.session.execute(select(
        func.count(),
        func.coalesce(func.sum(case((CycleItem.outcome != "pending", 1), else_=0)), 0),
        func.coalesce(func.sum(case((CycleItem.outcome == "updated", 1), else_=0)), 0),
        func.coalesce(func.sum(case((CycleItem.outcome == "left", 1), else_=0)), 0),
        func.coalesce(func.sum(case((late, 1), else_=0)), 0),
    ).where(CycleItem.cycle_id == cycle.id)).one()
    spot = db.session.execute(select(
        func.coalesce(func.sum(case((SpotCheck.result != "pending", 1), else_=0)), 0),
        func.coalesce(func.sum(case((SpotCheck.result == "flagged", 1), else_=0)), 0),
    ).where(SpotCheck.cycle_id == cycle.id)).one()
    return {"people": row[0], "checked": row[1], "changed": row[2], "left": row[3], "late": row[4],
            "spot_checked": spot[0], "flagged": spot[1]}


def is_overdue(cycle: Cycle, today: date | None = None) -> bool:
    return (today or local_today()) > cycle.due_on and pending_count(cycle) > 0


def pending_count(cycle: Cycle) -> int:
    return db.session.execute(select(func.count()).where(CycleItem.cycle_id == cycle.id,
                                                         CycleItem.outcome == "pending")).scalar_one()
