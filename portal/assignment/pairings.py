"""Every change to pairings: committing a run, ending, accepting, declining. Loads change only here.

Commits are safe under concurrency without database-specific locks: a volunteer's load rises only by a
conditional UPDATE (``load + n <= capacity``), a pairing ends only if it is still active, a run commits
only if it is still proposed, and a unique index allows one active helper per person, service and role.
When any of these finds the world changed, the whole commit is rolled back and the coordinator re-runs.
A refused change is rolled back here; a done one is committed by the caller.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, OperationalError

from ..core.audit import AuditEntry, actor_id, record, snapshot, write_change
from ..core.bulk import insert_rows
from ..core.time import local_today, utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import VolunteerService
from .models import MatchRun, Pairing
from .review import current_map, proposed_map, unit_keys

#: Ids per IN list and rows per multi-row INSERT: under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


class CommitRefused(Exception):
    """The run can no longer be committed as it stands; the message says why, for the coordinator."""


def _change_load(volunteer_id: int, service: str, delta: int) -> bool:
    stmt = update(VolunteerService).where(VolunteerService.volunteer_id == volunteer_id,
                                          VolunteerService.service == service)
    if delta > 0:
        stmt = stmt.where(VolunteerService.load + delta <= VolunteerService.capacity)
    result = db.session.execute(stmt.values(load=VolunteerService.load + delta))
    return result.rowcount == 1


def _release(pairing: Pairing) -> None:
    """Give back the volunteer's place once no active pairing of that unit with them is left."""
    still = db.session.execute(db.select(Pairing.id).where(
        Pairing.volunteer_id == pairing.volunteer_id, Pairing.service == pairing.service,
        Pairing.unit == pairing.unit, Pairing.status == "active")).first()
    if still is None:
        _change_load(pairing.volunteer_id, pairing.service, -1)


def _end(pairing_id: int, status: str, reason: str) -> bool:
    result = db.session.execute(update(Pairing).where(Pairing.id == pairing_id, Pairing.status == "active")
                                .values(status=status, ended_on=local_today(), end_reason=reason))
    return result.rowcount == 1


def _by_delta(new_places: dict[int, set[str]]) -> dict[int, list[int]]:
    """Volunteers grouped by how many places the run takes from them (1, 2, 3: a few statements in all)."""
    out: dict[int, list[int]] = {}
    for v, places in sorted(new_places.items()):
        out.setdefault(len(places), []).append(v)
    return out


def _raise_loads(volunteer_ids: list[int], service: str, delta: int) -> bool:
    """Every one of these volunteers' loads up by ``delta`` if each has the room, in one conditional UPDATE."""
    done = 0
    for start in range(0, len(volunteer_ids), CHUNK):
        chunk = volunteer_ids[start:start + CHUNK]
        done += db.session.execute(update(VolunteerService).where(
            VolunteerService.volunteer_id.in_(chunk), VolunteerService.service == service,
            VolunteerService.load + delta <= VolunteerService.capacity)
            .values(load=VolunteerService.load + delta)).rowcount
    return done == len(volunteer_ids)


def _end_all(actor, plan_end: list[Pairing], run_id: int) -> None:
    """End the run's replaced pairings in bulk, give back the places no active pairing holds any more, audit."""
    ids = [p.id for p in plan_end]
    ended = 0
    for start in range(0, len(ids), CHUNK):
        ended += db.session.execute(update(Pairing).where(Pairing.id.in_(ids[start:start + CHUNK]),
                                                          Pairing.status == "active")
                                    .values(status="ended", ended_on=local_today(), end_reason=f"run {run_id}")).rowcount
    if ended != len(ids):
        raise CommitRefused(_("A pairing changed since this run was made. Please run again."))
    if not plan_end:
        return
    service = plan_end[0].service
    touched = {(p.volunteer_id, p.unit) for p in plan_end}
    still = set(db.session.execute(db.select(Pairing.volunteer_id, Pairing.unit).where(
        Pairing.service == service, Pairing.status == "active",
        Pairing.volunteer_id.in_({v for v, _u in touched}))).all())
    freed: dict[int, int] = {}
    for v, unit in touched - still:
        freed[v] = freed.get(v, 0) + 1
    by_delta: dict[int, list[int]] = {}
    for v, n in freed.items():
        by_delta.setdefault(n, []).append(v)
    for n, volunteers in by_delta.items():
        db.session.execute(update(VolunteerService).where(VolunteerService.volunteer_id.in_(volunteers),
                                                          VolunteerService.service == service)
                           .values(load=VolunteerService.load - n))
    _audit_all(actor, "end", [(p.id, {"status": "active"}, {"status": "ended", "run": run_id}) for p in plan_end])


def _insert_all(actor, rows: list[dict]) -> list[int]:
    """Insert the new pairings and their audit entries in bulk (``core.bulk``); return the pairings' ids."""
    if not rows:
        return []
    today, now = local_today(), utcnow()
    defaults = {"status": "active", "response": "pending", "response_note": "", "started_on": today,
                "ended_on": None, "end_reason": "", "created_at": now, "updated_at": now}
    full = [{**defaults, **row} for row in rows]
    ids = insert_rows(Pairing, full)
    skip = {"created_at", "updated_at"}
    _audit_all(actor, "create", [(i, None, {"id": i, **{k: v.isoformat() if isinstance(v, date) else v
                                                         for k, v in row.items() if k not in skip}})
                                 for i, row in zip(ids, full)])
    return ids


def _audit_all(actor, action: str, entries: list[tuple[int, dict | None, dict | None]]) -> None:
    """The audit entries of a bulk change of pairings, as ``record`` writes them one by one."""
    user_id, now = actor_id(actor), utcnow()
    insert_rows(AuditEntry, [{"at": now, "user_id": user_id, "action": action, "entity": "pairing", "entity_id": i,
                              "before": before, "after": after} for i, before, after in entries], ids=False)


def commit_run(actor, run: MatchRun, expected: str = "proposed") -> dict[str, int]:
    """Write a proposed run's pairings in one transaction; raise :class:`CommitRefused` if anything moved.

    ``expected`` is the run's status now: "proposed", or "committing" when a worker writes a run handed over.
    """
    run_id, service, role = run.id, run.service, run.role
    proposed, current = proposed_map(run), current_map(run)
    units = unit_keys(run)
    # Plain rows (id, volunteer, unit, service), not ORM objects: a county run ends and holds thousands.
    active = {p.beneficiary_id: p for p in db.session.execute(db.select(
        Pairing.id, Pairing.beneficiary_id, Pairing.volunteer_id, Pairing.unit, Pairing.service).where(
        Pairing.service == service, Pairing.role == role, Pairing.status == "active",
        Pairing.beneficiary_id.in_(list(current) or [-1])))}
    plan_end = [active[p] for p, v in current.items() if proposed.get(p) != v and p in active]
    plan_new = [(p, v) for p, v in proposed.items() if current.get(p) != v]
    ending = {p.id for p in plan_end}
    held = {(p.volunteer_id, p.unit) for p in db.session.execute(db.select(
        Pairing.id, Pairing.volunteer_id, Pairing.unit).where(
        Pairing.service == service, Pairing.status == "active",
        Pairing.volunteer_id.in_({v for _p, v in plan_new} or {-1}))) if p.id not in ending}
    new_places: dict[int, set[str]] = {}
    for p, v in plan_new:
        if (v, units[p]) not in held:
            new_places.setdefault(v, set()).add(units[p])
    db.session.commit()  # end the reading transaction: the writes below start a fresh one
    try:
        flipped = db.session.execute(update(MatchRun).where(MatchRun.id == run_id, MatchRun.status == expected)
                                     .values(status="committed", committed_by_id=actor.id if actor else None,
                                             committed_at=utcnow()))
        if flipped.rowcount != 1:
            raise CommitRefused(_("This run has already been committed or replaced."))
        _end_all(actor, plan_end, run_id)
        for delta, volunteers in _by_delta(new_places).items():
            if not _raise_loads(volunteers, service, delta):
                raise CommitRefused(_("A volunteer in this run has no room left: another run was committed "
                                      "first. Please run again."))
        ids = _insert_all(actor, [{"service": service, "role": role, "beneficiary_id": p, "volunteer_id": v,
                                   "unit": units[p], "run_id": run_id} for p, v in plan_new])
        record(actor, "commit", "match_run", run_id, {"status": "proposed"},
               {"status": "committed", "new": len(plan_new), "ended": len(plan_end)})
        db.session.flush()
    except CommitRefused:
        db.session.rollback()
        raise
    except IntegrityError:
        db.session.rollback()
        raise CommitRefused(_("Someone in this run was paired by another run meanwhile. Please run again."))
    except OperationalError:  # SQLite: another commit holds the database
        db.session.rollback()
        raise CommitRefused(_("Another commit is being written. Please try again in a moment."))
    if plan_end:  # told in the same transaction, before the new pairings
        current_plugins().hook.guanai_on_pairings_replaced(pairing_ids=[p.id for p in plan_end], run_id=run_id,
                                                           actor=actor)
    if ids:  # told in the same transaction: the caller's commit stores pairings and notices together
        current_plugins().hook.guanai_on_pairing_created(pairing_ids=ids, actor=actor)
    return {"new": len(plan_new), "ended": len(plan_end), "kept": len(proposed) - len(plan_new)}


def respond(actor, pairing: Pairing, accept: bool, note: str = "") -> None:
    """A volunteer accepts a pairing, or declines it (the person goes back to the next run); not committed."""
    before = snapshot(pairing)
    if accept:
        pairing.response, pairing.response_note = "accepted", note
    else:
        if not _end(pairing.id, "declined", note):
            raise CommitRefused(_("This pairing is no longer active."))
        db.session.refresh(pairing)
        _release(pairing)
        pairing.response, pairing.response_note = "declined", note
    write_change(actor, "update", "pairing", pairing, before)
    if not accept:
        current_plugins().hook.guanai_on_pairing_declined(pairing=pairing, actor=actor)
