"""Reading a run's proposal for review: rows joined back to people and volunteers, coverage and changes."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from matching import Result

from ..extensions import db
from ..ledger.models import Beneficiary
from ..volunteers.models import Volunteer
from .ids import row_id
from .models import MatchRun


@dataclass
class Review:
    """A proposal in the portal's terms: rows joined back to people and volunteers, with totals and changes."""

    assignments: list[dict] = field(default_factory=list)
    unassigned: list[dict] = field(default_factory=list)
    coverage_by_place: list[tuple[str, int, int]] = field(default_factory=list)
    coverage_by_category: list[tuple[str | None, int, int]] = field(default_factory=list)
    loads: list[tuple[Volunteer, int, int]] = field(default_factory=list)
    new: int = 0
    kept: int = 0
    ended: list[dict] = field(default_factory=list)


def stored_result(run: MatchRun) -> Result | None:
    """The run's proposal read back through the engine's own types, or None before it is solved."""
    return Result.from_dict(run.result) if run.result else None


def proposed_map(run: MatchRun) -> dict[int, int]:
    """Person id -> volunteer id in the proposal."""
    result = stored_result(run)
    return {row_id(a.beneficiary): row_id(a.volunteer) for a in result.assignments} if result else {}


def unit_keys(run: MatchRun) -> dict[int, str]:
    """Person id -> the unit that takes a volunteer's place: the household when the run keeps them together."""
    together = run.instance.get("rules", {}).get("household_together", True)
    return {row_id(b["id"]): b["household"] if together and b.get("household") else b["id"]
            for b in run.instance["beneficiaries"]}


def current_map(run: MatchRun) -> dict[int, int]:
    """Person id -> volunteer id of the pairings in force when the run was built."""
    return {row_id(b["id"]): row_id(b["current_volunteer"]) for b in run.instance["beneficiaries"]
            if b.get("current_volunteer")}


def review(run: MatchRun) -> Review:
    """Everything the review page shows, read with one query per table."""
    out = Review()
    result = stored_result(run)
    people_ids = [row_id(b["id"]) for b in run.instance["beneficiaries"]]
    people = {p.id: p for p in db.session.execute(
        db.select(Beneficiary).options(selectinload(Beneficiary.place)).where(Beneficiary.id.in_(people_ids))
    ).scalars()} if people_ids else {}
    vol_ids = [row_id(v["id"]) for v in run.instance["volunteers"]]
    vols = {v.id: v for v in db.session.execute(
        db.select(Volunteer).where(Volunteer.id.in_(vol_ids))).scalars()} if vol_ids else {}
    for a in result.assignments if result else ():
        out.assignments.append({"person": people[row_id(a.beneficiary)], "volunteer": vols[row_id(a.volunteer)],
                                "distance_km": a.distance_km, **a.explain})
    for u in result.unassigned if result else ():
        out.unassigned.append({"person": people[row_id(u.beneficiary)], "reason": u.reason, "counts": u.counts,
                               "detail": u.detail})
    proposed, current = proposed_map(run), current_map(run)
    by_place, by_category = {}, {}
    for pid, person in people.items():
        for table, key in ((by_place, person.place.name), (by_category, person.category)):
            done, total = table.get(key, (0, 0))
            table[key] = (done + (pid in proposed), total + 1)
    out.coverage_by_place = sorted((k, d, t) for k, (d, t) in by_place.items())
    out.coverage_by_category = sorted(((k, d, t) for k, (d, t) in by_category.items()), key=lambda r: r[0] or "")
    capacity = {row_id(v["id"]): v["capacity"] for v in run.instance["volunteers"]}
    load: dict[int, int] = {}
    for vid in proposed.values():
        load[vid] = load.get(vid, 0) + 1
    out.loads = sorted(((vols[v], n, capacity[v]) for v, n in load.items()), key=lambda r: (-r[1], r[0].name))
    out.kept = sum(1 for p, v in proposed.items() if current.get(p) == v)
    out.new = len(proposed) - out.kept
    out.ended = [{"person": people[p], "volunteer": vols[v]} for p, v in current.items() if proposed.get(p) != v]
    return out
