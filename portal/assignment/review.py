"""Reading a run's proposal for review: a summary first, then the rows of one village at a time.

A county run proposes some 20,000 pairings: the summary (counts, coverage, unassigned by reason, the
village list) is computed from the stored documents as plain ids, with no ORM object per person, and the
rows are read and shown one village at a time, from the result alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from matching import Result

from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..volunteers.models import Volunteer
from .ids import row_id
from .models import MatchRun, Pairing

#: The busiest volunteers the summary names.
BUSIEST = 15


def stored_result(run: MatchRun) -> Result | None:
    """The run's proposal read back through the engine's own types, or None before it is solved."""
    return Result.from_dict(run.result) if run.result else None


def proposed_map(run: MatchRun) -> dict[int, int]:
    """Person id -> volunteer id in the proposal (read from the stored document, not copied into objects)."""
    result = run.result
    return {row_id(a["beneficiary"]): row_id(a["volunteer"]) for a in result["assignments"]} if result else {}


def unit_keys(run: MatchRun) -> dict[int, str]:
    """Person id -> the unit that takes a volunteer's place: the household when the run keeps them together."""
    together = run.instance.get("rules", {}).get("household_together", True)
    return {row_id(b["id"]): b["household"] if together and b.get("household") else b["id"]
            for b in run.instance["beneficiaries"]}


def current_map(run: MatchRun) -> dict[int, int]:
    """Person id -> volunteer id of the pairings in force when the run was built."""
    return {row_id(b["id"]): row_id(b["current_volunteer"]) for b in run.instance["beneficiaries"]
            if b.get("current_volunteer")}


@dataclass
class PlaceCount:
    """One village of the run: how many of its people the proposal pairs, anew, and which pairings it ends."""

    id: int
    name: str
    township: str = ""
    people: int = 0
    paired: int = 0
    new: int = 0
    ended: int = 0


@dataclass
class Summary:
    """What the review page shows first: the run's totals, then the village list."""

    people: int = 0
    paired: int = 0
    new: int = 0
    kept: int = 0
    ended: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str | None, int, int]] = field(default_factory=list)
    places: list[PlaceCount] = field(default_factory=list)
    loads: list[tuple[str, int, int, int]] = field(default_factory=list)
    loaded_volunteers: int = 0

    @property
    def unassigned(self) -> int:
        return self.people - self.paired


def _group(run: MatchRun) -> str:
    return run.service.split(".", 1)[0]


@dataclass
class Facts:
    """What the summary needs of a run's document, as plain ids: kept while the engine works instead of it."""

    people: set[int]
    current: dict[int, int]
    capacity: dict[int, int]
    units: dict[int, str] = field(default_factory=dict)  # person -> their household (or themselves)


def facts_of(document: dict) -> Facts:
    return Facts(people={row_id(b["id"]) for b in document["beneficiaries"]},
                 units={row_id(b["id"]): b.get("household") or b["id"] for b in document["beneficiaries"]},
                 current={row_id(b["id"]): row_id(b["current_volunteer"]) for b in document["beneficiaries"]
                          if b.get("current_volunteer")},
                 capacity={row_id(v["id"]): v["capacity"] for v in document["volunteers"]})


def summarize(run: MatchRun, facts: Facts, result: dict) -> dict:
    """The review's summary as plain JSON (stored on the run by the worker that solved it): totals, unassigned
    by reason, coverage by category, the village list with counts, the busiest volunteers. Two narrow queries.

    Also the result cut by village (``"by_place"``, popped and stored apart), so that a village's page
    reads its own rows, not the whole result."""
    proposed = {row_id(a["beneficiary"]): row_id(a["volunteer"]) for a in result["assignments"]}
    current = facts.current
    kept = sum(1 for p, v in proposed.items() if current.get(p) == v)
    places = {r.id: r for r in db.session.execute(select(Place.id, Place.parent_id, Place.name, Place.path)
                                                   .where(Place.id.in_(subtree_ids(run.place)))).all()}
    counts: dict[int, list] = {}
    categories: dict[str | None, list[int]] = {}
    place_of: dict[int, int] = {}
    for pid, place_id, category in db.session.execute(select(
            Beneficiary.id, Beneficiary.place_id, Beneficiary.category).where(
            Beneficiary.group == _group(run), Beneficiary.place_id.in_(subtree_ids(run.place)))):
        if pid not in facts.people:
            continue
        place_of[pid] = place_id
        row = counts.get(place_id)
        if row is None:
            parent = places.get(places[place_id].parent_id)
            row = counts[place_id] = [place_id, places[place_id].name, parent.name if parent else "", 0, 0, 0, 0]
        paired, was = proposed.get(pid), current.get(pid)
        row[3] += 1
        row[4] += paired is not None
        row[5] += paired is not None and paired != was
        row[6] += was is not None and paired != was
        done_total = categories.setdefault(category, [0, 0])
        done_total[0] += paired is not None
        done_total[1] += 1
    load = Counter(proposed.values())
    households: dict[int, set] = {}
    for p, v in proposed.items():
        households.setdefault(v, set()).add(facts.units.get(p, p))
    return {"people": len(facts.people), "paired": len(proposed), "new": len(proposed) - kept, "kept": kept,
            "ended": sum(1 for p, v in current.items() if proposed.get(p) != v),
            "reasons": Counter(u["reason"] for u in result["unassigned"]).most_common(),
            "by_category": sorted(([k, d, t] for k, (d, t) in categories.items()), key=lambda r: r[0] or ""),
            "places": sorted(counts.values(), key=lambda r: places[r[0]].path),
            "loads": [[v, n, facts.capacity.get(v, 0), len(households[v])] for v, n in load.most_common(BUSIEST)],
            "loaded_volunteers": len(load), "by_place": _by_place(result, place_of)}


def _by_place(result: dict, place_of: dict[int, int]) -> dict[str, dict]:
    """The result's rows cut by the person's village: {"<place id>": {"assignments": [...], "unassigned": [...]}}."""
    out: dict[str, dict] = {}
    for key in ("assignments", "unassigned"):
        for row in result[key]:
            place_id = place_of.get(row_id(row["beneficiary"]))
            if place_id is not None:
                out.setdefault(str(place_id), {"assignments": [], "unassigned": []})[key].append(row)
    return out


def summary(run: MatchRun) -> Summary:
    """The review page's summary: the one the worker stored, else (a run solved before it kept one) computed
    from the run's documents; and the busiest volunteers' names."""
    doc = run.review
    if doc is None:
        doc = summarize(run, facts_of(run.instance), run.result)
        doc.pop("by_place")
        db.session.expire(run, ["instance", "result"])  # several MB each: not kept for the rest of the request
    top = doc["loads"]
    names = dict(db.session.execute(select(Volunteer.id, Volunteer.name)
                                    .where(Volunteer.id.in_([row[0] for row in top]))).all()) if top else {}
    return Summary(people=doc["people"], paired=doc["paired"], new=doc["new"], kept=doc["kept"], ended=doc["ended"],
                   reasons=[tuple(r) for r in doc["reasons"]], by_category=[tuple(r) for r in doc["by_category"]],
                   places=[PlaceCount(*r) for r in doc["places"]],
                   # (name, people, places offered, households or people taking them): read in words (issue 27);
                   # a review stored before households were counted reads each person as their own.
                   loads=sorted(((names.get(row[0], ""), row[1], row[2], row[3] if len(row) > 3 else row[1])
                                 for row in top), key=lambda r: (-r[1], r[0])),
                   loaded_volunteers=doc["loaded_volunteers"])


@dataclass
class PlaceRows:
    """The proposal's rows for the people of one village: each paired with a volunteer or not, and why."""

    rows: list[dict] = field(default_factory=list)
    ended: list[dict] = field(default_factory=list)


def place_rows(run: MatchRun, place_id: int) -> PlaceRows:
    """One village's rows, by name: its part of the result, then its people's and volunteers' names only."""
    out = PlaceRows()
    people = dict(db.session.execute(select(Beneficiary.id, Beneficiary.name).where(
        Beneficiary.group == _group(run), Beneficiary.place_id == place_id)).all())
    # The worker's cut of the result for this village (the database extracts it); else the whole result.
    result = db.session.execute(select(MatchRun.rows_by_place[str(place_id)]).where(MatchRun.id == run.id)).scalar()
    if result is None:
        result = run.result if run.review is None and run.result else {"assignments": [], "unassigned": []}
    paired = {}
    for a in result["assignments"]:
        pid = row_id(a["beneficiary"])
        if pid in people:
            paired[pid] = {"volunteer_id": row_id(a["volunteer"]), "distance_km": a["distance_km"], **a["explain"]}
    unpaired = {row_id(u["beneficiary"]): u for u in result["unassigned"] if row_id(u["beneficiary"]) in people}
    db.session.expire(run, ["result"])
    in_force = dict(db.session.execute(select(Pairing.beneficiary_id, Pairing.volunteer_id).where(
        Pairing.service == run.service, Pairing.role == run.role, Pairing.status == "active",
        Pairing.beneficiary_id.in_(list(paired) + list(unpaired) or [-1]))).all())
    wanted = {a["volunteer_id"] for a in paired.values()} | set(in_force.values())
    names = dict(db.session.execute(select(Volunteer.id, Volunteer.name)
                                    .where(Volunteer.id.in_(wanted or [-1]))).all())
    for pid in sorted(set(paired) | set(unpaired), key=lambda i: (people[i], i)):
        person = {"id": pid, "name": people[pid]}
        if pid in paired:
            a = paired[pid]
            out.rows.append({"person": person, "volunteer": {"id": a["volunteer_id"], "name": names.get(a["volunteer_id"], "")},
                             **a})
        else:
            u = unpaired[pid]
            out.rows.append({"person": person, "volunteer": None, "reason": u["reason"], "counts": u["counts"]})
        was = in_force.get(pid)
        if was is not None and (pid not in paired or paired[pid]["volunteer_id"] != was):
            out.ended.append({"person": person, "volunteer": {"id": was, "name": names.get(was, "")}})
    return out
