"""Forming groups with the engine: the instance from the ledger, a run's proposal, review (move, lock, run
again) and commit. Services take the actor and plain data; the caller commits.

Seed 001 (篇十五): "本着就近就亲的原则，以组为单位组建'老老互助组织'，一般采取'十人一联'" — people of one village,
near their leader; the engine (``matching.form_groups``) keeps them in the village, within a walking distance,
and from ``min_size`` to ``max_size`` a group.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from matching import InstanceError, form_groups, load_grouping
from matching._model import haversine_km

from ..assignment.instance import place_points
from ..core.audit import record, write_change
from ..core.time import local_today, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..places.models import Place
from ..volunteers.models import Volunteer
from .models import AidGroup, AidGroupMember, FormingRun

DEFAULTS = {"size": 10, "min_size": 3, "max_size": 12, "max_km": 1.5, "same_grid": False}
#: A person the ledger gives no coordinates (no household point, no place point) cannot be measured.
NO_LOCATION = "no_location"


class FormingRefused(ValueError):
    """The forming cannot go on; the message says why, for the coordinator."""


@dataclass
class Built:
    """The engine's instance and what its ids stand for."""

    doc: dict[str, Any]
    names: dict[str, str]
    unplaced: list[int]


def params_of(size=None, min_size=None, max_size=None, max_km=None, same_grid=None) -> dict[str, Any]:
    """The rules asked for, with the defaults; a size alone moves the minimum and maximum with it."""
    p = dict(DEFAULTS)
    if size is not None:
        p["size"] = int(size)
        p["min_size"] = min(p["min_size"], p["size"])
        p["max_size"] = max(p["size"] + 2, p["size"])
    for key, value in (("min_size", min_size), ("max_size", max_size), ("max_km", max_km), ("same_grid", same_grid)):
        if value is not None:
            p[key] = value
    return p


def _villages(place: Place) -> dict[int, tuple[int, int | None]]:
    """Place id -> (its village, its grid or None) for the subtree of ``place`` and the place's ancestors."""
    rows = db.session.execute(select(Place.id, Place.parent_id, Place.level).where(
        Place.path.startswith(place.path))).all()
    by_id = {r.id: r for r in rows}
    out = {}
    for r in rows:
        node, grid = r, None
        while node is not None and node.level not in ("village",):
            if node.level == "grid":
                grid = node.id
            node = by_id.get(node.parent_id)
        if node is not None:
            out[r.id] = (node.id, grid)
    if place.level in ("grid",) and place.parent_id:
        out[place.id] = (place.parent_id, place.id)
    return out


def build_instance(group: str, place: Place, params: dict[str, Any], *, leaders=None, locked=()) -> Built:
    """The `guanai-grouping/1` document of ``group``'s active people in ``place`` and the volunteers there.

    People are ``p<id>`` at their household's point (else their place's); candidates are the area's active
    volunteers, ``v<id>`` at their own point (else their place's); today's groups are the current leaders.
    """
    villages = _villages(place)
    if place.level == "grid":
        scope = [place.id]
    else:
        scope = list(villages)
    points = place_points(place)
    people = db.session.execute(
        select(Beneficiary.id, Beneficiary.name, Beneficiary.place_id, Household.lat, Household.lon)
        .outerjoin(Household, Beneficiary.household_id == Household.id)
        .where(Beneficiary.group == group, Beneficiary.status == "active", Beneficiary.place_id.in_(scope))
        .order_by(Beneficiary.id)).all()
    current = dict(db.session.execute(
        select(AidGroupMember.beneficiary_id, AidGroup.leader_id).join(AidGroup)
        .where(AidGroup.group == group, AidGroup.status == "active", AidGroupMember.left_on.is_(None),
               AidGroupMember.beneficiary_id.in_([p.id for p in people]))).all()) if people else {}
    helpers = db.session.execute(
        select(Volunteer.id, Volunteer.name, Volunteer.place_id, Volunteer.lat, Volunteer.lon)
        .where(Volunteer.status == "active", Volunteer.place_id.in_(scope)).order_by(Volunteer.id)).all()
    names, out_people, unplaced, cands = {}, [], [], []
    for p in people:
        point = (p.lat, p.lon) if p.lat is not None and p.lon is not None else points.get(p.place_id)
        if point is None or p.place_id not in villages:
            unplaced.append(p.id)
            continue
        village, grid = villages[p.place_id]
        item = {"id": f"p{p.id}", "lat": point[0], "lon": point[1], "village": str(village), "grid": str(grid)}
        if p.id in current:
            item["current_leader"] = f"v{current[p.id]}"
        out_people.append(item)
        names[f"p{p.id}"] = p.name
    for v in helpers:
        point = (v.lat, v.lon) if v.lat is not None and v.lon is not None else points.get(v.place_id)
        if point is None or v.place_id not in villages:
            continue
        village, grid = villages[v.place_id]
        cands.append({"id": f"v{v.id}", "lat": point[0], "lon": point[1], "village": str(village), "grid": str(grid)})
        names[f"v{v.id}"] = v.name
    known = {c["id"] for c in cands}
    for person in out_people:
        if person.get("current_leader") not in known:
            person.pop("current_leader", None)  # a leader who left, or who lives elsewhere now
    doc = {"format": "guanai-grouping/1", "rules": dict(params), "people": out_people, "candidates": cands}
    if leaders:
        doc["leaders"] = [f"v{x}" for x in leaders]
    if locked:
        doc["locked"] = [[f"p{p}", f"v{v}"] for p, v in locked]
    return Built(doc, names, unplaced)


def solve(built: Built):
    """The engine's result for the instance; an engine refusal becomes a :class:`FormingRefused`."""
    try:
        return form_groups(load_grouping(built.doc))
    except InstanceError as exc:
        raise FormingRefused("; ".join(exc.problems)) from None


def proposal_of(built: Built, result, locked_leaders=frozenset(), moved=frozenset()) -> dict[str, Any]:
    """The run's proposal: each group with its leader's and members' points and distances, and who is left out."""
    point = {x["id"]: (x["lat"], x["lon"], int(x["village"])) for x in built.doc["people"] + built.doc["candidates"]}
    groups = []
    for g in result.groups:
        lat, lon, village = point[g.leader]
        leader = int(g.leader[1:])
        groups.append({"leader": leader, "name": built.names[g.leader], "village": village, "lat": lat, "lon": lon,
                       "locked": leader in locked_leaders,
                       "members": [{"id": int(m.person[1:]), "name": built.names[m.person],
                                    "lat": point[m.person][0], "lon": point[m.person][1],
                                    "km": round(m.distance_km, 3), "kept": bool(m.explain.get("kept")),
                                    "moved": int(m.person[1:]) in moved} for m in g.members]})
    left = [{"id": int(x.person[1:]), "name": built.names[x.person], "lat": point[x.person][0],
             "lon": point[x.person][1], "village": point[x.person][2], "reason": x.reason, "detail": x.detail,
             "counts": x.counts} for x in result.left_out]
    for pid in built.unplaced:
        left.append({"id": pid, "name": db.session.get(Beneficiary, pid).name, "lat": None, "lon": None,
                     "village": None, "reason": NO_LOCATION, "detail": "no coordinates for the home or the place",
                     "counts": {}})
    return {"groups": groups, "left_out": left, "objective": round(result.objective, 6)}


def start_run(actor, group: str, place: Place, params: dict[str, Any], leaders=None) -> FormingRun:
    """Form groups for ``place`` (a village or a township) by the engine: a draft run to review."""
    built = build_instance(group, place, params, leaders=leaders)
    if not built.doc["people"] and not built.unplaced:
        raise FormingRefused(_("Nobody of this group lives in this place."))
    result = solve(built)
    run = FormingRun(group=group, place_id=place.id, params=params, proposal=proposal_of(built, result),
                     stats={k: result.stats[k] for k in ("leaders", "groups", "members", "left_out", "proof", "seconds")},
                     created_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "aid_group_run", run, leave_out=("proposal", "stats"))  # derived: kept on the run
    return run


def _draft(run: FormingRun) -> None:
    if run.status != "draft":
        raise FormingRefused(_("This run is no longer a draft."))


def rerun(actor, run: FormingRun) -> FormingRun:
    """Run the engine again with the proposal's leaders, locked groups and members moved by hand kept."""
    _draft(run)
    groups = run.proposal["groups"]
    locked_leaders = {g["leader"] for g in groups if g["locked"]}
    locked = [(m["id"], g["leader"]) for g in groups for m in g["members"] if g["locked"] or m.get("moved")]
    built = build_instance(run.group, run.place, run.params, leaders=[g["leader"] for g in groups], locked=locked)
    result = solve(built)
    run.proposal = proposal_of(built, result, locked_leaders, {p for p, _ in locked if not _in_locked(p, groups)})
    run.stats = {**run.stats, "reruns": run.stats.get("reruns", 0) + 1, "objective": result.objective}
    record(actor, "rerun", "aid_group_run", run.id, None, {"groups": len(groups), "locked": len(locked)})
    return run


def _in_locked(person: int, groups) -> bool:
    return any(g["locked"] and any(m["id"] == person for m in g["members"]) for g in groups)


def lock_group(actor, run: FormingRun, leader: int, locked: bool = True) -> None:
    """Keep (or free) a group as it is in the next run."""
    _draft(run)
    proposal = _copy(run.proposal)
    group = _group_of_leader(proposal, leader)
    group["locked"] = locked
    run.proposal = proposal
    record(actor, "lock_group" if locked else "unlock_group", "aid_group_run", run.id, None, {"leader": leader})


def move_member(actor, run: FormingRun, person: int, leader: int | None) -> None:
    """Move a person to another leader's group (or out of every group), under the same hard rules.

    Raises FormingRefused if the group is in another village, farther than the walking distance, full, or
    locked, or if the person is not in the run.
    """
    _draft(run)
    proposal = _copy(run.proposal)
    found, source = _find(proposal, person)
    if found is None:
        raise FormingRefused(_("This person is not in the run."))
    if source is not None and source["locked"]:
        raise FormingRefused(_("The person's group is locked."))
    if leader is not None:
        target = _group_of_leader(proposal, leader)
        if target["locked"]:
            raise FormingRefused(_("That group is locked."))
        village = source["village"] if source is not None else found.get("village")
        if target["village"] != village:
            raise FormingRefused(_("That group is in another village."))
        km = float(haversine_km(found["lat"], found["lon"], target["lat"], target["lon"]))
        if km > run.params["max_km"]:
            raise FormingRefused(_("That leader lives %(km).2f km away, farther than %(max)s km.", km=km,
                                   max=f"{run.params['max_km']:g}"))
        if len(target["members"]) >= run.params["max_size"]:
            raise FormingRefused(_("That group is full."))
    if source is not None:
        source["members"] = [m for m in source["members"] if m["id"] != person]
    else:
        proposal["left_out"] = [x for x in proposal["left_out"] if x["id"] != person]
    if leader is None:
        proposal["left_out"].append({"id": person, "name": found["name"], "lat": found["lat"], "lon": found["lon"],
                                     "village": source["village"], "reason": "moved_out", "detail": "taken out by hand",
                                     "counts": {}})
    else:
        target["members"].append({"id": person, "name": found["name"], "lat": found["lat"], "lon": found["lon"],
                                  "km": round(km, 3), "kept": False, "moved": True})
        target["members"].sort(key=lambda m: m["km"])
    run.proposal = proposal
    record(actor, "move", "aid_group_run", run.id, None, {"person": person, "leader": leader})


def _copy(proposal: dict) -> dict:
    import copy
    return copy.deepcopy(proposal)  # a new value, so that the JSON column sees the change


def _group_of_leader(proposal: dict, leader: int) -> dict:
    for g in proposal["groups"]:
        if g["leader"] == leader:
            return g
    raise FormingRefused(_("No group of this leader in the run."))


def _find(proposal: dict, person: int):
    for g in proposal["groups"]:
        for m in g["members"]:
            if m["id"] == person:
                return m, g
    for x in proposal["left_out"]:
        if x["id"] == person:
            return x, None
    return None, None


def commit_run(actor, run: FormingRun, rhythm: str = "monthly") -> dict[str, int]:
    """Make the proposal today's groups in the run's villages: a leader's group is kept (members changed where
    the proposal changes them), groups not proposed are dissolved, memberships end and start today."""
    _draft(run)
    today, now = local_today(), utcnow()
    villages = {g["village"] for g in run.proposal["groups"]} | {x["village"] for x in run.proposal["left_out"]
                                                                 if x["village"] is not None}
    existing = {(g.place_id, g.leader_id): g for g in db.session.execute(
        select(AidGroup).where(AidGroup.group == run.group, AidGroup.status == "active",
                               AidGroup.place_id.in_(villages))).scalars()} if villages else {}
    proposed_people = [m["id"] for g in run.proposal["groups"] for m in g["members"]]
    current = {m.beneficiary_id: m for m in db.session.execute(
        select(AidGroupMember).join(AidGroup).where(AidGroup.group == run.group, AidGroup.status == "active",
                                                    AidGroupMember.left_on.is_(None))).scalars()}
    counts = {"created": 0, "kept": 0, "dissolved": 0, "joined": 0, "left": 0}
    kept_ids = set()
    for g in run.proposal["groups"]:
        group = existing.get((g["village"], g["leader"]))
        if group is None:
            group = AidGroup(group=run.group, place_id=g["village"], leader_id=g["leader"], rhythm=rhythm,
                             run_id=run.id, locked=g["locked"])
            write_change(actor, "create", "aid_group", group)
            counts["created"] += 1
        else:
            group.locked, group.run_id = g["locked"], run.id
            # A leader who stepped down and came back, chosen again by this run, leads the group again.
            group.leader_ended_on, group.leader_end_reason = None, ""
            counts["kept"] += 1
        kept_ids.add(group.id)
        for m in g["members"]:
            now_in = current.get(m["id"])
            if now_in is not None and now_in.aid_group_id == group.id:
                now_in.distance_km = m["km"]
                continue
            if now_in is not None:
                now_in.left_on = today
                counts["left"] += 1
            db.session.add(AidGroupMember(aid_group_id=group.id, beneficiary_id=m["id"], distance_km=m["km"],
                                          since=today))
            counts["joined"] += 1
    for x in run.proposal["left_out"]:
        now_in = current.get(x["id"])
        if now_in is not None and x["village"] in villages:
            now_in.left_on = today
            counts["left"] += 1
    for key, group in existing.items():
        if group.id not in kept_ids:
            group.status, group.dissolved_at = "dissolved", now
            for m in group.members:
                if m.beneficiary_id not in proposed_people:
                    m.left_on = today
            counts["dissolved"] += 1
    run.status, run.committed_at, run.committed_by_id = "committed", now, getattr(actor, "id", None)
    record(actor, "commit", "aid_group_run", run.id, None, counts)
    db.session.flush()
    return counts


def discard_run(actor, run: FormingRun) -> None:
    _draft(run)
    run.status = "discarded"
    record(actor, "discard", "aid_group_run", run.id, None, None)


def run_json(run: FormingRun) -> dict[str, Any]:
    """The run as the command line writes it: each group, leader and members with ids, coordinates, distances."""
    return {"run": run.id, "group": run.group, "place": run.place.code, "params": run.params, "status": run.status,
            "groups": [{"leader": {"id": g["leader"], "name": g["name"], "lat": g["lat"], "lon": g["lon"]},
                        "village": g["village"], "locked": g["locked"],
                        "members": [{"id": m["id"], "name": m["name"], "lat": m["lat"], "lon": m["lon"],
                                     "distance_km": m["km"]} for m in g["members"]]}
                       for g in run.proposal["groups"]],
            "left_out": [{"id": x["id"], "name": x["name"], "lat": x["lat"], "lon": x["lon"], "reason": x["reason"],
                          "detail": x["detail"]} for x in run.proposal["left_out"]],
            "objective": run.proposal.get("objective"), "proof": run.stats.get("proof")}
